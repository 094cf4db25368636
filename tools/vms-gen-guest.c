/* vms-gen-guest.c: inside a guest: its scheduler, tasks, interrupts, memory and the vmsync
 * add-on. A guest CPU makes progress only while its vCPU runs guest code, so every function
 * here runs with the vCPU in guest mode and stops as soon as something exits.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include "vms-gen-sim-private.h"

#define GUEST_SLICE (3 * MS)
#define PAGE_STRUCT_BASE G_GUINT64_CONSTANT (0xffffea0000000000)
#define GFP_HIGHUSER_MOVABLE 0x100cca
#define MAX_LIVE_BLOCKS 2048
#define VIRTIO_IRQ 24
#define TIMER_SOFTIRQ 1
#define MAX_CHILDREN 500     /* per VM, to keep memory flat on endless runs */
#define EXIT_ZOMBIE_STATE 32 /* prev_state of an exiting task: 1 << (fls (EXIT_ZOMBIE) - 1) */

static void guest_switch (Sim *s, Vcpu *v, guint64 t, gint64 prev_state);

VcpuState
vcpu_guest_state (Vcpu *v)
{
  return v->current != NULL ? VS_RUNNING : VS_IDLE;
}

void
guest_sync_progress (Vcpu *v, guint64 t)
{
  if (t > v->progress_t)
    {
      v->step_left -= MIN (v->step_left, t - v->progress_t);
      v->progress_t = t;
    }
}

static void
rq_push (Vcpu *v, GuestTask *task)
{
  task->rq_next = NULL;
  if (v->rq_tail != NULL)
    v->rq_tail->rq_next = task;
  else
    v->rq_head = task;
  v->rq_tail = task;
  v->rq_len++;
}

static GuestTask *
rq_pop (Vcpu *v)
{
  GuestTask *task = v->rq_head;

  if (task == NULL)
    return NULL;
  v->rq_head = task->rq_next;
  if (v->rq_head == NULL)
    v->rq_tail = NULL;
  v->rq_len--;
  task->rq_next = NULL;
  return task;
}

static guint64
new_burst (Vm *vm, GuestTask *task)
{
  return vms_rng_exp (&vm->rng, task->burst_mean, 5 * US, 40 * MS);
}

static void
tick_arm (Sim *s, Vcpu *v, guint64 t)
{
  guint64 phase = (guint64) v->gidx * 397 * US;

  v->tick_on = TRUE;
  v->tick_gen++;
  sim_push (s, t + GUEST_TICK - ((t + phase) % GUEST_TICK), PQ_GUEST_TICK, v->gidx, v->tick_gen);
}

static void
refresh (GuestTask *task, Vcpu *v, guint64 t)
{
  if (task != NULL)
    truth_task_refresh (task, v, guest_time (v->vm, t));
}

static void
emit_switch (Vcpu *v, guint64 t, GuestTask *prev, gint64 prev_state, GuestTask *next)
{
  VmsCtfPayload p;
  char idle[16];

  g_snprintf (idle, sizeof idle, "swapper/%u", v->id);
  vms_ctf_payload_reset (&p);
  vms_ctf_put_comm (&p, prev != NULL ? prev->comm : idle);
  vms_ctf_put_u32 (&p, prev != NULL ? (guint32) prev->tid : 0);
  vms_ctf_put_u32 (&p, 20);
  vms_ctf_put_u64 (&p,
                   (guint64) (prev != NULL && prev_state == 0 ? v->vm->preempt_state : prev_state));
  vms_ctf_put_comm (&p, next != NULL ? next->comm : idle);
  vms_ctf_put_u32 (&p, next != NULL ? (guint32) next->tid : 0);
  vms_ctf_put_u32 (&p, 20);
  emit_guest (v, t, VMS_EV_SCHED_SWITCH, &p);
}

/* Switch from the current task (or idle) to the head of the run queue (or idle). */
static void
guest_switch (Sim *s, Vcpu *v, guint64 t, gint64 prev_state)
{
  GuestTask *prev = v->current;
  GuestTask *next = rq_pop (v);
  guint64 t_switch;

  if (prev == NULL && next == NULL)
    return;
  t = gts (v, t, prev, next);
  t_switch = t;
  emit_switch (v, t, prev, prev_state, next);
  if (prev != NULL)
    {
      if (prev_state == 0)
        {
          prev->burst_left = MAX (v->step_left, 1);
          prev->state = TS_RUNNABLE;
          rq_push (v, prev);
        }
      else
        {
          prev->burst_left = 0;
          prev->state = TS_BLOCKED;
        }
    }
  v->current = next;
  refresh (prev, v, t);
  if (next != NULL)
    {
      next->state = TS_RUNNING;
      next->cpu = v->id;
      next->switched_in = t;
      refresh (next, v, t);
      if (next->kind == TASK_CHILD && next->child_phase == 0)
        {
          VmsCtfPayload p;

          next->child_phase = 1;
          vms_ctf_payload_reset (&p);
          vms_ctf_put_string (&p, "/usr/sbin/logrotate");
          vms_ctf_put_u32 (&p, (guint32) next->tid);
          vms_ctf_put_u32 (&p, (guint32) next->tid);
          t = gts (v, t + vms_rng_range (&v->vm->rng, 20 * US, 80 * US), next, NULL);
          emit_guest (v, t, VMS_EV_SCHED_PROCESS_EXEC, &p);
          g_strlcpy (next->comm, "logrotate", sizeof next->comm);
        }
      if (next->in_syscall)
        {
          t = gts (v, t + vms_rng_range (&v->vm->rng, 300, 1500), next, NULL);
          emit_guest_syscall (v, t, next, next->cur_syscall + 1);
          next->in_syscall = FALSE;
          refresh (next, v, t);
        }
      if (next->burst_left == 0)
        next->burst_left = new_burst (v->vm, next);
      v->step_left = next->burst_left;
      if (!v->tick_on)
        tick_arm (s, v, t);
    }
  else
    {
      v->step_left = vms_rng_range (&v->vm->rng, 1 * US, 4 * US);
      v->tick_on = FALSE;
      v->tick_gen++;
      guest_idle_timer_arm (s, v, t);
    }
  truth_vcpu_set (s, v, vcpu_guest_state (v), t_switch);
}

static guint
choose_cpu (Vm *vm, Vcpu *waker, GuestTask *task)
{
  Vcpu *prev = vm->vcpus[task->cpu];

  if (prev->current == NULL)
    return prev->id;
  if (waker->current == NULL && waker->rq_len == 0)
    return waker->id;
  for (guint i = 1; i < vm->n_vcpus; i++)
    {
      Vcpu *c = vm->vcpus[(task->cpu + i) % vm->n_vcpus];

      if (c->current == NULL && c->rq_len == 0)
        return c->id;
    }
  return prev->id;
}

static void
kick (Sim *s, Vcpu *v, Vcpu *target)
{
  target->pending |= IRQ_RESCHED;
  if (target->mode == VCPU_OUT && target->halted && target->thread->state == TS_BLOCKED)
    {
      if (v->ipi_to == NULL)
        v->ipi_to = target->thread; /* sent by an x2APIC MSR write: an exit */
      else
        host_wakeup (s, target->thread, v->g_last, host_waker_cpu (s, target->thread));
    }
}

/* sched_waking, maybe sched_migrate_task, sched_wakeup, on v's CPU */
static void
wake_task (Sim *s, Vcpu *v, GuestTask *task)
{
  Vm *vm = v->vm;
  VmsCtfPayload p;
  guint target = choose_cpu (vm, v, task);
  guint64 t;

  t = gts (v, v->g_last + vms_rng_range (&vm->rng, 200, 600), task, NULL);
  payload_sched (&p, task->comm, task->tid, (gint32) target, 0, FALSE);
  emit_guest (v, t, VMS_EV_SCHED_WAKING, &p);
  refresh (task, v, t);
  if (target != task->cpu)
    {
      t = gts (v, t + 250, task, NULL);
      payload_sched (&p, task->comm, task->tid, (gint32) task->cpu, (gint32) target, TRUE);
      emit_guest (v, t, VMS_EV_SCHED_MIGRATE_TASK, &p);
      task->cpu = target;
    }
  t = gts (v, t + vms_rng_range (&vm->rng, 200, 500), task, NULL);
  payload_sched (&p, task->comm, task->tid, (gint32) target, 0, FALSE);
  emit_guest (v, t, VMS_EV_SCHED_WAKEUP, &p);
  task->state = TS_RUNNABLE;
  rq_push (vm->vcpus[target], task);
  refresh (task, v, t);
  if (target != v->id)
    kick (s, v, vm->vcpus[target]);
}

static void
set_in_irq (Vcpu *v, guint64 t, gboolean in_irq)
{
  v->in_irq = in_irq;
  refresh (v->current, v, t);
}

static void
handle_wake_irq (Sim *s, Vcpu *v)
{
  Vm *vm = v->vm;
  GuestTask *task = v->wake_head;
  VmsCtfPayload p;
  guint64 t;

  v->wake_head = task->wake_next;
  if (v->wake_head == NULL)
    v->wake_tail = NULL;
  task->wake_next = NULL;
  if (task->wake_is_io)
    {
      vms_ctf_payload_reset (&p);
      vms_ctf_put_u32 (&p, VIRTIO_IRQ);
      vms_ctf_put_string (&p, "virtio1-req.0");
      t = gts (v, v->g_last + vms_rng_range (&vm->rng, 300, 900), NULL, NULL);
      emit_guest (v, t, VMS_EV_IRQ_HANDLER_ENTRY, &p);
      set_in_irq (v, t, TRUE);
      wake_task (s, v, task);
      vms_ctf_payload_reset (&p);
      vms_ctf_put_u32 (&p, VIRTIO_IRQ);
      vms_ctf_put_u32 (&p, 1); /* IRQ_HANDLED */
      t = gts (v, v->g_last + vms_rng_range (&vm->rng, 500, 2000), NULL, NULL);
      emit_guest (v, t, VMS_EV_IRQ_HANDLER_EXIT, &p);
      set_in_irq (v, t, FALSE);
    }
  else
    wake_task (s, v, task); /* hrtimer expiry */
  if (v->current == NULL && v->rq_len > 0)
    guest_switch (s, v, v->g_last + vms_rng_range (&vm->rng, 500, 2000), 0);
}

static void
handle_tick (Sim *s, Vcpu *v)
{
  Vm *vm = v->vm;
  VmsCtfPayload p;
  guint64 t;

  vms_ctf_payload_reset (&p);
  vms_ctf_put_u32 (&p, TIMER_SOFTIRQ);
  t = gts (v, v->g_last + vms_rng_range (&vm->rng, 300, 800), NULL, NULL);
  emit_guest (v, t, VMS_EV_IRQ_SOFTIRQ_RAISE, &p);
  t = gts (v, t + vms_rng_range (&vm->rng, 200, 600), NULL, NULL);
  emit_guest (v, t, VMS_EV_IRQ_SOFTIRQ_ENTRY, &p);
  set_in_irq (v, t, TRUE);
  while (v->dead.length > 0)
    {
      /* RCU callbacks put the task_struct of exited tasks */
      GuestTask *dead = g_queue_pop_head (&v->dead);
      VmsCtfPayload fp;

      payload_process (&fp, dead->comm, dead->tid);
      t = gts (v, t + vms_rng_range (&vm->rng, 300, 900), NULL, NULL);
      emit_guest (v, t, VMS_EV_SCHED_PROCESS_FREE, &fp);
    }
  t = gts (v, t + vms_rng_range (&vm->rng, 800, 4000), NULL, NULL);
  emit_guest (v, t, VMS_EV_IRQ_SOFTIRQ_EXIT, &p);
  set_in_irq (v, t, FALSE);

  /* the vmsync add-on hooks the end of a softirq on one CPU */
  if (s->config.sync != VMS_SYNC_NONE && v->id == 0 && ++vm->softirq_n % vm->sync_every == 0)
    {
      guint32 cnt = ++vm->sync_cnt;

      payload_u32x2 (&p, cnt, vm->vm_uid);
      t = gts (v, t + vms_rng_range (&vm->rng, 100, 300), NULL, NULL);
      emit_guest (v, t, VMS_EV_VMSYNC_GH_GUEST, &p);
      v->hypercall_cnt = cnt;
      v->cont = CONT_SYNC_HG;
      vcpu_exit (s, v, t + vms_rng_range (&vm->rng, 200, 600), EXIT_VMCALL);
      return;
    }
  if (v->current != NULL && v->rq_len > 0 && t - v->current->switched_in >= GUEST_SLICE)
    guest_switch (s, v, t + vms_rng_range (&vm->rng, 500, 1500), 0);
}

static void
run_cont (Sim *s, Vcpu *v)
{
  Vm *vm = v->vm;
  GuestCont cont = v->cont;
  GuestTask *task = v->cont_task;
  VmsCtfPayload p;
  guint64 t;

  v->cont = CONT_NONE;
  v->cont_task = NULL;
  switch (cont)
    {
      case CONT_NONE:
        break;
      case CONT_STATEDUMP:
        emit_guest_statedump (v);
        break;
      case CONT_SYNC_HG:
        {
          guint32 cnt = ++vm->sync_cnt;

          payload_u32x2 (&p, cnt, vm->vm_uid);
          t = gts (v, v->g_last + vms_rng_range (&vm->rng, 150, 500), NULL, NULL);
          emit_guest (v, t, VMS_EV_VMSYNC_HG_GUEST, &p);
          vm->sync_pairs++;
          break;
        }
      case CONT_BLOCK:
        g_assert (task == v->current);
        if (task->wake_early)
          {
            task->wake_early = FALSE;
            t = gts (v, v->g_last + vms_rng_range (&vm->rng, 500, 2000), task, NULL);
            emit_guest_syscall (v, t, task, task->cur_syscall + 1);
            task->in_syscall = FALSE;
            refresh (task, v, t);
            v->step_left = task->burst_left = new_burst (vm, task);
          }
        else
          guest_switch (s, v, v->g_last + vms_rng_range (&vm->rng, 1000, 3000), 1);
        break;
    }
}

void
guest_run (Sim *s, Vcpu *v)
{
  while (v->mode == VCPU_GUEST)
    {
      if (v->ipi_to != NULL)
        {
          vcpu_exit (s, v, v->g_last + vms_rng_range (&v->vm->rng, 100, 400), EXIT_MSR_WRITE);
          return;
        }
      if (v->cont != CONT_NONE)
        run_cont (s, v);
      else if (v->wake_head != NULL)
        handle_wake_irq (s, v);
      else if (v->net_rx.length > 0)
        {
          net_guest_rx (s, v);
          if (v->current == NULL && v->rq_len > 0)
            guest_switch (s, v, v->g_last + vms_rng_range (&v->vm->rng, 500, 2000), 0);
        }
      else if (v->pending & IRQ_TICK)
        {
          v->pending &= ~IRQ_TICK;
          handle_tick (s, v);
        }
      else if (v->pending & IRQ_RESCHED)
        {
          v->pending &= ~IRQ_RESCHED;
          if (v->current == NULL && v->rq_len > 0)
            guest_switch (s, v, v->g_last + vms_rng_range (&v->vm->rng, 300, 1000), 0);
        }
      else
        break;
    }
  if (v->mode != VCPU_GUEST)
    return;
  v->progress_t = v->g_last;
  v->thread->gen++;
  sim_push (s, v->g_last + MAX (v->step_left, 1), PQ_THREAD, v->thread->idx, v->thread->gen);
}

static gboolean
try_pull (Sim *s, Vcpu *v, guint64 t)
{
  Vm *vm = v->vm;
  Vcpu *busiest = NULL;
  GuestTask *task;
  VmsCtfPayload p;

  for (guint i = 0; i < vm->n_vcpus; i++)
    {
      Vcpu *c = vm->vcpus[i];

      if (c != v && c->rq_len > 0 && (busiest == NULL || c->rq_len > busiest->rq_len))
        busiest = c;
    }
  if (busiest == NULL)
    return FALSE;
  task = rq_pop (busiest);
  t = gts (v, t, task, NULL);
  payload_sched (&p, task->comm, task->tid, (gint32) busiest->id, (gint32) v->id, TRUE);
  emit_guest (v, t, VMS_EV_SCHED_MIGRATE_TASK, &p);
  task->cpu = v->id;
  rq_push (v, task);
  return TRUE;
}

static void
mem_alloc (Sim *s, Vcpu *v, GuestTask *task, guint64 t)
{
  Vm *vm = v->vm;
  static const guint order_weights[] = { 60, 80, 92, 100 };
  guint r = (guint) vms_rng_range (&vm->rng, 0, 99);
  guint order = 0;
  guint64 pfn, bytes;
  gboolean fresh = FALSE;
  VmsCtfPayload p;

  while (r >= order_weights[order])
    order++;
  bytes = G_GUINT64_CONSTANT (4096) << order;
  if (vm->free_blocks[order]->len > 0)
    {
      pfn = g_array_index (vm->free_blocks[order], guint64, vm->free_blocks[order]->len - 1);
      g_array_set_size (vm->free_blocks[order], vm->free_blocks[order]->len - 1);
    }
  else
    {
      pfn = (vm->pfn_next + (1u << order) - 1) & ~(guint64) ((1u << order) - 1);
      if (pfn + (1u << order) > vm->pfn_limit)
        return; /* out of memory: the task stops growing */
      vm->pfn_next = pfn + (1u << order);
      fresh = TRUE;
    }
  vms_ctf_payload_reset (&p);
  vms_ctf_put_u64 (&p, PAGE_STRUCT_BASE + pfn * 64);
  vms_ctf_put_u64 (&p, pfn);
  vms_ctf_put_u32 (&p, order);
  vms_ctf_put_u32 (&p, GFP_HIGHUSER_MOVABLE);
  vms_ctf_put_u32 (&p, 1);
  t = gts (v, t, NULL, NULL);
  emit_guest (v, t, VMS_EV_KMEM_MM_PAGE_ALLOC, &p);
  {
    guint64 block = (pfn << 4) | order;

    g_array_append_val (task->live, block);
  }
  truth_mem (vm, task->proc, (gint64) bytes, guest_time (vm, t));
  if (fresh)
    {
      /* first touch of frames the host never backed: EPT violation, the host allocates */
      v->ept_alloc = TRUE;
      v->ept_order = order;
      vcpu_exit (s, v, t + vms_rng_range (&vm->rng, 200, 800), EXIT_EPT_VIOLATION);
    }
}

static void
mem_free (Vcpu *v, GuestTask *task, guint64 t)
{
  Vm *vm = v->vm;
  guint i = (guint) vms_rng_range (&vm->rng, 0, task->live->len - 1);
  guint64 block = g_array_index (task->live, guint64, i);
  guint64 pfn = block >> 4;
  guint order = block & 0xf;
  VmsCtfPayload p;

  g_array_remove_index_fast (task->live, i);
  g_array_append_val (vm->free_blocks[order], pfn);
  vms_ctf_payload_reset (&p);
  vms_ctf_put_u64 (&p, PAGE_STRUCT_BASE + pfn * 64);
  vms_ctf_put_u64 (&p, pfn);
  vms_ctf_put_u32 (&p, order);
  t = gts (v, t, NULL, NULL);
  emit_guest (v, t, VMS_EV_KMEM_MM_PAGE_FREE, &p);
  truth_mem (vm, task->proc, -(gint64) (G_GUINT64_CONSTANT (4096) << order), guest_time (vm, t));
}

static void
mem_op (Sim *s, Vcpu *v, GuestTask *task, guint64 t)
{
  if (++task->phase_ops > 200)
    {
      task->phase_ops = 0;
      task->growing = !task->growing;
    }
  if (task->live->len > 0
      && (task->live->len >= MAX_LIVE_BLOCKS || !task->growing
          || vms_rng_chance (&v->vm->rng, 0.3)))
    mem_free (v, task, t);
  else
    mem_alloc (s, v, task, t);
}

static void
syscall_pair (Vcpu *v, GuestTask *task, guint64 t, VmsEv entry)
{
  t = gts (v, t, task, NULL);
  emit_guest_syscall (v, t, task, entry);
  task->in_syscall = TRUE;
  refresh (task, v, t);
  t = gts (v, t + vms_rng_range (&v->vm->rng, 1500, 15000), task, NULL);
  emit_guest_syscall (v, t, task, entry + 1);
  task->in_syscall = FALSE;
  refresh (task, v, t);
}

static void
block_in_syscall (Sim *s, Vcpu *v, GuestTask *task, guint64 t, VmsEv entry, guint64 sleep)
{
  Vm *vm = v->vm;

  t = gts (v, t, task, NULL);
  emit_guest_syscall (v, t, task, entry);
  task->in_syscall = TRUE;
  task->cur_syscall = entry;
  refresh (task, v, t);
  task->wait_gen++;
  task->wake_early = FALSE;
  if (sleep == 0)
    {
      /* block on the virtual disk or NIC: notify the virtio queue (an I/O exit), QEMU's I/O
       * thread does the work and the completion interrupt wakes the task */
      task->wake_is_io = TRUE;
      g_ptr_array_add (vm->iothread->io_requests, task);
      v->io_kick = TRUE;
      v->cont = CONT_BLOCK;
      v->cont_task = task;
      vcpu_exit (s, v, t + vms_rng_range (&vm->rng, 400, 1500), EXIT_IO_INSTRUCTION);
      return;
    }
  task->wake_is_io = FALSE;
  sim_push (s, t + sleep, PQ_GUEST_WAKE, task->gidx, task->wait_gen);
  guest_switch (s, v, t + vms_rng_range (&vm->rng, 800, 3000), 1);
}

/* cron starts a job: fork, wake_up_new_task; the child execs when it first runs. */
void
guest_fork (Sim *s, Vcpu *v, GuestTask *parent, guint64 t)
{
  Vm *vm = v->vm;
  GuestTask *child = g_new0 (GuestTask, 1);
  GuestProc *proc = g_new0 (GuestProc, 1);
  VmsCtfPayload p;
  guint target;

  child->gidx = s->all_tasks->len;
  child->vm = vm;
  child->tid = vm->next_tid++;
  proc->pid = child->tid;
  g_strlcpy (proc->comm, "logrotate", sizeof proc->comm);
  g_ptr_array_add (vm->procs, proc);
  child->proc = proc;
  g_strlcpy (child->comm, parent->comm, sizeof child->comm);
  child->kind = TASK_CHILD;
  child->state = TS_RUNNABLE;
  child->cpu = v->id;
  child->burst_mean = 300 * US;
  child->growing = TRUE;
  child->live = g_array_new (FALSE, FALSE, sizeof (guint64));
  child->wait_gen = 1;
  g_ptr_array_add (vm->tasks, child);
  g_ptr_array_add (s->all_tasks, child);
  vm->n_children++;

  vms_ctf_payload_reset (&p);
  vms_ctf_put_comm (&p, parent->comm);
  vms_ctf_put_u32 (&p, (guint32) parent->tid);
  vms_ctf_put_u32 (&p, (guint32) parent->proc->pid);
  vms_ctf_put_u32 (&p, 4026531836u);
  vms_ctf_put_comm (&p, child->comm);
  vms_ctf_put_u32 (&p, (guint32) child->tid);
  vms_ctf_put_u8 (&p, 1);
  vms_ctf_put_u32 (&p, (guint32) child->tid);
  vms_ctf_put_u32 (&p, (guint32) child->tid);
  vms_ctf_put_u32 (&p, 4026531836u);
  t = gts (v, t + vms_rng_range (&vm->rng, 20 * US, 60 * US), parent, child);
  emit_guest (v, t, VMS_EV_SCHED_PROCESS_FORK, &p);

  target = choose_cpu (vm, v, child);
  child->cpu = target;
  payload_sched (&p, child->comm, child->tid, (gint32) target, 0, FALSE);
  t = gts (v, t + vms_rng_range (&vm->rng, 2 * US, 8 * US), parent, child);
  emit_guest (v, t, VMS_EV_SCHED_WAKEUP_NEW, &p);
  rq_push (vm->vcpus[target], child);
  refresh (child, v, t);
  if (target != v->id)
    kick (s, v, vm->vcpus[target]);
}

/* The child's mm goes (its pages are freed), then it dies and schedules away for good. */
static void
child_exit (Sim *s, Vcpu *v, GuestTask *task, guint64 t)
{
  VmsCtfPayload p;

  while (task->live->len > 0)
    mem_free (v, task, t);
  payload_process (&p, task->comm, task->tid);
  t = gts (v, v->g_last + vms_rng_range (&v->vm->rng, 2 * US, 10 * US), task, NULL);
  emit_guest (v, t, VMS_EV_SCHED_PROCESS_EXIT, &p);
  task->exited = TRUE;
  g_queue_push_tail (&v->dead, task);
  guest_switch (s, v, t + vms_rng_range (&v->vm->rng, 1 * US, 5 * US), EXIT_ZOMBIE_STATE);
}

static void
task_step (Sim *s, Vcpu *v, GuestTask *task, guint64 t)
{
  Vm *vm = v->vm;
  double r = vms_rng_double (&vm->rng);

  task->busy_acc += task->burst_left;
  task->burst_left = 0;
  switch (task->kind)
    {
      case TASK_BURSTY:
        if (task->busy_acc > 300 * MS)
          {
            task->busy_acc = 0;
            block_in_syscall (s, v, task, t, VMS_EV_SYSCALL_ENTRY_CLOCK_NANOSLEEP,
                              vms_rng_range (&vm->rng, 400 * MS, 900 * MS));
            return;
          }
        G_GNUC_FALLTHROUGH;
      case TASK_CPU:
        if (r < 0.35)
          mem_op (s, v, task, t);
        else if (r < 0.8)
          syscall_pair (v, task, t, VMS_EV_SYSCALL_ENTRY_WRITE);
        else
          syscall_pair (v, task, t, VMS_EV_SYSCALL_ENTRY_IOCTL);
        break;
      case TASK_IO:
        if (r < 0.25)
          {
            syscall_pair (v, task, t, VMS_EV_SYSCALL_ENTRY_WRITE);
            if (vms_rng_chance (&vm->rng, 0.5))
              mem_op (s, v, task, v->g_last + 500);
            break;
          }
        block_in_syscall (
          s, v, task, t,
          task->tid % 2 ? VMS_EV_SYSCALL_ENTRY_READ : VMS_EV_SYSCALL_ENTRY_EPOLL_WAIT, 0);
        return;
      case TASK_PERIODIC:
        if (r < 0.3)
          mem_op (s, v, task, t);
        else if (task->forks && r > 0.6 && vm->n_children < MAX_CHILDREN)
          guest_fork (s, v, task, t);
        if (v->mode != VCPU_GUEST)
          {
            task->burst_left = 1; /* sleep right after the exit */
            v->step_left = 1;
            return;
          }
        block_in_syscall (s, v, task, v->g_last + 300,
                          task->tid % 2 ? VMS_EV_SYSCALL_ENTRY_CLOCK_NANOSLEEP
                                        : VMS_EV_SYSCALL_ENTRY_FUTEX,
                          vms_rng_exp (&vm->rng, task->period_mean, 100 * US, 2000 * MS));
        return;
      case TASK_CHILD:
        if (++task->child_phase > 4)
          {
            child_exit (s, v, task, t);
            return;
          }
        if (r < 0.6)
          mem_alloc (s, v, task, t);
        else
          syscall_pair (v, task, t, VMS_EV_SYSCALL_ENTRY_WRITE);
        break;
    }
  if (v->current == task)
    {
      task->burst_left = new_burst (vm, task);
      v->step_left = task->burst_left;
    }
}

void
guest_step (Sim *s, Vcpu *v, guint64 t)
{
  guest_sync_progress (v, t);
  t = MAX (t, v->g_last + 1);
  v->g_last = t; /* even if this step writes nothing, the vCPU's guest time moved on */
  if (v->current == NULL)
    {
      if (v->rq_len == 0)
        try_pull (s, v, t);
      if (v->rq_len > 0)
        guest_switch (s, v, v->g_last + 300, 0);
      else
        {
          v->hlt_block = TRUE;
          vcpu_exit (s, v, t, EXIT_HLT);
        }
    }
  else
    task_step (s, v, v->current, t);
  if (v->mode == VCPU_GUEST)
    guest_run (s, v);
}

/* NO_HZ: an idle guest CPU still wakes now and then for housekeeping timers (RCU, timer
 * wheel), so its timer softirq (and the vmsync hook on CPU 0) keeps running, slowly. */
void
guest_idle_timer_arm (Sim *s, Vcpu *v, guint64 t)
{
  sim_push (s, t + vms_rng_exp (&v->vm->rng, 60 * MS, 5 * MS, 250 * MS), PQ_GUEST_TICK, v->gidx,
            v->tick_gen);
}

void
guest_tick (Sim *s, Vcpu *v, guint64 t)
{
  v->pending |= IRQ_TICK;
  if (v->tick_on)
    sim_push (s, t + GUEST_TICK, PQ_GUEST_TICK, v->gidx, v->tick_gen);
  else
    guest_idle_timer_arm (s, v, t);
  vcpu_deliver (s, v, t, EXIT_PREEMPTION_TIMER);
}

void
guest_task_wake (Sim *s, GuestTask *task, guint64 t)
{
  Vcpu *v = task->vm->vcpus[task->cpu];

  if (task->state != TS_BLOCKED)
    {
      task->wake_early = TRUE; /* still on its way to block: it will not */
      return;
    }
  task->wake_next = NULL;
  if (v->wake_tail != NULL)
    v->wake_tail->wake_next = task;
  else
    v->wake_head = task;
  v->wake_tail = task;
  vcpu_deliver (s, v, t, task->wake_is_io ? EXIT_EXTERNAL_INTERRUPT : EXIT_PREEMPTION_TIMER);
}
