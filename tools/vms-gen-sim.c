/* vms-gen-sim.c: building the simulated machines from a scenario, and the event loop
 *
 * A discrete-event simulation: one priority queue of pending actions (per-thread steps,
 * ticks, timers) processed in time order, each writing its events as it goes.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "vms-gen-sim-private.h"

#define SEC G_GUINT64_CONSTANT (1000000000)

typedef struct {
  const char *name;
  TaskKind kind;
  guint threads;
  double burst_mean_us;
  double period_mean_ms;
} TaskDef;

typedef struct {
  const char *name;
  const TaskDef *tasks;
} Profile;

static const TaskDef mixed_tasks[] = {
  { "stress", TASK_CPU, 3, 1500, 0 },    { "postgres", TASK_IO, 2, 120, 0 },
  { "nginx", TASK_IO, 1, 60, 0 },        { "telegraf", TASK_PERIODIC, 1, 250, 10 },
  { "cron", TASK_PERIODIC, 1, 400, 60 }, { NULL, 0, 0, 0, 0 },
};

static const TaskDef busy_tasks[] = {
  { "stress-ng", TASK_CPU, 2, 2000, 0 },
  { "dd", TASK_IO, 1, 90, 0 },
  { "chronyd", TASK_PERIODIC, 1, 150, 20 },
  { NULL, 0, 0, 0, 0 },
};

static const TaskDef idle_tasks[] = {
  { "cron", TASK_PERIODIC, 1, 300, 250 },
  { "sshd", TASK_PERIODIC, 1, 120, 120 },
  { "rsyslogd", TASK_PERIODIC, 1, 80, 400 },
  { NULL, 0, 0, 0, 0 },
};

static const TaskDef bursty_tasks[] = {
  { "stress-ng-cpu", TASK_BURSTY, 2, 2500, 0 },
  { "chronyd", TASK_PERIODIC, 1, 150, 20 },
  { NULL, 0, 0, 0, 0 },
};

static const Profile profiles[] = {
  { "mixed", mixed_tasks },
  { "busy", busy_tasks },
  { "idle", idle_tasks },
  { "bursty", bursty_tasks },
};

typedef struct {
  const char *name;
  guint vcpus;
  const char *profile;
} VmDef;

typedef struct {
  const char *name;
  guint host_cpus;
  guint64 duration;
  guint64 host_slice;
  const VmDef vms[4];
} Scenario;

static const Scenario scenarios[] = {
  { "seed", 4, 4 * SEC, 4 * MS, { { "jessie", 4, "mixed" }, { "jessie-clone", 2, "busy" } } },
  { "idle", 4, 4 * SEC, 4 * MS, { { "idle-a", 2, "idle" }, { "idle-b", 2, "idle" } } },
  { "noisy-neighbour", 2, 5 * SEC, 6 * MS, { { "victim", 2, "mixed" }, { "noisy", 2, "bursty" } } },
  { "big",
    8,
    10 * SEC,
    4 * MS,
    { { "vm1", 4, "busy" }, { "vm2", 4, "mixed" }, { "vm3", 4, "busy" }, { "vm4", 4, "mixed" } } },
};

static const char *const scenario_names[] = { "seed", "idle", "noisy-neighbour", "big", NULL };

const char *const *
vms_gen_scenario_names (void)
{
  return scenario_names;
}

static const Scenario *
find_scenario (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++)
    if (g_strcmp0 (scenarios[i].name, name) == 0)
      return &scenarios[i];
  return NULL;
}

gboolean
vms_gen_scenario_known (const char *name)
{
  return find_scenario (name) != NULL;
}

static const Profile *
find_profile (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (profiles); i++)
    if (g_strcmp0 (profiles[i].name, name) == 0)
      return &profiles[i];
  g_assert_not_reached ();
}

/* Priority queue: a binary heap ordered by (t, seq). */
static gboolean
pq_less (const PqItem *a, const PqItem *b)
{
  return a->t < b->t || (a->t == b->t && a->seq < b->seq);
}

void
sim_push (Sim *s, guint64 t, PqKind kind, guint idx, guint64 gen)
{
  PqItem item = { t, s->pq_seq++, gen, kind, idx };
  PqItem *h;
  guint i;

  g_assert (t >= s->now); /* an actor acting in the past would break causality */
  g_array_append_val (s->pq, item);
  h = (PqItem *) s->pq->data;
  i = s->pq->len - 1;
  while (i > 0)
    {
      guint parent = (i - 1) / 2;
      PqItem tmp;

      if (!pq_less (&h[i], &h[parent]))
        break;
      tmp = h[i];
      h[i] = h[parent];
      h[parent] = tmp;
      i = parent;
    }
}

static PqItem
pq_pop (Sim *s)
{
  PqItem *h = (PqItem *) s->pq->data;
  PqItem top = h[0];
  guint n = s->pq->len - 1;
  guint i = 0;

  h[0] = h[n];
  g_array_set_size (s->pq, n);
  for (;;)
    {
      guint l = 2 * i + 1, r = l + 1, m = i;
      PqItem tmp;

      if (l < n && pq_less (&h[l], &h[m]))
        m = l;
      if (r < n && pq_less (&h[r], &h[m]))
        m = r;
      if (m == i)
        break;
      tmp = h[i];
      h[i] = h[m];
      h[m] = tmp;
      i = m;
    }
  return top;
}

guint64
sim_events (Sim *s)
{
  guint64 n = vms_ctf_trace_total (s->host_trace);

  for (guint i = 0; i < s->vms->len; i++)
    n += vms_ctf_trace_total (((Vm *) g_ptr_array_index (s->vms, i))->trace);
  return n;
}

static HostThread *
add_thread (Sim *s, HostThreadKind kind, gint32 tid, gint32 pid, const char *comm, guint cpu)
{
  HostThread *th = g_new0 (HostThread, 1);

  th->idx = s->threads->len;
  th->kind = kind;
  th->tid = tid;
  th->pid = pid;
  th->ppid = kind == HT_IDLE ? 0 : 1;
  g_strlcpy (th->comm, comm, sizeof th->comm);
  g_snprintf (th->label, sizeof th->label, "%s (%d)", comm, tid);
  th->cpu = cpu;
  th->state = TS_BLOCKED;
  th->io_requests = g_ptr_array_new ();
  g_ptr_array_add (s->threads, th);
  return th;
}

static void
add_daemon (
  Sim *s, gint32 tid, gint32 pid, const char *comm, guint cpu, double period_ms, double burst_us)
{
  HostThread *th = add_thread (s, HT_DAEMON, tid, pid, comm, cpu % s->n_pcpus);

  th->period_mean = period_ms * MS;
  th->burst_mean = burst_us * US;
  th->wake_gen = 1;
  sim_push (s, s->t0 + vms_rng_range (&s->rng, 200 * US, (guint64) th->period_mean), PQ_HOST_WAKE,
            th->idx, th->wake_gen);
}

static guint
placement (Sim *s, guint k)
{
  guint round = k / s->n_pcpus, pos = k % s->n_pcpus;

  return round % 2 == 0 ? pos : s->n_pcpus - 1 - pos;
}

static gboolean
add_vm (Sim *s,
        guint idx,
        const char *name,
        guint n_vcpus,
        const char *profile_name,
        guint *vcpu_k,
        GError **error)
{
  const Profile *profile = find_profile (profile_name);
  Vm *vm = g_new0 (Vm, 1);
  g_autofree char *dir = g_build_filename (s->config.output_dir, name, NULL);
  VmsCtfTraceInfo info = { 0 };
  gint32 pid = 2100 + (gint32) idx * 40 + (gint32) vms_rng_range (&s->rng, 0, 30);
  gint32 guest_tid = 700 + (gint32) vms_rng_range (&s->rng, 0, 200);
  guint64 uptime;

  g_ptr_array_add (s->vms, vm);
  vm->idx = idx;
  g_strlcpy (vm->name, name, sizeof vm->name);
  vm->profile = profile->name;
  vm->preempt_state = s->config.preempt_state;
  vms_rng_init (&vm->rng, s->config.seed * 1000003 + idx + 1);
  vm->vm_uid = (guint32) (vms_rng_next (&s->rng) & 0x7fffffff) | 1;
  vm->n_vcpus = n_vcpus;
  vm->qemu_pid = pid;
  vm->tasks = g_ptr_array_new ();
  vm->procs = g_ptr_array_new_with_free_func (g_free);
  vm->sync_every = (guint) vms_rng_range (&s->rng, 2, 4);
  vm->drift_ppb = s->config.drift_set ? (gint64) (s->config.drift_ppm * 1000.0)
                                      : (gint64) vms_rng_range (&s->rng, 5000, 60000);
  vm->offset_ns = s->config.offset_set
                    ? s->config.offset_ns
                    : (gint64) vms_rng_range (&s->rng, 0, 10 * SEC) - (gint64) (5 * SEC);
  vm->ref_ns = s->t0;
  uptime = 200 * SEC + vms_rng_range (&s->rng, 0, 3000 * SEC);
  vm->clock_origin_g = guest_time (vm, s->t0) - uptime;
  vm->pfn_next = 0x20000;   /* 512 MiB already touched at boot */
  vm->pfn_limit = 0x100000; /* 4 GiB of guest RAM */
  for (guint o = 0; o < 4; o++)
    vm->free_blocks[o] = g_array_new (FALSE, FALSE, sizeof (guint64));

  /* QEMU: the main thread does the I/O, one thread per vCPU */
  vm->iothread = add_thread (s, HT_IOTHREAD, pid, pid, "qemu-system-x86", idx % s->n_pcpus);
  vm->iothread->vm = vm;
  vm->iothread->burst_mean = 25 * US;
  vm->vcpus = g_new0 (Vcpu *, n_vcpus);
  for (guint c = 0; c < n_vcpus; c++)
    {
      Vcpu *v = g_new0 (Vcpu, 1);
      char comm[16];

      g_snprintf (comm, sizeof comm, "CPU %u/KVM", c);
      v->vm = vm;
      v->id = c;
      v->gidx = s->all_vcpus->len;
      v->thread
        = add_thread (s, HT_VCPU, pid + 1 + (gint32) c, pid, comm, placement (s, (*vcpu_k)++));
      g_snprintf (v->thread->label, sizeof v->thread->label, "%s vCPU %u", name, c);
      v->thread->vcpu = v;
      v->thread->vm = vm;
      v->thread->state = TS_RUNNABLE;
      v->mode = VCPU_OUT;
      v->step_left = vms_rng_range (&vm->rng, 2 * US, 6 * US); /* boots idle, soon halts */
      vm->vcpus[c] = v;
      g_ptr_array_add (s->all_vcpus, v);
    }
  vm->vcpus[0]->cont = CONT_STATEDUMP;
  if (s->config.net)
    {
      sim_push (s, s->t0 + vms_rng_range (&s->rng, 5 * MS, 20 * MS), PQ_NET_HOST_SEND, idx, 0);
      vm->host_seq = (guint32) vms_rng_next (&s->rng);
      vm->guest_seq = (guint32) vms_rng_next (&s->rng);
    }

  for (const TaskDef *d = profile->tasks; d->name != NULL; d++)
    {
      GuestProc *proc = g_new0 (GuestProc, 1);

      proc->pid = guest_tid;
      g_strlcpy (proc->comm, d->name, sizeof proc->comm);
      g_ptr_array_add (vm->procs, proc);
      for (guint k = 0; k < d->threads; k++)
        {
          GuestTask *task = g_new0 (GuestTask, 1);

          task->gidx = s->all_tasks->len;
          task->vm = vm;
          task->proc = proc;
          task->tid = guest_tid++;
          g_strlcpy (task->comm, d->name, sizeof task->comm);
          task->kind = d->kind;
          task->state = TS_BLOCKED;
          task->cpu = vm->tasks->len % n_vcpus;
          task->burst_mean = d->burst_mean_us * US;
          task->period_mean = d->period_mean_ms * MS;
          task->growing = TRUE;
          task->live = g_array_new (FALSE, FALSE, sizeof (guint64));
          task->wait_gen = 1;
          task->forks = g_str_equal (d->name, "cron");
          g_ptr_array_add (vm->tasks, task);
          g_ptr_array_add (s->all_tasks, task);
          sim_push (s, s->t0 + vms_rng_range (&s->rng, 2 * MS, 40 * MS), PQ_GUEST_WAKE, task->gidx,
                    task->wait_gen);
        }
      guest_tid += 3;
    }
  vm->next_tid = guest_tid + 300;

  info.hostname = name;
  info.kernel_release = "4.19.0-27-amd64";
  info.kernel_version = "#1 SMP Debian 4.19.316-1 (2024-06-25)";
  info.trace_name = "vmscope-gen";
  info.clock_offset_ns = vm->clock_origin_g;
  info.seed = s->config.seed;
  vm->trace = vms_ctf_trace_new (dir, &info, n_vcpus, s->config.packet_size, error);
  return vm->trace != NULL;
}

static void
sim_free (Sim *s)
{
  if (s->vms != NULL)
    for (guint i = 0; i < s->vms->len; i++)
      {
        Vm *vm = g_ptr_array_index (s->vms, i);

        net_free (vm);
        for (guint c = 0; c < vm->n_vcpus; c++)
          g_queue_clear (&vm->vcpus[c]->dead);
        for (guint c = 0; c < vm->n_vcpus; c++)
          {
            g_free (vm->vcpus[c]->tr.by_ns);
            g_free (vm->vcpus[c]->tr.cur_by_ns);
            g_free (vm->vcpus[c]);
          }
        for (guint k = 0; k < vm->tasks->len; k++)
          {
            GuestTask *task = g_ptr_array_index (vm->tasks, k);

            g_array_unref (task->live);
            g_free (task);
          }
        for (guint o = 0; o < 4; o++)
          g_array_unref (vm->free_blocks[o]);
        g_ptr_array_unref (vm->tasks);
        g_ptr_array_unref (vm->procs);
        vms_ctf_trace_free (vm->trace);
        g_free (vm->vcpus);
        g_free (vm);
      }
  if (s->threads != NULL)
    for (guint i = 0; i < s->threads->len; i++)
      {
        HostThread *th = g_ptr_array_index (s->threads, i);

        g_ptr_array_unref (th->io_requests);
        g_free (th);
      }
  g_clear_pointer (&s->vms, g_ptr_array_unref);
  g_clear_pointer (&s->threads, g_ptr_array_unref);
  g_clear_pointer (&s->all_vcpus, g_ptr_array_unref);
  g_clear_pointer (&s->all_tasks, g_ptr_array_unref);
  g_clear_pointer (&s->pq, g_array_unref);
  g_clear_pointer (&s->host_trace, vms_ctf_trace_free);
  g_free (s->pcpus);
  g_free (s->host_cursor);
}

static void
dispatch (Sim *s, const PqItem *it)
{
  switch (it->kind)
    {
      case PQ_THREAD:
        {
          HostThread *th = g_ptr_array_index (s->threads, it->idx);

          if (th->gen == it->gen && th->state == TS_RUNNING)
            host_thread_step (s, th, it->t);
          break;
        }
      case PQ_HOST_WAKE:
        {
          HostThread *th = g_ptr_array_index (s->threads, it->idx);

          if (th->wake_gen == it->gen)
            host_daemon_wake (s, th, it->t);
          break;
        }
      case PQ_PCPU_TICK:
        pcpu_tick (s, &s->pcpus[it->idx], it->t);
        sim_push (s, it->t + HOST_TICK, PQ_PCPU_TICK, it->idx, 0);
        break;
      case PQ_GUEST_TICK:
        {
          Vcpu *v = g_ptr_array_index (s->all_vcpus, it->idx);

          if (v->tick_gen == it->gen)
            guest_tick (s, v, it->t);
          break;
        }
      case PQ_NET_HOST_SEND:
        net_host_send (s, g_ptr_array_index (s->vms, it->idx), it->t);
        break;
      case PQ_NET_ARRIVE:
        net_arrive (s, g_ptr_array_index (s->vms, it->idx), it->t);
        break;
      case PQ_GUEST_WAKE:
        {
          GuestTask *task = g_ptr_array_index (s->all_tasks, it->idx);

          if (task->wait_gen == it->gen)
            {
              task->wait_gen++;
              guest_task_wake (s, task, it->t);
            }
          break;
        }
    }
}

static void
finish (Sim *s)
{
  guint64 t_fin = 0;

  for (guint i = 0; i < s->n_pcpus; i++)
    t_fin = MAX (t_fin, s->host_cursor[i]);
  for (guint i = 0; i < s->all_vcpus->len; i++)
    t_fin = MAX (t_fin, ((Vcpu *) g_ptr_array_index (s->all_vcpus, i))->g_last);
  t_fin = MAX (t_fin, s->now) + 1000;
  /* stopping the session interrupts the guests that still run */
  for (guint i = 0; i < s->all_vcpus->len; i++)
    {
      Vcpu *v = g_ptr_array_index (s->all_vcpus, i);

      if (v->mode == VCPU_GUEST)
        vcpu_exit (s, v, t_fin, EXIT_EXTERNAL_INTERRUPT);
    }
  s->host_end = vms_ctf_trace_end_ts (s->host_trace);
  for (guint i = 0; i < s->n_pcpus; i++)
    truth_pcpu_switch (s, &s->pcpus[i], s->host_end);
  for (guint i = 0; i < s->all_vcpus->len; i++)
    {
      Vcpu *v = g_ptr_array_index (s->all_vcpus, i);

      if (!v->tr.seen)
        {
          v->tr.totals[VS_UNKNOWN] = s->host_end - s->host_begin;
          continue;
        }
      truth_preempt_end (s, v, s->host_end);
      truth_vcpu_set (s, v, v->tr.state, s->host_end);
      if (v->mode != VCPU_GUEST && v->current != NULL)
        v->current->appeared_to_run += s->host_end - v->atr_start;
    }
}

gboolean
vms_gen_run (const VmsGenConfig *config, GError **error)
{
  const Scenario *sc = find_scenario (config->scenario);
  Sim sim = { 0 };
  Sim *s = &sim;
  VmsCtfTraceInfo info = { 0 };
  g_autofree char *host_dir = NULL;
  g_autofree char *truth_path = NULL;
  guint vcpu_k = 0;
  guint n_vms;
  gboolean ok = FALSE;
  guint64 iter = 0;

  if (sc == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "Unknown scenario “%s”",
                   config->scenario);
      return FALSE;
    }
  s->config = *config;
  vms_rng_init (&s->rng, config->seed);
  s->n_pcpus = config->n_host_cpus != 0 ? config->n_host_cpus : sc->host_cpus;
  s->host_slice = sc->host_slice;
  s->host_clock_offset = (G_GUINT64_CONSTANT (1795000000) + config->seed % 86400) * SEC
                         + vms_rng_range (&s->rng, 0, SEC - 1);
  s->t0 = s->host_clock_offset + 3600 * SEC + vms_rng_range (&s->rng, 0, 600 * SEC);
  if (config->max_events != 0)
    s->t_stop = G_MAXUINT64;
  else
    s->t_stop = s->t0 + (config->duration_ns != 0 ? config->duration_ns : sc->duration);
  s->pq = g_array_sized_new (FALSE, FALSE, sizeof (PqItem), 1024);
  s->threads = g_ptr_array_new ();
  s->vms = g_ptr_array_new ();
  s->all_vcpus = g_ptr_array_new ();
  s->all_tasks = g_ptr_array_new ();
  s->pcpus = g_new0 (Pcpu, s->n_pcpus);
  s->host_cursor = g_new0 (guint64, s->n_pcpus);
  s->host_pfn_next = 0x180000;

  for (guint i = 0; i < s->n_pcpus; i++)
    {
      char comm[16];

      g_snprintf (comm, sizeof comm, "swapper/%u", i);
      s->pcpus[i].id = i;
      s->pcpus[i].idle = add_thread (s, HT_IDLE, 0, 0, comm, i);
      s->pcpus[i].idle->state = TS_RUNNING;
      s->pcpus[i].current = s->pcpus[i].idle;
      sim_push (s, s->t0 + (i + 1) * 1013 * US, PQ_PCPU_TICK, i, 0);
    }
  add_daemon (s, 11, 11, "rcu_sched", 0, 4, 6);
  add_daemon (s, 186, 186, "kworker/u8:2", 1, 12, 25);
  add_daemon (s, 402, 402, "systemd-journal", 2, 250, 120);
  add_daemon (s, 811, 811, "sshd", 3, 150, 60);
  add_daemon (s, 1432, 1432, "lttng-consumerd", 1, 40, 250);

  n_vms = config->n_vms != 0 ? config->n_vms : 0;
  if (n_vms == 0)
    while (n_vms < G_N_ELEMENTS (sc->vms) && sc->vms[n_vms].name != NULL)
      n_vms++;
  for (guint i = 0; i < n_vms; i++)
    {
      const VmDef *d = &sc->vms[i % G_N_ELEMENTS (sc->vms)];
      g_autofree char *name = NULL;

      if (d->name == NULL)
        d = &sc->vms[i % 2];
      name = i < G_N_ELEMENTS (sc->vms) && sc->vms[i].name != NULL
               ? g_strdup (d->name)
               : g_strdup_printf ("%s-%u", d->name, i);
      if (!add_vm (s, i, name, config->n_vcpus != 0 ? config->n_vcpus : d->vcpus, d->profile,
                   &vcpu_k, error))
        goto out;
    }
  for (guint i = 0; i < s->all_vcpus->len; i++)
    {
      Vcpu *v = g_ptr_array_index (s->all_vcpus, i);

      v->tr.by_ns = g_new0 (guint64, s->threads->len);
      v->tr.cur_by_ns = g_new0 (guint64, s->threads->len);
      guest_idle_timer_arm (s, v, s->t0);
      pcpu_enqueue (&s->pcpus[v->thread->cpu], v->thread);
    }

  info.hostname = "kvm-host";
  info.kernel_release = "5.15.0-91-generic";
  info.kernel_version = "#101-Ubuntu SMP Tue Nov 14 13:30:08 UTC 2023";
  info.trace_name = "vmscope-gen";
  info.clock_offset_ns = s->host_clock_offset;
  info.seed = config->seed;
  host_dir = g_build_filename (config->output_dir, "host", NULL);
  s->host_trace = vms_ctf_trace_new (host_dir, &info, s->n_pcpus, config->packet_size, error);
  if (s->host_trace == NULL)
    goto out;

  emit_host_statedump (s, s->t0);
  s->host_begin = s->t0;
  for (guint i = 0; i < s->n_pcpus; i++)
    pcpu_schedule (s, &s->pcpus[i], s->t0 + 150 * US + i * 7 * US, 0);

  while (s->pq->len > 0)
    {
      PqItem it = pq_pop (s);

      if (it.t > s->t_stop)
        break;
      if (config->max_events != 0 && (++iter & 255) == 0 && sim_events (s) >= config->max_events)
        break;
      s->now = it.t;
      dispatch (s, &it);
    }
  finish (s);

  if (!vms_ctf_trace_close (s->host_trace, error))
    goto out;
  for (guint i = 0; i < s->vms->len; i++)
    if (!vms_ctf_trace_close (((Vm *) g_ptr_array_index (s->vms, i))->trace, error))
      goto out;
  truth_path = g_build_filename (config->output_dir, "truth.json", NULL);
  ok = truth_write (s, truth_path, error);

out:
  sim_free (s);
  return ok;
}
