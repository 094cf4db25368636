/* test-model-traces.c — the whole analysis on the real kernel traces (no KVM: threads and CPUs
 * are built, there are no VMs), the async form with progress and cancellation, and bad paths.
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
#include <string.h>

#include "vms-analysis.h"
#include "vms-test-util.h"

static const char *const kernel_traces[] = {
  "kernel/bug446190-arm-64bit-headers",    "kernel/flipping-endianness",
  "kernel/lttng-tracefile-rotation-sched", "kernel/many-threads",
  "kernel/uneven-streams-partial",         "kernel/uneven-streams-small-2017-06",
};

static void
check_plain_model (VmsModel *model, const char *name, gboolean has_switches)
{
  guint n_cpu_rows = 0, n_thread_rows = 0;
  gboolean some_running = FALSE;

  assert_int_equal (vms_model_get_n_vms (model), 0);
  assert_int_equal (vms_model_get_n_vcpus (model), 0);
  assert_int_equal (vms_model_get_host (model), -1);
  assert_int_equal (vms_model_get_n_exit_stats (model), 0);
  assert_true (vms_model_get_n_machines (model) >= 1);
  for (guint i = 0; i < vms_model_get_n_rows (model); i++)
    {
      const VmsRow *row = vms_model_get_row (model, i);
      gint64 totals[VMS_N_STATES];

      if (row->kind == VMS_ROW_CPU)
        n_cpu_rows++;
      if (row->kind != VMS_ROW_THREAD)
        continue;
      n_thread_rows++;
      vms_model_get_totals (model, i, G_MININT64, G_MAXINT64, totals);
      for (guint s = 0; s < VMS_N_STATES; s++)
        assert_true (totals[s] >= 0);
      if (totals[VMS_STATE_RUNNING] > 0)
        some_running = TRUE;
    }
  g_printerr ("# %s: %u CPU rows, %u thread rows, %u threads\n", name, n_cpu_rows, n_thread_rows,
              vms_model_get_n_threads (model));
  assert_int_equal (n_thread_rows, vms_model_get_n_threads (model));
  if (!has_switches)
    {
      /* nothing says which thread runs: no rows, and no failure */
      assert_int_equal (n_cpu_rows, 0);
      assert_int_equal (n_thread_rows, 0);
      return;
    }
  assert_true (n_cpu_rows > 0);
  assert_true (n_thread_rows > 0);
  assert_true (some_running);
}

static void
test_kernel_traces (void **state)
{
  guint done = 0;

  for (guint i = 0; i < G_N_ELEMENTS (kernel_traces); i++)
    {
      g_autofree char *path = vms_test_trace_path (kernel_traces[i]);
      g_autoptr (VmsAnalysis) analysis = NULL;
      g_autoptr (GError) error = NULL;
      const char *paths[] = { path, NULL };

      if (path == NULL)
        continue;
      analysis = vms_analysis_new (paths);
      if (!vms_analysis_run (analysis, NULL, NULL, NULL, &error))
        g_printerr ("# %s: %s (what could be read is analyzed)\n", kernel_traces[i],
                    error->message);
      assert_non_null (vms_analysis_get_model (analysis));
      check_plain_model (
        vms_analysis_get_model (analysis), kernel_traces[i],
        vms_trace_get_kind_count (
          vms_trace_set_get_trace (vms_analysis_get_trace_set (analysis), 0), VMS_EV_SCHED_SWITCH)
          > 0);
      done++;
    }
  if (done == 0)
    skip ();
}

/* A bad path beside a good one: the error names it, the good one is analyzed. */
static void
test_bad_path_beside_good (void **state)
{
  g_autofree char *good = vms_test_trace_path ("kernel/many-threads");
  g_autoptr (VmsAnalysis) analysis = NULL;
  g_autoptr (GError) error = NULL;
  const char *paths[] = { "/nonexistent/vmscope-trace", NULL, NULL };

  if (good == NULL)
    skip ();
  paths[1] = good;
  analysis = vms_analysis_new (paths);
  assert_false (vms_analysis_run (analysis, NULL, NULL, NULL, &error));
  assert_non_null (error);
  assert_non_null (strstr (error->message, "/nonexistent/vmscope-trace"));
  assert_non_null (vms_analysis_get_model (analysis));
  assert_int_equal (vms_model_get_n_machines (vms_analysis_get_model (analysis)), 1);
  assert_int_equal (vms_analysis_get_errors (analysis)->len, 1);
}

static void
test_nothing_readable (void **state)
{
  g_autoptr (VmsAnalysis) analysis = NULL;
  g_autoptr (GError) error = NULL;
  const char *paths[] = { "/nonexistent/vmscope-trace", NULL };

  analysis = vms_analysis_new (paths);
  assert_false (vms_analysis_run (analysis, NULL, NULL, NULL, &error));
  assert_non_null (error);
  assert_null (vms_analysis_get_model (analysis));
}

typedef struct {
  GMainLoop *loop;
  GAsyncResult *result;
  VmsAnalysisPhase last_phase;
  guint n_progress;
  gboolean in_order;
  GThread *main_thread;
} AsyncState;

static void
on_progress (VmsAnalysisPhase phase, double fraction, gpointer data)
{
  AsyncState *as = data;

  assert_true (g_thread_self () == as->main_thread);
  assert_true (fraction >= 0.0 && fraction <= 1.0);
  if (phase < as->last_phase)
    as->in_order = FALSE;
  as->last_phase = phase;
  as->n_progress++;
}

static void
on_done (GObject *source, GAsyncResult *result, gpointer data)
{
  AsyncState *as = data;

  as->result = g_object_ref (result);
  g_main_loop_quit (as->loop);
}

/* The async form reports progress on the caller's main context, in phase order. */
static void
test_async (void **state)
{
  g_autofree char *path = vms_test_trace_path ("kernel/many-threads");
  g_autoptr (VmsAnalysis) analysis = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  AsyncState as = { 0 };
  const char *paths[] = { path, NULL };

  if (path == NULL)
    skip ();
  as.loop = g_main_loop_new (NULL, FALSE);
  as.in_order = TRUE;
  as.main_thread = g_thread_self ();
  analysis = vms_analysis_new (paths);
  vms_analysis_run_async (analysis, on_progress, &as, NULL, cancellable, on_done, &as);
  g_main_loop_run (as.loop);
  assert_true (vms_analysis_run_finish (analysis, as.result, &error));
  /* let the last coalesced progress idle run */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  assert_true (as.n_progress > 0);
  assert_true (as.in_order);
  assert_int_equal (as.last_phase, VMS_ANALYSIS_PHASE_BUILDING);
  assert_non_null (vms_analysis_get_model (analysis));
  g_object_unref (as.result);
  g_main_loop_unref (as.loop);
}

static void
test_async_cancelled (void **state)
{
  g_autofree char *path = vms_test_trace_path ("kernel/many-threads");
  g_autoptr (VmsAnalysis) analysis = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  AsyncState as = { 0 };
  const char *paths[] = { path, NULL };

  if (path == NULL)
    skip ();
  as.loop = g_main_loop_new (NULL, FALSE);
  as.in_order = TRUE;
  as.main_thread = g_thread_self ();
  analysis = vms_analysis_new (paths);
  g_cancellable_cancel (cancellable);
  vms_analysis_run_async (analysis, on_progress, &as, NULL, cancellable, on_done, &as);
  g_main_loop_run (as.loop);
  assert_false (vms_analysis_run_finish (analysis, as.result, &error));
  assert_true (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_object_unref (as.result);
  g_main_loop_unref (as.loop);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_kernel_traces),    cmocka_unit_test (test_bad_path_beside_good),
    cmocka_unit_test (test_nothing_readable), cmocka_unit_test (test_async),
    cmocka_unit_test (test_async_cancelled),
  };

  return cmocka_run_group_tests_name ("model-traces", tests, NULL, NULL);
}
