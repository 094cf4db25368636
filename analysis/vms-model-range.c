/* vms-model-range.c — statistics over any [begin, end) from the model's stored intervals:
 * exit reasons per VM (count, total, min, mean, max, exact p99) and the longest interval of a
 * state.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The whole-trace figures are computed once by the builder; a range needs a walk over its
 * intervals.  The walk goes in chunks of time sized to hold a few thousand intervals each,
 * so memory stays bounded by the chunk (plus 4 bytes per episode for the exact p99), and it
 * checks the cancellable between chunks.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "vms-model-private.h"

#define CHUNK_MIN 2048
#define CHUNK_MAX 32768

/* Walks the intervals of row intersecting [begin, end) in time order, each once. */
typedef gboolean (*IntervalFunc) (const VmsInterval *iv, gpointer data);

static gboolean
walk_intervals (VmsModel *model,
                guint row,
                gint64 begin,
                gint64 end,
                GCancellable *cancellable,
                IntervalFunc func,
                gpointer data)
{
  g_autoptr (GArray) chunk = g_array_new (FALSE, FALSE, sizeof (VmsInterval));
  gint64 row_begin, row_end;
  gint64 span;
  gint64 t;
  gint64 last_start = G_MININT64;

  vms_model_get_row_range (model, row, &row_begin, &row_end);
  begin = MAX (begin, row_begin);
  end = MIN (end, row_end);
  if (end <= begin)
    return TRUE;
  span = MAX ((end - begin) / 16, 1);
  for (t = begin; t < end;)
    {
      gint64 stop = t + MIN (span, end - t);

      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;
      vms_model_get_intervals (model, row, t, stop, chunk);
      if (chunk->len > CHUNK_MAX && stop - t > 1)
        {
          span = MAX ((stop - t) / 4, 1);
          continue; /* too many at once: the same start, a shorter chunk */
        }
      for (guint i = 0; i < chunk->len; i++)
        {
          const VmsInterval *iv = &g_array_index (chunk, VmsInterval, i);

          /* An interval crossing into the next chunk is seen again there. */
          if (iv->start <= last_start && last_start != G_MININT64)
            continue;
          last_start = iv->start;
          if (!func (iv, data))
            return TRUE;
        }
      if (chunk->len < CHUNK_MIN)
        span = span <= G_MAXINT64 / 2 ? span * 2 : span;
      t = stop;
    }
  return TRUE;
}

static inline gint64
clipped (gint64 start, gint64 end, gint64 begin, gint64 stop)
{
  return MAX (0, MIN (end, stop) - MAX (start, begin));
}

/* ------------------------------------------------------------------------------------------
 * Exit reasons
 */
typedef struct {
  VmsRangeExitStats st;
  GArray *durations; /* guint32 */
} Acc;

typedef struct {
  VmsModel *model;
  guint vm;
  guint vcpu;
  gint64 begin, end;
  GArray *accs; /* Acc */
  /* The episode in progress */
  gboolean open;
  VmsIsa isa;
  int reason;
  gint64 hyp;   /* hypervisor time inside the range */
  gint64 start; /* its exit */
  gint64 stop;  /* its end so far */
} ExitWalk;

static Acc *
find_acc (ExitWalk *w, VmsIsa isa, guint reason)
{
  Acc fresh = { 0 };

  for (guint i = 0; i < w->accs->len; i++)
    {
      Acc *a = &g_array_index (w->accs, Acc, i);

      if (a->st.stats.isa == isa && a->st.stats.reason == reason)
        return a;
    }
  fresh.st.stats.vm = w->vm;
  fresh.st.stats.isa = isa;
  fresh.st.stats.reason = reason;
  fresh.st.stats.min = G_MAXINT64;
  fresh.durations = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_array_append_val (w->accs, fresh);
  return &g_array_index (w->accs, Acc, w->accs->len - 1);
}

static void
close_episode (ExitWalk *w)
{
  Acc *a;
  guint32 d32;

  if (!w->open)
    return;
  w->open = FALSE;
  if (w->hyp <= 0)
    return;
  a = find_acc (w, w->isa, (guint) w->reason);
  d32 = (guint32) CLAMP (w->hyp, 0, (gint64) G_MAXUINT32);
  a->st.stats.count++;
  a->st.stats.total += w->hyp;
  a->st.stats.min = MIN (a->st.stats.min, w->hyp);
  if (w->hyp > a->st.stats.max)
    {
      a->st.stats.max = w->hyp;
      a->st.vcpu = w->vcpu;
      a->st.longest_start = MAX (w->start, w->begin);
      a->st.longest_end = MIN (w->stop, w->end);
    }
  g_array_append_val (a->durations, d32);
}

static gboolean
exit_walk_interval (const VmsInterval *iv, gpointer data)
{
  ExitWalk *w = data;

  switch (iv->state)
    {
      case VMS_STATE_HYPERVISOR:
        if (w->open && (w->reason != iv->exit_reason || w->isa != iv->isa))
          close_episode (w);
        if (!w->open)
          {
            w->open = TRUE;
            w->isa = iv->isa;
            w->reason = iv->exit_reason;
            w->hyp = 0;
            w->start = iv->start;
          }
        w->hyp += clipped (iv->start, iv->end, w->begin, w->end);
        w->stop = iv->end;
        break;
      case VMS_STATE_PREEMPTED:
      case VMS_STATE_IDLE:
        /* Preempted or halted within the exit: the episode goes on, uncounted. */
        if (w->open)
          w->stop = iv->end;
        break;
      default:
        close_episode (w);
        break;
    }
  return TRUE;
}

static int
compare_range_stats (gconstpointer a, gconstpointer b)
{
  const VmsExitStats *x = &((const VmsRangeExitStats *) a)->stats;
  const VmsExitStats *y = &((const VmsRangeExitStats *) b)->stats;

  if (x->total != y->total)
    return x->total > y->total ? -1 : 1;
  return x->reason < y->reason ? -1 : x->reason > y->reason;
}

/* The name the model gives a reason, interned in the model. */
static const char *
reason_name (VmsModel *model, guint vm, VmsIsa isa, guint reason)
{
  const char *name;

  for (guint i = 0; i < vms_model_get_n_exit_stats (model); i++)
    {
      const VmsExitStats *st = vms_model_get_exit_stats (model, i);

      if (st->vm == vm && st->isa == isa && st->reason == reason)
        return st->name;
    }
  name = vms_exit_reason_name (isa, reason);
  return name != NULL ? name : "?";
}

gboolean
vms_model_get_exit_stats_range (
  VmsModel *self, guint vm, gint64 begin, gint64 end, GArray *out, GCancellable *cancellable)
{
  ExitWalk w = { 0 };
  const VmsVm *v;
  gboolean done = TRUE;

  g_return_val_if_fail (VMS_IS_MODEL (self), FALSE);
  g_return_val_if_fail (vm < vms_model_get_n_vms (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  g_array_set_size (out, 0);
  v = vms_model_get_vm (self, vm);
  w.model = self;
  w.vm = vm;
  w.begin = begin;
  w.end = end;
  w.accs = g_array_new (FALSE, FALSE, sizeof (Acc));
  for (guint k = 0; k < v->n_vcpus && done; k++)
    {
      const VmsVcpu *c = vms_model_get_vcpu (self, v->first_vcpu + k);

      if (c->row < 0)
        continue;
      w.vcpu = c->id;
      w.open = FALSE;
      done = walk_intervals (self, (guint) c->row, begin, end, cancellable, exit_walk_interval, &w);
      close_episode (&w);
    }
  for (guint i = 0; i < w.accs->len; i++)
    {
      Acc *a = &g_array_index (w.accs, Acc, i);
      VmsExitStats *st = &a->st.stats;

      if (done && st->count > 0)
        {
          st->name = reason_name (self, vm, st->isa, st->reason);
          st->mean = st->total / (gint64) st->count;
          st->p99
            = _vms_percentile_99 ((guint32 *) (gpointer) a->durations->data, a->durations->len);
          g_array_append_val (out, a->st);
        }
      g_array_unref (a->durations);
    }
  g_array_unref (w.accs);
  if (!done)
    {
      g_array_set_size (out, 0);
      return FALSE;
    }
  g_array_sort (out, compare_range_stats);
  return TRUE;
}

/* ------------------------------------------------------------------------------------------
 * The longest interval of a state
 */
typedef struct {
  VmsState state;
  int exit_reason;
  gint64 begin, end;
  gint64 best;
  VmsInterval found;
} LongestWalk;

static gboolean
longest_interval (const VmsInterval *iv, gpointer data)
{
  LongestWalk *w = data;
  gint64 d;

  if (iv->state != w->state || (w->exit_reason >= 0 && iv->exit_reason != w->exit_reason))
    return TRUE;
  d = clipped (iv->start, iv->end, w->begin, w->end);
  if (d > w->best)
    {
      w->best = d;
      w->found = *iv;
      w->found.start = MAX (iv->start, w->begin);
      w->found.end = MIN (iv->end, w->end);
    }
  return TRUE;
}

gboolean
vms_model_find_longest (VmsModel *self,
                        guint row,
                        VmsState state,
                        int exit_reason,
                        gint64 begin,
                        gint64 end,
                        VmsInterval *out)
{
  LongestWalk w = { state, exit_reason, begin, end, 0 };

  g_return_val_if_fail (VMS_IS_MODEL (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  walk_intervals (self, row, begin, end, NULL, longest_interval, &w);
  if (w.best <= 0)
    return FALSE;
  *out = w.found;
  return TRUE;
}
