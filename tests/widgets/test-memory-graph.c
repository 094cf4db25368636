/* test-memory-graph.c — the memory graph's pure logic (y scale, byte labels, the gap, the
 * hit-test, lanes) and its drawing into an image surface: no display needed.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "memory/test-memory-events.h"
#include "vms-memory-graph.h"

#define KiB G_GINT64_CONSTANT (1024)
#define MiB (1024 * KiB)
#define GiB (1024 * MiB)

static void
assert_label (const VmsByteScale *scale, gint64 bytes, const char *expected)
{
  g_autofree char *label = vms_memory_graph_tick_label (scale, bytes);

  assert_string_equal (label, expected);
}

static void
test_nice_scale (void **state)
{
  VmsByteScale s;

  /* The demo's 2.4 MiB over at most 5 intervals: half-MiB steps */
  vms_memory_graph_nice_scale (&s, 0, 2400 * KiB, 5);
  assert_int_equal (s.step, 512 * KiB);
  assert_int_equal (s.min, 0);
  assert_int_equal (s.max, 5 * 512 * KiB);
  assert_label (&s, 0, "0");
  assert_label (&s, 512 * KiB, "0.5 MiB");
  assert_label (&s, 1 * MiB, "1 MiB");
  assert_label (&s, 1536 * KiB, "1.5 MiB");

  /* Negative (relative) values: the axis goes below zero on the same grid */
  vms_memory_graph_nice_scale (&s, -300 * KiB, 1 * MiB, 6);
  assert_int_equal (s.step, 256 * KiB);
  assert_int_equal (s.min, -512 * KiB);
  assert_int_equal (s.max, 1 * MiB);
  assert_label (&s, -512 * KiB, "-0.5 MiB");
  assert_label (&s, 256 * KiB, "0.25 MiB");

  /* Zero always shown; an empty range still has an axis */
  vms_memory_graph_nice_scale (&s, 5 * MiB, 6 * MiB, 4);
  assert_int_equal (s.min, 0);
  assert_true (s.max >= 6 * MiB);
  vms_memory_graph_nice_scale (&s, 0, 0, 4);
  assert_true (s.max > s.min && s.step >= 1);

  /* Bytes, KiB, GiB */
  vms_memory_graph_nice_scale (&s, 0, 900, 5);
  assert_int_equal (s.step, 256);
  vms_memory_graph_nice_scale (&s, 0, 40 * KiB, 4);
  assert_int_equal (s.step, 10 * KiB);
  assert_label (&s, 20 * KiB, "20 KiB");
  vms_memory_graph_nice_scale (&s, 0, 3 * GiB, 4);
  assert_int_equal (s.step, 1 * GiB);
  assert_label (&s, 3 * GiB, "3 GiB");

  /* Every scale: at most max_ticks intervals, ends on the grid */
  for (gint64 hi = 1; hi < 64 * GiB; hi = hi * 3 + 7)
    {
      vms_memory_graph_nice_scale (&s, -hi / 5, hi, 5);
      assert_true ((s.max - s.min) / s.step <= 5);
      assert_int_equal (s.min % s.step, 0);
      assert_int_equal (s.max % s.step, 0);
      assert_true (s.min <= -hi / 5 && s.max >= hi);
    }
}

static void
test_format_bytes (void **state)
{
  struct {
    gint64 bytes;
    gboolean sign;
    const char *text;
  } cases[] = {
    { 0, FALSE, "0 bytes" },          { 0, TRUE, "±0 bytes" },
    { 1536 * KiB, FALSE, "1.5 MiB" }, { -12 * KiB, FALSE, "-12.0 KiB" },
    { 1 * MiB, TRUE, "+1.0 MiB" },    { -300 * KiB, TRUE, "-300.0 KiB" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = vms_memory_graph_format_bytes (cases[i].bytes, cases[i].sign);

      assert_string_equal (text, cases[i].text);
    }
}

static void
test_gap (void **state)
{
  /* The host took 2 MiB, the guest peaked at 2 MiB and uses 1 MiB now */
  assert_int_equal (vms_memory_graph_gap (2 * MiB, 1 * MiB, 2 * MiB), 1 * MiB);
  /* Frames backing the guest's earlier peak are held even when the host took nothing new */
  assert_int_equal (vms_memory_graph_gap (0, 1 * MiB, 3 * MiB), 2 * MiB);
  /* The guest uses all it touched */
  assert_int_equal (vms_memory_graph_gap (1 * MiB, 2 * MiB, 2 * MiB), 0);
}

static void
test_hit_and_lanes (void **state)
{
  VmsByteScale s = { 0, 2 * MiB, 512 * KiB };
  const gint64 values[] = { 0, 1 * MiB, 2 * MiB };
  gboolean undefined[] = { FALSE, FALSE, FALSE };
  double top = 0, h = 0;

  assert_int_equal (vms_memory_graph_hit_series (values, NULL, 3, &s, 0, 100, 50, 8), 1);
  assert_int_equal (vms_memory_graph_hit_series (values, NULL, 3, &s, 0, 100, 3, 8), 2);
  assert_int_equal (vms_memory_graph_hit_series (values, NULL, 3, &s, 0, 100, 97, 8), 0);
  assert_int_equal (vms_memory_graph_hit_series (values, NULL, 3, &s, 0, 100, 30, 8), -1);
  undefined[1] = TRUE;
  assert_int_equal (vms_memory_graph_hit_series (values, undefined, 3, &s, 0, 100, 50, 8), -1);
  assert_true (vms_memory_graph_value_to_y (&s, 1 * MiB, 10, 100) == 60.0);

  assert_int_equal (vms_memory_graph_lane_at (150, 300, 2, &top, &h), 1);
  assert_true (top == 150 && h > 100 && h < 150);
  assert_int_equal (vms_memory_graph_lane_at (10, 300, 2, &top, NULL), 0);
  assert_true (top == 0);
  assert_int_equal (vms_memory_graph_lane_at (-1, 300, 2, NULL, NULL), -1);
  assert_int_equal (vms_memory_graph_lane_at (300, 300, 2, NULL, NULL), -1);
  assert_int_equal (vms_memory_graph_lane_at (10, 300, 0, NULL, NULL), -1);
}

/* A VM whose QEMU process takes 2 MiB (at 100 and 300 µs) and whose guest's bash allocates
 * 1 MiB at 150 µs and at 310 µs and frees 1 MiB at 600 µs: peak 2 MiB, 1 MiB now. */
static VmsMemory *
make_memory (void)
{
  VmsMemory *memory = vms_memory_new ();
  const VmsEvent host[] = {
    ev_statedump (0, 1000, 1000, 1, NAME_QEMU),
    ev_switch (1, 0, 0, 1000, NAME_QEMU),
    ev_page (100000, 0, VMS_EV_PAGE_ALLOC, 8),
    ev_page (300000, 0, VMS_EV_PAGE_ALLOC, 8),
  };
  const VmsEvent guest[] = {
    ev_statedump (0, 42, 42, 1, NAME_BASH),    ev_switch (1, 0, 0, 42, NAME_BASH),
    ev_page (150000, 0, VMS_EV_PAGE_ALLOC, 8), ev_page (310000, 0, VMS_EV_PAGE_ALLOC, 8),
    ev_page (600000, 0, VMS_EV_PAGE_FREE, 8),
  };
  const VmsMemoryTraceInfo traces[] = {
    { "host", VMS_TRACE_ROLE_HOST, NULL, NULL, 0, 1000000 },
    { "guest", VMS_TRACE_ROLE_GUEST, NULL, NULL, 0, 1000000 },
  };
  const VmsMemoryVmInfo vms[] = { { "vm1", 0, 1000, 1, 0 } };

  vms_memory_feed (memory, 0, host, G_N_ELEMENTS (host));
  vms_memory_feed (memory, 1, guest, G_N_ELEMENTS (guest));
  vms_memory_finish (memory, traces, 2, vms, 1, test_lookup_name, NULL);
  return memory;
}

typedef struct {
  guint8 r, g, b;
} Rgb;

static Rgb
pixel (cairo_surface_t *surface, int x, int y)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  guint32 v = *(const guint32 *) (data + y * cairo_image_surface_get_stride (surface) + 4 * x);

  return (Rgb){ (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff };
}

static gboolean
is_background (Rgb c, Rgb bg)
{
  return abs (c.r - bg.r) + abs (c.g - bg.g) + abs (c.b - bg.b) < 12;
}

/* Pixels of column x, over [y0, y1), matching a test */
static guint
count_in_column (cairo_surface_t *surface, int x, int y0, int y1, gboolean (*test) (Rgb))
{
  guint n = 0;

  for (int y = y0; y < y1; y++)
    n += test (pixel (surface, x, y));
  return n;
}

static gboolean
bluish (Rgb c)
{
  return c.b > c.r + 30 && c.b > c.g;
}

static gboolean
greenish (Rgb c)
{
  return c.g > c.r + 40 && c.g > c.b + 20;
}

static gboolean
purplish (Rgb c)
{
  return c.r > c.g && c.b > c.g + 25; /* antialiased over the green line */
}

static gboolean
orangish (Rgb c)
{
  return c.r > c.b + 60 && c.r > c.g;
}

static cairo_surface_t *
render (VmsMemoryGraphOptions *opts)
{
  cairo_surface_t *surface
    = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) opts->width, (int) opts->height);
  cairo_t *cr = cairo_create (surface);

  vms_memory_graph_render (cr, opts);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static void
test_render (void **state)
{
  g_autoptr (VmsMemory) memory = make_memory ();
  const VmsMemoryVm *vm = vms_memory_get_vm (memory, 0);
  const VmsMemoryGraphProcess bash = { 0, 42 };
  VmsMemoryGraphOptions opts;
  cairo_surface_t *surface, *empty;
  VmsByteScale scale;
  Rgb bg;
  int x_late, x_early, y_half, y_gap, y_guest;
  guint n_plot = 0;

  /* The figures the gap at the end shows */
  assert_int_equal (vm->host_bytes, 2 * MiB);
  assert_int_equal (vm->guest_bytes, 1 * MiB);
  assert_int_equal (vm->guest_peak_bytes, 2 * MiB);
  assert_int_equal (vm->touched_unused_bytes, 1 * MiB);

  vms_memory_graph_options_init (&opts);
  opts.memory = memory;
  opts.width = 600;
  opts.height = 200;
  opts.label_width = 100;
  opts.begin = 0;
  opts.end = 1000000;
  surface = render (&opts);
  if (g_getenv ("VMS_SCREENSHOT") != NULL)
    cairo_surface_write_to_png (surface, g_getenv ("VMS_SCREENSHOT"));
  bg = pixel (surface, 590, 2);

  /* One lane over the whole height: plot area y in [20, 194 - 4), axis 0..2 MiB */
  vms_memory_graph_nice_scale (&scale, 0, 2 * MiB, 6);
  assert_int_equal (scale.max, 2 * MiB);
  x_late = 100 + 400; /* 800 µs */
  x_early = 100 + 25; /* 50 µs: nothing allocated yet */
  y_half = (int) vms_memory_graph_value_to_y (&scale, 3 * MiB / 4, 20, 170);
  y_guest = (int) vms_memory_graph_value_to_y (&scale, 1 * MiB, 20, 170);
  y_gap = (int) vms_memory_graph_value_to_y (&scale, 7 * MiB / 4, 20, 170);

  /* Below the guest line: the host's area */
  assert_true (bluish (pixel (surface, x_late, y_half)));
  /* The guest line at 1 MiB */
  assert_true (count_in_column (surface, x_late, y_guest - 3, y_guest + 4, greenish) > 0);
  /* Between 1 and 2 MiB: hatched touched-but-unused */
  {
    guint n = 0;

    for (int x = x_late - 8; x < x_late + 8; x++)
      n += count_in_column (surface, x, y_gap - 8, y_gap + 8, orangish);
    assert_true (n > 10);
  }
  /* Before anything was allocated: nothing drawn above zero */
  assert_true (is_background (pixel (surface, x_early, y_half), bg));
  assert_true (is_background (pixel (surface, x_early, y_gap), bg));

  /* An empty graph leaves the plot blank where the series were */
  opts.memory = NULL;
  empty = render (&opts);
  for (int x = 110; x < 590; x += 7)
    for (int y = 40; y < 185; y += 5)
      {
        assert_true (is_background (pixel (empty, x, y), bg));
        n_plot += !is_background (pixel (surface, x, y), bg);
      }
  assert_true (n_plot > 100);
  cairo_surface_destroy (empty);
  cairo_surface_destroy (surface);

  /* bash's series (all of the guest's memory) drawn over the guest line */
  opts.memory = memory;
  opts.processes = &bash;
  opts.n_processes = 1;
  surface = render (&opts);
  assert_true (count_in_column (surface, x_late, y_guest - 3, y_guest + 4, purplish) > 0);
  cairo_surface_destroy (surface);

  /* Relative values and a dark style draw too; a zoom into 1 µs neither */
  opts.memory = memory;
  opts.shifted = FALSE;
  opts.dark = TRUE;
  opts.begin = 299500;
  opts.end = 300500;
  opts.has_selection = TRUE;
  opts.selection_begin = 299800;
  opts.selection_end = 300200;
  opts.hover_time = 300000;
  surface = render (&opts);
  assert_true (bluish (
    pixel (surface, 100 + 450, (int) vms_memory_graph_value_to_y (&scale, MiB / 2, 20, 170))));
  cairo_surface_destroy (surface);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_nice_scale), cmocka_unit_test (test_format_bytes),
    cmocka_unit_test (test_gap),        cmocka_unit_test (test_hit_and_lanes),
    cmocka_unit_test (test_render),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
