/* test-spike-panel.c — the Spike finder in the real window on the demo: its rows are the
 * model's spikes (filtered by VM, vCPU and kind); choosing one zooms the session so the spike
 * is visible, centred, with context on both sides, and selected; next/previous spike step
 * through them in order of duration and are disabled at the ends.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * VMS_SCREENSHOT=FILE.png saves the window with the panel open and a spike chosen.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "vms-gui-fixture.h"
#include "vms-spike-panel.h"

static VmsSpikePanel *panel;
static VmsModel *model;

static void
test_load_demo (void **state)
{
  assert_true (vms_gui_fixture_load_demo ());
  model = vms_window_get_model (fx.window);
  panel = VMS_SPIKE_PANEL (find_widget (GTK_WIDGET (fx.window), VMS_TYPE_SPIKE_PANEL));
  assert_non_null (panel);
  show_panel (GTK_WIDGET (panel), "spikes");
  assert_true (gtk_widget_get_mapped (GTK_WIDGET (panel)));
  assert_true (vms_model_get_n_spikes (model) > 2);
}

static void
test_rows_are_spikes (void **state)
{
  guint n = vms_model_get_n_spikes (model);

  assert_int_equal (vms_spike_panel_get_n_rows (panel), n);
  /* Unsorted, the table lists them as the model does: longest first */
  for (guint i = 0; i < n; i++)
    assert_memory_equal (vms_spike_panel_get_row (panel, i), vms_model_get_spike (model, i),
                         sizeof (VmsSpike));
  assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (fx.window), "previous-spike"));
  assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (fx.window), "next-spike"));
}

/* The spike is selected, visible, centred, and spans about the middle third of the view. */
static void
check_shown (const VmsSpike *spike)
{
  VmsSession *session = vms_window_get_session (fx.window);
  const VmsTimeSpan *v = vms_session_get_visible (session);
  const VmsTimeSpan *sel = vms_session_get_selection (session);
  gint64 end = spike->start + spike->duration;
  gint64 span = v->end - v->begin;

  assert_true (v->begin < spike->start && end < v->end);
  assert_true (llabs ((v->begin + v->end) / 2 - (spike->start + end) / 2) <= span / 100 + 1);
  if (3 * spike->duration >= VMS_SESSION_MIN_SPAN)
    assert_true (llabs (span - 3 * spike->duration) <= 3);
  assert_non_null (sel);
  assert_int_equal (sel->begin, spike->start);
  assert_int_equal (sel->end, end);
}

static void
test_choose_and_step (void **state)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (find_widget (GTK_WIDGET (panel), GTK_TYPE_COLUMN_VIEW));

  activate ("zoom-to-fit");
  g_signal_emit_by_name (view, "activate", 0);
  assert_int_equal (vms_spike_panel_get_current (panel), 0);
  check_shown (vms_model_get_spike (model, 0));
  vms_test_spin_for (100);
  /* The longest: nothing before it */
  assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (fx.window), "previous-spike"));

  /* Next: the next longest */
  assert_true (activate ("next-spike"));
  assert_int_equal (vms_spike_panel_get_current (panel), 1);
  check_shown (vms_model_get_spike (model, 1));
  assert_true (vms_model_get_spike (model, 1)->duration
               <= vms_model_get_spike (model, 0)->duration);
  assert_true (activate ("next-spike"));
  assert_int_equal (vms_spike_panel_get_current (panel), 2);
  assert_true (activate ("previous-spike"));
  assert_int_equal (vms_spike_panel_get_current (panel), 1);

  /* The last: nothing after it */
  vms_spike_panel_activate_row (panel, vms_spike_panel_get_n_rows (panel) - 1);
  assert_int_equal (vms_spike_panel_get_current (panel), (int) vms_model_get_n_spikes (model) - 1);
  assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (fx.window), "next-spike"));
  assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (fx.window), "previous-spike"));
}

static guint
count_spikes (int vm, int vcpu, int kind)
{
  guint n = 0;

  for (guint i = 0; i < vms_model_get_n_spikes (model); i++)
    {
      const VmsSpike *s = vms_model_get_spike (model, i);

      n += (vm < 0 || (int) s->vm == vm) && (vcpu < 0 || (int) s->vcpu == vcpu)
           && (kind < 0 || (int) s->kind == kind);
    }
  return n;
}

static void
test_filters (void **state)
{
  const int filters[][3] = {
    { 0, -1, -1 },
    { 1, -1, -1 },
    { -1, 1, -1 },
    { -1, -1, VMS_SPIKE_PREEMPTION },
    { -1, -1, VMS_SPIKE_HYPERVISOR },
    { -1, -1, VMS_SPIKE_THREAD_WAIT },
    { 0, 0, VMS_SPIKE_PREEMPTION },
  };
  guint all = vms_model_get_n_spikes (model);
  gboolean fewer = FALSE;

  for (guint f = 0; f < G_N_ELEMENTS (filters); f++)
    {
      int vm = filters[f][0], vcpu = filters[f][1], kind = filters[f][2];
      guint n = count_spikes (vm, vcpu, kind);
      int previous = -1;

      if (vm >= (int) vms_model_get_n_vms (model))
        continue;
      vms_spike_panel_set_filter (panel, vm, vcpu, kind);
      assert_int_equal (vms_spike_panel_get_n_rows (panel), n);
      fewer |= n < all;
      for (guint i = 0; i < n; i++)
        {
          const VmsSpike *s = vms_spike_panel_get_row (panel, i);

          assert_true (vm < 0 || (int) s->vm == vm);
          assert_true (vcpu < 0 || (int) s->vcpu == vcpu);
          assert_true (kind < 0 || (int) s->kind == kind);
        }
      /* Stepping stays within the filter, in order of duration */
      if (n == 0)
        continue;
      vms_spike_panel_activate_row (panel, 0);
      for (guint i = 0; i < MIN (n, 4); i++)
        {
          int current = vms_spike_panel_get_current (panel);
          const VmsSpike *s = vms_model_get_spike (model, (guint) current);

          assert_true (vm < 0 || (int) s->vm == vm);
          assert_true (kind < 0 || (int) s->kind == kind);
          assert_true (current > previous);
          previous = current;
          if (i + 1 < n)
            assert_true (activate ("next-spike"));
        }
    }
  assert_true (fewer);
  vms_spike_panel_set_filter (panel, -1, -1, -1);
  assert_int_equal (vms_spike_panel_get_n_rows (panel), all);
}

/* F8 and Shift+F8 are the window's shortcuts for the next and previous spike, seen before a
 * pane divider takes F8 (capture phase); activating them steps. */
static GtkShortcut *
find_shortcut (guint keyval, GdkModifierType mods, GtkPropagationPhase *phase)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (fx.window));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GtkEventController) c = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (c))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (c)); j++)
        {
          g_autoptr (GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (c), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger)
              && gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval
              && gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == mods)
            {
              *phase = gtk_event_controller_get_propagation_phase (c);
              return shortcut; /* the controller keeps it */
            }
        }
    }
  return NULL;
}

static void
test_f8 (void **state)
{
  GtkPropagationPhase phase;
  GtkShortcut *next = find_shortcut (GDK_KEY_F8, 0, &phase);
  GtkShortcut *previous;

  assert_non_null (next);
  assert_int_equal (phase, GTK_PHASE_CAPTURE);
  assert_string_equal (
    gtk_named_action_get_action_name (GTK_NAMED_ACTION (gtk_shortcut_get_action (next))),
    "win.next-spike");
  previous = find_shortcut (GDK_KEY_F8, GDK_SHIFT_MASK, &phase);
  assert_non_null (previous);
  assert_string_equal (
    gtk_named_action_get_action_name (GTK_NAMED_ACTION (gtk_shortcut_get_action (previous))),
    "win.previous-spike");

  vms_spike_panel_activate_row (panel, 0);
  assert_true (
    gtk_shortcut_action_activate (gtk_shortcut_get_action (next), 0, GTK_WIDGET (fx.window), NULL));
  assert_int_equal (vms_spike_panel_get_current (panel), 1);
  assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (previous), 0,
                                             GTK_WIDGET (fx.window), NULL));
  assert_int_equal (vms_spike_panel_get_current (panel), 0);
}

/* Opening the set again gives the panel the new model: its spikes, nothing chosen. */
static void
test_reload (void **state)
{
  vms_spike_panel_activate_row (panel, 0);
  assert_true (vms_gui_fixture_load_demo ());
  vms_test_spin_for (200);
  model = vms_window_get_model (fx.window);
  assert_int_equal (vms_spike_panel_get_n_rows (panel), vms_model_get_n_spikes (model));
  assert_int_equal (vms_spike_panel_get_current (panel), -1);
  assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (fx.window), "previous-spike"));
}

static void
test_screenshot (void **state)
{
  const char *path = g_getenv ("VMS_SCREENSHOT");

  if (path == NULL)
    skip ();
  vms_spike_panel_set_filter (panel, -1, -1, -1);
  vms_spike_panel_activate_row (panel, 0);
  vms_test_spin_for (500);
  save_png (GTK_WIDGET (fx.window), path);
}

int
main (void)
{
  /* In this order: they share one window and the demo it loaded first. */
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_load_demo),
    cmocka_unit_test (test_rows_are_spikes),
    cmocka_unit_test (test_choose_and_step),
    cmocka_unit_test (test_filters),
    cmocka_unit_test (test_f8),
    cmocka_unit_test (test_reload),
    cmocka_unit_test (test_screenshot),
  };
  int status = vms_gui_fixture_open ("vmscope-gui-spikes-XXXXXX");

  if (status != 0)
    return status;
  status = cmocka_run_group_tests (tests, NULL, NULL);
  vms_gui_fixture_close ();
  return status;
}
