/* vms-window-details.c — the details pane and the selection line, from the model.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * For a selected instant: the state of every vCPU, guest thread and host CPU at
 * that time (vms_model_hit_test() per row) grouped by VM or machine, with a
 * one-line summary per VM.  For a range: its start, end and duration.  Hit
 * tests are binary searches, so this stays cheap with thousands of rows.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vms-time.h"
#include "vms-window-private.h"

static const char *
state_name (VmsState state)
{
  switch (state)
    {
      case VMS_STATE_RUNNING:
        return _ ("running");
      case VMS_STATE_IDLE:
        return _ ("idle");
      case VMS_STATE_HYPERVISOR:
        return _ ("in the hypervisor");
      case VMS_STATE_PREEMPTED:
        return _ ("preempted");
      case VMS_STATE_SYSCALL:
        return _ ("in a system call");
      case VMS_STATE_INTERRUPTED:
        return _ ("interrupted");
      case VMS_STATE_RUNNABLE:
        return _ ("waiting for a CPU");
      case VMS_STATE_BLOCKED:
        return _ ("blocked");
      case VMS_STATE_APPEARED:
        return _ ("appeared to run");
      case VMS_STATE_VCPU:
        return _ ("running a vCPU");
      case VMS_STATE_UNKNOWN:
      case VMS_N_STATES:
      default:
        return _ ("unknown");
    }
}

static const char *
thread_name (VmsModel *model, int machine, int tid)
{
  const VmsThread *thread;

  if (machine < 0 || tid < 0)
    return NULL;
  thread = vms_model_find_thread (model, machine, tid);
  return thread != NULL ? thread->name : NULL;
}

/* "preempted by qemu-system-x86 (912)" style facts about an interval, one per line when
 * multiline, else joined by ", ". */
static char *
describe_interval (VmsWindow *self, const VmsRow *row, const VmsInterval *iv, gboolean multiline)
{
  VmsModel *model = self->model;
  const char *sep = multiline ? "\n" : ", ";
  g_autoptr (GString) text = g_string_new (NULL);
  int host = vms_model_get_host (model);

  if (iv->state == VMS_STATE_PREEMPTED && iv->vm >= 0
      && (guint) iv->vm < vms_model_get_n_vms (model))
    {
      /* Translators: a vCPU preempted by VM %s, its vCPU %d */
      g_string_append_printf (text, _ ("preempted by %s vCPU %d"),
                              vms_model_get_vm (model, iv->vm)->name, iv->vcpu);
    }
  else if (iv->state == VMS_STATE_PREEMPTED && iv->tid >= 0)
    {
      const char *name = thread_name (model, host, iv->tid);

      /* Translators: a vCPU preempted by the host thread %s (tid %d) */
      g_string_append_printf (text, _ ("preempted by %s (%d)"), name ? name : _ ("thread"),
                              iv->tid);
    }
  else
    g_string_append (text, state_name (iv->state));

  if (iv->state == VMS_STATE_HYPERVISOR && iv->exit_reason >= 0)
    {
      const char *reason = vms_exit_reason_name (iv->isa, iv->exit_reason);

      /* Translators: %s is a VM exit reason such as HLT */
      g_string_append_printf (text, "%s", sep);
      if (reason != NULL)
        g_string_append_printf (text, _ ("exit reason %s"), reason);
      else
        g_string_append_printf (text, _ ("exit reason %d"), iv->exit_reason);
    }
  if (iv->state == VMS_STATE_APPEARED && iv->cause != VMS_STATE_UNKNOWN)
    {
      g_string_append (text, sep);
      /* Translators: %s is "preempted" or "in the hypervisor" */
      g_string_append_printf (text, _ ("its vCPU was %s"), state_name (iv->cause));
    }
  if (row->kind == VMS_ROW_VCPU && iv->guest_tid >= 0 && row->vm >= 0)
    {
      const VmsVm *vm = vms_model_get_vm (model, row->vm);
      const char *name = thread_name (model, vm->machine, iv->guest_tid);

      g_string_append (text, sep);
      if (iv->guest_tid == 0)
        g_string_append (text, _ ("guest idle task"));
      else
        g_string_append_printf (text, _ ("guest thread %s (%d)"), name ? name : "?", iv->guest_tid);
    }
  if (row->kind == VMS_ROW_CPU && iv->state == VMS_STATE_VCPU && iv->vm >= 0
      && (guint) iv->vm < vms_model_get_n_vms (model))
    {
      g_string_append (text, sep);
      g_string_append_printf (text, _ ("%s vCPU %d"), vms_model_get_vm (model, iv->vm)->name,
                              iv->vcpu);
    }
  else if (row->kind == VMS_ROW_CPU && iv->tid > 0)
    {
      const char *name = thread_name (model, row->machine, iv->tid);

      g_string_append (text, sep);
      g_string_append_printf (text, "%s (%d)", name ? name : _ ("thread"), iv->tid);
    }
  if (multiline)
    {
      g_autofree char *start = vms_session_format_time (self->session, iv->start);
      g_autofree char *duration = vms_time_format_duration (iv->end - iv->start, 3);

      g_string_append_printf (text, "\n%s %s\n%s %s", _ ("Start:"), start, _ ("Duration:"),
                              duration);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
_vms_window_describe_interval (VmsWindow *self, guint row_index, const VmsInterval *interval)
{
  const VmsRow *row = vms_model_get_row (self->model, row_index);
  g_autofree char *facts = describe_interval (self, row, interval, TRUE);

  return g_strdup_printf ("%s\n%s", row->label, facts);
}

static const char *
top_label (VmsModel *model, const VmsRow *row)
{
  while (row->parent >= 0)
    row = vms_model_get_row (model, row->parent);
  return row->label;
}

/* "3 running, 1 preempted": the states of a VM's vCPUs at time. */
static void
add_vm_summary (VmsWindow *self, const VmsVm *vm, gint64 time)
{
  guint counts[VMS_N_STATES] = { 0 };
  g_autoptr (GString) summary = g_string_new (NULL);

  for (guint c = 0; c < vm->n_vcpus; c++)
    {
      const VmsVcpu *vcpu = vms_model_get_vcpu (self->model, vm->first_vcpu + c);
      VmsInterval iv;

      if (vcpu->row >= 0 && vms_model_hit_test (self->model, vcpu->row, time, &iv))
        counts[iv.state]++;
      else
        counts[VMS_STATE_UNKNOWN]++;
    }
  for (guint s = 0; s < VMS_N_STATES; s++)
    if (counts[s] > 0)
      g_string_append_printf (summary, "%s%u %s", summary->len ? ", " : "", counts[s],
                              state_name (s));
  vms_details_pane_add_state (self->details_pane, vm->name, _ ("All vCPUs"), summary->str);
}

static void
fill_states (VmsWindow *self, gint64 time)
{
  guint n_rows = vms_model_get_n_rows (self->model);

  for (guint r = 0; r < n_rows; r++)
    {
      const VmsRow *row = vms_model_get_row (self->model, r);
      g_autofree char *state = NULL;
      VmsInterval iv;

      /* A VM's group starts with the summary of its vCPUs. */
      if (row->kind == VMS_ROW_GROUP && row->depth == 0 && row->vm >= 0
          && (guint) row->vm < vms_model_get_n_vms (self->model))
        add_vm_summary (self, vms_model_get_vm (self->model, row->vm), time);
      if (row->kind == VMS_ROW_GROUP)
        continue;
      /* Host and machine threads are many and rarely what is asked here: VMs, vCPUs, guest
       * threads and CPUs. */
      if (row->kind == VMS_ROW_THREAD && row->vm < 0)
        continue;
      if (!vms_model_hit_test (self->model, r, time, &iv))
        continue;
      state = describe_interval (self, row, &iv, FALSE);
      vms_details_pane_add_state (self->details_pane, top_label (self->model, row), row->label,
                                  state);
    }
}

static void
update_line (VmsWindow *self)
{
  const VmsTimeSpan *selection = vms_session_get_selection (self->session);
  const VmsTimeSpan *visible = vms_session_get_visible (self->session);
  g_autoptr (GString) line = g_string_new (NULL);

  if (self->model != NULL && visible != NULL && visible->end > visible->begin)
    {
      g_autofree char *begin = vms_session_format_time (self->session, visible->begin);
      g_autofree char *end = vms_session_format_time (self->session, visible->end);
      g_autofree char *span = vms_time_format_duration (visible->end - visible->begin, 3);

      /* Translators: the visible time range: its start, end and length */
      g_string_append_printf (line, _ ("Showing %s – %s (%s)"), begin, end, span);
    }
  if (self->model != NULL && selection != NULL && selection->end > selection->begin)
    {
      g_autofree char *begin = vms_session_format_time (self->session, selection->begin);
      g_autofree char *end = vms_session_format_time (self->session, selection->end);
      g_autofree char *span = vms_time_format_duration (selection->end - selection->begin, 3);

      if (line->len > 0)
        g_string_append (line, "    ");
      /* Translators: the selected time range: its start, end and length */
      g_string_append_printf (line, _ ("Selection %s – %s (%s)"), begin, end, span);
    }
  gtk_label_set_label (self->selection_label, line->str);
}

void
_vms_window_details_update (VmsWindow *self)
{
  const VmsTimeSpan *selection = vms_session_get_selection (self->session);

  vms_details_pane_clear_states (self->details_pane);
  update_line (self);
  if (self->model == NULL || selection == NULL)
    {
      vms_details_pane_set_instant (self->details_pane, NULL);
      vms_details_pane_set_selection (self->details_pane, NULL);
      return;
    }
  else
    {
      g_autofree char *begin = vms_session_format_time (self->session, selection->begin);

      vms_details_pane_set_instant (self->details_pane, begin);
      if (selection->end > selection->begin)
        {
          g_autofree char *end = vms_session_format_time (self->session, selection->end);
          g_autofree char *duration
            = vms_time_format_duration (selection->end - selection->begin, 3);
          g_autofree char *text = g_strdup_printf ("%s %s\n%s %s\n%s %s", _ ("Start:"), begin,
                                                   _ ("End:"), end, _ ("Duration:"), duration);

          vms_details_pane_set_selection (self->details_pane, text);
        }
      else
        vms_details_pane_set_selection (self->details_pane, NULL);
      fill_states (self, selection->begin);
    }
}

void
_vms_window_details_init (VmsWindow *self)
{
  g_signal_connect_swapped (self->session, "notify::selection",
                            G_CALLBACK (_vms_window_details_update), self);
  g_signal_connect_swapped (self->session, "notify::time-mode",
                            G_CALLBACK (_vms_window_details_update), self);
  g_signal_connect_swapped (self->session, "notify::visible", G_CALLBACK (update_line), self);
}
