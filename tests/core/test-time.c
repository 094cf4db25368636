/* test-time.c — the one time formatter and parser.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <gio/gio.h>
#include <string.h>

#include "vms-time.h"

static void
check_duration (gint64 ns, guint digits, const char *expected)
{
  g_autofree char *s = vms_time_format_duration (ns, digits);

  assert_string_equal (s, expected);
}

static void
test_duration_units (void **state)
{
  check_duration (0, 3, "0 ns");
  check_duration (850, 3, "850 ns");
  check_duration (12500, 1, "12.5 µs");
  check_duration (3250000, 3, "3.250 ms");
  check_duration (1500000000, 3, "1.500 s");
  check_duration (-2000, 0, "-2 µs");
  check_duration (123500000000, 1, "2 min 03.5 s");
}

static void
test_relative_and_clock (void **state)
{
  g_autofree char *rel = vms_time_format_relative (1361214078861347508, 1361214076525090092);
  g_autofree char *neg = vms_time_format_relative (5, 10);
  g_autofree char *clock = vms_time_format_clock (1361214078861347508, FALSE);
  g_autofree char *date = vms_time_format_clock (1361214078861347508, TRUE);

  assert_string_equal (rel, "+2.336257416 s");
  assert_string_equal (neg, "-0.000000005 s");
  assert_string_equal (clock, "19:01:18.861347508");
  assert_string_equal (date, "2013-02-18 19:01:18.861347508");
}

static void
check_parse (const char *text, gint64 origin, gint64 expected)
{
  g_autoptr (GError) error = NULL;
  gint64 v = 0;

  assert_true (vms_time_parse (text, origin, &v, &error));
  assert_null (error);
  assert_int_equal (v, expected);
}

static void
check_parse_fails (const char *text)
{
  g_autoptr (GError) error = NULL;
  gint64 v = 42;

  assert_false (vms_time_parse (text, 0, &v, &error));
  assert_true (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT));
  assert_non_null (strstr (error->message, text));
  assert_int_equal (v, 42);
}

static void
test_parse (void **state)
{
  check_parse ("1361214078861347508", 0, 1361214078861347508);
  check_parse ("1.5s", 0, 1500000000);
  check_parse ("250ms", 0, 250000000);
  check_parse ("12us", 0, 12000);
  check_parse ("12 µs", 0, 12000);
  check_parse ("800ns", 0, 800);
  check_parse ("2min", 0, 120000000000);
  check_parse ("+250ms", 1000, 250001000);
  check_parse (" + 1.000000001 s ", 1361214076525090092, 1361214077525090093);
  check_parse ("-5ns", 0, -5);

  check_parse_fails ("");
  check_parse_fails ("abc");
  check_parse_fails ("1.5 parsecs");
  check_parse_fails ("99999999999999999999");
  check_parse_fails ("9999999999s");
  check_parse_fails ("1e300s");
  check_parse_fails ("nan s");
  check_parse_fails ("+");
}

static void
test_parse_range (void **state)
{
  g_autoptr (GError) error = NULL;
  gint64 a = 0, b = 0;

  assert_true (vms_time_parse_range ("+1s..+1.5s", 100, &a, &b, &error));
  assert_int_equal (a, 1000000100);
  assert_int_equal (b, 1500000100);

  assert_false (vms_time_parse_range ("+2s..+1s", 0, &a, &b, &error));
  assert_non_null (error);
  g_clear_error (&error);
  assert_false (vms_time_parse_range ("5", 0, &a, &b, &error));
  assert_non_null (error);
  g_clear_error (&error);
  assert_false (vms_time_parse_range ("1..x", 0, &a, &b, &error));
  assert_non_null (error);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_duration_units),
    cmocka_unit_test (test_relative_and_clock),
    cmocka_unit_test (test_parse),
    cmocka_unit_test (test_parse_range),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
