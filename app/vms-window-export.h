/* vms-window-export.h — "Export Image…" and "Copy Image" of the window.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "vms-export-dialog.h"
#include "vms-window.h"

G_BEGIN_DECLS

void _vms_window_export_image (VmsWindow *self);
void _vms_window_copy_image (VmsWindow *self);
/* The options the export dialog starts from: the visible range at the timeline's size and the
 * window's scale factor. */
void _vms_window_get_export_defaults (VmsWindow *self, VmsExportOptions *options);
/* Renders the current model with options to path (format by extension), synchronously. */
gboolean _vms_window_export_to_file (VmsWindow *self,
                                     const VmsExportOptions *options,
                                     const char *path,
                                     GError **error);

G_END_DECLS
