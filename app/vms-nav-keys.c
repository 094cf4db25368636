/* vms-nav-keys.c — W/A/S/D by physical key position, whatever the keyboard layout.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include "vms-nav-keys.h"

/* evdev key codes + 8 of the US W, A, S, D keys */
static const struct {
  guint keyval;
  guint keycode;
  VmsNav nav;
} positions[] = {
  { GDK_KEY_w, 25, VMS_NAV_ZOOM_IN },
  { GDK_KEY_s, 39, VMS_NAV_ZOOM_OUT },
  { GDK_KEY_a, 38, VMS_NAV_PAN_LEFT },
  { GDK_KEY_d, 40, VMS_NAV_PAN_RIGHT },
};

guint
vms_nav_keycode_for (guint us_keyval)
{
  for (guint i = 0; i < G_N_ELEMENTS (positions); i++)
    if (positions[i].keyval == us_keyval)
      return positions[i].keycode;
  g_return_val_if_reached (0);
}

VmsNav
vms_nav_for_key (guint keyval, guint keycode, GdkModifierType state)
{
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK | GDK_META_MASK)) != 0)
    return VMS_NAV_NONE;
  if (keyval == GDK_KEY_Left || keyval == GDK_KEY_KP_Left)
    return VMS_NAV_PAN_LEFT;
  if (keyval == GDK_KEY_Right || keyval == GDK_KEY_KP_Right)
    return VMS_NAV_PAN_RIGHT;
  for (guint i = 0; i < G_N_ELEMENTS (positions); i++)
    if (keycode == positions[i].keycode)
      return positions[i].nav;
  return VMS_NAV_NONE;
}

const char *
vms_nav_get_action (VmsNav nav)
{
  switch (nav)
    {
      case VMS_NAV_ZOOM_IN:
        return "zoom-in";
      case VMS_NAV_ZOOM_OUT:
        return "zoom-out";
      case VMS_NAV_PAN_LEFT:
        return "pan-left";
      case VMS_NAV_PAN_RIGHT:
        return "pan-right";
      case VMS_NAV_NONE:
      default:
        return NULL;
    }
}
