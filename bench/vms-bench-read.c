/* vms-bench-read.c — reads traces with the vmscope reader and prints the event rate.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Usage: vms-bench-read [--workers N] [--check] PATH...
 * Every event is delivered to a callback that folds it into a checksum (so nothing is
 * optimized away).  --check also verifies that timestamps never go backwards per trace.
 */
#include "config.h"

#include <stdlib.h>

#include "vms-trace.h"

typedef struct {
  guint64 delivered;
  guint64 hash;
  gint64 last_ts;
  guint last_trace;
  guint64 backwards;
} BenchState;

static gboolean
on_batch (VmsTrace *trace, guint trace_index, const VmsEvent *events, gsize n, gpointer data)
{
  BenchState *st = data;

  if (trace_index != st->last_trace)
    {
      st->last_trace = trace_index;
      st->last_ts = G_MININT64;
    }
  for (gsize i = 0; i < n; i++)
    {
      const guint64 *w = (const guint64 *) &events[i];

      if (events[i].ts < st->last_ts)
        st->backwards++;
      st->last_ts = events[i].ts;
      st->hash = (st->hash ^ w[0] ^ w[1] ^ w[2] ^ w[3]) * 0x100000001b3ull;
    }
  st->delivered += n;
  return TRUE;
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VmsTraceSet) set = NULL;
  g_autoptr (GPtrArray) paths = g_ptr_array_new ();
  BenchState st = { 0, 0xcbf29ce484222325ull, G_MININT64, G_MAXUINT, 0 };
  guint workers = 0;
  guint64 total = 0;
  gint64 t0, t1;
  gboolean ok;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--workers") && i + 1 < argc)
        workers = atoi (argv[++i]);
      else
        g_ptr_array_add (paths, argv[i]);
    }
  if (paths->len == 0)
    {
      g_printerr ("usage: vms-bench-read [--workers N] TRACE...\n");
      return 2;
    }
  g_ptr_array_add (paths, NULL);

  t0 = g_get_monotonic_time ();
  set = vms_trace_set_new ((const char *const *) paths->pdata, &error);
  if (set == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  if (workers > 0)
    vms_trace_set_set_n_workers (set, workers);
  ok = vms_trace_set_read (set, on_batch, &st, NULL, NULL, NULL, &error);
  t1 = g_get_monotonic_time ();

  for (guint i = 0; i < vms_trace_set_get_n_traces (set); i++)
    total += vms_trace_get_n_events (vms_trace_set_get_trace (set, i));
  g_print ("events %" G_GUINT64_FORMAT " delivered %" G_GUINT64_FORMAT " seconds %.3f "
           "events/s %.0f hash %016" G_GINT64_MODIFIER "x backwards %" G_GUINT64_FORMAT "\n",
           total, st.delivered, (t1 - t0) / 1e6, total / ((t1 - t0) / 1e6), st.hash, st.backwards);
  if (!ok)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  return 0;
}
