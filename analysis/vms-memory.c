/* vms-memory.c — streaming collection of page allocations and, once the traces
 * are synchronized, the series and per-VM figures described in vms-memory.h.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vms-memory-private.h"

/* The largest order the kernel's buddy allocator uses is well below this; a
 * bigger one is a damaged record. */
#define MAX_ORDER 30

/* One memory event, on the trace's clock: 16 bytes. */
typedef struct {
  gint64 ts;
  gint32 tid;   /* running on the event's CPU; -1 unknown */
  gint32 pages; /* signed */
} LogEntry;

typedef struct {
  gint pid;              /* -1 while unknown */
  guint32 name;          /* string id, 0 unknown */
  gboolean name_is_path; /* from exec: the file name, shown by its basename */
} Thread;

/* What vms_memory_feed() keeps per trace. */
typedef struct {
  GArray *log;     /* LogEntry */
  GArray *cpu_tid; /* gint32 per CPU, -1 unknown */
  /* Per CPU, log indices of events before its first sched_switch (GArray of
   * guint, NULL once the CPU has switched): its prev_tid ran them. */
  GPtrArray *cpu_pending;
  GHashTable *threads; /* tid -> Thread */
  gint64 first_ts;
  gint64 last_ts;
  gboolean seen;
  guint64 n_allocs;
  guint64 n_frees;
  guint64 n_batched_frees;
  guint64 alloc_pages;
  guint64 free_pages;
} FeedTrace;

struct _VmsMemory {
  GObject parent_instance;

  GPtrArray *feeds; /* FeedTrace, indexed by trace_index; NULL where nothing was fed */
  gboolean finished;
  GArray *machines; /* VmsMemoryMachine */
  GArray *vms;      /* VmsMemoryVm */
  VmsMemoryTraceClockFunc clock;
  gpointer clock_data;
};

G_DEFINE_FINAL_TYPE (VmsMemory, vms_memory, G_TYPE_OBJECT)

/* cpu_pending holds NULL for CPUs whose first switch was seen. */
static void
pending_free (gpointer data)
{
  if (data != NULL)
    g_array_unref (data);
}

static void
feed_trace_free (gpointer data)
{
  FeedTrace *feed = data;

  if (feed == NULL)
    return;
  g_array_unref (feed->log);
  g_array_unref (feed->cpu_tid);
  g_ptr_array_unref (feed->cpu_pending);
  g_hash_table_unref (feed->threads);
  g_free (feed);
}

static void
machine_clear (VmsMemoryMachine *machine)
{
  g_free (machine->name);
  vms_memory_series_free (machine->total);
  vms_memory_series_free (machine->host_other);
  for (guint i = 0; i < machine->n_processes; i++)
    {
      g_free (machine->processes[i].name);
      vms_memory_series_free (machine->processes[i].series);
    }
  g_free (machine->processes);
}

static void
vm_clear (VmsMemoryVm *vm)
{
  g_free (vm->name);
  vms_memory_series_free (vm->host);
}

static void
vms_memory_finalize (GObject *object)
{
  VmsMemory *self = VMS_MEMORY (object);

  g_ptr_array_unref (self->feeds);
  g_array_unref (self->machines);
  g_array_unref (self->vms);

  G_OBJECT_CLASS (vms_memory_parent_class)->finalize (object);
}

static void
vms_memory_class_init (VmsMemoryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vms_memory_finalize;
}

static void
vms_memory_init (VmsMemory *self)
{
  self->feeds = g_ptr_array_new_with_free_func (feed_trace_free);
  self->machines = g_array_new (FALSE, TRUE, sizeof (VmsMemoryMachine));
  g_array_set_clear_func (self->machines, (GDestroyNotify) machine_clear);
  self->vms = g_array_new (FALSE, TRUE, sizeof (VmsMemoryVm));
  g_array_set_clear_func (self->vms, (GDestroyNotify) vm_clear);
}

VmsMemory *
vms_memory_new (void)
{
  return g_object_new (VMS_TYPE_MEMORY, NULL);
}

/* Feeding */

static FeedTrace *
get_feed (VmsMemory *self, guint trace_index)
{
  FeedTrace *feed;

  if (trace_index >= self->feeds->len)
    g_ptr_array_set_size (self->feeds, trace_index + 1);
  feed = g_ptr_array_index (self->feeds, trace_index);
  if (feed == NULL)
    {
      feed = g_new0 (FeedTrace, 1);
      feed->log = g_array_new (FALSE, FALSE, sizeof (LogEntry));
      feed->cpu_tid = g_array_new (FALSE, FALSE, sizeof (gint32));
      feed->cpu_pending = g_ptr_array_new_with_free_func (pending_free);
      feed->threads = g_hash_table_new_full (NULL, NULL, NULL, g_free);
      g_ptr_array_index (self->feeds, trace_index) = feed;
    }
  return feed;
}

static Thread *
get_thread (FeedTrace *feed, gint32 tid)
{
  Thread *thread = g_hash_table_lookup (feed->threads, GINT_TO_POINTER (tid));

  if (thread == NULL)
    {
      thread = g_new0 (Thread, 1);
      thread->pid = -1;
      g_hash_table_insert (feed->threads, GINT_TO_POINTER (tid), thread);
    }
  return thread;
}

static void
set_name_if_unknown (FeedTrace *feed, gint32 tid, guint32 name)
{
  Thread *thread;

  if (tid < 0 || name == 0)
    return;
  thread = get_thread (feed, tid);
  if (thread->name == 0)
    thread->name = name;
}

static gint32
running_tid (FeedTrace *feed, guint cpu)
{
  return cpu < feed->cpu_tid->len ? g_array_index (feed->cpu_tid, gint32, cpu) : -1;
}

static void
grow_cpus (FeedTrace *feed, guint cpu)
{
  while (feed->cpu_tid->len <= cpu)
    {
      gint32 unknown = -1;

      g_array_append_val (feed->cpu_tid, unknown);
      g_ptr_array_add (feed->cpu_pending, g_array_new (FALSE, FALSE, sizeof (guint)));
    }
}

/* A sched_switch on cpu: the events logged there before its first switch were
 * run by prev_tid. */
static void
switch_cpu (FeedTrace *feed, guint cpu, gint32 prev_tid, gint32 next_tid)
{
  GArray *pending;

  grow_cpus (feed, cpu);
  pending = g_ptr_array_index (feed->cpu_pending, cpu);
  if (pending != NULL)
    {
      for (guint i = 0; i < pending->len; i++)
        g_array_index (feed->log, LogEntry, g_array_index (pending, guint, i)).tid = prev_tid;
      g_array_unref (pending);
      g_ptr_array_index (feed->cpu_pending, cpu) = NULL;
    }
  g_array_index (feed->cpu_tid, gint32, cpu) = next_tid;
}

static void
log_pages (FeedTrace *feed, const VmsEvent *event, gint32 pages)
{
  LogEntry entry = { event->ts, running_tid (feed, event->cpu), pages };

  if (entry.tid < 0)
    {
      grow_cpus (feed, event->cpu);
      if (g_ptr_array_index (feed->cpu_pending, event->cpu) != NULL)
        {
          guint index = feed->log->len;

          g_array_append_val (g_ptr_array_index (feed->cpu_pending, event->cpu), index);
        }
    }
  g_array_append_val (feed->log, entry);
  if (pages > 0)
    feed->alloc_pages += (guint64) pages;
  else
    feed->free_pages += (guint64) -pages;
}

void
vms_memory_feed (VmsMemory *self, guint trace_index, const VmsEvent *events, gsize n_events)
{
  FeedTrace *feed;

  g_return_if_fail (VMS_IS_MEMORY (self));
  g_return_if_fail (!self->finished);
  g_return_if_fail (events != NULL || n_events == 0);

  if (n_events == 0)
    return;

  feed = get_feed (self, trace_index);
  if (!feed->seen)
    {
      feed->first_ts = events[0].ts;
      feed->last_ts = events[0].ts;
      feed->seen = TRUE;
    }

  for (gsize i = 0; i < n_events; i++)
    {
      const VmsEvent *event = &events[i];

      feed->last_ts = MAX (feed->last_ts, event->ts);

      switch ((VmsEventKind) event->kind)
        {
          case VMS_EV_SCHED_SWITCH:
            switch_cpu (feed, event->cpu, event->u.i[0], event->u.i[1]);
            set_name_if_unknown (feed, event->u.i[0], event->x);
            set_name_if_unknown (feed, event->u.i[1], (guint32) event->u.i[3]);
            break;

          case VMS_EV_STATEDUMP_PROCESS:
            {
              Thread *thread = get_thread (feed, event->u.i[0]);

              thread->pid = event->u.i[1];
              if (event->x != 0)
                {
                  thread->name = event->x;
                  thread->name_is_path = FALSE;
                }
            }
            break;

          case VMS_EV_PROCESS_FORK:
            {
              Thread *thread = get_thread (feed, event->u.i[2]);

              thread->pid = event->u.i[3]; /* -1 on tracers without pids */
              if (event->x != 0)
                {
                  thread->name = event->x;
                  thread->name_is_path = FALSE;
                }
            }
            break;

          case VMS_EV_PROCESS_EXEC:
            if (event->x != 0)
              {
                Thread *thread = get_thread (feed, event->u.i[0]);

                thread->name = event->x;
                thread->name_is_path = TRUE;
              }
            break;

          case VMS_EV_PAGE_ALLOC:
            if (event->u.i[0] >= 0 && event->u.i[0] <= MAX_ORDER)
              {
                feed->n_allocs++;
                log_pages (feed, event, (gint32) 1 << event->u.i[0]);
              }
            break;

          case VMS_EV_PAGE_FREE:
            if (event->u.i[0] >= 0 && event->u.i[0] <= MAX_ORDER)
              {
                feed->n_frees++;
                log_pages (feed, event, -((gint32) 1 << event->u.i[0]));
              }
            break;

          case VMS_EV_PAGE_FREE_BATCHED:
            feed->n_batched_frees++;
            log_pages (feed, event, -1);
            break;

          default:
            break;
        }
    }
}

/* Finishing */

typedef struct {
  VmsMemory *self;
  guint index;
  const VmsMemoryTraceInfo *info;
  FeedTrace *feed;
  VmsMemoryNameFunc names;
  gpointer names_data;
} Build;

static gint64
to_host (const Build *build, gint64 ts)
{
  if (build->info->to_host != NULL)
    return build->info->to_host (ts, build->info->to_host_data);
  if (build->self->clock != NULL)
    return build->self->clock (build->self->clock_data, build->index, ts);
  return ts;
}

void
vms_memory_set_clock (VmsMemory *self, VmsMemoryTraceClockFunc func, gpointer user_data)
{
  g_return_if_fail (VMS_IS_MEMORY (self));
  g_return_if_fail (!self->finished);

  self->clock = func;
  self->clock_data = user_data;
}

static char *
thread_name (const Build *build, const Thread *thread)
{
  const char *name;

  if (thread == NULL || thread->name == 0 || build->names == NULL)
    return NULL;
  name = build->names (build->names_data, thread->name);
  if (name == NULL || *name == '\0')
    return NULL;
  if (thread->name_is_path)
    {
      const char *slash = strrchr (name, '/');

      if (slash != NULL && slash[1] != '\0')
        name = slash + 1;
    }
  return g_strdup (name);
}

/* The process a tid is charged to: its pid when known, else the thread itself. */
static gint
process_of (FeedTrace *feed, gint32 tid)
{
  const Thread *thread;

  if (tid < 0)
    return -1;
  thread = g_hash_table_lookup (feed->threads, GINT_TO_POINTER (tid));
  return thread != NULL && thread->pid >= 0 ? thread->pid : tid;
}

static char *
process_name (const Build *build, gint pid)
{
  GHashTableIter iter;
  gpointer key, value;
  char *name;

  if (pid < 0)
    return g_strdup (_ ("unknown"));

  /* The main thread's name, else any named thread of the process. */
  name = thread_name (build, g_hash_table_lookup (build->feed->threads, GINT_TO_POINTER (pid)));
  if (name != NULL)
    return name;
  g_hash_table_iter_init (&iter, build->feed->threads);
  while (name == NULL && g_hash_table_iter_next (&iter, &key, &value))
    {
      const Thread *thread = value;

      if (thread->pid == pid)
        name = thread_name (build, thread);
    }
  return name != NULL ? name : g_strdup_printf (_ ("tid %d"), pid);
}

static int
compare_processes (gconstpointer a, gconstpointer b)
{
  const VmsMemoryProcess *pa = a, *pb = b;

  return (pa->pid > pb->pid) - (pa->pid < pb->pid);
}

static void
build_machine (VmsMemory *self, guint index, const Build *build, GArray *vms)
{
  VmsMemoryMachine *machine = &g_array_index (self->machines, VmsMemoryMachine, index);
  FeedTrace *feed = build->feed;
  g_autoptr (GHashTable) process_index = g_hash_table_new (NULL, NULL); /* pid -> index + 1 */
  g_autoptr (GHashTable) vm_of_pid = g_hash_table_new (NULL, NULL);     /* pid -> vm + 1 */
  g_autoptr (GArray) processes = g_array_new (FALSE, TRUE, sizeof (VmsMemoryProcess));
  const LogEntry *log;
  gint64 begin = 0, end = 0;
  gboolean is_host = build->info->role == VMS_TRACE_ROLE_HOST;

  if (build->info->begin != 0 || build->info->end != 0)
    {
      begin = to_host (build, build->info->begin);
      end = to_host (build, build->info->end);
    }
  else if (feed != NULL && feed->seen)
    {
      begin = to_host (build, feed->first_ts);
      end = to_host (build, feed->last_ts);
    }
  if (feed != NULL && feed->seen)
    {
      /* Events outside the given range widen it. */
      begin = MIN (begin, to_host (build, feed->first_ts));
      end = MAX (end, to_host (build, feed->last_ts));
    }
  end = MAX (begin, end);

  machine->trace_index = index;
  machine->name = g_strdup (build->info->name != NULL ? build->info->name : "");
  machine->role = build->info->role;
  machine->begin = begin;
  machine->end = end;
  machine->total = vms_memory_series_new (begin);
  if (is_host)
    machine->host_other = vms_memory_series_new (begin);

  for (guint v = 0; v < vms->len; v++)
    {
      VmsMemoryVm *vm = &g_array_index (vms, VmsMemoryVm, v);

      if (vm->host_trace != index)
        continue;
      vm->host = vms_memory_series_new (begin);
      if (is_host && vm->qemu_pid >= 0)
        g_hash_table_insert (vm_of_pid, GINT_TO_POINTER (vm->qemu_pid), GUINT_TO_POINTER (v + 1));
    }

  if (feed != NULL)
    {
      machine->n_allocs = feed->n_allocs;
      machine->n_frees = feed->n_frees;
      machine->n_batched_frees = feed->n_batched_frees;
      machine->alloc_bytes = feed->alloc_pages * VMS_MEMORY_PAGE_SIZE;
      machine->free_bytes = feed->free_pages * VMS_MEMORY_PAGE_SIZE;

      log = (const LogEntry *) (gpointer) feed->log->data;
      for (guint i = 0; i < feed->log->len; i++)
        {
          gint64 ts = to_host (build, log[i].ts);
          gint64 bytes = (gint64) log[i].pages * VMS_MEMORY_PAGE_SIZE;
          gint pid = process_of (feed, log[i].tid);
          guint p = GPOINTER_TO_UINT (g_hash_table_lookup (process_index, GINT_TO_POINTER (pid)));
          guint v;

          if (p == 0)
            {
              VmsMemoryProcess process = { pid, NULL, vms_memory_series_new (begin) };

              g_array_append_val (processes, process);
              p = processes->len;
              g_hash_table_insert (process_index, GINT_TO_POINTER (pid), GUINT_TO_POINTER (p));
            }
          vms_memory_series_add (g_array_index (processes, VmsMemoryProcess, p - 1).series, ts,
                                 bytes);
          vms_memory_series_add (machine->total, ts, bytes);
          if (!is_host)
            continue;
          v = pid >= 0 ? GPOINTER_TO_UINT (g_hash_table_lookup (vm_of_pid, GINT_TO_POINTER (pid)))
                       : 0;
          vms_memory_series_add (
            v > 0 ? g_array_index (vms, VmsMemoryVm, v - 1).host : machine->host_other, ts, bytes);
        }
    }

  for (guint i = 0; i < processes->len; i++)
    {
      VmsMemoryProcess *process = &g_array_index (processes, VmsMemoryProcess, i);

      process->name = process_name (build, process->pid);
      vms_memory_series_close (process->series, end);
    }
  g_array_sort (processes, compare_processes);
  machine->n_processes = processes->len;
  machine->processes
    = (VmsMemoryProcess *) (gpointer) g_array_free (g_steal_pointer (&processes), FALSE);

  vms_memory_series_close (machine->total, end);
  if (machine->host_other != NULL)
    vms_memory_series_close (machine->host_other, end);
  for (guint v = 0; v < vms->len; v++)
    {
      VmsMemoryVm *vm = &g_array_index (vms, VmsMemoryVm, v);

      if (vm->host_trace == index)
        vms_memory_series_close (vm->host, end);
    }
}

static int
compare_candidates (gconstpointer a, gconstpointer b)
{
  const VmsMemoryVm *va = *(const VmsMemoryVm *const *) a;
  const VmsMemoryVm *vb = *(const VmsMemoryVm *const *) b;

  if (va->touched_unused_bytes != vb->touched_unused_bytes)
    return va->touched_unused_bytes > vb->touched_unused_bytes ? -1 : 1;
  if (va->host_bytes != vb->host_bytes)
    return va->host_bytes > vb->host_bytes ? -1 : 1;
  return va < vb ? -1 : 1; /* VM order */
}

static void
compute_vm (VmsMemory *self, VmsMemoryVm *vm)
{
  const VmsMemorySeries *guest;

  vm->host_bytes = vms_memory_series_get_current (vm->host);
  if (vm->guest_trace < 0 || (guint) vm->guest_trace >= self->machines->len)
    return;

  guest = g_array_index (self->machines, VmsMemoryMachine, vm->guest_trace).total;
  vm->guest_change = vms_memory_series_get_current (guest);
  vm->guest_bytes = vm->guest_change - vms_memory_series_get_lowest (guest);
  vm->guest_peak_bytes = vms_memory_series_get_peak (guest) - vms_memory_series_get_lowest (guest);
  vm->touched_unused_bytes
    = MAX (0, MAX (vm->host_bytes - vm->guest_change, vm->guest_peak_bytes - vm->guest_bytes));
}

void
vms_memory_finish (VmsMemory *self,
                   const VmsMemoryTraceInfo *traces,
                   guint n_traces,
                   const VmsMemoryVmInfo *vms,
                   guint n_vms,
                   VmsMemoryNameFunc names,
                   gpointer names_data)
{
  g_autoptr (GPtrArray) candidates = g_ptr_array_new ();

  g_return_if_fail (VMS_IS_MEMORY (self));
  g_return_if_fail (!self->finished);
  g_return_if_fail (traces != NULL || n_traces == 0);
  g_return_if_fail (vms != NULL || n_vms == 0);

  self->finished = TRUE;

  g_array_set_size (self->vms, n_vms);
  for (guint v = 0; v < n_vms; v++)
    {
      VmsMemoryVm *vm = &g_array_index (self->vms, VmsMemoryVm, v);

      vm->name = vms[v].name != NULL ? g_strdup (vms[v].name)
                                     : g_strdup_printf (_ ("VM %d"), vms[v].qemu_pid);
      vm->host_trace = vms[v].host_trace;
      vm->qemu_pid = vms[v].qemu_pid;
      vm->guest_trace = vms[v].guest_trace;
      vm->memory_bytes = vms[v].memory_bytes;
    }

  g_array_set_size (self->machines, n_traces);
  for (guint i = 0; i < n_traces; i++)
    {
      Build build = { self, i, &traces[i], NULL, names, names_data };

      if (i < self->feeds->len)
        build.feed = g_ptr_array_index (self->feeds, i);
      build_machine (self, i, &build, self->vms);
    }

  for (guint v = 0; v < n_vms; v++)
    {
      VmsMemoryVm *vm = &g_array_index (self->vms, VmsMemoryVm, v);

      if (vm->host == NULL) /* its host trace is not among the traces */
        {
          vm->host = vms_memory_series_new (0);
          vms_memory_series_close (vm->host, 0);
        }
      compute_vm (self, vm);
      if (vm->guest_trace >= 0 && (guint) vm->guest_trace < n_traces)
        g_ptr_array_add (candidates, vm);
    }

  g_ptr_array_sort (candidates, compare_candidates);
  for (guint r = 0; r < candidates->len; r++)
    ((VmsMemoryVm *) g_ptr_array_index (candidates, r))->balloon_rank = r + 1;

  /* The logs are no longer needed: only the series stay. */
  g_ptr_array_set_size (self->feeds, 0);
}

gboolean
vms_memory_is_finished (VmsMemory *self)
{
  g_return_val_if_fail (VMS_IS_MEMORY (self), FALSE);
  return self->finished;
}

guint
vms_memory_get_n_machines (VmsMemory *self)
{
  g_return_val_if_fail (VMS_IS_MEMORY (self), 0);
  return self->machines->len;
}

const VmsMemoryMachine *
vms_memory_get_machine (VmsMemory *self, guint index)
{
  g_return_val_if_fail (VMS_IS_MEMORY (self), NULL);
  g_return_val_if_fail (index < self->machines->len, NULL);
  return &g_array_index (self->machines, VmsMemoryMachine, index);
}

guint
vms_memory_get_n_vms (VmsMemory *self)
{
  g_return_val_if_fail (VMS_IS_MEMORY (self), 0);
  return self->vms->len;
}

const VmsMemoryVm *
vms_memory_get_vm (VmsMemory *self, guint index)
{
  g_return_val_if_fail (VMS_IS_MEMORY (self), NULL);
  g_return_val_if_fail (index < self->vms->len, NULL);
  return &g_array_index (self->vms, VmsMemoryVm, index);
}

const VmsMemoryVm *
vms_memory_get_vm_by_rank (VmsMemory *self, guint rank)
{
  g_return_val_if_fail (VMS_IS_MEMORY (self), NULL);
  if (rank == 0)
    return NULL;
  for (guint v = 0; v < self->vms->len; v++)
    if (g_array_index (self->vms, VmsMemoryVm, v).balloon_rank == rank)
      return &g_array_index (self->vms, VmsMemoryVm, v);
  return NULL;
}

gint64
vms_memory_get_host_other_bytes (VmsMemory *self)
{
  gint64 total = 0;

  g_return_val_if_fail (VMS_IS_MEMORY (self), 0);
  for (guint i = 0; i < self->machines->len; i++)
    {
      const VmsMemoryMachine *machine = &g_array_index (self->machines, VmsMemoryMachine, i);

      if (machine->host_other != NULL)
        total += vms_memory_series_get_current (machine->host_other);
    }
  return total;
}
