/* vms-window.c — the Virtual Machine View window: opening, loading, the view.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vms-legend.h"
#include "vms-time-ruler.h"
#include "vms-timeline.h"
#include "vms-window-private.h"

G_DEFINE_FINAL_TYPE (VmsWindow, vms_window, ADW_TYPE_APPLICATION_WINDOW)

static void
show_toast (VmsWindow *self, const char *message, guint timeout)
{
  AdwToast *toast = adw_toast_new (message);

  g_free (self->last_message);
  self->last_message = g_strdup (message);
  adw_toast_set_timeout (toast, timeout);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* An error: a toast that stays until dismissed, short enough to read, with the whole
 * message (which file, what is wrong, what to do) one click away. */
void
_vms_window_show_error (VmsWindow *self, const char *title, const char *message)
{
  AdwToast *toast = adw_toast_new (title);

  g_free (self->last_message);
  self->last_message = g_strdup (message);
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_button_label (toast, _ ("_Details"));
  adw_toast_set_action_name (toast, "win.show-error");
  adw_toast_set_action_target_value (toast, g_variant_new_string (message));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* A short error, whole in the toast. */
void
_vms_window_show_message (VmsWindow *self, const char *message)
{
  show_toast (self, message, 0);
}

/* A notice: it goes away by itself. */
void
_vms_window_show_notice (VmsWindow *self, const char *message)
{
  show_toast (self, message, 3);
}

static void
update_title (VmsWindow *self)
{
  GPtrArray *files = self->loader != NULL ? self->loading_files : self->shown_files;
  g_autoptr (GString) names = g_string_new (NULL);

  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *name = g_file_get_basename (g_ptr_array_index (files, i));

      if (names->len > 0)
        g_string_append (names, ", ");
      g_string_append (names, name);
    }
  adw_window_title_set_subtitle (self->window_title, names->str);
}

/* The interval section of the details pane: the one under the pointer while hovering,
 * else the one clicked last. */
static void
update_interval (VmsWindow *self)
{
  VmsInterval interval;
  guint row;

  if (self->model != NULL && self->timeline != NULL
      && vms_timeline_get_hovered_interval (VMS_TIMELINE (self->timeline), &row, &interval))
    {
      g_autofree char *text = _vms_window_describe_interval (self, row, &interval);

      vms_details_pane_set_interval (self->details_pane, text);
    }
  else
    vms_details_pane_set_interval (self->details_pane, self->model ? self->clicked_interval : NULL);
}

static void
interval_selected_cb (VmsWindow *self, guint row, gpointer interval, VmsTimeline *timeline)
{
  g_clear_pointer (&self->clicked_interval, g_free);
  if (interval != NULL && self->model != NULL)
    self->clicked_interval = _vms_window_describe_interval (self, row, interval);
  update_interval (self);
}

static void
build_view (VmsWindow *self)
{
  GtkWidget *scroller;

  self->ruler = vms_time_ruler_new (self->session);
  self->timeline = vms_timeline_new (self->session);
  self->legend = vms_legend_new ();
  gtk_widget_set_vexpand (self->timeline, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->timeline), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Timeline"), -1);

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), self->timeline);
  gtk_widget_set_vexpand (scroller, TRUE);

  /* ruler, rows above the panels, legend, then the template's selection line */
  self->panels_paned = gtk_paned_new (GTK_ORIENTATION_VERTICAL);
  gtk_paned_set_start_child (GTK_PANED (self->panels_paned), scroller);
  gtk_paned_set_end_child (GTK_PANED (self->panels_paned), _vms_window_panels_new (self));
  gtk_paned_set_resize_end_child (GTK_PANED (self->panels_paned), FALSE);
  gtk_paned_set_shrink_end_child (GTK_PANED (self->panels_paned), TRUE);
  gtk_widget_set_vexpand (self->panels_paned, TRUE);
  gtk_box_prepend (self->view_box, self->legend);
  gtk_box_prepend (self->view_box, self->panels_paned);
  gtk_box_prepend (self->view_box, self->ruler);

  g_signal_connect_object (self->timeline, "interval-selected", G_CALLBACK (interval_selected_cb),
                           self, G_CONNECT_SWAPPED);
  /* The pointer moves in time, or to another row at the same time. */
  g_signal_connect_object (self->session, "notify::hover-time", G_CALLBACK (update_interval), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->timeline, "notify::hovered-row", G_CALLBACK (update_interval),
                           self, G_CONNECT_SWAPPED);
}

static void
set_model (VmsWindow *self, VmsModel *model)
{
  if (!g_set_object (&self->model, model))
    return;
  vms_session_set_model (self->session, G_OBJECT (model));
  if (model != NULL && vms_model_get_end (model) > vms_model_get_begin (model))
    vms_session_set_trace (self->session, vms_model_get_begin (model), vms_model_get_end (model));
  g_clear_pointer (&self->clicked_interval, g_free);
  if (self->timeline != NULL)
    {
      VmsRenderOptions opts;

      vms_render_options_init (&opts);
      vms_timeline_get_render_options (VMS_TIMELINE (self->timeline), &opts);
      if (opts.label_width > 0)
        vms_time_ruler_set_label_width (VMS_TIME_RULER (self->ruler), (int) opts.label_width);
    }
  _vms_window_actions_update (self);
  _vms_window_details_update (self);
  update_interval (self);
}

static void
show_page (VmsWindow *self)
{
  const char *page = "empty";

  if (self->loader != NULL && !(self->rebuilding && self->model != NULL))
    page = "loading";
  else if (self->model != NULL)
    page = "view";
  gtk_stack_set_visible_child_name (self->stack, page);
  if (self->timeline != NULL && self->loader == NULL && self->model != NULL)
    gtk_widget_grab_focus (self->timeline);
}

static void
progress_cb (VmsWindow *self, GParamSpec *pspec, VmsLoader *loader)
{
  if (loader != self->loader)
    return;
  gtk_progress_bar_set_fraction (self->progress_bar, vms_loader_get_fraction (loader));
  gtk_progress_bar_set_text (self->progress_bar, vms_loader_get_message (loader));
  _vms_window_settings_progress (self, loader);
}

static void
load_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  VmsLoader *loader = VMS_LOADER (object);
  g_autoptr (VmsWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (VmsModel) model = vms_loader_load_finish (loader, result, &error);

  /* Superseded by another set, or the window closed: drop it quietly. */
  if (loader != self->loader)
    return;
  g_clear_object (&self->loader);
  g_clear_object (&self->cancellable);
  _vms_window_settings_load_done (self);

  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _vms_window_show_error (self,
                            model != NULL ? _ ("Some traces could not be read")
                                          : _ ("The traces could not be read"),
                            error->message);
  if (model != NULL)
    {
      VmsTraceSet *set = vms_analysis_get_trace_set (vms_loader_get_analysis (loader));
      GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
      g_autoptr (GString) names = g_string_new (NULL);

      for (guint i = 0; set != NULL && i < vms_trace_set_get_n_traces (set); i++)
        g_string_append_printf (names, "%s%s", i > 0 ? ", " : "",
                                vms_trace_get_hostname (vms_trace_set_get_trace (set, i)));
      g_free (self->trace_names);
      self->trace_names = g_string_free (g_steal_pointer (&names), FALSE);
      g_ptr_array_set_size (self->shown_files, 0);
      for (guint i = 0; i < self->loading_files->len; i++)
        g_ptr_array_add (self->shown_files,
                         g_object_ref (g_ptr_array_index (self->loading_files, i)));
      /* Only sets that could be read are worth opening again. */
      if (VMS_IS_APPLICATION (app))
        vms_application_add_recent (VMS_APPLICATION (app), (GFile **) self->shown_files->pdata,
                                    (int) self->shown_files->len);
      g_set_object (&self->analysis, vms_loader_get_analysis (loader));
      _vms_window_panels_set_analysis (self, self->analysis);
      set_model (self, model);
      _vms_window_view_state_restore (self);
    }
  update_title (self);
  _vms_window_actions_update (self);
  show_page (self);
}

static void
cancel_load (VmsWindow *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->loader != NULL)
    g_signal_handlers_disconnect_by_data (self->loader, self);
  g_clear_object (&self->loader);
}

/* The Cancel button: what was shown before stays. */
void
_vms_window_cancel_load (VmsWindow *self)
{
  if (self->loader == NULL)
    return;
  cancel_load (self);
  _vms_window_settings_load_done (self);
  _vms_window_show_notice (self, _ ("Loading cancelled"));
  update_title (self);
  _vms_window_actions_update (self);
  show_page (self);
}

void
_vms_window_open_paths (VmsWindow *self, const char *const *paths)
{
  g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    g_ptr_array_add (files, g_file_new_for_path (paths[i]));
  vms_window_open (self, (GFile **) files->pdata, files->len);
}

/**
 * vms_window_open:
 * @self: a #VmsWindow
 * @files: (array length=n_files): trace folders, or folders above them
 * @n_files: the number of @files
 *
 * Opens the traces found under @files in @self, in a worker.  A load in
 * progress is cancelled first.
 */
void
vms_window_open (VmsWindow *self, GFile **files, int n_files)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) paths = NULL;

  g_return_if_fail (VMS_IS_WINDOW (self));

  if (n_files <= 0)
    return;

  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);

      if (path == NULL)
        {
          g_autofree char *uri = g_file_get_uri (files[i]);
          g_autofree char *message = NULL;

          /* Translators: %s is a URI */
          message = g_strdup_printf (_ ("“%s” is not a local folder: copy the traces to this "
                                        "computer first"),
                                     uri);
          _vms_window_show_message (self, message);
          return;
        }
      g_strv_builder_add (builder, path);
    }
  paths = g_strv_builder_end (builder);

  _vms_window_view_state_save (self);
  cancel_load (self);
  g_ptr_array_set_size (self->loading_files, 0);
  for (int i = 0; i < n_files; i++)
    g_ptr_array_add (self->loading_files, g_object_ref (files[i]));


  self->cancellable = g_cancellable_new ();
  self->loader = vms_loader_new ((const char *const *) paths);
  g_signal_connect_object (self->loader, "notify::fraction", G_CALLBACK (progress_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->loader, "notify::message", G_CALLBACK (progress_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, _ ("Finding traces…"));
  _vms_window_settings_prepare_load (self, self->loader);
  vms_loader_load_async (self->loader, self->cancellable, load_cb, g_object_ref (self));
  update_title (self);
  _vms_window_actions_update (self);
  show_page (self);
}

/* Dropping folders */
static gboolean
drop_cb (VmsWindow *self, const GValue *value, double x, double y, GtkDropTarget *target)
{
  GSList *list;
  g_autoptr (GPtrArray) files = g_ptr_array_new ();

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  list = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = list; l != NULL; l = l->next)
    g_ptr_array_add (files, l->data);
  g_slist_free (list);
  gtk_widget_remove_css_class (GTK_WIDGET (self->stack), "drop-highlight");
  if (files->len == 0)
    return FALSE;
  vms_window_open (self, (GFile **) files->pdata, files->len);
  return TRUE;
}

static GdkDragAction
drop_enter_cb (VmsWindow *self, double x, double y, GtkDropTarget *target)
{
  gtk_widget_add_css_class (GTK_WIDGET (self->stack), "drop-highlight");
  return GDK_ACTION_COPY;
}

static void
drop_leave_cb (VmsWindow *self, GtkDropTarget *target)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->stack), "drop-highlight");
}

static GSettings *
get_settings (VmsWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  return VMS_IS_APPLICATION (app) ? vms_application_get_settings (VMS_APPLICATION (app)) : NULL;
}

static void
save_window_state (VmsWindow *self)
{
  GSettings *settings = get_settings (self);
  int width, height;

  if (settings == NULL)
    return;
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_boolean (settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)) && width >= 360 && height >= 240)
    {
      g_settings_set_int (settings, "window-width", width);
      g_settings_set_int (settings, "window-height", height);
    }
}

static void
restore_window_state (VmsWindow *self)
{
  GSettings *settings = get_settings (self);

  if (settings == NULL)
    return;
  gtk_window_set_default_size (GTK_WINDOW (self), g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  g_action_group_change_action_state (
    G_ACTION_GROUP (self), "relative-time",
    g_variant_new_boolean (g_settings_get_enum (settings, "time-format") == 1));
}

static gboolean
vms_window_close_request (GtkWindow *window)
{
  cancel_load (VMS_WINDOW (window));
  save_window_state (VMS_WINDOW (window));
  _vms_window_settings_save (VMS_WINDOW (window));

  return GTK_WINDOW_CLASS (vms_window_parent_class)->close_request (window);
}

static void
vms_window_dispose (GObject *object)
{
  VmsWindow *self = VMS_WINDOW (object);

  cancel_load (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), VMS_TYPE_WINDOW);
  self->ruler = self->timeline = self->legend = NULL;
  g_clear_object (&self->model);
  g_clear_object (&self->analysis);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (vms_window_parent_class)->dispose (object);
}

static void
vms_window_finalize (GObject *object)
{
  VmsWindow *self = VMS_WINDOW (object);

  g_clear_pointer (&self->shown_files, g_ptr_array_unref);
  g_clear_pointer (&self->loading_files, g_ptr_array_unref);
  g_clear_pointer (&self->last_message, g_free);
  g_clear_pointer (&self->clicked_interval, g_free);
  g_clear_pointer (&self->trace_names, g_free);
  g_clear_pointer (&self->offsets, g_hash_table_unref);
  g_clear_pointer (&self->offsets_key, g_free);

  G_OBJECT_CLASS (vms_window_parent_class)->finalize (object);
}

static void
vms_window_class_init (VmsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = vms_window_dispose;
  object_class->finalize = vms_window_finalize;
  window_class->close_request = vms_window_close_request;

  g_type_ensure (VMS_TYPE_DETAILS_PANE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/vmscope/VmScope/vms-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VmsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, VmsWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, VmsWindow, recent_button);
  gtk_widget_class_bind_template_child (widget_class, VmsWindow, history_box);
  gtk_widget_class_bind_template_child (widget_class, VmsWindow, zoom_box);
  gtk_widget_class_bind_template_child (widget_class, VmsWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, VmsWindow, demo_button);
  gtk_widget_class_bind_template_child (widget_class, VmsWindow, loading_page);
  gtk_widget_class_bind_template_child (widget_class, VmsWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, VmsWindow, paned);
  gtk_widget_class_bind_template_child (widget_class, VmsWindow, view_box);
  gtk_widget_class_bind_template_child (widget_class, VmsWindow, selection_label);
  gtk_widget_class_bind_template_child (widget_class, VmsWindow, details_pane);
}

static void
vms_window_init (VmsWindow *self)
{
  GtkDropTarget *target;

  self->shown_files = g_ptr_array_new_with_free_func (g_object_unref);
  self->loading_files = g_ptr_array_new_with_free_func (g_object_unref);
  self->session = vms_session_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_swapped (target, "drop", G_CALLBACK (drop_cb), self);
  g_signal_connect_swapped (target, "enter", G_CALLBACK (drop_enter_cb), self);
  g_signal_connect_swapped (target, "leave", G_CALLBACK (drop_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));

  build_view (self);
  _vms_window_actions_init (self);
  _vms_window_details_init (self);
  show_page (self);
}

VmsWindow *
vms_window_new (VmsApplication *application)
{
  VmsWindow *self = g_object_new (VMS_TYPE_WINDOW, "application", application, NULL);
  g_autofree char *demo = vms_application_dup_demo_dir ();

  gtk_menu_button_set_menu_model (self->recent_button,
                                  vms_application_get_recent_menu (application));
  gtk_widget_set_visible (self->demo_button, demo != NULL);
  restore_window_state (self);
  _vms_window_settings_init (self);
  return self;
}

VmsSession *
vms_window_get_session (VmsWindow *self)
{
  g_return_val_if_fail (VMS_IS_WINDOW (self), NULL);

  return self->session;
}

VmsModel *
vms_window_get_model (VmsWindow *self)
{
  g_return_val_if_fail (VMS_IS_WINDOW (self), NULL);

  return self->model;
}

gboolean
vms_window_get_loading (VmsWindow *self)
{
  g_return_val_if_fail (VMS_IS_WINDOW (self), FALSE);

  return self->loader != NULL;
}

VmsDetailsPane *
vms_window_get_details_pane (VmsWindow *self)
{
  g_return_val_if_fail (VMS_IS_WINDOW (self), NULL);

  return self->details_pane;
}

GtkWidget *
vms_window_get_timeline (VmsWindow *self)
{
  g_return_val_if_fail (VMS_IS_WINDOW (self), NULL);

  return self->timeline;
}

const char *
vms_window_get_last_message (VmsWindow *self)
{
  g_return_val_if_fail (VMS_IS_WINDOW (self), NULL);

  return self->last_message;
}
