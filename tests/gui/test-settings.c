/* test-settings.c — settings and preferences ("preferences" as argument: the Preferences
 * window; else the restart): Preferences changes apply to the timeline at once (a palette switch changes the colour drawn, hiding the host CPUs removes their rows,
 * the time format follows); across a restart (a new window on the same settings backend)
 * the window size, palette, rows shown, time format and panel come back, and the demo opened
 * again shows the visible range, selection and collapsed rows it was left with.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * VMS_SCREENSHOT=FILE.png saves the preferences window.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "vms-gui-fixture.h"
#include "vms-gui-lsan.h"
#include "vms-palette.h"
#include "vms-preferences-window.h"
#include "vms-render.h"
#include "vms-sync-panel.h"
#include "vms-timeline.h"

static void
find_all (GtkWidget *root, GType type, GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    g_ptr_array_add (found, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    find_all (child, type, found);
}

static GSettings *
settings (void)
{
  return vms_application_get_settings (fx.app);
}

static VmsTimeline *
timeline (void)
{
  return VMS_TIMELINE (vms_window_get_timeline (fx.window));
}

/* How many pixels of the rendered view have the default palette's running vCPU colour. */
static guint
count_running (void)
{
  const VmsColor *c
    = &vms_palette_get (VMS_PALETTE_DEFAULT, FALSE)->states[VMS_DRAW_VCPU_RUNNING].color;
  int r = (int) (c->red * 255 + 0.5), g = (int) (c->green * 255 + 0.5);
  int b = (int) (c->blue * 255 + 0.5);
  VmsRenderOptions opts;
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree guchar *data = NULL;
  guint count = 0;
  int w, h;

  vms_timeline_get_render_options (timeline (), &opts);
  opts.dark = FALSE;
  texture = vms_render_to_texture (&opts, 800, 400, 1, &error);
  g_assert_no_error (error);
  w = gdk_texture_get_width (texture);
  h = gdk_texture_get_height (texture);
  data = g_malloc ((gsize) w * h * 4);
  gdk_texture_download (texture, data, (gsize) w * 4);
  for (int i = 0; i < w * h; i++)
    {
      const guchar *px = data + 4 * i; /* B G R A */

      count += ABS (px[2] - r) <= 4 && ABS (px[1] - g) <= 4 && ABS (px[0] - b) <= 4;
    }
  return count;
}

static double
rows_height (void)
{
  VmsRenderOptions opts;

  vms_timeline_get_render_options (timeline (), &opts);
  opts.show_legend = FALSE;
  opts.caption = NULL;
  return vms_render_get_natural_height (&opts);
}

/* The rows the host's CPUs take: their group and one row each. */
static double
host_cpus_height (void)
{
  VmsModel *model = vms_window_get_model (fx.window);
  guint n = 0;

  for (guint i = 0; i < vms_model_get_n_rows (model); i++)
    n += vms_row_filter_hides (model, i, VMS_ROW_FILTER_HOST_CPUS);
  assert_true (n > 0);
  return n * 22.0 + 24.0;
}

static void
test_load_demo (void **state)
{
  assert_true (vms_gui_fixture_load_demo ());
  vms_test_spin_for (200);
}

/* F9 / the menu's check item hides and shows the details pane, and the setting follows. */
static void
test_details_pane_toggle (void **state)
{
  GtkWidget *pane = GTK_WIDGET (vms_window_get_details_pane (fx.window));
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  g_autoptr (GVariant) st = NULL;

  assert_true (gtk_widget_get_visible (pane));
  assert_true (g_action_group_has_action (G_ACTION_GROUP (fx.window), "show-details"));
  g_action_group_activate_action (G_ACTION_GROUP (fx.window), "show-details", NULL);
  vms_test_spin_for (50);
  assert_false (gtk_widget_get_visible (pane));
  assert_false (g_settings_get_boolean (settings, "show-details"));
  st = g_action_group_get_action_state (G_ACTION_GROUP (fx.window), "show-details");
  assert_false (g_variant_get_boolean (st));
  g_action_group_activate_action (G_ACTION_GROUP (fx.window), "show-details", NULL);
  vms_test_spin_for (50);
  assert_true (gtk_widget_get_visible (pane));
  assert_true (g_settings_get_boolean (settings, "show-details"));
}

static void
test_preferences_apply_live (void **state)
{
  g_autoptr (GPtrArray) combos = g_ptr_array_new ();
  g_autoptr (GPtrArray) switches = g_ptr_array_new ();
  const char *screenshot = g_getenv ("VMS_SCREENSHOT");
  GtkWindow *prefs;
  double height, cpus;
  guint running;

  g_action_group_activate_action (G_ACTION_GROUP (fx.app), "preferences", NULL);
  vms_test_spin_for (200);
  prefs = find_toplevel (VMS_TYPE_PREFERENCES_WINDOW);
  assert_non_null (prefs);
  assert_ptr_equal (gtk_window_get_transient_for (prefs), GTK_WINDOW (fx.window));
  find_all (GTK_WIDGET (prefs), ADW_TYPE_COMBO_ROW, combos);
  find_all (GTK_WIDGET (prefs), GTK_TYPE_SWITCH, switches);
  assert_int_equal (combos->len, 2);   /* time format, palette */
  assert_int_equal (switches->len, 2); /* idle threads, host CPUs */
  assert_int_equal (adw_combo_row_get_selected (g_ptr_array_index (combos, 1)), 0);
  assert_true (gtk_switch_get_active (g_ptr_array_index (switches, 1)));

  /* The colour-blind palette: the default running green is gone from the drawing */
  running = count_running ();
  assert_true (running > 1000);
  adw_combo_row_set_selected (g_ptr_array_index (combos, 1), 1);
  assert_int_equal (g_settings_get_enum (settings (), "palette"), VMS_PALETTE_COLORBLIND);
  assert_int_equal (vms_timeline_get_palette (timeline ()), VMS_PALETTE_COLORBLIND);
  assert_true (count_running () < running / 100);

  /* No host CPUs: their rows go */
  height = rows_height ();
  cpus = host_cpus_height ();
  gtk_switch_set_active (g_ptr_array_index (switches, 1), FALSE);
  assert_false (g_settings_get_boolean (settings (), "show-host-cpus"));
  assert_false (vms_timeline_get_show_host_cpus (timeline ()));
  assert_true (rows_height () == height - cpus);

  /* No idle threads: never more rows */
  height = rows_height ();
  gtk_switch_set_active (g_ptr_array_index (switches, 0), FALSE);
  assert_false (vms_timeline_get_show_idle_threads (timeline ()));
  assert_true (rows_height () <= height);
  gtk_switch_set_active (g_ptr_array_index (switches, 0), TRUE);

  /* Time of day: the session and the menu's toggle follow */
  adw_combo_row_set_selected (g_ptr_array_index (combos, 0), 0);
  assert_int_equal (vms_session_get_time_mode (vms_window_get_session (fx.window)),
                    VMS_TIME_MODE_ABSOLUTE);
  {
    g_autoptr (GVariant) relative
      = g_action_group_get_action_state (G_ACTION_GROUP (fx.window), "relative-time");

    assert_false (g_variant_get_boolean (relative));
  }
  /* … and the toggle writes the setting the preferences show */
  g_action_group_change_action_state (G_ACTION_GROUP (fx.window), "relative-time",
                                      g_variant_new_boolean (TRUE));
  assert_int_equal (adw_combo_row_get_selected (g_ptr_array_index (combos, 0)), 1);
  g_action_group_change_action_state (G_ACTION_GROUP (fx.window), "relative-time",
                                      g_variant_new_boolean (FALSE));
  assert_int_equal (adw_combo_row_get_selected (g_ptr_array_index (combos, 0)), 0);

  if (screenshot != NULL)
    {
      vms_test_spin_for (300);
      save_png (GTK_WIDGET (prefs), screenshot);
    }
  gtk_window_destroy (prefs);
  vms_test_spin_for (50);
}

static gboolean
loaded (gpointer data)
{
  return !vms_window_get_loading (fx.window) && vms_window_get_model (fx.window) != NULL;
}

static void
test_restart (void **state)
{
  VmsSession *session = vms_window_get_session (fx.window);
  VmsModel *model = vms_window_get_model (fx.window);
  g_autoptr (GFile) demo = g_file_new_for_path (fx.demo);
  g_auto (GStrv) collapsed = NULL;
  g_auto (GStrv) restored = NULL;
  g_autofree char *panel = NULL;
  VmsTimeSpan visible, selection;
  int width, height;
  int threads = -1;

  /* Preferences (as the Preferences window sets them, in a process of its own) */
  g_settings_set_enum (settings (), "palette", VMS_PALETTE_COLORBLIND);
  g_settings_set_boolean (settings (), "show-host-cpus", FALSE);
  g_settings_set_enum (settings (), "time-format", 0);
  assert_int_equal (vms_timeline_get_palette (timeline ()), VMS_PALETTE_COLORBLIND);

  /* A view: zoomed in, a selection, the first "Threads" group collapsed, the sync panel */
  assert_true (activate ("zoom-in"));
  assert_true (activate ("zoom-in"));
  assert_true (activate ("pan-right"));
  visible = *vms_session_get_visible (session);
  selection.begin = visible.begin + (visible.end - visible.begin) / 4;
  selection.end = visible.begin + (visible.end - visible.begin) / 2;
  vms_session_select_range (session, selection.begin, selection.end);
  for (guint i = 0; i < vms_model_get_n_rows (model) && threads < 0; i++)
    if (vms_model_get_row (model, i)->kind == VMS_ROW_GROUP
        && g_str_equal (vms_model_get_row (model, i)->label, "Threads"))
      threads = (int) i;
  assert_true (threads >= 0);
  vms_timeline_set_row_collapsed (timeline (), (guint) threads, TRUE);
  collapsed = vms_timeline_dup_collapsed_paths (timeline ());
  assert_int_equal (g_strv_length (collapsed), 1);
  {
    GtkWidget *sync = find_widget (GTK_WIDGET (fx.window), VMS_TYPE_SYNC_PANEL);

    assert_non_null (sync);
    gtk_stack_set_visible_child (GTK_STACK (gtk_widget_get_parent (sync)), sync);
  }
  gtk_window_set_default_size (GTK_WINDOW (fx.window), 1100, 720);
  vms_test_spin_for (200);

  /* Restart: Quit closes the window (saving), a new one opens on the same settings */
  g_action_group_activate_action (G_ACTION_GROUP (fx.app), "quit", NULL);
  vms_test_spin_for (200);
  panel = g_settings_get_string (settings (), "panel");
  assert_string_equal (panel, "sync");
  fx.window = vms_window_new (fx.app);
  gtk_window_present (GTK_WINDOW (fx.window));
  vms_test_spin_for (200);

  gtk_window_get_default_size (GTK_WINDOW (fx.window), &width, &height);
  assert_int_equal (width, 1100);
  assert_int_equal (height, 720);
  assert_int_equal (vms_timeline_get_palette (timeline ()), VMS_PALETTE_COLORBLIND);
  assert_false (vms_timeline_get_show_host_cpus (timeline ()));
  assert_true (vms_timeline_get_show_idle_threads (timeline ()));
  assert_int_equal (vms_session_get_time_mode (vms_window_get_session (fx.window)),
                    VMS_TIME_MODE_ABSOLUTE);

  /* The same folders again: the view they were left with */
  vms_window_open (fx.window, &demo, 1);
  assert_true (vms_test_spin_until (loaded, NULL, LOAD_TIMEOUT_S));
  vms_test_spin_for (100);
  session = vms_window_get_session (fx.window);
  assert_int_equal (vms_session_get_visible (session)->begin, visible.begin);
  assert_int_equal (vms_session_get_visible (session)->end, visible.end);
  assert_non_null (vms_session_get_selection (session));
  assert_int_equal (vms_session_get_selection (session)->begin, selection.begin);
  assert_int_equal (vms_session_get_selection (session)->end, selection.end);
  restored = vms_timeline_dup_collapsed_paths (timeline ());
  assert_int_equal (g_strv_length (restored), 1);
  assert_string_equal (restored[0], collapsed[0]);
}

/* Two processes: the Preferences window with a loaded timeline and a second window take GLib
 * past 2048 quarks, and GLib then drops its first quark block on purpose (a leak report). */
int
main (int argc, char **argv)
{
  const struct CMUnitTest preferences[] = {
    cmocka_unit_test (test_load_demo),
    cmocka_unit_test (test_details_pane_toggle),
    cmocka_unit_test (test_preferences_apply_live),
  };
  const struct CMUnitTest restart[] = {
    cmocka_unit_test (test_load_demo),
    cmocka_unit_test (test_restart),
  };
  gboolean prefs = argc > 1 && g_str_equal (argv[1], "preferences");
  int status = vms_gui_fixture_open ("vmscope-gui-settings-XXXXXX");

  if (status != 0)
    return status;
  status = prefs ? cmocka_run_group_tests (preferences, NULL, NULL)
                 : cmocka_run_group_tests (restart, NULL, NULL);
  vms_gui_fixture_close ();
  return status;
}
