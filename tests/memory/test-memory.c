/* test-memory.c — page allocation series, VM attribution, touched-but-unused
 * memory, the ballooning ranking and the drawing query, on hand-written events.
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
#include <string.h>

#include "vms-memory-private.h"
#include "test-memory-events.h"

#define PAGE VMS_MEMORY_PAGE_SIZE

static const VmsMemoryProcess *
find_process (const VmsMemoryMachine *machine, gint pid)
{
  for (guint i = 0; i < machine->n_processes; i++)
    if (machine->processes[i].pid == pid)
      return &machine->processes[i];
  return NULL;
}

static const VmsMemoryTraceInfo machine_info = { "box", VMS_TRACE_ROLE_MACHINE, NULL, NULL };

/* Orders 0-3, frees and batched frees, charged to the thread on each CPU; an
 * allocation before the first sched_switch of its CPU goes to that switch's
 * prev_tid, one on a CPU that never switches to "unknown". */
static void
test_orders_and_threads (void **state)
{
  g_autoptr (VmsMemory) memory = vms_memory_new ();
  const VmsEvent events[] = {
    ev_statedump (100, 100, 100, 1, NAME_BASH),
    ev_statedump (101, 101, 100, 1, NAME_BASH),
    ev_statedump (102, 200, 200, 1, NAME_GCC),
    ev_page (150, 0, VMS_EV_PAGE_ALLOC, 0),  /* cpu 0: gcc, as its first switch says */
    ev_switch (200, 0, 200, 101, NAME_BASH), /* gcc -> a thread of bash */
    ev_page (210, 0, VMS_EV_PAGE_ALLOC, 2),  /* bash +4 pages */
    ev_switch (220, 1, 0, 200, NAME_GCC),
    ev_page (230, 1, VMS_EV_PAGE_ALLOC, 3),        /* gcc +8 */
    ev_page (240, 0, VMS_EV_PAGE_FREE, 1),         /* bash -2 */
    ev_page (250, 1, VMS_EV_PAGE_FREE_BATCHED, 0), /* gcc -1 */
    ev_page (255, 3, VMS_EV_PAGE_ALLOC, 0),        /* cpu 3 never switches: unknown +1 */
    ev_switch (260, 1, 200, 0, NAME_NONE),
    ev_page (270, 1, VMS_EV_PAGE_ALLOC, 1), /* swapper (tid 0) +2 */
  };
  const VmsMemoryMachine *machine;
  const VmsMemoryProcess *p;

  /* In two batches, split between an allocation and the switch that tells who made it. */
  vms_memory_feed (memory, 0, events, 4);
  vms_memory_feed (memory, 0, events + 4, G_N_ELEMENTS (events) - 4);
  vms_memory_finish (memory, &machine_info, 1, NULL, 0, test_lookup_name, NULL);

  assert_int_equal (vms_memory_get_n_machines (memory), 1);
  machine = vms_memory_get_machine (memory, 0);
  assert_int_equal (machine->n_allocs, 5);
  assert_int_equal (machine->n_frees, 1);
  assert_int_equal (machine->n_batched_frees, 1);
  assert_int_equal (machine->alloc_bytes, (1 + 4 + 8 + 1 + 2) * PAGE);
  assert_int_equal (machine->free_bytes, (2 + 1) * PAGE);
  assert_int_equal (machine->begin, 100);
  assert_int_equal (machine->end, 270);
  assert_null (machine->host_other);

  assert_int_equal (machine->n_processes, 4);
  assert_int_equal (machine->processes[0].pid, -1); /* sorted by pid, unknown first */
  assert_string_equal (machine->processes[0].name, "unknown");
  assert_int_equal (vms_memory_series_get_current (machine->processes[0].series), PAGE);

  p = find_process (machine, 100);
  assert_non_null (p);
  assert_string_equal (p->name, "bash");
  assert_int_equal (vms_memory_series_get_current (p->series), 2 * PAGE);
  assert_int_equal (vms_memory_series_get_peak (p->series), 4 * PAGE);

  p = find_process (machine, 200);
  assert_non_null (p);
  assert_string_equal (p->name, "gcc");
  assert_int_equal (vms_memory_series_get_current (p->series), 8 * PAGE);
  assert_int_equal (vms_memory_series_value_at (p->series, 150), PAGE);
  assert_int_equal (vms_memory_series_get_peak (p->series), 9 * PAGE);

  p = find_process (machine, 0);
  assert_non_null (p);
  assert_int_equal (vms_memory_series_get_current (p->series), 2 * PAGE);

  assert_int_equal (vms_memory_series_get_current (machine->total), 13 * PAGE);
  assert_int_equal (vms_memory_series_get_peak (machine->total), 13 * PAGE);
  assert_int_equal (vms_memory_series_value_at (machine->total, 252), 10 * PAGE);
  assert_int_equal (vms_memory_series_value_at (machine->total, 235), 13 * PAGE);
  assert_int_equal (vms_memory_series_value_at (machine->total, 99), 0);
  /* Every series starts at the trace's first event with 0, even a late process's. */
  assert_int_equal (vms_memory_series_get_begin (p->series), 100);
  assert_int_equal (vms_memory_series_get_end (p->series), 270);
}

/* Pages allocated before the trace and freed in it: the relative series goes
 * negative, the shifted one never does. */
static void
test_frees_before_trace (void **state)
{
  g_autoptr (VmsMemory) memory = vms_memory_new ();
  const VmsEvent events[] = {
    ev_switch (0, 0, 0, 300, NAME_SSHD),   ev_page (10, 0, VMS_EV_PAGE_FREE, 2), /* -4 */
    ev_page (20, 0, VMS_EV_PAGE_ALLOC, 0),                                       /* -3 */
    ev_page (30, 0, VMS_EV_PAGE_FREE, 3),                                        /* -11 */
    ev_page (40, 0, VMS_EV_PAGE_ALLOC, 3),                                       /* -3 */
    ev_page (50, 0, VMS_EV_PAGE_ALLOC, 0),                                       /* -2 */
  };
  VmsMemoryPixel px[10];
  const VmsMemoryMachine *machine;
  const VmsMemorySeries *s;
  guint n;

  vms_memory_feed (memory, 0, events, G_N_ELEMENTS (events));
  vms_memory_finish (memory, &machine_info, 1, NULL, 0, NULL, NULL);
  machine = vms_memory_get_machine (memory, 0);
  s = machine->total;

  assert_int_equal (vms_memory_series_get_lowest (s), -11 * PAGE);
  assert_int_equal (vms_memory_series_get_peak (s), 0);
  assert_int_equal (vms_memory_series_get_current (s), -2 * PAGE);

  /* Without a name table: "tid N". */
  assert_int_equal (machine->n_processes, 1);
  assert_string_equal (machine->processes[0].name, "tid 300");

  n = vms_memory_series_query (s, 0, 60, 10, FALSE, px, G_N_ELEMENTS (px));
  assert_int_equal (n, 6);
  assert_true (px[3].min < 0);
  assert_int_equal (px[3].min, -11 * PAGE);

  n = vms_memory_series_query (s, 0, 60, 10, TRUE, px, G_N_ELEMENTS (px));
  assert_int_equal (n, 6);
  for (guint i = 0; i < n; i++)
    {
      assert_true (px[i].defined);
      assert_true (px[i].min >= 0);
      assert_true (px[i].max >= px[i].min);
    }
  assert_int_equal (px[0].max, 11 * PAGE); /* r = 0 at the start: 11 pages above the lowest */
  assert_int_equal (px[3].min, 0);
  assert_int_equal (px[5].last, 9 * PAGE);
}

/* Changes at the same timestamp make one change point; the peak between them is kept. */
static void
test_same_timestamp_coalesces (void **state)
{
  g_autoptr (VmsMemory) memory = vms_memory_new ();
  const VmsEvent events[] = {
    ev_switch (0, 0, 0, 300, NAME_SSHD),   ev_page (10, 0, VMS_EV_PAGE_ALLOC, 3),
    ev_page (10, 0, VMS_EV_PAGE_FREE, 3),  ev_page (10, 0, VMS_EV_PAGE_ALLOC, 0),
    ev_page (20, 0, VMS_EV_PAGE_ALLOC, 0),
  };
  const VmsMemoryPoint *points;
  gsize n_points;
  const VmsMemorySeries *s;

  vms_memory_feed (memory, 0, events, G_N_ELEMENTS (events));
  vms_memory_finish (memory, &machine_info, 1, NULL, 0, NULL, NULL);
  s = vms_memory_get_machine (memory, 0)->total;
  points = vms_memory_series_get_points (s, &n_points);

  assert_int_equal (n_points, 3); /* begin, 10, 20 */
  assert_int_equal (points[0].ts, 0);
  assert_int_equal (points[0].bytes, 0);
  assert_int_equal (points[1].ts, 10);
  assert_int_equal (points[1].bytes, PAGE);
  assert_int_equal (points[2].bytes, 2 * PAGE);
  assert_int_equal (vms_memory_series_get_peak (s), 8 * PAGE);
}

/* Brute-force min/max of the step function over [t0, t1). */
static void
brute_pixel (const VmsMemorySeries *s, gint64 t0, gint64 t1, gint64 *mn, gint64 *mx)
{
  gsize n;
  const VmsMemoryPoint *p = vms_memory_series_get_points (s, &n);

  *mn = G_MAXINT64;
  *mx = G_MININT64;
  for (gsize i = 0; i < n; i++)
    {
      gint64 until = i + 1 < n ? p[i + 1].ts : G_MAXINT64;

      if (p[i].ts < t1 && until > t0)
        {
          *mn = MIN (*mn, p[i].bytes);
          *mx = MAX (*mx, p[i].bytes);
        }
    }
}

/* Any range at any width: bounded output, exact per-pixel min/max (the summary
 * tree agrees with a scan), and a 1 ns spike stays visible in a wide pixel. */
static void
test_query_bounds_and_spike (void **state)
{
  VmsMemorySeries *s = vms_memory_series_new (0);
  g_autoptr (GRand) rand = g_rand_new_with_seed (42);
  VmsMemoryPixel px[64];
  gint64 spike_ts = 500000 + 7;
  guint n;

  /* 100 000 points of small changes, one large spike of 1 ns. */
  for (gint64 t = 10; t < 1000000; t += 10)
    {
      if (t == spike_ts - 7)
        {
          vms_memory_series_add (s, spike_ts, 1000 * PAGE);
          vms_memory_series_add (s, spike_ts + 1, -1000 * PAGE);
        }
      vms_memory_series_add (s, t, (g_rand_int_range (rand, 0, 3) - 1) * PAGE);
    }
  vms_memory_series_close (s, 1000000);

  /* The whole series in 10 pixels: 100 000 ns per pixel. */
  n = vms_memory_series_query (s, 0, 1000000, 100000, FALSE, px, G_N_ELEMENTS (px));
  assert_int_equal (n, 10);
  assert_true (px[5].max >= 1000 * PAGE - 200 * PAGE);
  assert_true (px[4].max < 1000 * PAGE - 200 * PAGE);
  assert_true (px[5].n_changes >= 10000);

  /* Output is bounded by the caller's array, whatever the range. */
  n = vms_memory_series_query (s, 0, 1000000, 1, FALSE, px, G_N_ELEMENTS (px));
  assert_int_equal (n, G_N_ELEMENTS (px));

  /* Ranges before and after the series: undefined pixels. */
  n = vms_memory_series_query (s, -1000, 0, 100, FALSE, px, G_N_ELEMENTS (px));
  assert_int_equal (n, 10);
  for (guint i = 0; i < n; i++)
    assert_false (px[i].defined);
  n = vms_memory_series_query (s, 2000000, 3000000, 100000, FALSE, px, G_N_ELEMENTS (px));
  assert_false (px[0].defined);
  assert_int_equal (vms_memory_series_query (s, 10, 10, 1, FALSE, px, 64), 0);

  /* Random ranges and widths against a brute-force scan. */
  for (guint round = 0; round < 200; round++)
    {
      gint64 begin = g_rand_int_range (rand, -1000, 1000000);
      gint64 width = g_rand_int_range (rand, 1, 50000);

      n = vms_memory_series_query (s, begin, begin + width * 64, width, round % 2, px, 64);
      assert_int_equal (n, 64);
      for (guint i = 0; i < n; i++)
        {
          gint64 t0 = begin + i * width, mn, mx;
          gint64 shift = round % 2 ? -vms_memory_series_get_lowest (s) : 0;

          brute_pixel (s, t0, t0 + width, &mn, &mx);
          if (t0 + width <= 0 || t0 > 1000000)
            {
              assert_false (px[i].defined);
              continue;
            }
          assert_true (px[i].defined);
          assert_int_equal (px[i].min, mn + shift);
          assert_int_equal (px[i].max, mx + shift);
          assert_int_equal (px[i].last, vms_memory_series_value_at (s, t0 + width - 1) + shift);
        }
    }

  vms_memory_series_free (s);
}

/* A guest 1 s ahead of the host. */
static gint64
guest_to_host (gint64 ts, gpointer user_data)
{
  return ts - GPOINTER_TO_INT (user_data);
}

/* Host: all threads of the VM's QEMU process count for the VM (pid from
 * statedump or from fork), the rest is "host other"; the guest's series are on
 * the host clock. */
static void
test_host_vm_attribution (void **state)
{
  g_autoptr (VmsMemory) memory = vms_memory_new ();
  const gint64 offset = 1000000;
  const VmsEvent host[] = {
    ev_statedump (1000, 1000, 1000, 1, NAME_QEMU),
    ev_statedump (1001, 500, 500, 1, NAME_SSHD),
    ev_fork (1002, 1000, 1000, 1001, 1000, NAME_QEMU), /* a vCPU thread */
    ev_switch (1100, 0, 0, 1000, NAME_QEMU),
    ev_page (1110, 0, VMS_EV_PAGE_ALLOC, 2), /* VM +4 */
    ev_switch (1120, 1, 0, 1001, NAME_QEMU),
    ev_page (1130, 1, VMS_EV_PAGE_ALLOC, 3), /* VM +8 */
    ev_switch (1140, 1, 1001, 500, NAME_SSHD),
    ev_page (1150, 1, VMS_EV_PAGE_ALLOC, 0),      /* other +1 */
    ev_page (1160, 2, VMS_EV_PAGE_ALLOC, 1),      /* cpu 2, unknown: other +2 */
    ev_switch (1170, 1, 500, 6000, NAME_KWORKER), /* never stated: its own process */
    ev_page (1180, 1, VMS_EV_PAGE_FREE, 0),       /* other -1 */
  };
  const VmsEvent guest[] = {
    ev_statedump (offset + 1050, 42, 42, 1, NAME_BASH),
    ev_switch (offset + 1060, 0, 0, 42, NAME_BASH),
    ev_page (offset + 1115, 0, VMS_EV_PAGE_ALLOC, 3), /* +8 */
    ev_page (offset + 1135, 0, VMS_EV_PAGE_FREE, 2),  /* -4 */
    ev_exec (offset + 1140, 42, NAME_QEMU_PATH),
  };
  const VmsMemoryTraceInfo traces[] = {
    { "host", VMS_TRACE_ROLE_HOST, NULL, NULL },
    { "guest", VMS_TRACE_ROLE_GUEST, guest_to_host, GINT_TO_POINTER (offset) },
  };
  const VmsMemoryVmInfo vms[] = {
    { "vm1", 0, 1000, 1, 0 },
    { NULL, 0, 7777, -1, 0 }, /* a VM whose guest was not traced, and which allocated nothing */
  };
  const VmsMemoryMachine *h, *g;
  const VmsMemoryVm *vm;

  vms_memory_feed (memory, 0, host, G_N_ELEMENTS (host));
  vms_memory_feed (memory, 1, guest, G_N_ELEMENTS (guest));
  vms_memory_finish (memory, traces, 2, vms, 2, test_lookup_name, NULL);

  h = vms_memory_get_machine (memory, 0);
  g = vms_memory_get_machine (memory, 1);
  assert_non_null (h->host_other);
  assert_int_equal (vms_memory_series_get_current (h->total), 14 * PAGE);
  assert_int_equal (vms_memory_series_get_current (h->host_other), 2 * PAGE);
  assert_int_equal (vms_memory_get_host_other_bytes (memory), 2 * PAGE);
  assert_non_null (find_process (h, 6000));
  assert_string_equal (find_process (h, 6000)->name, "kworker/0:1");
  assert_int_equal (vms_memory_series_get_current (find_process (h, 6000)->series), -PAGE);

  /* Guest on the host clock. */
  assert_int_equal (g->begin, 1050);
  assert_int_equal (g->end, 1140);
  assert_int_equal (vms_memory_series_value_at (g->total, 1120), 8 * PAGE);
  assert_string_equal (find_process (g, 42)->name, "qemu-system-x86_64"); /* exec's basename */

  assert_int_equal (vms_memory_get_n_vms (memory), 2);
  vm = vms_memory_get_vm (memory, 0);
  assert_string_equal (vm->name, "vm1");
  assert_int_equal (vm->host_bytes, 12 * PAGE);
  assert_int_equal (vms_memory_series_value_at (vm->host, 1115), 4 * PAGE);
  assert_int_equal (vm->guest_change, 4 * PAGE);
  assert_int_equal (vm->guest_bytes, 4 * PAGE);
  assert_int_equal (vm->guest_peak_bytes, 8 * PAGE);
  assert_int_equal (vm->touched_unused_bytes, 8 * PAGE); /* host 12 - guest change 4 */
  assert_int_equal (vm->balloon_rank, 1);

  vm = vms_memory_get_vm (memory, 1);
  assert_string_equal (vm->name, "VM 7777");
  assert_int_equal (vm->host_bytes, 0);
  assert_int_equal (vm->balloon_rank, 0);
  assert_ptr_equal (vms_memory_get_vm_by_rank (memory, 1), vms_memory_get_vm (memory, 0));
  assert_null (vms_memory_get_vm_by_rank (memory, 2));
}

/* Appends n allocations (or frees) of order 0 at ts, ts+1, ... */
static gint64
pages (GArray *events, gint64 ts, guint cpu, gint n)
{
  for (gint i = 0; i < ABS (n); i++)
    {
      VmsEvent e = ev_page (ts++, cpu, n > 0 ? VMS_EV_PAGE_ALLOC : VMS_EV_PAGE_FREE, 0);

      g_array_append_val (events, e);
    }
  return ts;
}

/* The research's example: a VM using 20 % of its memory now after a 90 % peak
 * holds ~70 % of its frames for nothing and is the one to balloon, not the VM
 * at 50 % after 55 %, although a rule on current usage alone sees the first
 * one as the smaller user. */
static void
test_ranking_example (void **state)
{
  g_autoptr (VmsMemory) memory = vms_memory_new ();
  g_autoptr (GArray) host = g_array_new (FALSE, FALSE, sizeof (VmsEvent));
  g_autoptr (GArray) guest_a = g_array_new (FALSE, FALSE, sizeof (VmsEvent));
  g_autoptr (GArray) guest_b = g_array_new (FALSE, FALSE, sizeof (VmsEvent));
  const guint64 ram = 1000 * PAGE;
  const VmsMemoryTraceInfo traces[] = {
    { "host", VMS_TRACE_ROLE_HOST, NULL, NULL },
    { "a", VMS_TRACE_ROLE_GUEST, NULL, NULL },
    { "b", VMS_TRACE_ROLE_GUEST, NULL, NULL },
  };
  const VmsMemoryVmInfo vms[] = {
    { "b", 0, 2000, 2, ram }, /* listed first: the rank is not the order */
    { "a", 0, 1000, 1, ram },
  };
  VmsEvent e;
  gint64 ts;
  const VmsMemoryVm *a, *b;

  e = ev_statedump (0, 1000, 1000, 1, NAME_QEMU);
  g_array_append_val (host, e);
  e = ev_statedump (0, 2000, 2000, 1, NAME_QEMU);
  g_array_append_val (host, e);
  e = ev_switch (1, 0, 0, 1000, NAME_QEMU);
  g_array_append_val (host, e);
  e = ev_switch (1, 1, 0, 2000, NAME_QEMU);
  g_array_append_val (host, e);
  /* First touches: the host backs 900 pages of a, 550 of b. */
  ts = pages (host, 10, 0, 900);
  pages (host, ts, 1, 550);

  e = ev_switch (0, 0, 0, 42, NAME_BASH);
  g_array_append_val (guest_a, e);
  g_array_append_val (guest_b, e);
  ts = pages (guest_a, 10, 0, 900); /* 90 % */
  pages (guest_a, ts, 0, -700);     /* down to 20 % */
  ts = pages (guest_b, 10, 0, 550); /* 55 % */
  pages (guest_b, ts, 0, -50);      /* 50 % */

  vms_memory_feed (memory, 0, (VmsEvent *) (gpointer) host->data, host->len);
  vms_memory_feed (memory, 1, (VmsEvent *) (gpointer) guest_a->data, guest_a->len);
  vms_memory_feed (memory, 2, (VmsEvent *) (gpointer) guest_b->data, guest_b->len);
  vms_memory_finish (memory, traces, 3, vms, 2, test_lookup_name, NULL);

  b = vms_memory_get_vm (memory, 0);
  a = vms_memory_get_vm (memory, 1);
  assert_int_equal (a->host_bytes, 900 * PAGE);
  assert_int_equal (a->guest_bytes, 200 * PAGE);
  assert_int_equal (a->guest_peak_bytes, 900 * PAGE);
  assert_int_equal (a->touched_unused_bytes, 700 * PAGE);
  assert_int_equal (a->touched_unused_bytes * 100 / (gint64) a->memory_bytes, 70);
  assert_int_equal (b->touched_unused_bytes, 50 * PAGE);
  assert_int_equal (a->balloon_rank, 1);
  assert_int_equal (b->balloon_rank, 2);
  assert_ptr_equal (vms_memory_get_vm_by_rank (memory, 1), a);
}

/* Traces never fed (no memory events at all) and indices past n_traces. */
static void
test_empty_and_unfed (void **state)
{
  g_autoptr (VmsMemory) memory = vms_memory_new ();
  const VmsEvent events[] = { ev_page (5, 0, VMS_EV_PAGE_ALLOC, 0) };
  const VmsMemoryTraceInfo traces[] = {
    { NULL, VMS_TRACE_ROLE_HOST, NULL, NULL },
  };
  const VmsMemoryVmInfo vms[] = { { "x", 3, 10, 4, 0 } }; /* traces that do not exist */
  VmsMemoryPixel px[4];
  const VmsMemoryMachine *m;

  vms_memory_feed (memory, 5, events, 1); /* dropped: only one trace at finish */
  vms_memory_feed (memory, 0, events, 0);
  vms_memory_finish (memory, traces, 1, vms, 1, NULL, NULL);
  assert_true (vms_memory_is_finished (memory));

  m = vms_memory_get_machine (memory, 0);
  assert_string_equal (m->name, "");
  assert_int_equal (m->n_processes, 0);
  assert_int_equal (vms_memory_series_get_current (m->total), 0);
  assert_int_equal (vms_memory_series_query (m->total, 0, 4, 1, TRUE, px, 4), 4);
  assert_true (px[0].defined); /* the single point at 0 */
  assert_false (px[1].defined);
  assert_int_equal (vms_memory_get_vm (memory, 0)->balloon_rank, 0);
  assert_int_equal (vms_memory_get_vm (memory, 0)->host_bytes, 0);
}

/* The trace's range given at finish (its first and last events of any kind)
 * bounds the series, not the first and last memory events. */
static void
test_trace_range (void **state)
{
  g_autoptr (VmsMemory) memory = vms_memory_new ();
  const VmsEvent events[]
    = { ev_page (1005, 0, VMS_EV_PAGE_ALLOC, 0), ev_page (1060, 0, VMS_EV_PAGE_FREE, 0) };
  const VmsMemoryTraceInfo info
    = { "box", VMS_TRACE_ROLE_MACHINE, guest_to_host, GINT_TO_POINTER (1000), 1010, 1200 };
  const VmsMemoryMachine *m;
  VmsMemoryPixel px[4];

  vms_memory_feed (memory, 0, events, G_N_ELEMENTS (events));
  vms_memory_finish (memory, &info, 1, NULL, 0, NULL, NULL);
  m = vms_memory_get_machine (memory, 0);
  assert_int_equal (m->begin, 5); /* events before the given begin widen the range */
  assert_int_equal (m->end, 200);
  assert_int_equal (vms_memory_series_get_begin (m->total), 5);
  assert_int_equal (vms_memory_series_get_end (m->total), 200);
  assert_int_equal (vms_memory_series_query (m->total, 100, 300, 50, FALSE, px, 4), 4);
  assert_true (px[1].defined);  /* [150, 200) */
  assert_true (px[2].defined);  /* [200, 250): holds the end */
  assert_false (px[3].defined); /* after the end */
  assert_int_equal (px[1].last, 0);
}

static int sync_object; /* stands for the VmsSync */

/* Like vms_sync_to_reference (): trace i runs i µs ahead of the host. */
static gint64
sync_to_host (gpointer user_data, guint trace_index, gint64 ts)
{
  assert_ptr_equal (user_data, &sync_object);
  return ts - (gint64) trace_index * 1000;
}

/* One converter for all traces (vms_memory_set_clock ()), unless a trace has its own. */
static void
test_set_clock (void **state)
{
  g_autoptr (VmsMemory) memory = vms_memory_new ();
  const VmsEvent events[] = { ev_page (5000, 0, VMS_EV_PAGE_ALLOC, 0) };
  const VmsMemoryTraceInfo traces[] = {
    { "host", VMS_TRACE_ROLE_HOST, NULL, NULL },
    { "g1", VMS_TRACE_ROLE_GUEST, NULL, NULL },
    { "g2", VMS_TRACE_ROLE_GUEST, guest_to_host, GINT_TO_POINTER (10) },
  };

  vms_memory_set_clock (memory, sync_to_host, &sync_object);
  for (guint i = 0; i < 3; i++)
    vms_memory_feed (memory, i, events, 1);
  vms_memory_finish (memory, traces, 3, NULL, 0, NULL, NULL);
  assert_int_equal (vms_memory_get_machine (memory, 0)->begin, 5000);
  assert_int_equal (vms_memory_get_machine (memory, 1)->begin, 4000);
  assert_int_equal (vms_memory_get_machine (memory, 2)->begin, 4990);
  assert_int_equal (
    vms_memory_series_get_points (vms_memory_get_machine (memory, 1)->total, NULL)[0].ts, 4000);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_orders_and_threads),
    cmocka_unit_test (test_frees_before_trace),
    cmocka_unit_test (test_same_timestamp_coalesces),
    cmocka_unit_test (test_query_bounds_and_spike),
    cmocka_unit_test (test_host_vm_attribution),
    cmocka_unit_test (test_ranking_example),
    cmocka_unit_test (test_empty_and_unfed),
    cmocka_unit_test (test_trace_range),
    cmocka_unit_test (test_set_clock),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
