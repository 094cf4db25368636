/* test-reader-traces.c — every real trace read with its exact event count, in time order.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Expected figures come from ../shared/traces/README.md (babeltrace2 2.0.4 without the
 * muxer) and from `babeltrace2 run … sink.text.pretty` used as an oracle.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <gio/gio.h>

#include "vms-test-util.h"
#include "vms-trace.h"

typedef struct {
  const char *path;
  guint64 events;
  const char *hostname;
  guint cpus;
  gint64 begin; /* first event, ns since the epoch (0: not checked) */
  struct {
    VmsEventKind kind;
    guint64 count;
  } kinds[4];
} Expected;

static const Expected expected[] = {
  { "kernel/bug446190-arm-64bit-headers",
    31556,
    "lager",
    4,
    G_GINT64_CONSTANT (1412670961211260539),
    { { VMS_EV_SCHED_SWITCH, 1052 },
      { VMS_EV_PAGE_ALLOC, 504 },
      { VMS_EV_SYSCALL_EXIT, 1811 },
      { VMS_EV_SOFTIRQ_ENTRY, 893 } } },
  { "kernel/flipping-endianness",
    14310,
    "qemu0",
    1,
    G_GINT64_CONSTANT (1417383672250167676),
    { { VMS_EV_SCHED_SWITCH, 2540 },
      { VMS_EV_IRQ_ENTRY, 5841 },
      { VMS_EV_PROCESS_FORK, 8 },
      { VMS_EV_STATEDUMP_PROCESS, 68 } } },
  { "kernel/lttng-tracefile-rotation-sched",
    12305,
    "smarchi-efficios",
    4,
    G_GINT64_CONSTANT (1571261795523067504),
    { { VMS_EV_SCHED_SWITCH, 4687 },
      { VMS_EV_SCHED_WAKING, 2378 },
      { VMS_EV_SCHED_MIGRATE_TASK, 269 },
      { VMS_EV_PROCESS_EXEC, 3 } } },
  { "kernel/many-threads",
    240644,
    "wilbrod",
    8,
    G_GINT64_CONSTANT (1457113582794565804),
    { { VMS_EV_SCHED_SWITCH, 28325 },
      { VMS_EV_PROCESS_FORK, 8003 },
      { VMS_EV_SOFTIRQ_RAISE, 6042 },
      { VMS_EV_SCHED_WAKEUP, 6743 } } },
  { "kernel/uneven-streams-partial",
    50618,
    "calista",
    1,
    0,
    { { VMS_EV_SCHED_SWITCH, 1559 }, { VMS_EV_PAGE_ALLOC, 1128 }, { VMS_EV_PAGE_FREE, 193 } } },
  { "kernel/uneven-streams-small-2017-06", 22, "XThink", 2, 0, { { VMS_EV_NONE, 0 } } },
  { "sync/scp_src",
    110771,
    "VM1",
    1,
    G_GINT64_CONSTANT (1361214076525090092),
    { { VMS_EV_SCHED_SWITCH, 594 },
      { VMS_EV_NET_SEND, 26 },
      { VMS_EV_NET_RECV, 25 },
      { VMS_EV_SOFTIRQ_ENTRY, 7216 } } },
  { "sync/scp_dest",
    85729,
    "VM3",
    1,
    G_GINT64_CONSTANT (1361214078963711320),
    { { VMS_EV_SCHED_SWITCH, 947 },
      { VMS_EV_NET_SEND, 23 },
      { VMS_EV_NET_RECV, 26 },
      { VMS_EV_STATEDUMP_PROCESS, 67 } } },
  { "ctf-testsuite/lttng-modules-2.0-pre5",
    39537,
    "lttng-modules-2.0-pre5",
    8,
    G_GINT64_CONSTANT (61334174524234),
    { { VMS_EV_SCHED_SWITCH, 1371 },
      { VMS_EV_SYSCALL_ENTRY, 2534 },
      { VMS_EV_SYSCALL_EXIT, 2534 },
      { VMS_EV_SOFTIRQ_ENTRY, 8596 } } },
};

typedef struct {
  guint64 delivered;
  guint64 kind_counts[VMS_EV_N_KINDS];
  guint64 hash;
  guint64 backwards;
  gint64 last_ts;
  guint last_trace;
  guint64 batches;
  GCancellable *cancel_after_first;
  guint stop_after;
} Collect;

static void
collect_init (Collect *c)
{
  memset (c, 0, sizeof *c);
  c->hash = 0xcbf29ce484222325ull;
  c->last_ts = G_MININT64;
  c->last_trace = G_MAXUINT;
}

static gboolean
on_batch (VmsTrace *trace, guint trace_index, const VmsEvent *events, gsize n, gpointer data)
{
  Collect *c = data;

  assert_non_null (trace);
  assert_true (n > 0);
  if (trace_index != c->last_trace)
    {
      c->last_trace = trace_index;
      c->last_ts = G_MININT64;
    }
  for (gsize i = 0; i < n; i++)
    {
      const guint64 *w = (const guint64 *) &events[i];

      if (events[i].ts < c->last_ts)
        c->backwards++;
      c->last_ts = events[i].ts;
      assert_true (events[i].kind > VMS_EV_NONE && events[i].kind < VMS_EV_N_KINDS);
      c->kind_counts[events[i].kind]++;
      for (guint k = 0; k < 4; k++)
        c->hash = (c->hash ^ w[k]) * 0x100000001b3ull;
    }
  c->delivered += n;
  c->batches++;
  if (c->cancel_after_first != NULL)
    g_cancellable_cancel (c->cancel_after_first);
  return c->stop_after == 0 || c->batches < c->stop_after;
}

static VmsTraceSet *
open_set (const char *relative)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = vms_test_trace_path (relative);
  const char *paths[] = { path, NULL };
  VmsTraceSet *set;

  if (path == NULL)
    return NULL;
  set = vms_trace_set_new (paths, &error);
  assert_null (error);
  assert_non_null (set);
  return set;
}

static void
test_real_traces (void **state)
{
  for (guint t = 0; t < G_N_ELEMENTS (expected); t++)
    {
      const Expected *e = &expected[t];
      g_autoptr (VmsTraceSet) set = open_set (e->path);
      g_autoptr (GError) error = NULL;
      VmsTrace *trace;
      Collect c;
      guint64 sum = 0;

      if (set == NULL)
        continue;
      collect_init (&c);
      assert_int_equal (vms_trace_set_get_n_traces (set), 1);
      trace = vms_trace_set_get_trace (set, 0);
      assert_string_equal (vms_trace_get_hostname (trace), e->hostname);
      assert_true (vms_trace_set_read (set, on_batch, &c, NULL, NULL, NULL, &error));
      assert_null (error);
      if (vms_trace_get_n_events (trace) != e->events)
        fail_msg ("%s: %" G_GUINT64_FORMAT " events, expected %" G_GUINT64_FORMAT, e->path,
                  vms_trace_get_n_events (trace), e->events);
      assert_int_equal (c.backwards, 0);
      assert_int_equal (vms_trace_get_n_cpus (trace), e->cpus);
      assert_int_equal (vms_trace_get_role (trace), VMS_TRACE_ROLE_MACHINE);
      assert_null (vms_trace_get_error (trace));
      if (e->begin != 0)
        assert_int_equal (vms_trace_get_begin (trace), e->begin);
      assert_true (vms_trace_get_end (trace) >= vms_trace_get_begin (trace));
      for (guint k = 0; k < G_N_ELEMENTS (e->kinds) && e->kinds[k].kind != VMS_EV_NONE; k++)
        {
          if (vms_trace_get_kind_count (trace, e->kinds[k].kind) != e->kinds[k].count)
            fail_msg ("%s: %" G_GUINT64_FORMAT " %s, expected %" G_GUINT64_FORMAT, e->path,
                      vms_trace_get_kind_count (trace, e->kinds[k].kind),
                      vms_event_kind_to_string (e->kinds[k].kind), e->kinds[k].count);
          assert_int_equal (c.kind_counts[e->kinds[k].kind], e->kinds[k].count);
        }
      for (guint k = 0; k < VMS_EV_N_KINDS; k++)
        {
          assert_int_equal (c.kind_counts[k], vms_trace_get_kind_count (trace, k));
          sum += c.kind_counts[k];
        }
      assert_int_equal (sum, c.delivered);
      assert_true (c.delivered <= vms_trace_get_n_events (trace));
    }
}

static void
test_env_and_tracer (void **state)
{
  g_autoptr (VmsTraceSet) set = open_set ("kernel/many-threads");
  g_autoptr (VmsTraceSet) old = open_set ("ctf-testsuite/lttng-modules-2.0-pre5");
  g_autoptr (GPtrArray) keys = NULL;
  VmsTrace *trace;

  if (set == NULL || old == NULL)
    return;
  trace = vms_trace_set_get_trace (set, 0);
  assert_string_equal (vms_trace_get_tracer (trace), "lttng-modules 2.8.0");
  assert_string_equal (vms_trace_get_env (trace, "domain"), "kernel");
  assert_string_equal (vms_trace_get_env (trace, "kernel_release"), "4.4.3-1-ARCH");
  assert_true (vms_trace_has_clock (trace));
  keys = vms_trace_get_env_keys (trace);
  assert_true (keys->len >= 8);
  for (guint i = 1; i < keys->len; i++)
    assert_true (g_strcmp0 (g_ptr_array_index (keys, i - 1), g_ptr_array_index (keys, i)) < 0);

  trace = vms_trace_set_get_trace (old, 0);
  assert_null (vms_trace_get_tracer (trace));
  assert_null (vms_trace_get_env (trace, "hostname"));
  assert_false (vms_trace_has_clock (trace));
}

/* A folder above traces: every trace below, sorted, read one after the other. */
static void
test_discovery_and_several_traces (void **state)
{
  g_autoptr (VmsTraceSet) set = open_set ("sync");
  g_autoptr (VmsTraceSet) kernel = open_set ("kernel");
  g_autoptr (GError) error = NULL;
  Collect c;

  if (set == NULL || kernel == NULL)
    return;
  assert_int_equal (vms_trace_set_get_n_traces (kernel), 6);
  assert_int_equal (vms_trace_set_get_n_traces (set), 2);
  assert_true (
    g_str_has_suffix (vms_trace_get_path (vms_trace_set_get_trace (set, 0)), "/sync/scp_dest"));
  assert_true (
    g_str_has_suffix (vms_trace_get_path (vms_trace_set_get_trace (set, 1)), "/sync/scp_src"));
  collect_init (&c);
  assert_true (vms_trace_set_read (set, on_batch, &c, NULL, NULL, NULL, &error));
  assert_int_equal (c.backwards, 0);
  assert_int_equal (c.last_trace, 1);
  assert_int_equal (vms_trace_get_n_events (vms_trace_set_get_trace (set, 0)), 85729);
  assert_int_equal (vms_trace_get_n_events (vms_trace_set_get_trace (set, 1)), 110771);
}

static guint64
read_hash (const char *relative, guint workers, guint *n_strings)
{
  g_autoptr (VmsTraceSet) set = open_set (relative);
  g_autoptr (GError) error = NULL;
  Collect c;

  if (set == NULL)
    return 0;
  vms_trace_set_set_n_workers (set, workers);
  collect_init (&c);
  assert_true (vms_trace_set_read (set, on_batch, &c, NULL, NULL, NULL, &error));
  /* String ids are part of the hash: they must not depend on thread timing either. */
  *n_strings = 0;
  while (*vms_string_table_lookup (vms_trace_set_get_strings (set), *n_strings + 1) != '\0')
    (*n_strings)++;
  return c.hash;
}

static void
test_deterministic (void **state)
{
  guint s1, s2, s3;
  guint64 h1 = read_hash ("kernel/many-threads", 2, &s1);
  guint64 h2 = read_hash ("kernel/many-threads", 2, &s2);
  guint64 h3 = read_hash ("kernel/many-threads", 1, &s3);

  assert_int_equal (h1, h2);
  assert_int_equal (h1, h3);
  assert_int_equal (s1, s2);
  assert_int_equal (s1, s3);
  assert_true (s1 > 100);
}

static void
test_strings (void **state)
{
  g_autoptr (VmsTraceSet) set = open_set ("kernel/flipping-endianness");
  VmsStringTable *strings;
  guint32 id;

  if (set == NULL)
    return;
  strings = vms_trace_set_get_strings (set);
  assert_string_equal (vms_string_table_lookup (strings, 0), "");
  id = vms_string_table_intern (strings, "swapper/0");
  assert_int_equal (vms_string_table_intern (strings, "swapper/0"), id);
  assert_string_equal (vms_string_table_lookup (strings, id), "swapper/0");
  assert_int_equal (vms_string_table_intern (strings, ""), 0);
  assert_string_equal (vms_string_table_lookup (strings, 999999), "");
}

typedef struct {
  guint64 done, total, calls;
  gboolean monotonic;
} Progress;

static void
on_progress (guint64 done, guint64 total, gpointer data)
{
  Progress *p = data;

  if (done < p->done || done > total)
    p->monotonic = FALSE;
  p->done = done;
  p->total = total;
  p->calls++;
}

static void
test_progress (void **state)
{
  g_autoptr (VmsTraceSet) set = open_set ("kernel/many-threads");
  g_autoptr (GError) error = NULL;
  Progress p = { 0, 0, 0, TRUE };
  Collect c;

  if (set == NULL)
    return;
  collect_init (&c);
  assert_true (vms_trace_set_read (set, on_batch, &c, on_progress, &p, NULL, &error));
  assert_true (p.monotonic);
  assert_true (p.calls > 10);
  assert_true (p.total > 8000000);
  assert_int_equal (p.done, p.total);
}

static void
test_cancel (void **state)
{
  g_autoptr (VmsTraceSet) set = open_set ("kernel/many-threads");
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GCancellable) already = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  Collect c;
  gint64 t0;

  if (set == NULL)
    return;
  collect_init (&c);
  c.cancel_after_first = cancellable;
  t0 = g_get_monotonic_time ();
  assert_false (vms_trace_set_read (set, on_batch, &c, NULL, NULL, cancellable, &error));
  assert_true (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  assert_true (c.batches <= 2);
  assert_true (g_get_monotonic_time () - t0 < 5 * G_USEC_PER_SEC);
  g_clear_error (&error);

  g_cancellable_cancel (already);
  collect_init (&c);
  assert_false (vms_trace_set_read (set, on_batch, &c, NULL, NULL, already, &error));
  assert_true (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  assert_int_equal (c.delivered, 0);
  g_clear_error (&error);

  /* The set can be read again afterwards. */
  collect_init (&c);
  assert_true (vms_trace_set_read (set, on_batch, &c, NULL, NULL, NULL, &error));
  assert_int_equal (vms_trace_get_n_events (vms_trace_set_get_trace (set, 0)), 240644);
}

static void
test_stop (void **state)
{
  g_autoptr (VmsTraceSet) set = open_set ("sync");
  g_autoptr (GError) error = NULL;
  Collect c;

  if (set == NULL)
    return;
  collect_init (&c);
  c.stop_after = 3;
  assert_true (vms_trace_set_read (set, on_batch, &c, NULL, NULL, NULL, &error));
  assert_int_equal (c.batches, 3);
  assert_int_equal (c.last_trace, 0);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_real_traces),
    cmocka_unit_test (test_env_and_tracer),
    cmocka_unit_test (test_discovery_and_several_traces),
    cmocka_unit_test (test_deterministic),
    cmocka_unit_test (test_strings),
    cmocka_unit_test (test_progress),
    cmocka_unit_test (test_cancel),
    cmocka_unit_test (test_stop),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
