/* vms-preferences-window.h — Preferences: time format, colour palette, rows shown.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Every row is bound to the application's GSettings; windows follow the settings, so a
 * change applies at once, everywhere.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define VMS_TYPE_PREFERENCES_WINDOW (vms_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (
  VmsPreferencesWindow, vms_preferences_window, VMS, PREFERENCES_WINDOW, AdwPreferencesWindow)

VmsPreferencesWindow *vms_preferences_window_new (GtkWindow *parent, GSettings *settings);

G_END_DECLS
