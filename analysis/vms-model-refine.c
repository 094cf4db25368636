/* vms-model-refine.c — what each side learns from the other, once on one clock.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * vCPU intervals learn what the guest did (running guest code while the guest
 * runs its idle task is idle), guest-thread intervals learn what the host did
 * (running while the vCPU is preempted or in the hypervisor only appeared to
 * run), preemptions learn who took the CPU, host CPUs learn which VM's vCPU
 * they ran, and the longest stretches become spike candidates.
 */
#include "config.h"

#include "vms-model-finish-private.h"

static BVcpu *
vm_vcpu (BVm *vm, int id)
{
  for (guint i = 0; i < vm->vcpus->len; i++)
    {
      BVcpu *v = g_ptr_array_index (vm->vcpus, i);

      if (v->vcpu_id == id)
        return v;
    }
  return NULL;
}

/* ------------------------------------------------------------------------------------------
 * Refining intervals
 */

/* Before its first KVM event, a vCPU's state follows its host thread's. */
static void
fill_vcpu_prefix (BMachine *host, BVcpu *v)
{
  BThread *th = find_thread (host, v->tid);
  VmsRecs fresh = { 0 };
  gint64 first;

  if (th == NULL || th->recs.n == 0)
    return;
  first = v->recs.n > 0 ? vms_recs_get (&v->recs, 0)->start : v->recs.end;
  if (vms_recs_get (&th->recs, 0)->start >= first)
    return;
  for (guint64 i = 0; i < th->recs.n; i++)
    {
      const VmsRec *rec = vms_recs_get (&th->recs, i);
      VmsState s;

      if (rec->start >= first)
        break;
      switch (rec->state)
        {
          case VMS_STATE_RUNNABLE:
            s = VMS_STATE_PREEMPTED;
            break;
          case VMS_STATE_BLOCKED:
            s = VMS_STATE_IDLE;
            break;
          default:
            s = VMS_STATE_UNKNOWN;
            break;
        }
      vms_recs_push (&fresh, rec->start, s, 0, rec->aux2, 0);
    }
  for (guint64 i = 0; i < v->recs.n; i++)
    {
      const VmsRec *rec = vms_recs_get (&v->recs, i);

      vms_recs_push (&fresh, rec->start, (VmsState) rec->state, rec->aux, rec->aux2, rec->flags);
    }
  fresh.end = MAX (fresh.end, v->recs.end);
  vms_recs_clear (&v->recs);
  v->recs = fresh;
}

/* vms_recs_find() starting from *cursor, the answer of a previous search at an earlier time:
 * the passes below look up increasing times, so each search costs O(1) amortized. */
static gint64
find_near (const VmsRecs *recs, gint64 *cursor, gint64 t)
{
  gint64 c = *cursor;

  if (c < 0 || (guint64) c >= recs->n || vms_recs_get (recs, (guint64) c)->start > t)
    c = vms_recs_find (recs, t);
  else
    c = (gint64) vms_recs_find_from (recs, (guint64) c, t);
  *cursor = c;
  return c;
}

/* vCPU running guest code while the guest runs its idle task: idle. */
static void
split_vcpu_idle (BVcpu *v, const VmsRecs *guest_cpu)
{
  VmsRecs fresh = { 0 };
  gint64 cursor = -1;

  for (guint64 i = 0; i < v->recs.n; i++)
    {
      const VmsRec *rec = vms_recs_get (&v->recs, i);
      gint64 s = rec->start;
      gint64 e = vms_recs_end_of (&v->recs, i);
      gint64 j;

      if (rec->state != VMS_STATE_RUNNING || e <= s)
        {
          vms_recs_push (&fresh, s, (VmsState) rec->state, rec->aux, rec->aux2, rec->flags);
          continue;
        }
      j = find_near (guest_cpu, &cursor, s);
      if (j < 0)
        {
          vms_recs_push (&fresh, s, VMS_STATE_RUNNING, 0, rec->aux2, 0);
          j = 0;
        }
      for (; (guint64) j < guest_cpu->n; j++)
        {
          const VmsRec *g = vms_recs_get (guest_cpu, (guint64) j);
          gint64 gs = MAX (g->start, s);

          if (g->start >= e)
            break;
          if (vms_recs_end_of (guest_cpu, (guint64) j) <= s)
            continue;
          vms_recs_push (&fresh, gs,
                         g->state == VMS_STATE_IDLE ? VMS_STATE_IDLE : VMS_STATE_RUNNING, 0,
                         rec->aux2, 0);
        }
      if (guest_cpu->n > 0 && guest_cpu->end < e)
        vms_recs_push (&fresh, MAX (guest_cpu->end, s), VMS_STATE_RUNNING, 0, rec->aux2, 0);
    }
  fresh.end = MAX (fresh.end, v->recs.end);
  vms_recs_clear (&v->recs);
  v->recs = fresh;
}

/* Who took the vCPU's host CPU while it was preempted: the thread that ran longest there
 * meanwhile (ties: the smaller tid); and the longest preemptions and hypervisor stretches. */
static void
resolve_preemptor (BMachine *host, BVcpu *v, VmsRec *rec, gint64 s, gint64 e, gint64 *cursors)
{
  int tids[32];
  gint64 times[32];
  guint n = 0;
  int best = -1;
  BCpu *c;
  gint64 j;

  if (rec->aux2 >= host->cpus->len)
    return;
  c = g_ptr_array_index (host->cpus, rec->aux2);
  j = find_near (&c->recs, &cursors[rec->aux2], s);
  for (j = MAX (j, 0); (guint64) j < c->recs.n; j++)
    {
      const VmsRec *p = vms_recs_get (&c->recs, (guint64) j);
      gint64 d = MIN (vms_recs_end_of (&c->recs, (guint64) j), e) - MAX (p->start, s);
      guint k;

      if (p->start >= e)
        break;
      if (d <= 0 || !(p->flags & VMS_REC_HAS_AUX) || (int) p->aux == v->tid)
        continue;
      for (k = 0; k < n && tids[k] != (int) p->aux; k++)
        ;
      if (k == n)
        {
          if (n == G_N_ELEMENTS (tids))
            continue;
          tids[n] = (int) p->aux;
          times[n++] = 0;
        }
      times[k] += d;
    }
  for (guint k = 0; k < n; k++)
    if (best < 0 || times[k] > times[best] || (times[k] == times[best] && tids[k] < tids[best]))
      best = (int) k;
  if (best >= 0)
    {
      rec->aux = (guint32) tids[best];
      rec->flags |= VMS_REC_HAS_AUX;
    }
}

static void
scan_vcpu (Fin *f, BMachine *host, BVcpu *v)
{
  g_autofree gint64 *cursors = g_new (gint64, MAX (host->cpus->len, 1));

  for (guint c = 0; c < host->cpus->len; c++)
    cursors[c] = -1;
  for (guint64 i = 0; i < v->recs.n; i++)
    {
      VmsRec *rec = vms_recs_get (&v->recs, i);
      gint64 s = rec->start;
      gint64 e = vms_recs_end_of (&v->recs, i);

      if (e <= s)
        continue;
      if (rec->state == VMS_STATE_HYPERVISOR)
        {
          BSpike spike = { VMS_SPIKE_HYPERVISOR,
                           s,
                           e - s,
                           v->tid,
                           (rec->flags & VMS_REC_HAS_AUX) ? (int) rec->aux : -1,
                           (guint8) VMS_REC_ISA (rec) };

          vms_spike_top_add (&f->hyp, &spike);
        }
      else if (rec->state == VMS_STATE_PREEMPTED)
        {
          BSpike spike = { VMS_SPIKE_PREEMPTION, s, e - s, v->tid, -1, 0 };

          vms_spike_top_add (&f->preempt, &spike);
          resolve_preemptor (host, v, rec, s, e, cursors);
        }
    }
}

/* Guest thread running while its vCPU is preempted or in the hypervisor: appeared to run. */
static void
split_thread_appeared (Fin *f, BVm *vm, BThread *th)
{
  VmsRecs fresh = { 0 };
  gint64 wait_start = -1;
  gint64 wait_end = -1;
  int wait_vcpu = -1;

  for (guint k = 0; k < vm->vcpus->len; k++)
    ((BVcpu *) g_ptr_array_index (vm->vcpus, k))->cursor = -1;
  for (guint64 i = 0; i < th->recs.n; i++)
    {
      const VmsRec *rec = vms_recs_get (&th->recs, i);
      gint64 s = rec->start;
      gint64 e = vms_recs_end_of (&th->recs, i);
      BVcpu *v = NULL;
      gint64 j;

      if ((rec->state == VMS_STATE_RUNNING || rec->state == VMS_STATE_SYSCALL
           || rec->state == VMS_STATE_INTERRUPTED)
          && e > s)
        v = vm_vcpu (vm, rec->aux2);
      if (v == NULL || v->recs.n == 0)
        {
          vms_recs_push (&fresh, s, (VmsState) rec->state, rec->aux, rec->aux2, rec->flags);
          continue;
        }
      vms_recs_push (&fresh, s, (VmsState) rec->state, rec->aux, rec->aux2, rec->flags);
      j = MAX (find_near (&v->recs, &v->cursor, s), 0);
      for (; (guint64) j < v->recs.n; j++)
        {
          const VmsRec *x = vms_recs_get (&v->recs, (guint64) j);
          gint64 xs = MAX (x->start, s);
          gint64 xe = MIN (vms_recs_end_of (&v->recs, (guint64) j), e);

          if (x->start >= e)
            break;
          if (xe <= xs)
            continue;
          if (x->state == VMS_STATE_PREEMPTED || x->state == VMS_STATE_HYPERVISOR)
            {
              vms_recs_push (&fresh, xs, VMS_STATE_APPEARED, x->aux, rec->aux2,
                             VMS_REC_APPEARED_FLAGS (VMS_REC_ISA (x), x->state, rec->state,
                                                     x->flags & VMS_REC_HAS_AUX));
              if (wait_end == xs && wait_vcpu == v->vcpu_id)
                wait_end = xe;
              else
                {
                  if (wait_end > wait_start && wait_start >= 0)
                    {
                      BSpike spike = { VMS_SPIKE_THREAD_WAIT,
                                       wait_start,
                                       wait_end - wait_start,
                                       th->tid,
                                       wait_vcpu,
                                       0,
                                       vm->index };

                      vms_spike_top_add (&f->waits, &spike);
                    }
                  wait_start = xs;
                  wait_end = xe;
                  wait_vcpu = v->vcpu_id;
                }
            }
          else
            vms_recs_push (&fresh, xs, (VmsState) rec->state, rec->aux, rec->aux2, rec->flags);
        }
      if (v->recs.end < e)
        vms_recs_push (&fresh, MAX (v->recs.end, s), (VmsState) rec->state, rec->aux, rec->aux2,
                       rec->flags);
    }
  if (wait_end > wait_start && wait_start >= 0)
    {
      BSpike spike = {
        VMS_SPIKE_THREAD_WAIT, wait_start, wait_end - wait_start, th->tid, wait_vcpu, 0, vm->index
      };

      vms_spike_top_add (&f->waits, &spike);
    }
  fresh.end = MAX (fresh.end, th->recs.end);
  vms_recs_clear (&th->recs);
  th->recs = fresh;
}

static void
mark_pcpu_vcpus (BMachine *host)
{
  for (guint c = 0; c < host->cpus->len; c++)
    {
      BCpu *cpu = g_ptr_array_index (host->cpus, c);

      for (guint64 i = 0; i < cpu->recs.n; i++)
        {
          VmsRec *rec = vms_recs_get (&cpu->recs, i);

          if (rec->state == VMS_STATE_RUNNING && rec->aux > 0
              && g_hash_table_contains (host->vcpus, GUINT_TO_POINTER (rec->aux)))
            rec->state = VMS_STATE_VCPU;
        }
    }
}

void
vms_model_refine (Fin *f)
{
  for (guint h = 0; h < n_machines (f); h++)
    {
      BMachine *host = machine (f, h);

      for (guint i = 0; i < host->all_vcpus->len; i++)
        {
          BVcpu *v = g_ptr_array_index (host->all_vcpus, i);

          if (v->tid >= 0)
            fill_vcpu_prefix (host, v);
        }
      if (host->has_kvm)
        mark_pcpu_vcpus (host);
    }
  for (guint i = 0; i < f->vms->len; i++)
    {
      BVm *vm = g_ptr_array_index (f->vms, i);
      BMachine *host = machine (f, vm->host);
      BMachine *guest = vm->guest >= 0 ? machine (f, (guint) vm->guest) : NULL;

      /* A guest whose clock could not be put on the host's says nothing reliable about when
       * its vCPUs idled or its threads really ran: its rows are shown, not crossed. */
      if (guest != NULL && guest->has_clock && g_strcmp0 (guest->quality, "absent") == 0
          && guest->clock_func != NULL)
        guest = NULL;
      for (guint k = 0; k < vm->vcpus->len; k++)
        {
          BVcpu *v = g_ptr_array_index (vm->vcpus, k);

          if (guest != NULL && (guint) v->vcpu_id < guest->cpus->len)
            split_vcpu_idle (v, &((BCpu *) g_ptr_array_index (guest->cpus, v->vcpu_id))->recs);
          scan_vcpu (f, host, v);
        }
      if (guest != NULL)
        {
          GHashTableIter iter;
          gpointer value;

          g_hash_table_iter_init (&iter, guest->threads);
          while (g_hash_table_iter_next (&iter, NULL, &value))
            split_thread_appeared (f, vm, value);
        }
    }
}
