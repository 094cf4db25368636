/* vms-gen-emit.c: writing the simulated events with lttng-modules' field values
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include "vms-gen-sim-private.h"

#define PRIO_NORMAL 20 /* lttng-modules writes prio - MAX_RT_PRIO */
#define PAGE_STRUCT_BASE G_GUINT64_CONSTANT (0xffffea0000000000)
#define GFP_HIGHUSER_MOVABLE 0x100cca
#define MIGRATE_MOVABLE 1

guint64
guest_time (Vm *vm, guint64 h)
{
  __int128 d = (__int128) ((gint64) (h - vm->ref_ns)) * vm->drift_ppb;
  __int128 q = d / 1000000000;

  if (d % 1000000000 != 0 && d < 0)
    q--;
  return (guint64) ((__int128) h + vm->offset_ns + q);
}

guint64
host_ts (Sim *s, guint cpu, guint64 t, HostThread *a, HostThread *b)
{
  if (s->host_cursor[cpu] != 0)
    t = MAX (t, s->host_cursor[cpu] + 1);
  if (a != NULL && a->last_ts != 0)
    t = MAX (t, a->last_ts + 1);
  if (b != NULL && b->last_ts != 0)
    t = MAX (t, b->last_ts + 1);
  s->host_cursor[cpu] = t;
  if (a != NULL)
    a->last_ts = t;
  if (b != NULL)
    b->last_ts = t;
  return t;
}

static void
payload_comm_tid_prio (VmsCtfPayload *p, const char *comm, gint32 tid)
{
  vms_ctf_put_comm (p, comm);
  vms_ctf_put_u32 (p, (guint32) tid);
  vms_ctf_put_u32 (p, PRIO_NORMAL);
}

/* sched_process_exit/free: comm, tid, prio */
void
payload_process (VmsCtfPayload *p, const char *comm, gint32 tid)
{
  vms_ctf_payload_reset (p);
  payload_comm_tid_prio (p, comm, tid);
}

void
payload_u32x2 (VmsCtfPayload *p, guint32 a, guint32 b)
{
  vms_ctf_payload_reset (p);
  vms_ctf_put_u32 (p, a);
  vms_ctf_put_u32 (p, b);
}

void
payload_sched (
  VmsCtfPayload *p, const char *comm, gint32 tid, gint32 extra1, gint32 extra2, gboolean two)
{
  vms_ctf_payload_reset (p);
  payload_comm_tid_prio (p, comm, tid);
  vms_ctf_put_u32 (p, (guint32) extra1);
  if (two)
    vms_ctf_put_u32 (p, (guint32) extra2);
}

static void
payload_switch (VmsCtfPayload *p,
                const char *prev_comm,
                gint32 prev_tid,
                gint64 prev_state,
                const char *next_comm,
                gint32 next_tid)
{
  vms_ctf_payload_reset (p);
  payload_comm_tid_prio (p, prev_comm, prev_tid);
  vms_ctf_put_u64 (p, (guint64) prev_state);
  payload_comm_tid_prio (p, next_comm, next_tid);
}

guint64
emit_host_switch (
  Sim *s, guint cpu, guint64 t, HostThread *prev, gint64 prev_state, HostThread *next)
{
  VmsCtfPayload p;

  t = host_ts (s, cpu, t, prev, next);
  if (prev_state == 0 && prev->kind != HT_IDLE)
    prev_state = s->config.preempt_state;
  payload_switch (&p, prev->comm, prev->tid, prev_state, next->comm, next->tid);
  vms_ctf_trace_append (s->host_trace, cpu, t, VMS_EV_SCHED_SWITCH, &p);
  return t;
}

guint64
emit_host_wake (Sim *s, guint cpu, guint64 t, HostThread *th, guint target, gboolean migrate)
{
  VmsCtfPayload p;

  t = host_ts (s, cpu, t, th, NULL);
  payload_sched (&p, th->comm, th->tid, (gint32) th->cpu, 0, FALSE);
  vms_ctf_trace_append (s->host_trace, cpu, t, VMS_EV_SCHED_WAKING, &p);
  if (migrate)
    {
      t = host_ts (s, cpu, t + 300, th, NULL);
      payload_sched (&p, th->comm, th->tid, (gint32) th->cpu, (gint32) target, TRUE);
      vms_ctf_trace_append (s->host_trace, cpu, t, VMS_EV_SCHED_MIGRATE_TASK, &p);
    }
  t = host_ts (s, cpu, t + 400, th, NULL);
  payload_sched (&p, th->comm, th->tid, (gint32) target, 0, FALSE);
  vms_ctf_trace_append (s->host_trace, cpu, t, VMS_EV_SCHED_WAKEUP, &p);
  return t;
}

guint64
emit_host_softirq (Sim *s, guint cpu, guint64 t, guint vec)
{
  VmsCtfPayload p;

  vms_ctf_payload_reset (&p);
  vms_ctf_put_u32 (&p, vec);
  t = host_ts (s, cpu, t, NULL, NULL);
  vms_ctf_trace_append (s->host_trace, cpu, t, VMS_EV_IRQ_SOFTIRQ_RAISE, &p);
  t = host_ts (s, cpu, t + 250, NULL, NULL);
  vms_ctf_trace_append (s->host_trace, cpu, t, VMS_EV_IRQ_SOFTIRQ_ENTRY, &p);
  t = host_ts (s, cpu, t + vms_rng_range (&s->rng, 600, 2500), NULL, NULL);
  vms_ctf_trace_append (s->host_trace, cpu, t, VMS_EV_IRQ_SOFTIRQ_EXIT, &p);
  return t;
}

guint64
emit_host_payload (Sim *s, guint cpu, guint64 t, HostThread *th, VmsEv ev, const VmsCtfPayload *p)
{
  t = host_ts (s, cpu, t, th, NULL);
  vms_ctf_trace_append (s->host_trace, cpu, t, ev, p);
  return t;
}

guint64
emit_kvm_entry (Sim *s, Vcpu *v, guint64 t)
{
  VmsCtfPayload p;

  vms_ctf_payload_reset (&p);
  vms_ctf_put_u32 (&p, v->id);
  return emit_host_payload (s, v->thread->cpu, t, v->thread, VMS_EV_KVM_X86_ENTRY, &p);
}

guint64
emit_kvm_exit (Sim *s, Vcpu *v, guint64 t, guint32 reason)
{
  VmsCtfPayload p;
  guint64 info1 = 0, info2 = 0;
  guint32 intr_info = 0;
  guint64 rip = G_GUINT64_CONSTANT (0xffffffff81000000) + (vms_rng_next (&v->vm->rng) & 0xfffff0);

  switch (reason)
    {
      case EXIT_EXTERNAL_INTERRUPT:
        intr_info = 0x800000ec;
        break;
      case EXIT_EPT_VIOLATION:
        info1 = 0x182;
        info2 = (v->vm->pfn_next << 12);
        rip = 0x7f0000000000 + (vms_rng_next (&v->vm->rng) & 0xffffff0);
        break;
      case EXIT_IO_INSTRUCTION:
        info1 = 0xc0500010; /* virtio notify port, 16-bit out */
        break;
      case EXIT_MSR_WRITE:
        info1 = 0x830; /* x2APIC ICR: an IPI */
        break;
      default:
        break;
    }
  vms_ctf_payload_reset (&p);
  vms_ctf_put_u32 (&p, reason);
  vms_ctf_put_u64 (&p, rip);
  vms_ctf_put_u32 (&p, 1); /* VMX */
  vms_ctf_put_u64 (&p, info1);
  vms_ctf_put_u64 (&p, info2);
  vms_ctf_put_u32 (&p, intr_info);
  vms_ctf_put_u32 (&p, 0);
  vms_ctf_put_u32 (&p, v->id);
  return emit_host_payload (s, v->thread->cpu, t, v->thread, VMS_EV_KVM_X86_EXIT, &p);
}

static void
payload_statedump (VmsCtfPayload *p,
                   gint32 tid,
                   gint32 pid,
                   gint32 ppid,
                   const char *name,
                   gboolean kernel_thread,
                   gint32 status,
                   guint32 cpu)
{
  vms_ctf_payload_reset (p);
  vms_ctf_put_u32 (p, (guint32) tid);
  vms_ctf_put_u32 (p, (guint32) tid);
  vms_ctf_put_u32 (p, (guint32) pid);
  vms_ctf_put_u32 (p, (guint32) pid);
  vms_ctf_put_u32 (p, (guint32) ppid);
  vms_ctf_put_u32 (p, (guint32) ppid);
  vms_ctf_put_comm (p, name);
  vms_ctf_put_u32 (p, kernel_thread ? 1 : 0); /* type */
  vms_ctf_put_u32 (p, 0);                     /* mode */
  vms_ctf_put_u32 (p, 0);                     /* submode */
  vms_ctf_put_u32 (p, (guint32) status);      /* 2 wait cpu, 5 wait, 6 run */
  vms_ctf_put_u32 (p, 0);                     /* ns_level */
  vms_ctf_put_u32 (p, 4026531836u);           /* ns_inum of the initial pid namespace */
  vms_ctf_put_u32 (p, cpu);
}

void
emit_host_statedump (Sim *s, guint64 t)
{
  VmsCtfPayload p;

  vms_ctf_payload_reset (&p);
  t = host_ts (s, 0, t, NULL, NULL);
  vms_ctf_trace_append (s->host_trace, 0, t, VMS_EV_LTTNG_STATEDUMP_START, &p);
  for (guint i = 0; i < s->threads->len; i++)
    {
      HostThread *th = g_ptr_array_index (s->threads, i);

      if (th->kind == HT_IDLE)
        continue;
      payload_statedump (&p, th->tid, th->pid, th->ppid, th->comm,
                         th->kind == HT_DAEMON && th->pid < 100, th->state == TS_BLOCKED ? 5 : 2,
                         th->cpu);
      t = host_ts (s, 0, t + 700, NULL, NULL);
      vms_ctf_trace_append (s->host_trace, 0, t, VMS_EV_LTTNG_STATEDUMP_PROCESS_STATE, &p);
    }
  vms_ctf_payload_reset (&p);
  t = host_ts (s, 0, t + 500, NULL, NULL);
  vms_ctf_trace_append (s->host_trace, 0, t, VMS_EV_LTTNG_STATEDUMP_END, &p);
}

guint64
emit_host_page_alloc (Sim *s, guint cpu, guint64 t, HostThread *th, guint order)
{
  VmsCtfPayload p;
  guint64 pfn = s->host_pfn_next;

  s->host_pfn_next += G_GUINT64_CONSTANT (1) << order;
  vms_ctf_payload_reset (&p);
  vms_ctf_put_u64 (&p, PAGE_STRUCT_BASE + pfn * 64);
  vms_ctf_put_u64 (&p, pfn);
  vms_ctf_put_u32 (&p, order);
  vms_ctf_put_u32 (&p, GFP_HIGHUSER_MOVABLE);
  vms_ctf_put_u32 (&p, MIGRATE_MOVABLE);
  return emit_host_payload (s, cpu, t, th, VMS_EV_KMEM_MM_PAGE_ALLOC, &p);
}

/* Syscall payloads with plausible arguments; exits return success. */
static void
payload_syscall (VmsCtfPayload *p, VmsEv ev, VmsRng *rng)
{
  guint64 addr = 0x7ffc00000000 + (vms_rng_next (rng) & 0xfffffff0);

  vms_ctf_payload_reset (p);
  switch (ev)
    {
      case VMS_EV_SYSCALL_ENTRY_READ:
        vms_ctf_put_u32 (p, 3 + (guint32) vms_rng_range (rng, 0, 5));
        vms_ctf_put_u64 (p, 4096);
        break;
      case VMS_EV_SYSCALL_EXIT_READ:
        vms_ctf_put_u64 (p, 4096);
        vms_ctf_put_u64 (p, addr);
        break;
      case VMS_EV_SYSCALL_ENTRY_WRITE:
        vms_ctf_put_u32 (p, 1 + (guint32) vms_rng_range (rng, 0, 6));
        vms_ctf_put_u64 (p, addr);
        vms_ctf_put_u64 (p, 512);
        break;
      case VMS_EV_SYSCALL_EXIT_WRITE:
        vms_ctf_put_u64 (p, 512);
        break;
      case VMS_EV_SYSCALL_ENTRY_FUTEX:
        vms_ctf_put_u64 (p, addr);
        vms_ctf_put_u32 (p, 0x80); /* FUTEX_WAIT_PRIVATE */
        vms_ctf_put_u32 (p, 0);
        vms_ctf_put_u64 (p, addr + 64);
        vms_ctf_put_u64 (p, 0);
        vms_ctf_put_u32 (p, 0);
        break;
      case VMS_EV_SYSCALL_EXIT_FUTEX:
        vms_ctf_put_u64 (p, 0);
        vms_ctf_put_u64 (p, addr);
        vms_ctf_put_u64 (p, 0);
        break;
      case VMS_EV_SYSCALL_ENTRY_CLOCK_NANOSLEEP:
        vms_ctf_put_u32 (p, 1); /* CLOCK_MONOTONIC */
        vms_ctf_put_u32 (p, 0);
        vms_ctf_put_u64 (p, addr);
        break;
      case VMS_EV_SYSCALL_EXIT_CLOCK_NANOSLEEP:
        vms_ctf_put_u64 (p, 0);
        vms_ctf_put_u64 (p, 0);
        break;
      case VMS_EV_SYSCALL_ENTRY_EPOLL_WAIT:
        vms_ctf_put_u32 (p, 4);
        vms_ctf_put_u32 (p, 64);
        vms_ctf_put_u32 (p, (guint32) -1);
        break;
      case VMS_EV_SYSCALL_EXIT_EPOLL_WAIT:
        vms_ctf_put_u64 (p, 1);
        vms_ctf_put_u32 (p, 1);
        vms_ctf_put_u8 (p, 0);
        vms_ctf_put_u64 (p, 7);   /* data_union.u64 */
        vms_ctf_put_u32 (p, 7);   /* data_union.fd */
        vms_ctf_put_u32 (p, 0x1); /* raw_events */
        vms_ctf_put_u8 (p, 0x1);  /* EPOLLIN, bit 0 first in little-endian */
        break;
      case VMS_EV_SYSCALL_ENTRY_IOCTL:
        vms_ctf_put_u32 (p, 9);
        vms_ctf_put_u32 (p, 0xae80); /* KVM_RUN-like */
        vms_ctf_put_u64 (p, 0);
        break;
      case VMS_EV_SYSCALL_EXIT_IOCTL:
        vms_ctf_put_u64 (p, 0);
        vms_ctf_put_u64 (p, 0);
        break;
      default:
        g_assert_not_reached ();
    }
}

guint64
emit_host_syscall (Sim *s, guint cpu, guint64 t, HostThread *th, VmsEv ev)
{
  VmsCtfPayload p;

  payload_syscall (&p, ev, &s->rng);
  return emit_host_payload (s, cpu, t, th, ev, &p);
}

guint64
gts (Vcpu *v, guint64 t, GuestTask *a, GuestTask *b)
{
  t = MAX (t, v->g_last + 1);
  if (a != NULL)
    t = MAX (t, a->last_h + 1);
  if (b != NULL)
    t = MAX (t, b->last_h + 1);
  v->g_last = t;
  if (a != NULL)
    a->last_h = t;
  if (b != NULL)
    b->last_h = t;
  return t;
}

/* t must come from gts() */
void
emit_guest (Vcpu *v, guint64 t, VmsEv ev, const VmsCtfPayload *p)
{
  g_assert (v->mode == VCPU_GUEST);
  vms_ctf_trace_append (v->vm->trace, v->id, guest_time (v->vm, t), ev, p);
}

void
emit_guest_syscall (Vcpu *v, guint64 t, GuestTask *task, VmsEv ev)
{
  VmsCtfPayload p;

  payload_syscall (&p, ev, &v->vm->rng);
  emit_guest (v, t, ev, &p);
}

void
emit_guest_statedump (Vcpu *v)
{
  Vm *vm = v->vm;
  VmsCtfPayload p;
  guint64 t;

  vms_ctf_payload_reset (&p);
  t = gts (v, v->g_last + 400, NULL, NULL);
  emit_guest (v, t, VMS_EV_LTTNG_STATEDUMP_START, &p);
  payload_statedump (&p, 1, 1, 0, "systemd", FALSE, 5, 0);
  t = gts (v, t + 900, NULL, NULL);
  emit_guest (v, t, VMS_EV_LTTNG_STATEDUMP_PROCESS_STATE, &p);
  for (guint i = 0; i < vm->tasks->len; i++)
    {
      GuestTask *task = g_ptr_array_index (vm->tasks, i);

      payload_statedump (&p, task->tid, task->proc->pid, 1, task->comm, FALSE, 5, task->cpu);
      t = gts (v, t + 900, NULL, NULL);
      emit_guest (v, t, VMS_EV_LTTNG_STATEDUMP_PROCESS_STATE, &p);
    }
  vms_ctf_payload_reset (&p);
  t = gts (v, t + 500, NULL, NULL);
  emit_guest (v, t, VMS_EV_LTTNG_STATEDUMP_END, &p);
}
