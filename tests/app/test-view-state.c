/* test-view-state.c — the saved views of trace sets: the key of a set, the round trip through
 * a GVariant, and the list in GSettings (memory backend): newest first, one entry per set, at
 * most VMS_VIEW_STATE_MAX sets.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "vms-view-state.h"

static void
test_key (void **state)
{
  const char *a[] = { "/traces/b/guest", "/traces/a/host", NULL };
  const char *b[] = { "/traces/a/./host", "/traces/b/x/../guest", NULL };
  g_autofree char *ka = vms_view_state_key (a);
  g_autofree char *kb = vms_view_state_key (b);

  /* Sorted, canonical: the same folders in any order and spelling are the same set */
  assert_string_equal (ka, "/traces/a/host\n/traces/b/guest");
  assert_string_equal (ka, kb);
}

static void
test_round_trip (void **state)
{
  g_auto (VmsViewState) in = { 0 };
  g_auto (VmsViewState) out = { 0 };
  g_autoptr (GVariant) v = NULL;
  const char *collapsed[] = { "jessie/Threads", "kvm-host/CPUs", NULL };

  vms_view_state_init (&in);
  vms_view_state_init (&out);
  in.visible_begin = G_GINT64_CONSTANT (1795004135348154252);
  in.visible_end = in.visible_begin + 250000000;
  in.has_selection = TRUE;
  in.selection_begin = in.visible_begin + 1;
  in.selection_end = in.visible_begin + 1;
  g_strfreev (in.collapsed);
  in.collapsed = g_strdupv ((char **) collapsed);
  in.panel = g_strdup ("sync");
  in.panels_position = 420;
  v = g_variant_ref_sink (vms_view_state_to_variant (&in));
  assert_true (vms_view_state_from_variant (v, &out));
  assert_int_equal (out.visible_begin, in.visible_begin);
  assert_int_equal (out.visible_end, in.visible_end);
  assert_true (out.has_selection);
  assert_int_equal (out.selection_begin, in.selection_begin);
  assert_int_equal (out.selection_end, in.selection_end);
  assert_true (g_strv_equal ((const char *const *) out.collapsed, collapsed));
  assert_string_equal (out.panel, "sync");
  assert_int_equal (out.panels_position, 420);

  /* No usable range: nothing to restore */
  in.visible_end = in.visible_begin;
  g_clear_pointer (&v, g_variant_unref);
  v = g_variant_ref_sink (vms_view_state_to_variant (&in));
  assert_false (vms_view_state_from_variant (v, &out));
}

static void
test_settings (void **state)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  g_autoptr (GVariant) all = NULL;
  g_auto (VmsViewState) s = { 0 };

  vms_view_state_init (&s);
  g_settings_reset (settings, "view-states");
  for (int i = 0; i < VMS_VIEW_STATE_MAX + 5; i++)
    {
      g_autofree char *key = g_strdup_printf ("/set/%d", i);

      s.visible_begin = i;
      s.visible_end = i + 100;
      vms_view_state_save (settings, key, &s);
    }
  /* The same set again: moved to the front, not duplicated */
  s.visible_begin = 1000;
  s.visible_end = 2000;
  vms_view_state_save (settings, "/set/10", &s);

  all = g_settings_get_value (settings, "view-states");
  assert_int_equal (g_variant_n_children (all), VMS_VIEW_STATE_MAX);
  assert_true (vms_view_state_load (settings, "/set/10", &s));
  assert_int_equal (s.visible_begin, 1000);
  assert_true (vms_view_state_load (settings, "/set/24", &s));
  assert_int_equal (s.visible_begin, 24);
  /* The oldest went */
  assert_false (vms_view_state_load (settings, "/set/0", &s));
  assert_false (vms_view_state_load (settings, "/set/4", &s));
  assert_true (vms_view_state_load (settings, "/set/5", &s));
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_key),
    cmocka_unit_test (test_round_trip),
    cmocka_unit_test (test_settings),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
