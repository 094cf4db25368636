/* vms-window.h — the Virtual Machine View window.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vms-application.h"
#include "vms-details-pane.h"
#include "vms-model.h"
#include "vms-session.h"

G_BEGIN_DECLS

#define VMS_TYPE_WINDOW (vms_window_get_type ())
G_DECLARE_FINAL_TYPE (VmsWindow, vms_window, VMS, WINDOW, AdwApplicationWindow)

VmsWindow *vms_window_new (VmsApplication *application);
/* Opens the traces found under files, cancelling a load in progress. */
void vms_window_open (VmsWindow *self, GFile **files, int n_files);

/* What tests and the application look at */
VmsSession *vms_window_get_session (VmsWindow *self);
VmsModel *vms_window_get_model (VmsWindow *self); /* NULL until a load has finished */
gboolean vms_window_get_loading (VmsWindow *self);
VmsDetailsPane *vms_window_get_details_pane (VmsWindow *self);
GtkWidget *vms_window_get_timeline (VmsWindow *self);
/* The last error or notice shown in a toast, or NULL. */
const char *vms_window_get_last_message (VmsWindow *self);

G_END_DECLS
