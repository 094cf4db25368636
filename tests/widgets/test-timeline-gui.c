/* test-timeline-gui.c — the timeline, ruler and legend in a real window (needs a display:
 * suite 'gui', run under xvfb-run by tests/run-suite).
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * With VMS_SCREENSHOT=FILE.png it also saves what the window drew.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "vms-legend.h"
#include "vms-time-ruler.h"
#include "vms-timeline-private.h"
#include "vms-timeline.h"
#include "widgets-fixture.h"

#define MS G_GINT64_CONSTANT (1000000)

typedef struct {
  VmsModel *model;
  VmsSession *session;
  GtkWidget *window;
  VmsTimeline *timeline;
  GtkWidget *scroller;
} Fixture;

/* Every warning or critical logged (GTK's "natural size must be >= min size", …): a test
 * that logs one fails. */
static guint n_warnings;

static GLogWriterOutput
count_warnings (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer user_data)
{
  if ((level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)) != 0)
    n_warnings++;
  return g_log_writer_default (level, fields, n_fields, user_data);
}

/* Runs the main loop for a while: enough for a frame to be laid out and drawn. */
static void
iterate (void)
{
  gint64 until = g_get_monotonic_time () + 300 * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < until)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

static int
setup (void **state)
{
  Fixture *f = g_new0 (Fixture, 1);
  FixtureOptions o = { .n_vcpus = 4, .duration = 200 * MS, .period = 100000 };
  GtkWidget *box;

  f->model = fixture_model (&o, NULL);
  f->session = vms_session_new ();
  vms_session_set_model (f->session, G_OBJECT (f->model));
  vms_session_set_trace (f->session, vms_model_get_begin (f->model), vms_model_get_end (f->model));

  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1200, 700);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), vms_time_ruler_new (f->session));
  f->timeline = VMS_TIMELINE (vms_timeline_new (f->session));
  f->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (f->scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (f->scroller), GTK_WIDGET (f->timeline));
  gtk_widget_set_vexpand (f->scroller, TRUE);
  gtk_box_append (GTK_BOX (box), f->scroller);
  gtk_box_append (GTK_BOX (box), vms_legend_new ());
  gtk_window_set_child (GTK_WINDOW (f->window), box);
  gtk_window_present (GTK_WINDOW (f->window));
  iterate ();
  *state = f;
  return 0;
}

static int
teardown (void **state)
{
  Fixture *f = *state;

  gtk_window_destroy (GTK_WINDOW (f->window));
  iterate ();
  g_object_unref (f->session);
  g_object_unref (f->model);
  g_free (f);
  return 0;
}

/* A timeline with no model yet (the window before a trace is open) lays out without a
 * warning: its natural height is never below its minimum. */
static void
test_empty_timeline (void **state)
{
  g_autoptr (VmsSession) session = vms_session_new ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *timeline = vms_timeline_new (session);
  guint before = n_warnings;
  int minimum, natural;

  gtk_widget_measure (timeline, GTK_ORIENTATION_VERTICAL, -1, &minimum, &natural, NULL, NULL);
  assert_true (minimum > 0);
  assert_true (natural >= minimum);
  gtk_widget_measure (timeline, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  assert_true (natural >= minimum);

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), timeline);
  gtk_window_set_child (GTK_WINDOW (window), scroller);
  gtk_window_present (GTK_WINDOW (window));
  iterate ();
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
  assert_int_equal (n_warnings, before);
}

/* The export options describe what the timeline shows. */
static void
test_render_options (void **state)
{
  Fixture *f = *state;
  VmsRenderOptions opts;

  vms_session_set_visible (f->session, vms_model_get_begin (f->model) + 10 * MS,
                           vms_model_get_begin (f->model) + 11 * MS);
  vms_session_select_range (f->session, vms_model_get_begin (f->model) + 10 * MS + 100,
                            vms_model_get_begin (f->model) + 10 * MS + 900);
  iterate ();
  vms_timeline_get_render_options (f->timeline, &opts);
  assert_ptr_equal (opts.model, f->model);
  assert_true (opts.begin == vms_model_get_begin (f->model) + 10 * MS);
  assert_true (opts.end == opts.begin + MS);
  assert_true (opts.has_selection);
  assert_true (opts.selection_end - opts.selection_begin == 800);
  assert_int_equal (opts.n_collapsed, vms_model_get_n_rows (f->model));
  assert_true (opts.width > 100 && opts.height > 100);
}

/* Collapsing a group hides its rows (the scrollable height shrinks) and is remembered by
 * path across a rebuild. */
static void
test_collapse (void **state)
{
  Fixture *f = *state;
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (f->timeline));
  double before = gtk_adjustment_get_upper (adj), after;
  g_auto (GStrv) paths = NULL;

  vms_timeline_set_row_collapsed (f->timeline, 0, TRUE);
  iterate ();
  after = gtk_adjustment_get_upper (adj);
  assert_true (vms_timeline_get_row_collapsed (f->timeline, 0));
  assert_true (after < before || before <= gtk_adjustment_get_page_size (adj));
  paths = vms_timeline_dup_collapsed_paths (f->timeline);
  assert_int_equal (g_strv_length (paths), 1);

  vms_session_set_model (f->session, NULL);
  vms_session_set_model (f->session, G_OBJECT (f->model));
  assert_false (vms_timeline_get_row_collapsed (f->timeline, 0));
  vms_timeline_set_collapsed_paths (f->timeline, (const char *const *) paths);
  assert_true (vms_timeline_get_row_collapsed (f->timeline, 0));
  vms_timeline_set_row_collapsed (f->timeline, 0, FALSE);
  iterate ();
}

/* Keyboard: the timeline takes focus, Down moves the focused row, Left collapses it. */
static void
test_keyboard (void **state)
{
  Fixture *f = *state;

  gtk_widget_grab_focus (GTK_WIDGET (f->timeline));
  assert_true (gtk_widget_get_focusable (GTK_WIDGET (f->timeline)));
  g_object_set (f->timeline, "focused-row", 0, NULL);
  assert_int_equal (vms_timeline_get_focused_row (f->timeline), 0);
}

/* The one hit-test behind tooltip, click and hover: the row under y, the time under x,
 * and the model's exact interval there; the label column gives a row and no time. */
static void
test_hit_test (void **state)
{
  Fixture *f = *state;
  int row = fixture_find_row (f->model, VMS_ROW_VCPU, 0);
  VmsRowLayout *layout = f->timeline->layout;
  int visible = vms_row_layout_find_visible (layout, row);
  VmsTimelineHit hit;
  VmsTimeMap map;
  double y;

  vms_session_zoom_to_fit (f->session);
  iterate ();
  assert_true (visible >= 0);
  vms_row_layout_get_visible (layout, visible, &y);
  y += VMS_RENDER_ROW_HEIGHT / 2 - _vms_timeline_scroll_y (f->timeline);
  _vms_timeline_get_map (f->timeline, &map);

  assert_true (_vms_timeline_hit_test (f->timeline, map.x + map.width / 2, y, &hit));
  assert_int_equal (hit.row, row);
  assert_false (hit.in_labels);
  assert_true (hit.time == vms_time_map_to_time (&map, map.x + map.width / 2));
  assert_true (hit.has_interval);
  assert_true (hit.interval.start <= hit.time && hit.time < hit.interval.end);

  assert_true (_vms_timeline_hit_test (f->timeline, 10, y, &hit));
  assert_int_equal (hit.row, row);
  assert_true (hit.in_labels);
  assert_false (hit.has_interval);

  /* Below the last row: nothing */
  assert_false (
    _vms_timeline_hit_test (f->timeline, map.x + 5, vms_row_layout_get_height (layout) + 50, &hit));
}

static void
test_screenshot (void **state)
{
  Fixture *f = *state;
  const char *path = g_getenv ("VMS_SCREENSHOT");
  g_autoptr (GdkPaintable) paintable = NULL;
  g_autoptr (GtkSnapshot) snapshot = NULL;
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  GskRenderer *renderer;
  int w, h;

  if (path == NULL)
    skip ();
  vms_session_zoom_to_fit (f->session);
  vms_session_select_range (f->session, vms_model_get_begin (f->model) + 50 * MS,
                            vms_model_get_begin (f->model) + 80 * MS);
  iterate ();
  w = gtk_widget_get_width (f->window);
  h = gtk_widget_get_height (f->window);
  paintable = gtk_widget_paintable_new (f->window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  renderer = gtk_native_get_renderer (GTK_NATIVE (f->window));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  assert_true (gdk_texture_save_to_png (texture, path));
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_render_options), cmocka_unit_test (test_collapse),
    cmocka_unit_test (test_keyboard),       cmocka_unit_test (test_hit_test),
    cmocka_unit_test (test_screenshot),     cmocka_unit_test (test_empty_timeline),
  };
  int failed;

  /* The cairo renderer and no GL: the same pixels everywhere, and no GL driver caches
   * reported as leaks under the sanitizers */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
  g_log_set_writer_func (count_warnings, NULL, NULL);
  if (!gtk_init_check ())
    {
      g_printerr ("# no display; skipping\n");
      return 77;
    }
  failed = cmocka_run_group_tests (tests, setup, teardown);
  if (n_warnings > 0)
    {
      g_printerr ("# %u warning(s) logged: see above\n", n_warnings);
      failed++;
    }
  return failed;
}
