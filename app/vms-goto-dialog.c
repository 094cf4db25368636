/* vms-goto-dialog.c — "Go to Time…": type an exact time range.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vms-goto-dialog.h"
#include "vms-time.h"

struct _VmsGotoDialog {
  AdwMessageDialog parent_instance;

  GtkEntry *entry;
  GtkLabel *error_label;

  gint64 origin;
  gint64 begin;
  gint64 end;
  gboolean valid;
};

enum { RANGE_CHOSEN, N_SIGNALS };

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VmsGotoDialog, vms_goto_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
entry_changed_cb (VmsGotoDialog *self, GtkEditable *editable)
{
  g_autoptr (GError) error = NULL;
  gint64 begin, end;

  self->valid
    = vms_time_parse_range (gtk_editable_get_text (editable), self->origin, &begin, &end, &error);
  if (self->valid)
    {
      self->begin = begin;
      self->end = end;
      gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");
    }
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->entry), "error");
  gtk_label_set_label (self->error_label, error != NULL ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "go", self->valid);
}

static void
vms_goto_dialog_response (AdwMessageDialog *dialog, const char *response)
{
  VmsGotoDialog *self = VMS_GOTO_DIALOG (dialog);

  if (g_strcmp0 (response, "go") == 0 && self->valid)
    g_signal_emit (self, signals[RANGE_CHOSEN], 0, self->begin, self->end);
}

static void
vms_goto_dialog_class_init (VmsGotoDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  dialog_class->response = vms_goto_dialog_response;

  /**
   * VmsGotoDialog::range-chosen:
   * @begin: the first nanosecond to show
   * @end: the end of the range, after @begin
   */
  signals[RANGE_CHOSEN]
    = g_signal_new ("range-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/vmscope/VmScope/vms-goto-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VmsGotoDialog, entry);
  gtk_widget_class_bind_template_child (widget_class, VmsGotoDialog, error_label);
}

static void
vms_goto_dialog_init (VmsGotoDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->entry, "changed", G_CALLBACK (entry_changed_cb), self);
}

VmsGotoDialog *
vms_goto_dialog_new (GtkWindow *parent, gint64 origin, gint64 begin, gint64 end)
{
  VmsGotoDialog *self;
  g_autofree char *a = vms_time_format_relative (begin, origin);
  g_autofree char *b = vms_time_format_relative (end, origin);
  g_autofree char *text = g_strdup_printf ("%s..%s", a, b);

  self = g_object_new (VMS_TYPE_GOTO_DIALOG, "transient-for", parent, "modal", TRUE, NULL);
  self->origin = origin;
  vms_goto_dialog_set_text (self, text);
  return self;
}

void
vms_goto_dialog_set_text (VmsGotoDialog *self, const char *text)
{
  g_return_if_fail (VMS_IS_GOTO_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
  /* "changed" is not emitted when the text does not change. */
  entry_changed_cb (self, GTK_EDITABLE (self->entry));
}

const char *
vms_goto_dialog_get_error (VmsGotoDialog *self)
{
  g_return_val_if_fail (VMS_IS_GOTO_DIALOG (self), NULL);

  return self->valid ? NULL : gtk_label_get_label (self->error_label);
}
