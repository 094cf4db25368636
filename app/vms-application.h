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
/* The demo traces: the build tree's data/demo when running from it, else the installed
 * copy; NULL when neither exists. */
gboolean vms_application_runs_from_build_tree (void);
char *vms_application_dup_demo_dir (void);
/* Remembers folders opened together, most recent first (the "recent-folders" key). */
void vms_application_add_recent (VmsApplication *self, GFile **files, int n_files);
/* The application's settings, or NULL when the schema is not installed. */
GSettings *vms_application_get_settings (VmsApplication *self);
/* The recent folders as a menu of win.open-recent items (newest first, at most 10). */
GMenuModel *vms_application_get_recent_menu (VmsApplication *self);

G_END_DECLS
