/* test-time-map.c — time ↔ x mapping.
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
#include <math.h>

#include "vms-time-map.h"

#define EPOCH G_GINT64_CONSTANT (1700000000000000000) /* 2023-11-14, 1.7e18 ns */

/* The edges map exactly both ways, whatever the magnitude of the times. */
static void
test_edges_exact (void **state)
{
  VmsTimeMap m;

  vms_time_map_init (&m, EPOCH, EPOCH + 3 * G_GINT64_CONSTANT (1000000000), 200, 1720);
  assert_true (vms_time_map_to_x (&m, EPOCH) == 200.0);
  assert_true (vms_time_map_to_x (&m, m.end) == 1920.0);
  assert_true (vms_time_map_to_time (&m, 200) == EPOCH);
  assert_true (vms_time_map_to_time (&m, 1920) == m.end);
  /* Outside the range: clamped times, extrapolated x */
  assert_true (vms_time_map_to_time (&m, -50) == EPOCH);
  assert_true (vms_time_map_to_time (&m, 5000) == m.end);
  assert_true (vms_time_map_to_x (&m, EPOCH - 1000000000) < 200);
  assert_true (vms_time_map_to_x (&m, m.end + 1) > 1920);
}

/* No overflow or precision loss at epoch magnitudes: a 10 µs window at 1.7e18 ns
 * still maps each nanosecond to its own place and back. */
static void
test_epoch_precision (void **state)
{
  VmsTimeMap m;

  vms_time_map_init (&m, EPOCH, EPOCH + 10000, 0, 10000);
  for (gint64 t = 0; t <= 10000; t += 37)
    {
      double x = vms_time_map_to_x (&m, EPOCH + t);

      assert_true (fabs (x - (double) t) < 1e-6);
      assert_true (vms_time_map_to_time (&m, x) == EPOCH + t);
    }
  /* The middle of a full-day window */
  vms_time_map_init (&m, EPOCH, EPOCH + 86400 * G_GINT64_CONSTANT (1000000000), 0, 1000);
  assert_true (fabs (vms_time_map_to_x (&m, EPOCH + 43200 * G_GINT64_CONSTANT (1000000000)) - 500)
               < 1e-9);
  /* Extreme values far from the window do not wrap around */
  assert_true (vms_time_map_to_x (&m, G_MAXINT64) > 1000);
  assert_true (vms_time_map_to_x (&m, G_MININT64 + 1) < 0);
}

static void
test_scale (void **state)
{
  VmsTimeMap m;

  vms_time_map_init (&m, 1000, 1000 + 1920000, 0, 1920);
  assert_int_equal (vms_time_map_ns_per_px (&m), 1000);
  assert_true (vms_time_map_duration_to_px (&m, 5000) == 5.0);
  assert_int_equal (vms_time_map_px_to_duration (&m, 2.5), 2500);
  /* Zoomed in past one nanosecond per pixel */
  vms_time_map_init (&m, 0, 100, 0, 1000);
  assert_int_equal (vms_time_map_ns_per_px (&m), 1);
  /* A degenerate range or width does not divide by zero */
  vms_time_map_init (&m, 5, 5, 0, 0);
  assert_true (isfinite (vms_time_map_to_x (&m, 6)));
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_edges_exact),
    cmocka_unit_test (test_epoch_precision),
    cmocka_unit_test (test_scale),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
