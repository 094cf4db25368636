/* test-nav-keys.c — W/A/S/D by physical position on any layout; arrows; modifiers.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "vms-nav-keys.h"

static void
test_us_layout (void **state)
{
  assert_int_equal (vms_nav_for_key (GDK_KEY_w, 25, 0), VMS_NAV_ZOOM_IN);
  assert_int_equal (vms_nav_for_key (GDK_KEY_s, 39, 0), VMS_NAV_ZOOM_OUT);
  assert_int_equal (vms_nav_for_key (GDK_KEY_a, 38, 0), VMS_NAV_PAN_LEFT);
  assert_int_equal (vms_nav_for_key (GDK_KEY_d, 40, 0), VMS_NAV_PAN_RIGHT);
  /* Caps Lock or Shift do not matter */
  assert_int_equal (vms_nav_for_key (GDK_KEY_W, 25, GDK_SHIFT_MASK), VMS_NAV_ZOOM_IN);
}

static void
test_other_layouts (void **state)
{
  /* AZERTY: the key at W's place types "z", at A's place "q"; "w" and "a" sit elsewhere. */
  assert_int_equal (vms_nav_for_key (GDK_KEY_z, 25, 0), VMS_NAV_ZOOM_IN);
  assert_int_equal (vms_nav_for_key (GDK_KEY_q, 38, 0), VMS_NAV_PAN_LEFT);
  assert_int_equal (vms_nav_for_key (GDK_KEY_w, 52, 0), VMS_NAV_NONE);
  assert_int_equal (vms_nav_for_key (GDK_KEY_a, 24, 0), VMS_NAV_NONE);
  /* Dvorak: W's place types ",", S's "o", D's "e" */
  assert_int_equal (vms_nav_for_key (GDK_KEY_comma, 25, 0), VMS_NAV_ZOOM_IN);
  assert_int_equal (vms_nav_for_key (GDK_KEY_o, 39, 0), VMS_NAV_ZOOM_OUT);
  assert_int_equal (vms_nav_for_key (GDK_KEY_e, 40, 0), VMS_NAV_PAN_RIGHT);
}

static void
test_arrows_and_modifiers (void **state)
{
  assert_int_equal (vms_nav_for_key (GDK_KEY_Left, 113, 0), VMS_NAV_PAN_LEFT);
  assert_int_equal (vms_nav_for_key (GDK_KEY_Right, 114, 0), VMS_NAV_PAN_RIGHT);
  /* Ctrl+W closes the window, Alt+Left goes back: not ours */
  assert_int_equal (vms_nav_for_key (GDK_KEY_w, 25, GDK_CONTROL_MASK), VMS_NAV_NONE);
  assert_int_equal (vms_nav_for_key (GDK_KEY_Left, 113, GDK_ALT_MASK), VMS_NAV_NONE);
  assert_int_equal (vms_nav_for_key (GDK_KEY_x, 53, 0), VMS_NAV_NONE);

  assert_string_equal (vms_nav_get_action (VMS_NAV_ZOOM_IN), "zoom-in");
  assert_string_equal (vms_nav_get_action (VMS_NAV_PAN_RIGHT), "pan-right");
  assert_null (vms_nav_get_action (VMS_NAV_NONE));
  assert_int_equal (vms_nav_keycode_for (GDK_KEY_s), 39);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_us_layout),
    cmocka_unit_test (test_other_layouts),
    cmocka_unit_test (test_arrows_and_modifiers),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
