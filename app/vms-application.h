/* vms-application.h
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define VMS_TYPE_APPLICATION (vms_application_get_type ())
G_DECLARE_FINAL_TYPE (VmsApplication, vms_application, VMS, APPLICATION, AdwApplication)

VmsApplication *vms_application_new (void);

G_END_DECLS
