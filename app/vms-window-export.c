/* vms-window-export.c — "Export Image…" and "Copy Image" of the window.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Export: the options dialog, then a native save dialog; the format follows
 * the file name's extension.  Copy: the view as a texture on the clipboard.
 * Both draw with vms-render.h, the code that draws the screen.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vms-render.h"
#include "vms-time.h"
#include "vms-timeline.h"
#include "vms-window-export.h"
#include "vms-window-private.h"

void
_vms_window_get_export_defaults (VmsWindow *self, VmsExportOptions *options)
{
  const VmsTimeSpan *visible = vms_session_get_visible (self->session);
  GtkWidget *view = GTK_WIDGET (self->view_box);

  options->begin = visible->begin;
  options->end = visible->end;
  options->width = MAX (gtk_widget_get_width (view), 640);
  options->height = MAX (gtk_widget_get_height (view), 360);
  options->scale = MAX (gtk_widget_get_scale_factor (GTK_WIDGET (self)), 1);
}

/* The render options of the timeline's current view, with options' range and a caption
 * naming the traces and the range. */
static void
get_render_options (VmsWindow *self,
                    const VmsExportOptions *options,
                    VmsRenderOptions *opts,
                    char **caption)
{
  g_autoptr (GString) text = g_string_new (NULL);
  g_autofree char *begin = vms_session_format_time (self->session, options->begin);
  g_autofree char *end = vms_session_format_time (self->session, options->end);
  g_autofree char *span = vms_time_format_duration (options->end - options->begin, 3);

  vms_render_options_init (opts);
  if (self->timeline != NULL)
    vms_timeline_get_render_options (VMS_TIMELINE (self->timeline), opts);
  opts->model = self->model;
  opts->begin = options->begin;
  opts->end = options->end;
  opts->origin = vms_session_get_trace (self->session)->begin;
  opts->time_mode = vms_session_get_time_mode (self->session);
  opts->show_ruler = TRUE;
  opts->show_legend = TRUE;
  opts->scroll_y = 0;

  g_string_append (text, self->trace_names != NULL ? self->trace_names : "");
  /* Translators: the caption of an exported image: trace names, time range and its length */
  g_string_append_printf (text, _ ("    %s – %s (%s)"), begin, end, span);
  *caption = g_string_free (g_steal_pointer (&text), FALSE);
  opts->caption = *caption;
}

gboolean
_vms_window_export_to_file (VmsWindow *self,
                            const VmsExportOptions *options,
                            const char *path,
                            GError **error)
{
  g_autofree char *caption = NULL;
  VmsRenderOptions opts;

  g_return_val_if_fail (VMS_IS_WINDOW (self), FALSE);

  if (self->model == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _ ("Open traces before exporting"));
      return FALSE;
    }
  get_render_options (self, options, &opts, &caption);
  return vms_render_to_file (&opts, path, options->width, options->height, options->scale, error);
}

static void
save_response_cb (VmsWindow *self, int response, GtkFileChooserNative *chooser)
{
  VmsExportOptions *options = g_object_get_data (G_OBJECT (chooser), "options");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr (GError) error = NULL;

      if (path != NULL && vms_export_format_for_path (path) == NULL)
        {
          /* No known extension: PNG, said in the name. */
          char *png = g_strconcat (path, ".png", NULL);

          g_free (path);
          path = png;
        }
      if (path == NULL)
        _vms_window_show_message (self, _ ("Choose a folder on this computer to export to"));
      else if (!_vms_window_export_to_file (self, options, path, &error))
        _vms_window_show_message (self, error->message);
      else
        {
          g_autofree char *name = g_path_get_basename (path);
          g_autofree char *message = g_strdup_printf (_ ("Exported “%s”"), name);

          _vms_window_show_notice (self, message);
        }
    }
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_object_unref (chooser);
}

static void
add_filter (GtkFileChooser *chooser, const char *name, const char *mime, const char *pattern)
{
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_mime_type (filter, mime);
  gtk_file_filter_add_pattern (filter, pattern);
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
export_cb (VmsWindow *self, const VmsExportOptions *options, VmsExportDialog *dialog)
{
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;
  GFile *first = self->shown_files->len > 0 ? g_ptr_array_index (self->shown_files, 0) : NULL;
  g_autofree char *base = first != NULL ? g_file_get_basename (first) : NULL;

  chooser
    = gtk_file_chooser_native_new (_ ("Export Image"), GTK_WINDOW (self),
                                   GTK_FILE_CHOOSER_ACTION_SAVE, _ ("_Export"), _ ("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  add_filter (GTK_FILE_CHOOSER (chooser), _ ("PNG image"), "image/png", "*.png");
  add_filter (GTK_FILE_CHOOSER (chooser), _ ("SVG image"), "image/svg+xml", "*.svg");
  add_filter (GTK_FILE_CHOOSER (chooser), _ ("PDF document"), "application/pdf", "*.pdf");
  name = g_strdup_printf ("%s.png", base != NULL ? base : "vmscope");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data_full (G_OBJECT (chooser), "options", g_memdup2 (options, sizeof *options),
                          g_free);
  g_signal_connect_object (chooser, "response", G_CALLBACK (save_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
_vms_window_export_image (VmsWindow *self)
{
  VmsExportOptions defaults;
  VmsExportDialog *dialog;

  if (self->model == NULL)
    return;
  _vms_window_get_export_defaults (self, &defaults);
  dialog = vms_export_dialog_new (GTK_WINDOW (self), vms_session_get_trace (self->session)->begin,
                                  &defaults);
  g_signal_connect_object (dialog, "export", G_CALLBACK (export_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_vms_window_copy_image (VmsWindow *self)
{
  VmsExportOptions options;
  VmsRenderOptions opts;
  g_autofree char *caption = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkTexture) texture = NULL;

  if (self->model == NULL)
    return;
  _vms_window_get_export_defaults (self, &options);
  get_render_options (self, &options, &opts, &caption);
  texture = vms_render_to_texture (&opts, options.width, options.height, options.scale, &error);
  if (texture == NULL)
    {
      g_autofree char *message
        = g_strdup_printf (_ ("Could not copy the image: %s"), error->message);

      _vms_window_show_message (self, message);
      return;
    }
  gdk_clipboard_set_texture (gtk_widget_get_clipboard (GTK_WIDGET (self)), texture);
  _vms_window_show_notice (self, _ ("Image copied"));
}
