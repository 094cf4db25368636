/* vms-export-dialog.h — the options of "Export Image…": range, size, scale.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The dialog only collects options; the window then asks for a file name
 * (the format follows its extension: .png, .svg or .pdf) and renders with
 * the same drawing code as the screen.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef struct {
  gint64 begin; /* the time range to draw, ns */
  gint64 end;
  int width; /* logical pixels */
  int height;
  int scale; /* 1, or 2 for print */
} VmsExportOptions;

#define VMS_TYPE_EXPORT_DIALOG (vms_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VmsExportDialog, vms_export_dialog, VMS, EXPORT_DIALOG, AdwMessageDialog)

/* defaults: the current view at the window's size; origin: the trace start,
 * base of "+1s" in a typed range.  Emits ::export when the user confirms. */
VmsExportDialog *
vms_export_dialog_new (GtkWindow *parent, gint64 origin, const VmsExportOptions *defaults);
/* FALSE while the typed range is not valid. */
gboolean vms_export_dialog_get_options (VmsExportDialog *self, VmsExportOptions *options);
/* For tests: choose a typed range, a custom size and the scale. */
void vms_export_dialog_set_range_text (VmsExportDialog *self, const char *text);
void vms_export_dialog_set_size (VmsExportDialog *self, int width, int height);
void vms_export_dialog_set_scale (VmsExportDialog *self, int scale);

/* The format of a file name by its extension: "png", "svg", "pdf" or NULL. */
const char *vms_export_format_for_path (const char *path);

G_END_DECLS
