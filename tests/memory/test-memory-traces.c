/* test-memory-traces.c — the memory analysis on real LTTng kernel traces, read
 * with vmscope's reader: kmem_mm_page_* (lttng-modules 2.10) and the old
 * mm_page_* names (2.5) give plausible series whose event counts match the
 * traces' README.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <glib.h>

#include "vms-memory.h"
#include "vms-test-util.h"

#if VMS_HAVE_READER

static gboolean
feed_batch (VmsTrace *trace, guint trace_index, const VmsEvent *events, gsize n, gpointer data)
{
  vms_memory_feed (data, trace_index, events, n);
  return TRUE;
}

/* Reads every trace below path into a finished VmsMemory, each trace on its own
 * clock (identity: fine for byte totals, which do not depend on sync). */
static VmsMemory *
read_memory (const char *path, VmsTraceSet **out_set)
{
  const char *paths[] = { path, NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (VmsTraceSet) set = vms_trace_set_new (paths, &error);
  g_autoptr (VmsMemory) memory = vms_memory_new ();
  g_autofree VmsMemoryTraceInfo *infos = NULL;
  guint n;

  assert_null (error);
  assert_non_null (set);
  assert_true (vms_trace_set_read (set, feed_batch, memory, NULL, NULL, NULL, &error));
  assert_null (error);

  n = vms_trace_set_get_n_traces (set);
  infos = g_new0 (VmsMemoryTraceInfo, n);
  for (guint i = 0; i < n; i++)
    {
      VmsTrace *trace = vms_trace_set_get_trace (set, i);

      infos[i].name = vms_trace_get_hostname (trace);
      infos[i].role = vms_trace_get_role (trace);
      infos[i].begin = vms_trace_get_begin (trace);
      infos[i].end = vms_trace_get_end (trace);
    }
  vms_memory_finish (memory, infos, n, NULL, 0, (VmsMemoryNameFunc) vms_string_table_lookup,
                     vms_trace_set_get_strings (set));
  *out_set = g_steal_pointer (&set);
  return g_steal_pointer (&memory);
}

static void
check_plausible (
  const char *relative, guint64 n_allocs, guint64 n_frees, guint64 n_batched, const char *hostname)
{
  g_autofree char *path = vms_test_trace_path (relative);
  g_autoptr (VmsTraceSet) set = NULL;
  g_autoptr (VmsMemory) memory = NULL;
  const VmsMemoryMachine *machine;
  VmsTrace *trace;
  VmsMemoryPixel px[200];
  gsize n_points;
  guint n, named = 0;
  gint64 sum = 0;

  if (path == NULL)
    skip ();
  memory = read_memory (path, &set);
  assert_int_equal (vms_memory_get_n_machines (memory), 1);
  machine = vms_memory_get_machine (memory, 0);
  trace = vms_trace_set_get_trace (set, 0);

  /* The counts of the README, and of the reader. */
  assert_string_equal (machine->name, hostname);
  assert_int_equal (machine->role, VMS_TRACE_ROLE_MACHINE);
  assert_int_equal (machine->n_allocs, n_allocs);
  assert_int_equal (machine->n_frees, n_frees);
  assert_int_equal (machine->n_batched_frees, n_batched);
  assert_int_equal (machine->n_allocs, vms_trace_get_kind_count (trace, VMS_EV_PAGE_ALLOC));
  assert_int_equal (machine->n_frees, vms_trace_get_kind_count (trace, VMS_EV_PAGE_FREE));

  /* At least a page per event; the series ends where its byte counts say. */
  assert_true (machine->alloc_bytes >= n_allocs * VMS_MEMORY_PAGE_SIZE);
  assert_true (machine->free_bytes >= (n_frees + n_batched) * VMS_MEMORY_PAGE_SIZE);
  assert_int_equal (vms_memory_series_get_current (machine->total),
                    (gint64) machine->alloc_bytes - (gint64) machine->free_bytes);
  vms_memory_series_get_points (machine->total, &n_points);
  assert_true (n_points > 100);
  assert_true (vms_memory_series_get_peak (machine->total) > 0);
  assert_int_equal (machine->begin, vms_trace_get_begin (trace));
  assert_int_equal (machine->end, vms_trace_get_end (trace));

  /* Processes add up to the machine. */
  assert_true (machine->n_processes > 1);
  for (guint i = 0; i < machine->n_processes; i++)
    {
      sum += vms_memory_series_get_current (machine->processes[i].series);
      if (machine->processes[i].pid >= 0)
        named++;
    }
  assert_int_equal (sum, vms_memory_series_get_current (machine->total));
  /* Every CPU switches at least once in these traces: no event is left "unknown". */
  assert_int_equal (named, machine->n_processes);

  /* The whole trace in 200 pixels: shifted values are never negative. */
  n = vms_memory_series_query (machine->total, machine->begin, machine->end + 1,
                               (machine->end + 1 - machine->begin + 199) / 200, TRUE, px, 200);
  assert_true (n > 0 && n <= 200);
  for (guint i = 0; i < n; i++)
    {
      assert_true (px[i].defined);
      assert_true (px[i].min >= 0);
    }

  g_test_message (
    "%s: %" G_GUINT64_FORMAT " allocs, %" G_GUINT64_FORMAT " frees, %" G_GUINT64_FORMAT
    " batched, change %" G_GINT64_FORMAT " bytes, peak %" G_GINT64_FORMAT
    ", lowest %" G_GINT64_FORMAT ", %u processes, %" G_GSIZE_FORMAT " points",
    relative, machine->n_allocs, machine->n_frees, machine->n_batched_frees,
    vms_memory_series_get_current (machine->total), vms_memory_series_get_peak (machine->total),
    vms_memory_series_get_lowest (machine->total), machine->n_processes, n_points);
}

/* lttng-modules 2.10: kmem_mm_page_alloc / _free / _free_batched (README counts). */
static void
test_uneven_streams_partial (void **state)
{
  check_plausible ("kernel/uneven-streams-partial", 1128, 193, 138, "calista");
}

/* lttng-modules 2.5: mm_page_alloc / _free / _free_batched, no pfn field. */
static void
test_arm_old_names (void **state)
{
  check_plausible ("kernel/bug446190-arm-64bit-headers", 504, 351, 108, "lager");
}

#else /* !VMS_HAVE_READER */

static void
test_uneven_streams_partial (void **state)
{
  g_printerr ("# the trace reader (analysis/vms-trace-set.c) is not built yet; skipping\n");
  skip ();
}

static void
test_arm_old_names (void **state)
{
  g_printerr ("# the trace reader (analysis/vms-trace-set.c) is not built yet; skipping\n");
  skip ();
}

#endif

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_uneven_streams_partial),
    cmocka_unit_test (test_arm_old_names),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
