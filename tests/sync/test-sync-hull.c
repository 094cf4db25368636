/* test-sync-hull.c — the incremental convex hull of one pair of clocks, point by point.
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

#include "vms-sync-hull.h"

/* Scenarios run twice: on small numbers, and shifted to real epoch timestamps with the other
 * clock seconds away, where 64-bit cross products would overflow. */
typedef struct {
  gint64 bx;
  gint64 by;
} Base;

static const Base bases[] = {
  { 0, 0 },
  { G_GINT64_CONSTANT (1700000000000000000), G_GINT64_CONSTANT (1700000003250000000) },
};

/* The line's value at bx + k, minus by, without losing precision. */
static long double
line_at (const VmsSyncLine *line, const Base *base, gint64 k)
{
  gint64 dx = base->bx + k - line->x0;

  return (long double) (line->y0 - base->by) + (long double) dx * (1.0L + line->delta) + line->b;
}

static void
expect (VmsSyncHull *hull,
        const Base *base,
        VmsSyncQuality quality,
        double alpha,
        double beta,
        guint64 n_matches,
        guint64 n_tightening)
{
  VmsSyncLine line;
  gboolean ok = vms_sync_hull_get_line (hull, &line);

  assert_string_equal (vms_sync_quality_to_string (vms_sync_hull_get_quality (hull)),
                       vms_sync_quality_to_string (quality));
  assert_int_equal (ok, quality != VMS_SYNC_QUALITY_ABSENT);
  assert_int_equal (vms_sync_hull_get_n_matches (hull), n_matches);
  assert_int_equal (vms_sync_hull_get_n_tightening (hull), n_tightening);
  if (quality == VMS_SYNC_QUALITY_ABSENT)
    return;
  assert_true (fabs (vms_sync_line_get_alpha (&line) - alpha) < 1e-12);
  assert_true (fabsl (line_at (&line, base, 0) - beta) < 1e-6);
  assert_true (fabsl (line_at (&line, base, 1000) - (alpha * 1000 + beta)) < 1e-6);
}

#define UP(h, x, y) vms_sync_hull_add_upper ((h), base->bx + (x), base->by + (y))
#define LO(h, x, y) vms_sync_hull_add_lower ((h), base->bx + (x), base->by + (y))

/* Messages one way only: only one bound exists; alpha 1 and the tightest offset. */
static void
test_one_direction (void **state)
{
  for (guint b = 0; b < G_N_ELEMENTS (bases); b++)
    {
      const Base *base = &bases[b];
      g_autoptr (VmsSyncHull) up = vms_sync_hull_new ();
      g_autoptr (VmsSyncHull) lo = vms_sync_hull_new ();

      expect (up, base, VMS_SYNC_QUALITY_ABSENT, 1, 0, 0, 0);
      assert_true (isinf (vms_sync_hull_get_accuracy (up)));
      UP (up, 1000, 1500);
      expect (up, base, VMS_SYNC_QUALITY_INCOMPLETE, 1, 500, 1, 0);
      UP (up, 2000, 2400);
      expect (up, base, VMS_SYNC_QUALITY_INCOMPLETE, 1, 400, 2, 0);
      UP (up, 3000, 3450);
      expect (up, base, VMS_SYNC_QUALITY_INCOMPLETE, 1, 400, 3, 0);
      assert_true (isinf (vms_sync_hull_get_accuracy (up)));

      LO (lo, 1000, 900);
      expect (lo, base, VMS_SYNC_QUALITY_INCOMPLETE, 1, -100, 1, 0);
      LO (lo, 2000, 1950);
      expect (lo, base, VMS_SYNC_QUALITY_INCOMPLETE, 1, -50, 2, 0);
    }
}

/* Every message one way before every message the other way: only alpha_min is pinned. */
static void
test_disjoint_directions (void **state)
{
  for (guint b = 0; b < G_N_ELEMENTS (bases); b++)
    {
      const Base *base = &bases[b];
      g_autoptr (VmsSyncHull) h = vms_sync_hull_new ();
      VmsSyncLine min_line, max_line;

      UP (h, 100, 110);
      UP (h, 200, 205);
      expect (h, base, VMS_SYNC_QUALITY_INCOMPLETE, 1, 5, 2, 0);
      LO (h, 300, 290);
      /* alpha_min = 0.9 through (100,110)-(300,290); alpha 1 is allowed: offsets between
       * max(L) −10 and min(U) 5 */
      expect (h, base, VMS_SYNC_QUALITY_APPROXIMATE, 1, -2.5, 3, 1);
      assert_true (vms_sync_hull_get_min_line (h, &min_line));
      assert_false (vms_sync_hull_get_max_line (h, &max_line));
      assert_true (fabs (vms_sync_line_get_alpha (&min_line) - 0.9) < 1e-12);
      LO (h, 400, 395);
      expect (h, base, VMS_SYNC_QUALITY_APPROXIMATE, 1, 0, 4, 2);
      assert_true (vms_sync_hull_get_min_line (h, &min_line));
      assert_true (fabs (vms_sync_line_get_alpha (&min_line) - 0.95) < 1e-12);
      assert_true (isinf (vms_sync_hull_get_accuracy (h)));
    }
}

/* When the pinned bound is above 1, the approximate alpha is clamped to it. */
static void
test_approximate_clamped (void **state)
{
  for (guint b = 0; b < G_N_ELEMENTS (bases); b++)
    {
      const Base *base = &bases[b];
      g_autoptr (VmsSyncHull) h = vms_sync_hull_new ();

      UP (h, 0, 10);
      LO (h, 100, 200);
      /* alpha_min = 1.9: the line through both points; offset range at 1.9 is one value */
      expect (h, base, VMS_SYNC_QUALITY_APPROXIMATE, 1.9, 10, 2, 1);
    }
}

/* Both bounds pinned, then closing in; a point beyond both lines changes nothing. */
static void
test_closing_in (void **state)
{
  for (guint b = 0; b < G_N_ELEMENTS (bases); b++)
    {
      const Base *base = &bases[b];
      g_autoptr (VmsSyncHull) h = vms_sync_hull_new ();

      UP (h, 0, 1010);
      expect (h, base, VMS_SYNC_QUALITY_INCOMPLETE, 1, 1010, 1, 0);
      LO (h, 100, 1095);
      expect (h, base, VMS_SYNC_QUALITY_APPROXIMATE, 1, 1002.5, 2, 1);
      UP (h, 200, 1205);
      /* steepest: (100,1095)-(200,1205) y = 1.1x + 985; flattest (0,1010)-(100,1095)
       * y = 0.85x + 1010; but one lower point only: approximate, alpha 1, offsets between 995
       * and 1005 */
      expect (h, base, VMS_SYNC_QUALITY_APPROXIMATE, 1, 1000, 3, 2);
      assert_true (fabs (vms_sync_hull_get_accuracy (h) - 0.25) < 1e-12);
      LO (h, 300, 1295);
      /* flattest now (0,1010)-(300,1295): y = 0.95x + 1010 */
      expect (h, base, VMS_SYNC_QUALITY_ACCURATE, 1.025, 997.5, 4, 3);
      assert_true (fabs (vms_sync_hull_get_accuracy (h) - 0.15) < 1e-12);
      UP (h, 250, 1300); /* far above: no bound moves */
      expect (h, base, VMS_SYNC_QUALITY_ACCURATE, 1.025, 997.5, 5, 3);
      UP (h, 400, 1401);
      /* steepest now (100,1095)-(400,1401): y = 1.02x + 993 */
      expect (h, base, VMS_SYNC_QUALITY_ACCURATE, 0.985, 1001.5, 6, 4);
      assert_true (fabs (vms_sync_hull_get_accuracy (h) - 0.07) < 1e-12);
    }
}

/* The bounds cross: fail, and the last good formula stays. */
static void
test_crossing_bounds (void **state)
{
  for (guint b = 0; b < G_N_ELEMENTS (bases); b++)
    {
      const Base *base = &bases[b];
      g_autoptr (VmsSyncHull) h = vms_sync_hull_new ();

      UP (h, 0, 1010);
      LO (h, 100, 1095);
      UP (h, 200, 1205);
      LO (h, 300, 1295);
      UP (h, 400, 1401);
      expect (h, base, VMS_SYNC_QUALITY_ACCURATE, 0.985, 1001.5, 5, 4);
      /* a receive on O long before the line allows: slope from (300,1295) 0.525 < 0.95 */
      assert_true (UP (h, 500, 1400));
      expect (h, base, VMS_SYNC_QUALITY_FAIL, 0.985, 1001.5, 6, 4);
      assert_true (fabs (vms_sync_hull_get_accuracy (h) - 0.07) < 1e-12);
      /* it stays failed; points are still counted */
      assert_false (LO (h, 600, 1590));
      assert_false (UP (h, 700, 1720));
      expect (h, base, VMS_SYNC_QUALITY_FAIL, 0.985, 1001.5, 8, 4);
      assert_int_equal (vms_sync_hull_get_n_upper (h), 5);
      assert_int_equal (vms_sync_hull_get_n_lower (h), 3);
    }
}

/* Failure while only approximate keeps the approximate formula; and an upper point below a
 * lower point at the same x fails with no bound at all. */
static void
test_fail_early (void **state)
{
  for (guint b = 0; b < G_N_ELEMENTS (bases); b++)
    {
      const Base *base = &bases[b];
      g_autoptr (VmsSyncHull) h = vms_sync_hull_new ();
      g_autoptr (VmsSyncHull) same_x = vms_sync_hull_new ();

      UP (h, 100, 110);
      UP (h, 200, 205);
      LO (h, 300, 290);
      expect (h, base, VMS_SYNC_QUALITY_APPROXIMATE, 1, -2.5, 3, 1);
      LO (h, 150, 300); /* above the upper points on both sides */
      expect (h, base, VMS_SYNC_QUALITY_FAIL, 1, -2.5, 4, 1);

      UP (same_x, 100, 120);
      LO (same_x, 100, 110);
      expect (same_x, base, VMS_SYNC_QUALITY_APPROXIMATE, 1, 15, 2, 0);
      LO (same_x, 100, 130);
      expect (same_x, base, VMS_SYNC_QUALITY_FAIL, 1, 15, 3, 0);
    }
}

/* Duplicates and collinear points keep the hull small and the result unchanged; points with
 * zero latency both ways give one exact line (accurate, accuracy 0). */
static void
test_duplicates_collinear (void **state)
{
  for (guint b = 0; b < G_N_ELEMENTS (bases); b++)
    {
      const Base *base = &bases[b];
      g_autoptr (VmsSyncHull) h = vms_sync_hull_new ();

      UP (h, 0, 10);
      UP (h, 0, 10);
      UP (h, 100, 110);
      UP (h, 200, 210);
      UP (h, 300, 310);
      UP (h, 300, 310);
      assert_int_equal (vms_sync_hull_get_size (h), 2);
      expect (h, base, VMS_SYNC_QUALITY_INCOMPLETE, 1, 10, 6, 0);
      LO (h, 50, 60);
      LO (h, 50, 60);
      LO (h, 150, 160);
      LO (h, 250, 260);
      LO (h, 400, 410);
      expect (h, base, VMS_SYNC_QUALITY_ACCURATE, 1, 10, 11, 1);
      assert_true (vms_sync_hull_get_accuracy (h) == 0.0);
      assert_true (vms_sync_hull_get_size (h) <= 4);
      /* equal x, same point both ways: still consistent */
      LO (h, 300, 310);
      expect (h, base, VMS_SYNC_QUALITY_ACCURATE, 1, 10, 12, 1);
      LO (h, 300, 311);
      expect (h, base, VMS_SYNC_QUALITY_FAIL, 1, 10, 13, 1);
    }
}

/* The bounds over every pair of points, the slow way. */
typedef struct {
  gint64 x, y;
  gboolean upper;
} TestPoint;

static void
brute_bounds (const TestPoint *pts, guint n, long double *amax, long double *amin)
{
  *amax = INFINITY;
  *amin = -INFINITY;
  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      {
        const TestPoint *l = &pts[i], *u = &pts[j];

        if (l->upper || !u->upper)
          continue;
        if (u->x > l->x)
          *amax = MIN (*amax, (long double) (u->y - l->y) / (long double) (u->x - l->x));
        else if (u->x < l->x)
          *amin = MAX (*amin, (long double) (l->y - u->y) / (long double) (l->x - u->x));
      }
}

static void
feed (VmsSyncHull *h, const TestPoint *pts, guint n)
{
  for (guint i = 0; i < n; i++)
    if (pts[i].upper)
      vms_sync_hull_add_upper (h, pts[i].x, pts[i].y);
    else
      vms_sync_hull_add_lower (h, pts[i].x, pts[i].y);
}

/* Points fed in order, shuffled, and in reverse give the same bounds as the brute force. */
static void
test_out_of_order (void **state)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (42);

  for (guint round = 0; round < 40; round++)
    {
      guint n = 20 + round * 5;
      g_autofree TestPoint *pts = g_new (TestPoint, n);
      g_autofree TestPoint *shuffled = NULL;
      g_autoptr (VmsSyncHull) sorted = vms_sync_hull_new ();
      g_autoptr (VmsSyncHull) mixed = vms_sync_hull_new ();
      g_autoptr (VmsSyncHull) reversed = vms_sync_hull_new ();
      gint64 x0 = G_GINT64_CONSTANT (1700000000000000000);
      double drift = g_rand_double_range (rand, -1e-4, 1e-4);
      gint64 offset = g_rand_int_range (rand, -2000000000, 2000000000);
      long double amax, amin;
      VmsSyncLine max_line, min_line;

      for (guint i = 0; i < n; i++)
        {
          gint64 dx = (gint64) i * 1000000 + g_rand_int_range (rand, 0, 900000);
          gint64 lat = g_rand_int_range (rand, 2000, 200000);

          pts[i].upper = g_rand_boolean (rand);
          pts[i].x = x0 + dx;
          pts[i].y
            = x0 + offset + (gint64) llround (dx * (1.0 + drift)) + (pts[i].upper ? lat : -lat);
        }
      shuffled = g_memdup2 (pts, n * sizeof *pts);
      for (guint i = n - 1; i > 0; i--)
        {
          guint j = g_rand_int_range (rand, 0, i + 1);
          TestPoint t = shuffled[i];

          shuffled[i] = shuffled[j];
          shuffled[j] = t;
        }
      feed (sorted, pts, n);
      feed (mixed, shuffled, n);
      for (guint i = n; i-- > 0;)
        feed (reversed, &pts[i], 1);
      brute_bounds (pts, n, &amax, &amin);

      for (guint k = 0; k < 3; k++)
        {
          VmsSyncHull *h = k == 0 ? sorted : k == 1 ? mixed : reversed;

          assert_int_equal (vms_sync_hull_get_quality (h), VMS_SYNC_QUALITY_ACCURATE);
          assert_true (vms_sync_hull_get_max_line (h, &max_line));
          assert_true (vms_sync_hull_get_min_line (h, &min_line));
          assert_true (fabsl (1.0L + max_line.delta - amax) < 1e-12L);
          assert_true (fabsl (1.0L + min_line.delta - amin) < 1e-12L);
          assert_int_equal (vms_sync_hull_get_n_matches (h), n);
          /* every point on its side of both lines */
          for (guint i = 0; i < n; i++)
            {
              double d1 = vms_sync_line_distance (&max_line, pts[i].x, pts[i].y);
              double d2 = vms_sync_line_distance (&min_line, pts[i].x, pts[i].y);

              assert_true (pts[i].upper ? d1 > -1e-3 && d2 > -1e-3 : d1 < 1e-3 && d2 < 1e-3);
            }
        }
    }
}

/* 50 ppm drift, an offset of seconds, epoch timestamps, one day: the estimate of symmetric
 * ±1 ns messages is the exact line, and applying it (and its inverse) is within 1 ns
 * everywhere. */
static void
test_huge_timestamps (void **state)
{
  const gint64 t0 = G_GINT64_CONSTANT (1700000000123456789);
  const gint64 off = G_GINT64_CONSTANT (3250000017);
  const gint64 day = G_GINT64_CONSTANT (86400000000000);
  g_autoptr (VmsSyncHull) h = vms_sync_hull_new ();
  VmsSyncLine line, inv;

  /* exact line: y = t0 + off + dx + dx / 20000 (alpha = 1.00005); dx a multiple of 20000 */
#define EXACT(dx) ((__int128) t0 + off + (dx) + (dx) / 20000)
  for (gint64 i = 0; i <= 1000; i++)
    {
      gint64 dx = i * (day / 1000 / 20000) * 20000;

      vms_sync_hull_add_upper (h, t0 + dx, (gint64) EXACT (dx) + 1);
      vms_sync_hull_add_lower (h, t0 + dx + 10000, (gint64) EXACT (dx + 10000) - 1);
    }
  assert_int_equal (vms_sync_hull_get_quality (h), VMS_SYNC_QUALITY_ACCURATE);
  assert_true (vms_sync_hull_get_line (h, &line));
  assert_true (fabs (vms_sync_line_get_alpha (&line) - 1.00005) < 1e-15);
  assert_true (vms_sync_hull_get_size (h) <= 8);
  vms_sync_line_invert (&line, &inv);

  for (gint64 i = 0; i <= 10000; i++)
    {
      gint64 dx = i * (day / 10000);
      __int128 exact_num = (__int128) (t0 + off + dx) * 20000 + dx; /* 20000 × exact */
      gint64 y = vms_sync_line_apply (&line, t0 + dx);
      __int128 err = (__int128) y * 20000 - exact_num;

      assert_true (err <= 20000 && err >= -20000);
      /* back: within 1 ns of where it came from */
      assert_true (llabs (vms_sync_line_apply (&inv, y) - (t0 + dx)) <= 1);
    }
#undef EXACT

  /* beta in absolute terms: alpha × t0 + beta is t0 + off at t0, to double precision */
  {
    long double at0 = (long double) vms_sync_line_get_alpha (&line) * (long double) t0
                      + (long double) vms_sync_line_get_beta (&line);

    assert_true (fabsl (at0 - (long double) (t0 + off)) < 1e3);
  }
}

/* With random latencies the true line stays between the two bounding lines, and the estimate
 * is within the reported accuracy of it over the whole span. */
static void
test_truth_within_accuracy (void **state)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);
  const gint64 t0 = G_GINT64_CONSTANT (1700000000000000000);
  const long double drift = 37e-6L;
  const gint64 off = -G_GINT64_CONSTANT (1234567890123);
  const gint64 span = G_GINT64_CONSTANT (600000000000); /* 10 min */
  g_autoptr (VmsSyncHull) h = vms_sync_hull_new ();
  VmsSyncLine line;
  double accuracy;

  for (guint i = 0; i < 100000; i++)
    {
      gint64 dx = (gint64) i * (span / 100000);
      gint64 lat = 800 + g_rand_int_range (rand, 0, 40000);
      long double truth = (long double) t0 + off + dx + drift * dx;

      if (i % 2)
        vms_sync_hull_add_upper (h, t0 + dx, (gint64) ceill (truth) + lat);
      else
        vms_sync_hull_add_lower (h, t0 + dx, (gint64) floorl (truth) - lat);
    }
  assert_int_equal (vms_sync_hull_get_quality (h), VMS_SYNC_QUALITY_ACCURATE);
  assert_true (vms_sync_hull_get_n_tightening (h) < 1000);
  assert_true (vms_sync_hull_get_size (h) < 200);
  assert_true (vms_sync_hull_get_line (h, &line));
  accuracy = vms_sync_hull_get_accuracy (h);
  assert_true (accuracy > 0 && accuracy < 1e-6);
  for (gint64 dx = 0; dx <= span; dx += span / 100)
    {
      long double truth = (long double) t0 + off + dx + drift * dx;
      long double est = (long double) vms_sync_line_apply (&line, t0 + dx);

      assert_true (fabsl (est - truth) <= accuracy * span + 1);
    }
}

/* Composition and inversion of lines. */
static void
test_line_algebra (void **state)
{
  VmsSyncLine f = { G_GINT64_CONSTANT (1700000000000000000),
                    G_GINT64_CONSTANT (1700000005000000000), 20e-6, 0.25 };
  VmsSyncLine g = { G_GINT64_CONSTANT (1699999990000000000),
                    G_GINT64_CONSTANT (1700000001000000000), -35e-6, -0.5 };
  VmsSyncLine fg, inv, id;

  vms_sync_line_compose (&f, &g, &fg);
  vms_sync_line_invert (&fg, &inv);
  vms_sync_line_compose (&inv, &fg, &id);
  for (gint64 k = 0; k < 5; k++)
    {
      gint64 x = G_GINT64_CONSTANT (1699999990000000000) + k * G_GINT64_CONSTANT (20000000000000);
      gint64 via = vms_sync_line_apply (&f, vms_sync_line_apply (&g, x));

      assert_true (llabs (vms_sync_line_apply (&fg, x) - via) <= 1);
      assert_true (llabs (vms_sync_line_apply (&inv, via) - x) <= 1);
      assert_true (llabs (vms_sync_line_apply (&id, x) - x) <= 1);
    }
  vms_sync_line_init_offset (&id, -42);
  assert_int_equal (vms_sync_line_apply (&id, G_GINT64_CONSTANT (1700000000000000000)),
                    G_GINT64_CONSTANT (1699999999999999958));
  assert_true (vms_sync_line_get_alpha (&id) == 1.0);
  assert_true (vms_sync_line_get_beta (&id) == -42.0);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_one_direction),        cmocka_unit_test (test_disjoint_directions),
    cmocka_unit_test (test_approximate_clamped),  cmocka_unit_test (test_closing_in),
    cmocka_unit_test (test_crossing_bounds),      cmocka_unit_test (test_fail_early),
    cmocka_unit_test (test_duplicates_collinear), cmocka_unit_test (test_out_of_order),
    cmocka_unit_test (test_huge_timestamps),      cmocka_unit_test (test_truth_within_accuracy),
    cmocka_unit_test (test_line_algebra),
  };

  return cmocka_run_group_tests_name ("sync-hull", tests, NULL, NULL);
}
