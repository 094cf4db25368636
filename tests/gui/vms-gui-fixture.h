/* vms-gui-fixture.h — the window every GUI test drives: a VmsApplication, a VmsWindow on the
 * demo traces, a scratch folder, and what truth.json says of the demo's longest preemption.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Included by one test file per executable: it holds that executable's fixture.
 */
#pragma once

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "vms-gui-test.h"

G_BEGIN_DECLS

#define LOAD_TIMEOUT_S 300

static struct {
  VmsApplication *app;
  VmsWindow *window;
  char *demo;
  char *tmpdir;
  /* From truth.json: the longest preemption of some vCPU */
  char *preempted_vm;
  gint64 preempt_start;
  gint64 preempt_duration;
} fx;

static inline gboolean
activate (const char *action)
{
  if (!g_action_group_get_action_enabled (G_ACTION_GROUP (fx.window), action))
    return FALSE;
  g_action_group_activate_action (G_ACTION_GROUP (fx.window), action, NULL);
  vms_session_end_burst (vms_window_get_session (fx.window));
  return TRUE;
}

static inline gint64
visible_span (void)
{
  const VmsTimeSpan *v = vms_session_get_visible (vms_window_get_session (fx.window));

  return v->end - v->begin;
}

static inline GtkWidget *
find_widget (GtkWidget *root, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Saves what widget (a window) shows as a PNG, for the VMS_SCREENSHOT hooks. */
static inline void
save_png (GtkWidget *widget, const char *path)
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  assert_non_null (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  assert_true (gdk_texture_save_to_png (texture, path));
}

/* Shows the page name of the panels under the timeline, panel being that page, and gives
 * the panels room (330 px) below the timeline. */
static inline void
show_panel (GtkWidget *panel, const char *name)
{
  GtkWidget *stack = gtk_widget_get_parent (panel);
  GtkWidget *paned;

  assert_true (GTK_IS_STACK (stack));
  gtk_stack_set_visible_child_name (GTK_STACK (stack), name);
  vms_test_spin_for (200);
  paned = gtk_widget_get_ancestor (stack, GTK_TYPE_PANED);
  if (paned != NULL)
    gtk_paned_set_position (GTK_PANED (paned), gtk_widget_get_height (paned) - 330);
  vms_test_spin_for (300);
}

static inline GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static inline void
read_truth (void)
{
  g_autofree char *path = g_build_filename (fx.demo, "truth.json", NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonArray *guests;

  if (!json_parser_load_from_file (parser, path, NULL))
    return;
  guests
    = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "guests");
  for (guint g = 0; guests != NULL && g < json_array_get_length (guests); g++)
    {
      JsonObject *guest = json_array_get_object_element (guests, g);
      JsonArray *vcpus = json_object_get_array_member (guest, "vcpus");

      for (guint c = 0; vcpus != NULL && c < json_array_get_length (vcpus); c++)
        {
          JsonObject *pre = json_object_get_object_member (json_array_get_object_element (vcpus, c),
                                                           "preemptions");
          JsonArray *longest = pre ? json_object_get_array_member (pre, "longest") : NULL;
          JsonObject *first;

          if (longest == NULL || json_array_get_length (longest) == 0)
            continue;
          first = json_array_get_object_element (longest, 0);
          if (json_object_get_int_member (first, "duration") <= fx.preempt_duration)
            continue;
          g_free (fx.preempted_vm);
          fx.preempted_vm = g_strdup (json_object_get_string_member (guest, "hostname"));
          fx.preempt_start = json_object_get_int_member (first, "start");
          fx.preempt_duration = json_object_get_int_member (first, "duration");
        }
    }
}

static inline void
remove_tree (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_tree (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

/* Sets up the process for the GUI tests and opens the window (not yet on the demo).
 * Returns 77 (skip) without a display or without the demo, else 0. */
static inline int
vms_gui_fixture_open (const char *tmp_template)
{
  g_autoptr (GError) error = NULL;

  /* Xvfb has no GPU: GTK's GL renderer would run on llvmpipe, whose rendering threads the
   * main loop waits for while they compete for the 2 cores with the analysis, which would
   * measure Mesa rather than vmscope.  The cairo renderer draws on the main thread; without
   * GL, Mesa is not even loaded (its drivers, unloaded at exit, hide leaks' origins). */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
  /* Keep babeltrace2's plugins loaded until exit, so LeakSanitizer can name their frames. */
  g_setenv ("LIBBABELTRACE2_NO_DLCLOSE", "1", FALSE);
  if (!vms_test_have_display ())
    return 77;
  fx.demo = vms_test_demo_dir ();
  if (fx.demo == NULL)
    {
      g_printerr ("# the demo traces (data/demo) are not in the tree yet; skipping\n");
      return 77;
    }
  read_truth ();
  fx.tmpdir = g_dir_make_tmp (tmp_template, &error);
  g_assert_no_error (error);

  fx.app = vms_application_new ();
  g_application_register (G_APPLICATION (fx.app), NULL, &error);
  g_assert_no_error (error);
  fx.window = vms_window_new (fx.app);
  gtk_window_set_default_size (GTK_WINDOW (fx.window), 1440, 900);
  gtk_window_present (GTK_WINDOW (fx.window));
  vms_test_spin_for (100);
  return 0;
}

/* Loads the demo in the window, waiting for the end. */
static inline gboolean
vms_gui_fixture_load_demo (void)
{
  g_autoptr (GFile) file = g_file_new_for_path (fx.demo);

  vms_window_open (fx.window, &file, 1);
  return vms_test_spin_until (vms_test_not_loading, fx.window, LOAD_TIMEOUT_S)
         && vms_window_get_model (fx.window) != NULL;
}

static inline void
vms_gui_fixture_close (void)
{
  gtk_window_destroy (GTK_WINDOW (fx.window));
  /* D-Bus replies still on their way (GTK's file chooser asks the session bus about
   * volumes and cloud providers) are delivered, and freed, before the leak check at exit. */
  vms_test_spin_for (500);
  g_clear_object (&fx.app);
  remove_tree (fx.tmpdir);
  g_free (fx.tmpdir);
  g_free (fx.demo);
  g_free (fx.preempted_vm);
}

G_END_DECLS
