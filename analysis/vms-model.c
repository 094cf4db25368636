/* vms-model.c — VmsModel: the immutable result, its accessors and queries.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include "vms-model-private.h"

G_DEFINE_FINAL_TYPE (VmsModel, vms_model, G_TYPE_OBJECT)

static void
vms_model_finalize (GObject *object)
{
  VmsModel *self = VMS_MODEL (object);

  for (guint i = 0; i < self->rows->len; i++)
    {
      VmsModelRow *row = &g_array_index (self->rows, VmsModelRow, i);

      if (row->recs != NULL)
        {
          vms_recs_clear (row->recs);
          g_free (row->recs);
        }
    }
  g_array_unref (self->rows);
  g_array_unref (self->machines);
  g_array_unref (self->vms);
  g_array_unref (self->vcpus);
  g_array_unref (self->threads);
  g_array_unref (self->exits);
  g_array_unref (self->spikes);
  g_hash_table_unref (self->host_vcpus);
  g_hash_table_unref (self->thread_index);
  g_string_chunk_free (self->strings);
  g_free (self->guest_cpu_rows);

  G_OBJECT_CLASS (vms_model_parent_class)->finalize (object);
}

static void
vms_model_class_init (VmsModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vms_model_finalize;
}

static void
vms_model_init (VmsModel *self)
{
  self->rows = g_array_new (FALSE, TRUE, sizeof (VmsModelRow));
  self->machines = g_array_new (FALSE, TRUE, sizeof (VmsMachine));
  self->vms = g_array_new (FALSE, TRUE, sizeof (VmsVm));
  self->vcpus = g_array_new (FALSE, TRUE, sizeof (VmsVcpu));
  self->threads = g_array_new (FALSE, TRUE, sizeof (VmsThread));
  self->exits = g_array_new (FALSE, TRUE, sizeof (VmsExitStats));
  self->spikes = g_array_new (FALSE, TRUE, sizeof (VmsSpike));
  self->host_vcpus = g_hash_table_new (g_direct_hash, g_direct_equal);
  self->thread_index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->strings = g_string_chunk_new (4096);
  self->host = -1;
}

VmsModel *
vms_model_new_empty (void)
{
  return g_object_new (VMS_TYPE_MODEL, NULL);
}

const char *
vms_model_intern (VmsModel *self, const char *str)
{
  return str != NULL ? g_string_chunk_insert_const (self->strings, str) : NULL;
}

guint
vms_model_add_row (VmsModel *self,
                   VmsRowKind kind,
                   int parent,
                   const char *label,
                   int machine,
                   int vm,
                   int id,
                   VmsRecs *recs)
{
  VmsModelRow row = { 0 };

  row.row.kind = kind;
  row.row.parent = parent;
  row.row.depth = parent < 0 ? 0 : g_array_index (self->rows, VmsModelRow, parent).row.depth + 1;
  row.row.label = vms_model_intern (self, label);
  row.row.machine = machine;
  row.row.vm = vm;
  row.row.id = id;
  row.recs = recs;
  g_array_append_val (self->rows, row);
  return self->rows->len - 1;
}

gint64
vms_model_get_begin (VmsModel *self)
{
  g_return_val_if_fail (VMS_IS_MODEL (self), 0);
  return self->begin;
}

gint64
vms_model_get_end (VmsModel *self)
{
  g_return_val_if_fail (VMS_IS_MODEL (self), 0);
  return self->end;
}

guint
vms_model_get_n_rows (VmsModel *self)
{
  g_return_val_if_fail (VMS_IS_MODEL (self), 0);
  return self->rows->len;
}

static const VmsModelRow *
get_model_row (VmsModel *self, guint row)
{
  if (row >= self->rows->len)
    return NULL;
  return &g_array_index (self->rows, VmsModelRow, row);
}

const VmsRow *
vms_model_get_row (VmsModel *self, guint row)
{
  const VmsModelRow *r;

  g_return_val_if_fail (VMS_IS_MODEL (self), NULL);
  r = get_model_row (self, row);
  return r != NULL ? &r->row : NULL;
}

void
vms_model_get_row_range (VmsModel *self, guint row, gint64 *begin, gint64 *end)
{
  const VmsModelRow *r;
  gint64 b = 0, e = 0;

  g_return_if_fail (VMS_IS_MODEL (self));
  r = get_model_row (self, row);
  if (r != NULL && r->recs != NULL && r->recs->n > 0)
    {
      b = vms_recs_get (r->recs, 0)->start;
      e = r->recs->end;
    }
  if (begin != NULL)
    *begin = b;
  if (end != NULL)
    *end = e;
}

guint
vms_model_query (
  VmsModel *self, guint row, gint64 begin, gint64 end, gint64 ns_per_pixel, GArray *items)
{
  const VmsModelRow *r;

  g_return_val_if_fail (VMS_IS_MODEL (self), 0);
  g_return_val_if_fail (items != NULL && g_array_get_element_size (items) == sizeof (VmsModelItem),
                        0);
  r = get_model_row (self, row);
  if (r == NULL || r->recs == NULL)
    {
      g_array_set_size (items, 0);
      return 0;
    }
  return vms_recs_query (r->recs, begin, end, ns_per_pixel, items);
}

static int
vcpu_of_tid (VmsModel *self, int tid)
{
  return GPOINTER_TO_INT (g_hash_table_lookup (self->host_vcpus, GINT_TO_POINTER (tid))) - 1;
}

void
vms_model_fill_interval (VmsModel *self, const VmsModelRow *row, guint64 index, VmsInterval *out)
{
  const VmsRec *rec = vms_recs_get (row->recs, index);
  gboolean has_aux = (rec->flags & VMS_REC_HAS_AUX) != 0;
  int v;

  out->start = rec->start;
  out->end = vms_recs_end_of (row->recs, index);
  out->state = (VmsState) rec->state;
  out->cpu = rec->aux2 == G_MAXUINT16 ? -1 : rec->aux2;
  out->tid = -1;
  out->exit_reason = -1;
  out->isa = VMS_ISA_UNKNOWN;
  out->vm = -1;
  out->vcpu = -1;
  out->cause = VMS_STATE_UNKNOWN;
  out->guest_tid = -1;
  out->guest_state = (VmsState) rec->state;

  switch (row->row.kind)
    {
      case VMS_ROW_CPU:
        out->cpu = row->row.id;
        out->tid = has_aux ? (int) rec->aux : -1;
        if (rec->state == VMS_STATE_VCPU && (v = vcpu_of_tid (self, out->tid)) >= 0)
          {
            const VmsVcpu *vcpu = &g_array_index (self->vcpus, VmsVcpu, v);

            out->vm = (int) vcpu->vm;
            out->vcpu = (int) vcpu->id;
          }
        break;

      case VMS_ROW_VCPU:
        if (rec->state == VMS_STATE_HYPERVISOR && has_aux)
          {
            out->exit_reason = (int) rec->aux;
            out->isa = VMS_REC_ISA (rec);
          }
        else if (rec->state == VMS_STATE_PREEMPTED && has_aux)
          {
            out->tid = (int) rec->aux;
            if ((v = vcpu_of_tid (self, out->tid)) >= 0)
              {
                const VmsVcpu *vcpu = &g_array_index (self->vcpus, VmsVcpu, v);

                out->vm = (int) vcpu->vm;
                out->vcpu = (int) vcpu->id;
              }
          }
        if (self->guest_cpu_rows != NULL && row->row.vm >= 0)
          {
            const VmsVm *vm = &g_array_index (self->vms, VmsVm, row->row.vm);

            for (guint k = 0; k < vm->n_vcpus; k++)
              {
                int gr = self->guest_cpu_rows[vm->first_vcpu + k];
                VmsInterval g;

                if (g_array_index (self->vcpus, VmsVcpu, vm->first_vcpu + k).id
                    != (guint) row->row.id)
                  continue;
                if (gr >= 0 && vms_model_hit_test (self, (guint) gr, out->start, &g))
                  out->guest_tid = g.tid;
                break;
              }
          }
        break;

      case VMS_ROW_THREAD:
        if (rec->state == VMS_STATE_APPEARED)
          {
            out->cause = VMS_REC_CAUSE (rec);
            out->guest_state = VMS_REC_SEEN (rec);
            if (out->cause == VMS_STATE_HYPERVISOR && has_aux)
              {
                out->exit_reason = (int) rec->aux;
                out->isa = VMS_REC_ISA (rec);
              }
            else if (has_aux)
              out->tid = (int) rec->aux;
          }
        break;

      case VMS_ROW_GROUP:
      default:
        break;
    }
}

gboolean
vms_model_hit_test (VmsModel *self, guint row, gint64 time, VmsInterval *out)
{
  const VmsModelRow *r;
  gint64 i;

  g_return_val_if_fail (VMS_IS_MODEL (self), FALSE);
  r = get_model_row (self, row);
  if (r == NULL || r->recs == NULL)
    return FALSE;
  i = vms_recs_find (r->recs, time);
  if (i < 0 || time >= vms_recs_end_of (r->recs, (guint64) i))
    return FALSE;
  if (out != NULL)
    vms_model_fill_interval (self, r, (guint64) i, out);
  return TRUE;
}

guint
vms_model_get_intervals (VmsModel *self, guint row, gint64 begin, gint64 end, GArray *out)
{
  const VmsModelRow *r;
  gint64 i;

  g_return_val_if_fail (VMS_IS_MODEL (self), 0);
  g_return_val_if_fail (out != NULL && g_array_get_element_size (out) == sizeof (VmsInterval), 0);
  g_array_set_size (out, 0);
  r = get_model_row (self, row);
  if (r == NULL || r->recs == NULL || r->recs->n == 0)
    return 0;
  i = vms_recs_find (r->recs, begin);
  if (i < 0)
    i = 0;
  for (; (guint64) i < r->recs->n; i++)
    {
      VmsInterval interval;

      if (vms_recs_get (r->recs, (guint64) i)->start >= end)
        break;
      if (vms_recs_end_of (r->recs, (guint64) i) <= begin)
        continue;
      vms_model_fill_interval (self, r, (guint64) i, &interval);
      g_array_append_val (out, interval);
    }
  return out->len;
}

void
vms_model_get_totals (
  VmsModel *self, guint row, gint64 begin, gint64 end, gint64 totals[VMS_N_STATES])
{
  const VmsModelRow *r;

  g_return_if_fail (VMS_IS_MODEL (self));
  for (guint s = 0; s < VMS_N_STATES; s++)
    totals[s] = 0;
  r = get_model_row (self, row);
  if (r != NULL && r->recs != NULL)
    vms_recs_totals (r->recs, begin, end, totals);
}

#define DEFINE_LIST(name, field, type)                           \
  guint vms_model_get_n_##name##s (VmsModel *self)               \
  {                                                              \
    g_return_val_if_fail (VMS_IS_MODEL (self), 0);               \
    return self->field->len;                                     \
  }                                                              \
  const type *vms_model_get_##name (VmsModel *self, guint index) \
  {                                                              \
    g_return_val_if_fail (VMS_IS_MODEL (self), NULL);            \
    g_return_val_if_fail (index < self->field->len, NULL);       \
    return &g_array_index (self->field, type, index);            \
  }

DEFINE_LIST (machine, machines, VmsMachine)
DEFINE_LIST (vm, vms, VmsVm)
DEFINE_LIST (vcpu, vcpus, VmsVcpu)
DEFINE_LIST (thread, threads, VmsThread)
DEFINE_LIST (spike, spikes, VmsSpike)

guint
vms_model_get_n_exit_stats (VmsModel *self)
{
  g_return_val_if_fail (VMS_IS_MODEL (self), 0);
  return self->exits->len;
}

const VmsExitStats *
vms_model_get_exit_stats (VmsModel *self, guint index)
{
  g_return_val_if_fail (VMS_IS_MODEL (self), NULL);
  g_return_val_if_fail (index < self->exits->len, NULL);
  return &g_array_index (self->exits, VmsExitStats, index);
}

int
vms_model_get_host (VmsModel *self)
{
  g_return_val_if_fail (VMS_IS_MODEL (self), -1);
  return self->host;
}

const VmsThread *
vms_model_find_thread (VmsModel *self, guint machine, int tid)
{
  gint64 key = ((gint64) machine << 32) | (guint32) tid;
  guint index;

  g_return_val_if_fail (VMS_IS_MODEL (self), NULL);
  index = GPOINTER_TO_UINT (g_hash_table_lookup (self->thread_index, &key));
  return index > 0 ? &g_array_index (self->threads, VmsThread, index - 1) : NULL;
}

char *
vms_model_thread_label (VmsModel *self, guint machine, int tid)
{
  const VmsThread *th;
  int v;

  g_return_val_if_fail (VMS_IS_MODEL (self), NULL);
  if (tid == 0)
    return g_strdup ("idle");
  if ((int) machine == self->host && (v = vcpu_of_tid (self, tid)) >= 0)
    {
      const VmsVcpu *vcpu = &g_array_index (self->vcpus, VmsVcpu, v);

      return g_strdup_printf ("%s vCPU %u", g_array_index (self->vms, VmsVm, vcpu->vm).name,
                              vcpu->id);
    }
  th = vms_model_find_thread (self, machine, tid);
  if (th != NULL && th->name != NULL && *th->name != '\0')
    return g_strdup_printf ("%s (%d)", th->name, tid);
  return g_strdup_printf ("tid %d", tid);
}
