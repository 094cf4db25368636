/* vms-sync-hull.c — the fully incremental convex hull for one pair of clocks.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Notation: U are the upper points (R → O), L the lower points (O → R). A line y = a·x + c
 * separates them when it is on or below every point of U and on or above every point of L.
 * Only the lower hull of U and the upper hull of L constrain such lines, so only those
 * vertices are kept.
 *
 * The feasible (a, c) form a convex region; alpha_max and alpha_min are its extreme points in
 * a. Adding a point adds one half-plane: if the extreme line does not violate it, that extreme
 * point stays optimal. If it does (or the bound did not exist before and now does), the new
 * extreme line passes through the new point: with the line pinned at p, every hull vertex q
 * gives an interval for the slope, and the tightest end is the new bound (or the interval is
 * empty: no line fits, the pair fails).
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "vms-sync-hull.h"

/* Points are kept relative to the first one; beyond 2^61 ns (73 years) they are refused, so
 * that every difference fits in 62 bits and every cross product in 126. */
#define MAX_REL ((gint64) 1 << 61)

typedef struct {
  gint64 x;
  gint64 y;
} Point;

typedef struct {
  Point a; /* a.x < b.x */
  Point b;
} Segment;

struct _VmsSyncHull {
  gboolean has_origin;
  gint64 x0;
  gint64 y0;

  GArray *upper; /* of Point: lower hull of U, increasing x */
  GArray *lower; /* of Point: upper hull of L, increasing x */

  gboolean have_max; /* steepest line, alpha_max */
  Segment max_line;
  gboolean have_min; /* flattest line, alpha_min */
  Segment min_line;

  gboolean failed;
  VmsSyncQuality good_quality; /* before the failure */
  VmsSyncLine good_line;
  double good_accuracy;

  gboolean cache_valid;
  VmsSyncQuality quality;
  VmsSyncLine line;
  double accuracy;

  guint64 n_upper;
  guint64 n_lower;
  guint64 n_tightening;
};

static const char *const quality_names[] = {
  [VMS_SYNC_QUALITY_ABSENT] = "absent",
  [VMS_SYNC_QUALITY_INCOMPLETE] = "incomplete",
  [VMS_SYNC_QUALITY_APPROXIMATE] = "approximate",
  [VMS_SYNC_QUALITY_ACCURATE] = "accurate",
  [VMS_SYNC_QUALITY_FAIL] = "fail",
  [VMS_SYNC_QUALITY_MANUAL] = "manual",
  [VMS_SYNC_QUALITY_REFERENCE] = "reference",
};

const char *
vms_sync_quality_to_string (VmsSyncQuality quality)
{
  if ((guint) quality < G_N_ELEMENTS (quality_names))
    return quality_names[quality];
  return "unknown";
}

/* ---- VmsSyncLine ---------------------------------------------------------------------- */

void
vms_sync_line_init_identity (VmsSyncLine *line)
{
  vms_sync_line_init_offset (line, 0);
}

void
vms_sync_line_init_offset (VmsSyncLine *line, gint64 offset_ns)
{
  line->x0 = 0;
  line->y0 = offset_ns;
  line->delta = 0.0;
  line->b = 0.0;
}

gint64
vms_sync_line_apply (const VmsSyncLine *line, gint64 x)
{
  gint64 dx = x - line->x0;
  double v = (double) dx * line->delta + line->b;

  return line->y0 + dx + (gint64) llround (v);
}

double
vms_sync_line_distance (const VmsSyncLine *line, gint64 x, gint64 y)
{
  gint64 dx = x - line->x0;
  gint64 dy = y - line->y0;

  return (double) (dy - dx) - ((double) dx * line->delta + line->b);
}

void
vms_sync_line_invert (const VmsSyncLine *line, VmsSyncLine *out)
{
  VmsSyncLine in = *line;
  double alpha = 1.0 + in.delta;

  /* y = y0 + dx·alpha + b  ⇔  x = x0 + (y − y0)/alpha − b/alpha */
  out->x0 = in.y0;
  out->y0 = in.x0;
  out->delta = -in.delta / alpha;
  out->b = -in.b / alpha;
}

void
vms_sync_line_compose (const VmsSyncLine *outer, const VmsSyncLine *inner, VmsSyncLine *out)
{
  VmsSyncLine f = *outer;
  VmsSyncLine g = *inner;
  long double alpha_g = 1.0L + g.delta;
  gint64 x, d;
  long double gx;

  /* The origin of the result: the x that inner maps to outer's origin, so that both stay near
   * the data (composing with the reference's identity, whose origin is 0, keeps outer's). */
  x = g.x0 + (gint64) llroundl (((long double) (f.x0 - g.y0) - g.b) / alpha_g);
  d = x - g.x0;
  /* inner (x) − f.x0, exactly in its integer part: (g.y0 − f.x0) + d + d·δg + g.b */
  gx = (long double) (g.y0 - f.x0 + d) + (long double) d * g.delta + g.b;

  out->x0 = x;
  out->y0 = f.y0;
  out->delta = f.delta + g.delta + f.delta * g.delta;
  out->b = (double) (gx * (1.0L + f.delta) + f.b);
}

double
vms_sync_line_get_alpha (const VmsSyncLine *line)
{
  return 1.0 + line->delta;
}

double
vms_sync_line_get_beta (const VmsSyncLine *line)
{
  /* beta = y0 + b − (1 + δ)·x0 = (y0 − x0) + b − δ·x0 */
  return (double) ((long double) (line->y0 - line->x0) + line->b
                   - (long double) line->delta * (long double) line->x0);
}

/* ---- geometry -------------------------------------------------------------------------- */

/* > 0 when c lies to the left of a → b (above it when a.x < b.x) */
static inline __int128
cross (Point a, Point b, Point c)
{
  return (__int128) (b.x - a.x) * (c.y - a.y) - (__int128) (b.y - a.y) * (c.x - a.x);
}

/* Compares slopes n1/d1 and n2/d2 with d1, d2 > 0: < 0, 0, > 0. */
static inline int
slope_cmp (gint64 n1, gint64 d1, gint64 n2, gint64 d2)
{
  __int128 l = (__int128) n1 * d2;
  __int128 r = (__int128) n2 * d1;

  return l < r ? -1 : l > r ? 1 : 0;
}

/* The line through a segment's points, relative to the hull's origin. */
static void
segment_to_line (VmsSyncHull *self, const Segment *s, VmsSyncLine *line)
{
  gint64 dx = s->b.x - s->a.x;
  gint64 dy = s->b.y - s->a.y;
  long double delta = (long double) (dy - dx) / (long double) dx;

  line->x0 = self->x0;
  line->y0 = self->y0;
  line->delta = (double) delta;
  line->b = (double) ((long double) (s->a.y - s->a.x) - delta * (long double) s->a.x);
}

/* ---- hull ------------------------------------------------------------------------------ */

VmsSyncHull *
vms_sync_hull_new (void)
{
  VmsSyncHull *self = g_new0 (VmsSyncHull, 1);

  self->upper = g_array_new (FALSE, FALSE, sizeof (Point));
  self->lower = g_array_new (FALSE, FALSE, sizeof (Point));
  vms_sync_line_init_identity (&self->line);
  vms_sync_line_init_identity (&self->good_line);
  return self;
}

void
vms_sync_hull_free (VmsSyncHull *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->upper);
  g_array_unref (self->lower);
  g_free (self);
}

#define P(arr, i) (g_array_index ((arr), Point, (i)))

/* Inserts p into a hull kept convex with sign s: +1 for the lower hull of U (every turn is to
 * the left), −1 for the upper hull of L. Returns FALSE when p is not a vertex (dominated). */
static gboolean
hull_insert (GArray *h, Point p, int s)
{
  guint n = h->len;
  guint i;

  if (n == 0 || p.x > P (h, n - 1).x)
    i = n; /* the usual case: in order */
  else
    {
      guint lo = 0, hi = n;

      while (lo < hi) /* first vertex with x >= p.x */
        {
          guint mid = (lo + hi) / 2;

          if (P (h, mid).x < p.x)
            lo = mid + 1;
          else
            hi = mid;
        }
      i = lo;
      if (i < n && P (h, i).x == p.x)
        {
          /* same x: keep the lower point for U, the higher for L */
          if (s * (P (h, i).y - p.y) <= 0)
            return FALSE;
          g_array_remove_index (h, i);
          n--;
        }
      if (i > 0 && i < n && s * cross (P (h, i - 1), P (h, i), p) >= 0)
        return FALSE; /* on or beyond the hull between its neighbours */
    }

  if (i == n)
    {
      /* appended: collapse the tail that is no longer convex */
      while (h->len >= 2 && s * cross (P (h, h->len - 2), P (h, h->len - 1), p) <= 0)
        g_array_set_size (h, h->len - 1);
      g_array_append_val (h, p);
      return TRUE;
    }

  g_array_insert_val (h, i, p);
  while (i >= 2 && s * cross (P (h, i - 2), P (h, i - 1), p) <= 0)
    {
      g_array_remove_index (h, i - 1);
      i--;
    }
  while (i + 2 < h->len && s * cross (p, P (h, i + 1), P (h, i + 2)) <= 0)
    g_array_remove_index (h, i + 1);
  return TRUE;
}

typedef struct {
  gboolean have_lo, have_hi;
  gint64 lo_n, lo_d, hi_n, hi_d; /* slopes as fractions, d > 0 */
  Point lo_q, hi_q;
  gboolean infeasible;
} Pinned;

static inline void
pinned_upper_bound (Pinned *r, gint64 n, gint64 d, Point q)
{
  if (!r->have_hi || slope_cmp (n, d, r->hi_n, r->hi_d) < 0)
    {
      r->have_hi = TRUE;
      r->hi_n = n;
      r->hi_d = d;
      r->hi_q = q;
    }
}

static inline void
pinned_lower_bound (Pinned *r, gint64 n, gint64 d, Point q)
{
  if (!r->have_lo || slope_cmp (n, d, r->lo_n, r->lo_d) > 0)
    {
      r->have_lo = TRUE;
      r->lo_n = n;
      r->lo_d = d;
      r->lo_q = q;
    }
}

/* The slopes of the lines through p that separate the hulls: one pass over both. */
static void
solve_pinned (VmsSyncHull *self, Point p, Pinned *r)
{
  memset (r, 0, sizeof *r);

  /* the line must stay on or below every vertex q of U */
  for (guint i = 0; i < self->upper->len; i++)
    {
      Point q = P (self->upper, i);

      if (q.x > p.x)
        pinned_upper_bound (r, q.y - p.y, q.x - p.x, q);
      else if (q.x < p.x)
        pinned_lower_bound (r, p.y - q.y, p.x - q.x, q);
      else if (p.y > q.y)
        r->infeasible = TRUE;
    }
  /* and on or above every vertex q of L */
  for (guint i = 0; i < self->lower->len; i++)
    {
      Point q = P (self->lower, i);

      if (q.x > p.x)
        pinned_lower_bound (r, q.y - p.y, q.x - p.x, q);
      else if (q.x < p.x)
        pinned_upper_bound (r, p.y - q.y, p.x - q.x, q);
      else if (p.y < q.y)
        r->infeasible = TRUE;
    }
  if (r->have_lo && r->have_hi && slope_cmp (r->lo_n, r->lo_d, r->hi_n, r->hi_d) > 0)
    r->infeasible = TRUE;
}

static void
make_segment (Segment *s, Point p, Point q)
{
  if (p.x < q.x)
    {
      s->a = p;
      s->b = q;
    }
  else
    {
      s->a = q;
      s->b = p;
    }
}

static void compute_estimate (VmsSyncHull *self);

static void
set_failed (VmsSyncHull *self)
{
  compute_estimate (self); /* the estimate before the point that crossed the bounds */
  self->good_quality = self->quality;
  self->good_line = self->line;
  self->good_accuracy = self->accuracy;
  self->failed = TRUE;
  self->have_max = self->have_min = FALSE;
  /* the hulls are no longer needed: only counting goes on */
  g_array_set_size (self->upper, 0);
  g_array_set_size (self->lower, 0);
  self->cache_valid = FALSE;
}

static gboolean
add_point (VmsSyncHull *self, gint64 x, gint64 y, gboolean upper)
{
  GArray *mine, *other;
  Point p;
  gboolean max_after, min_after, need_max, need_min;
  Pinned r;

  if (!self->has_origin)
    {
      self->has_origin = TRUE;
      self->x0 = x;
      self->y0 = y;
    }
  if (x - self->x0 > MAX_REL || self->x0 - x > MAX_REL || y - self->y0 > MAX_REL
      || self->y0 - y > MAX_REL)
    return FALSE;

  p.x = x - self->x0;
  p.y = y - self->y0;

  if (upper)
    self->n_upper++;
  else
    self->n_lower++;

  if (self->failed)
    return FALSE;

  /* Even a point that moves no bound may move the estimate of an incomplete or approximate
   * pair, which reads the hulls. */
  self->cache_valid = FALSE;
  mine = upper ? self->upper : self->lower;
  other = upper ? self->lower : self->upper;

  /* Will the bounds exist once p is in? */
  if (other->len == 0)
    max_after = min_after = FALSE;
  else if (upper)
    {
      gint64 max_ux = mine->len > 0 ? MAX (P (mine, mine->len - 1).x, p.x) : p.x;
      gint64 min_ux = mine->len > 0 ? MIN (P (mine, 0).x, p.x) : p.x;

      max_after = max_ux > P (other, 0).x;
      min_after = min_ux < P (other, other->len - 1).x;
    }
  else
    {
      gint64 min_lx = mine->len > 0 ? MIN (P (mine, 0).x, p.x) : p.x;
      gint64 max_lx = mine->len > 0 ? MAX (P (mine, mine->len - 1).x, p.x) : p.x;

      max_after = P (other, other->len - 1).x > min_lx;
      min_after = P (other, 0).x < max_lx;
    }

    /* A line violates an upper point lying below it, a lower point lying above it. A point that
   * is not a hull vertex lies beyond the hull, hence beyond both lines: it never violates. */
#define VIOLATES(seg) (upper ? cross ((seg).a, (seg).b, p) < 0 : cross ((seg).a, (seg).b, p) > 0)
  need_max = max_after && (!self->have_max || VIOLATES (self->max_line));
  need_min = min_after && (!self->have_min || VIOLATES (self->min_line));
#undef VIOLATES

  if (!need_max && !need_min)
    {
      /* No bound at all with both directions present: every point is at one x, where the
       * upper points must not be below the lower ones. */
      if (!max_after && !min_after && other->len > 0
          && (upper ? p.y < P (other, 0).y : p.y > P (other, 0).y))
        {
          set_failed (self);
          return TRUE;
        }
      hull_insert (mine, p, upper ? 1 : -1);
      return FALSE;
    }

  /* Decided against the hulls without p (the vertices p would remove are implied by p and the
   * rest), so that on failure the estimate before p is still at hand. */
  solve_pinned (self, p, &r);
  if (r.infeasible)
    {
      set_failed (self);
      return TRUE;
    }
  hull_insert (mine, p, upper ? 1 : -1);
  if (need_max && r.have_hi)
    {
      make_segment (&self->max_line, p, r.hi_q);
      self->have_max = TRUE;
    }
  if (need_min && r.have_lo)
    {
      make_segment (&self->min_line, p, r.lo_q);
      self->have_min = TRUE;
    }
  self->n_tightening++;
  return TRUE;
}

gboolean
vms_sync_hull_add_upper (VmsSyncHull *self, gint64 x, gint64 y)
{
  return add_point (self, x, y, TRUE);
}

gboolean
vms_sync_hull_add_lower (VmsSyncHull *self, gint64 x, gint64 y)
{
  return add_point (self, x, y, FALSE);
}

/* The range of offsets c (relative to the origin) allowed at slope 1 + delta:
 * max over L of (y − x − δx) ≤ c ≤ min over U of (y − x − δx). */
static void
offset_range (VmsSyncHull *self, double delta, double *lo, double *hi)
{
  *lo = -INFINITY;
  *hi = INFINITY;
  for (guint i = 0; i < self->upper->len; i++)
    {
      Point q = P (self->upper, i);
      double c = (double) (q.y - q.x) - delta * (double) q.x;

      *hi = MIN (*hi, c);
    }
  for (guint i = 0; i < self->lower->len; i++)
    {
      Point q = P (self->lower, i);
      double c = (double) (q.y - q.x) - delta * (double) q.x;

      *lo = MAX (*lo, c);
    }
}

/* the hull's half-open state when a slope bound is missing on one or both sides */
static void
estimate_partial (VmsSyncHull *self)
{
  VmsSyncLine max_l, min_l;
  double delta = 0.0, lo, hi;

  if (self->have_max)
    {
      segment_to_line (self, &self->max_line, &max_l);
      delta = MIN (delta, max_l.delta);
    }
  if (self->have_min)
    {
      segment_to_line (self, &self->min_line, &min_l);
      delta = MAX (delta, min_l.delta);
    }
  offset_range (self, delta, &lo, &hi);
  self->line.x0 = self->x0;
  self->line.y0 = self->y0;
  self->line.delta = delta;
  if (isfinite (lo) && isfinite (hi))
    self->line.b = (lo + hi) / 2.0;
  else if (isfinite (lo))
    self->line.b = lo;
  else
    self->line.b = hi;
}

static void
compute_estimate (VmsSyncHull *self)
{
  if (self->cache_valid)
    return;
  self->cache_valid = TRUE;
  self->accuracy = INFINITY;

  if (self->failed)
    {
      self->quality = VMS_SYNC_QUALITY_FAIL;
      self->line = self->good_line;
      self->accuracy = self->good_accuracy;
      return;
    }
  if (self->upper->len == 0 && self->lower->len == 0)
    {
      self->quality = VMS_SYNC_QUALITY_ABSENT;
      vms_sync_line_init_identity (&self->line);
      return;
    }
  if (self->upper->len == 0 || self->lower->len == 0)
    {
      self->quality = VMS_SYNC_QUALITY_INCOMPLETE;
      estimate_partial (self);
      return;
    }
  /* A direction whose hull is a single point pins nothing by itself: approximate. */
  if (self->have_max && self->have_min && self->upper->len >= 2 && self->lower->len >= 2)
    {
      VmsSyncLine max_l, min_l;

      segment_to_line (self, &self->max_line, &max_l);
      segment_to_line (self, &self->min_line, &min_l);
      self->quality = VMS_SYNC_QUALITY_ACCURATE;
      self->line.x0 = self->x0;
      self->line.y0 = self->y0;
      self->line.delta = (max_l.delta + min_l.delta) / 2.0;
      self->line.b = (max_l.b + min_l.b) / 2.0;
      self->accuracy = max_l.delta - min_l.delta;
      return;
    }
  self->quality = VMS_SYNC_QUALITY_APPROXIMATE;
  estimate_partial (self);
  if (self->have_max && self->have_min)
    {
      VmsSyncLine max_l, min_l;

      segment_to_line (self, &self->max_line, &max_l);
      segment_to_line (self, &self->min_line, &min_l);
      self->accuracy = max_l.delta - min_l.delta;
    }
}

VmsSyncQuality
vms_sync_hull_get_quality (VmsSyncHull *self)
{
  compute_estimate (self);
  return self->quality;
}

gboolean
vms_sync_hull_get_line (VmsSyncHull *self, VmsSyncLine *line)
{
  compute_estimate (self);
  *line = self->line;
  if (self->quality == VMS_SYNC_QUALITY_FAIL)
    return self->good_quality != VMS_SYNC_QUALITY_ABSENT;
  return self->quality != VMS_SYNC_QUALITY_ABSENT;
}

double
vms_sync_hull_get_accuracy (VmsSyncHull *self)
{
  compute_estimate (self);
  return self->accuracy;
}

gboolean
vms_sync_hull_get_max_line (VmsSyncHull *self, VmsSyncLine *line)
{
  if (!self->have_max)
    return FALSE;
  segment_to_line (self, &self->max_line, line);
  return TRUE;
}

gboolean
vms_sync_hull_get_min_line (VmsSyncHull *self, VmsSyncLine *line)
{
  if (!self->have_min)
    return FALSE;
  segment_to_line (self, &self->min_line, line);
  return TRUE;
}

guint64
vms_sync_hull_get_n_matches (VmsSyncHull *self)
{
  return self->n_upper + self->n_lower;
}

guint64
vms_sync_hull_get_n_tightening (VmsSyncHull *self)
{
  return self->n_tightening;
}

guint64
vms_sync_hull_get_n_upper (VmsSyncHull *self)
{
  return self->n_upper;
}

guint64
vms_sync_hull_get_n_lower (VmsSyncHull *self)
{
  return self->n_lower;
}

guint
vms_sync_hull_get_size (VmsSyncHull *self)
{
  return self->upper->len + self->lower->len;
}
