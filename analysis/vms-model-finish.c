/* vms-model-finish.c — from the per-machine state machines to the model.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Once every trace is read and synchronized: guest intervals go to the host
 * clock (a monotone linear map), vCPU threads are grouped into VMs by their
 * QEMU process and tied to guest traces by vm_uid (or by hand), vCPU
 * intervals learn what the guest did (idle), guest-thread intervals learn
 * what the host did (appeared to run), preemptions learn who ran instead;
 * then statistics, spikes, rows and drawing summaries.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vms-model-finish-private.h"

/* ------------------------------------------------------------------------------------------
 * Clocks
 */
static gint64
to_reference (BMachine *m, gint64 ts)
{
  long double t;

  if (m->clock_func != NULL)
    return m->clock_func (m->index, ts, m->clock_data);
  if (!m->has_clock || (m->alpha == 1.0 && m->beta == 0.0))
    return ts;
  t = ((long double) ts - (long double) m->beta) / (long double) m->alpha;
  return (gint64) llroundl (t);
}

static void
convert_recs (BMachine *m, VmsRecs *recs)
{
  gint64 last = G_MININT64;

  for (guint64 i = 0; i < recs->n; i++)
    {
      VmsRec *rec = vms_recs_get (recs, i);

      rec->start = MAX (to_reference (m, rec->start), last);
      last = rec->start;
    }
  if (recs->n > 0)
    recs->end = MAX (to_reference (m, recs->end), last);
}

static gboolean
machine_needs_conversion (BMachine *m)
{
  return m->clock_func != NULL || (m->has_clock && (m->alpha != 1.0 || m->beta != 0.0));
}

static void
convert_machine (BMachine *m)
{
  GHashTableIter iter;
  gpointer value;

  if (!machine_needs_conversion (m))
    return;
  for (guint c = 0; c < m->cpus->len; c++)
    convert_recs (m, &((BCpu *) g_ptr_array_index (m->cpus, c))->recs);
  g_hash_table_iter_init (&iter, m->threads);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    convert_recs (m, &((BThread *) value)->recs);
  for (guint v = 0; v < m->all_vcpus->len; v++)
    convert_recs (m, &((BVcpu *) g_ptr_array_index (m->all_vcpus, v))->recs);
  if (m->begin <= m->end)
    {
      m->begin = to_reference (m, m->begin);
      m->end = to_reference (m, m->end);
    }
}

static void
close_machine (BMachine *m)
{
  GHashTableIter iter;
  gpointer value;

  if (m->begin > m->end)
    return;
  for (guint c = 0; c < m->cpus->len; c++)
    vms_recs_close (&((BCpu *) g_ptr_array_index (m->cpus, c))->recs, m->end);
  g_hash_table_iter_init (&iter, m->threads);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (!((BThread *) value)->dead)
      vms_recs_close (&((BThread *) value)->recs, m->end);
  for (guint v = 0; v < m->all_vcpus->len; v++)
    {
      BVcpu *vcpu = g_ptr_array_index (m->all_vcpus, v);

      vms_recs_close (&vcpu->recs, m->end);
      vms_bvcpu_close (vcpu, m->end);
    }
}

/* ------------------------------------------------------------------------------------------
 * VMs
 */
static void
bvm_free (gpointer data)
{
  BVm *vm = data;

  g_ptr_array_unref (vm->vcpus);
  g_free (vm);
}

static int
vcpu_pid (BMachine *host, BVcpu *v)
{
  BThread *th = find_thread (host, v->tid);

  return th != NULL && th->pid > 0 ? th->pid : v->tid;
}

static BVm *
find_vm (Fin *f, guint host, int pid)
{
  for (guint i = 0; i < f->vms->len; i++)
    {
      BVm *vm = g_ptr_array_index (f->vms, i);

      if (vm->host == host && vm->pid == pid)
        return vm;
    }
  return NULL;
}

static BVm *
add_vm (Fin *f, guint host, int pid)
{
  BVm *vm = find_vm (f, host, pid);

  if (vm == NULL)
    {
      vm = g_new0 (BVm, 1);
      vm->host = host;
      vm->pid = pid;
      vm->guest = -1;
      vm->vcpus = g_ptr_array_new ();
      g_ptr_array_add (f->vms, vm);
    }
  return vm;
}

static int
compare_vcpu_id (gconstpointer a, gconstpointer b)
{
  const BVcpu *va = *(BVcpu *const *) a;
  const BVcpu *vb = *(BVcpu *const *) b;

  return va->vcpu_id != vb->vcpu_id ? (va->vcpu_id < vb->vcpu_id ? -1 : 1)
                                    : (va->tid < vb->tid ? -1 : va->tid > vb->tid);
}

static int
compare_vm (gconstpointer a, gconstpointer b)
{
  const BVm *va = *(BVm *const *) a;
  const BVm *vb = *(BVm *const *) b;

  if (va->host != vb->host)
    return va->host < vb->host ? -1 : 1;
  return va->pid < vb->pid ? -1 : va->pid > vb->pid;
}

static int
host_of_guest (Fin *f, BMachine *g, int *pid)
{
  for (guint h = 0; h < n_machines (f); h++)
    {
      BMachine *host = machine (f, h);
      gpointer tid;

      if (!host->has_kvm)
        continue;
      if (g->tie_pid > 0)
        {
          *pid = g->tie_pid;
          return (int) h;
        }
      if (g->has_vm_uid && g_hash_table_lookup_extended (host->uid_tids, &g->vm_uid, NULL, &tid))
        {
          BThread *th = find_thread (host, GPOINTER_TO_INT (tid));

          *pid = th != NULL && th->pid > 0 ? th->pid : GPOINTER_TO_INT (tid);
          return (int) h;
        }
    }
  return -1;
}

static void
build_vms (Fin *f)
{
  for (guint h = 0; h < n_machines (f); h++)
    {
      BMachine *host = machine (f, h);

      for (guint i = 0; i < host->all_vcpus->len; i++)
        {
          BVcpu *v = g_ptr_array_index (host->all_vcpus, i);

          if (v->tid < 0 || v->vcpu_id < 0)
            continue;
          g_ptr_array_add (add_vm (f, h, vcpu_pid (host, v))->vcpus, v);
        }
    }
  for (guint g = 0; g < n_machines (f); g++)
    {
      BMachine *guest = machine (f, g);
      int pid = -1;
      int h;

      if (guest->has_kvm || (!guest->has_vm_uid && guest->tie_pid <= 0))
        continue;
      h = host_of_guest (f, guest, &pid);
      if (h >= 0)
        add_vm (f, (guint) h, pid)->guest = (int) g;
    }
  g_ptr_array_sort (f->vms, compare_vm);
  for (guint i = 0; i < f->vms->len; i++)
    {
      BVm *vm = g_ptr_array_index (f->vms, i);

      vm->index = i;
      g_ptr_array_sort (vm->vcpus, compare_vcpu_id);
    }
}

/* ------------------------------------------------------------------------------------------
 * Statistics
 */
static guint32
select_kth (guint32 *v, gsize n, gsize k)
{
  gsize lo = 0, hi = n - 1;

  while (lo < hi)
    {
      guint32 pivot = v[lo + (hi - lo) / 2];
      gsize i = lo, j = hi;

      while (i <= j)
        {
          while (v[i] < pivot)
            i++;
          while (v[j] > pivot)
            j--;
          if (i <= j)
            {
              guint32 t = v[i];

              v[i] = v[j];
              v[j] = t;
              i++;
              if (j == 0)
                break;
              j--;
            }
        }
      if (k <= j)
        hi = j;
      else if (k >= i)
        lo = i;
      else
        break;
    }
  return v[k];
}

/**
 * _vms_percentile_99:
 * @v: (array length=n): durations, reordered in place
 * @n: how many, at least 1
 *
 * Returns: the exact 99th percentile of @v: its ceil(0.99 n)-th smallest value.
 */
guint32
_vms_percentile_99 (guint32 *v, gsize n)
{
  gsize k = (gsize) ceil (0.99 * (double) n) - 1;

  return select_kth (v, n, MIN (k, n - 1));
}

static int
compare_exit_stats (gconstpointer a, gconstpointer b)
{
  const VmsExitStats *x = a;
  const VmsExitStats *y = b;

  if (x->vm != y->vm)
    return x->vm < y->vm ? -1 : 1;
  if (x->total != y->total)
    return x->total > y->total ? -1 : 1;
  return x->reason < y->reason ? -1 : x->reason > y->reason;
}

static void
exit_stats (Fin *f, BVm *vm)
{
  GArray *accs = g_array_new (FALSE, TRUE, sizeof (BExitAcc));

  for (guint k = 0; k < vm->vcpus->len; k++)
    {
      BVcpu *v = g_ptr_array_index (vm->vcpus, k);

      for (guint i = 0; i < v->exits->len; i++)
        {
          BExitAcc *a = &g_array_index (v->exits, BExitAcc, i);
          BExitAcc *m = NULL;

          for (guint j = 0; j < accs->len && m == NULL; j++)
            {
              BExitAcc *c = &g_array_index (accs, BExitAcc, j);

              if (c->isa == a->isa && c->reason == a->reason)
                m = c;
            }
          if (m == NULL)
            {
              BExitAcc fresh = { a->isa, a->reason, 0, 0, G_MAXINT64, 0, NULL };

              fresh.durations = g_array_new (FALSE, FALSE, sizeof (guint32));
              g_array_append_val (accs, fresh);
              m = &g_array_index (accs, BExitAcc, accs->len - 1);
            }
          m->count += a->count;
          m->total += a->total;
          m->min = MIN (m->min, a->min);
          m->max = MAX (m->max, a->max);
          g_array_append_vals (m->durations, a->durations->data, a->durations->len);
          g_clear_pointer (&a->durations, g_array_unref);
        }
    }
  for (guint j = 0; j < accs->len; j++)
    {
      BExitAcc *a = &g_array_index (accs, BExitAcc, j);
      VmsExitStats st = { 0 };
      const char *name = vms_exit_reason_name ((VmsIsa) a->isa, a->reason);
      g_autofree char *fallback = NULL;

      if (name == NULL)
        name = fallback = g_strdup_printf ("reason %u", a->reason);
      st.vm = vm->index;
      st.isa = (VmsIsa) a->isa;
      st.reason = a->reason;
      st.name = vms_model_intern (f->model, name);
      st.count = a->count;
      st.total = a->total;
      st.min = a->count > 0 ? a->min : 0;
      st.max = a->max;
      st.mean = a->count > 0 ? a->total / (gint64) a->count : 0;
      if (a->durations->len > 0)
        {
          st.p99
            = _vms_percentile_99 ((guint32 *) (gpointer) a->durations->data, a->durations->len);
        }
      g_array_append_val (f->model->exits, st);
      g_array_unref (a->durations);
    }
  g_array_unref (accs);
}

/* ------------------------------------------------------------------------------------------
 * Rows
 */
static VmsRecs *
take_recs (VmsRecs *recs)
{
  VmsRecs *heap = g_new (VmsRecs, 1);

  *heap = *recs;
  memset (recs, 0, sizeof *recs);
  return heap; /* summarized at the end, by summarize_rows() */
}

static char *
thread_name (VmsModelBuilder *b, BThread *th)
{
  const char *name = vms_model_builder_name (b, th->name_id);

  if (name == NULL)
    return NULL;
  if (th->name_is_path)
    return g_path_get_basename (name);
  return g_strdup (name);
}

static int
compare_thread_tid (gconstpointer a, gconstpointer b)
{
  const BThread *x = *(BThread *const *) a;
  const BThread *y = *(BThread *const *) b;

  return x->tid < y->tid ? -1 : x->tid > y->tid;
}

static void
add_thread_rows (Fin *f, guint mi, int parent, int vm)
{
  BMachine *m = machine (f, mi);
  g_autoptr (GPtrArray) threads = g_ptr_array_sized_new (g_hash_table_size (m->threads));
  GHashTableIter iter;
  gpointer value;
  int group = -1;

  g_hash_table_iter_init (&iter, m->threads);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (threads, value);

  g_ptr_array_sort (threads, compare_thread_tid);
  for (guint i = 0; i < threads->len; i++)
    {
      BThread *th = g_ptr_array_index (threads, i);
      g_autofree char *name = thread_name (f->b, th);
      g_autofree char *label = NULL;
      VmsThread t = { 0 };
      gint64 *key;

      if (th->recs.n == 0
          || (th->recs.n == 1 && vms_recs_get (&th->recs, 0)->state == VMS_STATE_UNKNOWN))
        continue; /* nothing but a name */
      if (group < 0)
        group = (int) vms_model_add_row (f->model, VMS_ROW_GROUP, parent, N_ ("Threads"), (int) mi,
                                         vm, -1, NULL);
      label = name != NULL ? g_strdup_printf ("%s (%d)", name, th->tid)
                           : g_strdup_printf ("tid %d", th->tid);
      t.machine = mi;
      t.vm = vm;
      t.tid = th->tid;
      t.pid = th->pid;
      t.name = vms_model_intern (f->model, name != NULL ? name : "");
      t.n_migrations = th->n_migrations;
      vms_recs_totals (&th->recs, G_MININT64, G_MAXINT64, t.totals);
      t.row = (int) vms_model_add_row (f->model, VMS_ROW_THREAD, group, label, (int) mi, vm,
                                       th->tid, take_recs (&th->recs));
      g_array_append_val (f->model->threads, t);
      key = g_new (gint64, 1);
      *key = ((gint64) mi << 32) | (guint32) th->tid;
      g_hash_table_insert (f->model->thread_index, key, GUINT_TO_POINTER (f->model->threads->len));
    }
}

static int
add_cpu_rows (Fin *f, guint mi, int parent, int vm, const char *group_label)
{
  BMachine *m = machine (f, mi);
  int group = -1;
  int first = -1;

  for (guint c = 0; c < m->cpus->len; c++)
    {
      BCpu *cpu = g_ptr_array_index (m->cpus, c);
      g_autofree char *label = g_strdup_printf ("CPU %u", c);
      int row;

      if (cpu->recs.n == 0 && vm < 0)
        continue; /* nothing says what ran there (no sched_switch) */
      if (group < 0)
        group = (int) vms_model_add_row (f->model, VMS_ROW_GROUP, parent, group_label, (int) mi, vm,
                                         -1, NULL);
      row = (int) vms_model_add_row (f->model, VMS_ROW_CPU, group, label, (int) mi, vm, (int) c,
                                     take_recs (&cpu->recs));
      if (first < 0)
        first = row;
    }
  return first;
}

static void
add_machine (Fin *f, guint mi, int vm)
{
  BMachine *m = machine (f, mi);
  VmsMachine mm = { 0 };

  mm.name = vms_model_intern (f->model, m->name);
  mm.path = vms_model_intern (f->model, m->path);
  mm.role = m->role_set ? m->role : VMS_TRACE_ROLE_MACHINE;
  if (m->has_kvm)
    mm.role = VMS_TRACE_ROLE_HOST;
  else if (!m->role_set && m->has_guest_sync)
    mm.role = VMS_TRACE_ROLE_GUEST;
  mm.n_cpus = MAX (m->n_cpus, m->cpus->len);
  mm.n_events = m->n_events > 0 ? m->n_events : m->n_fed;
  mm.begin = m->begin <= m->end ? m->begin : 0;
  mm.end = m->begin <= m->end ? m->end : 0;
  mm.row = -1;
  mm.vm = vm;
  mm.sync_reference = vms_model_intern (f->model, m->reference);
  mm.alpha = m->alpha;
  mm.beta = m->beta;
  mm.sync_quality = vms_model_intern (f->model, m->quality);
  mm.accuracy = m->accuracy;
  mm.matches = m->matches;
  g_array_append_val (f->model->machines, mm);
}

static void
add_vm_rows (Fin *f, BVm *vm)
{
  VmsModel *model = f->model;
  BMachine *host = machine (f, vm->host);
  BMachine *guest = vm->guest >= 0 ? machine (f, (guint) vm->guest) : NULL;
  BThread *leader = find_thread (host, vm->pid);
  g_autofree char *qemu_name = leader != NULL ? thread_name (f->b, leader) : NULL;
  g_autofree char *fallback = qemu_name != NULL ? g_strdup_printf ("%s (%d)", qemu_name, vm->pid)
                                                : g_strdup_printf ("VM %d", vm->pid);
  VmsVm v = { 0 };
  int group;
  int first_cpu_row = -1;

  v.name = vms_model_intern (model, guest != NULL ? guest->name : fallback);
  v.qemu_pid = vm->pid;
  v.machine = vm->guest;
  v.has_vm_uid = guest != NULL && guest->has_vm_uid;
  v.vm_uid = v.has_vm_uid ? guest->vm_uid : 0;
  v.first_vcpu = model->vcpus->len;
  v.n_vcpus = vm->vcpus->len;
  group = (int) vms_model_add_row (model, VMS_ROW_GROUP, -1, v.name, vm->guest, (int) vm->index, -1,
                                   NULL);
  v.row = group;
  if (guest != NULL)
    g_array_index (model->machines, VmsMachine, vm->guest).vm = (int) vm->index;

  for (guint k = 0; k < vm->vcpus->len; k++)
    {
      BVcpu *b = g_ptr_array_index (vm->vcpus, k);
      g_autofree char *label = g_strdup_printf ("vCPU %d", b->vcpu_id);
      VmsVcpu c = { 0 };
      gint64 busy;

      c.vm = vm->index;
      c.id = (guint) b->vcpu_id;
      c.host_tid = b->tid;
      c.n_preemptions = b->n_preemptions;
      c.n_exits = b->n_exits;
      vms_recs_totals (&b->recs, G_MININT64, G_MAXINT64, c.totals);
      busy = c.totals[VMS_STATE_RUNNING] + c.totals[VMS_STATE_HYPERVISOR]
             + c.totals[VMS_STATE_PREEMPTED];
      c.overhead = busy > 0
                     ? (double) (c.totals[VMS_STATE_HYPERVISOR] + c.totals[VMS_STATE_PREEMPTED])
                         / (double) busy
                     : 0.0;
      for (guint s = 0; s < VMS_N_STATES; s++)
        v.totals[s] += c.totals[s];
      c.row = (int) vms_model_add_row (model, VMS_ROW_VCPU, group, label, (int) vm->host,
                                       (int) vm->index, b->vcpu_id, take_recs (&b->recs));
      g_array_append_val (model->vcpus, c);
      if (vm->host == (guint) model->host)
        g_hash_table_insert (model->host_vcpus, GINT_TO_POINTER (b->tid),
                             GUINT_TO_POINTER (model->vcpus->len));
    }
  {
    gint64 busy = v.totals[VMS_STATE_RUNNING] + v.totals[VMS_STATE_HYPERVISOR]
                  + v.totals[VMS_STATE_PREEMPTED];

    v.overhead = busy > 0
                   ? (double) (v.totals[VMS_STATE_HYPERVISOR] + v.totals[VMS_STATE_PREEMPTED])
                       / (double) busy
                   : 0.0;
  }
  if (guest != NULL)
    {
      add_thread_rows (f, (guint) vm->guest, group, (int) vm->index);
      first_cpu_row
        = add_cpu_rows (f, (guint) vm->guest, group, (int) vm->index, N_ ("Guest CPUs"));
    }
  model->guest_cpu_rows = g_renew (int, model->guest_cpu_rows, MAX (model->vcpus->len, 1));
  for (guint k = 0; k < vm->vcpus->len; k++)
    {
      BVcpu *b = g_ptr_array_index (vm->vcpus, k);

      model->guest_cpu_rows[v.first_vcpu + k]
        = first_cpu_row >= 0 && guest != NULL && (guint) b->vcpu_id < guest->cpus->len
            ? first_cpu_row + b->vcpu_id
            : -1;
    }
  g_array_append_val (model->vms, v);
}

/* ------------------------------------------------------------------------------------------
 * Spikes
 */
static int
find_vcpu_index (VmsModel *model, int host_tid)
{
  return GPOINTER_TO_INT (g_hash_table_lookup (model->host_vcpus, GINT_TO_POINTER (host_tid))) - 1;
}

static void
add_vcpu_spike (Fin *f, const BSpike *s)
{
  VmsModel *model = f->model;
  int vi = find_vcpu_index (model, s->tid);
  const VmsVcpu *vcpu;
  VmsSpike spike = { 0 };
  VmsInterval at;

  if (vi < 0)
    return;
  vcpu = &g_array_index (model->vcpus, VmsVcpu, vi);
  spike.kind = s->kind;
  spike.vm = vcpu->vm;
  spike.vcpu = vcpu->id;
  spike.start = s->start;
  spike.duration = s->duration;
  spike.exit_reason = s->kind == VMS_SPIKE_HYPERVISOR ? s->cause : -1;
  spike.isa = s->kind == VMS_SPIKE_HYPERVISOR ? (VmsIsa) s->isa : VMS_ISA_UNKNOWN;
  spike.preempted_by = -1;
  spike.preempted_by_vm = -1;
  spike.preempted_by_vcpu = -1;
  spike.guest_tid = -1;
  if (vms_model_hit_test (model, (guint) vcpu->row, s->start, &at))
    {
      spike.guest_tid = at.guest_tid;
      if (s->kind == VMS_SPIKE_PREEMPTION)
        {
          spike.preempted_by = at.tid;
          spike.preempted_by_vm = at.vm;
          spike.preempted_by_vcpu = at.vcpu;
        }
    }
  g_array_append_val (model->spikes, spike);
}

static int
compare_spikes (gconstpointer a, gconstpointer b)
{
  const VmsSpike *x = a;
  const VmsSpike *y = b;

  if (x->duration != y->duration)
    return x->duration > y->duration ? -1 : 1;
  return x->start < y->start ? -1 : x->start > y->start;
}

static void
add_spikes (Fin *f)
{
  VmsModel *model = f->model;

  for (guint i = 0; i < f->preempt.n; i++)
    add_vcpu_spike (f, &f->preempt.items[i]);
  for (guint i = 0; i < f->hyp.n; i++)
    add_vcpu_spike (f, &f->hyp.items[i]);
  for (guint i = 0; i < f->waits.n; i++)
    {
      const BSpike *s = &f->waits.items[i];
      VmsSpike spike = { 0 };
      const VmsVm *vm = &g_array_index (model->vms, VmsVm, s->vm);
      const VmsThread *th
        = vm->machine >= 0 ? vms_model_find_thread (model, (guint) vm->machine, s->tid) : NULL;
      g_autoptr (GArray) parts = g_array_new (FALSE, FALSE, sizeof (VmsInterval));
      VmsInterval at = { 0 };
      gboolean found = FALSE;

      spike.kind = VMS_SPIKE_THREAD_WAIT;
      spike.vm = s->vm;
      spike.vcpu = (guint) s->cause;
      spike.start = s->start;
      spike.duration = s->duration;
      spike.exit_reason = -1;
      spike.preempted_by = -1;
      spike.preempted_by_vm = -1;
      spike.preempted_by_vcpu = -1;
      spike.guest_tid = s->tid;
      /* the cause: that of the longest part of the wait */
      if (th != NULL)
        vms_model_get_intervals (model, (guint) th->row, s->start, s->start + s->duration, parts);
      for (guint k = 0; k < parts->len; k++)
        {
          const VmsInterval *part = &g_array_index (parts, VmsInterval, k);

          if (part->state == VMS_STATE_APPEARED
              && (!found || part->end - part->start > at.end - at.start))
            {
              at = *part;
              found = TRUE;
            }
        }
      if (found)
        {
          if (at.cause == VMS_STATE_HYPERVISOR)
            {
              spike.exit_reason = at.exit_reason;
              spike.isa = at.isa;
            }
          else if (at.tid >= 0)
            {
              int vi = find_vcpu_index (model, at.tid);

              spike.preempted_by = at.tid;
              if (vi >= 0)
                {
                  spike.preempted_by_vm = (int) g_array_index (model->vcpus, VmsVcpu, vi).vm;
                  spike.preempted_by_vcpu = (int) g_array_index (model->vcpus, VmsVcpu, vi).id;
                }
            }
        }
      g_array_append_val (model->spikes, spike);
    }
  g_array_sort (model->spikes, compare_spikes);
}

/* ------------------------------------------------------------------------------------------
 * Drawing summaries: rows are independent, so they are summarized on every core, the biggest
 * first from a shared queue.
 */
typedef struct {
  GPtrArray *recs; /* VmsRecs, biggest first */
  gint next;
} SummarizeQueue;

static gpointer
summarize_worker (gpointer data)
{
  SummarizeQueue *queue = data;
  gint i;

  while ((i = g_atomic_int_add (&queue->next, 1)) < (gint) queue->recs->len)
    vms_recs_summarize (g_ptr_array_index (queue->recs, i));
  return NULL;
}

static int
compare_recs_size (gconstpointer a, gconstpointer b)
{
  const VmsRecs *x = *(VmsRecs *const *) a;
  const VmsRecs *y = *(VmsRecs *const *) b;

  return x->n > y->n ? -1 : x->n < y->n;
}

static void
summarize_rows (VmsModel *model)
{
  SummarizeQueue queue = { g_ptr_array_new (), 0 };
  GThread *threads[3];
  guint n_threads = CLAMP (g_get_num_processors (), 1, 4) - 1;

  for (guint i = 0; i < model->rows->len; i++)
    {
      VmsModelRow *row = &g_array_index (model->rows, VmsModelRow, i);

      if (row->recs != NULL)
        g_ptr_array_add (queue.recs, row->recs);
    }
  g_ptr_array_sort (queue.recs, compare_recs_size);
  for (guint t = 0; t < n_threads; t++)
    threads[t] = g_thread_new ("vms-summarize", summarize_worker, &queue);
  summarize_worker (&queue);
  for (guint t = 0; t < n_threads; t++)
    g_thread_join (threads[t]);
  g_ptr_array_unref (queue.recs);
}

/* ------------------------------------------------------------------------------------------ */

VmsModel *
vms_model_builder_finish (VmsModelBuilder *self)
{
  Fin f = { 0 };
  VmsModel *model = vms_model_new_empty ();
  gint64 begin = G_MAXINT64, end = G_MININT64;

  f.b = self;
  f.model = model;
  f.vms = g_ptr_array_new_with_free_func (bvm_free);

  for (guint i = 0; i < n_machines (&f); i++)
    {
      BMachine *m = machine (&f, i);

      close_machine (m);
      convert_machine (m);
      if (m->has_kvm && model->host < 0)
        model->host = (int) i;
      if (m->begin <= m->end)
        {
          begin = MIN (begin, m->begin);
          end = MAX (end, m->end);
        }
      add_machine (&f, i, -1);
    }
  model->begin = begin <= end ? begin : 0;
  model->end = begin <= end ? end : 0;

  build_vms (&f);
  vms_model_refine (&f);

  /* Rows: VMs, then hosts, then the other machines (plain, or guests tied to no VM) */
  for (guint i = 0; i < f.vms->len; i++)
    add_vm_rows (&f, g_ptr_array_index (f.vms, i));
  for (guint i = 0; i < f.vms->len; i++)
    exit_stats (&f, g_ptr_array_index (f.vms, i));
  g_array_sort (model->exits, compare_exit_stats);
  for (guint i = 0; i < n_machines (&f); i++)
    {
      BMachine *m = machine (&f, i);
      VmsMachine *mm = &g_array_index (model->machines, VmsMachine, i);
      g_autofree char *label = NULL;
      int group;

      if (mm->vm >= 0)
        continue;
      label = m->has_kvm ? g_strdup_printf ("Host %s", m->name) : g_strdup (m->name);
      group = (int) vms_model_add_row (model, VMS_ROW_GROUP, -1, label, (int) i, -1, -1, NULL);
      mm->row = group;
      add_cpu_rows (&f, i, group, -1, N_ ("CPUs"));
      add_thread_rows (&f, i, group, -1);
    }
  for (guint i = 0; i < model->vms->len; i++)
    {
      VmsVm *vm = &g_array_index (model->vms, VmsVm, i);

      if (vm->machine >= 0)
        g_array_index (model->machines, VmsMachine, vm->machine).row = vm->row;
    }
  add_spikes (&f);
  summarize_rows (model);

  g_ptr_array_unref (f.vms);
  vms_model_builder_free (self);
  return model;
}
