/* test-sync-match.c — matching sync messages across traces from hand-built VmsEvent arrays.
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
#include <string.h>

#include "vms-sync.h"

#define T0 G_GINT64_CONSTANT (1700000000000000000)
#define SEC G_GINT64_CONSTANT (1000000000)
#define VM_A G_GUINT64_CONSTANT (0xA11CE0000000001)
#define VM_B G_GUINT64_CONSTANT (0xB0B0000000000002)

/* A machine's clock relative to the host's: t = alpha × t_host + beta, evaluated exactly. */
typedef struct {
  long double drift; /* alpha − 1 */
  gint64 offset;     /* t = t_host + offset + drift × (t_host − T0) */
} Clock;

static gint64
clock_floor (const Clock *c, gint64 t_host)
{
  return t_host + c->offset + (gint64) floorl (c->drift * (long double) (t_host - T0));
}

static gint64
clock_ceil (const Clock *c, gint64 t_host)
{
  return t_host + c->offset + (gint64) ceill (c->drift * (long double) (t_host - T0));
}

static VmsEvent *
push (GArray *a, VmsEventKind kind, gint64 ts, guint cpu)
{
  VmsEvent ev;

  memset (&ev, 0, sizeof ev);
  ev.kind = kind;
  ev.ts = ts;
  ev.cpu = cpu;
  g_array_append_val (a, ev);
  return &g_array_index (a, VmsEvent, a->len - 1);
}

static void
push_sync (GArray *a, VmsEventKind kind, gint64 ts, guint cpu, guint64 cnt, guint64 vm_uid)
{
  VmsEvent *ev = push (a, kind, ts, cpu);

  ev->u.sync.cnt = cnt;
  ev->u.sync.vm_uid = vm_uid;
}

static void
push_hypercall (GArray *a, gint64 ts, guint cpu, guint nr, guint64 a0, guint64 a1)
{
  VmsEvent *ev = push (a, VMS_EV_KVM_HYPERCALL, ts, cpu);

  ev->x = nr;
  ev->u.hc.a0 = a0;
  ev->u.hc.a1 = a1;
}

static void
push_switch (GArray *a, gint64 ts, guint cpu, gint32 prev, gint32 next)
{
  VmsEvent *ev = push (a, VMS_EV_SCHED_SWITCH, ts, cpu);

  ev->u.i[0] = prev;
  ev->u.i[1] = next;
}

static void
push_entry (GArray *a, gint64 ts, guint cpu, gint32 vcpu)
{
  push (a, VMS_EV_KVM_ENTRY, ts, cpu)->u.i[0] = vcpu;
}

static void
push_net (GArray *a, VmsEventKind kind, gint64 ts, guint32 seq, guint32 ack, guint32 flags)
{
  VmsEvent *ev = push (a, kind, ts, 0);

  ev->u.net.seq = seq;
  ev->u.net.ack_seq = ack;
  ev->u.net.flags = flags;
}

/* One TCP packet from machine s to machine r, sent at host time t, received lat ns later. */
static void
packet (GArray *s, const Clock *cs, GArray *r, const Clock *cr, gint64 t, gint64 lat, guint32 seq)
{
  push_net (s, VMS_EV_NET_SEND, clock_floor (cs, t), seq, seq ^ 0x5a5a, 0x18);
  push_net (r, VMS_EV_NET_RECV, clock_ceil (cr, t + lat), seq, seq ^ 0x5a5a, 0x18);
}

/* One vmsync exchange at host time t: the guest's gh send 2 µs before the host receives it,
 * the host's hg send 3 µs after, received 1.5 µs later. With @hypercall the host side is a
 * stock kernel's kvm_x86_hypercall + kvm_x86_entry instead of the vmsync_*_host events. */
static void
exchange (GArray *host,
          GArray *guest,
          const Clock *gc,
          gint64 t,
          guint64 vm_uid,
          guint64 cnt,
          guint cpu,
          gboolean hypercall)
{
  push_sync (guest, VMS_EV_VMSYNC_GH_GUEST, clock_floor (gc, t - 2000), 0, cnt, vm_uid);
  if (hypercall)
    {
      push_hypercall (host, t, cpu, 5, cnt, vm_uid);
      push_entry (host, t + 3000, cpu, 0);
    }
  else
    {
      push_sync (host, VMS_EV_VMSYNC_GH_HOST, t, cpu, cnt, vm_uid);
      push_sync (host, VMS_EV_VMSYNC_HG_HOST, t + 3000, cpu, cnt + 1, vm_uid);
    }
  push_sync (guest, VMS_EV_VMSYNC_HG_GUEST, clock_ceil (gc, t + 4500), 0, cnt + 1, vm_uid);
}

static gint
compare_ts (gconstpointer a, gconstpointer b)
{
  const VmsEvent *p = a, *q = b;

  return p->ts < q->ts ? -1 : p->ts > q->ts;
}

/* Feeds a trace in time order, in odd-sized batches as the reader would. */
static void
feed (VmsSync *sync, guint index, GArray *events)
{
  g_array_sort (events, compare_ts); /* stable in glib */
  for (guint i = 0; i < events->len; i += 7)
    vms_sync_feed (sync, index, &g_array_index (events, VmsEvent, i), MIN (7, events->len - i));
}

/* The machine's formula is within @tol ns of the truth over the span. */
static void
assert_formula (VmsSync *sync, guint index, const Clock *c, gint64 span, double tol)
{
  const VmsSyncResult *r = vms_sync_get_result (sync, index);

  for (gint64 t = T0; t <= T0 + span; t += span / 16)
    {
      gint64 want = clock_floor (c, t);
      gint64 got = vms_sync_line_apply (&r->line, t);

      if (fabs ((double) (got - want)) > tol)
        fail_msg ("trace %u at +%" G_GINT64_FORMAT " ns: %" G_GINT64_FORMAT
                  " instead of %" G_GINT64_FORMAT,
                  index, t - T0, got, want);
      /* and back */
      assert_true (llabs (vms_sync_to_reference (sync, index, got) - t) <= 1);
    }
}

static const Clock host_clock = { 0, 0 };

/* vmsync pairs in both directions; the host read first, then the guest; and the other way. */
static void
test_vmsync_pairs (void **state)
{
  const Clock gc = { 42e-6L, 5 * SEC + 123456 };

  for (guint order = 0; order < 2; order++)
    {
      g_autoptr (VmsSync) sync = vms_sync_new ();
      g_autoptr (GArray) host = g_array_new (FALSE, FALSE, sizeof (VmsEvent));
      g_autoptr (GArray) guest = g_array_new (FALSE, FALSE, sizeof (VmsEvent));
      guint hi = order == 0 ? 0 : 1, gi = 1 - hi;
      const VmsSyncResult *r;
      guint64 uid;
      gsize n_threads;
      const VmsSyncVmThread *threads;

      push_switch (host, T0 - 1000, 1, 0, 4242);
      for (guint k = 0; k < 200; k++)
        exchange (host, guest, &gc, T0 + k * 10000000 + (k % 7) * 1111, VM_A, 2 * k + 1, 1, FALSE);
      vms_sync_add_trace (sync, hi, "host", VMS_TRACE_ROLE_HOST);
      vms_sync_add_trace (sync, gi, "jessie", VMS_TRACE_ROLE_GUEST);
      if (order == 0)
        {
          feed (sync, hi, host);
          feed (sync, gi, guest);
        }
      else
        {
          feed (sync, gi, guest);
          feed (sync, hi, host);
        }
      assert_true (vms_sync_solve (sync, NULL, NULL, NULL));
      assert_int_equal (vms_sync_get_reference (sync), hi);
      assert_int_equal (vms_sync_get_n_pending (sync), 0);

      r = vms_sync_get_result (sync, hi);
      assert_int_equal (r->quality, VMS_SYNC_QUALITY_REFERENCE);
      assert_true (r->alpha == 1.0 && r->beta == 0.0);
      r = vms_sync_get_result (sync, gi);
      assert_int_equal (r->quality, VMS_SYNC_QUALITY_ACCURATE);
      assert_int_equal (r->reference, hi);
      assert_int_equal (r->parent, hi);
      assert_false (r->unreachable);
      assert_int_equal (r->n_matches, 400);
      assert_true (r->n_tightening > 0 && r->n_tightening < 400);
      assert_int_equal (r->n_violations, 0);
      assert_true (r->accuracy > 0 && r->accuracy < 1e-5);
      assert_true (fabs (r->alpha - (1 + 42e-6)) <= r->accuracy);
      /* the exchange's latencies are a few µs: the formula is within them */
      assert_formula (sync, gi, &gc, 2 * SEC, 3000);

      assert_true (vms_sync_get_vm_uid (sync, gi, &uid));
      assert_true (uid == VM_A);
      assert_false (vms_sync_get_vm_uid (sync, hi, NULL));
      assert_int_equal (vms_sync_get_host_of (sync, gi), hi);
      threads = vms_sync_get_vm_threads (sync, hi, &n_threads);
      assert_int_equal (n_threads, 1);
      assert_true (threads[0].vm_uid == VM_A);
      assert_int_equal (threads[0].tid, 4242);
      assert_int_equal (threads[0].cpu, 1);
      assert_int_equal (threads[0].count, 200);
    }
}

/* A stock host: hypercall nr 5 and the next kvm_entry of the same thread, followed across a
 * CPU change; other threads' entries on the first CPU are not taken for it. */
static void
test_hypercall_only (void **state)
{
  const Clock ga = { -17e-6L, -3 * SEC };
  const Clock gb = { 25e-6L, 7 * SEC };
  g_autoptr (VmsSync) sync = vms_sync_new ();
  g_autoptr (GArray) host = g_array_new (FALSE, FALSE, sizeof (VmsEvent));
  g_autoptr (GArray) guest_a = g_array_new (FALSE, FALSE, sizeof (VmsEvent));
  g_autoptr (GArray) guest_b = g_array_new (FALSE, FALSE, sizeof (VmsEvent));
  const VmsSyncResult *r;
  const VmsSyncVmThread *threads;
  gsize n_threads;
  guint64 cnt_a = 1, cnt_b = 1;

  /* vCPU thread 100 (VM A) on CPU 0, thread 200 (VM B) on CPU 1 */
  push_switch (host, T0 - 5000, 0, 0, 100);
  push_switch (host, T0 - 5000, 1, 0, 200);
  for (guint k = 0; k < 100; k++)
    {
      gint64 t = T0 + k * 20000000;

      exchange (host, guest_a, &ga, t, VM_A, cnt_a, 0, TRUE);
      cnt_a += 2;
      exchange (host, guest_b, &gb, t + 5000000, VM_B, cnt_b, 1, TRUE);
      cnt_b += 2;
    }
  /* Thread 100 is switched out right after its hypercall; thread 300 (another VM's vCPU, no
   * sync) enters the guest on CPU 0; thread 100 resumes on CPU 2 and enters there. */
  {
    gint64 t = T0 + 100 * G_GINT64_CONSTANT (20000000);

    push_sync (guest_a, VMS_EV_VMSYNC_GH_GUEST, clock_floor (&ga, t - 2000), 0, cnt_a, VM_A);
    push_hypercall (host, t, 0, 5, cnt_a, VM_A);
    push_switch (host, t + 500, 0, 100, 300);
    push_entry (host, t + 800, 0, 3);
    push_switch (host, t + 900, 2, 0, 100);
    push_entry (host, t + 50000, 2, 0);
    push_sync (guest_a, VMS_EV_VMSYNC_HG_GUEST, clock_ceil (&ga, t + 51000), 0, cnt_a + 1, VM_A);
    /* a hypercall of another kind does nothing */
    push_hypercall (host, t + 60000, 2, 9, 1, 2);
    push_entry (host, t + 61000, 2, 0);
  }

  vms_sync_add_trace (sync, 0, "host", VMS_TRACE_ROLE_HOST);
  vms_sync_add_trace (sync, 1, "jessie", VMS_TRACE_ROLE_GUEST);
  vms_sync_add_trace (sync, 2, "jessie-clone", VMS_TRACE_ROLE_GUEST);
  feed (sync, 0, host);
  feed (sync, 1, guest_a);
  feed (sync, 2, guest_b);
  assert_true (vms_sync_solve (sync, NULL, NULL, NULL));

  r = vms_sync_get_result (sync, 1);
  assert_int_equal (r->quality, VMS_SYNC_QUALITY_ACCURATE);
  assert_int_equal (r->n_matches, 202);
  assert_int_equal (r->n_violations, 0);
  assert_formula (sync, 1, &ga, 2 * SEC, 3000);
  r = vms_sync_get_result (sync, 2);
  assert_int_equal (r->quality, VMS_SYNC_QUALITY_ACCURATE);
  assert_int_equal (r->n_matches, 200);
  assert_formula (sync, 2, &gb, 2 * SEC, 3000);
  assert_int_equal (vms_sync_get_host_of (sync, 1), 0);
  assert_int_equal (vms_sync_get_host_of (sync, 2), 0);

  threads = vms_sync_get_vm_threads (sync, 0, &n_threads);
  assert_int_equal (n_threads, 2);
  assert_true (threads[0].vm_uid == VM_A && threads[0].tid == 100 && threads[0].count == 101);
  assert_true (threads[1].vm_uid == VM_B && threads[1].tid == 200 && threads[1].count == 100);
}

/* TCP between machines: both directions, a loopback packet, a packet to nowhere, a duplicate;
 * a machine that exchanges nothing keeps its own clock. */
static void
test_tcp (void **state)
{
  const Clock ca = { 0, 0 };
  const Clock cb = { 30e-6L, -2 * SEC };
  g_autoptr (VmsSync) sync = vms_sync_new ();
  g_autoptr (GArray) a = g_array_new (FALSE, FALSE, sizeof (VmsEvent));
  g_autoptr (GArray) b = g_array_new (FALSE, FALSE, sizeof (VmsEvent));
  g_autoptr (GArray) c = g_array_new (FALSE, FALSE, sizeof (VmsEvent));
  const VmsSyncResult *r;

  for (guint k = 0; k < 300; k++)
    {
      gint64 t = T0 + k * 3000000;

      packet (a, &ca, b, &cb, t, 40000 + (k % 13) * 1000, 1000 + k * 2);
      packet (b, &cb, a, &ca, t + 1000000, 35000 + (k % 5) * 3000, 1000 + k * 2 + 1);
    }
  /* loopback on a: same key sent and received there, then seen again on b: ignored */
  push_net (a, VMS_EV_NET_SEND, T0 + 5, 7, 7, 0x10);
  push_net (a, VMS_EV_NET_RECV, T0 + 9, 7, 7, 0x10);
  /* a packet from a that nobody receives, one b receives from outside */
  push_net (a, VMS_EV_NET_SEND, T0 + 100, 99, 99, 0x10);
  push_net (b, VMS_EV_NET_RECV, T0 + 200, 98, 98, 0x10);
  /* a retransmission: the first send is kept */
  push_net (a, VMS_EV_NET_SEND, T0 + SEC, 1000, 1000 ^ 0x5a5a, 0x18);
  push_switch (c, T0, 0, 0, 1);

  vms_sync_add_trace (sync, 0, "alpha", VMS_TRACE_ROLE_MACHINE);
  vms_sync_add_trace (sync, 1, "beta", VMS_TRACE_ROLE_MACHINE);
  vms_sync_add_trace (sync, 2, "gamma", VMS_TRACE_ROLE_MACHINE);
  feed (sync, 0, a);
  feed (sync, 1, b);
  feed (sync, 2, c);
  assert_true (vms_sync_solve (sync, NULL, NULL, NULL));

  assert_int_equal (vms_sync_get_reference (sync), 0);
  assert_null (vms_sync_get_pair_hull (sync, 0, 2));
  assert_non_null (vms_sync_get_pair_hull (sync, 1, 0));
  r = vms_sync_get_result (sync, 1);
  assert_int_equal (r->quality, VMS_SYNC_QUALITY_ACCURATE);
  assert_int_equal (r->n_matches, 600);
  assert_int_equal (r->n_violations, 0);
  assert_formula (sync, 1, &cb, SEC, 40000);
  assert_int_equal (vms_sync_get_host_of (sync, 1), -1);

  r = vms_sync_get_result (sync, 2);
  assert_true (r->unreachable);
  assert_int_equal (r->quality, VMS_SYNC_QUALITY_ABSENT);
  assert_int_equal (r->parent, -1);
  assert_int_equal (r->n_matches, 0);
  assert_int_equal (vms_sync_to_reference (sync, 2, T0 + 77), T0 + 77);
}

/* A machine reached through another: formulas compose along the tree; a message between two
 * machines that goes back in time once both are on the reference clock is a violation. */
static void
test_chain_and_violations (void **state)
{
  const Clock ca = { 0, 0 };
  const Clock cb = { 20e-6L, SEC };
  const Clock cc = { -45e-6L, -4 * SEC };
  g_autoptr (VmsSync) sync = vms_sync_new ();
  g_autoptr (GArray) a = g_array_new (FALSE, FALSE, sizeof (VmsEvent));
  g_autoptr (GArray) b = g_array_new (FALSE, FALSE, sizeof (VmsEvent));
  g_autoptr (GArray) c = g_array_new (FALSE, FALSE, sizeof (VmsEvent));
  const VmsSyncResult *r;

  for (guint k = 0; k < 200; k++)
    {
      gint64 t = T0 + k * 5000000;

      packet (a, &ca, b, &cb, t, 20000, 10 + 4 * k);
      packet (b, &cb, a, &ca, t + 1000000, 20000, 11 + 4 * k);
      packet (b, &cb, c, &cc, t + 2000000, 20000, 12 + 4 * k);
      packet (c, &cc, b, &cb, t + 3000000, 20000, 13 + 4 * k);
    }
  vms_sync_add_trace (sync, 0, "a", VMS_TRACE_ROLE_MACHINE);
  vms_sync_add_trace (sync, 1, "b", VMS_TRACE_ROLE_MACHINE);
  vms_sync_add_trace (sync, 2, "c", VMS_TRACE_ROLE_MACHINE);
  feed (sync, 0, a);
  feed (sync, 1, b);
  feed (sync, 2, c);
  assert_true (vms_sync_solve (sync, NULL, NULL, NULL));
  r = vms_sync_get_result (sync, 2);
  assert_int_equal (r->parent, 1);
  assert_int_equal (r->quality, VMS_SYNC_QUALITY_ACCURATE);
  assert_int_equal (r->n_violations, 0);
  assert_formula (sync, 2, &cc, SEC, 40000);

  /* now with a messages between a and c that arrive 100 µs before they leave */
  {
    g_autoptr (VmsSync) sync2 = vms_sync_new ();

    for (guint k = 0; k < 5; k++)
      {
        gint64 t = T0 + k * 100000000 + 777;

        push_net (a, VMS_EV_NET_SEND, clock_floor (&ca, t), 5000 + k, 0, 0x18);
        push_net (c, VMS_EV_NET_RECV, clock_floor (&cc, t - 100000), 5000 + k, 0, 0x18);
      }
    vms_sync_add_trace (sync2, 0, "a", VMS_TRACE_ROLE_MACHINE);
    vms_sync_add_trace (sync2, 1, "b", VMS_TRACE_ROLE_MACHINE);
    vms_sync_add_trace (sync2, 2, "c", VMS_TRACE_ROLE_MACHINE);
    feed (sync2, 0, a);
    feed (sync2, 1, b);
    feed (sync2, 2, c);
    assert_true (vms_sync_solve (sync2, NULL, NULL, NULL));
    /* a–c has one direction only (incomplete): the tree goes through b */
    r = vms_sync_get_result (sync2, 2);
    assert_int_equal (r->parent, 1);
    assert_int_equal (r->n_violations, 5);
    assert_int_equal (vms_sync_get_result (sync2, 0)->n_violations, 5);
    assert_int_equal (vms_sync_get_result (sync2, 1)->n_violations, 0);
  }
}

/* --reference and --offset: by name; unknown names and an offset for the reference fail. */
static void
test_reference_and_offsets (void **state)
{
  const Clock cb = { 30e-6L, -2 * SEC };
  g_autoptr (VmsSync) sync = vms_sync_new ();
  g_autoptr (GArray) a = g_array_new (FALSE, FALSE, sizeof (VmsEvent));
  g_autoptr (GArray) b = g_array_new (FALSE, FALSE, sizeof (VmsEvent));
  g_autoptr (GArray) c = g_array_new (FALSE, FALSE, sizeof (VmsEvent));
  g_autoptr (GHashTable) offsets = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr (GError) error = NULL;
  const VmsSyncResult *r;
  gint64 off = 1500;

  for (guint k = 0; k < 100; k++)
    {
      gint64 t = T0 + k * 3000000;

      packet (a, &host_clock, b, &cb, t, 40000, 1000 + k * 2);
      packet (b, &cb, a, &host_clock, t + 1000000, 35000, 1000 + k * 2 + 1);
    }
  vms_sync_add_trace (sync, 0, "alpha", VMS_TRACE_ROLE_MACHINE);
  vms_sync_add_trace (sync, 1, "beta", VMS_TRACE_ROLE_MACHINE);
  vms_sync_add_trace (sync, 2, "gamma", VMS_TRACE_ROLE_MACHINE);
  feed (sync, 0, a);
  feed (sync, 1, b);
  feed (sync, 2, c);

  g_hash_table_insert (offsets, (gpointer) "gamma", g_memdup2 (&off, sizeof off));
  assert_true (vms_sync_solve (sync, "beta", offsets, &error));
  assert_null (error);
  assert_int_equal (vms_sync_get_reference (sync), 1);
  r = vms_sync_get_result (sync, 0);
  assert_int_equal (r->quality, VMS_SYNC_QUALITY_ACCURATE);
  assert_int_equal (r->reference, 1);
  /* alpha is b's clock seen from a: the inverse */
  assert_true (fabs (r->alpha - 1.0 / (1 + 30e-6)) <= r->accuracy);
  r = vms_sync_get_result (sync, 2);
  assert_int_equal (r->quality, VMS_SYNC_QUALITY_MANUAL);
  assert_false (r->unreachable);
  assert_true (r->alpha == 1.0 && r->beta == 1500.0);
  assert_int_equal (vms_sync_to_reference (sync, 2, T0 + 1500), T0);
  assert_int_equal (vms_sync_from_reference (sync, 2, T0), T0 + 1500);

  assert_false (vms_sync_solve (sync, "delta", NULL, &error));
  assert_true (g_error_matches (error, VMS_SYNC_ERROR, VMS_SYNC_ERROR_UNKNOWN_MACHINE));
  assert_non_null (strstr (error->message, "delta"));
  g_clear_error (&error);
  assert_false (vms_sync_solve (sync, "gamma", offsets, &error));
  assert_true (g_error_matches (error, VMS_SYNC_ERROR, VMS_SYNC_ERROR_INVALID));
  g_clear_error (&error);
  g_hash_table_insert (offsets, (gpointer) "nobody", g_memdup2 (&off, sizeof off));
  assert_false (vms_sync_solve (sync, NULL, offsets, &error));
  assert_true (g_error_matches (error, VMS_SYNC_ERROR, VMS_SYNC_ERROR_UNKNOWN_MACHINE));
}

/* The manual offset overrides the messages of that machine. */
static void
test_offset_overrides (void **state)
{
  const Clock gc = { 0, 5 * SEC };
  g_autoptr (VmsSync) sync = vms_sync_new ();
  g_autoptr (GArray) host = g_array_new (FALSE, FALSE, sizeof (VmsEvent));
  g_autoptr (GArray) guest = g_array_new (FALSE, FALSE, sizeof (VmsEvent));
  g_autoptr (GHashTable) offsets = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  gint64 off = -42;

  for (guint k = 0; k < 10; k++)
    exchange (host, guest, &gc, T0 + k * 10000000, VM_A, 2 * k + 1, 0, FALSE);
  vms_sync_add_trace (sync, 0, "host", VMS_TRACE_ROLE_HOST);
  vms_sync_add_trace (sync, 1, "guest", VMS_TRACE_ROLE_GUEST);
  feed (sync, 0, host);
  feed (sync, 1, guest);
  g_hash_table_insert (offsets, (gpointer) "guest", g_memdup2 (&off, sizeof off));
  assert_true (vms_sync_solve (sync, NULL, offsets, NULL));
  assert_int_equal (vms_sync_get_result (sync, 1)->quality, VMS_SYNC_QUALITY_MANUAL);
  assert_int_equal (vms_sync_to_reference (sync, 1, T0), T0 + 42);
  /* every message now violates causality one way or the other */
  assert_true (vms_sync_get_result (sync, 1)->n_violations >= 10);
  /* solved again without offsets: the messages rule */
  assert_true (vms_sync_solve (sync, NULL, NULL, NULL));
  assert_int_equal (vms_sync_get_result (sync, 1)->quality, VMS_SYNC_QUALITY_ACCURATE);
  assert_int_equal (vms_sync_get_result (sync, 1)->n_violations, 0);
}

/* Unmatched ends: a guest whose host has no counterpart, one direction only, a host whose
 * early vmsync events the guest never saw: memory stays bounded while the last trace reads. */
static void
test_unmatched_bounded (void **state)
{
  const Clock gc = { 10e-6L, SEC };
  g_autoptr (VmsSync) sync = vms_sync_new ();
  g_autoptr (GArray) host = g_array_new (FALSE, FALSE, sizeof (VmsEvent));
  g_autoptr (GArray) guest = g_array_new (FALSE, FALSE, sizeof (VmsEvent));
  g_autoptr (GArray) other = g_array_new (FALSE, FALSE, sizeof (VmsEvent));
  guint late_pending = 0;

  /* 200 s, an exchange every 1 ms; the guest trace starts at 100 s */
  for (guint k = 0; k < 200000; k++)
    {
      gint64 t = T0 + k * G_GINT64_CONSTANT (1000000);

      if (k < 100000)
        {
          push_sync (host, VMS_EV_VMSYNC_GH_HOST, t, 0, 2 * k + 1, VM_A);
          push_sync (host, VMS_EV_VMSYNC_HG_HOST, t + 3000, 0, 2 * k + 2, VM_A);
        }
      else
        exchange (host, guest, &gc, t, VM_A, 2 * k + 1, 0, FALSE);
    }
  /* a guest of another VM that nobody answers, with a gap */
  for (guint k = 0; k < 1000; k++)
    push_sync (other, VMS_EV_VMSYNC_GH_GUEST, T0 + k * 1000000, 0, 2 * k + 1, VM_B);

  vms_sync_add_trace (sync, 0, "host", VMS_TRACE_ROLE_HOST);
  vms_sync_add_trace (sync, 1, "other", VMS_TRACE_ROLE_GUEST);
  vms_sync_add_trace (sync, 2, "guest", VMS_TRACE_ROLE_GUEST);
  feed (sync, 0, host);
  feed (sync, 1, other);
  g_array_sort (guest, compare_ts);
  for (guint i = 0; i < guest->len; i += 1000)
    {
      vms_sync_feed (sync, 2, &g_array_index (guest, VmsEvent, i), MIN (1000, guest->len - i));
      if (late_pending == 0 && i >= guest->len / 4 * 3)
        late_pending = vms_sync_get_n_pending (sync);
    }
  /* At 3/4 of the guest, 25000 exchanges (50000 host ends) are still to come; the 200000 host
   * ends from before the guest's trace are gone. At the end only VM B's 1000 sends wait (they
   * could still match a trace not read yet, were there one). */
  g_printerr ("# pending: %u at 3/4, %u at the end\n", late_pending, vms_sync_get_n_pending (sync));
  assert_true (late_pending < 60000);
  assert_true (vms_sync_get_n_pending (sync) < 1100);
  assert_true (vms_sync_solve (sync, NULL, NULL, NULL));
  assert_int_equal (vms_sync_get_n_pending (sync), 0);
  assert_int_equal (vms_sync_get_result (sync, 2)->quality, VMS_SYNC_QUALITY_ACCURATE);
  assert_int_equal (vms_sync_get_result (sync, 2)->n_matches, 200000);
  assert_formula (sync, 2, &gc, 100 * SEC, 3000);
  /* VM B only sent: no match at all, its own clock */
  assert_true (vms_sync_get_result (sync, 1)->unreachable);
  assert_int_equal (vms_sync_get_host_of (sync, 1), -1);
}

/* The cnt window: ends of a guest read first are dropped once the host (not the last trace)
 * is far past them, but not those below the host's first cnt (another host may hold them). */
static void
test_cnt_window (void **state)
{
  const Clock gc = { 0, SEC };
  g_autoptr (VmsSync) sync = vms_sync_new ();
  g_autoptr (GArray) host = g_array_new (FALSE, FALSE, sizeof (VmsEvent));
  g_autoptr (GArray) guest = g_array_new (FALSE, FALSE, sizeof (VmsEvent));
  g_autoptr (GArray) host2 = g_array_new (FALSE, FALSE, sizeof (VmsEvent));

  /* the VM runs on host2 for cnt 1..20000, then migrates to host for the rest */
  for (guint k = 0; k < 100000; k++)
    {
      gint64 t = T0 + k * G_GINT64_CONSTANT (1000000);

      exchange (k < 10000 ? host2 : host, guest, &gc, t, VM_A, 2 * k + 1, 0, FALSE);
      /* the host lost cnt 100001..120000 */
      if (k >= 50000 && k < 60000)
        g_array_set_size (host, host->len - 2);
    }
  vms_sync_add_trace (sync, 0, "guest", VMS_TRACE_ROLE_GUEST);
  vms_sync_add_trace (sync, 1, "host", VMS_TRACE_ROLE_HOST);
  vms_sync_add_trace (sync, 2, "host2", VMS_TRACE_ROLE_HOST);
  feed (sync, 0, guest);
  feed (sync, 1, host);
  /* left: host2's 20000 ends (below host's first cnt) and a few at the end */
  g_printerr ("# pending after host: %u\n", vms_sync_get_n_pending (sync));
  assert_true (vms_sync_get_n_pending (sync) >= 20000);
  assert_true (vms_sync_get_n_pending (sync) < 20000 + 2 * 512 + 100);
  feed (sync, 2, host2);
  assert_true (vms_sync_solve (sync, NULL, NULL, NULL));
  assert_int_equal (vms_sync_get_result (sync, 0)->n_matches, 2 * (100000 - 10000 - 10000));
  assert_int_equal (vms_sync_get_result (sync, 0)->parent, 1);
  assert_int_equal (vms_sync_get_result (sync, 2)->parent, 0);
  assert_int_equal (vms_sync_get_result (sync, 2)->n_matches, 20000);
}

/* A host with the add-on module AND stock hypercall events: each message counts once, and a
 * formula checked by hand against the messages counts its violations. */
static void
test_addon_and_hypercall (void **state)
{
  const Clock gc = { 12e-6L, -SEC };
  g_autoptr (VmsSync) sync = vms_sync_new ();
  g_autoptr (GArray) host = g_array_new (FALSE, FALSE, sizeof (VmsEvent));
  g_autoptr (GArray) guest = g_array_new (FALSE, FALSE, sizeof (VmsEvent));
  VmsSyncLine truth = { T0, T0 - SEC, 12e-6, 0 };
  VmsSyncLine wrong = { T0, T0 - SEC + 5000, 12e-6, 0 };
  const VmsSyncVmThread *threads;
  gsize n_threads;

  push_switch (host, T0 - 1000, 2, 0, 777);
  for (guint k = 0; k < 50; k++)
    {
      gint64 t = T0 + k * 10000000;

      push_hypercall (host, t - 10, 2, 5, 2 * k + 1, VM_A);
      push_entry (host, t + 3000, 2, 0);
      exchange (host, guest, &gc, t, VM_A, 2 * k + 1, 2, FALSE);
    }
  vms_sync_add_trace (sync, 0, "host", VMS_TRACE_ROLE_HOST);
  vms_sync_add_trace (sync, 1, "guest", VMS_TRACE_ROLE_GUEST);
  feed (sync, 0, host);
  feed (sync, 1, guest);
  assert_true (vms_sync_solve (sync, NULL, NULL, NULL));
  assert_int_equal (vms_sync_get_result (sync, 1)->n_matches, 100);
  assert_int_equal (vms_sync_get_result (sync, 1)->quality, VMS_SYNC_QUALITY_ACCURATE);
  assert_int_equal (vms_sync_get_result (sync, 1)->n_violations, 0);
  threads = vms_sync_get_vm_threads (sync, 0, &n_threads);
  assert_int_equal (n_threads, 1);
  assert_int_equal (threads[0].tid, 777);
  assert_true (threads[0].count >= 50);

  /* the truth respects every message; 5 µs later on the guest, every gh message (sent 2 µs
   * before its receive) goes back in time, in either order of the pair */
  assert_int_equal (vms_sync_count_violations (sync, 0, 1, &truth), 0);
  assert_int_equal (vms_sync_count_violations (sync, 0, 1, &wrong), 50);
  {
    VmsSyncLine inv;

    vms_sync_line_invert (&wrong, &inv);
    assert_int_equal (vms_sync_count_violations (sync, 1, 0, &inv), 50);
  }
  assert_int_equal (vms_sync_count_violations (sync, 0, 2, &truth), 0);
}

/* Over a million messages one way: the causality check keeps a regular sample and says its
 * count is an estimate. A manual offset makes the fast half of the messages go back in time. */
static void
test_violation_sampling (void **state)
{
  const guint n = 1300000;
  const Clock ca = { 0, 0 };
  const Clock cb = { 0, 0 };
  g_autoptr (VmsSync) sync = vms_sync_new ();
  g_autoptr (GArray) a = g_array_sized_new (FALSE, FALSE, sizeof (VmsEvent), n);
  g_autoptr (GArray) b = g_array_sized_new (FALSE, FALSE, sizeof (VmsEvent), n);
  g_autoptr (GHashTable) offsets = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr (GRand) rand = g_rand_new_with_seed (3);
  gint64 off = 50000;
  guint64 fast = 0, got;
  const VmsSyncResult *r;

  for (guint k = 0; k < n; k++)
    {
      gboolean quick = g_rand_boolean (rand);

      fast += quick;
      packet (a, &ca, b, &cb, T0 + (gint64) k * 200000, quick ? 1000 : 100000, k);
    }
  packet (b, &cb, a, &ca, T0 + 100, 1000, G_MAXUINT32);
  vms_sync_add_trace (sync, 0, "a", VMS_TRACE_ROLE_MACHINE);
  vms_sync_add_trace (sync, 1, "b", VMS_TRACE_ROLE_MACHINE);
  vms_sync_feed (sync, 0, (VmsEvent *) (gpointer) a->data, a->len);
  feed (sync, 1, b);
  g_hash_table_insert (offsets, (gpointer) "b", g_memdup2 (&off, sizeof off));
  assert_true (vms_sync_solve (sync, NULL, offsets, NULL));
  r = vms_sync_get_result (sync, 1);
  got = r->n_violations;
  g_printerr ("# %" G_GUINT64_FORMAT " violations counted, %" G_GUINT64_FORMAT " true\n", got,
              fast);
  assert_true (r->violations_estimated);
  assert_true (fabs ((double) got - (double) fast) < 0.01 * fast);
  /* the same without the offset: the messages rule, none goes back in time, exactly */
  assert_true (vms_sync_solve (sync, NULL, NULL, NULL));
  r = vms_sync_get_result (sync, 1);
  assert_int_equal (r->quality, VMS_SYNC_QUALITY_APPROXIMATE); /* one message back */
  assert_true (fabs (r->alpha - 1.0) < 1e-12);
  assert_int_equal (r->n_violations, 0);
  assert_false (r->violations_estimated);
  assert_int_equal (r->n_matches, n + 1);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_vmsync_pairs),
    cmocka_unit_test (test_hypercall_only),
    cmocka_unit_test (test_tcp),
    cmocka_unit_test (test_chain_and_violations),
    cmocka_unit_test (test_reference_and_offsets),
    cmocka_unit_test (test_offset_overrides),
    cmocka_unit_test (test_unmatched_bounded),
    cmocka_unit_test (test_cnt_window),
    cmocka_unit_test (test_addon_and_hypercall),
    cmocka_unit_test (test_violation_sampling),
  };

  return cmocka_run_group_tests_name ("sync-match", tests, NULL, NULL);
}
