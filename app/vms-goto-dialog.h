/* vms-goto-dialog.h — "Go to Time…": type an exact time range.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define VMS_TYPE_GOTO_DIALOG (vms_goto_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VmsGotoDialog, vms_goto_dialog, VMS, GOTO_DIALOG, AdwMessageDialog)

/* origin: the trace start, base of "+1s"; begin/end: the range shown first.
 * Emits ::range-chosen (gint64 begin, gint64 end) when the user goes. */
VmsGotoDialog *vms_goto_dialog_new (GtkWindow *parent, gint64 origin, gint64 begin, gint64 end);
void vms_goto_dialog_set_text (VmsGotoDialog *self, const char *text);
/* The error shown under the entry, or NULL while the text is a valid range. */
const char *vms_goto_dialog_get_error (VmsGotoDialog *self);

G_END_DECLS
