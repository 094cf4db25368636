/* vms-model-recs.c — a row's intervals: compact storage, summaries, drawing queries.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "vms-model-private.h"

void
vms_recs_clear (VmsRecs *recs)
{
  for (guint i = 0; i < recs->n_chunks; i++)
    g_free (recs->chunks[i]);
  g_free (recs->chunks);
  for (guint k = 0; k < recs->n_levels; k++)
    g_free (recs->levels[k]);
  g_free (recs->levels);
  g_clear_pointer (&recs->pyramid, vms_pyramid_free);
  memset (recs, 0, sizeof *recs);
}

static VmsRec *
recs_append (VmsRecs *recs)
{
  guint chunk = (guint) (recs->n >> VMS_CHUNK_SHIFT);

  /* The first chunk of a row grows from 16 records: most threads have few intervals. */
  if (chunk == 0 && recs->n_chunks == 1 && recs->n == recs->first_cap
      && recs->first_cap < VMS_CHUNK_SIZE)
    {
      recs->first_cap = MIN (recs->first_cap * 4, VMS_CHUNK_SIZE);
      recs->chunks[0] = g_renew (VmsRec, recs->chunks[0], recs->first_cap);
    }
  if (chunk == recs->n_chunks)
    {
      if (recs->n_chunks == recs->alloc_chunks)
        {
          recs->alloc_chunks = MAX (8, recs->alloc_chunks * 2);
          recs->chunks = g_renew (VmsRec *, recs->chunks, recs->alloc_chunks);
        }
      if (recs->n_chunks == 0)
        {
          recs->first_cap = 16;
          recs->chunks[0] = g_new (VmsRec, 16);
        }
      else
        {
          recs->first_cap = VMS_CHUNK_SIZE;
          recs->chunks[recs->n_chunks] = g_new (VmsRec, VMS_CHUNK_SIZE);
        }
      recs->n_chunks++;
    }
  return vms_recs_get (recs, recs->n++);
}

void
vms_recs_push (VmsRecs *recs, gint64 t, VmsState state, guint32 aux, guint16 aux2, guint8 flags)
{
  if (recs->n > 0)
    {
      VmsRec *last = vms_recs_get (recs, recs->n - 1);

      if (t < last->start)
        t = last->start; /* never go back in time */
      if (last->state == state && last->aux == aux && last->aux2 == aux2 && last->flags == flags)
        {
          recs->end = MAX (recs->end, t);
          return;
        }
      if (last->start == t)
        {
          /* Replace a zero-length interval; merge with the one before when equal. */
          if (recs->n > 1)
            {
              VmsRec *prev = vms_recs_get (recs, recs->n - 2);

              if (prev->state == state && prev->aux == aux && prev->aux2 == aux2
                  && prev->flags == flags)
                {
                  recs->n--;
                  recs->end = t;
                  return;
                }
            }
          last->state = state;
          last->aux = aux;
          last->aux2 = aux2;
          last->flags = flags;
          recs->end = t;
          return;
        }
    }
  {
    VmsRec *rec = recs_append (recs);

    rec->start = t;
    rec->state = state;
    rec->aux = aux;
    rec->aux2 = aux2;
    rec->flags = flags;
    recs->end = t;
  }
}

void
vms_recs_close (VmsRecs *recs, gint64 end)
{
  if (recs->n > 0 && end > recs->end)
    recs->end = end;
}

static gint64
find_between (const VmsRecs *recs, guint64 lo, guint64 hi, gint64 t)
{
  /* Largest i in [lo, hi) with start <= t, knowing start(lo) <= t. */
  while (hi - lo > 1)
    {
      guint64 mid = lo + (hi - lo) / 2;

      if (vms_recs_get (recs, mid)->start <= t)
        lo = mid;
      else
        hi = mid;
    }
  return (gint64) lo;
}

gint64
vms_recs_find (const VmsRecs *recs, gint64 t)
{
  if (recs->n == 0 || vms_recs_get (recs, 0)->start > t)
    return -1;
  return find_between (recs, 0, recs->n, t);
}

/* Like vms_recs_find() knowing the answer is at least lo: exponential search from lo. */
guint64
vms_recs_find_from (const VmsRecs *recs, guint64 lo, gint64 t)
{
  guint64 step = 1;
  guint64 hi;

  while (lo + step < recs->n && vms_recs_get (recs, lo + step)->start <= t)
    {
      lo += step;
      step *= 2;
    }
  hi = MIN (lo + step + 1, recs->n);
  return (guint64) find_between (recs, lo, hi, t);
}

static inline guint64
level_span (guint k)
{
  return G_GUINT64_CONSTANT (1) << (VMS_LEAF_SHIFT + 2 * k);
}

void
vms_node_finish (VmsNode *node, const gint64 *acc)
{
  guint best = 0;

  for (guint s = 1; s < VMS_N_STATES; s++)
    if (acc[s] > acc[best])
      best = s;
  node->dominant = (guint8) best;
  node->dom_time = acc[best];
}

static void
worst_consider (const VmsRecs *recs, guint32 *worst, gint64 *worst_len, guint64 index)
{
  const VmsRec *rec = vms_recs_get (recs, index);
  gint64 len;

  if (!VMS_STATE_IS_ALERT (rec->state))
    return;
  len = vms_recs_end_of (recs, index) - rec->start;
  if (*worst == G_MAXUINT32 || len > *worst_len)
    {
      *worst = (guint32) index;
      *worst_len = len;
    }
}

static gint64
worst_len_of (const VmsRecs *recs, guint32 worst)
{
  return worst == G_MAXUINT32 ? -1
                              : vms_recs_end_of (recs, worst) - vms_recs_get (recs, worst)->start;
}

void
vms_recs_summarize (VmsRecs *recs)
{
  guint64 n_nodes = recs->n >> VMS_LEAF_SHIFT;
  guint n_levels = 0;

  for (guint k = 0; k < recs->n_levels; k++)
    g_free (recs->levels[k]);
  g_clear_pointer (&recs->levels, g_free);
  recs->n_levels = 0;
  if (n_nodes == 0)
    return;

  for (guint64 m = n_nodes; m > 0; m >>= 2)
    n_levels++;
  recs->levels = g_new0 (VmsNode *, n_levels);
  recs->n_levels = n_levels;

  recs->levels[0] = g_new (VmsNode, n_nodes);
  for (guint64 j = 0; j < n_nodes; j++)
    {
      VmsNode *node = &recs->levels[0][j];
      gint64 acc[VMS_N_STATES] = { 0 };
      gint64 worst_len = -1;

      node->states = 0;
      node->pad = 0;
      node->worst = G_MAXUINT32;
      for (guint64 i = j << VMS_LEAF_SHIFT; i < (j + 1) << VMS_LEAF_SHIFT; i++)
        {
          const VmsRec *rec = vms_recs_get (recs, i);

          node->states |= (guint16) (1u << rec->state);
          acc[rec->state] += vms_recs_end_of (recs, i) - rec->start;
          worst_consider (recs, &node->worst, &worst_len, i);
        }
      vms_node_finish (node, acc);
    }

  for (guint k = 1; k < n_levels; k++)
    {
      guint64 n_k = recs->n / level_span (k);

      recs->levels[k] = g_new (VmsNode, MAX (n_k, 1));
      for (guint64 j = 0; j < n_k; j++)
        vms_node_merge (recs, &recs->levels[k][j], &recs->levels[k - 1][4 * j], 4);
    }
  vms_pyramid_build (recs);
}

/* node = the union of n children */
void
vms_node_merge (const VmsRecs *recs, VmsNode *node, const VmsNode *children, guint n)
{
  gint64 acc[VMS_N_STATES] = { 0 };
  gint64 worst_len = -1;

  node->states = 0;
  node->pad = 0;
  node->worst = G_MAXUINT32;
  for (guint c = 0; c < n; c++)
    {
      const VmsNode *child = &children[c];
      gint64 len = worst_len_of (recs, child->worst);

      node->states |= child->states;
      acc[child->dominant] += child->dom_time;
      if (child->worst != G_MAXUINT32 && len > worst_len)
        {
          node->worst = child->worst;
          worst_len = len;
        }
    }
  vms_node_finish (node, acc);
}

void
vms_recs_totals (const VmsRecs *recs, gint64 begin, gint64 end, gint64 *totals)
{
  gint64 i = vms_recs_find (recs, begin);

  if (i < 0)
    i = 0;
  for (; (guint64) i < recs->n; i++)
    {
      const VmsRec *rec = vms_recs_get (recs, i);
      gint64 s = MAX (rec->start, begin);
      gint64 e = MIN (vms_recs_end_of (recs, i), end);

      if (rec->start >= end)
        break;
      if (e > s)
        {
          totals[rec->state] += e - s;
          if (rec->state == VMS_STATE_APPEARED)
            totals[VMS_REC_SEEN (rec)] += e - s; /* the guest saw it run */
        }
    }
}

void
vms_summary_init (VmsSummary *sum)
{
  memset (sum, 0, sizeof *sum);
  sum->worst = G_MAXUINT32;
}

void
vms_summary_add_record (
  const VmsRecs *recs, VmsSummary *sum, guint64 i, gint64 clip_begin, gint64 clip_end)
{
  const VmsRec *rec = vms_recs_get (recs, i);
  gint64 s = MAX (rec->start, clip_begin);
  gint64 e = MIN (vms_recs_end_of (recs, i), clip_end);

  sum->states |= 1u << rec->state;
  if (e > s)
    sum->acc[rec->state] += e - s;
  worst_consider (recs, &sum->worst, &sum->worst_len, i);
}

void
vms_summary_add_node (const VmsRecs *recs, VmsSummary *sum, const VmsNode *node)
{
  gint64 len = worst_len_of (recs, node->worst);

  sum->states |= node->states;
  sum->acc[node->dominant] += node->dom_time;
  if (node->worst != G_MAXUINT32 && (sum->worst == G_MAXUINT32 || len > sum->worst_len))
    {
      sum->worst = node->worst;
      sum->worst_len = len;
    }
}

/* Records a..b (inclusive), the first and last clipped to [clip_begin, clip_end). */
static void
summarize_range (
  const VmsRecs *recs, VmsSummary *sum, guint64 a, guint64 b, gint64 clip_begin, gint64 clip_end)
{
  guint64 i;

  vms_summary_add_record (recs, sum, a, clip_begin, clip_end);
  if (b > a)
    vms_summary_add_record (recs, sum, b, clip_begin, clip_end);
  i = a + 1;
  while (i < b)
    {
      guint64 span = level_span (0);

      if (recs->n_levels > 0 && (i & (span - 1)) == 0 && i + span <= b)
        {
          guint k = 0;

          while (k + 1 < recs->n_levels && i % level_span (k + 1) == 0
                 && i + level_span (k + 1) <= b)
            k++;
          vms_summary_add_node (recs, sum, &recs->levels[k][i / level_span (k)]);
          i += level_span (k);
        }
      else
        {
          vms_summary_add_record (recs, sum, i, clip_begin, clip_end);
          i++;
        }
    }
}

void
vms_summary_emit (const VmsRecs *recs,
                  GArray *items,
                  gint64 start,
                  gint64 end,
                  const VmsSummary *sum,
                  guint32 count)
{
  VmsModelItem item = { 0 };
  guint best = 0;

  for (guint s = 1; s < VMS_N_STATES; s++)
    if (sum->acc[s] > sum->acc[best])
      best = s;
  item.start = start;
  item.end = end;
  item.states = sum->states;
  item.dominant = (VmsState) best;
  item.count = count;
  item.worst_state = VMS_STATE_UNKNOWN;
  item.worst_cause = -1;
  if (sum->worst != G_MAXUINT32)
    {
      const VmsRec *rec = vms_recs_get (recs, sum->worst);

      item.worst_state = (VmsState) rec->state;
      item.worst_start = rec->start;
      item.worst_end = vms_recs_end_of (recs, sum->worst);
      if (rec->state == VMS_STATE_APPEARED)
        item.worst_cause = VMS_REC_CAUSE (rec);
      else
        item.worst_cause = (rec->flags & VMS_REC_HAS_AUX) ? (int) rec->aux : -1;
    }
  g_array_append_val (items, item);
}

/* Adds records i, i + 1, … (at most max + 1 of them) that start before px_end, clipped to
 * [t, px_end), and returns the last one added: one record lookup per record. */
static guint64
walk_pixel (const VmsRecs *recs, VmsSummary *sum, guint64 i, gint64 t, gint64 px_end, guint64 max)
{
  const VmsRec *rec = vms_recs_get (recs, i);
  guint64 j = i;

  for (;;)
    {
      const VmsRec *next = j + 1 < recs->n ? vms_recs_get (recs, j + 1) : NULL;
      gint64 end = next != NULL ? next->start : recs->end;
      gint64 s = MAX (rec->start, t);
      gint64 e = MIN (end, px_end);

      sum->states |= 1u << rec->state;
      if (e > s)
        sum->acc[rec->state] += e - s;
      if (VMS_STATE_IS_ALERT (rec->state)
          && (sum->worst == G_MAXUINT32 || end - rec->start > sum->worst_len))
        {
          sum->worst = (guint32) j;
          sum->worst_len = end - rec->start;
        }
      if (next == NULL || next->start >= px_end || j - i >= max)
        return j;
      rec = next;
      j++;
    }
}

guint
vms_recs_query (const VmsRecs *recs, gint64 begin, gint64 end, gint64 ns_per_pixel, GArray *items)
{
  gint64 origin = begin;
  gint64 t;
  guint64 i;

  g_array_set_size (items, 0);
  if (recs == NULL || recs->n == 0 || ns_per_pixel <= 0 || end <= begin)
    return 0;
  begin = MAX (begin, vms_recs_get (recs, 0)->start);
  end = MIN (end, recs->end);
  if (begin >= end)
    return 0;

  /* Zoomed out, pixels span two level-0 buckets or more: the pyramid alone; zoomed in,
   * searches among the few records near the previous pixel, and the record tree. */
  if (recs->pyramid != NULL && ns_per_pixel >= 2 * recs->pyramid->width0)
    return vms_pyramid_query (recs, origin, begin, end, ns_per_pixel, items);
  t = begin;
  i = (guint64) vms_recs_find (recs, t);
  while (t < end)
    {
      gint64 k = (t - origin) / ns_per_pixel;
      gint64 px_end = MIN (origin + (k + 1) * ns_per_pixel, end);
      gint64 rec_end;

      i = vms_recs_find_from (recs, i, t);
      rec_end = vms_recs_end_of (recs, i);
      if (rec_end >= px_end)
        {
          /* The pixel lies inside one interval: one item up to the last pixel it fills. */
          gint64 m = (MIN (rec_end, end) - origin) / ns_per_pixel;
          gint64 item_end = MIN (MAX (origin + m * ns_per_pixel, px_end), end);
          VmsSummary sum;

          vms_summary_init (&sum);
          vms_summary_add_record (recs, &sum, i, t, item_end);
          vms_summary_emit (recs, items, t, item_end, &sum, 1);
          t = item_end;
        }
      else
        {
          guint64 j = i;
          VmsSummary sum;

          /* A few records: walk them; many (a burst): search the last, and the record tree
           * summarizes the inside. */
          vms_summary_init (&sum);
          j = walk_pixel (recs, &sum, i, t, px_end, 32);
          if (j + 1 < recs->n && vms_recs_get (recs, j + 1)->start < px_end)
            {
              guint64 last = vms_recs_find_from (recs, j + 1, px_end - 1);

              summarize_range (recs, &sum, j + 1, last, t, px_end);
              j = last;
            }
          vms_summary_emit (recs, items, t, px_end, &sum, (guint32) (j - i + 1));
          t = px_end;
          i = j;
        }
    }
  return items->len;
}

gsize
vms_recs_bytes (const VmsRecs *recs)
{
  gsize bytes = recs->n_chunks > 1 ? (gsize) recs->n_chunks * VMS_CHUNK_SIZE * sizeof (VmsRec)
                                   : (gsize) recs->first_cap * sizeof (VmsRec);

  for (guint k = 0; k < recs->n_levels; k++)
    bytes += (recs->n / level_span (k)) * sizeof (VmsNode);
  if (recs->pyramid != NULL)
    for (guint k = 0; k < recs->pyramid->n_levels; k++)
      bytes += recs->pyramid->n_buckets[k] * (sizeof (VmsBucket) + (k == 0 ? 4 : 0));
  return bytes;
}
