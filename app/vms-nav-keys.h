/* vms-nav-keys.h — W/A/S/D by physical key position, whatever the keyboard layout.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Games' habit: zoom with the keys where W and S sit on a US keyboard, pan with
 * A and D, so the four keys stay under the left hand on AZERTY or Dvorak.  The
 * keyval of a key changes with the layout, its hardware keycode does not: GDK
 * reports evdev codes + 8 on X11 (evdev and base rules agree on letters) and on
 * Wayland, so the positions are matched by keycode.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum {
  VMS_NAV_NONE,
  VMS_NAV_ZOOM_IN,   /* W, physical */
  VMS_NAV_ZOOM_OUT,  /* S, physical */
  VMS_NAV_PAN_LEFT,  /* A, physical; Left */
  VMS_NAV_PAN_RIGHT, /* D, physical; Right */
} VmsNav;

/* The hardware keycode of the key at US key's position (GDK_KEY_w, _a, _s or _d). */
guint vms_nav_keycode_for (guint us_keyval);
/* What a key press without Control/Alt/Super means, or VMS_NAV_NONE. */
VmsNav vms_nav_for_key (guint keyval, guint keycode, GdkModifierType state);
/* The action (in the "win" group) of nav, or NULL. */
const char *vms_nav_get_action (VmsNav nav);

G_END_DECLS
