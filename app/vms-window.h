/* vms-window.h
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vms-application.h"

G_BEGIN_DECLS

#define VMS_TYPE_WINDOW (vms_window_get_type ())
G_DECLARE_FINAL_TYPE (VmsWindow, vms_window, VMS, WINDOW, AdwApplicationWindow)

VmsWindow *vms_window_new (VmsApplication *application);
void vms_window_open (VmsWindow *self, GFile **files, int n_files);

G_END_DECLS
