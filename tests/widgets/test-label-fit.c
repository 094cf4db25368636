/* test-label-fit.c — row labels shortened to the label column.
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

#include "vms-label-fit.h"

static double
char_width (const char *text, gpointer user_data)
{
  return 10.0 * g_utf8_strlen (text, -1);
}

static void
test_fits_whole (void **state)
{
  g_autofree char *s = vms_label_fit ("bash", " (42)", 200, char_width, NULL);

  assert_string_equal (s, "bash (42)");
}

/* The thread id stays whole; the name is cut and ends in an ellipsis. */
static void
test_keeps_suffix (void **state)
{
  g_autofree char *s = vms_label_fit ("qemu-system-x86_64", " (4242)", 150, char_width, NULL);

  assert_string_equal (s, "qemu-sy… (4242)");
  assert_true (char_width (s, NULL) <= 150);
}

/* Multi-byte names are cut at character boundaries. */
static void
test_utf8 (void **state)
{
  g_autofree char *s = vms_label_fit ("héllo wörld", NULL, 60, char_width, NULL);

  assert_true (g_utf8_validate (s, -1, NULL));
  assert_string_equal (s, "héllo…");
}

/* Too narrow for the suffix: the whole label is cut; too narrow for "…": empty. */
static void
test_narrow (void **state)
{
  g_autofree char *a = vms_label_fit ("worker", " (123456)", 50, char_width, NULL);
  g_autofree char *b = vms_label_fit ("worker", " (1)", 5, char_width, NULL);

  assert_string_equal (a, "work…");
  assert_string_equal (b, "");
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_fits_whole),
    cmocka_unit_test (test_keeps_suffix),
    cmocka_unit_test (test_utf8),
    cmocka_unit_test (test_narrow),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
