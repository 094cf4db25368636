/* bench-render.c — how long drawing a 1920×1080 view takes, offscreen, with the same
 * code as the screen: median over frames, at several zooms.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 *   bench-render [N_EVENTS | TRACE_DIR] [FRAMES] [PNG_PREFIX]
 *
 * Analyzes the traces under TRACE_DIR (e.g. vmscope-gen --scenario big --events 10000000
 * -o DIR) or builds a synthetic host + guest model of about N_EVENTS events (default
 * 10 000 000) through the model builder, then renders the whole trace, a 1 ms window and
 * a 10 µs window in its middle, FRAMES times each (default 30), printing the median and
 * the share of the model's drawing queries.
 */
#include "config.h"

#include <stdlib.h>

#include "vms-analysis.h"
#include "vms-render-private.h"
#include "vms-render.h"
#include "widgets-fixture.h"

static int
cmp_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

int
main (int argc, char **argv)
{
  const char *source = argc > 1 ? argv[1] : "10000000";
  guint64 want = g_ascii_strtoull (source, NULL, 10);
  guint frames = argc > 2 ? (guint) atoi (argv[2]) : 30;
  const char *prefix = argc > 3 ? argv[3] : NULL;
  FixtureOptions o = {
    .n_vcpus = 8,
    .duration = 10 * G_GINT64_CONSTANT (1000000000),
    .n_events = want,
  };
  g_autoptr (VmsModel) model = NULL;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1920, 1080);
  cairo_t *cr = cairo_create (surface);
  guint64 n_events = 0;
  gint64 t0 = g_get_monotonic_time (), mid;
  struct {
    const char *name;
    gint64 span;
  } zooms[] = { { "full trace", 0 }, { "1 ms", 1000000 }, { "10 us", 10000 } };

  if (g_file_test (source, G_FILE_TEST_IS_DIR))
    {
      const char *paths[] = { source, NULL };
      g_autoptr (VmsAnalysis) analysis = vms_analysis_new (paths);
      g_autoptr (GError) error = NULL;

      if (!vms_analysis_run (analysis, NULL, NULL, NULL, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      model = g_object_ref (vms_analysis_get_model (analysis));
      for (guint m = 0; m < vms_model_get_n_machines (model); m++)
        n_events += vms_model_get_machine (model, m)->n_events;
    }
  else
    model = fixture_model (&o, &n_events);
  g_print ("1920x1080, median of frames panned by 0.1%% each (no cache between frames)\n");
  g_print ("model: %" G_GUINT64_FORMAT " events, %u rows, built in %.1f s\n", n_events,
           vms_model_get_n_rows (model), (g_get_monotonic_time () - t0) / 1e6);
  mid = vms_model_get_begin (model) + (vms_model_get_end (model) - vms_model_get_begin (model)) / 2;

  for (guint z = 0; z < G_N_ELEMENTS (zooms); z++)
    {
      VmsRenderOptions opts;
      g_autofree double *ms = g_new (double, frames);

      vms_render_options_init (&opts);
      opts.model = model;
      opts.width = 1920;
      opts.height = 1080;
      opts.origin = vms_model_get_begin (model);
      opts.caption = "vmscope bench-render";
      opts.dark = g_getenv ("VMS_BENCH_DARK") != NULL;
      opts.palette
        = g_getenv ("VMS_BENCH_COLORBLIND") ? VMS_PALETTE_COLORBLIND : VMS_PALETTE_DEFAULT;
      if (zooms[z].span == 0)
        {
          opts.begin = vms_model_get_begin (model);
          opts.end = vms_model_get_end (model);
        }
      else
        {
          opts.begin = mid - zooms[z].span / 2;
          opts.end = opts.begin + zooms[z].span;
        }
      for (guint f = 0; f < frames; f++)
        {
          gint64 a = g_get_monotonic_time ();

          /* Pan a little each frame so nothing is cached between frames */
          opts.begin += (opts.end - opts.begin) / 1000;
          opts.end += (opts.end - opts.begin) / 1000;
          vms_render_view (cr, &opts);
          cairo_surface_flush (surface);
          ms[f] = (g_get_monotonic_time () - a) / 1e3;
        }
      qsort (ms, frames, sizeof (double), cmp_double);
      g_print ("%-10s median %.2f ms, min %.2f ms, max %.2f ms over %u frames", zooms[z].name,
               ms[frames / 2], ms[0], ms[frames - 1], frames);
      {
        /* The drawing alone: the same view again and again with the model's items kept
         * (as the timeline keeps them while the range stays) */
        g_autoptr (GPtrArray) cache = _vms_render_cache_new (vms_model_get_n_rows (model));
        g_autofree double *draw = g_new (double, frames);

        _vms_render_view_cached (cr, &opts, cache);
        for (guint f = 0; f < frames; f++)
          {
            gint64 a = g_get_monotonic_time ();

            _vms_render_view_cached (cr, &opts, cache);
            cairo_surface_flush (surface);
            draw[f] = (g_get_monotonic_time () - a) / 1e3;
          }
        qsort (draw, frames, sizeof (double), cmp_double);
        g_print ("; drawing alone (model items ready) median %.2f ms\n", draw[frames / 2]);
      }
      if (prefix != NULL)
        {
          g_autofree char *path = g_strdup_printf ("%s-%u.png", prefix, z);

          cairo_surface_write_to_png (surface, path);
          /* The same view through the export path: vectors, and a 2x image */
          for (guint k = 0; k < 3; k++)
            {
              static const char *const ext[] = { "svg", "pdf", "2x.png" };
              g_autofree char *vpath = g_strdup_printf ("%s-%u.%s", prefix, z, ext[k]);
              g_autoptr (GError) error = NULL;

              if (!vms_render_to_file (&opts, vpath, 1920, 1080, k == 2 ? 2 : 1, &error))
                g_printerr ("%s\n", error->message);
            }
        }
    }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return 0;
}
