/* test-stats-panel.c — the Statistics panel in the real window on the demo: state shares that
 * sum to 100 % and match the model's totals for the visible range, then for a selection; the
 * exit-reasons table with the model's counts (and the range's, zoomed in); a chosen reason or
 * state highlighted on the timeline; "Go to worst" showing the longest such interval.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * VMS_SCREENSHOT=FILE.png saves the window with the panel open and a reason highlighted;
 * VMS_SCREENSHOT_STATE=FILE.png with the preempted state highlighted over a selection.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "vms-gui-fixture.h"
#include "vms-state-bar.h"
#include "vms-stats-panel.h"
#include "vms-time.h"
#include "vms-timeline.h"

static VmsStatsPanel *panel;
static VmsModel *model;

static gboolean
panel_ready (gpointer data)
{
  return !vms_stats_panel_get_updating (panel);
}

static void
wait_panel (void)
{
  vms_test_spin_for (50);
  assert_true (vms_test_spin_until (panel_ready, NULL, 60));
}

static void
test_load_demo (void **state)
{
  assert_true (vms_gui_fixture_load_demo ());
  model = vms_window_get_model (fx.window);
  panel = VMS_STATS_PANEL (find_widget (GTK_WIDGET (fx.window), VMS_TYPE_STATS_PANEL));
  assert_non_null (panel);
  show_panel (GTK_WIDGET (panel), "statistics");
  assert_true (gtk_widget_get_mapped (GTK_WIDGET (panel)));
  wait_panel ();
}

/* Every bar shows the model's totals over [begin, end): a vCPU's its row's, a VM's the sum of
 * its vCPUs'; the shares sum to 100 %. */
static void
check_bars (gint64 begin, gint64 end)
{
  for (guint vm = 0; vm < vms_model_get_n_vms (model); vm++)
    {
      const VmsVm *v = vms_model_get_vm (model, vm);
      gint64 sum[VMS_N_STATES] = { 0 };
      VmsStateBar *bar;
      double total = 0;

      for (guint k = 0; k < v->n_vcpus; k++)
        {
          const VmsVcpu *c = vms_model_get_vcpu (model, v->first_vcpu + k);
          gint64 totals[VMS_N_STATES];
          double shares = 0;

          bar = VMS_STATE_BAR (vms_stats_panel_get_bar (panel, vm, (int) k));
          assert_non_null (bar);
          vms_model_get_totals (model, (guint) c->row, begin, end, totals);
          for (guint i = 0; vms_state_bar_states[i] >= 0; i++)
            {
              VmsState s = vms_state_bar_states[i];

              assert_int_equal (vms_state_bar_get_total (bar, s), totals[s]);
              shares += vms_state_bar_get_share (bar, s);
              sum[s] += totals[s];
            }
          assert_true (fabs (shares - 100) < 1e-6);
        }
      bar = VMS_STATE_BAR (vms_stats_panel_get_bar (panel, vm, -1));
      assert_non_null (bar);
      for (guint i = 0; vms_state_bar_states[i] >= 0; i++)
        {
          assert_int_equal (vms_state_bar_get_total (bar, vms_state_bar_states[i]),
                            sum[vms_state_bar_states[i]]);
          total += vms_state_bar_get_share (bar, vms_state_bar_states[i]);
        }
      assert_true (fabs (total - 100) < 1e-6);
    }
}

static void
test_bars_visible_range (void **state)
{
  VmsSession *session = vms_window_get_session (fx.window);
  const VmsTimeSpan *v;
  gint64 begin, end;

  vms_session_clear_selection (session);
  activate ("zoom-to-fit");
  activate ("zoom-in");
  wait_panel ();
  v = vms_session_get_visible (session);
  assert_false (vms_stats_panel_get_range (panel, &begin, &end));
  assert_int_equal (begin, v->begin);
  assert_int_equal (end, v->end);
  check_bars (v->begin, v->end);
}

static void
test_selection_changes_figures (void **state)
{
  VmsSession *session = vms_window_get_session (fx.window);
  const VmsTimeSpan *trace = vms_session_get_trace (session);
  gint64 span = trace->end - trace->begin;
  gint64 a = trace->begin + span / 3, b = trace->begin + span / 3 + span / 20;
  VmsStateBar *bar = VMS_STATE_BAR (vms_stats_panel_get_bar (panel, 0, -1));
  gint64 before = vms_state_bar_get_total (bar, VMS_STATE_RUNNING);
  gint64 begin, end;

  activate ("zoom-to-fit");
  vms_session_select_range (session, a, b);
  wait_panel ();
  assert_true (vms_stats_panel_get_range (panel, &begin, &end));
  assert_int_equal (begin, a);
  assert_int_equal (end, b);
  check_bars (a, b);
  assert_true (vms_state_bar_get_total (bar, VMS_STATE_RUNNING) != before);
  vms_session_clear_selection (session);
  wait_panel ();
  assert_false (vms_stats_panel_get_range (panel, NULL, NULL));
}

static void
test_exit_table (void **state)
{
  VmsSession *session = vms_window_get_session (fx.window);
  const VmsTimeSpan *v;
  guint n;
  guint64 n_range = 0, n_table = 0;

  /* The whole trace: the model's own figures */
  activate ("zoom-to-fit");
  wait_panel ();
  n = vms_stats_panel_get_n_exits (panel);
  assert_int_equal (n, vms_model_get_n_exit_stats (model));
  assert_true (n > 0);
  for (guint i = 0; i < n; i++)
    {
      const VmsExitStats *want = vms_model_get_exit_stats (model, i);
      gboolean found = FALSE;

      for (guint j = 0; j < n && !found; j++)
        {
          const VmsExitStats *got = vms_stats_panel_get_exit (panel, j);

          if (got->vm == want->vm && got->isa == want->isa && got->reason == want->reason)
            {
              found = TRUE;
              assert_int_equal (got->count, want->count);
              assert_int_equal (got->total, want->total);
              assert_int_equal (got->p99, want->p99);
              assert_string_equal (got->name, want->name);
            }
        }
      assert_true (found);
    }

  /* Zoomed in: the range's, computed in the background */
  activate ("zoom-in");
  activate ("zoom-in");
  wait_panel ();
  v = vms_session_get_visible (session);
  for (guint vm = 0; vm < vms_model_get_n_vms (model); vm++)
    {
      g_autoptr (GArray) out = g_array_new (FALSE, FALSE, sizeof (VmsRangeExitStats));

      assert_true (vms_model_get_exit_stats_range (model, vm, v->begin, v->end, out, NULL));
      for (guint i = 0; i < out->len; i++)
        n_range += g_array_index (out, VmsRangeExitStats, i).stats.count;
    }
  for (guint j = 0; j < vms_stats_panel_get_n_exits (panel); j++)
    n_table += vms_stats_panel_get_exit (panel, j)->count;
  assert_int_equal (n_table, n_range);
  assert_true (n_table > 0);
}

static void
test_highlight_reason_and_state (void **state)
{
  VmsTimeline *timeline = VMS_TIMELINE (find_widget (GTK_WIDGET (fx.window), VMS_TYPE_TIMELINE));
  GtkColumnView *view = GTK_COLUMN_VIEW (find_widget (GTK_WIDGET (panel), GTK_TYPE_COLUMN_VIEW));
  const VmsExitStats *first;
  int hl_state, hl_reason;

  activate ("zoom-to-fit");
  wait_panel ();
  first = vms_stats_panel_get_exit (panel, 0);
  assert_non_null (first);
  g_signal_emit_by_name (view, "activate", 0);
  vms_timeline_get_highlight (timeline, &hl_state, &hl_reason);
  assert_int_equal (hl_reason, first->reason);
  assert_int_equal (hl_state, -1);
  vms_test_spin_for (100);

  /* A click on a bar's segment chooses its state */
  g_signal_emit_by_name (vms_stats_panel_get_bar (panel, 0, -1), "state-activated",
                         (int) VMS_STATE_PREEMPTED);
  vms_timeline_get_highlight (timeline, &hl_state, &hl_reason);
  assert_int_equal (hl_state, VMS_STATE_PREEMPTED);
  assert_int_equal (hl_reason, -1);
  vms_test_spin_for (100);

  gtk_widget_activate_action (GTK_WIDGET (panel), "stats.clear-highlight", NULL);
  vms_timeline_get_highlight (timeline, &hl_state, &hl_reason);
  assert_int_equal (hl_state, -1);
  assert_int_equal (hl_reason, -1);
}

/* The longest interval of the chosen reason (or state) over the visible range: where "Go to
 * worst" must go. */
static gboolean
longest (guint vm, VmsState state, int reason, gint64 begin, gint64 end, VmsInterval *best)
{
  gboolean found = FALSE;

  for (guint c = 0; c < vms_model_get_n_vcpus (model); c++)
    {
      const VmsVcpu *vcpu = vms_model_get_vcpu (model, c);
      VmsInterval iv;

      if (reason >= 0 && vcpu->vm != vm)
        continue;
      if (vms_model_find_longest (model, (guint) vcpu->row, state, reason, begin, end, &iv)
          && (!found || iv.end - iv.start > best->end - best->start))
        {
          *best = iv;
          found = TRUE;
        }
    }
  return found;
}

static void
check_go_to_worst (VmsInterval *best)
{
  VmsSession *session = vms_window_get_session (fx.window);
  const VmsTimeSpan *v;

  assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "stats.go-to-worst", NULL));
  v = vms_session_get_visible (session);
  assert_true (v->begin <= best->start && best->end <= v->end);
  /* With context on both sides */
  assert_true (v->begin < best->start && best->end < v->end);
  assert_true (v->end - v->begin <= 3 * (best->end - best->start) + VMS_SESSION_MIN_SPAN);
}

static void
test_go_to_worst (void **state)
{
  VmsSession *session = vms_window_get_session (fx.window);
  GtkColumnView *view = GTK_COLUMN_VIEW (find_widget (GTK_WIDGET (panel), GTK_TYPE_COLUMN_VIEW));
  const VmsExitStats *first;
  const VmsTimeSpan *v;
  VmsInterval best;

  activate ("zoom-to-fit");
  wait_panel ();
  first = vms_stats_panel_get_exit (panel, 0);
  g_signal_emit_by_name (view, "activate", 0);
  v = vms_session_get_visible (session);
  assert_true (
    longest (first->vm, VMS_STATE_HYPERVISOR, (int) first->reason, v->begin, v->end, &best));
  assert_int_equal (best.exit_reason, first->reason);
  check_go_to_worst (&best);
  wait_panel ();

  /* A state: the longest preemption of any vCPU */
  activate ("zoom-to-fit");
  wait_panel ();
  vms_stats_panel_choose (panel, VMS_STATE_PREEMPTED, 0, -1);
  v = vms_session_get_visible (session);
  assert_true (longest (0, VMS_STATE_PREEMPTED, -1, v->begin, v->end, &best));
  check_go_to_worst (&best);
  if (fx.preempt_duration > 0)
    assert_true (labs ((long) (best.end - best.start - fx.preempt_duration)) < 1000);
  wait_panel ();
}

static void
test_screenshot (void **state)
{
  const char *path = g_getenv ("VMS_SCREENSHOT");
  GtkColumnView *view = GTK_COLUMN_VIEW (find_widget (GTK_WIDGET (panel), GTK_TYPE_COLUMN_VIEW));
  VmsSession *session = vms_window_get_session (fx.window);
  const VmsTimeSpan *trace = vms_session_get_trace (session);

  if (path == NULL)
    skip ();
  vms_session_set_visible (session, trace->begin + (trace->end - trace->begin) / 4,
                           trace->begin + (trace->end - trace->begin) / 4 + 20 * VMS_NS_PER_MS);
  wait_panel ();
  g_signal_emit_by_name (view, "activate", 0);
  vms_test_spin_for (500);
  save_png (GTK_WIDGET (fx.window), path);
  if ((path = g_getenv ("VMS_SCREENSHOT_STATE")) == NULL)
    return;
  vms_stats_panel_choose (panel, VMS_STATE_PREEMPTED, 0, -1);
  vms_session_select_range (session, trace->begin + (trace->end - trace->begin) / 4,
                            trace->begin + (trace->end - trace->begin) / 4 + 5 * VMS_NS_PER_MS);
  wait_panel ();
  vms_test_spin_for (500);
  save_png (GTK_WIDGET (fx.window), path);
  vms_session_clear_selection (session);
}

int
main (void)
{
  /* In this order: they share one window and the demo it loaded first. */
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_load_demo),
    cmocka_unit_test (test_bars_visible_range),
    cmocka_unit_test (test_selection_changes_figures),
    cmocka_unit_test (test_exit_table),
    cmocka_unit_test (test_highlight_reason_and_state),
    cmocka_unit_test (test_go_to_worst),
    cmocka_unit_test (test_screenshot),
  };
  int status = vms_gui_fixture_open ("vmscope-gui-stats-XXXXXX");

  if (status != 0)
    return status;
  status = cmocka_run_group_tests (tests, NULL, NULL);
  vms_gui_fixture_close ();
  return status;
}
