/* vms-model-builder.c — the streaming state machines: threads, CPUs, vCPUs.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * One pass over each machine's events (its own clock), no event stored.  Per
 * CPU: the current thread (from sched_switch; the host has no tid per event)
 * and the interrupt nesting.  Per thread: its state and CPU.  Per vCPU thread
 * of a KVM host: running guest code / hypervisor (with the exit reason) /
 * preempted / idle (halted), from kvm entry/exit and the host's sched_switch.
 */
#include "config.h"

#include <string.h>

#include "vms-model-builder-private.h"

/* sched_switch prev_state: 0 (and the tracer's "preempted" flag above the state bits, e.g.
 * TASK_REPORT_MAX 0x100 or TASK_STATE_MAX 0x400/0x800) means still runnable. */
static inline gboolean
prev_state_is_runnable (gint32 prev_state)
{
  return (prev_state & 0xff) == 0;
}

gboolean
vms_exit_is_hlt (guint isa, guint reason)
{
  return isa == VMS_ISA_SVM ? reason == 0x78 : reason == 12;
}

void
vms_spike_top_add (BSpikeTop *top, const BSpike *spike)
{
  guint min = 0;

  if (top->n < VMS_SPIKES_PER_KIND)
    {
      top->items[top->n++] = *spike;
      return;
    }
  for (guint i = 1; i < top->n; i++)
    if (top->items[i].duration < top->items[min].duration)
      min = i;
  if (spike->duration > top->items[min].duration)
    top->items[min] = *spike;
}

static void
bcpu_free (gpointer data)
{
  BCpu *cpu = data;

  vms_recs_clear (&cpu->recs);
  if (cpu->anon != NULL)
    vms_bvcpu_free (cpu->anon);
  g_free (cpu);
}

void
vms_bvcpu_free (BVcpu *vcpu)
{
  if (vcpu == NULL)
    return;
  vms_recs_clear (&vcpu->recs);
  if (vcpu->exits != NULL)
    {
      for (guint i = 0; i < vcpu->exits->len; i++)
        g_clear_pointer (&g_array_index (vcpu->exits, BExitAcc, i).durations, g_array_unref);
      g_array_unref (vcpu->exits);
    }
  g_free (vcpu);
}

void
vms_bthread_free (BThread *thread)
{
  vms_recs_clear (&thread->recs);
  g_free (thread);
}

static void
bmachine_free (gpointer data)
{
  BMachine *m = data;

  g_free (m->name);
  g_free (m->path);
  g_free (m->reference);
  g_free (m->quality);
  g_ptr_array_unref (m->cpus);
  g_hash_table_unref (m->vcpus);
  g_ptr_array_unref (m->all_vcpus);
  g_hash_table_unref (m->threads);
  g_hash_table_unref (m->uid_tids);
  g_free (m);
}

VmsModelBuilder *
vms_model_builder_new (VmsModelNameFunc names, gpointer names_data)
{
  VmsModelBuilder *self = g_new0 (VmsModelBuilder, 1);

  self->names = names;
  self->names_data = names_data;
  self->machines = g_ptr_array_new_with_free_func (bmachine_free);
  return self;
}

void
vms_model_builder_free (VmsModelBuilder *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->machines);
  g_free (self);
}

const char *
vms_model_builder_name (VmsModelBuilder *self, guint32 id)
{
  const char *name;

  if (id == 0 || self->names == NULL)
    return NULL;
  name = self->names (id, self->names_data);
  return name != NULL && *name != '\0' ? name : NULL;
}

BMachine *
vms_model_builder_get_machine (VmsModelBuilder *self, guint machine)
{
  BMachine *m;

  while (self->machines->len <= machine)
    g_ptr_array_add (self->machines, NULL);
  m = g_ptr_array_index (self->machines, machine);
  if (m != NULL)
    return m;

  m = g_new0 (BMachine, 1);
  m->index = machine;
  m->name = g_strdup_printf ("machine %u", machine);
  m->alpha = 1.0;
  m->begin = G_MAXINT64;
  m->end = G_MININT64;
  m->tie_pid = -1;
  m->cpus = g_ptr_array_new_with_free_func (bcpu_free);
  m->threads = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                      (GDestroyNotify) vms_bthread_free);
  m->vcpus = g_hash_table_new (g_direct_hash, g_direct_equal);
  m->all_vcpus = g_ptr_array_new_with_free_func ((GDestroyNotify) vms_bvcpu_free);
  m->uid_tids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->machines->pdata[machine] = m;
  return m;
}

void
vms_model_builder_add_machine (VmsModelBuilder *self,
                               guint machine,
                               const char *name,
                               const char *path)
{
  BMachine *m = vms_model_builder_get_machine (self, machine);

  m->declared = TRUE;
  if (name != NULL)
    {
      g_free (m->name);
      m->name = g_strdup (name);
    }
  g_free (m->path);
  m->path = g_strdup (path);
}

void
vms_model_builder_set_info (
  VmsModelBuilder *self, guint machine, VmsTraceRole role, guint n_cpus, guint64 n_events)
{
  BMachine *m = vms_model_builder_get_machine (self, machine);

  m->role = role;
  m->role_set = TRUE;
  m->n_cpus = n_cpus;
  m->n_events = n_events;
}

void
vms_model_builder_set_clock (VmsModelBuilder *self,
                             guint machine,
                             double alpha,
                             double beta,
                             const char *reference,
                             const char *quality,
                             double accuracy,
                             guint64 matches)
{
  BMachine *m = vms_model_builder_get_machine (self, machine);

  m->alpha = alpha > 0 ? alpha : 1.0;
  m->beta = beta;
  m->has_clock = TRUE;
  g_free (m->reference);
  m->reference = g_strdup (reference);
  g_free (m->quality);
  m->quality = g_strdup (quality);
  m->accuracy = accuracy;
  m->matches = matches;
}

void
vms_model_builder_set_clock_func (VmsModelBuilder *self,
                                  guint machine,
                                  VmsModelClockFunc func,
                                  gpointer user_data)
{
  BMachine *m = vms_model_builder_get_machine (self, machine);

  m->clock_func = func;
  m->clock_data = user_data;
}

void
vms_model_builder_tie_vm (VmsModelBuilder *self, guint machine, int qemu_pid)
{
  vms_model_builder_get_machine (self, machine)->tie_pid = qemu_pid;
}

/* ------------------------------------------------------------------------------------------ */

static BCpu *
get_cpu (BMachine *m, guint cpu, gint64 ts)
{
  BCpu *c;

  while (m->cpus->len <= cpu)
    {
      c = g_new0 (BCpu, 1);
      c->cur_tid = -1;
      g_ptr_array_add (m->cpus, c);
    }
  c = g_ptr_array_index (m->cpus, cpu);
  if (!c->seen)
    {
      c->seen = TRUE;
      c->first_ts = ts;
    }
  return c;
}

/* The thread tid; a new one is born now when born is TRUE (the child of a fork, a
 * sched_wakeup_new): its row starts with its first state.  Otherwise it was already there
 * when the trace started, and is unknown from the start of the trace until something tells. */
static BThread *
lookup_thread (BMachine *m, int tid, gboolean born)
{
  BThread *th = g_hash_table_lookup (m->threads, GINT_TO_POINTER (tid));

  if (th == NULL)
    {
      th = g_new0 (BThread, 1);
      th->tid = tid;
      th->pid = -1;
      th->ppid = -1;
      th->cpu = VMS_NO_CPU;
      th->state = VMS_STATE_UNKNOWN;
      if (!born)
        vms_recs_push (&th->recs, m->begin, VMS_STATE_UNKNOWN, 0, VMS_NO_CPU, 0);
      g_hash_table_insert (m->threads, GINT_TO_POINTER (tid), th);
    }
  return th;
}

static BThread *
get_thread (BMachine *m, int tid)
{
  return lookup_thread (m, tid, FALSE);
}

static inline void
thread_set (BThread *th, gint64 ts, VmsState state)
{
  th->dead = FALSE;
  th->state = (guint8) state;
  vms_recs_push (&th->recs, ts, state, 0, th->cpu, 0);
}

static inline VmsState
thread_running_state (BThread *th, const BCpu *c)
{
  if (c != NULL && c->irq_depth > 0)
    return VMS_STATE_INTERRUPTED;
  return th->in_syscall ? VMS_STATE_SYSCALL : VMS_STATE_RUNNING;
}

static void
thread_name (BThread *th, guint32 name_id, gboolean is_path)
{
  if (name_id != 0)
    {
      th->name_id = name_id;
      th->name_is_path = is_path;
    }
}

static BVcpu *
vcpu_new (int tid, int vcpu_id)
{
  BVcpu *v = g_new0 (BVcpu, 1);

  v->tid = tid;
  v->vcpu_id = vcpu_id;
  v->pcpu = VMS_NO_CPU;
  v->state = VMS_STATE_UNKNOWN;
  v->exits = g_array_new (FALSE, FALSE, sizeof (BExitAcc));
  return v;
}

static inline void
vcpu_set (BVcpu *v, gint64 ts, VmsState state, guint32 aux, guint8 flags)
{
  if (v->state == VMS_STATE_HYPERVISOR && v->has_exit)
    v->ep_hyp += ts - v->hyp_since;
  if (state == VMS_STATE_HYPERVISOR)
    v->hyp_since = ts;
  v->state = (guint8) state;
  vms_recs_push (&v->recs, ts, state, aux, v->pcpu, flags);
}

/* One exit is over: its time in the hypervisor (not preempted, not halted) by reason. */
static void
vcpu_account_exit (BVcpu *v)
{
  gint64 d = v->ep_hyp;
  BExitAcc *acc = NULL;
  guint32 d32 = (guint32) CLAMP (d, 0, (gint64) G_MAXUINT32);

  for (guint i = 0; i < v->exits->len; i++)
    {
      BExitAcc *a = &g_array_index (v->exits, BExitAcc, i);

      if (a->reason == v->exit_reason && a->isa == v->isa)
        {
          acc = a;
          break;
        }
    }
  if (acc == NULL)
    {
      BExitAcc fresh = { 0 };

      fresh.isa = v->isa;
      fresh.reason = v->exit_reason;
      fresh.min = G_MAXINT64;
      fresh.durations = g_array_new (FALSE, FALSE, sizeof (guint32));
      g_array_append_val (v->exits, fresh);
      acc = &g_array_index (v->exits, BExitAcc, v->exits->len - 1);
    }
  acc->count++;
  acc->total += d;
  acc->min = MIN (acc->min, d);
  acc->max = MAX (acc->max, d);
  g_array_append_val (acc->durations, d32);
}

/* At the end of the trace: the exit in progress counts with its time so far. */
void
vms_bvcpu_close (BVcpu *v, gint64 end)
{
  if (!v->has_exit)
    return;
  if (v->state == VMS_STATE_HYPERVISOR && end > v->hyp_since)
    v->ep_hyp += end - v->hyp_since;
  vcpu_account_exit (v);
  v->has_exit = FALSE;
}

static void
vcpu_entry (BVcpu *v, gint64 ts, guint cpu, int vcpu_id)
{
  if (vcpu_id >= 0)
    v->vcpu_id = vcpu_id;
  v->pcpu = (guint16) cpu;
  vcpu_set (v, ts, VMS_STATE_RUNNING, 0, 0);
  if (v->has_exit)
    vcpu_account_exit (v);
  v->has_exit = FALSE;
  v->in_guest = TRUE;
  v->halted = FALSE;
}

static void
vcpu_exit (BVcpu *v, gint64 ts, guint cpu, guint reason, guint isa)
{
  if (v->has_exit)
    vcpu_account_exit (v); /* an exit without entry before: close it */
  v->in_guest = FALSE;
  v->exit_ts = ts;
  v->exit_reason = (guint16) reason;
  v->isa = (guint8) (isa & 3);
  v->halted = vms_exit_is_hlt (isa, reason);
  v->pcpu = (guint16) cpu;
  v->n_exits++;
  v->ep_hyp = 0;
  v->has_exit = FALSE;
  vcpu_set (v, ts, VMS_STATE_HYPERVISOR, reason, VMS_REC_FLAGS (v->isa, TRUE));
  v->has_exit = TRUE;
}

/* Switched out: still runnable is preempted (unless halted); blocked is idle (halted, or
 * waiting in the host). */
static void
vcpu_switch_out (BVcpu *v, gint64 ts, gint32 prev_state)
{
  v->in_guest = FALSE;
  if (!v->halted && prev_state_is_runnable (prev_state))
    {
      v->n_preemptions++;
      vcpu_set (v, ts, VMS_STATE_PREEMPTED, 0, 0);
    }
  else
    vcpu_set (v, ts, VMS_STATE_IDLE, 0, 0);
}

static void
vcpu_switch_in (BVcpu *v, gint64 ts, guint cpu)
{
  v->pcpu = (guint16) cpu;
  if (v->has_exit)
    vcpu_set (v, ts, VMS_STATE_HYPERVISOR, v->exit_reason, VMS_REC_FLAGS (v->isa, TRUE));
  else if (v->state != VMS_STATE_UNKNOWN)
    vcpu_set (v, ts, VMS_STATE_HYPERVISOR, 0, 0);
}

/* The vCPU run by the current thread of CPU c, created on first use. */
static BVcpu *
current_vcpu (BMachine *m, BCpu *c, int vcpu_id)
{
  if (c->cur_tid < 0)
    {
      if (c->anon == NULL)
        c->anon = vcpu_new (-1, vcpu_id);
      return c->anon;
    }
  if (c->cur == NULL)
    return NULL; /* the idle task does not run vCPUs */
  if (c->cur->vcpu == NULL)
    {
      c->cur->vcpu = vcpu_new (c->cur_tid, vcpu_id);
      g_ptr_array_add (m->all_vcpus, c->cur->vcpu);
      g_hash_table_insert (m->vcpus, GINT_TO_POINTER (c->cur_tid), c->cur->vcpu);
    }
  return c->cur->vcpu;
}

static void
on_switch (BMachine *m, const VmsEvent *e)
{
  BCpu *c = get_cpu (m, e->cpu, e->ts);
  int prev = e->u.i[0];
  int next = e->u.i[1];
  BThread *th;

  if (c->cur_tid < 0 && prev > 0)
    {
      /* First switch of this CPU: prev ran since the CPU's first event. */
      th = get_thread (m, prev);
      th->cpu = e->cpu;
      if (th->state == VMS_STATE_UNKNOWN || th->state == VMS_STATE_RUNNING)
        vms_recs_push (&th->recs, c->first_ts, VMS_STATE_RUNNING, 0, th->cpu, 0);
      vms_recs_push (&c->recs, c->first_ts, VMS_STATE_RUNNING, (guint32) prev, 0, VMS_REC_HAS_AUX);
      if (c->anon != NULL)
        {
          if (th->vcpu == NULL)
            {
              th->vcpu = c->anon;
              th->vcpu->tid = prev;
              g_ptr_array_add (m->all_vcpus, th->vcpu);
              g_hash_table_insert (m->vcpus, GINT_TO_POINTER (prev), th->vcpu);
            }
          else
            vms_bvcpu_free (c->anon);
          c->anon = NULL;
        }
    }
  else if (c->cur_tid < 0 && c->anon != NULL)
    g_clear_pointer (&c->anon, vms_bvcpu_free);

  if (prev > 0)
    {
      th = get_thread (m, prev);
      thread_name (th, e->x, FALSE);
      th->cpu = e->cpu;
      if (th->vcpu != NULL)
        vcpu_switch_out (th->vcpu, e->ts, e->u.i[2]);
      if (th->exited)
        {
          /* gone: its row ends here (a later thread with the same tid continues it) */
          vms_recs_close (&th->recs, e->ts);
          th->state = VMS_STATE_UNKNOWN;
          th->dead = TRUE;
        }
      else
        thread_set (th, e->ts,
                    prev_state_is_runnable (e->u.i[2]) ? VMS_STATE_RUNNABLE : VMS_STATE_BLOCKED);
    }

  c->irq_depth = 0;
  c->cur_tid = next;
  c->cur = NULL;
  if (next > 0)
    {
      th = get_thread (m, next);
      thread_name (th, (guint32) e->u.i[3], FALSE);
      if (th->cpu != VMS_NO_CPU && th->cpu != e->cpu)
        th->n_migrations++;
      th->cpu = e->cpu;
      thread_set (th, e->ts, thread_running_state (th, c));
      if (th->vcpu != NULL)
        vcpu_switch_in (th->vcpu, e->ts, e->cpu);
      c->cur = th;
    }
  vms_recs_push (&c->recs, e->ts, next > 0 ? VMS_STATE_RUNNING : VMS_STATE_IDLE,
                 (guint32) MAX (next, 0), 0, VMS_REC_HAS_AUX);
}

static void
on_wakeup (BMachine *m, const VmsEvent *e)
{
  BThread *th;

  if (e->u.i[0] <= 0)
    return;
  th = lookup_thread (m, e->u.i[0], e->kind == VMS_EV_SCHED_WAKEUP_NEW);
  thread_name (th, e->x, FALSE);
  if (th->state == VMS_STATE_BLOCKED || th->state == VMS_STATE_UNKNOWN)
    {
      if (e->u.i[1] >= 0 && th->cpu == VMS_NO_CPU)
        th->cpu = (guint16) e->u.i[1];
      th->exited = FALSE;
      thread_set (th, e->ts, VMS_STATE_RUNNABLE);
    }
}

static void
on_migrate (BMachine *m, const VmsEvent *e)
{
  BThread *th;

  if (e->u.i[0] <= 0 || e->u.i[2] < 0)
    return;
  th = get_thread (m, e->u.i[0]);
  /* A running thread is moved by its next sched_switch; a waiting one changes CPU now. */
  if (th->state != VMS_STATE_RUNNING && th->state != VMS_STATE_SYSCALL
      && th->state != VMS_STATE_INTERRUPTED)
    {
      if (th->cpu != VMS_NO_CPU && th->cpu != (guint16) e->u.i[2])
        th->n_migrations++;
      th->cpu = (guint16) e->u.i[2];
      if (th->recs.n > 0)
        thread_set (th, e->ts, (VmsState) th->state);
    }
}

static void
on_statedump (BMachine *m, const VmsEvent *e)
{
  BThread *th;

  if (e->u.i[0] <= 0)
    return;
  th = get_thread (m, e->u.i[0]);
  thread_name (th, e->x, FALSE);
  th->pid = e->u.i[1];
  th->ppid = e->u.i[2];
  /* The state is left unknown until the thread's first scheduling event: a statedump's
   * status is as old as the statedump itself. */
}

static void
on_fork (BMachine *m, const VmsEvent *e)
{
  BThread *parent;
  BThread *child;
  int child_tid = e->u.i[2];

  if (child_tid <= 0)
    return;
  child = lookup_thread (m, child_tid, TRUE);
  thread_name (child, e->x, FALSE);
  child->pid = e->u.i[3] >= 0 ? e->u.i[3] : child_tid;
  parent = e->u.i[0] > 0 ? g_hash_table_lookup (m->threads, GINT_TO_POINTER (e->u.i[0])) : NULL;
  child->ppid = e->u.i[1] >= 0 ? e->u.i[1] : (parent ? parent->pid : -1);
  child->exited = FALSE;
  if (child->recs.n == 0 || child->state == VMS_STATE_UNKNOWN)
    thread_set (child, e->ts, VMS_STATE_RUNNABLE);
}

static void
on_syscall (BMachine *m, const VmsEvent *e, gboolean entry)
{
  BCpu *c = get_cpu (m, e->cpu, e->ts);
  BThread *th = c->cur;

  if (th == NULL)
    return;
  th->in_syscall = entry;
  if (c->irq_depth == 0)
    thread_set (th, e->ts, entry ? VMS_STATE_SYSCALL : VMS_STATE_RUNNING);
}

static void
on_irq (BMachine *m, const VmsEvent *e, gboolean entry)
{
  BCpu *c = get_cpu (m, e->cpu, e->ts);
  BThread *th = c->cur;

  if (entry)
    c->irq_depth++;
  else if (c->irq_depth > 0)
    c->irq_depth--;
  else
    return;
  if (th != NULL)
    thread_set (th, e->ts, thread_running_state (th, c));
}

static void
on_kvm (BMachine *m, const VmsEvent *e)
{
  BCpu *c = get_cpu (m, e->cpu, e->ts);
  BVcpu *v;

  m->has_kvm = TRUE;
  if (e->kind == VMS_EV_KVM_ENTRY)
    {
      v = current_vcpu (m, c, e->u.i[0]);
      if (v != NULL)
        vcpu_entry (v, e->ts, e->cpu, e->u.i[0]);
    }
  else
    {
      v = current_vcpu (m, c, e->u.i[2]);
      if (v != NULL)
        vcpu_exit (v, e->ts, e->cpu, (guint) e->u.i[0], (guint) e->u.i[1]);
    }
}

static void
on_vm_uid_host (BMachine *m, const VmsEvent *e, guint64 vm_uid)
{
  BCpu *c = get_cpu (m, e->cpu, e->ts);

  if (c->cur_tid > 0 && !g_hash_table_contains (m->uid_tids, &vm_uid))
    g_hash_table_insert (m->uid_tids, g_memdup2 (&vm_uid, sizeof vm_uid),
                         GINT_TO_POINTER (c->cur_tid));
}

void
vms_model_builder_feed (VmsModelBuilder *self,
                        guint machine,
                        const VmsEvent *events,
                        gsize n_events)
{
  BMachine *m = vms_model_builder_get_machine (self, machine);

  if (n_events == 0)
    return;
  m->begin = MIN (m->begin, events[0].ts);
  m->end = MAX (m->end, events[n_events - 1].ts);
  m->n_fed += n_events;

  for (gsize i = 0; i < n_events; i++)
    {
      const VmsEvent *e = &events[i];

      switch ((VmsEventKind) e->kind)
        {
          case VMS_EV_SCHED_SWITCH:
            on_switch (m, e);
            break;
          case VMS_EV_SCHED_WAKEUP:
          case VMS_EV_SCHED_WAKEUP_NEW:
            m->has_wakeup = TRUE;
            on_wakeup (m, e);
            break;
          case VMS_EV_SCHED_WAKING:
            /* A task becomes runnable at sched_wakeup (ttwu_do_wakeup); sched_waking, at the
             * start of try_to_wake_up, stands in only for tracers that record no sched_wakeup */
            if (!m->has_wakeup)
              on_wakeup (m, e);
            break;
          case VMS_EV_SCHED_MIGRATE_TASK:
            on_migrate (m, e);
            break;
          case VMS_EV_PROCESS_FORK:
            on_fork (m, e);
            break;
          case VMS_EV_PROCESS_EXEC:
            if (e->u.i[0] > 0)
              thread_name (get_thread (m, e->u.i[0]), e->x, TRUE);
            break;
          case VMS_EV_PROCESS_EXIT:
            if (e->u.i[0] > 0)
              get_thread (m, e->u.i[0])->exited = TRUE;
            break;
          case VMS_EV_STATEDUMP_PROCESS:
            on_statedump (m, e);
            break;
          case VMS_EV_SYSCALL_ENTRY:
          case VMS_EV_SYSCALL_EXIT:
            on_syscall (m, e, e->kind == VMS_EV_SYSCALL_ENTRY);
            break;
          case VMS_EV_IRQ_ENTRY:
          case VMS_EV_SOFTIRQ_ENTRY:
            on_irq (m, e, TRUE);
            break;
          case VMS_EV_IRQ_EXIT:
          case VMS_EV_SOFTIRQ_EXIT:
            on_irq (m, e, FALSE);
            break;
          case VMS_EV_KVM_ENTRY:
          case VMS_EV_KVM_EXIT:
            on_kvm (m, e);
            break;
          case VMS_EV_KVM_HYPERCALL:
            m->has_kvm = TRUE;
            if (e->x == 5)
              on_vm_uid_host (m, e, e->u.hc.a1);
            break;
          case VMS_EV_VMSYNC_GH_HOST:
            on_vm_uid_host (m, e, e->u.sync.vm_uid);
            break;
          case VMS_EV_VMSYNC_GH_GUEST:
          case VMS_EV_VMSYNC_HG_GUEST:
            m->has_guest_sync = TRUE;
            if (!m->has_vm_uid)
              {
                m->vm_uid = e->u.sync.vm_uid;
                m->has_vm_uid = TRUE;
              }
            break;
          default:
            break;
        }
    }
}
