/* vms-window-actions.c — the window's actions: opening, navigation, dialogs.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Every navigation is a "win." action with accelerators (set by the
 * application), enabled by binding to the session's can-* properties so it is
 * disabled at its limit.  W/A/S/D are matched by physical key (vms-nav-keys.h).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vms-goto-dialog.h"
#include "vms-nav-keys.h"
#include "vms-spike-panel.h"
#include "vms-timeline.h"
#include "vms-window-export.h"
#include "vms-window-private.h"

static void
open_response_cb (VmsWindow *self, int response, GtkFileChooserNative *chooser)
{
  g_autoptr (GListModel) list = NULL;
  g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      list = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      for (guint i = 0; i < g_list_model_get_n_items (list); i++)
        g_ptr_array_add (files, g_list_model_get_item (list, i));
      if (files->len > 0)
        vms_window_open (self, (GFile **) files->pdata, files->len);
    }
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_object_unref (chooser);
}

static void
open_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  VmsWindow *self = user_data;
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_ ("Open Trace Folders"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _ ("_Open"),
                                         _ ("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (open_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
open_demo_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  VmsWindow *self = user_data;
  g_autofree char *demo = vms_application_dup_demo_dir ();
  const char *paths[] = { demo, NULL };

  if (demo == NULL)
    {
      _vms_window_show_message (self, _ ("The demo traces are not installed: build them with "
                                         "“ninja -C build data/demo” or open your own traces"));
      return;
    }
  _vms_window_open_paths (self, paths);
}

static void
open_recent_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  VmsWindow *self = user_data;
  g_auto (GStrv) paths = g_strsplit (g_variant_get_string (param, NULL), "\n", -1);

  _vms_window_open_paths (self, (const char *const *) paths);
}

static void
cancel_load_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  _vms_window_cancel_load (VMS_WINDOW (user_data));
}

static void
show_error_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (user_data), _ ("Could Not Read the Traces"),
                                   g_variant_get_string (param, NULL));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _ ("_Close"));
  adw_message_dialog_set_body_use_markup (ADW_MESSAGE_DIALOG (dialog), FALSE);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
close_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  gtk_window_close (GTK_WINDOW (user_data));
}

static void
zoom_in_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  vms_session_zoom_in (VMS_WINDOW (user_data)->session);
}

static void
zoom_out_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  vms_session_zoom_out (VMS_WINDOW (user_data)->session);
}

static void
pan_left_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  vms_session_pan_by_fraction (VMS_WINDOW (user_data)->session, -0.25);
}

static void
pan_right_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  vms_session_pan_by_fraction (VMS_WINDOW (user_data)->session, 0.25);
}

static void
zoom_to_selection_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  vms_session_zoom_to_selection (VMS_WINDOW (user_data)->session);
}

static void
zoom_to_fit_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  vms_session_zoom_to_fit (VMS_WINDOW (user_data)->session);
}

static void
back_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  vms_session_go_back (VMS_WINDOW (user_data)->session);
}

static void
forward_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  vms_session_go_forward (VMS_WINDOW (user_data)->session);
}

static void
range_chosen_cb (VmsWindow *self, gint64 begin, gint64 end, VmsGotoDialog *dialog)
{
  vms_session_set_visible (self->session, begin, end);
}

static void
go_to_time_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  VmsWindow *self = user_data;
  const VmsTimeSpan *trace = vms_session_get_trace (self->session);
  const VmsTimeSpan *visible = vms_session_get_visible (self->session);
  VmsGotoDialog *dialog;

  dialog = vms_goto_dialog_new (GTK_WINDOW (self), trace->begin, visible->begin, visible->end);
  g_signal_connect_object (dialog, "range-chosen", G_CALLBACK (range_chosen_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
relative_time_changed (GSimpleAction *action, GVariant *value, gpointer user_data)
{
  VmsWindow *self = user_data;
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GSettings *settings
    = VMS_IS_APPLICATION (app) ? vms_application_get_settings (VMS_APPLICATION (app)) : NULL;
  gboolean relative = g_variant_get_boolean (value);

  vms_session_set_time_mode (self->session,
                             relative ? VMS_TIME_MODE_RELATIVE : VMS_TIME_MODE_ABSOLUTE);
  g_simple_action_set_state (action, value);
  if (settings != NULL)
    g_settings_set_enum (settings, "time-format", relative ? 1 : 0);
}

static void
export_image_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  _vms_window_export_image (VMS_WINDOW (user_data));
}

static void
copy_image_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  _vms_window_copy_image (VMS_WINDOW (user_data));
}

static const GActionEntry win_actions[] = {
  { "open", open_activated },
  { "open-demo", open_demo_activated },
  { "open-recent", open_recent_activated, "s" },
  { "cancel-load", cancel_load_activated },
  { "close", close_activated },
  { "show-error", show_error_activated, "s" },
  { "zoom-in", zoom_in_activated },
  { "zoom-out", zoom_out_activated },
  { "pan-left", pan_left_activated },
  { "pan-right", pan_right_activated },
  { "zoom-to-selection", zoom_to_selection_activated },
  { "zoom-to-fit", zoom_to_fit_activated },
  { "back", back_activated },
  { "forward", forward_activated },
  { "go-to-time", go_to_time_activated },
  { "relative-time", NULL, NULL, "true", relative_time_changed },
  { "export-image", export_image_activated },
  { "copy-image", copy_image_activated },
};

/* Actions enabled by the session's property of the same meaning. */
static const struct {
  const char *action;
  const char *property;
} bound[] = {
  { "zoom-in", "can-zoom-in" },
  { "zoom-out", "can-zoom-out" },
  { "pan-left", "can-pan-left" },
  { "pan-right", "can-pan-right" },
  { "back", "can-go-back" },
  { "forward", "can-go-forward" },
  { "zoom-to-selection", "can-zoom-to-selection" },
};

/* Actions that need a loaded model. */
static const char *const need_model[] = {
  "zoom-to-fit",
  "go-to-time",
  "export-image",
  "copy-image",
};

static void
set_enabled (VmsWindow *self, const char *name, gboolean enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

void
_vms_window_actions_update (VmsWindow *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (need_model); i++)
    set_enabled (self, need_model[i], self->model != NULL);
  set_enabled (self, "cancel-load", self->loader != NULL);
  /* Navigation has nothing to act on before a set is loaded. */
  gtk_widget_set_visible (self->history_box, self->model != NULL);
  gtk_widget_set_visible (self->zoom_box, self->model != NULL);
}

static gboolean
key_pressed_cb (VmsWindow *self,
                guint keyval,
                guint keycode,
                GdkModifierType state,
                GtkEventControllerKey *controller)
{
  const char *action = vms_nav_get_action (vms_nav_for_key (keyval, keycode, state));
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (controller));

  gboolean arrow = keyval == GDK_KEY_Left || keyval == GDK_KEY_Right || keyval == GDK_KEY_KP_Left
                   || keyval == GDK_KEY_KP_Right;

  /* Text entries keep their letters; arrows pan only from the timeline, elsewhere they
   * move the focus. */
  /* Keys typed in a popover (the menus) are the popover's. */
  if (event != NULL && gdk_event_get_surface (event) != gtk_native_get_surface (GTK_NATIVE (self)))
    return FALSE;
  if (action == NULL || self->model == NULL || GTK_IS_EDITABLE (focus)
      || g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "view") != 0)
    return FALSE;
  if (arrow && focus != NULL && self->timeline != NULL && focus != self->timeline
      && !gtk_widget_is_ancestor (focus, self->timeline))
    return FALSE;
  g_action_group_activate_action (G_ACTION_GROUP (self), action, NULL);
  return TRUE;
}

static void
key_released_cb (VmsWindow *self,
                 guint keyval,
                 guint keycode,
                 GdkModifierType state,
                 GtkEventControllerKey *controller)
{
  /* A held key is one history step; the next press starts another. */
  if (vms_nav_for_key (keyval, keycode, state) != VMS_NAV_NONE)
    vms_session_end_burst (self->session);
}

/* ------------------------------------------------------------------------------------------
 * The panels' actions: the timeline's highlight (chosen in the statistics panel) and stepping
 * through the spike finder (F8 / Shift+F8), enabled while there is a spike that way.
 */
static VmsSpikePanel *
spike_panel (VmsWindow *self)
{
  GtkWidget *panel
    = self->panels != NULL ? gtk_stack_get_child_by_name (self->panels, "spikes") : NULL;

  return panel != NULL && VMS_IS_SPIKE_PANEL (panel) ? VMS_SPIKE_PANEL (panel) : NULL;
}

static void
highlight_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  VmsWindow *self = user_data;
  int state, exit_reason;

  g_variant_get (param, "(ii)", &state, &exit_reason);
  if (self->timeline != NULL)
    vms_timeline_set_highlight (VMS_TIMELINE (self->timeline), state, exit_reason);
}

static void
next_spike_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  VmsSpikePanel *panel = spike_panel (user_data);

  if (panel != NULL)
    {
      gtk_stack_set_visible_child (VMS_WINDOW (user_data)->panels, GTK_WIDGET (panel));
      vms_spike_panel_next (panel);
    }
}

static void
previous_spike_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  VmsSpikePanel *panel = spike_panel (user_data);

  if (panel != NULL)
    {
      gtk_stack_set_visible_child (VMS_WINDOW (user_data)->panels, GTK_WIDGET (panel));
      vms_spike_panel_previous (panel);
    }
}

static const GActionEntry panel_actions[] = {
  { "highlight", highlight_activated, "(ii)" },
  { "next-spike", next_spike_activated },
  { "previous-spike", previous_spike_activated },
};

static void
add_panel_actions (VmsWindow *self)
{
  static const struct {
    const char *action;
    const char *property;
    guint key;
    GdkModifierType mods;
  } steps[] = {
    { "next-spike", "can-next", GDK_KEY_F8, 0 },
    { "previous-spike", "can-previous", GDK_KEY_F8, GDK_SHIFT_MASK },
  };
  VmsSpikePanel *panel = spike_panel (self);
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  g_action_map_add_action_entries (G_ACTION_MAP (self), panel_actions, G_N_ELEMENTS (panel_actions),
                                   self);
  /* The window's own shortcuts (the application sets its accelerators), in the capture
   * phase: F8 would otherwise move the focus to a pane divider (GtkPaned's binding) */
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autofree char *name = g_strconcat ("win.", steps[i].action, NULL);
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), steps[i].action);

      if (panel != NULL)
        g_object_bind_property (panel, steps[i].property, action, "enabled", G_BINDING_SYNC_CREATE);
      else
        g_simple_action_set_enabled (G_SIMPLE_ACTION (action), FALSE);
      gtk_shortcut_controller_add_shortcut (
        GTK_SHORTCUT_CONTROLLER (shortcuts),
        gtk_shortcut_new (gtk_keyval_trigger_new (steps[i].key, steps[i].mods),
                          gtk_named_action_new (name)));
    }
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
}

void
_vms_window_actions_init (VmsWindow *self)
{
  GtkEventController *keys;

  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions, G_N_ELEMENTS (win_actions),
                                   self);
  for (guint i = 0; i < G_N_ELEMENTS (bound); i++)
    g_object_bind_property (self->session, bound[i].property,
                            g_action_map_lookup_action (G_ACTION_MAP (self), bound[i].action),
                            "enabled", G_BINDING_SYNC_CREATE);
  vms_session_set_time_mode (self->session, VMS_TIME_MODE_RELATIVE);

  /* Capture phase: W/A/S/D reach the view even when a header bar button has the focus;
   * entries are let through above. */
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  g_signal_connect_swapped (keys, "key-released", G_CALLBACK (key_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  add_panel_actions (self);
  _vms_window_actions_update (self);
}
