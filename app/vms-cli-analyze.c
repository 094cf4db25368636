/* vms-cli-analyze.c — `vmscope analyze PATH... [--json] [--intervals] [--range A..B]
 * [--vm GUEST=PID] [--reference NAME] [--offset NAME=NS]`: the whole VM analysis, no display.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vms-cli-memory.h"
#include "vms-cli.h"
#include "vms-time.h"

#define MAX_THREADS_SHOWN 8

/* ------------------------------------------------------------------------------------------
 * Text
 */
typedef struct {
  VmsAnalysis *analysis;
  VmsModel *model;
  gint64 begin;
  gint64 end;
  gboolean ranged;
  gboolean intervals;
  GString *out;
} Report;

static double
percent (gint64 part, gint64 whole)
{
  return whole > 0 ? 100.0 * (double) part / (double) whole : 0.0;
}

static void
row_totals (Report *r, int row, gint64 totals[VMS_N_STATES])
{
  vms_model_get_totals (r->model, (guint) row, r->begin, r->end, totals);
}

static void
print_states (GString *out, const gint64 *totals, const VmsState *states, guint n)
{
  gint64 all = 0;

  for (guint i = 0; i < n; i++)
    all += totals[states[i]];
  for (guint i = 0; i < n; i++)
    if (totals[states[i]] > 0)
      g_string_append_printf (out, "  %s %.1f %%", vms_state_to_string (states[i]),
                              percent (totals[states[i]], all));
}

static const VmsState vcpu_states[] = { VMS_STATE_RUNNING, VMS_STATE_IDLE, VMS_STATE_HYPERVISOR,
                                        VMS_STATE_PREEMPTED, VMS_STATE_UNKNOWN };
static const VmsState thread_states[]
  = { VMS_STATE_RUNNING,  VMS_STATE_SYSCALL, VMS_STATE_INTERRUPTED,
      VMS_STATE_RUNNABLE, VMS_STATE_BLOCKED, VMS_STATE_UNKNOWN };
static const VmsState cpu_states[]
  = { VMS_STATE_VCPU, VMS_STATE_RUNNING, VMS_STATE_IDLE, VMS_STATE_UNKNOWN };

static void
print_machines (Report *r)
{
  GString *out = r->out;

  g_string_append (out, _ ("Machines\n"));
  for (guint i = 0; i < vms_model_get_n_machines (r->model); i++)
    {
      const VmsMachine *m = vms_model_get_machine (r->model, i);
      g_autofree char *length = vms_time_format_duration (m->end - m->begin, 3);

      g_string_append_printf (out, _ ("  %s (%s, %s): %u CPUs, %" G_GUINT64_FORMAT " events, %s\n"),
                              m->name, vms_trace_role_to_string (m->role), m->path, m->n_cpus,
                              m->n_events, length);
      if (m->sync_reference != NULL)
        g_string_append_printf (
          out,
          _ ("    clock: t = %.12g × t_%s %+.1f ns (%s, accuracy %.3g, %" G_GUINT64_FORMAT
             " matches)\n"),
          m->alpha, m->sync_reference, m->beta, m->sync_quality ? m->sync_quality : "?",
          m->accuracy, m->matches);
    }
}

static void
print_busy_threads (Report *r, guint machine, int vm)
{
  g_autoptr (GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));
  gint64 *busy = NULL;
  guint n = vms_model_get_n_threads (r->model);

  busy = g_new0 (gint64, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      const VmsThread *th = vms_model_get_thread (r->model, i);
      gint64 totals[VMS_N_STATES];

      if (th->machine != machine || th->vm != vm)
        continue;
      row_totals (r, th->row, totals);
      busy[i]
        = totals[VMS_STATE_RUNNING] + totals[VMS_STATE_SYSCALL] + totals[VMS_STATE_INTERRUPTED];
      if (busy[i] > 0)
        g_array_append_val (order, i);
    }
  /* the busiest first: a short selection sort over a handful */
  for (guint k = 0; k < MIN (order->len, MAX_THREADS_SHOWN); k++)
    {
      guint best = k;
      const VmsThread *th;
      gint64 totals[VMS_N_STATES];

      for (guint j = k + 1; j < order->len; j++)
        if (busy[g_array_index (order, guint, j)] > busy[g_array_index (order, guint, best)])
          best = j;
      if (best != k)
        {
          guint t = g_array_index (order, guint, k);

          g_array_index (order, guint, k) = g_array_index (order, guint, best);
          g_array_index (order, guint, best) = t;
        }
      th = vms_model_get_thread (r->model, g_array_index (order, guint, k));
      row_totals (r, th->row, totals);
      g_string_append_printf (r->out, "      %s (%d):", *th->name ? th->name : "?", th->tid);
      print_states (r->out, totals, thread_states, G_N_ELEMENTS (thread_states));
      if (totals[VMS_STATE_APPEARED] > 0)
        {
          g_autofree char *d = vms_time_format_duration (totals[VMS_STATE_APPEARED], 3);

          g_string_append_printf (r->out, _ ("; only appeared to run %s"), d);
        }
      g_string_append_c (r->out, '\n');
    }
  if (order->len > MAX_THREADS_SHOWN)
    g_string_append_printf (r->out, _ ("      … and %u more threads\n"),
                            order->len - MAX_THREADS_SHOWN);
  g_free (busy);
}

/* Guest-looking traces tied to no VM: say how to tie them. */
static void
print_untied (Report *r)
{
  gboolean untraced = FALSE;

  for (guint v = 0; v < vms_model_get_n_vms (r->model); v++)
    if (vms_model_get_vm (r->model, v)->machine < 0)
      untraced = TRUE;
  if (!untraced)
    return;
  for (guint i = 0; i < vms_model_get_n_machines (r->model); i++)
    {
      const VmsMachine *m = vms_model_get_machine (r->model, i);

      if (m->vm >= 0 || m->role == VMS_TRACE_ROLE_HOST)
        continue;
      g_string_append_printf (
        r->out,
        _ ("  (%s is tied to no VM: if it is one of the guests above, say which with --vm %s=PID, "
           "and without sync events place its clock with --offset %s=NS)\n"),
        m->name, m->name, m->name);
    }
}

static void
print_vms (Report *r)
{
  GString *out = r->out;

  if (vms_model_get_n_vms (r->model) == 0)
    {
      g_string_append (out, _ ("\nNo virtual machines: no trace has KVM events "
                               "(kvm_x86_entry / kvm_entry), so there are no vCPU states.\n"));
      return;
    }
  g_string_append (out, _ ("\nVirtual machines\n"));
  for (guint v = 0; v < vms_model_get_n_vms (r->model); v++)
    {
      const VmsVm *vm = vms_model_get_vm (r->model, v);
      gint64 sum[VMS_N_STATES] = { 0 };
      gint64 busy;

      for (guint k = 0; k < vm->n_vcpus; k++)
        {
          gint64 totals[VMS_N_STATES];

          row_totals (r, vms_model_get_vcpu (r->model, vm->first_vcpu + k)->row, totals);
          for (guint s = 0; s < VMS_N_STATES; s++)
            sum[s] += totals[s];
        }
      busy = sum[VMS_STATE_RUNNING] + sum[VMS_STATE_HYPERVISOR] + sum[VMS_STATE_PREEMPTED];
      if (vm->machine < 0) /* named after its QEMU process, pid included */
        g_string_append_printf (out, _ ("  %s (guest not traced"), vm->name);
      else
        g_string_append_printf (out, _ ("  %s (QEMU pid %d"), vm->name, vm->qemu_pid);
      if (vm->has_vm_uid)
        g_string_append_printf (out, ", vm_uid %" G_GUINT64_FORMAT, vm->vm_uid);
      g_string_append_printf (out, _ ("): %u vCPUs, virtualization overhead %.2f %%\n"),
                              vm->n_vcpus,
                              percent (sum[VMS_STATE_HYPERVISOR] + sum[VMS_STATE_PREEMPTED], busy));
      for (guint k = 0; k < vm->n_vcpus; k++)
        {
          const VmsVcpu *vcpu = vms_model_get_vcpu (r->model, vm->first_vcpu + k);
          gint64 totals[VMS_N_STATES];

          row_totals (r, vcpu->row, totals);
          g_string_append_printf (out, _ ("    vCPU %u (tid %d):"), vcpu->id, vcpu->host_tid);
          print_states (out, totals, vcpu_states, G_N_ELEMENTS (vcpu_states));
          g_string_append_printf (
            out, _ ("; %" G_GUINT64_FORMAT " exits, %" G_GUINT64_FORMAT " preemptions\n"),
            vcpu->n_exits, vcpu->n_preemptions);
        }
      if (vm->machine >= 0)
        {
          g_string_append (out, _ ("    busiest guest threads:\n"));
          print_busy_threads (r, (guint) vm->machine, (int) v);
        }
    }
  print_untied (r);
}

static void
print_exits (Report *r)
{
  int last_vm = -1;

  if (vms_model_get_n_exit_stats (r->model) == 0)
    return;
  g_string_append (r->out, _ ("\nExit reasons (whole trace; time in the hypervisor per exit)\n"));
  for (guint i = 0; i < vms_model_get_n_exit_stats (r->model); i++)
    {
      const VmsExitStats *st = vms_model_get_exit_stats (r->model, i);
      g_autofree char *total = vms_time_format_duration (st->total, 3);
      g_autofree char *min = vms_time_format_duration (st->min, 2);
      g_autofree char *mean = vms_time_format_duration (st->mean, 2);
      g_autofree char *max = vms_time_format_duration (st->max, 2);
      g_autofree char *p99 = vms_time_format_duration (st->p99, 2);

      if ((int) st->vm != last_vm)
        {
          last_vm = (int) st->vm;
          g_string_append_printf (r->out, "  %s\n", vms_model_get_vm (r->model, st->vm)->name);
        }
      g_string_append_printf (r->out,
                              _ ("    %-22s %8" G_GUINT64_FORMAT " exits  total %-10s min %-9s "
                                 "mean %-9s max %-9s p99 %s\n"),
                              st->name, st->count, total, min, mean, max, p99);
    }
}

static gboolean
spike_in_range (Report *r, const VmsSpike *spike)
{
  return spike->start < r->end && spike->start + spike->duration > r->begin;
}

static char *
spike_cause (Report *r, const VmsSpike *spike)
{
  int host = vms_model_get_host (r->model);

  if (spike->exit_reason >= 0)
    {
      const char *name = vms_exit_reason_name (spike->isa, (guint) spike->exit_reason);

      return name ? g_strdup_printf (_ ("exit %s"), name)
                  : g_strdup_printf (_ ("exit %d"), spike->exit_reason);
    }
  if (spike->preempted_by >= 0 && host >= 0)
    {
      g_autofree char *who = vms_model_thread_label (r->model, (guint) host, spike->preempted_by);

      return g_strdup_printf (_ ("preempted by %s"), who);
    }
  return g_strdup ("");
}

static char *
spike_hit (Report *r, const VmsSpike *spike)
{
  const VmsVm *vm = vms_model_get_vm (r->model, spike->vm);

  if (spike->guest_tid < 0 || vm->machine < 0)
    return NULL;
  return vms_model_thread_label (r->model, (guint) vm->machine, spike->guest_tid);
}

static void
print_spikes (Report *r)
{
  guint shown = 0;
  gint64 origin = vms_analysis_get_origin (r->analysis);

  if (vms_model_get_n_spikes (r->model) == 0)
    return;
  g_string_append (r->out, _ ("\nLongest spikes\n"));
  for (guint i = 0; i < vms_model_get_n_spikes (r->model) && shown < 15; i++)
    {
      const VmsSpike *spike = vms_model_get_spike (r->model, i);
      g_autofree char *at = NULL;
      g_autofree char *d = NULL;
      g_autofree char *cause = NULL;
      g_autofree char *hit = NULL;

      if (!spike_in_range (r, spike))
        continue;
      shown++;
      at = vms_time_format_relative (spike->start, origin);
      d = vms_time_format_duration (spike->duration, 3);
      cause = spike_cause (r, spike);
      hit = spike_hit (r, spike);
      g_string_append_printf (r->out, "  %-11s %s vCPU %u  at %s  %s  %s%s%s\n",
                              vms_spike_kind_to_string (spike->kind),
                              vms_model_get_vm (r->model, spike->vm)->name, spike->vcpu, at, d,
                              cause, hit ? _ ("; guest thread hit: ") : "", hit ? hit : "");
    }
}

static void
print_cpus (Report *r)
{
  for (guint i = 0; i < vms_model_get_n_machines (r->model); i++)
    {
      const VmsMachine *m = vms_model_get_machine (r->model, i);
      gboolean header = FALSE;

      if (m->vm >= 0)
        continue;
      for (guint row = 0; row < vms_model_get_n_rows (r->model); row++)
        {
          const VmsRow *rw = vms_model_get_row (r->model, row);
          gint64 totals[VMS_N_STATES];

          if (rw->kind != VMS_ROW_CPU || rw->machine != (int) i || rw->vm >= 0)
            continue;
          if (!header)
            {
              g_string_append_printf (r->out, _ ("\nCPUs of %s\n"), m->name);
              header = TRUE;
            }
          row_totals (r, (int) row, totals);
          g_string_append_printf (r->out, "  CPU %d:", rw->id);
          print_states (r->out, totals, cpu_states, G_N_ELEMENTS (cpu_states));
          g_string_append_c (r->out, '\n');
        }
      if (m->vm < 0 && m->role != VMS_TRACE_ROLE_HOST)
        {
          g_string_append_printf (r->out, _ ("  busiest threads of %s:\n"), m->name);
          print_busy_threads (r, i, -1);
        }
    }
}

/* ------------------------------------------------------------------------------------------
 * JSON
 */
static void
add_totals (JsonBuilder *b, const gint64 *totals, const VmsState *states, guint n)
{
  json_builder_set_member_name (b, "totals");
  json_builder_begin_object (b);
  for (guint i = 0; i < n; i++)
    {
      json_builder_set_member_name (b, vms_state_to_string (states[i]));
      json_builder_add_int_value (b, totals[states[i]]);
    }
  json_builder_end_object (b);
}

static void
add_double_or_null (JsonBuilder *b, const char *name, double value)
{
  json_builder_set_member_name (b, name);
  if (isfinite (value))
    json_builder_add_double_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_string_or_null (JsonBuilder *b, const char *name, const char *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_int (JsonBuilder *b, const char *name, gint64 value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

static void
json_machines (Report *r, JsonBuilder *b)
{
  json_builder_set_member_name (b, "machines");
  json_builder_begin_array (b);
  for (guint i = 0; i < vms_model_get_n_machines (r->model); i++)
    {
      const VmsMachine *m = vms_model_get_machine (r->model, i);

      json_builder_begin_object (b);
      add_string_or_null (b, "name", m->name);
      add_string_or_null (b, "path", m->path);
      add_string_or_null (b, "role", vms_trace_role_to_string (m->role));
      add_int (b, "cpus", m->n_cpus);
      add_int (b, "events", (gint64) m->n_events);
      add_int (b, "begin", m->begin);
      add_int (b, "end", m->end);
      json_builder_set_member_name (b, "sync");
      json_builder_begin_object (b);
      add_string_or_null (b, "reference", m->sync_reference);
      add_double_or_null (b, "alpha", m->alpha);
      add_double_or_null (b, "beta", m->beta);
      add_string_or_null (b, "quality", m->sync_quality);
      add_double_or_null (b, "accuracy", m->accuracy);
      add_int (b, "matches", (gint64) m->matches);
      json_builder_end_object (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
json_exit_reason (JsonBuilder *b, VmsIsa isa, int reason)
{
  const char *name = reason >= 0 ? vms_exit_reason_name (isa, (guint) reason) : NULL;

  json_builder_set_member_name (b, "exit_reason");
  if (reason >= 0)
    json_builder_add_int_value (b, reason);
  else
    json_builder_add_null_value (b);
  add_string_or_null (b, "exit_name", name);
}

static void
json_preemptor (Report *r, JsonBuilder *b, int tid)
{
  int host = vms_model_get_host (r->model);
  g_autofree char *label
    = tid >= 0 && host >= 0 ? vms_model_thread_label (r->model, (guint) host, tid) : NULL;

  add_string_or_null (b, "preempted_by", label);
  json_builder_set_member_name (b, "preempted_by_tid");
  if (tid >= 0)
    json_builder_add_int_value (b, tid);
  else
    json_builder_add_null_value (b);
}

/* Begins an interval object with its start and end clipped to the range, and its state. */
static void
json_interval_begin (Report *r, JsonBuilder *b, const VmsInterval *in, VmsState state)
{
  json_builder_begin_object (b);
  add_int (b, "start", MAX (in->start, r->begin));
  add_int (b, "end", MIN (in->end, r->end));
  add_string_or_null (b, "state", vms_state_to_string (state));
}

static void
json_vcpu_intervals (Report *r, JsonBuilder *b, int row, GArray *buf)
{
  json_builder_set_member_name (b, "intervals");
  json_builder_begin_array (b);
  vms_model_get_intervals (r->model, (guint) row, r->begin, r->end, buf);
  for (guint i = 0; i < buf->len; i++)
    {
      const VmsInterval *in = &g_array_index (buf, VmsInterval, i);

      json_interval_begin (r, b, in, in->state);
      json_exit_reason (b, in->isa, in->state == VMS_STATE_HYPERVISOR ? in->exit_reason : -1);
      json_preemptor (r, b, in->state == VMS_STATE_PREEMPTED ? in->tid : -1);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
json_thread (Report *r, JsonBuilder *b, const VmsThread *th, GArray *buf)
{
  gint64 totals[VMS_N_STATES];

  json_builder_begin_object (b);
  add_int (b, "tid", th->tid);
  add_int (b, "pid", th->pid);
  add_string_or_null (b, "name", th->name);
  row_totals (r, th->row, totals);
  add_totals (b, totals, thread_states, G_N_ELEMENTS (thread_states));
  add_int (b, "appeared", totals[VMS_STATE_APPEARED]);
  add_int (b, "migrations", (gint64) th->n_migrations);
  if (r->intervals)
    {
      vms_model_get_intervals (r->model, (guint) th->row, r->begin, r->end, buf);
      json_builder_set_member_name (b, "intervals");
      json_builder_begin_array (b);
      for (guint i = 0; i < buf->len; i++)
        {
          const VmsInterval *in = &g_array_index (buf, VmsInterval, i);

          /* the guest's view (as the totals): what only appeared to run is running (or in a
           * syscall, …) here, and listed again in "hidden" */
          json_interval_begin (r, b, in, in->guest_state);
          json_builder_set_member_name (b, "vcpu");
          if (in->cpu >= 0)
            json_builder_add_int_value (b, in->cpu);
          else
            json_builder_add_null_value (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "hidden");
      json_builder_begin_array (b);
      for (guint i = 0; i < buf->len; i++)
        {
          const VmsInterval *in = &g_array_index (buf, VmsInterval, i);

          if (in->state != VMS_STATE_APPEARED)
            continue;
          json_builder_begin_object (b);
          add_int (b, "start", MAX (in->start, r->begin));
          add_int (b, "end", MIN (in->end, r->end));
          add_string_or_null (b, "cause", vms_state_to_string (in->cause));
          add_string_or_null (b, "state", vms_state_to_string (in->guest_state));
          json_exit_reason (b, in->isa, in->exit_reason);
          json_preemptor (r, b, in->cause == VMS_STATE_PREEMPTED ? in->tid : -1);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
}

static void
json_vms (Report *r, JsonBuilder *b, GArray *buf)
{
  json_builder_set_member_name (b, "vms");
  json_builder_begin_array (b);
  for (guint v = 0; v < vms_model_get_n_vms (r->model); v++)
    {
      const VmsVm *vm = vms_model_get_vm (r->model, v);
      gint64 sum[VMS_N_STATES] = { 0 };
      gint64 busy;

      json_builder_begin_object (b);
      add_string_or_null (b, "name", vm->name);
      add_int (b, "qemu_pid", vm->qemu_pid);
      json_builder_set_member_name (b, "vm_uid");
      if (vm->has_vm_uid)
        json_builder_add_int_value (b, (gint64) vm->vm_uid);
      else
        json_builder_add_null_value (b);
      add_string_or_null (
        b, "guest",
        vm->machine >= 0 ? vms_model_get_machine (r->model, (guint) vm->machine)->name : NULL);
      json_builder_set_member_name (b, "vcpus");
      json_builder_begin_array (b);
      for (guint k = 0; k < vm->n_vcpus; k++)
        {
          const VmsVcpu *vcpu = vms_model_get_vcpu (r->model, vm->first_vcpu + k);
          gint64 totals[VMS_N_STATES];

          row_totals (r, vcpu->row, totals);
          for (guint s = 0; s < VMS_N_STATES; s++)
            sum[s] += totals[s];
          json_builder_begin_object (b);
          add_int (b, "id", vcpu->id);
          add_int (b, "host_tid", vcpu->host_tid);
          add_totals (b, totals, vcpu_states, G_N_ELEMENTS (vcpu_states));
          add_int (b, "exits", (gint64) vcpu->n_exits);
          add_int (b, "preemptions", (gint64) vcpu->n_preemptions);
          if (r->intervals)
            json_vcpu_intervals (r, b, vcpu->row, buf);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      add_totals (b, sum, vcpu_states, G_N_ELEMENTS (vcpu_states));
      busy = sum[VMS_STATE_RUNNING] + sum[VMS_STATE_HYPERVISOR] + sum[VMS_STATE_PREEMPTED];
      add_double_or_null (b, "overhead",
                          busy > 0 ? (double) (sum[VMS_STATE_HYPERVISOR] + sum[VMS_STATE_PREEMPTED])
                                       / (double) busy
                                   : 0.0);
      json_builder_set_member_name (b, "threads");
      json_builder_begin_array (b);
      for (guint i = 0; i < vms_model_get_n_threads (r->model); i++)
        {
          const VmsThread *th = vms_model_get_thread (r->model, i);

          if (th->vm == (int) v)
            json_thread (r, b, th, buf);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
json_cpus (Report *r, JsonBuilder *b, GArray *buf)
{
  json_builder_set_member_name (b, "pcpus");
  json_builder_begin_array (b);
  for (guint row = 0; row < vms_model_get_n_rows (r->model); row++)
    {
      const VmsRow *rw = vms_model_get_row (r->model, row);
      const VmsMachine *m;
      gint64 totals[VMS_N_STATES];

      if (rw->kind != VMS_ROW_CPU || rw->vm >= 0)
        continue;
      m = vms_model_get_machine (r->model, (guint) rw->machine);
      row_totals (r, (int) row, totals);
      json_builder_begin_object (b);
      add_string_or_null (b, "machine", m->name);
      add_int (b, "cpu", rw->id);
      json_builder_set_member_name (b, "totals");
      json_builder_begin_object (b);
      add_int (b, "vcpu", totals[VMS_STATE_VCPU]);
      add_int (b, "host", totals[VMS_STATE_RUNNING]);
      add_int (b, "idle", totals[VMS_STATE_IDLE]);
      add_int (b, "unknown", totals[VMS_STATE_UNKNOWN]);
      json_builder_end_object (b);
      if (r->intervals)
        {
          vms_model_get_intervals (r->model, row, r->begin, r->end, buf);
          json_builder_set_member_name (b, "intervals");
          json_builder_begin_array (b);
          for (guint i = 0; i < buf->len; i++)
            {
              const VmsInterval *in = &g_array_index (buf, VmsInterval, i);

              json_interval_begin (r, b, in, in->state);
              add_int (b, "tid", in->tid);
              json_builder_set_member_name (b, "vm");
              if (in->vm >= 0)
                json_builder_add_string_value (b,
                                               vms_model_get_vm (r->model, (guint) in->vm)->name);
              else
                json_builder_add_null_value (b);
              json_builder_set_member_name (b, "vcpu");
              if (in->vcpu >= 0)
                json_builder_add_int_value (b, in->vcpu);
              else
                json_builder_add_null_value (b);
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  /* Threads of the host and of plain machines */
  json_builder_set_member_name (b, "machine_threads");
  json_builder_begin_array (b);
  for (guint i = 0; i < vms_model_get_n_threads (r->model); i++)
    {
      const VmsThread *th = vms_model_get_thread (r->model, i);

      if (th->vm >= 0)
        continue;
      json_builder_begin_object (b);
      add_string_or_null (b, "machine", vms_model_get_machine (r->model, th->machine)->name);
      json_builder_set_member_name (b, "thread");
      json_thread (r, b, th, buf);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
json_exits_and_spikes (Report *r, JsonBuilder *b)
{
  json_builder_set_member_name (b, "exit_reasons");
  json_builder_begin_array (b);
  for (guint i = 0; i < vms_model_get_n_exit_stats (r->model); i++)
    {
      const VmsExitStats *st = vms_model_get_exit_stats (r->model, i);

      json_builder_begin_object (b);
      add_string_or_null (b, "vm", vms_model_get_vm (r->model, st->vm)->name);
      add_string_or_null (b, "isa", st->isa == VMS_ISA_SVM ? "svm" : "vmx");
      add_int (b, "reason", st->reason);
      add_string_or_null (b, "name", st->name);
      add_int (b, "count", (gint64) st->count);
      add_int (b, "total", st->total);
      add_int (b, "min", st->min);
      add_int (b, "mean", st->mean);
      add_int (b, "max", st->max);
      add_int (b, "p99", st->p99);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "spikes");
  json_builder_begin_array (b);
  for (guint i = 0; i < vms_model_get_n_spikes (r->model); i++)
    {
      const VmsSpike *spike = vms_model_get_spike (r->model, i);
      g_autofree char *hit = NULL;

      if (!spike_in_range (r, spike))
        continue;
      hit = spike_hit (r, spike);
      json_builder_begin_object (b);
      add_string_or_null (b, "kind", vms_spike_kind_to_string (spike->kind));
      add_string_or_null (b, "vm", vms_model_get_vm (r->model, spike->vm)->name);
      add_int (b, "vcpu", spike->vcpu);
      add_int (b, "start", spike->start);
      add_int (b, "duration", spike->duration);
      json_exit_reason (b, spike->isa, spike->exit_reason);
      json_preemptor (r, b, spike->preempted_by);
      json_builder_set_member_name (b, "guest_tid");
      if (spike->guest_tid >= 0)
        json_builder_add_int_value (b, spike->guest_tid);
      else
        json_builder_add_null_value (b);
      add_string_or_null (b, "guest_thread", hit);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static char *
report_json (Report *r)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GArray) buf = g_array_new (FALSE, FALSE, sizeof (VmsInterval));

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "range");
  json_builder_begin_object (b);
  add_int (b, "begin", r->begin);
  add_int (b, "end", r->end);
  json_builder_end_object (b);
  json_machines (r, b);
  json_vms (r, b, buf);
  json_cpus (r, b, buf);
  json_exits_and_spikes (r, b);
  if (vms_analysis_get_memory (r->analysis) != NULL)
    vms_cli_memory_add_json (vms_analysis_get_memory (r->analysis), b, r->intervals);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  return json_generator_to_data (gen, NULL);
}

/* ------------------------------------------------------------------------------------------
 * --timing: where the time went, peak memory, and drawing queries on the model
 */
static gint64
peak_rss_bytes (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL)
      || (line = strstr (status, "VmHWM:")) == NULL)
    return 0;
  return g_ascii_strtoll (line + 6, NULL, 10) * 1024;
}

static int
compare_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Drawing queries of 1920 pixels on every row with intervals, at every zoom from the whole
 * trace down to 10 µs (each a quarter of the one before), at 9 places each: per zoom, the worst
 * row's median time and the slowest single query. */
static void
print_query_timing (VmsModel *model)
{
  g_autoptr (GArray) items = g_array_new (FALSE, FALSE, sizeof (VmsModelItem));
  gint64 begin = vms_model_get_begin (model), end = vms_model_get_end (model);
  double all_worst = 0, all_median = 0;

  for (gint64 span = end - begin; span >= 10 * VMS_NS_PER_US; span /= 4)
    {
      double worst_median = 0, worst = 0;
      g_autofree char *label = vms_time_format_duration (span, 3);

      for (guint row = 0; row < vms_model_get_n_rows (model); row++)
        {
          double times[9];

          if (vms_model_get_row (model, row)->kind == VMS_ROW_GROUP)
            continue;
          for (guint k = 0; k < G_N_ELEMENTS (times); k++)
            {
              gint64 b = begin + (end - begin - span) / 9 * (gint64) k;
              gint64 t0 = g_get_monotonic_time ();

              vms_model_query (model, row, b, b + span, MAX (span / 1920, 1), items);
              times[k] = (double) (g_get_monotonic_time () - t0);
              worst = MAX (worst, times[k]);
            }
          qsort (times, G_N_ELEMENTS (times), sizeof (double), compare_double);
          worst_median = MAX (worst_median, times[G_N_ELEMENTS (times) / 2]);
        }
      g_printerr (_ ("  query, 1920 px over %-10s: worst row's median %.0f µs, slowest %.0f µs\n"),
                  label, worst_median, worst);
      all_median = MAX (all_median, worst_median);
      all_worst = MAX (all_worst, worst);
    }
  g_printerr (_ ("  query, 1920 px, any zoom: worst row's median %.0f µs, slowest %.0f µs\n"),
              all_median, all_worst);
}

static void
print_timing (VmsAnalysis *analysis)
{
  const VmsAnalysisTimings *t = vms_analysis_get_timings (analysis);
  VmsModel *model = vms_analysis_get_model (analysis);
  guint64 events = 0;
  gint64 rss = peak_rss_bytes ();

  for (guint i = 0; i < vms_model_get_n_machines (model); i++)
    events += vms_model_get_machine (model, i)->n_events;
  g_printerr (_ ("Timing: %.3f s in all, %" G_GUINT64_FORMAT " events\n"), t->total, events);
  g_printerr (_ ("  reading %.3f s (feeding sync %.3f s, model %.3f s, memory %.3f s)\n"), t->read,
              t->feed_sync, t->feed_model, t->feed_memory);
  g_printerr (_ ("  synchronizing %.3f s, building the model %.3f s, memory %.3f s\n"), t->sync,
              t->build, t->memory);
  g_printerr (_ ("  peak memory %.1f MiB, %.1f bytes per event\n"), (double) rss / 1048576.0,
              events > 0 ? (double) rss / (double) events : 0.0);
  print_query_timing (model);
}

int
vms_cli_analyze (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_ ("— analyze VMs"));
  g_autoptr (GError) error = NULL;
  g_autoptr (VmsAnalysis) analysis = NULL;
  g_auto (VmsCliAnalysisOptions) options = { 0 };
  g_auto (GStrv) paths = NULL;
  g_autofree char *range = NULL;
  gboolean json = FALSE, intervals = FALSE, timing = FALSE, quiet = FALSE, ok;
  Report r = { 0 };
  gint64 b, e;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print JSON"), NULL },
    { "intervals", 0, 0, G_OPTION_ARG_NONE, &intervals,
      N_ ("With --json: every interval of every vCPU, thread and CPU"), NULL },
    { "range", 0, 0, G_OPTION_ARG_STRING, &range,
      N_ ("Only this time range of the host clock (ns, 1.5s, +250ms from the host trace's "
          "start)"),
      N_ ("START..END") },
    { "timing", 0, 0, G_OPTION_ARG_NONE, &timing,
      N_ ("Also print where the time went, peak memory and drawing query times (on stderr)"),
      NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, N_ ("Print no report (with --timing)"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &paths, NULL, N_ ("PATH…") },
    { NULL },
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  vms_cli_analysis_options_add (context, &options);
  g_option_context_set_summary (
    context, _ ("Reads the host and guest traces found below PATH, synchronizes their clocks and "
                "prints the state of every VM, vCPU and guest thread on the host's time axis: "
                "time running, idle, in the hypervisor and preempted, exit reasons, the longest "
                "spikes, the physical CPUs and memory."));
  if (!g_option_context_parse (context, &argc, &argv, &error)
      || (range != NULL && !vms_time_parse_range (range, 0, &b, &e, &error)))
    {
      g_printerr ("vmscope analyze: %s\n", error->message);
      return VMS_CLI_USAGE;
    }
  if (paths == NULL || paths[0] == NULL)
    {
      g_printerr (_ ("vmscope analyze: give at least one trace folder (see vmscope analyze "
                     "--help)\n"));
      return VMS_CLI_USAGE;
    }
  analysis = vms_cli_analysis_new (paths, &options, &error);
  if (analysis == NULL)
    {
      g_printerr ("vmscope analyze: %s\n", error->message);
      return VMS_CLI_USAGE;
    }
  ok = vms_cli_analysis_run (analysis, "analyze");
  if (vms_analysis_get_model (analysis) == NULL)
    return VMS_CLI_FAILED;

  r.analysis = analysis;
  r.model = vms_analysis_get_model (analysis);
  r.intervals = intervals;
  r.begin = G_MININT64;
  r.end = G_MAXINT64;
  if (range != NULL)
    {
      vms_time_parse_range (range, vms_analysis_get_origin (analysis), &r.begin, &r.end, NULL);
      r.ranged = TRUE;
    }

  if (timing)
    print_timing (analysis);
  if (quiet)
    ;
  else if (json)
    {
      g_autofree char *text = report_json (&r);

      g_print ("%s\n", text);
    }
  else
    {
      g_autoptr (GString) out = g_string_new (NULL);

      r.out = out;
      if (r.ranged)
        {
          g_autofree char *from
            = vms_time_format_relative (r.begin, vms_analysis_get_origin (analysis));
          g_autofree char *to
            = vms_time_format_relative (r.end, vms_analysis_get_origin (analysis));

          g_string_append_printf (out, _ ("Range %s .. %s of the host's clock\n"), from, to);
        }
      print_machines (&r);
      print_vms (&r);
      print_exits (&r);
      print_spikes (&r);
      print_cpus (&r);
      if (vms_analysis_get_memory (analysis) != NULL)
        {
          g_string_append_c (out, '\n');
          vms_cli_memory_print (vms_analysis_get_memory (analysis), out);
        }
      g_print ("%s", out->str);
    }
  return ok ? VMS_CLI_OK : VMS_CLI_FAILED;
}
