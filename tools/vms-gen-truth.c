/* vms-gen-truth.c: the exact answers, accounted as the events are written, and truth.json
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "vms-gen-sim-private.h"

static const char *const vcpu_state_names[VS_N] = {
  "unknown", "running", "idle", "hypervisor", "preempted",
};

static const char *const task_state_names[GS_N] = {
  "unknown", "running", "syscall", "interrupted", "runnable", "blocked", "exited",
};

void
truth_vcpu_seen (Sim *s, Vcpu *v, guint64 t)
{
  VcpuTruth *tr = &v->tr;

  if (tr->seen)
    return;
  tr->seen = TRUE;
  tr->totals[VS_UNKNOWN] = t - s->host_begin;
  tr->since = t;
}

void
truth_vcpu_set (Sim *s, Vcpu *v, VcpuState state, guint64 t)
{
  VcpuTruth *tr = &v->tr;

  if (tr->seen)
    {
      guint64 d;

      g_assert (t >= tr->since);
      d = t - tr->since;
      tr->totals[tr->state] += d;
      if (tr->state == VS_HYPERVISOR)
        tr->exit_ns[v->last_reason] += d;
    }
  tr->state = state;
  tr->since = t;
}

void
truth_vcpu_exit (Vcpu *v, guint32 reason)
{
  v->tr.exit_count[reason]++;
}

void
truth_preempt_begin (Sim *s, Vcpu *v, guint64 t, HostThread *by)
{
  VcpuTruth *tr = &v->tr;

  if (!tr->seen)
    return;
  truth_vcpu_set (s, v, VS_PREEMPTED, t);
  tr->in_preemption = TRUE;
  tr->preempt_count++;
  tr->preempt_start = t;
  tr->by_mark = t;
  memset (tr->cur_by_ns, 0, s->threads->len * sizeof (guint64));
}

/* Who ran on a CPU while preempted vCPUs waited in its run queue. */
void
truth_pcpu_switch (Sim *s, Pcpu *p, guint64 t)
{
  for (HostThread *th = p->rq_head; th != NULL; th = th->rq_next)
    {
      VcpuTruth *tr;

      if (th->kind != HT_VCPU || !th->vcpu->tr.in_preemption)
        continue;
      tr = &th->vcpu->tr;
      tr->by_ns[p->current->idx] += t - tr->by_mark;
      tr->cur_by_ns[p->current->idx] += t - tr->by_mark;
      tr->by_mark = t;
    }
}

void
truth_preempt_end (Sim *s, Vcpu *v, guint64 t)
{
  VcpuTruth *tr = &v->tr;
  Preemption pr;
  guint i;

  if (!tr->in_preemption)
    return;
  tr->in_preemption = FALSE;
  pr.start = tr->preempt_start;
  pr.duration = t - tr->preempt_start;
  /* who took the CPU: the thread that ran longest meanwhile (ties: smallest label) */
  pr.by = 0;
  for (guint k = 1; k < s->threads->len; k++)
    {
      HostThread *a = g_ptr_array_index (s->threads, k);
      HostThread *b = g_ptr_array_index (s->threads, pr.by);

      if (tr->cur_by_ns[k] > tr->cur_by_ns[pr.by]
          || (tr->cur_by_ns[k] == tr->cur_by_ns[pr.by] && strcmp (a->label, b->label) < 0))
        pr.by = k;
    }
  for (i = 0; i < tr->n_top; i++)
    if (pr.duration > tr->top[i].duration)
      break;
  if (i >= TOP_PREEMPTIONS)
    return;
  if (tr->n_top < TOP_PREEMPTIONS)
    tr->n_top++;
  memmove (&tr->top[i + 1], &tr->top[i], (tr->n_top - 1 - i) * sizeof (Preemption));
  tr->top[i] = pr;
}

void
truth_task_refresh (GuestTask *task, Vcpu *v, guint64 g)
{
  GuestTaskState st;

  switch (task->state)
    {
      case TS_RUNNING:
        if (task->vm->vcpus[task->cpu]->in_irq)
          st = GS_INTERRUPTED;
        else
          st = task->in_syscall ? GS_SYSCALL : GS_RUNNING;
        break;
      case TS_RUNNABLE:
        st = GS_RUNNABLE;
        break;
      case TS_BLOCKED:
      default:
        st = task->exited ? GS_EXITED : GS_BLOCKED;
        break;
    }
  if (!task->known)
    {
      task->known = TRUE;
      task->first_g = g;
      task->tstate = st;
      task->since_g = g;
      return;
    }
  if (st == task->tstate)
    return;
  g_assert (g >= task->since_g);
  task->totals[task->tstate] += g - task->since_g;
  task->tstate = st;
  task->since_g = g;
}

static void
mem_add (MemTruth *m, gint64 bytes)
{
  m->net += bytes;
  if (bytes > 0)
    m->allocated += (guint64) bytes;
  else
    m->freed += (guint64) -bytes;
  m->peak = MAX ((gint64) m->peak, m->net);
  if (m->net < 0 && (guint64) -m->net > m->min)
    m->min = (guint64) -m->net;
}

static void
series_fill (MemSeries *m, guint64 ts)
{
  guint64 bin;

  if (m->values == NULL)
    m->values = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_assert (ts >= m->begin);
  bin = (ts - m->begin) / SERIES_BIN;
  while (m->values->len < bin)
    g_array_append_val (m->values, m->cur);
}

static void
series_add (MemSeries *m, guint64 ts, gint64 bytes)
{
  series_fill (m, ts);
  m->cur += bytes;
}

void
truth_mem (Vm *vm, GuestProc *proc, gint64 bytes, guint64 g)
{
  if (vm->series.begin == 0)
    {
      vm->series.begin = G_MAXUINT64;
      for (guint c = 0; c < vm->n_vcpus; c++)
        if (vms_ctf_trace_first_ts (vm->trace, c) != 0)
          vm->series.begin = MIN (vm->series.begin, vms_ctf_trace_first_ts (vm->trace, c));
    }
  mem_add (&vm->mem, bytes);
  mem_add (&proc->mem, bytes);
  series_add (&vm->series, g, bytes);
}

void
truth_host_mem (Sim *s, Vm *vm, guint64 bytes, guint64 t)
{
  vm->host_bytes += bytes;
  vm->host_series.begin = s->host_begin;
  series_add (&vm->host_series, t, (gint64) bytes);
}


static void
add_int (JsonBuilder *b, const char *name, gint64 v)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, v);
}

static void
add_str (JsonBuilder *b, const char *name, const char *v)
{
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, v);
}

static void
add_double (JsonBuilder *b, const char *name, double v)
{
  json_builder_set_member_name (b, name);
  json_builder_add_double_value (b, v);
}

static void
add_mem (JsonBuilder *b, const MemTruth *m)
{
  add_int (b, "allocated_bytes", (gint64) m->allocated);
  add_int (b, "freed_bytes", (gint64) m->freed);
  add_int (b, "net_bytes", m->net);
  add_int (b, "peak_bytes", (gint64) m->peak);
  add_int (b, "lowest_bytes", -(gint64) m->min);
  add_int (b, "final_bytes", m->net);
}

static void
add_series (JsonBuilder *b, const char *name, MemSeries *m, guint64 begin, guint64 end)
{
  m->begin = begin;
  series_fill (m, end + SERIES_BIN);
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  add_int (b, "begin_ns", (gint64) begin);
  add_int (b, "bin_ns", (gint64) SERIES_BIN);
  json_builder_set_member_name (b, "net_bytes");
  json_builder_begin_array (b);
  for (guint i = 0; i < m->values->len; i++)
    json_builder_add_int_value (b, g_array_index (m->values, gint64, i));
  json_builder_end_array (b);
  json_builder_end_object (b);
  g_clear_pointer (&m->values, g_array_unref);
}

static void
add_counts (JsonBuilder *b, VmsCtfTrace *trace)
{
  json_builder_begin_object (b);
  add_int (b, "total", (gint64) vms_ctf_trace_total (trace));
  for (guint ev = 0; ev < VMS_EV_N; ev++)
    if (vms_ctf_trace_count (trace, ev) > 0)
      add_int (b, vms_ev_name (ev), (gint64) vms_ctf_trace_count (trace, ev));
  json_builder_end_object (b);
}

static const char *
exit_reason_name (guint r)
{
  switch (r)
    {
      case EXIT_EXTERNAL_INTERRUPT:
        return "EXTERNAL_INTERRUPT";
      case EXIT_HLT:
        return "HLT";
      case EXIT_VMCALL:
        return "VMCALL";
      case EXIT_IO_INSTRUCTION:
        return "IO_INSTRUCTION";
      case EXIT_MSR_WRITE:
        return "MSR_WRITE";
      case EXIT_EPT_VIOLATION:
        return "EPT_VIOLATION";
      case EXIT_PREEMPTION_TIMER:
        return "PREEMPTION_TIMER";
      default:
        return "OTHER";
    }
}

static void
add_vcpu (Sim *s, JsonBuilder *b, Vcpu *v)
{
  VcpuTruth *tr = &v->tr;

  json_builder_begin_object (b);
  add_int (b, "id", v->id);
  add_int (b, "tid", v->thread->tid);
  json_builder_set_member_name (b, "states");
  json_builder_begin_object (b);
  for (guint i = 0; i < VS_N; i++)
    add_int (b, vcpu_state_names[i], (gint64) tr->totals[i]);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "exits");
  json_builder_begin_object (b);
  for (guint r = 0; r < EXIT_REASON_MAX; r++)
    {
      g_autofree char *key = NULL;

      if (tr->exit_count[r] == 0 && tr->exit_ns[r] == 0)
        continue;
      key = g_strdup_printf ("%u", r);
      json_builder_set_member_name (b, key);
      json_builder_begin_object (b);
      add_str (b, "name", exit_reason_name (r));
      add_int (b, "count", (gint64) tr->exit_count[r]);
      add_int (b, "total_ns", (gint64) tr->exit_ns[r]);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "preemptions");
  json_builder_begin_object (b);
  add_int (b, "count", (gint64) tr->preempt_count);
  add_int (b, "total_ns", (gint64) tr->totals[VS_PREEMPTED]);
  json_builder_set_member_name (b, "by");
  json_builder_begin_object (b);
  for (guint i = 0; i < s->threads->len; i++)
    if (tr->by_ns[i] > 0)
      {
        HostThread *th = g_ptr_array_index (s->threads, i);

        add_int (b, th->label, (gint64) tr->by_ns[i]);
      }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "longest");
  json_builder_begin_array (b);
  for (guint i = 0; i < tr->n_top; i++)
    {
      HostThread *th = g_ptr_array_index (s->threads, tr->top[i].by);

      json_builder_begin_object (b);
      add_int (b, "start", (gint64) tr->top[i].start);
      add_int (b, "duration", (gint64) tr->top[i].duration);
      add_str (b, "preempted_by", th->label);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
}

static void
add_guest (Sim *s, JsonBuilder *b, Vm *vm)
{
  guint64 g_begin = G_MAXUINT64, g_end = vms_ctf_trace_end_ts (vm->trace);

  for (guint c = 0; c < vm->n_vcpus; c++)
    {
      guint64 first = vms_ctf_trace_first_ts (vm->trace, c);

      if (first != 0)
        g_begin = MIN (g_begin, first);
    }
  json_builder_begin_object (b);
  add_str (b, "hostname", vm->name);
  add_str (b, "trace", vm->name);
  add_str (b, "profile", vm->profile);
  add_int (b, "vm_uid", vm->vm_uid);
  add_int (b, "qemu_pid", vm->qemu_pid);
  add_int (b, "iothread_tid", vm->iothread->tid);
  json_builder_set_member_name (b, "vcpu_tids");
  json_builder_begin_array (b);
  for (guint c = 0; c < vm->n_vcpus; c++)
    json_builder_add_int_value (b, vm->vcpus[c]->thread->tid);
  json_builder_end_array (b);
  add_int (b, "begin_ns", (gint64) g_begin);
  add_int (b, "end_ns", (gint64) g_end);
  add_int (b, "clock_offset_ns", (gint64) vm->clock_origin_g);

  json_builder_set_member_name (b, "clock");
  json_builder_begin_object (b);
  add_double (b, "alpha", 1.0 + (double) vm->drift_ppb * 1e-9);
  add_double (b, "beta",
              (double) vm->offset_ns - (double) vm->ref_ns * (double) vm->drift_ppb * 1e-9);
  add_double (b, "drift_ppm", (double) vm->drift_ppb / 1000.0);
  add_int (b, "drift_ppb", vm->drift_ppb);
  add_int (b, "offset_ns", vm->offset_ns);
  add_int (b, "ref_host_ns", (gint64) vm->ref_ns);
  add_str (b, "exact",
           "t_guest = t_host + offset_ns + floor((t_host - ref_host_ns) * drift_ppb / 1e9)");
  json_builder_end_object (b);

  json_builder_set_member_name (b, "sync");
  json_builder_begin_object (b);
  add_int (b, "hypercalls", (gint64) vm->sync_cnt / 2 + (vm->sync_cnt % 2));
  add_int (b, "complete_rounds", (gint64) vm->sync_pairs);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "net");
  json_builder_begin_object (b);
  add_int (b, "host_to_guest_sent", (gint64) vm->net_sent[0]);
  add_int (b, "host_to_guest_received", (gint64) vm->net_received[0]);
  add_int (b, "guest_to_host_sent", (gint64) vm->net_sent[1]);
  add_int (b, "guest_to_host_received", (gint64) vm->net_received[1]);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "vcpus");
  json_builder_begin_array (b);
  for (guint c = 0; c < vm->n_vcpus; c++)
    add_vcpu (s, b, vm->vcpus[c]);
  json_builder_end_array (b);

  json_builder_set_member_name (b, "threads");
  json_builder_begin_array (b);
  for (guint i = 0; i < vm->tasks->len; i++)
    {
      GuestTask *task = g_ptr_array_index (vm->tasks, i);
      guint64 totals[GS_N];

      memcpy (totals, task->totals, sizeof totals);
      if (task->known)
        {
          totals[GS_UNKNOWN] = task->first_g - g_begin;
          totals[task->tstate] += g_end - task->since_g;
        }
      else
        totals[GS_UNKNOWN] = g_end - g_begin;
      json_builder_begin_object (b);
      add_int (b, "tid", task->tid);
      add_int (b, "pid", task->proc->pid);
      add_str (b, "name", task->comm);
      json_builder_set_member_name (b, "states");
      json_builder_begin_object (b);
      for (guint st = 0; st < GS_N; st++)
        add_int (b, task_state_names[st], (gint64) totals[st]);
      json_builder_end_object (b);
      add_int (b, "appeared_to_run_ns", (gint64) task->appeared_to_run);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "memory");
  json_builder_begin_object (b);
  add_int (b, "page_size", 4096);
  add_mem (b, &vm->mem);
  add_int (b, "host_allocated_bytes", (gint64) vm->host_bytes);
  add_series (b, "series", &vm->series, g_begin, g_end);
  add_series (b, "host_series", &vm->host_series, s->host_begin, s->host_end);
  json_builder_set_member_name (b, "processes");
  json_builder_begin_array (b);
  for (guint i = 0; i < vm->procs->len; i++)
    {
      GuestProc *proc = g_ptr_array_index (vm->procs, i);

      json_builder_begin_object (b);
      add_int (b, "pid", proc->pid);
      add_str (b, "name", proc->comm);
      add_mem (b, &proc->mem);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
}

gboolean
truth_write (Sim *s, const char *path, GError **error)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  static const char *const sync_names[] = { "full", "stock", "none" };

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "generator");
  json_builder_begin_object (b);
  add_str (b, "name", "vmscope-gen");
  add_str (b, "version", PACKAGE_VERSION);
  add_str (b, "scenario", s->config.scenario);
  add_int (b, "seed", (gint64) s->config.seed);
  add_str (b, "sync", sync_names[s->config.sync]);
  json_builder_set_member_name (b, "net");
  json_builder_add_boolean_value (b, s->config.net);
  add_int (b, "preempt_state", s->config.preempt_state);
  add_int (b, "events", (gint64) sim_events (s));
  json_builder_end_object (b);

  json_builder_set_member_name (b, "host");
  json_builder_begin_object (b);
  add_str (b, "hostname", "kvm-host");
  add_str (b, "trace", "host");
  add_int (b, "cpus", s->n_pcpus);
  add_int (b, "begin_ns", (gint64) s->host_begin);
  add_int (b, "end_ns", (gint64) s->host_end);
  add_int (b, "clock_offset_ns", (gint64) s->host_clock_offset);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "guests");
  json_builder_begin_array (b);
  for (guint i = 0; i < s->vms->len; i++)
    add_guest (s, b, g_ptr_array_index (s->vms, i));
  json_builder_end_array (b);

  json_builder_set_member_name (b, "event_counts");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "host");
  add_counts (b, s->host_trace);
  for (guint i = 0; i < s->vms->len; i++)
    {
      Vm *vm = g_ptr_array_index (s->vms, i);

      json_builder_set_member_name (b, vm->name);
      add_counts (b, vm->trace);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_indent (gen, 2);
  return json_generator_to_file (gen, path, error);
}
