/* vms-memory-series.c — change points plus a min/max summary tree, and the
 * per-pixel query that draws them.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "vms-memory-private.h"

/* Each summary entry covers FANOUT entries of the level below (points for level 0). */
#define FANOUT 16
#define MAX_LEVELS 16

typedef struct {
  gint64 min;
  gint64 max;
} Range;

struct _VmsMemorySeries {
  GArray *points; /* VmsMemoryPoint, strictly increasing ts */
  GArray *levels[MAX_LEVELS];
  guint n_levels;
  gint64 begin;
  gint64 end;
  gint64 current;
  gint64 peak;
  gint64 lowest;
};

VmsMemorySeries *
vms_memory_series_new (gint64 begin)
{
  VmsMemorySeries *series = g_new0 (VmsMemorySeries, 1);
  VmsMemoryPoint first = { begin, 0 };

  series->points = g_array_new (FALSE, FALSE, sizeof (VmsMemoryPoint));
  g_array_append_val (series->points, first);
  series->begin = begin;
  series->end = begin;
  return series;
}

void
vms_memory_series_free (VmsMemorySeries *series)
{
  if (series == NULL)
    return;
  g_array_unref (series->points);
  for (guint i = 0; i < series->n_levels; i++)
    g_array_unref (series->levels[i]);
  g_free (series);
}

void
vms_memory_series_add (VmsMemorySeries *series, gint64 ts, gint64 delta)
{
  VmsMemoryPoint *last = &g_array_index (series->points, VmsMemoryPoint, series->points->len - 1);

  /* Clocks converted from a guest may step back by a rounding nanosecond. */
  if (ts < last->ts)
    ts = last->ts;

  series->current += delta;
  series->peak = MAX (series->peak, series->current);
  series->lowest = MIN (series->lowest, series->current);

  if (ts == last->ts)
    {
      /* Coalesce: the step function only shows the value after all changes at ts,
       * but the peak and lowest above keep what happened in between. */
      last->bytes = series->current;
    }
  else
    {
      VmsMemoryPoint point = { ts, series->current };

      g_array_append_val (series->points, point);
    }
  series->end = MAX (series->end, ts);
}

void
vms_memory_series_close (VmsMemorySeries *series, gint64 end)
{
  guint n = series->points->len;
  const VmsMemoryPoint *points = (const VmsMemoryPoint *) (gpointer) series->points->data;

  series->end = MAX (series->end, end);

  /* Drop the growth slack of the points array: series live as long as the analysis. */
  {
    GArray *exact = g_array_sized_new (FALSE, FALSE, sizeof (VmsMemoryPoint), n);

    g_array_append_vals (exact, series->points->data, n);
    g_array_unref (series->points);
    series->points = exact;
    points = (const VmsMemoryPoint *) (gpointer) exact->data;
  }

  for (guint i = 0; i < series->n_levels; i++)
    g_clear_pointer (&series->levels[i], g_array_unref);
  series->n_levels = 0;

  /* Level 0 summarizes points; level k summarizes FANOUT entries of level k-1. */
  while (n > FANOUT && series->n_levels < MAX_LEVELS)
    {
      guint n_up = (n + FANOUT - 1) / FANOUT;
      GArray *level = g_array_sized_new (FALSE, FALSE, sizeof (Range), n_up);
      const Range *below = series->n_levels > 0
                             ? (const Range *) (gpointer) series->levels[series->n_levels - 1]->data
                             : NULL;

      for (guint i = 0; i < n_up; i++)
        {
          Range r = { G_MAXINT64, G_MININT64 };

          for (guint j = i * FANOUT; j < MIN (n, (i + 1) * FANOUT); j++)
            {
              gint64 lo = below ? below[j].min : points[j].bytes;
              gint64 hi = below ? below[j].max : points[j].bytes;

              r.min = MIN (r.min, lo);
              r.max = MAX (r.max, hi);
            }
          g_array_append_val (level, r);
        }
      series->levels[series->n_levels++] = level;
      n = n_up;
    }
}

gint64
vms_memory_series_get_begin (const VmsMemorySeries *series)
{
  return series->begin;
}

gint64
vms_memory_series_get_end (const VmsMemorySeries *series)
{
  return series->end;
}

gint64
vms_memory_series_get_current (const VmsMemorySeries *series)
{
  return series->current;
}

gint64
vms_memory_series_get_peak (const VmsMemorySeries *series)
{
  return series->peak;
}

gint64
vms_memory_series_get_lowest (const VmsMemorySeries *series)
{
  return series->lowest;
}

const VmsMemoryPoint *
vms_memory_series_get_points (const VmsMemorySeries *series, gsize *n_points)
{
  if (n_points != NULL)
    *n_points = series->points->len;
  return (const VmsMemoryPoint *) (gpointer) series->points->data;
}

/* First index in [from, n) whose ts is > t (strict) or >= t. */
static gsize
search (const VmsMemoryPoint *points, gsize from, gsize n, gint64 t, gboolean strict)
{
  gsize lo = from, hi = n;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;
      gboolean before = strict ? points[mid].ts <= t : points[mid].ts < t;

      if (before)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* As search (), galloping from `from`: O(log distance) when the answer is near. */
static gsize
gallop (const VmsMemoryPoint *points, gsize from, gsize n, gint64 t, gboolean strict)
{
  gsize step = 1, lo = from, hi = from;

  while (hi < n && (strict ? points[hi].ts <= t : points[hi].ts < t))
    {
      lo = hi + 1;
      hi = from + step;
      step *= 2;
    }
  return search (points, lo, MIN (hi, n), t, strict);
}

gint64
vms_memory_series_value_at (const VmsMemorySeries *series, gint64 ts)
{
  gsize n;
  const VmsMemoryPoint *points = vms_memory_series_get_points (series, &n);
  gsize k = search (points, 0, n, ts, TRUE);

  return k == 0 ? 0 : points[k - 1].bytes;
}

static inline void
take (gint64 *mn, gint64 *mx, gint64 lo, gint64 hi)
{
  *mn = MIN (*mn, lo);
  *mx = MAX (*mx, hi);
}

/* min/max of points[lo..hi) in O(FANOUT × levels). */
static void
range_minmax (const VmsMemorySeries *series, gsize lo, gsize hi, gint64 *mn, gint64 *mx)
{
  const VmsMemoryPoint *points = (const VmsMemoryPoint *) (gpointer) series->points->data;

  if (series->n_levels > 0)
    {
      while (lo < hi && lo % FANOUT != 0)
        {
          take (mn, mx, points[lo].bytes, points[lo].bytes);
          lo++;
        }
      while (lo < hi && hi % FANOUT != 0)
        {
          hi--;
          take (mn, mx, points[hi].bytes, points[hi].bytes);
        }
      lo /= FANOUT;
      hi /= FANOUT;
      for (guint level = 0; level < series->n_levels && lo < hi; level++)
        {
          const Range *r = (const Range *) (gpointer) series->levels[level]->data;

          if (level + 1 == series->n_levels)
            {
              for (; lo < hi; lo++)
                take (mn, mx, r[lo].min, r[lo].max);
              return;
            }
          while (lo < hi && lo % FANOUT != 0)
            {
              take (mn, mx, r[lo].min, r[lo].max);
              lo++;
            }
          while (lo < hi && hi % FANOUT != 0)
            {
              hi--;
              take (mn, mx, r[hi].min, r[hi].max);
            }
          lo /= FANOUT;
          hi /= FANOUT;
        }
      return;
    }

  for (; lo < hi; lo++)
    take (mn, mx, points[lo].bytes, points[lo].bytes);
}

guint
vms_memory_series_query (const VmsMemorySeries *series,
                         gint64 begin,
                         gint64 end,
                         gint64 ns_per_px,
                         gboolean shifted,
                         VmsMemoryPixel *out,
                         guint n_out)
{
  gsize n;
  const VmsMemoryPoint *points;
  gint64 shift;
  guint64 n_px;
  gsize from = 0;

  g_return_val_if_fail (series != NULL, 0);
  g_return_val_if_fail (ns_per_px > 0, 0);
  g_return_val_if_fail (out != NULL || n_out == 0, 0);

  if (end <= begin)
    return 0;

  points = vms_memory_series_get_points (series, &n);
  shift = shifted ? -series->lowest : 0;
  n_px = ((guint64) end - (guint64) begin + (guint64) ns_per_px - 1) / (guint64) ns_per_px;
  n_px = MIN (n_px, (guint64) n_out);

  for (guint i = 0; i < n_px; i++)
    {
      VmsMemoryPixel *px = &out[i];
      gint64 t0 = begin + (gint64) i * ns_per_px;
      gint64 t1 = t0 + ns_per_px;
      gint64 mn = G_MAXINT64, mx = G_MININT64;
      gsize k0, k1;

      memset (px, 0, sizeof *px);
      if (t1 <= series->begin || t0 > series->end)
        continue;

      /* Points at or before t0 give the value entering the pixel; (t0, t1) are inside.
       * Pixels are consecutive: each search starts where the last one ended. */
      k0 = gallop (points, from, n, t0, TRUE);
      k1 = gallop (points, k0, n, t1, FALSE);
      from = k1;

      if (k0 > 0)
        {
          take (&mn, &mx, points[k0 - 1].bytes, points[k0 - 1].bytes);
          if (points[k0 - 1].ts == t0)
            px->n_changes++;
        }
      if (k1 > k0)
        range_minmax (series, k0, k1, &mn, &mx);
      px->n_changes += (guint32) (k1 - k0);
      px->min = mn + shift;
      px->max = mx + shift;
      px->last = points[k1 - 1].bytes + shift;
      px->defined = TRUE;
    }
  return (guint) n_px;
}
