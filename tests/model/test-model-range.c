/* test-model-range.c — statistics over a range (vms-model-range.c) against a brute-force
 * computation from every interval of the demo's vCPU rows: exit reasons per VM (count, total,
 * min, mean, max, p99, the longest episode) and the longest interval of a state.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <glib.h>
#include <math.h>

#include "vms-analysis.h"

static VmsAnalysis *analysis;
static VmsModel *model;

static int
setup (void **state)
{
  const char *src = g_getenv ("VMS_SOURCE_DIR");
  g_autofree char *demo = g_build_filename (src ? src : ".", "data", "demo", NULL);
  const char *paths[] = { demo, NULL };

  if (!g_file_test (demo, G_FILE_TEST_IS_DIR))
    {
      g_printerr ("# %s is missing; skipping\n", demo);
      return 0;
    }
  analysis = vms_analysis_new (paths);
  vms_analysis_run (analysis, NULL, NULL, NULL, NULL);
  model = vms_analysis_get_model (analysis);
  return 0;
}

static int
teardown (void **state)
{
  g_clear_object (&analysis);
  return 0;
}

/* ------------------------------------------------------------------------------------------
 * Brute force: every interval of the row at once, episodes as the header defines them.
 */
typedef struct {
  VmsIsa isa;
  int reason;
  guint64 count;
  gint64 total, min, max;
  GArray *durations; /* gint64 */
  gint64 longest_start, longest_end;
} Ref;

static Ref *
ref_find (GPtrArray *refs, VmsIsa isa, int reason)
{
  Ref *r;

  for (guint i = 0; i < refs->len; i++)
    {
      r = g_ptr_array_index (refs, i);
      if (r->isa == isa && r->reason == reason)
        return r;
    }
  r = g_new0 (Ref, 1);
  r->isa = isa;
  r->reason = reason;
  r->min = G_MAXINT64;
  r->durations = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_ptr_array_add (refs, r);
  return r;
}

static void
ref_free (gpointer data)
{
  Ref *r = data;

  g_array_unref (r->durations);
  g_free (r);
}

static int
compare_gint64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static GPtrArray *
brute_force (guint vm, gint64 begin, gint64 end)
{
  GPtrArray *refs = g_ptr_array_new_with_free_func (ref_free);
  g_autoptr (GArray) ivs = g_array_new (FALSE, FALSE, sizeof (VmsInterval));
  const VmsVm *v = vms_model_get_vm (model, vm);

  for (guint k = 0; k < v->n_vcpus; k++)
    {
      const VmsVcpu *c = vms_model_get_vcpu (model, v->first_vcpu + k);
      gboolean open = FALSE;
      VmsIsa isa = 0;
      int reason = -1;
      gint64 hyp = 0, start = 0, stop = 0;

      vms_model_get_intervals (model, (guint) c->row, G_MININT64 / 2, G_MAXINT64 / 2, ivs);
      for (guint i = 0; i <= ivs->len; i++)
        {
          const VmsInterval *iv = i < ivs->len ? &g_array_index (ivs, VmsInterval, i) : NULL;
          gboolean hv, cont;

          /* Only the intervals that meet the range count */
          if (iv != NULL && iv->end <= begin)
            continue;
          if (iv != NULL && iv->start >= end)
            iv = NULL;
          hv = iv != NULL && iv->state == VMS_STATE_HYPERVISOR;
          cont = iv != NULL && (iv->state == VMS_STATE_PREEMPTED || iv->state == VMS_STATE_IDLE);
          if (open
              && (iv == NULL || (hv && (iv->exit_reason != reason || iv->isa != isa))
                  || (!hv && !cont)))
            {
              if (hyp > 0)
                {
                  Ref *r = ref_find (refs, isa, reason);

                  r->count++;
                  r->total += hyp;
                  r->min = MIN (r->min, hyp);
                  if (hyp > r->max)
                    {
                      r->max = hyp;
                      r->longest_start = MAX (start, begin);
                      r->longest_end = MIN (stop, end);
                    }
                  g_array_append_val (r->durations, hyp);
                }
              open = FALSE;
            }
          if (iv == NULL)
            break;
          if (hv)
            {
              if (!open)
                {
                  open = TRUE;
                  isa = iv->isa;
                  reason = iv->exit_reason;
                  hyp = 0;
                  start = iv->start;
                }
              hyp += MAX (0, MIN (iv->end, end) - MAX (iv->start, begin));
              stop = iv->end;
            }
          else if (cont && open)
            stop = iv->end;
        }
    }
  return refs;
}

static void
check_range (guint vm, gint64 begin, gint64 end)
{
  g_autoptr (GArray) out = g_array_new (FALSE, FALSE, sizeof (VmsRangeExitStats));
  g_autoptr (GPtrArray) refs = brute_force (vm, begin, end);
  guint n_refs = 0;

  assert_true (vms_model_get_exit_stats_range (model, vm, begin, end, out, NULL));
  for (guint i = 0; i < refs->len; i++)
    n_refs += ((Ref *) g_ptr_array_index (refs, i))->count > 0;
  assert_int_equal (out->len, n_refs);
  for (guint i = 0; i < out->len; i++)
    {
      const VmsRangeExitStats *rs = &g_array_index (out, VmsRangeExitStats, i);
      const VmsExitStats *st = &rs->stats;
      Ref *r = ref_find (refs, st->isa, (int) st->reason);
      gsize n = r->durations->len;

      if (i > 0)
        assert_true (g_array_index (out, VmsRangeExitStats, i - 1).stats.total >= st->total);
      assert_non_null (st->name);
      assert_int_equal (st->vm, vm);
      assert_int_equal (st->count, r->count);
      assert_int_equal (st->total, r->total);
      assert_int_equal (st->min, r->min);
      assert_int_equal (st->max, r->max);
      assert_int_equal (st->mean, r->total / (gint64) r->count);
      g_array_sort (r->durations, compare_gint64);
      assert_int_equal (
        st->p99, g_array_index (r->durations, gint64, MIN ((gsize) ceil (0.99 * n) - 1, n - 1)));
      assert_int_equal (rs->longest_start, r->longest_start);
      assert_int_equal (rs->longest_end, r->longest_end);
      assert_true (rs->longest_start >= begin && rs->longest_end <= end);
    }
}

static void
test_exit_stats_whole_trace (void **state)
{
  gint64 begin, end;

  if (model == NULL)
    skip ();
  begin = vms_model_get_begin (model);
  end = vms_model_get_end (model);
  assert_true (vms_model_get_n_vms (model) > 0);
  for (guint vm = 0; vm < vms_model_get_n_vms (model); vm++)
    {
      g_autoptr (GArray) out = g_array_new (FALSE, FALSE, sizeof (VmsRangeExitStats));
      guint64 n_range = 0, n_model = 0;

      check_range (vm, begin, end);
      /* The whole trace: about what the builder counted (it also closes an exit in progress
       * at the end and an exit without entry) */
      vms_model_get_exit_stats_range (model, vm, begin, end, out, NULL);
      for (guint i = 0; i < out->len; i++)
        n_range += g_array_index (out, VmsRangeExitStats, i).stats.count;
      for (guint i = 0; i < vms_model_get_n_exit_stats (model); i++)
        if (vms_model_get_exit_stats (model, i)->vm == vm)
          n_model += vms_model_get_exit_stats (model, i)->count;
      g_printerr ("# VM %u: %" G_GUINT64_FORMAT " exits over the range, %" G_GUINT64_FORMAT
                  " in the model\n",
                  vm, n_range, n_model);
      assert_true (n_range > 0);
      assert_true (fabs ((double) n_range - (double) n_model) <= 0.01 * (double) n_model + 2);
    }
}

static void
test_exit_stats_ranges (void **state)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (8);
  gint64 begin, span;

  if (model == NULL)
    skip ();
  begin = vms_model_get_begin (model);
  span = vms_model_get_end (model) - begin;
  for (guint i = 0; i < 12; i++)
    {
      gint64 a = begin + (gint64) (g_rand_double (rand) * span);
      gint64 len = (gint64) (g_rand_double (rand) * span / (i % 3 == 0 ? 2 : 200)) + 1;

      for (guint vm = 0; vm < vms_model_get_n_vms (model); vm++)
        check_range (vm, a, a + len);
    }
  /* An empty range and one outside the trace */
  for (guint vm = 0; vm < vms_model_get_n_vms (model); vm++)
    {
      check_range (vm, begin + span / 2, begin + span / 2);
      check_range (vm, begin - 1000, begin);
    }
}

static void
test_exit_stats_cancelled (void **state)
{
  g_autoptr (GArray) out = g_array_new (FALSE, FALSE, sizeof (VmsRangeExitStats));
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();

  if (model == NULL)
    skip ();
  g_cancellable_cancel (cancellable);
  assert_false (vms_model_get_exit_stats_range (model, 0, vms_model_get_begin (model),
                                                vms_model_get_end (model), out, cancellable));
  assert_int_equal (out->len, 0);
}

static void
test_find_longest (void **state)
{
  static const VmsState states[]
    = { VMS_STATE_RUNNING, VMS_STATE_IDLE, VMS_STATE_HYPERVISOR, VMS_STATE_PREEMPTED };
  g_autoptr (GArray) ivs = g_array_new (FALSE, FALSE, sizeof (VmsInterval));
  gint64 begin, end;

  if (model == NULL)
    skip ();
  begin = vms_model_get_begin (model);
  end = begin + (vms_model_get_end (model) - begin) / 3;
  for (guint c = 0; c < vms_model_get_n_vcpus (model); c++)
    {
      guint row = (guint) vms_model_get_vcpu (model, c)->row;

      vms_model_get_intervals (model, row, begin, end, ivs);
      for (guint s = 0; s < G_N_ELEMENTS (states); s++)
        {
          VmsInterval found;
          gint64 best = 0;
          gboolean ok = vms_model_find_longest (model, row, states[s], -1, begin, end, &found);

          for (guint i = 0; i < ivs->len; i++)
            {
              const VmsInterval *iv = &g_array_index (ivs, VmsInterval, i);

              if (iv->state == states[s])
                best = MAX (best, MIN (iv->end, end) - MAX (iv->start, begin));
            }
          assert_int_equal (ok, best > 0);
          if (ok)
            {
              assert_int_equal (found.end - found.start, best);
              assert_int_equal (found.state, states[s]);
              assert_true (found.start >= begin && found.end <= end);
            }
        }
    }
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_exit_stats_whole_trace),
    cmocka_unit_test (test_exit_stats_ranges),
    cmocka_unit_test (test_exit_stats_cancelled),
    cmocka_unit_test (test_find_longest),
  };

  return cmocka_run_group_tests (tests, setup, teardown);
}
