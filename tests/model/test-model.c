/* test-model.c — the VM state model on hand-written event sequences: every
 * transition, VM identification, guest threads, state at a time.
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
#include <math.h>

#include "test-model-events.h"

#define QEMU 100
#define VCPU0 101
#define VCPU1 102
#define QEMU2 200
#define VCPU2_0 201
#define KWORKER 300

static void
host_statedump (Seq *s)
{
  ev_statedump (s, 1, QEMU, QEMU, 1, N_QEMU, 5);
  ev_statedump (s, 2, VCPU0, QEMU, 1, N_VCPU0, 5);
  ev_statedump (s, 3, VCPU1, QEMU, 1, N_VCPU1, 5);
  ev_statedump (s, 4, QEMU2, QEMU2, 1, N_QEMU2, 5);
  ev_statedump (s, 5, VCPU2_0, QEMU2, 1, N_VCPU0, 5);
  ev_statedump (s, 6, KWORKER, KWORKER, 2, N_KWORKER, 5);
}

static VmsModel *
build_host (Seq *s)
{
  VmsModelBuilder *b = vms_model_builder_new (test_name, NULL);

  vms_model_builder_add_machine (b, 0, "kvmhost", "/traces/host");
  seq_feed (b, 0, s);
  return vms_model_builder_finish (b);
}

static void
assert_interval (VmsModel *model, int row, gint64 t, VmsState state, gint64 start, gint64 end)
{
  VmsInterval in;

  assert_true (vms_model_hit_test (model, (guint) row, t, &in));
  if (in.state != state || in.start != start || in.end != end)
    fail_msg ("at %" G_GINT64_FORMAT ": %s [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
              "), expected %s [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
              t, vms_state_to_string (in.state), in.start, in.end, vms_state_to_string (state),
              start, end);
}

/* Entry → running, exit → hypervisor with its reason; totals and exit statistics. */
static void
test_entry_exit (void **state)
{
  Seq *s = seq_new ();
  g_autoptr (VmsModel) model = NULL;
  const VmsVm *vm;
  const VmsVcpu *vcpu;
  VmsInterval in;
  int row;

  host_statedump (s);
  ev_switch (s, 100, 0, 0, 0, VCPU0);
  ev_entry (s, 200, 0, 0);
  ev_exit (s, 1000, 0, 1);
  ev_entry (s, 1200, 0, 0);
  ev_exit (s, 2000, 0, 48);
  ev_entry (s, 2500, 0, 0);
  ev_exit (s, 3000, 0, 30);
  model = build_host (s);

  assert_int_equal (vms_model_get_host (model), 0);
  assert_int_equal (vms_model_get_n_vms (model), 1);
  vm = vms_model_get_vm (model, 0);
  assert_string_equal (vm->name, "qemu-system-x86 (100)"); /* not traced: its QEMU process */
  assert_int_equal (vm->qemu_pid, QEMU);
  assert_int_equal (vm->n_vcpus, 1);
  assert_int_equal (vm->machine, -1);
  vcpu = vms_model_get_vcpu (model, vm->first_vcpu);
  assert_int_equal (vcpu->host_tid, VCPU0);
  assert_int_equal (vcpu->id, 0);
  assert_int_equal (vcpu->totals[VMS_STATE_RUNNING], 800 + 800 + 500);
  assert_int_equal (vcpu->totals[VMS_STATE_HYPERVISOR], 200 + 500);
  assert_int_equal (vcpu->totals[VMS_STATE_UNKNOWN], 200 - 1); /* until its first entry */
  assert_int_equal (vcpu->n_exits, 3);

  row = find_row (model, VMS_ROW_VCPU, 0, -1, 0);
  assert_true (row >= 0);
  assert_interval (model, row, 150, VMS_STATE_UNKNOWN, 100, 200); /* on CPU 0 */
  assert_interval (model, row, 500, VMS_STATE_RUNNING, 200, 1000);
  assert_true (vms_model_hit_test (model, (guint) row, 1100, &in));
  assert_int_equal (in.state, VMS_STATE_HYPERVISOR);
  assert_int_equal (in.exit_reason, 1);
  assert_int_equal (in.isa, VMS_ISA_VMX);
  assert_int_equal (in.cpu, 0);
  assert_string_equal (vms_exit_reason_name (in.isa, (guint) in.exit_reason), "EXTERNAL_INTERRUPT");
  assert_true (vms_model_hit_test (model, (guint) row, 2100, &in));
  assert_int_equal (in.exit_reason, 48);
  assert_false (vms_model_hit_test (model, (guint) row, 3000, &in)); /* half-open end */

  /* Exit statistics: sorted by total, largest first; the exit in progress at the end counts */
  assert_int_equal (vms_model_get_n_exit_stats (model), 3);
  assert_int_equal (vms_model_get_exit_stats (model, 2)->reason, 30);
  assert_int_equal (vms_model_get_exit_stats (model, 2)->total, 0);
  assert_int_equal (vms_model_get_exit_stats (model, 0)->reason, 48);
  assert_string_equal (vms_model_get_exit_stats (model, 0)->name, "EPT_VIOLATION");
  assert_int_equal (vms_model_get_exit_stats (model, 0)->total, 500);
  assert_int_equal (vms_model_get_exit_stats (model, 1)->reason, 1);
  assert_int_equal (vms_model_get_exit_stats (model, 1)->p99, 200);

  /* The physical CPU ran the vCPU */
  row = find_row (model, VMS_ROW_CPU, -1, 0, 0);
  assert_true (vms_model_hit_test (model, (guint) row, 1500, &in));
  assert_int_equal (in.state, VMS_STATE_VCPU);
  assert_int_equal (in.tid, VCPU0);
  assert_int_equal (in.vm, 0);
  assert_int_equal (in.vcpu, 0);
  seq_free (s);
}

/* A vCPU switched out runnable after an exit is preempted (while in the hypervisor); who ran
 * instead is the longest thread on that CPU: here another VM's vCPU. */
static void
test_preempted_by_other_vm (void **state)
{
  Seq *s = seq_new ();
  g_autoptr (VmsModel) model = NULL;
  VmsInterval in;
  int row;
  const VmsVcpu *vcpu;
  const VmsSpike *spike;

  host_statedump (s);
  ev_switch (s, 100, 0, 0, 0, VCPU0);
  ev_entry (s, 110, 0, 0);
  ev_exit (s, 500, 0, 1);
  ev_switch (s, 510, 0, VCPU0, 0, VCPU2_0);
  ev_entry (s, 520, 0, 0);
  ev_exit (s, 900, 0, 52);
  ev_switch (s, 905, 0, VCPU2_0, 0, KWORKER);
  ev_switch (s, 950, 0, KWORKER, 1, VCPU0);
  ev_entry (s, 960, 0, 0);
  ev_exit (s, 1000, 0, 1);
  model = build_host (s);

  assert_int_equal (vms_model_get_n_vms (model), 2);
  assert_int_equal (vms_model_get_vm (model, 0)->qemu_pid, QEMU);
  assert_int_equal (vms_model_get_vm (model, 1)->qemu_pid, QEMU2);
  assert_string_equal (vms_model_get_vm (model, 1)->name, "qemu-kvm (200)");

  row = find_row (model, VMS_ROW_VCPU, 0, -1, 0);
  assert_interval (model, row, 505, VMS_STATE_HYPERVISOR, 500, 510);
  assert_interval (model, row, 600, VMS_STATE_PREEMPTED, 510, 950);
  assert_true (vms_model_hit_test (model, (guint) row, 600, &in));
  assert_int_equal (in.tid, VCPU2_0);
  assert_int_equal (in.vm, 1);
  assert_int_equal (in.vcpu, 0);
  /* Back on the CPU: in the hypervisor (the last exit's reason) until the entry */
  assert_true (vms_model_hit_test (model, (guint) row, 955, &in));
  assert_int_equal (in.state, VMS_STATE_HYPERVISOR);
  assert_int_equal (in.exit_reason, 1);
  assert_interval (model, row, 970, VMS_STATE_RUNNING, 960, 1000);

  vcpu = vms_model_get_vcpu (model, 0);
  assert_int_equal (vcpu->n_preemptions, 1);
  assert_int_equal (vcpu->totals[VMS_STATE_PREEMPTED], 440);

  /* The spike list starts with that preemption; hypervisor stretches follow */
  assert_true (vms_model_get_n_spikes (model) > 1);
  spike = vms_model_get_spike (model, 0);
  assert_int_equal (spike->kind, VMS_SPIKE_PREEMPTION);
  assert_int_equal (spike->start, 510);
  assert_int_equal (spike->duration, 440);
  assert_int_equal (spike->preempted_by, VCPU2_0);
  assert_int_equal (spike->preempted_by_vm, 1);
  assert_int_equal (spike->preempted_by_vcpu, 0);
  assert_int_equal (spike->guest_tid, -1); /* guest not traced */
  spike = vms_model_get_spike (model, 2);
  assert_int_equal (spike->kind, VMS_SPIKE_HYPERVISOR);
  assert_int_equal (spike->duration, 10);

  /* The other VM's vCPU, preempted until the end: the host's kworker ran 45 ns, then the
   * first VM's vCPU 50 ns: the one that ran longest took the CPU */
  row = find_row (model, VMS_ROW_VCPU, 1, -1, 0);
  assert_true (vms_model_hit_test (model, (guint) row, 920, &in));
  assert_int_equal (in.state, VMS_STATE_PREEMPTED);
  assert_int_equal (in.tid, VCPU0);
  assert_int_equal (in.vm, 0);
  seq_free (s);
}

/* A switch-out without an exit first (entry → switch): preempted as well. */
static void
test_switch_without_exit (void **state)
{
  Seq *s = seq_new ();
  g_autoptr (VmsModel) model = NULL;
  VmsInterval in;
  int row;

  host_statedump (s);
  ev_switch (s, 100, 0, 0, 0, VCPU0);
  ev_entry (s, 110, 0, 0);
  ev_switch (s, 300, 0, VCPU0, 0, KWORKER);
  ev_switch (s, 400, 0, KWORKER, 1, VCPU0);
  ev_entry (s, 410, 0, 0);
  ev_exit (s, 500, 0, 1);
  model = build_host (s);
  row = find_row (model, VMS_ROW_VCPU, 0, -1, 0);
  assert_interval (model, row, 200, VMS_STATE_RUNNING, 110, 300);
  assert_interval (model, row, 350, VMS_STATE_PREEMPTED, 300, 400);
  assert_true (vms_model_hit_test (model, (guint) row, 350, &in));
  assert_int_equal (in.tid, KWORKER); /* a host thread */
  assert_int_equal (in.vm, -1);
  assert_int_equal (in.cpu, 0);
  assert_interval (model, row, 405, VMS_STATE_HYPERVISOR, 400, 410);
  seq_free (s);
}

/* HLT then the thread blocks: idle, not preempted; also when switched out runnable. */
static void
test_halted_is_idle (void **state)
{
  Seq *s = seq_new ();
  g_autoptr (VmsModel) model = NULL;
  VmsInterval in;
  int row;

  host_statedump (s);
  ev_switch (s, 100, 0, 0, 0, VCPU0);
  ev_entry (s, 110, 0, 0);
  ev_exit (s, 200, 0, 12); /* HLT */
  ev_switch (s, 210, 0, VCPU0, 1, 0);
  ev_wakeup (s, 600, 0, VCPU0, 0);
  ev_switch (s, 610, 0, 0, 0, VCPU0);
  ev_entry (s, 620, 0, 0);
  ev_exit (s, 700, 0, 12); /* HLT, then preempted-looking switch: still idle */
  ev_switch (s, 705, 0, VCPU0, 0, KWORKER);
  ev_switch (s, 800, 0, KWORKER, 1, VCPU0);
  ev_entry (s, 810, 0, 0);
  ev_exit (s, 900, 0, 1);
  model = build_host (s);
  row = find_row (model, VMS_ROW_VCPU, 0, -1, 0);
  assert_interval (model, row, 205, VMS_STATE_HYPERVISOR, 200, 210);
  assert_interval (model, row, 400, VMS_STATE_IDLE, 210, 610);
  assert_true (vms_model_hit_test (model, (guint) row, 615, &in));
  assert_int_equal (in.state, VMS_STATE_HYPERVISOR);
  assert_int_equal (in.exit_reason, 12);
  assert_string_equal (vms_exit_reason_name (VMS_ISA_VMX, 12), "HLT");
  assert_interval (model, row, 750, VMS_STATE_IDLE, 705, 800);
  assert_int_equal (vms_model_get_vcpu (model, 0)->n_preemptions, 0);
  /* Exit statistics count the time in the hypervisor, not the halted time: 10 + 10 and
   * 5 + 10 ns */
  assert_int_equal (vms_model_get_exit_stats (model, 0)->reason, 12);
  assert_int_equal (vms_model_get_exit_stats (model, 0)->max, 20);
  assert_int_equal (vms_model_get_exit_stats (model, 0)->min, 15);
  assert_int_equal (vms_model_get_exit_stats (model, 0)->total, 35);
  assert_int_equal (vms_model_get_exit_stats (model, 0)->count, 2);
  seq_free (s);
}

/* KVM events before the CPU's first sched_switch: the vCPU is found by that switch's prev. */
static void
test_events_before_mapping (void **state)
{
  Seq *s = seq_new ();
  g_autoptr (VmsModel) model = NULL;
  int row;

  ev_entry (s, 100, 1, 1);
  ev_exit (s, 300, 1, 1);
  ev_entry (s, 350, 1, 1);
  ev_exit (s, 400, 1, 1);
  ev_switch (s, 450, 1, VCPU1, 0, KWORKER);
  ev_statedump (s, 460, VCPU1, QEMU, 1, N_VCPU1, 2); /* pid known only later */
  ev_statedump (s, 461, QEMU, QEMU, 1, N_QEMU, 5);
  ev_switch (s, 500, 1, KWORKER, 1, VCPU1);
  ev_entry (s, 510, 1, 1);
  ev_exit (s, 600, 1, 1);
  model = build_host (s);

  assert_int_equal (vms_model_get_n_vms (model), 1);
  assert_int_equal (vms_model_get_vm (model, 0)->qemu_pid, QEMU);
  row = find_row (model, VMS_ROW_VCPU, 0, -1, 1);
  assert_true (row >= 0);
  assert_interval (model, row, 200, VMS_STATE_RUNNING, 100, 300);
  assert_interval (model, row, 320, VMS_STATE_HYPERVISOR, 300, 350);
  assert_interval (model, row, 470, VMS_STATE_PREEMPTED, 450, 500);
  /* The pCPU ran it since its first event */
  row = find_row (model, VMS_ROW_CPU, -1, 0, 1);
  assert_int_equal (state_at (model, row, 200), VMS_STATE_VCPU);
  seq_free (s);
}

/* A guest traced beside its host: tied by vm_uid, guest threads migrate between vCPUs and
 * appear to run while their vCPU is preempted or in the hypervisor; vCPU idle from the guest. */
static void
test_guest_threads (void **state)
{
  Seq *h = seq_new ();
  Seq *g = seq_new ();
  VmsModelBuilder *b = vms_model_builder_new (test_name, NULL);
  g_autoptr (VmsModel) model = NULL;
  const VmsVm *vm;
  const VmsThread *th;
  VmsInterval in;
  int row;

  host_statedump (h);
  ev_switch (h, 50, 0, 0, 0, VCPU0);
  ev_switch (h, 50, 1, 0, 0, VCPU1);
  ev_entry (h, 60, 0, 0);
  ev_entry (h, 60, 1, 1);
  ev_exit (h, 150, 0, 18);
  ev_hypercall_sync (h, 151, 0, 1, 42);
  ev_entry (h, 160, 0, 0);
  ev_exit (h, 200, 0, 1);
  ev_switch (h, 200, 0, VCPU0, 0, KWORKER);
  ev_switch (h, 300, 0, KWORKER, 1, VCPU0);
  ev_entry (h, 310, 0, 0);
  ev_exit (h, 1000, 0, 1);
  ev_exit (h, 1000, 1, 1);

  ev_statedump (g, 10, 500, 500, 1, N_STRESS, 2);
  ev_sync_guest (g, 20, 0, 1, 42);
  ev_switch (g, 50, 1, 0, 0, 0);
  ev_switch (g, 100, 0, 0, 0, 500);
  ev_syscall (g, 120, 0, TRUE);
  ev_syscall (g, 130, 0, FALSE);
  ev_switch (g, 400, 0, 500, 0, 0);
  ev_migrate (g, 410, 1, 500, 0, 1);
  ev_switch (g, 420, 1, 0, 0, 500);
  ev_irq (g, 500, 1, TRUE);
  ev_irq (g, 510, 1, FALSE);
  ev_switch (g, 800, 1, 500, 1, 0);
  ev_switch (g, 900, 0, 0, 0, 0);

  vms_model_builder_add_machine (b, 0, "kvmhost", "/t/host");
  vms_model_builder_add_machine (b, 1, "jessie", "/t/jessie");
  seq_feed (b, 0, h);
  seq_feed (b, 1, g);
  vms_model_builder_set_info (b, 0, VMS_TRACE_ROLE_HOST, 2, h->events->len);
  vms_model_builder_set_info (b, 1, VMS_TRACE_ROLE_GUEST, 2, g->events->len);
  model = vms_model_builder_finish (b);

  assert_int_equal (vms_model_get_n_vms (model), 1);
  vm = vms_model_get_vm (model, 0);
  assert_string_equal (vm->name, "jessie");
  assert_int_equal (vm->machine, 1);
  assert_true (vm->has_vm_uid);
  assert_int_equal (vm->vm_uid, 42);
  assert_int_equal (vm->n_vcpus, 2);
  assert_int_equal (vms_model_get_machine (model, 1)->vm, 0);

  th = vms_model_find_thread (model, 1, 500);
  assert_non_null (th);
  assert_string_equal (th->name, "stress");
  assert_int_equal (th->vm, 0);
  assert_int_equal (th->n_migrations, 1);
  assert_int_equal (state_at (model, th->row, 125), VMS_STATE_SYSCALL);
  assert_int_equal (state_at (model, th->row, 505), VMS_STATE_INTERRUPTED);
  assert_int_equal (state_at (model, th->row, 415), VMS_STATE_RUNNABLE);
  assert_true (vms_model_hit_test (model, (guint) th->row, 600, &in));
  assert_int_equal (in.state, VMS_STATE_RUNNING);
  assert_int_equal (in.cpu, 1);
  /* vCPU 0: hypercall exit [150,160), hypervisor [200,200), preempted [200,300),
   * hypervisor [300,310): the thread appeared to run there */
  assert_true (vms_model_hit_test (model, (guint) th->row, 155, &in));
  assert_int_equal (in.state, VMS_STATE_APPEARED);
  assert_int_equal (in.guest_state, VMS_STATE_RUNNING);
  assert_int_equal (in.cause, VMS_STATE_HYPERVISOR);
  assert_int_equal (in.exit_reason, 18);
  assert_true (vms_model_hit_test (model, (guint) th->row, 250, &in));
  assert_int_equal (in.state, VMS_STATE_APPEARED);
  assert_int_equal (in.cause, VMS_STATE_PREEMPTED);
  assert_int_equal (in.tid, KWORKER);
  assert_int_equal (th->totals[VMS_STATE_APPEARED], 10 + 100 + 10);

  /* vCPU 1 runs guest code, but the guest idles on CPU 1 before 420 and after 800; after the
   * guest trace's end (900) nothing says it idles */
  row = find_row (model, VMS_ROW_VCPU, 0, -1, 1);
  assert_int_equal (state_at (model, row, 300), VMS_STATE_IDLE);
  assert_int_equal (state_at (model, row, 600), VMS_STATE_RUNNING);
  assert_int_equal (state_at (model, row, 850), VMS_STATE_IDLE);
  assert_int_equal (state_at (model, row, 950), VMS_STATE_RUNNING);
  /* vCPU 0's preemption hit the guest thread 500 */
  row = find_row (model, VMS_ROW_VCPU, 0, -1, 0);
  assert_true (vms_model_hit_test (model, (guint) row, 250, &in));
  assert_int_equal (in.guest_tid, 500);
  /* The longest thread wait is listed */
  for (guint i = 0; i < vms_model_get_n_spikes (model); i++)
    if (vms_model_get_spike (model, i)->kind == VMS_SPIKE_THREAD_WAIT)
      {
        assert_int_equal (vms_model_get_spike (model, i)->guest_tid, 500);
        assert_int_equal (vms_model_get_spike (model, i)->duration, 110);
        break;
      }
  seq_free (h);
  seq_free (g);
}

/* A guest with another clock: its intervals land on the host's axis. */
static void
test_guest_clock (void **state)
{
  Seq *h = seq_new ();
  Seq *g = seq_new ();
  VmsModelBuilder *b = vms_model_builder_new (test_name, NULL);
  g_autoptr (VmsModel) model = NULL;
  const VmsThread *th;
  VmsInterval in;
  /* t_guest = 1.00001 × t_host + 5e9 */
  const double alpha = 1.00001, beta = 5e9;

  host_statedump (h);
  ev_switch (h, 1000000000, 0, 0, 0, VCPU0);
  ev_hypercall_sync (h, 1000000001, 0, 1, 7);
  ev_entry (h, 1000000010, 0, 0);
  ev_exit (h, 3000000000, 0, 1);
  ev_sync_guest (g, 6000010000, 0, 1, 7);
  ev_switch (g, 6000010000, 0, 0, 0, 500);
  ev_switch (g, 7000020000, 0, 500, 1, 0);

  vms_model_builder_add_machine (b, 0, "host", NULL);
  vms_model_builder_add_machine (b, 1, "guest", NULL);
  seq_feed (b, 0, h);
  seq_feed (b, 1, g);
  vms_model_builder_set_clock (b, 1, alpha, beta, "host", "accurate", 1e-9, 10);
  model = vms_model_builder_finish (b);

  th = vms_model_find_thread (model, 1, 500);
  assert_non_null (th);
  assert_true (vms_model_hit_test (model, (guint) th->row, 1500000000, &in));
  assert_int_equal (in.state, VMS_STATE_RUNNING);
  assert_int_equal (in.start, 1000000000); /* (6000010000 - 5e9) / 1.00001 */
  assert_int_equal (in.end, 2000000000);
  assert_string_equal (vms_model_get_machine (model, 1)->sync_quality, "accurate");
  assert_int_equal (vms_model_get_machine (model, 1)->begin, 1000000000);
  seq_free (h);
  seq_free (g);
}

static gint64
identity_clock (guint machine, gint64 ts, gpointer user_data)
{
  return ts;
}

/* A guest whose clock could not be synchronized is tied to its VM, but its intervals are not
 * crossed with the vCPUs': nothing says they line up. */
static void
test_unsynchronized_guest (void **state)
{
  Seq *h = seq_new ();
  Seq *g = seq_new ();
  VmsModelBuilder *b = vms_model_builder_new (test_name, NULL);
  g_autoptr (VmsModel) model = NULL;
  const VmsThread *th;

  host_statedump (h);
  ev_switch (h, 50, 0, 0, 0, VCPU0);
  ev_entry (h, 60, 0, 0);
  ev_exit (h, 150, 0, 18);
  ev_hypercall_sync (h, 151, 0, 1, 42);
  ev_switch (h, 200, 0, VCPU0, 0, KWORKER);
  ev_switch (h, 300, 0, KWORKER, 1, VCPU0);
  ev_entry (h, 310, 0, 0);
  ev_exit (h, 1000, 0, 1);
  ev_sync_guest (g, 20, 0, 1, 42);
  ev_switch (g, 100, 0, 0, 0, 500);
  ev_switch (g, 900, 0, 500, 1, 0);
  vms_model_builder_add_machine (b, 0, "kvmhost", NULL);
  vms_model_builder_add_machine (b, 1, "jessie", NULL);
  seq_feed (b, 0, h);
  seq_feed (b, 1, g);
  vms_model_builder_set_clock (b, 1, 1.0, 0.0, "kvmhost", "absent", INFINITY, 0);
  vms_model_builder_set_clock_func (b, 1, identity_clock, NULL);
  model = vms_model_builder_finish (b);

  assert_int_equal (vms_model_get_n_vms (model), 1);
  assert_string_equal (vms_model_get_vm (model, 0)->name, "jessie");
  th = vms_model_find_thread (model, 1, 500);
  assert_non_null (th);
  assert_int_equal (th->totals[VMS_STATE_APPEARED], 0);
  assert_int_equal (state_at (model, th->row, 250), VMS_STATE_RUNNING);
  seq_free (h);
  seq_free (g);
}

/* A forked thread: born at its fork (no interval before), gone at its last switch after
 * exiting (no interval after). */
static void
test_thread_life (void **state)
{
  Seq *s = seq_new ();
  VmsModelBuilder *b = vms_model_builder_new (test_name, NULL);
  g_autoptr (VmsModel) model = NULL;
  const VmsThread *th;
  VmsEvent *e;

  ev_statedump (s, 10, 500, 500, 1, N_BASH, 5);
  ev_switch (s, 20, 0, 0, 0, 500);
  e = seq_add (s, 100, 0, VMS_EV_PROCESS_FORK);
  e->x = N_STRESS;
  e->u.i[0] = 500;
  e->u.i[1] = 500;
  e->u.i[2] = 501;
  e->u.i[3] = 501;
  ev_wakeup (s, 110, 0, 501, 1);
  ev_switch (s, 120, 1, 0, 0, 501);
  e = seq_add (s, 200, 1, VMS_EV_PROCESS_EXEC);
  e->x = N_EXEC_PATH;
  e->u.i[0] = 501;
  seq_add (s, 300, 1, VMS_EV_PROCESS_EXIT)->u.i[0] = 501;
  ev_switch (s, 310, 1, 501, 64, 0);
  ev_switch (s, 1000, 0, 500, 1, 0);
  vms_model_builder_add_machine (b, 0, "box", NULL);
  seq_feed (b, 0, s);
  model = vms_model_builder_finish (b);

  th = vms_model_find_thread (model, 0, 501);
  assert_non_null (th);
  assert_string_equal (th->name, "top"); /* from exec's file name */
  assert_int_equal (th->pid, 501);
  assert_int_equal (state_at (model, th->row, 50), (VmsState) -1); /* not born yet */
  assert_int_equal (state_at (model, th->row, 105), VMS_STATE_RUNNABLE);
  assert_int_equal (state_at (model, th->row, 250), VMS_STATE_RUNNING);
  assert_int_equal (state_at (model, th->row, 400), (VmsState) -1); /* gone */
  assert_int_equal (th->totals[VMS_STATE_RUNNING], 310 - 120);
  assert_int_equal (th->totals[VMS_STATE_UNKNOWN], 0);
  seq_free (s);
}

/* Threads born during the trace (a fork, or a sched_wakeup_new without its fork) have no
 * interval before their birth and none after their last switch-out once exited: queries,
 * the hit test and totals show nothing there.  Threads there from the start (statedump, or
 * first seen running) are unknown until their first known state. */
static void
test_thread_birth_and_death (void **state)
{
  Seq *s = seq_new ();
  VmsModelBuilder *b = vms_model_builder_new (test_name, NULL);
  g_autoptr (VmsModel) model = NULL;
  g_autoptr (GArray) items = g_array_new (FALSE, FALSE, sizeof (VmsModelItem));
  g_autoptr (GArray) intervals = g_array_new (FALSE, FALSE, sizeof (VmsInterval));
  const VmsThread *forked, *woken, *dumped, *running;
  gint64 totals[VMS_N_STATES];
  gint64 begin, end;
  VmsEvent *e;

  ev_statedump (s, 10, 500, 500, 1, N_BASH, 5);
  ev_switch (s, 20, 0, 0, 0, 500);
  ev_switch (s, 30, 1, 600, 1, 0); /* 600 ran from the CPU's first event: present at start */
  e = seq_add (s, 1000, 0, VMS_EV_PROCESS_FORK);
  e->x = N_STRESS;
  e->u.i[0] = 500;
  e->u.i[1] = 500;
  e->u.i[2] = 501;
  e->u.i[3] = 501;
  seq_add (s, 1010, 0, VMS_EV_SCHED_WAKEUP_NEW)->u.i[0] = 501;
  ev_switch (s, 1100, 1, 0, 0, 501);
  ev_syscall (s, 1150, 1, TRUE);
  seq_add (s, 1200, 1, VMS_EV_PROCESS_EXIT)->u.i[0] = 501;
  ev_switch (s, 1300, 1, 501, 32, 0); /* EXIT_ZOMBIE */
  seq_add (s, 1400, 1, VMS_EV_PROCESS_FREE)->u.i[0] = 501;
  e = seq_add (s, 1500, 0, VMS_EV_SCHED_WAKEUP_NEW); /* its fork was not recorded */
  e->u.i[0] = 502;
  e->u.i[1] = 1;
  ev_switch (s, 1600, 1, 0, 0, 502);
  ev_switch (s, 3000, 0, 500, 1, 0);
  ev_switch (s, 4000, 1, 502, 0, 0);
  vms_model_builder_add_machine (b, 0, "box", NULL);
  seq_feed (b, 0, s);
  model = vms_model_builder_finish (b);

  forked = vms_model_find_thread (model, 0, 501);
  woken = vms_model_find_thread (model, 0, 502);
  dumped = vms_model_find_thread (model, 0, 500);
  running = vms_model_find_thread (model, 0, 600);
  assert_non_null (forked);
  assert_non_null (woken);
  assert_non_null (dumped);
  assert_non_null (running);

  /* Born at the fork, gone at the switch-out after the exit */
  vms_model_get_row_range (model, (guint) forked->row, &begin, &end);
  assert_int_equal (begin, 1000);
  assert_int_equal (end, 1300);
  assert_int_equal (state_at (model, forked->row, 10), (VmsState) -1);
  assert_int_equal (state_at (model, forked->row, 999), (VmsState) -1);
  assert_int_equal (state_at (model, forked->row, 1000), VMS_STATE_RUNNABLE);
  assert_int_equal (state_at (model, forked->row, 1299), VMS_STATE_SYSCALL);
  assert_int_equal (state_at (model, forked->row, 1300), (VmsState) -1);
  assert_int_equal (state_at (model, forked->row, 3500), (VmsState) -1);
  assert_int_equal (forked->totals[VMS_STATE_UNKNOWN], 0);
  assert_int_equal (forked->totals[VMS_STATE_RUNNABLE], 100);
  assert_int_equal (forked->totals[VMS_STATE_RUNNING], 50);
  assert_int_equal (forked->totals[VMS_STATE_SYSCALL], 150);
  vms_model_get_totals (model, (guint) forked->row, 10, 4000, totals);
  assert_int_equal (totals[VMS_STATE_UNKNOWN], 0);
  assert_int_equal (
    totals[VMS_STATE_RUNNABLE] + totals[VMS_STATE_RUNNING] + totals[VMS_STATE_SYSCALL], 300);
  /* Queries at any resolution: items only inside [1000, 1300), none unknown */
  for (gint64 ns_per_px = 1; ns_per_px <= 1000; ns_per_px *= 10)
    {
      vms_model_query (model, (guint) forked->row, 10, 4000, ns_per_px, items);
      assert_true (items->len > 0);
      for (guint i = 0; i < items->len; i++)
        {
          const VmsModelItem *it = &g_array_index (items, VmsModelItem, i);

          assert_true (it->start >= 1000);
          assert_true (it->end <= 1300);
          assert_int_equal (it->states & (1u << VMS_STATE_UNKNOWN), 0);
        }
    }
  assert_int_equal (vms_model_query (model, (guint) forked->row, 10, 1000, 1, items), 0);
  assert_int_equal (vms_model_query (model, (guint) forked->row, 1300, 4000, 1, items), 0);
  assert_int_equal (vms_model_get_intervals (model, (guint) forked->row, 10, 1000, intervals), 0);
  assert_int_equal (vms_model_get_intervals (model, (guint) forked->row, 1300, 4000, intervals), 0);

  /* Born at its sched_wakeup_new when no fork was recorded */
  vms_model_get_row_range (model, (guint) woken->row, &begin, &end);
  assert_int_equal (begin, 1500);
  assert_int_equal (end, 4000);
  assert_int_equal (state_at (model, woken->row, 1499), (VmsState) -1);
  assert_int_equal (state_at (model, woken->row, 1500), VMS_STATE_RUNNABLE);
  assert_int_equal (woken->totals[VMS_STATE_UNKNOWN], 0);

  /* There from the start: unknown until their first known state */
  vms_model_get_row_range (model, (guint) dumped->row, &begin, &end);
  assert_int_equal (begin, 10);
  assert_int_equal (state_at (model, dumped->row, 15), VMS_STATE_UNKNOWN);
  assert_int_equal (state_at (model, dumped->row, 20), VMS_STATE_RUNNING);
  assert_int_equal (dumped->totals[VMS_STATE_UNKNOWN], 10);
  assert_int_equal (state_at (model, running->row, 10), VMS_STATE_UNKNOWN);
  assert_int_equal (state_at (model, running->row, 30), VMS_STATE_BLOCKED);
  seq_free (s);
}

/* A thread switched in on a CPU while another CPU never switched it out. */
static void
test_missing_switch (void **state)
{
  Seq *s = seq_new ();
  VmsModelBuilder *b = vms_model_builder_new (test_name, NULL);
  g_autoptr (VmsModel) model = NULL;
  const VmsThread *th;
  gint64 sum = 0;

  ev_statedump (s, 1, 500, 500, 1, N_BASH, 5);
  ev_switch (s, 100, 0, 0, 0, 500);
  ev_switch (s, 200, 1, 0, 0, 500); /* no switch-out on CPU 0 */
  ev_switch (s, 300, 1, 500, 1, 0);
  ev_switch (s, 400, 0, 500, 0, 0); /* late switch-out on CPU 0 */
  vms_model_builder_add_machine (b, 0, "box", NULL);
  seq_feed (b, 0, s);
  model = vms_model_builder_finish (b);

  assert_int_equal (vms_model_get_n_vms (model), 0);
  assert_int_equal (vms_model_get_host (model), -1);
  th = vms_model_find_thread (model, 0, 500);
  assert_non_null (th);
  assert_int_equal (state_at (model, th->row, 250), VMS_STATE_RUNNING);
  assert_int_equal (state_at (model, th->row, 350), VMS_STATE_BLOCKED);
  assert_int_equal (th->n_migrations, 1);
  for (guint i = 0; i < VMS_N_STATES; i++)
    {
      assert_true (th->totals[i] >= 0);
      sum += th->totals[i];
    }
  assert_int_equal (sum, 400 - 1); /* the whole trace, unknown until its first switch */
  assert_int_equal (th->totals[VMS_STATE_UNKNOWN], 100 - 1);
  seq_free (s);
}

/* The state of everything at one instant, and the row tree. */
static void
test_state_at_time_and_rows (void **state)
{
  Seq *s = seq_new ();
  g_autoptr (VmsModel) model = NULL;
  guint n_vcpu = 0, n_cpu = 0, n_thread = 0;

  host_statedump (s);
  ev_switch (s, 100, 0, 0, 0, VCPU0);
  ev_switch (s, 100, 1, 0, 0, KWORKER);
  ev_entry (s, 110, 0, 0);
  ev_syscall (s, 150, 1, TRUE);
  ev_exit (s, 300, 0, 1);
  ev_syscall (s, 300, 1, FALSE);
  model = build_host (s);

  for (guint i = 0; i < vms_model_get_n_rows (model); i++)
    {
      const VmsRow *row = vms_model_get_row (model, i);
      VmsInterval in;

      if (row->parent >= 0)
        {
          assert_true ((guint) row->parent < i);
          assert_int_equal (row->depth, vms_model_get_row (model, row->parent)->depth + 1);
        }
      if (row->kind == VMS_ROW_VCPU)
        {
          n_vcpu++;
          assert_true (vms_model_hit_test (model, i, 200, &in));
          assert_int_equal (in.state, VMS_STATE_RUNNING);
        }
      else if (row->kind == VMS_ROW_CPU)
        {
          n_cpu++;
          assert_true (vms_model_hit_test (model, i, 200, &in));
          assert_int_equal (in.tid, row->id == 0 ? VCPU0 : KWORKER);
        }
      else if (row->kind == VMS_ROW_THREAD && row->id == KWORKER)
        {
          n_thread++;
          assert_true (vms_model_hit_test (model, i, 200, &in));
          assert_int_equal (in.state, VMS_STATE_SYSCALL);
          assert_string_equal (row->label, "kworker/0:1 (300)");
        }
    }
  assert_int_equal (n_vcpu, 1);
  assert_int_equal (n_cpu, 2);
  assert_int_equal (n_thread, 1);
  assert_int_equal (vms_model_get_row (model, 0)->kind, VMS_ROW_GROUP);
  assert_string_equal (vms_model_get_row (model, 0)->label, "qemu-system-x86 (100)");
  seq_free (s);
}

/* --vm GUEST=PID: a guest without sync events tied by hand. */
static void
test_tie_by_hand (void **state)
{
  Seq *h = seq_new ();
  Seq *g = seq_new ();
  VmsModelBuilder *b = vms_model_builder_new (test_name, NULL);
  g_autoptr (VmsModel) model = NULL;

  host_statedump (h);
  ev_switch (h, 100, 0, 0, 0, VCPU2_0);
  ev_entry (h, 110, 0, 0);
  ev_exit (h, 300, 0, 1);
  ev_switch (g, 100, 0, 0, 0, 500);
  ev_switch (g, 200, 0, 500, 1, 0);
  ev_switch (g, 400, 0, 0, 0, 0);
  vms_model_builder_add_machine (b, 0, "host", NULL);
  vms_model_builder_add_machine (b, 1, "clone", NULL);
  seq_feed (b, 0, h);
  seq_feed (b, 1, g);
  vms_model_builder_tie_vm (b, 1, QEMU2);
  model = vms_model_builder_finish (b);
  assert_int_equal (vms_model_get_n_vms (model), 1);
  assert_string_equal (vms_model_get_vm (model, 0)->name, "clone");
  assert_int_equal (vms_model_get_vm (model, 0)->qemu_pid, QEMU2);
  assert_int_equal (state_at (model, find_row (model, VMS_ROW_VCPU, 0, -1, 0), 250),
                    VMS_STATE_IDLE);
  seq_free (h);
  seq_free (g);
}

static void
test_exit_reason_names (void **state)
{
  assert_string_equal (vms_exit_reason_name (VMS_ISA_VMX, 48), "EPT_VIOLATION");
  assert_string_equal (vms_exit_reason_name (VMS_ISA_VMX, 52), "PREEMPTION_TIMER");
  assert_string_equal (vms_exit_reason_name (VMS_ISA_UNKNOWN, 30), "IO_INSTRUCTION");
  assert_string_equal (vms_exit_reason_name (VMS_ISA_SVM, 0x78), "hlt");
  assert_string_equal (vms_exit_reason_name (VMS_ISA_SVM, 0x400), "npf");
  assert_string_equal (vms_exit_reason_name (VMS_ISA_SVM, 0x7b), "io");
  assert_string_equal (vms_exit_reason_name (VMS_ISA_SVM, 0x13), "write_cr3");
  assert_null (vms_exit_reason_name (VMS_ISA_VMX, 5000));
  assert_string_equal (vms_state_to_string (VMS_STATE_PREEMPTED), "preempted");
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_entry_exit),
    cmocka_unit_test (test_preempted_by_other_vm),
    cmocka_unit_test (test_switch_without_exit),
    cmocka_unit_test (test_halted_is_idle),
    cmocka_unit_test (test_events_before_mapping),
    cmocka_unit_test (test_guest_threads),
    cmocka_unit_test (test_guest_clock),
    cmocka_unit_test (test_unsynchronized_guest),
    cmocka_unit_test (test_thread_life),
    cmocka_unit_test (test_thread_birth_and_death),
    cmocka_unit_test (test_missing_switch),
    cmocka_unit_test (test_state_at_time_and_rows),
    cmocka_unit_test (test_tie_by_hand),
    cmocka_unit_test (test_exit_reason_names),
  };

  return cmocka_run_group_tests_name ("model", tests, NULL, NULL);
}
