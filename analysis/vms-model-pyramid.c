/* vms-model-pyramid.c — a row's time pyramid, for drawing whole traces fast.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Level-0 buckets are width0 nanoseconds wide (chosen so that a bucket holds
 * about 8 records on average), level k buckets 4^k × width0.  A zoomed-out
 * query locates the two records at a pixel's edges through level 0 (a search
 * among one bucket's records) and summarizes the whole records between them
 * with O(levels) buckets, all on small, sequentially visited arrays: the cost
 * per pixel does not depend on how many records the pixel covers.
 */
#include "config.h"

#include <string.h>

#include "vms-model-private.h"

#define RECORDS_PER_BUCKET 8
#define MIN_RECORDS 256 /* below, the record tree alone is fast enough */

void
vms_pyramid_free (VmsPyramid *pyramid)
{
  if (pyramid == NULL)
    return;
  for (guint k = 0; k < pyramid->n_levels; k++)
    g_free (pyramid->levels[k]);
  g_free (pyramid->levels);
  g_free (pyramid->n_buckets);
  g_free (pyramid->first0);
  g_free (pyramid);
}

typedef struct {
  guint16 states;
  gint64 acc[VMS_N_STATES];
  VmsBucket worst; /* only the worst_* fields */
} Acc;

static void
acc_init (Acc *acc)
{
  memset (acc, 0, sizeof *acc);
  acc->worst.worst_state = VMS_STATE_UNKNOWN;
  acc->worst.worst_cause = -1;
}

static void
acc_worst (Acc *acc, const VmsBucket *b)
{
  if (b->worst_state != VMS_STATE_UNKNOWN
      && (acc->worst.worst_state == VMS_STATE_UNKNOWN
          || b->worst_end - b->worst_start > acc->worst.worst_end - acc->worst.worst_start))
    {
      acc->worst.worst_state = b->worst_state;
      acc->worst.worst_cause = b->worst_cause;
      acc->worst.worst_start = b->worst_start;
      acc->worst.worst_end = b->worst_end;
    }
}

static void
acc_add_record (Acc *acc, const VmsRecs *recs, guint64 i, gint64 bs, gint64 be)
{
  const VmsRec *rec = vms_recs_get (recs, i);
  gint64 end = vms_recs_end_of (recs, i);
  gint64 s = MAX (rec->start, bs);
  gint64 e = MIN (end, be);

  acc->states |= (guint16) (1u << rec->state);
  if (e > s)
    acc->acc[rec->state] += e - s;
  if (VMS_STATE_IS_ALERT (rec->state))
    {
      VmsBucket b;

      b.worst_state = rec->state;
      b.worst_start = rec->start;
      b.worst_end = end;
      if (rec->state == VMS_STATE_APPEARED)
        b.worst_cause = VMS_REC_CAUSE (rec);
      else
        b.worst_cause = (rec->flags & VMS_REC_HAS_AUX) ? (int) rec->aux : -1;
      acc_worst (acc, &b);
    }
}

static void
acc_add_bucket (Acc *acc, const VmsBucket *b)
{
  acc->states |= b->states;
  acc->acc[b->dominant] += b->dom_time;
  acc_worst (acc, b);
}

static guint
acc_dominant (const Acc *acc)
{
  guint best = 0;

  for (guint s = 1; s < VMS_N_STATES; s++)
    if (acc->acc[s] > acc->acc[best])
      best = s;
  return best;
}

static void
acc_to_bucket (const Acc *acc, VmsBucket *b)
{
  *b = acc->worst;
  b->states = acc->states;
  b->dominant = (guint8) acc_dominant (acc);
  b->dom_time = acc->acc[b->dominant];
}

void
vms_pyramid_build (VmsRecs *recs)
{
  VmsPyramid *p;
  gint64 origin, duration;
  guint64 nb0, i = 0;
  guint n_levels = 1;

  g_clear_pointer (&recs->pyramid, vms_pyramid_free);
  if (recs->n < MIN_RECORDS || recs->n >= G_MAXUINT32)
    return;
  origin = vms_recs_get (recs, 0)->start;
  duration = recs->end - origin;
  if (duration <= 0)
    return;

  p = g_new0 (VmsPyramid, 1);
  p->origin = origin;
  p->width0 = MAX (1, (gint64) ((double) duration * RECORDS_PER_BUCKET / (double) recs->n));
  nb0 = (guint64) ((duration + p->width0 - 1) / p->width0);
  for (guint64 m = nb0; m > 4; m = (m + 3) / 4)
    n_levels++;
  p->n_levels = n_levels;
  p->n_buckets = g_new (guint64, n_levels);
  p->levels = g_new0 (VmsBucket *, n_levels);
  p->first0 = g_new (guint32, nb0);

  p->n_buckets[0] = nb0;
  p->levels[0] = g_new (VmsBucket, nb0);
  for (guint64 b = 0; b < nb0; b++)
    {
      gint64 bs = origin + (gint64) b * p->width0;
      gint64 be = MIN (bs + p->width0, recs->end);
      Acc acc;

      acc_init (&acc);
      i = vms_recs_find_from (recs, i, bs);
      p->first0[b] = (guint32) i;
      for (guint64 j = i; j < recs->n && vms_recs_get (recs, j)->start < be; j++)
        acc_add_record (&acc, recs, j, bs, be);
      acc_to_bucket (&acc, &p->levels[0][b]);
    }

  for (guint k = 1; k < n_levels; k++)
    {
      guint64 below = p->n_buckets[k - 1];
      guint64 n_k = (below + 3) / 4;

      p->n_buckets[k] = n_k;
      p->levels[k] = g_new (VmsBucket, n_k);
      for (guint64 j = 0; j < n_k; j++)
        {
          Acc acc;

          acc_init (&acc);
          for (guint64 c = 4 * j; c < MIN (4 * j + 4, below); c++)
            acc_add_bucket (&acc, &p->levels[k - 1][c]);
          acc_to_bucket (&acc, &p->levels[k][j]);
        }
    }
  recs->pyramid = p;
}

guint
vms_pyramid_query (
  const VmsRecs *recs, gint64 origin, gint64 begin, gint64 end, gint64 ns_per_pixel, GArray *items)
{
  const VmsPyramid *p = recs->pyramid;
  guint k = 0;
  gint64 wk, t;
  gint64 last0 = (gint64) p->n_buckets[0] - 1;

  while (k + 1 < p->n_levels && (p->width0 << (2 * (k + 1))) * 4 <= ns_per_pixel)
    k++;
  wk = p->width0 << (2 * k);
  for (t = begin; t < end;)
    {
      gint64 px = (t - origin) / ns_per_pixel;
      gint64 px_end = MIN (origin + (px + 1) * ns_per_pixel, end);
      gint64 b_first = (t - p->origin) / wk;
      gint64 b_last = MIN ((px_end - 1 - p->origin) / wk, (gint64) p->n_buckets[k] - 1);
      gint64 r_first = p->first0[CLAMP ((t - p->origin) / p->width0, 0, last0)];
      gint64 r_last = p->first0[CLAMP ((px_end - 1 - p->origin) / p->width0, 0, last0)];
      VmsModelItem item;
      Acc acc;

      acc_init (&acc);
      for (gint64 b = b_first; b <= b_last; b++)
        acc_add_bucket (&acc, &p->levels[k][b]);
      item.start = t;
      item.end = px_end;
      item.states = acc.states;
      item.dominant = (VmsState) acc_dominant (&acc);
      item.count = (guint32) MAX (r_last - r_first + 1, 1);
      item.worst_state = (VmsState) acc.worst.worst_state;
      item.worst_cause = acc.worst.worst_cause;
      item.worst_start = acc.worst.worst_start;
      item.worst_end = acc.worst.worst_end;
      g_array_append_val (items, item);
      t = px_end;
    }
  return items->len;
}
