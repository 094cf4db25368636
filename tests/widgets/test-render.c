/* test-render.c — the view drawn into files: formats, errors, and short states that
 * stay visible when the whole trace is on screen.
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
#include <glib/gstdio.h>

#include "vms-describe.h"
#include "vms-render-private.h"
#include "vms-render.h"
#include "widgets-fixture.h"

#define MS G_GINT64_CONSTANT (1000000)

typedef struct {
  VmsModel *model;
  char *dir;
  gint64 spike_at;
} Fixture;

static int
setup (void **state)
{
  Fixture *f = g_new0 (Fixture, 1);
  FixtureOptions o = {
    .n_vcpus = 2,
    .duration = 1000 * MS,
    .period = 50000,
    .quiet = TRUE,
    .spike_at = FIXTURE_EPOCH + 500 * MS + 40000,
    .spike_len = 2000, /* 2 µs in a 1 s trace: 1/500th of a pixel at 1920 px */
  };

  f->spike_at = o.spike_at;
  f->model = fixture_model (&o, NULL);
  f->dir = g_dir_make_tmp ("vms-render-XXXXXX", NULL);
  *state = f;
  return 0;
}

static int
teardown (void **state)
{
  Fixture *f = *state;
  g_autoptr (GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_object_unref (f->model);
  g_free (f);
  return 0;
}

static void
whole_trace (Fixture *f, VmsRenderOptions *opts)
{
  vms_render_options_init (opts);
  opts->model = f->model;
  opts->begin = vms_model_get_begin (f->model);
  opts->end = vms_model_get_end (f->model);
  opts->origin = opts->begin;
}

/* PNG, SVG and PDF by extension; the PNG has the asked size times the scale. */
static void
test_formats (void **state)
{
  Fixture *f = *state;
  VmsRenderOptions opts;
  const char *names[] = { "view.png", "view.SVG", "view.pdf" };

  whole_trace (f, &opts);
  opts.caption = "kvmhost, guest1";
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (f->dir, names[i], NULL);
      g_autoptr (GError) error = NULL;
      g_autofree char *contents = NULL;
      gsize len = 0;

      assert_true (vms_render_to_file (&opts, path, 800, 400, 2, &error));
      assert_null (error);
      assert_true (g_file_get_contents (path, &contents, &len, NULL));
      assert_true (len > 1000);
      if (i == 0)
        {
          cairo_surface_t *png = cairo_image_surface_create_from_png (path);

          assert_int_equal (cairo_image_surface_get_width (png), 1600);
          assert_int_equal (cairo_image_surface_get_height (png), 800);
          cairo_surface_destroy (png);
        }
      else if (i == 1)
        assert_non_null (strstr (contents, "<svg"));
      else
        assert_true (g_str_has_prefix (contents, "%PDF"));
    }
}

/* Clear errors: unknown format, missing folder, bad size. */
static void
test_errors (void **state)
{
  Fixture *f = *state;
  VmsRenderOptions opts;
  g_autoptr (GError) e1 = NULL, e2 = NULL, e3 = NULL;
  g_autofree char *gif = g_build_filename (f->dir, "view.gif", NULL);

  whole_trace (f, &opts);
  assert_false (vms_render_to_file (&opts, gif, 100, 100, 1, &e1));
  assert_true (g_error_matches (e1, VMS_RENDER_ERROR, VMS_RENDER_ERROR_UNKNOWN_FORMAT));
  assert_non_null (strstr (e1->message, ".png"));
  assert_false (g_file_test (gif, G_FILE_TEST_EXISTS));

  assert_false (vms_render_to_file (&opts, "/nonexistent-vmscope/x.pdf", 100, 100, 1, &e2));
  assert_true (g_error_matches (e2, VMS_RENDER_ERROR, VMS_RENDER_ERROR_WRITE));
  assert_non_null (strstr (e2->message, "/nonexistent-vmscope/x.pdf"));

  assert_false (vms_render_to_file (&opts, "x.png", 0, 100, 1, &e3));
  assert_true (g_error_matches (e3, VMS_RENDER_ERROR, VMS_RENDER_ERROR_INVALID_SIZE));
}

static guint32
pixel (cairo_surface_t *s, int x, int y)
{
  const guint8 *data = cairo_image_surface_get_data (s);

  return ((const guint32 *) (gconstpointer) (data + y * cairo_image_surface_get_stride (s)))[x]
         & 0xffffff;
}

static guint32
rgb (const VmsColor *c)
{
  return ((guint32) (c->red * 255 + 0.5) << 16) | ((guint32) (c->green * 255 + 0.5) << 8)
         | (guint32) (c->blue * 255 + 0.5);
}

/* A y near the top of a model row's bars, where only full-height states reach. */
static int
row_middle (VmsModel *model, guint row, const VmsRenderOptions *opts)
{
  g_autoptr (VmsRowLayout) layout = _vms_render_build_layout (model, NULL, 0, 0);
  int visible = vms_row_layout_find_visible (layout, row);
  double y;

  assert_true (visible >= 0);
  vms_row_layout_get_visible (layout, visible, &y);
  return (int) (VMS_RENDER_RULER_HEIGHT + y + 4);
}

/* A 2 µs preemption in a 1 s trace stays visible on 1920 pixels. */
static void
test_short_preemption_visible (void **state)
{
  Fixture *f = *state;
  VmsRenderOptions opts;
  const VmsPalette *p = vms_palette_get (VMS_PALETTE_DEFAULT, FALSE);
  int row = fixture_find_row (f->model, VMS_ROW_VCPU, 0);
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1920, 1080);
  cairo_t *cr = cairo_create (s);
  VmsTimeMap map;
  VmsInterval in;
  int x, y, found = 0;

  assert_true (row >= 0);
  assert_true (vms_model_hit_test (f->model, row, f->spike_at + 1000, &in));
  assert_int_equal (in.state, VMS_STATE_PREEMPTED);

  whole_trace (f, &opts);
  opts.width = 1920;
  opts.height = 1080;
  opts.show_legend = FALSE;
  vms_render_view (cr, &opts);
  cairo_surface_flush (s);

  vms_time_map_init (&map, opts.begin, opts.end, VMS_RENDER_LABEL_WIDTH,
                     1920 - VMS_RENDER_LABEL_WIDTH);
  x = (int) vms_time_map_to_x (&map, f->spike_at);
  y = row_middle (f->model, row, &opts);
  for (int dx = -1; dx <= 1; dx++)
    found += pixel (s, x + dx, y) == rgb (&p->states[VMS_DRAW_VCPU_PREEMPTED].color);
  assert_true (found >= 1);
  /* …and nowhere else on that row: the trace is otherwise quiet */
  found = 0;
  for (int px = VMS_RENDER_LABEL_WIDTH; px < 1920; px++)
    found += pixel (s, px, y) == rgb (&p->states[VMS_DRAW_VCPU_PREEMPTED].color);
  assert_true (found >= 1 && found <= 3);

  cairo_destroy (cr);
  cairo_surface_destroy (s);
}

/* "Copy image": a texture of the asked size times the scale. */
static void
test_texture (void **state)
{
  Fixture *f = *state;
  VmsRenderOptions opts;
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkTexture) texture = NULL;

  whole_trace (f, &opts);
  texture = vms_render_to_texture (&opts, 640, 360, 2, &error);
  assert_null (error);
  assert_non_null (texture);
  assert_int_equal (gdk_texture_get_width (texture), 1280);
  assert_int_equal (gdk_texture_get_height (texture), 720);
}

/* Without a model, at odd sizes: draws without crashing. */
static void
test_empty_and_tiny (void **state)
{
  VmsRenderOptions opts;
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 10, 10);
  cairo_t *cr = cairo_create (s);

  vms_render_options_init (&opts);
  vms_render_view (cr, &opts);
  opts.width = 3;
  opts.height = 2;
  opts.caption = "x";
  vms_render_view (cr, &opts);
  assert_int_equal (cairo_status (cr), CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_destroy (s);
}

/* The natural height holds every row: collapsing a group makes it smaller. */
static void
test_natural_height (void **state)
{
  Fixture *f = *state;
  VmsRenderOptions opts;
  guint n = vms_model_get_n_rows (f->model);
  g_autofree gboolean *collapsed = g_new0 (gboolean, n);
  double full, less;

  whole_trace (f, &opts);
  full = vms_render_get_natural_height (&opts);
  assert_true (full > VMS_RENDER_RULER_HEIGHT + n * VMS_RENDER_ROW_HEIGHT - 1);
  collapsed[0] = TRUE;
  opts.collapsed = collapsed;
  opts.n_collapsed = n;
  less = vms_render_get_natural_height (&opts);
  assert_true (less < full);
}

/* The tooltip text: the exact interval, and for a pixel of many intervals their count and
 * the longest alert among them. */
static void
test_describe (void **state)
{
  Fixture *f = *state;
  g_autoptr (VmsSession) session = vms_session_new ();
  int row = fixture_find_row (f->model, VMS_ROW_VCPU, 0);
  g_autofree char *one = NULL, *pixel = NULL, *path = NULL;
  VmsInterval in;

  vms_session_set_trace (session, vms_model_get_begin (f->model), vms_model_get_end (f->model));
  vms_session_set_time_mode (session, VMS_TIME_MODE_RELATIVE);
  assert_true (vms_model_hit_test (f->model, row, f->spike_at + 1000, &in));
  one = vms_describe_interval (f->model, session, row, &in);
  assert_non_null (strstr (one, "Preempted"));
  assert_non_null (strstr (one, "vCPU 0"));
  assert_non_null (strstr (one, "2.000 µs"));
  assert_true (pango_parse_markup (one, -1, 0, NULL, NULL, NULL, NULL));

  /* A 1 ms pixel around the spike: many intervals, the preemption named as the longest */
  pixel
    = vms_describe_pixel (f->model, session, row, &in, f->spike_at - 500000, f->spike_at + 500000);
  assert_non_null (strstr (pixel, "intervals in this pixel"));
  assert_non_null (strstr (pixel, "Longest"));
  assert_true (pango_parse_markup (pixel, -1, 0, NULL, NULL, NULL, NULL));

  path = vms_describe_row_path (f->model, row);
  assert_true (g_str_has_suffix (path, "/vCPU 0"));
}

/* Rows left out: the host's CPUs (and their group, left empty) with VMS_ROW_FILTER_HOST_CPUS;
 * threads that never ran with VMS_ROW_FILTER_IDLE_THREADS (here every thread runs). */
static void
test_row_filter (void **state)
{
  Fixture *f = *state;
  guint n_rows = vms_model_get_n_rows (f->model);
  g_autoptr (VmsRowLayout) all = _vms_render_build_layout (f->model, NULL, 0, 0);
  g_autoptr (VmsRowLayout) no_cpus
    = _vms_render_build_layout (f->model, NULL, 0, VMS_ROW_FILTER_HOST_CPUS);
  g_autoptr (VmsRowLayout) no_idle
    = _vms_render_build_layout (f->model, NULL, 0, VMS_ROW_FILTER_IDLE_THREADS);
  guint n_cpus = 0, n_groups = 0;

  assert_int_equal (vms_row_layout_get_n_visible (all), n_rows);
  /* Node i stays model row i */
  assert_int_equal (vms_row_layout_get_n_nodes (no_cpus), n_rows);
  for (guint i = 0; i < n_rows; i++)
    {
      const VmsRow *r = vms_model_get_row (f->model, i);
      gboolean host_cpu
        = r->kind == VMS_ROW_CPU && r->machine >= 0
          && vms_model_get_machine (f->model, (guint) r->machine)->role == VMS_TRACE_ROLE_HOST;

      assert_int_equal (vms_row_filter_hides (f->model, i, VMS_ROW_FILTER_HOST_CPUS), host_cpu);
      assert_false (vms_row_filter_hides (f->model, i, VMS_ROW_FILTER_NONE));
      n_cpus += host_cpu;
    }
  assert_true (n_cpus > 0);
  for (guint i = 0; i < n_rows; i++)
    {
      const VmsRow *r = vms_model_get_row (f->model, i);
      int visible = vms_row_layout_find_visible (no_cpus, i);

      if (r->kind == VMS_ROW_CPU && vms_row_filter_hides (f->model, i, VMS_ROW_FILTER_HOST_CPUS))
        assert_int_equal (visible, -1);
      /* The "CPUs" group of the host has nothing left to show */
      if (r->kind == VMS_ROW_GROUP && visible < 0)
        n_groups++;
    }
  assert_int_equal (n_groups, 1);
  assert_int_equal (vms_row_layout_get_n_visible (no_cpus), n_rows - n_cpus - 1);
  assert_true (vms_row_layout_get_height (no_cpus)
               == vms_row_layout_get_height (all) - n_cpus * VMS_RENDER_ROW_HEIGHT
                    - VMS_RENDER_GROUP_HEIGHT);
  assert_int_equal (vms_row_layout_get_n_visible (no_idle), n_rows);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_formats),
    cmocka_unit_test (test_errors),
    cmocka_unit_test (test_short_preemption_visible),
    cmocka_unit_test (test_empty_and_tiny),
    cmocka_unit_test (test_natural_height),
    cmocka_unit_test (test_describe),
    cmocka_unit_test (test_texture),
    cmocka_unit_test (test_row_filter),
  };

  return cmocka_run_group_tests (tests, setup, teardown);
}
