/* test-ticks.c — tick spacing and labels of the time ruler.
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

#include "vms-ticks.h"

/* 2023-11-14 22:13:20 UTC */
#define EPOCH G_GINT64_CONSTANT (1700000000000000000)

/* 7 pixels per character, as a monospace font of about 12 px would draw */
static double
char_width (const char *text, gpointer user_data)
{
  return 7.0 * g_utf8_strlen (text, -1);
}

static void
test_step_nice (void **state)
{
  /* 1 s over 1000 px with ticks 100 px apart: 100 ms */
  assert_int_equal (vms_ticks_step (0, 1000000000, 1000, 100), 100000000);
  /* 10 µs over 1920 px, 80 px apart: 416.7 ns -> 500 ns */
  assert_int_equal (vms_ticks_step (0, 10000, 1920, 80), 500);
  /* A whole day: 86400 s / 19.2 ticks -> 5000 s */
  assert_int_equal (vms_ticks_step (EPOCH, EPOCH + G_GINT64_CONSTANT (86400000000000), 1920, 100),
                    G_GINT64_CONSTANT (5000000000000));
  /* Never 0, even zoomed in past a nanosecond per pixel */
  assert_int_equal (vms_ticks_step (0, 10, 1000, 10), 1);
  /* At epoch magnitudes too (a double holds 1.7e18 only to 256 ns) */
  assert_int_equal (vms_ticks_step (EPOCH + 1, EPOCH + 101, 300, 60), 20);
  assert_int_equal (vms_ticks_step (0, 0, 1000, 10), 1);
}

static void
test_first_and_minor (void **state)
{
  assert_int_equal (vms_ticks_first (1050, 100), 1100);
  assert_int_equal (vms_ticks_first (1100, 100), 1100);
  assert_int_equal (vms_ticks_first (-150, 100), -100);
  assert_true (vms_ticks_first (EPOCH + 1, 1000000000) == EPOCH + 1000000000);
  /* Relative mode: round offsets from the trace start */
  assert_true (vms_ticks_first_in_mode (EPOCH + 123, 1000, VMS_TIME_MODE_RELATIVE, EPOCH + 7)
               == EPOCH + 1007);
  assert_true (vms_ticks_first_in_mode (EPOCH + 123, 1000, VMS_TIME_MODE_ABSOLUTE, EPOCH + 7)
               == EPOCH + 1000);
  assert_int_equal (vms_ticks_minor_step (100), 20);
  assert_int_equal (vms_ticks_minor_step (200), 50);
  assert_int_equal (vms_ticks_minor_step (500), 100);
  assert_int_equal (vms_ticks_minor_step (2), 0);
}

static void
test_labels (void **state)
{
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL, *e = NULL, *f = NULL;

  assert_int_equal (vms_ticks_digits (1000000000), 0);
  assert_int_equal (vms_ticks_digits (500000000), 1);
  assert_int_equal (vms_ticks_digits (20000), 5);
  assert_int_equal (vms_ticks_digits (1), 9);
  assert_int_equal (vms_ticks_digits (G_GINT64_CONSTANT (60000000000)), 0);

  /* Absolute: time of day with the precision the step needs */
  a = vms_ticks_label (EPOCH + 500000000, 500000000, VMS_TIME_MODE_ABSOLUTE, EPOCH);
  assert_string_equal (a, "22:13:20.5");
  b = vms_ticks_label (EPOCH + 2000000000, 1000000000, VMS_TIME_MODE_ABSOLUTE, EPOCH);
  assert_string_equal (b, "22:13:22");
  c = vms_ticks_label (EPOCH + 1500, 500, VMS_TIME_MODE_ABSOLUTE, EPOCH);
  assert_string_equal (c, "22:13:20.0000015");
  /* Relative: seconds since the trace start, same rule */
  d = vms_ticks_label (EPOCH + 250000000, 50000000, VMS_TIME_MODE_RELATIVE, EPOCH);
  assert_string_equal (d, "+0.25 s");
  e = vms_ticks_label (EPOCH + 3000000000, 1000000000, VMS_TIME_MODE_RELATIVE, EPOCH);
  assert_string_equal (e, "+3 s");
  f = vms_ticks_label (EPOCH + 7, 1, VMS_TIME_MODE_RELATIVE, EPOCH);
  assert_string_equal (f, "+0.000000007 s");
}

/* Labels never overlap: the chosen step leaves room for the widest label. */
static void
test_fit (void **state)
{
  struct {
    gint64 span;
    VmsTimeMode mode;
  } cases[] = {
    { 10000, VMS_TIME_MODE_ABSOLUTE },      { 10000, VMS_TIME_MODE_RELATIVE },
    { 1000000, VMS_TIME_MODE_ABSOLUTE },    { 1000000, VMS_TIME_MODE_RELATIVE },
    { 3000000000, VMS_TIME_MODE_ABSOLUTE }, { 3000000000, VMS_TIME_MODE_RELATIVE },
    { 100, VMS_TIME_MODE_ABSOLUTE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (double width = 300; width <= 1920; width += 540)
      {
        gint64 begin = EPOCH + 123456789;
        gint64 end = begin + cases[i].span;
        gint64 step
          = vms_ticks_fit (begin, end, width, 60, 12, cases[i].mode, EPOCH, char_width, NULL);
        double px = width * (double) step / (double) cases[i].span;

        for (gint64 t = vms_ticks_first_in_mode (begin, step, cases[i].mode, EPOCH); t < end;
             t += step)
          {
            g_autofree char *label = vms_ticks_label (t, step, cases[i].mode, EPOCH);

            assert_true (char_width (label, NULL) + 12 <= px + 1e-9);
          }
        /* Not needlessly sparse: at most one decade coarser than the 60 px minimum */
        assert_true (step <= 10 * vms_ticks_step (begin, end, width, 60)
                     || px < 3 * (char_width ("22:13:20.000000000", NULL) + 12));
      }
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_step_nice),
    cmocka_unit_test (test_first_and_minor),
    cmocka_unit_test (test_labels),
    cmocka_unit_test (test_fit),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
