/* test-memory-panel.c — the Memory and Ballooning panels in the real window on the demo: the
 * graph follows zoom on the timeline's time axis, shows the values at the pointer and the
 * change over a selection; the ballooning table ranks the VMs as the memory analysis does.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * VMS_SCREENSHOT=FILE.png saves the window with the Memory panel open (a guest process
 * shown, a range selected); VMS_SCREENSHOT_BALLOON=FILE.png with the Ballooning panel.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "vms-balloon-panel.h"
#include "vms-gui-fixture.h"
#include "vms-memory-panel.h"
#include "vms-timeline.h"

static VmsMemoryPanel *panel;
static VmsMemoryGraph *graph;
static VmsMemory *memory;

static void
show_page (const char *name)
{
  show_panel (GTK_WIDGET (panel), name);
}

static void
test_load_demo (void **state)
{
  assert_true (vms_gui_fixture_load_demo ());
  panel = VMS_MEMORY_PANEL (find_widget (GTK_WIDGET (fx.window), VMS_TYPE_MEMORY_PANEL));
  assert_non_null (panel);
  graph = vms_memory_panel_get_graph (panel);
  memory = vms_memory_graph_get_memory (graph);
  assert_non_null (memory);
  assert_true (vms_memory_get_n_vms (memory) >= 1);
  assert_ptr_equal (vms_memory_graph_get_session (graph), vms_window_get_session (fx.window));
  show_page ("memory");
  assert_true (gtk_widget_get_mapped (GTK_WIDGET (graph)));
  assert_true (gtk_widget_get_width (GTK_WIDGET (graph)) > 400);
}

/* The same time is at the same x in the timeline and in the graph. */
static void
assert_same_axis (gint64 time)
{
  GtkWidget *timeline = vms_window_get_timeline (fx.window);
  VmsRenderOptions opts;
  double lw, tx, gx, wx1 = 0, wy1 = 0, wx2 = 0, wy2 = 0;

  vms_timeline_get_render_options (VMS_TIMELINE (timeline), &opts);
  lw = MIN (opts.label_width, gtk_widget_get_width (timeline) / 2.0);
  assert_int_equal (vms_memory_graph_get_label_width (graph), (int) opts.label_width);
  tx = lw
       + (double) (time - opts.begin) / (double) (opts.end - opts.begin)
           * (gtk_widget_get_width (timeline) - lw);
  gx = vms_memory_graph_time_to_x (graph, time);
  assert_true (
    gtk_widget_translate_coordinates (timeline, GTK_WIDGET (fx.window), tx, 0, &wx1, &wy1));
  assert_true (gtk_widget_translate_coordinates (GTK_WIDGET (graph), GTK_WIDGET (fx.window), gx, 0,
                                                 &wx2, &wy2));
  assert_true (fabs (wx1 - wx2) < 1.0);
}

static void
test_follows_zoom (void **state)
{
  VmsSession *session = vms_window_get_session (fx.window);
  gint64 begin, end, full;

  assert_true (activate ("zoom-to-fit"));
  vms_memory_graph_get_range (graph, &begin, &end);
  full = end - begin;
  assert_int_equal (begin, vms_session_get_visible (session)->begin);
  assert_int_equal (end, vms_session_get_visible (session)->end);
  assert_same_axis ((begin + end) / 2);

  assert_true (activate ("zoom-in"));
  assert_true (activate ("zoom-in"));
  vms_test_spin_for (100);
  vms_memory_graph_get_range (graph, &begin, &end);
  assert_int_equal (begin, vms_session_get_visible (session)->begin);
  assert_int_equal (end, vms_session_get_visible (session)->end);
  assert_true (end - begin <= full / 3);
  assert_same_axis (begin + (end - begin) / 3);

  assert_true (activate ("pan-right"));
  vms_test_spin_for (100);
  vms_memory_graph_get_range (graph, &begin, &end);
  assert_int_equal (begin, vms_session_get_visible (session)->begin);
  assert_same_axis (end - (end - begin) / 5);
  assert_true (activate ("zoom-to-fit"));
}

static GtkEventController *
find_motion (GtkWidget *widget)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GtkEventController) c = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_MOTION (c))
        return c;
    }
  return NULL;
}

/* "Label: value" as the tooltip writes it, for the pixel column [t0, t0 + ns) */
static char *
expected_line (const char *label, const VmsMemorySeries *series, gint64 t0, gint64 ns)
{
  VmsMemoryPixel px;
  g_autofree char *value = NULL;

  assert_int_equal (vms_memory_series_query (series, t0, t0 + ns, ns, TRUE, &px, 1), 1);
  assert_true (px.defined);
  value = vms_memory_graph_format_bytes (px.last, FALSE);
  return g_strdup_printf ("%s: %s", label, value);
}

static void
test_hover_values (void **state)
{
  VmsSession *session = vms_window_get_session (fx.window);
  GtkEventController *motion = find_motion (GTK_WIDGET (graph));
  const VmsMemoryVm *vm = vms_memory_get_vm (memory, vms_memory_graph_get_lane_vm (graph, 0));
  const VmsTimeSpan *v;
  gint64 t, ns, t0;
  g_autofree char *text = NULL;
  g_autofree char *host = NULL;

  assert_non_null (motion);
  assert_true (activate ("zoom-to-fit"));
  v = vms_session_get_visible (session);
  t = v->begin + (v->end - v->begin) * 3 / 5;
  g_signal_emit_by_name (motion, "motion", vms_memory_graph_time_to_x (graph, t) + 0.25, 30.0);
  /* The pointer's time is the session's hover time: the timeline and the graph show it */
  assert_true (llabs (vms_session_get_hover_time (session) - t) <= (v->end - v->begin) / 1000);
  t = vms_session_get_hover_time (session);
  text = vms_memory_graph_dup_values_text (graph, 0, t);
  assert_non_null (text);
  assert_non_null (strstr (text, vm->name));
  ns = vms_memory_graph_get_ns_per_px (graph);
  t0 = v->begin + (t - v->begin) / ns * ns;
  host = expected_line ("Host memory taken", vm->host, t0, ns);
  assert_non_null (strstr (text, host));
  if (vm->guest_trace >= 0)
    {
      g_autofree char *guest = expected_line (
        "Guest uses", vms_memory_get_machine (memory, vm->guest_trace)->total, t0, ns);

      assert_non_null (strstr (text, guest));
      assert_non_null (strstr (text, "Touched but unused: "));
    }
  g_signal_emit_by_name (motion, "leave");
  assert_int_equal (vms_session_get_hover_time (session), VMS_TIME_NONE);
}

static void
test_selection_change (void **state)
{
  VmsSession *session = vms_window_get_session (fx.window);
  const VmsMemoryVm *vm = vms_memory_get_vm (memory, vms_memory_graph_get_lane_vm (graph, 0));
  const VmsTimeSpan *trace = vms_session_get_trace (session);
  gint64 a = trace->begin + (trace->end - trace->begin) / 10;
  gint64 b = trace->end - (trace->end - trace->begin) / 10;
  g_autofree char *text = NULL;
  g_autofree char *host = NULL;
  g_autofree char *host_line = NULL;

  assert_null (vms_memory_graph_dup_selection_text (graph, 0));
  vms_session_select_range (session, a, b);
  text = vms_memory_graph_dup_selection_text (graph, 0);
  assert_non_null (text);
  host = vms_memory_graph_format_bytes (
    vms_memory_series_value_at (vm->host, b) - vms_memory_series_value_at (vm->host, a), TRUE);
  host_line = g_strdup_printf ("Δ host %s", host);
  assert_non_null (strstr (text, host_line));
  if (vm->guest_trace >= 0)
    {
      const VmsMemorySeries *g = vms_memory_get_machine (memory, vm->guest_trace)->total;
      g_autofree char *guest = vms_memory_graph_format_bytes (
        vms_memory_series_value_at (g, b) - vms_memory_series_value_at (g, a), TRUE);
      g_autofree char *guest_line = g_strdup_printf ("guest %s", guest);

      assert_non_null (strstr (text, guest_line));
    }
  vms_session_clear_selection (session);
  assert_null (vms_memory_graph_dup_selection_text (graph, 0));
}

static GtkEventController *
find_drag (GtkWidget *widget)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GtkEventController) c = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_DRAG (c))
        return c;
    }
  return NULL;
}

/* A drag over the graph selects that range in the session, a click an instant. */
static void
test_drag_selects (void **state)
{
  VmsSession *session = vms_window_get_session (fx.window);
  GtkEventController *drag = find_drag (GTK_WIDGET (graph));
  const VmsTimeSpan *v, *sel;
  gint64 a, b, tolerance;
  double xa, xb;

  assert_non_null (drag);
  assert_true (activate ("zoom-to-fit"));
  v = vms_session_get_visible (session);
  tolerance = (v->end - v->begin) / 500;
  a = v->begin + (v->end - v->begin) / 5;
  b = v->begin + (v->end - v->begin) / 2;
  xa = vms_memory_graph_time_to_x (graph, a);
  xb = vms_memory_graph_time_to_x (graph, b);
  g_signal_emit_by_name (drag, "drag-begin", xa, 40.0);
  g_signal_emit_by_name (drag, "drag-update", xb - xa, 0.0);
  g_signal_emit_by_name (drag, "drag-end", xb - xa, 0.0);
  sel = vms_session_get_selection (session);
  assert_non_null (sel);
  assert_true (llabs (sel->begin - a) <= tolerance && llabs (sel->end - b) <= tolerance);

  g_signal_emit_by_name (drag, "drag-begin", xb, 40.0);
  g_signal_emit_by_name (drag, "drag-end", 0.0, 0.0);
  sel = vms_session_get_selection (session);
  assert_non_null (sel);
  assert_int_equal (sel->begin, sel->end);
  assert_true (llabs (sel->begin - b) <= tolerance);
  vms_session_clear_selection (session);
}

static void
test_processes_and_mode (void **state)
{
  int v = vms_memory_graph_get_lane_vm (graph, 0);
  const VmsMemoryVm *vm = vms_memory_get_vm (memory, v);
  const VmsMemoryMachine *machine;
  const VmsMemoryProcess *biggest = NULL;
  VmsSession *session = vms_window_get_session (fx.window);
  g_autofree char *text = NULL;
  g_autofree char *caption = NULL;
  const VmsTimeSpan *vis;

  if (vm->guest_trace < 0)
    skip ();
  machine = vms_memory_get_machine (memory, vm->guest_trace);
  for (guint i = 0; i < machine->n_processes; i++)
    if (biggest == NULL
        || vms_memory_series_get_peak (machine->processes[i].series)
             > vms_memory_series_get_peak (biggest->series))
      biggest = &machine->processes[i];
  assert_non_null (biggest);
  vms_memory_panel_set_process_shown (panel, v, biggest->pid, TRUE);
  assert_true (vms_memory_graph_get_process_shown (graph, v, biggest->pid));
  vis = vms_session_get_visible (session);
  text = vms_memory_graph_dup_values_text (graph, 0, (vis->begin + vis->end) / 2);
  {
    g_autofree char *label = g_strdup_printf ("%s (%d): ", biggest->name, biggest->pid);

    assert_non_null (strstr (text, label));
  }

  /* The caption says which values are shown, and follows the mode */
  caption = g_strdup (vms_memory_panel_get_caption (panel));
  assert_non_null (strstr (caption, "lowest point"));
  vms_memory_graph_set_shifted (graph, FALSE);
  assert_non_null (strstr (vms_memory_graph_get_axis_title (graph), "since the trace start"));
  assert_non_null (strstr (vms_memory_panel_get_caption (panel), "since the trace start"));
  /* Relative values: the guest's line ends at its change over the trace, not its use now */
  if (vm->guest_trace >= 0)
    {
      g_autofree char *end = NULL;
      g_autofree char *value = NULL;
      g_autofree char *guest = NULL;
      const VmsMemorySeries *total = vms_memory_get_machine (memory, vm->guest_trace)->total;
      gint64 ns = vms_memory_graph_get_ns_per_px (graph);
      gint64 t = vis->end - 1;
      gint64 t0 = vis->begin + (t - vis->begin) / ns * ns;
      VmsMemoryPixel px;

      assert_int_equal (vms_memory_series_query (total, t0, t0 + ns, ns, FALSE, &px, 1), 1);
      if (px.defined)
        {
          end = vms_memory_graph_dup_values_text (graph, 0, t);
          value = vms_memory_graph_format_bytes (px.last, FALSE);
          guest = g_strdup_printf ("Guest uses: %s", value);
          assert_non_null (strstr (end, guest));
        }
    }
  vms_memory_graph_set_shifted (graph, TRUE);
  assert_non_null (strstr (vms_memory_panel_get_caption (panel), "lowest point"));
}

static void
test_screenshot (void **state)
{
  const char *path = g_getenv ("VMS_SCREENSHOT");
  VmsSession *session = vms_window_get_session (fx.window);
  const VmsTimeSpan *trace = vms_session_get_trace (session);

  if (path == NULL)
    skip ();
  assert_true (activate ("zoom-to-fit"));
  vms_session_select_range (session, trace->begin + (trace->end - trace->begin) / 4,
                            trace->begin + (trace->end - trace->begin) / 2);
  vms_session_set_hover_time (session, trace->begin + (trace->end - trace->begin) * 2 / 3);
  vms_test_spin_for (500);
  save_png (GTK_WIDGET (fx.window), path);
  if (g_getenv ("VMS_SCREENSHOT_RELATIVE") != NULL)
    {
      vms_memory_graph_set_shifted (graph, FALSE);
      vms_test_spin_for (300);
      save_png (GTK_WIDGET (fx.window), g_getenv ("VMS_SCREENSHOT_RELATIVE"));
      vms_memory_graph_set_shifted (graph, TRUE);
    }
  vms_session_clear_selection (session);
  vms_session_set_hover_time (session, VMS_TIME_NONE);
}

static void
test_ballooning (void **state)
{
  VmsBalloonPanel *balloon
    = VMS_BALLOON_PANEL (find_widget (GTK_WIDGET (fx.window), VMS_TYPE_BALLOON_PANEL));
  const char *path = g_getenv ("VMS_SCREENSHOT_BALLOON");
  guint n_ranked = 0;

  assert_non_null (balloon);
  assert_false (vms_balloon_panel_get_empty (balloon));
  assert_int_equal (vms_balloon_panel_get_n_rows (balloon), vms_memory_get_n_vms (memory));
  for (guint rank = 1; vms_memory_get_vm_by_rank (memory, rank) != NULL; rank++)
    {
      const VmsMemoryVm *vm = vms_memory_get_vm_by_rank (memory, rank);
      g_autofree char *row = vms_balloon_panel_dup_row_text (balloon, rank - 1);
      g_autofree char *start = g_strdup_printf ("%u\t%s\t", rank, vm->name);
      g_autofree char *unused = vms_memory_graph_format_bytes (vm->touched_unused_bytes, FALSE);
      g_autofree char *why = vms_balloon_panel_justify (vm);

      assert_true (g_str_has_prefix (row, start));
      assert_non_null (strstr (row, unused));
      assert_true (g_str_has_suffix (row, why));
      n_ranked++;
    }
  assert_true (n_ranked >= 1);
  if (path != NULL)
    {
      gtk_stack_set_visible_child_name (GTK_STACK (gtk_widget_get_parent (GTK_WIDGET (balloon))),
                                        "ballooning");
      vms_test_spin_for (400);
      save_png (GTK_WIDGET (fx.window), path);
      show_page ("memory");
    }
}

/* Without traces, or with the host's trace alone, the ranking says what to record. */
static void
test_empty_states (void **state)
{
  g_autofree char *host = g_build_filename (fx.demo, "host", NULL);
  const char *paths[] = { host, NULL };
  g_autoptr (VmsAnalysis) analysis = vms_analysis_new (paths);
  GtkWidget *balloon = g_object_ref_sink (vms_balloon_panel_new (NULL));
  GtkWidget *mem = g_object_ref_sink (vms_memory_panel_new (vms_window_get_session (fx.window)));
  VmsMemoryGraph *g = vms_memory_panel_get_graph (VMS_MEMORY_PANEL (mem));
  VmsMemory *host_memory;

  assert_true (vms_balloon_panel_get_empty (VMS_BALLOON_PANEL (balloon)));
  assert_null (vms_memory_graph_get_memory (g));
  assert_true (vms_analysis_run (analysis, NULL, NULL, NULL, NULL));
  host_memory = vms_analysis_get_memory (analysis);
  assert_non_null (host_memory);

  vms_balloon_panel_set_analysis (balloon, analysis);
  assert_true (vms_balloon_panel_get_empty (VMS_BALLOON_PANEL (balloon)));
  assert_int_equal (vms_balloon_panel_get_n_rows (VMS_BALLOON_PANEL (balloon)), 0);

  /* The graph still shows what each VM took from the host, and says its guest is unknown */
  vms_memory_panel_set_analysis (mem, analysis);
  assert_ptr_equal (vms_memory_graph_get_memory (g), host_memory);
  if (vms_memory_get_n_vms (host_memory) > 0)
    {
      g_autofree char *text = vms_memory_graph_dup_values_text (
        g, 0,
        (vms_session_get_visible (vms_window_get_session (fx.window))->begin
         + vms_session_get_visible (vms_window_get_session (fx.window))->end)
          / 2);

      assert_non_null (text);
      assert_non_null (strstr (text, "Host memory taken: "));
      assert_null (strstr (text, "Guest uses"));
    }
  vms_memory_panel_set_analysis (mem, NULL);
  assert_null (vms_memory_graph_get_memory (g));
  g_object_unref (mem);
  g_object_unref (balloon);
}

/* The sentence of the research's example: 20 % now after a 90 % peak */
static void
test_justify (void **state)
{
  VmsMemoryVm vm = { 0 };
  g_autofree char *text = NULL, *unranked = NULL, *bytes = NULL;

  vm.guest_trace = 1;
  vm.balloon_rank = 1;
  vm.memory_bytes = 1000 * 4096;
  vm.guest_bytes = 200 * 4096;
  vm.guest_peak_bytes = 900 * 4096;
  vm.touched_unused_bytes = 700 * 4096;
  text = vms_balloon_panel_justify (&vm);
  assert_string_equal (
    text, "Uses 20 % now after a 90 % peak: ~70 % of its frames are held for nothing.");
  vm.memory_bytes = 0;
  bytes = vms_balloon_panel_justify (&vm);
  assert_non_null (strstr (bytes, "2.7 MiB of its frames are held for nothing"));
  vm.balloon_rank = 0;
  vm.guest_trace = -1;
  unranked = vms_balloon_panel_justify (&vm);
  assert_non_null (strstr (unranked, "not traced"));
}

int
main (void)
{
  /* In this order: they share one window and the demo it loaded first. */
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_justify),          cmocka_unit_test (test_load_demo),
    cmocka_unit_test (test_follows_zoom),     cmocka_unit_test (test_hover_values),
    cmocka_unit_test (test_selection_change), cmocka_unit_test (test_processes_and_mode),
    cmocka_unit_test (test_screenshot),       cmocka_unit_test (test_ballooning),
    cmocka_unit_test (test_empty_states),     cmocka_unit_test (test_drag_selects),
  };
  int status = vms_gui_fixture_open ("vmscope-gui-memory-XXXXXX");

  if (status != 0)
    return status;
  status = cmocka_run_group_tests (tests, NULL, NULL);
  vms_gui_fixture_close ();
  return status;
}
