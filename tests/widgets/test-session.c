/* test-session.c — the time window: zoom, pan, clamping, history, notifications.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "vms-session.h"

#define EPOCH G_GINT64_CONSTANT (1700000000000000000)
#define SEC G_GINT64_CONSTANT (1000000000)

static void
count_notify (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  GHashTable *counts = user_data;
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, pspec->name));

  g_hash_table_insert (counts, (gpointer) pspec->name, GUINT_TO_POINTER (n + 1));
}

static guint
count (GHashTable *counts, const char *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (counts, name));
}

static VmsSession *
new_session (void)
{
  VmsSession *s = vms_session_new ();

  vms_session_set_trace (s, EPOCH, EPOCH + 10 * SEC);
  return s;
}

static void
test_initial (void **state)
{
  g_autoptr (VmsSession) s = new_session ();
  const VmsTimeSpan *v = vms_session_get_visible (s);

  assert_true (v->begin == EPOCH && v->end == EPOCH + 10 * SEC);
  assert_true (vms_session_get_can_zoom_in (s));
  assert_false (vms_session_get_can_zoom_out (s));
  assert_false (vms_session_get_can_pan_left (s));
  assert_false (vms_session_get_can_pan_right (s));
  assert_false (vms_session_get_can_go_back (s));
  assert_null (vms_session_get_selection (s));
  assert_true (vms_session_get_hover_time (s) == VMS_TIME_NONE);
}

/* Zooming keeps the time under the pointer in place, and stops at the limits. */
static void
test_zoom_around (void **state)
{
  g_autoptr (VmsSession) s = new_session ();
  const VmsTimeSpan *v = vms_session_get_visible (s);
  gint64 at = EPOCH + 2 * SEC; /* 20 % from the left */

  vms_session_zoom (s, 4, at);
  assert_true (v->end - v->begin == 10 * SEC / 4);
  assert_true (v->begin == at - (10 * SEC / 4) / 5);
  assert_true (vms_session_get_can_zoom_out (s));
  assert_true (vms_session_get_can_pan_left (s));

  /* Zoom in far past the limit: stops at the minimum span, around the same time */
  for (int i = 0; i < 100; i++)
    vms_session_zoom (s, 10, at);
  assert_true (v->end - v->begin == VMS_SESSION_MIN_SPAN);
  assert_true (v->begin <= at && at <= v->end);
  assert_false (vms_session_get_can_zoom_in (s));

  /* Zoom out far past the trace: the whole trace */
  for (int i = 0; i < 100; i++)
    vms_session_zoom (s, 0.1, at);
  assert_true (v->begin == EPOCH && v->end == EPOCH + 10 * SEC);
  assert_false (vms_session_get_can_zoom_out (s));
}

/* Panning stops at the trace's edges without changing the span. */
static void
test_pan_clamped (void **state)
{
  g_autoptr (VmsSession) s = new_session ();
  const VmsTimeSpan *v = vms_session_get_visible (s);

  vms_session_set_visible (s, EPOCH + 4 * SEC, EPOCH + 5 * SEC);
  vms_session_pan (s, 2 * SEC);
  assert_true (v->begin == EPOCH + 6 * SEC && v->end == EPOCH + 7 * SEC);
  vms_session_pan (s, G_MAXINT64);
  assert_true (v->begin == EPOCH + 9 * SEC && v->end == EPOCH + 10 * SEC);
  assert_false (vms_session_get_can_pan_right (s));
  vms_session_pan (s, G_MININT64);
  assert_true (v->begin == EPOCH && v->end == EPOCH + SEC);
  assert_false (vms_session_get_can_pan_left (s));
  vms_session_pan_by_fraction (s, 0.5);
  assert_true (v->begin == EPOCH + SEC / 2);
}

/* "Go to time…": exact when inside the trace, clamped otherwise. */
static void
test_set_visible (void **state)
{
  g_autoptr (VmsSession) s = new_session ();
  const VmsTimeSpan *v = vms_session_get_visible (s);

  vms_session_set_visible (s, EPOCH + 1234567, EPOCH + 2345678);
  assert_true (v->begin == EPOCH + 1234567 && v->end == EPOCH + 2345678);
  vms_session_set_visible (s, EPOCH - 5 * SEC, EPOCH + SEC);
  assert_true (v->begin == EPOCH && v->end == EPOCH + 6 * SEC);
  vms_session_set_visible (s, EPOCH + 3 * SEC, EPOCH + 3 * SEC + 10);
  assert_true (v->end - v->begin == VMS_SESSION_MIN_SPAN);
  vms_session_set_visible (s, EPOCH - SEC, EPOCH + 20 * SEC);
  assert_true (v->begin == EPOCH && v->end == EPOCH + 10 * SEC);
}

static void
test_selection (void **state)
{
  g_autoptr (VmsSession) s = new_session ();
  const VmsTimeSpan *v = vms_session_get_visible (s);
  const VmsTimeSpan *sel;

  assert_false (vms_session_get_can_zoom_to_selection (s));
  vms_session_select_range (s, EPOCH + 3 * SEC, EPOCH + 2 * SEC);
  sel = vms_session_get_selection (s);
  assert_non_null (sel);
  assert_true (sel->begin == EPOCH + 2 * SEC && sel->end == EPOCH + 3 * SEC);
  assert_true (vms_session_get_can_zoom_to_selection (s));
  vms_session_zoom_to_selection (s);
  assert_true (v->begin == EPOCH + 2 * SEC && v->end == EPOCH + 3 * SEC);

  vms_session_select_instant (s, EPOCH + 5 * SEC);
  sel = vms_session_get_selection (s);
  assert_true (sel->begin == sel->end);
  assert_false (vms_session_get_can_zoom_to_selection (s));
  vms_session_clear_selection (s);
  assert_null (vms_session_get_selection (s));

  vms_session_zoom_to_fit (s);
  assert_true (v->begin == EPOCH && v->end == EPOCH + 10 * SEC);
}

/* A burst of zooms is one history step; separate steps go back and forward. */
static void
test_history (void **state)
{
  g_autoptr (VmsSession) s = new_session ();
  const VmsTimeSpan *v = vms_session_get_visible (s);
  VmsTimeSpan after_burst;

  for (int i = 0; i < 5; i++)
    vms_session_zoom (s, 1.25, EPOCH + 5 * SEC);
  after_burst = *v;
  vms_session_end_burst (s);
  vms_session_set_visible (s, EPOCH + SEC, EPOCH + 2 * SEC);
  vms_session_pan (s, SEC);
  assert_true (v->begin == EPOCH + 2 * SEC);

  vms_session_go_back (s);
  assert_true (v->begin == EPOCH + SEC && v->end == EPOCH + 2 * SEC);
  assert_true (vms_session_get_can_go_forward (s));
  vms_session_go_back (s);
  assert_true (v->begin == after_burst.begin && v->end == after_burst.end);
  vms_session_go_back (s); /* before the burst: the whole trace */
  assert_true (v->begin == EPOCH && v->end == EPOCH + 10 * SEC);
  assert_false (vms_session_get_can_go_back (s));
  vms_session_go_back (s); /* nothing more: no change */
  assert_true (v->begin == EPOCH);

  vms_session_go_forward (s);
  vms_session_go_forward (s);
  vms_session_go_forward (s);
  assert_true (v->begin == EPOCH + 2 * SEC);
  assert_false (vms_session_get_can_go_forward (s));

  /* A new step after going back drops the forward steps */
  vms_session_go_back (s);
  vms_session_zoom_to_fit (s);
  assert_false (vms_session_get_can_go_forward (s));
}

/* Each change notifies once; unchanged values do not notify. */
static void
test_notify_once (void **state)
{
  g_autoptr (VmsSession) s = new_session ();
  g_autoptr (GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);

  g_signal_connect (s, "notify", G_CALLBACK (count_notify), counts);
  vms_session_zoom (s, 2, EPOCH);
  assert_int_equal (count (counts, "visible"), 1);
  assert_int_equal (count (counts, "can-zoom-out"), 1);
  assert_int_equal (count (counts, "can-pan-right"), 1);
  assert_int_equal (count (counts, "can-go-back"), 1);
  assert_int_equal (count (counts, "can-zoom-in"), 0);

  g_hash_table_remove_all (counts);
  vms_session_pan (s, -SEC); /* already at the left edge */
  assert_int_equal (count (counts, "visible"), 0);
  vms_session_set_hover_time (s, EPOCH + 5);
  vms_session_set_hover_time (s, EPOCH + 5);
  assert_int_equal (count (counts, "hover-time"), 1);
  vms_session_set_time_mode (s, VMS_TIME_MODE_RELATIVE);
  vms_session_set_time_mode (s, VMS_TIME_MODE_RELATIVE);
  assert_int_equal (count (counts, "time-mode"), 1);
  vms_session_select_instant (s, EPOCH + 7);
  vms_session_select_instant (s, EPOCH + 7);
  assert_int_equal (count (counts, "selection"), 1);
}

/* A trace of one instant (or none) still gives a valid, if tiny, view. */
static void
test_empty_trace (void **state)
{
  g_autoptr (VmsSession) s = vms_session_new ();
  const VmsTimeSpan *v;

  vms_session_set_trace (s, EPOCH, EPOCH);
  v = vms_session_get_visible (s);
  assert_true (v->begin == EPOCH && v->end == EPOCH + 1);
  vms_session_zoom_in (s);
  vms_session_pan (s, SEC);
  assert_true (v->begin == EPOCH && v->end == EPOCH + 1);
  assert_false (vms_session_get_can_zoom_in (s));
  assert_false (vms_session_get_can_pan_right (s));
}

static void
test_format_time (void **state)
{
  g_autoptr (VmsSession) s = new_session ();
  g_autofree char *a = NULL, *r = NULL;

  a = vms_session_format_time (s, EPOCH + 1500000);
  assert_string_equal (a, "22:13:20.001500000");
  vms_session_set_time_mode (s, VMS_TIME_MODE_RELATIVE);
  r = vms_session_format_time (s, EPOCH + 1500000);
  assert_string_equal (r, "+0.001500000 s");
}

/* The time mode's nicks are those of the GSettings enum "time-format". */
static void
test_time_mode_nicks (void **state)
{
  g_autoptr (GEnumClass) klass = g_type_class_ref (VMS_TYPE_TIME_MODE);

  assert_int_equal (g_enum_get_value_by_nick (klass, "absolute")->value, VMS_TIME_MODE_ABSOLUTE);
  assert_int_equal (g_enum_get_value_by_nick (klass, "relative")->value, VMS_TIME_MODE_RELATIVE);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_initial),     cmocka_unit_test (test_zoom_around),
    cmocka_unit_test (test_pan_clamped), cmocka_unit_test (test_set_visible),
    cmocka_unit_test (test_selection),   cmocka_unit_test (test_history),
    cmocka_unit_test (test_notify_once), cmocka_unit_test (test_format_time),
    cmocka_unit_test (test_empty_trace), cmocka_unit_test (test_time_mode_nicks),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
