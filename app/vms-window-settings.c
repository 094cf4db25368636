/* vms-window-settings.c — the window and the settings: palette, rows shown, time format and
 * panel layout follow GSettings live; the view of each trace set is saved and restored; a
 * manual clock offset typed in the Synchronization panel rebuilds the model.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vms-legend.h"
#include "vms-sync-panel.h"
#include "vms-timeline.h"
#include "vms-view-state.h"
#include "vms-window-private.h"

static GSettings *
get_settings (VmsWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  return VMS_IS_APPLICATION (app) ? vms_application_get_settings (VMS_APPLICATION (app)) : NULL;
}

static char *
dup_key (GPtrArray *files)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) paths = NULL;

  if (files->len == 0)
    return NULL;
  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *path = g_file_get_path (g_ptr_array_index (files, i));

      if (path == NULL)
        return NULL;
      g_strv_builder_add (builder, path);
    }
  paths = g_strv_builder_end (builder);
  return vms_view_state_key ((const char *const *) paths);
}

/* The time format: the setting drives the "relative-time" action, which writes it back. */
static void
time_format_changed_cb (VmsWindow *self, const char *key, GSettings *settings)
{
  gboolean relative = g_settings_get_enum (settings, "time-format") == 1;
  g_autoptr (GVariant) state
    = g_action_group_get_action_state (G_ACTION_GROUP (self), "relative-time");

  if (state == NULL || g_variant_get_boolean (state) != relative)
    g_action_group_change_action_state (G_ACTION_GROUP (self), "relative-time",
                                        g_variant_new_boolean (relative));
}

static void
panel_changed_cb (VmsWindow *self, GParamSpec *pspec, GtkStack *panels)
{
  GSettings *settings = get_settings (self);
  const char *name = gtk_stack_get_visible_child_name (panels);

  if (settings != NULL && name != NULL)
    g_settings_set_string (settings, "panel", name);
}

/* A machine's offset typed in the Synchronization panel: the same set again, with the
 * offsets, in the background; the view is kept (saved and restored like a reopened set). */
static void
offset_changed_cb (VmsWindow *self, const char *machine, gboolean set, gint64 offset_ns)
{
  g_autoptr (GPtrArray) files = NULL;

  if (self->shown_files->len == 0 || machine == NULL)
    return;
  if (set)
    g_hash_table_replace (self->offsets, g_strdup (machine),
                          g_memdup2 (&offset_ns, sizeof offset_ns));
  else if (!g_hash_table_remove (self->offsets, machine))
    return;
  files = g_ptr_array_copy (self->shown_files, (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
  g_ptr_array_set_free_func (files, g_object_unref);
  vms_window_open (self, (GFile **) files->pdata, (int) files->len);
}

void
_vms_window_settings_init (VmsWindow *self)
{
  GSettings *settings = get_settings (self);
  GtkWidget *sync
    = self->panels != NULL ? gtk_stack_get_child_by_name (self->panels, "sync") : NULL;
  g_autofree char *panel = NULL;

  self->offsets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  /* A thin bar over the timeline while the model is rebuilt with a manual offset */
  self->rebuild_bar = gtk_progress_bar_new ();
  gtk_progress_bar_set_show_text (GTK_PROGRESS_BAR (self->rebuild_bar), TRUE);
  gtk_widget_set_margin_start (self->rebuild_bar, 12);
  gtk_widget_set_margin_end (self->rebuild_bar, 12);
  gtk_widget_set_margin_top (self->rebuild_bar, 6);
  gtk_widget_set_visible (self->rebuild_bar, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->rebuild_bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Rebuilding progress"), -1);
  gtk_box_prepend (self->view_box, self->rebuild_bar);

  if (sync != NULL)
    g_signal_connect_object (sync, "offset-changed", G_CALLBACK (offset_changed_cb), self,
                             G_CONNECT_SWAPPED);

  if (settings == NULL)
    return;
  /* The details pane, shown or hidden by win.show-details (F9, a check item of the menu) */
  g_settings_bind (settings, "show-details", self->details_pane, "visible",
                   G_SETTINGS_BIND_DEFAULT);
  {
    g_autoptr (GAction) action = g_settings_create_action (settings, "show-details");

    g_action_map_add_action (G_ACTION_MAP (self), action);
  }
  g_settings_bind (settings, "palette", self->timeline, "palette", G_SETTINGS_BIND_GET);
  g_settings_bind (settings, "palette", self->legend, "palette", G_SETTINGS_BIND_GET);
  g_settings_bind (settings, "show-idle-threads", self->timeline, "show-idle-threads",
                   G_SETTINGS_BIND_GET);
  g_settings_bind (settings, "show-host-cpus", self->timeline, "show-host-cpus",
                   G_SETTINGS_BIND_GET);
  g_signal_connect_object (settings, "changed::time-format", G_CALLBACK (time_format_changed_cb),
                           self, G_CONNECT_SWAPPED);

  /* The panel layout */
  gtk_paned_set_position (self->paned, g_settings_get_int (settings, "details-pane-position"));
  if (self->panels_paned != NULL)
    gtk_paned_set_position (GTK_PANED (self->panels_paned),
                            g_settings_get_int (settings, "panels-position"));
  panel = g_settings_get_string (settings, "panel");
  if (self->panels != NULL && *panel != '\0'
      && gtk_stack_get_child_by_name (self->panels, panel) != NULL)
    gtk_stack_set_visible_child_name (self->panels, panel);
  if (self->panels != NULL)
    g_signal_connect_object (self->panels, "notify::visible-child-name",
                             G_CALLBACK (panel_changed_cb), self, G_CONNECT_SWAPPED);
}

/* On close: the panel layout for the next window, and the view of the set shown. */
void
_vms_window_settings_save (VmsWindow *self)
{
  GSettings *settings = get_settings (self);

  if (settings == NULL)
    return;
  if (self->panels != NULL && gtk_stack_get_visible_child_name (self->panels) != NULL)
    g_settings_set_string (settings, "panel", gtk_stack_get_visible_child_name (self->panels));
  if (gtk_widget_get_mapped (GTK_WIDGET (self->paned)))
    g_settings_set_int (settings, "details-pane-position",
                        MAX (0, gtk_paned_get_position (self->paned)));
  if (self->panels_paned != NULL && gtk_widget_get_mapped (self->panels_paned))
    g_settings_set_int (settings, "panels-position",
                        MAX (0, gtk_paned_get_position (GTK_PANED (self->panels_paned))));
  _vms_window_view_state_save (self);
}

void
_vms_window_view_state_save (VmsWindow *self)
{
  GSettings *settings = get_settings (self);
  g_autofree char *key = dup_key (self->shown_files);
  g_auto (VmsViewState) state = { 0 };
  const VmsTimeSpan *visible, *selection;

  if (settings == NULL || key == NULL || self->model == NULL || self->timeline == NULL)
    return;
  vms_view_state_init (&state);
  visible = vms_session_get_visible (self->session);
  selection = vms_session_get_selection (self->session);
  state.visible_begin = visible->begin;
  state.visible_end = visible->end;
  if (selection != NULL)
    {
      state.has_selection = TRUE;
      state.selection_begin = selection->begin;
      state.selection_end = selection->end;
    }
  g_strfreev (state.collapsed);
  state.collapsed = vms_timeline_dup_collapsed_paths (VMS_TIMELINE (self->timeline));
  if (self->panels != NULL)
    state.panel = g_strdup (gtk_stack_get_visible_child_name (self->panels));
  if (self->panels_paned != NULL && gtk_widget_get_mapped (self->panels_paned))
    state.panels_position = gtk_paned_get_position (GTK_PANED (self->panels_paned));
  vms_view_state_save (settings, key, &state);
}

void
_vms_window_view_state_restore (VmsWindow *self)
{
  GSettings *settings = get_settings (self);
  g_autofree char *key = dup_key (self->shown_files);
  g_auto (VmsViewState) state = { 0 };
  const VmsTimeSpan *trace;

  vms_view_state_init (&state);
  if (settings == NULL || key == NULL || self->model == NULL
      || !vms_view_state_load (settings, key, &state))
    return;
  trace = vms_session_get_trace (self->session);
  /* The same folders may hold other traces now: only a range inside them is restored. */
  if (state.visible_begin < trace->end && state.visible_end > trace->begin)
    vms_session_set_visible (self->session, state.visible_begin, state.visible_end);
  if (state.has_selection && state.selection_begin >= trace->begin
      && state.selection_end <= trace->end)
    {
      if (state.selection_begin == state.selection_end)
        vms_session_select_instant (self->session, state.selection_begin);
      else
        vms_session_select_range (self->session, state.selection_begin, state.selection_end);
    }
  vms_timeline_set_collapsed_paths (VMS_TIMELINE (self->timeline),
                                    (const char *const *) state.collapsed);
  if (self->panels != NULL && state.panel != NULL
      && gtk_stack_get_child_by_name (self->panels, state.panel) != NULL)
    gtk_stack_set_visible_child_name (self->panels, state.panel);
  if (self->panels_paned != NULL && state.panels_position >= 0)
    gtk_paned_set_position (GTK_PANED (self->panels_paned), state.panels_position);
}

/* Before a load: the offsets typed for this set (none for another set), and whether it is a
 * rebuild of the set shown (the view stays on screen). */
void
_vms_window_settings_prepare_load (VmsWindow *self, VmsLoader *loader)
{
  g_autofree char *shown = dup_key (self->shown_files);
  g_autofree char *loading = dup_key (self->loading_files);
  GHashTableIter iter;
  gpointer name, offset;

  self->rebuilding = self->model != NULL && shown != NULL && g_strcmp0 (shown, loading) == 0;
  if (g_strcmp0 (loading, self->offsets_key) != 0)
    {
      g_hash_table_remove_all (self->offsets);
      g_free (self->offsets_key);
      self->offsets_key = g_steal_pointer (&loading);
    }
  g_hash_table_iter_init (&iter, self->offsets);
  while (g_hash_table_iter_next (&iter, &name, &offset))
    vms_loader_add_offset (loader, name, *(gint64 *) offset);
  if (self->rebuild_bar != NULL)
    {
      gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->rebuild_bar), 0);
      gtk_progress_bar_set_text (GTK_PROGRESS_BAR (self->rebuild_bar),
                                 _ ("Rebuilding with the new clock offsets…"));
      gtk_widget_set_visible (self->rebuild_bar, self->rebuilding);
    }
}

/* After a load (done, failed or cancelled). */
void
_vms_window_settings_load_done (VmsWindow *self)
{
  self->rebuilding = FALSE;
  if (self->rebuild_bar != NULL)
    gtk_widget_set_visible (self->rebuild_bar, FALSE);
}

/* The loader's progress, on the rebuild bar while the view stays. */
void
_vms_window_settings_progress (VmsWindow *self, VmsLoader *loader)
{
  if (!self->rebuilding || self->rebuild_bar == NULL)
    return;
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->rebuild_bar),
                                 vms_loader_get_fraction (loader));
  gtk_progress_bar_set_text (GTK_PROGRESS_BAR (self->rebuild_bar), vms_loader_get_message (loader));
}
