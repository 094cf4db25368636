/* vms-gen-host.c: the host kernel: a fair scheduler per physical CPU, daemons, QEMU threads,
 * and the host side of each vCPU (entries, exits, halts, preemptions)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include "vms-gen-sim-private.h"

#define MIN_GRANULARITY (1 * MS)

void
pcpu_enqueue (Pcpu *p, HostThread *th)
{
  th->rq_next = NULL;
  th->cpu = p->id;
  if (p->rq_tail != NULL)
    p->rq_tail->rq_next = th;
  else
    p->rq_head = th;
  p->rq_tail = th;
  p->rq_len++;
}

static HostThread *
pcpu_dequeue (Pcpu *p)
{
  HostThread *th = p->rq_head;

  if (th == NULL)
    return NULL;
  p->rq_head = th->rq_next;
  if (p->rq_head == NULL)
    p->rq_tail = NULL;
  p->rq_len--;
  th->rq_next = NULL;
  return th;
}

/* How long the hypervisor works on an exit before it can enter the guest again. */
static guint64
hv_duration (Sim *s, guint32 reason)
{
  switch (reason)
    {
      case EXIT_EXTERNAL_INTERRUPT:
        return vms_rng_range (&s->rng, 700, 2200);
      case EXIT_HLT:
        return vms_rng_range (&s->rng, 1200, 2800);
      case EXIT_VMCALL:
        return vms_rng_range (&s->rng, 1500, 3500);
      case EXIT_IO_INSTRUCTION:
        return vms_rng_range (&s->rng, 2500, 9000);
      case EXIT_MSR_WRITE:
        return vms_rng_range (&s->rng, 800, 2000);
      case EXIT_EPT_VIOLATION:
        return vms_rng_range (&s->rng, 3000, 12000);
      case EXIT_PREEMPTION_TIMER:
        return vms_rng_range (&s->rng, 700, 1800);
      default:
        return vms_rng_range (&s->rng, 1000, 3000);
    }
}

static void
thread_schedule_step (Sim *s, HostThread *th, guint64 t)
{
  th->gen++;
  sim_push (s, t, PQ_THREAD, th->idx, th->gen);
}

/* The thread was just switched in at t. */
static void
host_thread_on_cpu (Sim *s, HostThread *th, guint64 t)
{
  switch (th->kind)
    {
      case HT_IDLE:
        break;
      case HT_VCPU:
        {
          Vcpu *v = th->vcpu;

          v->mode = VCPU_HV;
          v->halted = FALSE;
          if (v->tr.seen)
            truth_vcpu_set (s, v, VS_HYPERVISOR, t);
          thread_schedule_step (s, th, t + vms_rng_range (&s->rng, 1000, 4000));
          break;
        }
      case HT_IOTHREAD:
      case HT_DAEMON:
        if (th->in_syscall)
          {
            VmsEv exit_ev = th->kind == HT_IOTHREAD ? VMS_EV_SYSCALL_EXIT_IOCTL
                                                    : VMS_EV_SYSCALL_EXIT_EPOLL_WAIT;

            t = emit_host_syscall (s, th->cpu, t + 600, th, exit_ev);
            th->in_syscall = FALSE;
          }
        if (th->burst_left == 0)
          th->burst_left = vms_rng_exp (&s->rng, th->burst_mean, 3 * US, 20 * MS);
        th->run_start = t;
        thread_schedule_step (s, th, t + th->burst_left);
        break;
    }
}

/* Switch the current thread out (prev_state 0: still runnable, else blocked) and run the next
 * one, or the idle task. */
void
pcpu_schedule (Sim *s, Pcpu *p, guint64 t, gint64 prev_state)
{
  HostThread *prev = p->current;
  HostThread *next;

  if (prev_state == 0 && p->rq_len == 0)
    return;
  next = p->rq_head != NULL ? p->rq_head : p->idle;
  if (next == prev)
    return;
  t = emit_host_switch (s, p->id, t, prev, prev_state, next);
  /* preempted vCPUs waiting here were kept off by prev until now */
  truth_pcpu_switch (s, p, t);
  if (next != p->idle)
    pcpu_dequeue (p);
  prev->gen++;
  if (prev->kind != HT_IDLE)
    {
      if (prev->kind == HT_DAEMON || prev->kind == HT_IOTHREAD)
        prev->burst_left -= MIN (prev->burst_left, t - prev->run_start);
      if (prev_state == 0)
        {
          prev->state = TS_RUNNABLE;
          prev->preempted = TRUE;
          pcpu_enqueue (p, prev);
        }
      else
        {
          prev->state = TS_BLOCKED;
          prev->preempted = FALSE;
        }
      if (prev->kind == HT_VCPU)
        {
          Vcpu *v = prev->vcpu;

          v->mode = VCPU_OUT;
          if (prev_state == 0)
            truth_preempt_begin (s, v, t, next);
          else if (v->tr.seen)
            truth_vcpu_set (s, v, VS_IDLE, t);
        }
    }
  if (next->kind == HT_VCPU && next->preempted)
    truth_preempt_end (s, next->vcpu, t);
  next->state = TS_RUNNING;
  next->preempted = FALSE;
  p->current = next;
  p->resched = FALSE;
  p->slice_end = t + s->host_slice;
  host_thread_on_cpu (s, next, t);
}

/* A CPU asked to reschedule soon (tick, wakeup). */
static void
pcpu_request_resched (Sim *s, Pcpu *p, guint64 t)
{
  HostThread *cur = p->current;

  if (p->rq_len == 0)
    return;
  p->resched = TRUE;
  switch (cur->kind)
    {
      case HT_IDLE:
        pcpu_schedule (s, p, t + vms_rng_range (&s->rng, 500, 2000), 0);
        break;
      case HT_VCPU:
        if (cur->vcpu->mode == VCPU_GUEST)
          vcpu_exit (s, cur->vcpu, t + vms_rng_range (&s->rng, 300, 1500), EXIT_EXTERNAL_INTERRUPT);
        /* in the hypervisor: the end of the stint switches */
        break;
      case HT_IOTHREAD:
      case HT_DAEMON:
        pcpu_schedule (s, p, t + vms_rng_range (&s->rng, 300, 1200), 0);
        break;
    }
}

guint
host_waker_cpu (Sim *s, HostThread *th)
{
  Pcpu *home = &s->pcpus[th->cpu];

  if (home->current->kind != HT_VCPU || home->current->vcpu->mode != VCPU_GUEST)
    return home->id;
  for (guint i = 0; i < s->n_pcpus; i++)
    {
      Pcpu *p = &s->pcpus[i];

      if (p->current->kind != HT_VCPU || p->current->vcpu->mode != VCPU_GUEST)
        return i;
    }
  return home->id;
}

/* Wake a blocked host thread; the waking events go to waker_cpu's stream. */
void
host_wakeup (Sim *s, HostThread *th, guint64 t, guint waker_cpu)
{
  Pcpu *target = &s->pcpus[th->cpu];
  gboolean migrate = FALSE;

  g_assert (th->state == TS_BLOCKED);
  /* vCPU threads are pinned (virsh vcpupin); other threads go to an idle CPU */
  if (th->kind != HT_VCPU && (target->current != target->idle || target->rq_len > 0))
    {
      for (guint i = 0; i < s->n_pcpus; i++)
        {
          Pcpu *p = &s->pcpus[(th->cpu + 1 + i) % s->n_pcpus];

          if (p->current == p->idle && p->rq_len == 0)
            {
              target = p;
              migrate = TRUE;
              break;
            }
        }
    }
  t = emit_host_wake (s, waker_cpu, t, th, target->id, migrate);
  th->state = TS_RUNNABLE;
  th->preempted = FALSE;
  pcpu_enqueue (target, th);
  if (target->current == target->idle)
    pcpu_request_resched (s, target, t);
  else if (th->kind != HT_VCPU && target->current->kind != HT_VCPU
           && t - target->current->run_start >= MIN_GRANULARITY)
    pcpu_request_resched (s, target, t);
}

/* Periodic timer wake of a sleeping daemon. */
void
host_daemon_wake (Sim *s, HostThread *th, guint64 t)
{
  if (th->state != TS_BLOCKED)
    return;
  host_wakeup (s, th, t, host_waker_cpu (s, th));
}

void
pcpu_tick (Sim *s, Pcpu *p, guint64 t)
{
  HostThread *cur = p->current;

  if (cur->kind == HT_IDLE)
    return; /* NO_HZ idle */
  if (cur->kind == HT_VCPU && cur->vcpu->mode == VCPU_GUEST)
    {
      /* the tick interrupt forces the guest out; the softirq runs in the hypervisor stint */
      cur->vcpu->tick_exit = TRUE;
      if (t >= p->slice_end && p->rq_len > 0)
        p->resched = TRUE;
      vcpu_exit (s, cur->vcpu, t, EXIT_EXTERNAL_INTERRUPT);
      return;
    }
  if (cur->kind == HT_VCPU && cur->vcpu->mode != VCPU_HV)
    return;
  t = emit_host_softirq (s, p->id, t, 1);
  if (t >= p->slice_end && p->rq_len > 0)
    {
      if (cur->kind == HT_VCPU)
        p->resched = TRUE;
      else
        pcpu_schedule (s, p, t + 400, 0);
    }
}

/* Leave guest mode: the exit event, then a hypervisor stint. */
void
vcpu_exit (Sim *s, Vcpu *v, guint64 t, guint32 reason)
{
  g_assert (v->mode == VCPU_GUEST);
  t = MAX (t, v->g_last + 1);
  t = emit_kvm_exit (s, v, t, reason);
  guest_sync_progress (v, t);
  truth_vcpu_seen (s, v, t);
  truth_vcpu_exit (v, reason);
  truth_vcpu_set (s, v, VS_HYPERVISOR, t);
  v->mode = VCPU_HV;
  v->last_reason = reason;
  if (v->current != NULL)
    v->atr_start = t;
  if (reason == EXIT_VMCALL && v->hypercall_cnt != 0)
    {
      VmsCtfPayload p;
      guint cpu = v->thread->cpu;

      vms_ctf_payload_reset (&p);
      vms_ctf_put_u64 (&p, 5);
      vms_ctf_put_u64 (&p, v->hypercall_cnt);
      vms_ctf_put_u64 (&p, v->vm->vm_uid);
      vms_ctf_put_u64 (&p, 0);
      vms_ctf_put_u64 (&p, 0);
      t = emit_host_payload (s, cpu, t + vms_rng_range (&s->rng, 150, 400), v->thread,
                             VMS_EV_KVM_X86_HYPERCALL, &p);
      if (s->config.sync == VMS_SYNC_FULL)
        {
          payload_u32x2 (&p, v->hypercall_cnt, v->vm->vm_uid);
          t = emit_host_payload (s, cpu, t + vms_rng_range (&s->rng, 40, 120), v->thread,
                                 VMS_EV_VMSYNC_GH_HOST, &p);
        }
      v->sync_cnt_pending = v->hypercall_cnt + 1;
      v->hypercall_cnt = 0;
    }
  thread_schedule_step (s, v->thread, t + hv_duration (s, reason));
}

/* An interrupt for the guest arrived: exit if it runs, wake it if it halted. */
void
vcpu_deliver (Sim *s, Vcpu *v, guint64 t, guint32 reason)
{
  switch (v->mode)
    {
      case VCPU_GUEST:
        vcpu_exit (s, v, t, reason);
        break;
      case VCPU_HV:
        break; /* injected at the next entry */
      case VCPU_OUT:
        if (v->halted && v->thread->state == TS_BLOCKED)
          host_wakeup (s, v->thread, t, host_waker_cpu (s, v->thread));
        break;
    }
}

static void
vcpu_enter (Sim *s, Vcpu *v, guint64 t)
{
  Vm *vm = v->vm;

  t = emit_kvm_entry (s, v, t);
  if (v->sync_cnt_pending != 0)
    {
      if (s->config.sync == VMS_SYNC_FULL)
        {
          VmsCtfPayload p;

          payload_u32x2 (&p, v->sync_cnt_pending, vm->vm_uid);
          emit_host_payload (s, v->thread->cpu, t + vms_rng_range (&s->rng, 30, 120), v->thread,
                             VMS_EV_VMSYNC_HG_HOST, &p);
        }
      v->sync_cnt_pending = 0;
    }
  truth_vcpu_seen (s, v, t);
  if (v->current != NULL && v->tr.seen)
    v->current->appeared_to_run += t - v->atr_start;
  v->mode = VCPU_GUEST;
  v->g_last = MAX (v->g_last, t);
  v->progress_t = t;
  truth_vcpu_set (s, v, vcpu_guest_state (v), t);
  guest_run (s, v);
}

/* The end of a hypervisor stint: enter the guest, or block (halt), or give the CPU away. */
static void
vcpu_hv_done (Sim *s, Vcpu *v, guint64 t)
{
  Pcpu *p = &s->pcpus[v->thread->cpu];

  if (v->tick_exit)
    {
      t = emit_host_softirq (s, p->id, t, 1);
      v->tick_exit = FALSE;
    }
  if (v->ept_alloc)
    {
      t = emit_host_page_alloc (s, p->id, t, v->thread, v->ept_order);
      truth_host_mem (s, v->vm, G_GUINT64_CONSTANT (4096) << v->ept_order, t);
      v->ept_alloc = FALSE;
    }
  if (v->io_kick)
    {
      HostThread *io = v->vm->iothread;

      v->io_kick = FALSE;
      if (io->state == TS_BLOCKED)
        host_wakeup (s, io, t, p->id);
    }
  if (v->ipi_to != NULL)
    {
      HostThread *target = v->ipi_to;

      v->ipi_to = NULL;
      if (target->state == TS_BLOCKED)
        host_wakeup (s, target, t, p->id);
    }
  if (v->hlt_block)
    {
      v->hlt_block = FALSE;
      if (v->pending == 0 && v->wake_head == NULL && v->rq_len == 0 && v->net_rx.length == 0)
        {
          v->halted = TRUE;
          pcpu_schedule (s, p, t + 300, 1);
          return;
        }
    }
  if (p->resched && p->rq_len > 0)
    {
      pcpu_schedule (s, p, t + 200, 0);
      return;
    }
  p->resched = FALSE;
  vcpu_enter (s, v, t + vms_rng_range (&s->rng, 100, 400));
}

static void
iothread_finish (Sim *s, HostThread *th, guint64 t)
{
  Vm *vm = th->vm;

  t = emit_host_syscall (s, th->cpu, t, th, VMS_EV_SYSCALL_ENTRY_WRITE);
  t = emit_host_syscall (s, th->cpu, t + vms_rng_range (&s->rng, 1500, 5000), th,
                         VMS_EV_SYSCALL_EXIT_WRITE);
  for (guint i = 0; i < th->io_requests->len; i++)
    {
      GuestTask *task = g_ptr_array_index (th->io_requests, i);

      /* the device takes its time, then the completion interrupt reaches the guest */
      sim_push (s, t + vms_rng_exp (&vm->rng, 250 * US, 40 * US, 5 * MS), PQ_GUEST_WAKE, task->gidx,
                task->wait_gen);
    }
  g_ptr_array_set_size (th->io_requests, 0);
}

void
host_thread_step (Sim *s, HostThread *th, guint64 t)
{
  Pcpu *p = &s->pcpus[th->cpu];

  switch (th->kind)
    {
      case HT_IDLE:
        break;
      case HT_VCPU:
        if (th->vcpu->mode == VCPU_HV)
          vcpu_hv_done (s, th->vcpu, t);
        else if (th->vcpu->mode == VCPU_GUEST)
          guest_step (s, th->vcpu, t);
        break;
      case HT_IOTHREAD:
      case HT_DAEMON:
        g_assert (p->current == th);
        th->burst_left = 0;
        if (th->kind == HT_IOTHREAD)
          iothread_finish (s, th, t);
        else if (vms_rng_chance (&s->rng, 0.5))
          {
            t = emit_host_syscall (s, p->id, t, th, VMS_EV_SYSCALL_ENTRY_WRITE);
            t = emit_host_syscall (s, p->id, t + vms_rng_range (&s->rng, 1000, 8000), th,
                                   VMS_EV_SYSCALL_EXIT_WRITE);
          }
        t = emit_host_syscall (s, p->id, t + 500, th,
                               th->kind == HT_IOTHREAD ? VMS_EV_SYSCALL_ENTRY_IOCTL
                                                       : VMS_EV_SYSCALL_ENTRY_EPOLL_WAIT);
        th->in_syscall = TRUE;
        pcpu_schedule (s, p, t + 700, 1);
        if (th->kind == HT_DAEMON)
          {
            th->wake_gen++;
            sim_push (s, t + vms_rng_exp (&s->rng, th->period_mean, 50 * US, 2000 * MS),
                      PQ_HOST_WAKE, th->idx, th->wake_gen);
          }
        break;
    }
}
