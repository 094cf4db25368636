/* vms-export-dialog.c — the options of "Export Image…": range, size, scale.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vms-export-dialog.h"
#include "vms-time.h"

struct _VmsExportDialog {
  AdwMessageDialog parent_instance;

  GtkCheckButton *view_range_check;
  GtkCheckButton *typed_range_check;
  GtkEntry *range_entry;
  GtkCheckButton *window_size_check;
  GtkCheckButton *custom_size_check;
  GtkSpinButton *width_spin;
  GtkSpinButton *height_spin;
  GtkCheckButton *double_check;
  GtkLabel *error_label;

  gint64 origin;
  VmsExportOptions defaults;
};

enum { EXPORT, N_SIGNALS };

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VmsExportDialog, vms_export_dialog, ADW_TYPE_MESSAGE_DIALOG)

const char *
vms_export_format_for_path (const char *path)
{
  static const char *const formats[] = { "png", "svg", "pdf" };
  const char *dot;

  if (path == NULL || (dot = strrchr (path, '.')) == NULL || strchr (dot, G_DIR_SEPARATOR))
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_ascii_strcasecmp (dot + 1, formats[i]) == 0)
      return formats[i];
  return NULL;
}

gboolean
vms_export_dialog_get_options (VmsExportDialog *self, VmsExportOptions *options)
{
  g_autoptr (GError) error = NULL;

  g_return_val_if_fail (VMS_IS_EXPORT_DIALOG (self), FALSE);

  *options = self->defaults;
  if (gtk_check_button_get_active (self->typed_range_check)
      && !vms_time_parse_range (gtk_editable_get_text (GTK_EDITABLE (self->range_entry)),
                                self->origin, &options->begin, &options->end, &error))
    return FALSE;
  if (gtk_check_button_get_active (self->custom_size_check))
    {
      options->width = gtk_spin_button_get_value_as_int (self->width_spin);
      options->height = gtk_spin_button_get_value_as_int (self->height_spin);
    }
  options->scale = gtk_check_button_get_active (self->double_check) ? 2 : 1;
  return TRUE;
}

static void
validate (VmsExportDialog *self)
{
  g_autoptr (GError) error = NULL;
  gint64 begin, end;
  gboolean valid = TRUE;

  if (gtk_check_button_get_active (self->typed_range_check))
    valid = vms_time_parse_range (gtk_editable_get_text (GTK_EDITABLE (self->range_entry)),
                                  self->origin, &begin, &end, &error);
  gtk_label_set_label (self->error_label, error != NULL ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), !valid);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "export", valid);
}

static void
vms_export_dialog_response (AdwMessageDialog *dialog, const char *response)
{
  VmsExportDialog *self = VMS_EXPORT_DIALOG (dialog);
  VmsExportOptions options;

  if (g_strcmp0 (response, "export") == 0 && vms_export_dialog_get_options (self, &options))
    g_signal_emit (self, signals[EXPORT], 0, &options);
}

static void
vms_export_dialog_class_init (VmsExportDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  dialog_class->response = vms_export_dialog_response;

  /**
   * VmsExportDialog::export:
   * @options: (type gpointer): the chosen #VmsExportOptions, valid during the emission
   */
  signals[EXPORT] = g_signal_new ("export", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/vmscope/VmScope/vms-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VmsExportDialog, view_range_check);
  gtk_widget_class_bind_template_child (widget_class, VmsExportDialog, typed_range_check);
  gtk_widget_class_bind_template_child (widget_class, VmsExportDialog, range_entry);
  gtk_widget_class_bind_template_child (widget_class, VmsExportDialog, window_size_check);
  gtk_widget_class_bind_template_child (widget_class, VmsExportDialog, custom_size_check);
  gtk_widget_class_bind_template_child (widget_class, VmsExportDialog, width_spin);
  gtk_widget_class_bind_template_child (widget_class, VmsExportDialog, height_spin);
  gtk_widget_class_bind_template_child (widget_class, VmsExportDialog, double_check);
  gtk_widget_class_bind_template_child (widget_class, VmsExportDialog, error_label);
}

static void
vms_export_dialog_init (VmsExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->range_entry, "changed", G_CALLBACK (validate), self);
  g_signal_connect_swapped (self->typed_range_check, "toggled", G_CALLBACK (validate), self);
}

VmsExportDialog *
vms_export_dialog_new (GtkWindow *parent, gint64 origin, const VmsExportOptions *defaults)
{
  VmsExportDialog *self;
  g_autofree char *a = vms_time_format_relative (defaults->begin, origin);
  g_autofree char *b = vms_time_format_relative (defaults->end, origin);
  g_autofree char *range = g_strdup_printf ("%s..%s", a, b);
  g_autofree char *size = NULL;

  self = g_object_new (VMS_TYPE_EXPORT_DIALOG, "transient-for", parent, "modal", TRUE, NULL);
  self->origin = origin;
  self->defaults = *defaults;
  gtk_editable_set_text (GTK_EDITABLE (self->range_entry), range);
  /* Translators: %d×%d is the window's size in pixels */
  size = g_strdup_printf (_ ("_Window size (%d×%d)"), defaults->width, defaults->height);
  gtk_check_button_set_label (self->window_size_check, size);
  gtk_spin_button_set_value (self->width_spin, defaults->width);
  gtk_spin_button_set_value (self->height_spin, defaults->height);
  gtk_check_button_set_active (self->double_check, defaults->scale > 1);
  validate (self);
  return self;
}

void
vms_export_dialog_set_range_text (VmsExportDialog *self, const char *text)
{
  g_return_if_fail (VMS_IS_EXPORT_DIALOG (self));

  gtk_check_button_set_active (self->typed_range_check, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->range_entry), text);
}

void
vms_export_dialog_set_size (VmsExportDialog *self, int width, int height)
{
  g_return_if_fail (VMS_IS_EXPORT_DIALOG (self));

  gtk_check_button_set_active (self->custom_size_check, TRUE);
  gtk_spin_button_set_value (self->width_spin, width);
  gtk_spin_button_set_value (self->height_spin, height);
}

void
vms_export_dialog_set_scale (VmsExportDialog *self, int scale)
{
  g_return_if_fail (VMS_IS_EXPORT_DIALOG (self));

  gtk_check_button_set_active (self->double_check, scale > 1);
}
