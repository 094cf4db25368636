/* vms-model.h — the VM state model: rows, drawing queries, statistics.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A VmsModel is built once by the analysis (vms-analysis.h) and is then
 * immutable: every function here is safe to call from the UI thread while
 * other threads also query it.  All times are nanoseconds on the host's clock
 * (the reference clock after synchronization); intervals are half-open
 * [start, end).
 *
 * Rows form a tree, enumerated in pre-order (a parent comes before its
 * children):
 *
 *   VM "jessie"                       VMS_ROW_GROUP
 *     vCPU 0 … vCPU n                 VMS_ROW_VCPU
 *     Threads                         VMS_ROW_GROUP
 *       bash (1234) …                 VMS_ROW_THREAD (guest threads)
 *   Host "kvmhost"                    VMS_ROW_GROUP
 *     CPUs                            VMS_ROW_GROUP
 *       CPU 0 …                       VMS_ROW_CPU (physical CPUs)
 *     Threads                         VMS_ROW_GROUP
 *       qemu-system-x86 (900) …       VMS_ROW_THREAD (host threads)
 *   Machine "laptop"                  VMS_ROW_GROUP (plain machines, and
 *     CPUs / Threads                     the CPUs of guest traces)
 *
 * Drawing: vms_model_query() returns about one item per pixel for any range
 * and resolution, in a time that does not grow with the number of intervals
 * in the range (precomputed summaries and binary search).  An item that
 * covers several intervals says which states it holds, the dominant one and
 * the longest preempted / hypervisor / appeared-to-run interval inside, so a
 * short preemption stays visible at any zoom.  vms_model_hit_test() gives the
 * exact interval under a point (tooltips, details pane, state at a time).
 */
#pragma once

#include <glib-object.h>

#include "vms-trace.h"
#include "vms-types.h"

G_BEGIN_DECLS

/**
 * VmsState:
 * @VMS_STATE_UNKNOWN: nothing tells us yet (before the first event, after a thread exits)
 * @VMS_STATE_RUNNING: vCPU: running guest code (VMX non-root); thread: running on a CPU;
 *   CPU: running a (host) thread, see VmsInterval.tid
 * @VMS_STATE_IDLE: vCPU: the guest runs its idle task on it, or it is halted (HLT exit, then
 *   switched out), or its thread blocked on the host; without a guest trace only the last two
 *   are known.  CPU: running the idle task
 * @VMS_STATE_HYPERVISOR: vCPU: in the hypervisor (VMX root, between an exit and the next
 *   entry); VmsInterval.exit_reason says why
 * @VMS_STATE_PREEMPTED: vCPU: its thread was switched out by the host while the guest believed
 *   it was running; VmsInterval.tid / preempted_by_* say who ran instead
 * @VMS_STATE_SYSCALL: thread: running in a system call
 * @VMS_STATE_INTERRUPTED: thread: running, but its CPU handles an interrupt or softirq
 * @VMS_STATE_RUNNABLE: thread: waiting for a CPU
 * @VMS_STATE_BLOCKED: thread: waiting for something else (sleep, I/O, lock)
 * @VMS_STATE_APPEARED: guest thread: running for the guest while its vCPU was preempted or in
 *   the hypervisor — it only appeared to run; VmsInterval.cause says which
 * @VMS_STATE_VCPU: host CPU: running the vCPU thread of a VM, see VmsInterval.vm / vcpu
 */
typedef enum {
  VMS_STATE_UNKNOWN = 0,
  VMS_STATE_RUNNING,
  VMS_STATE_IDLE,
  VMS_STATE_HYPERVISOR,
  VMS_STATE_PREEMPTED,
  VMS_STATE_SYSCALL,
  VMS_STATE_INTERRUPTED,
  VMS_STATE_RUNNABLE,
  VMS_STATE_BLOCKED,
  VMS_STATE_APPEARED,
  VMS_STATE_VCPU,
  VMS_N_STATES
} VmsState;

/* "running", "idle", "hypervisor", "preempted", "syscall", … (the JSON spelling). */
const char *vms_state_to_string (VmsState state);

/* The states that are worth seeing even when they are short. */
#define VMS_STATE_IS_ALERT(s) \
  ((s) == VMS_STATE_PREEMPTED || (s) == VMS_STATE_HYPERVISOR || (s) == VMS_STATE_APPEARED)

typedef enum {
  VMS_ISA_UNKNOWN = 0,
  VMS_ISA_VMX = 1, /* Intel: VMX basic exit reason */
  VMS_ISA_SVM = 2, /* AMD: SVM exit code */
} VmsIsa;

/* "HLT", "EXTERNAL_INTERRUPT", "EPT_VIOLATION", "npf", … or NULL when unknown. */
const char *vms_exit_reason_name (VmsIsa isa, guint reason);

/* ------------------------------------------------------------------------------------------
 * Rows
 */
typedef enum {
  VMS_ROW_GROUP,  /* a header: a VM, the host, a machine, "CPUs", "Threads"; no intervals */
  VMS_ROW_VCPU,   /* one vCPU of a VM (host clock, whether or not the guest was traced) */
  VMS_ROW_THREAD, /* one thread of a machine: guest threads of a VM, host or machine threads */
  VMS_ROW_CPU,    /* one CPU of a machine: the host's physical CPUs, a plain machine's CPUs */
} VmsRowKind;

typedef struct {
  VmsRowKind kind;
  int parent;        /* row index of the parent group, -1 at the top level */
  guint depth;       /* 0 at the top level */
  const char *label; /* "jessie", "vCPU 2", "bash (1234)", "CPU 3", "Threads" */
  int machine;       /* index of the machine (trace) the row comes from, -1 for none */
  int vm;            /* index of the VM the row belongs to, -1 for none */
  int id;            /* vCPU number, tid, or CPU number; -1 for groups */
} VmsRow;

/* ------------------------------------------------------------------------------------------
 * Intervals and drawing items
 */

/**
 * VmsInterval:
 * The exact interval of a row.  Fields that do not apply are -1.
 * @cpu: thread rows: the CPU (guest: the vCPU) it runs or last ran on; vCPU rows: the host
 *   CPU it was on
 * @tid: CPU rows: the thread running; vCPU rows, preempted: the host thread that ran on that
 *   CPU instead (the longest one)
 * @exit_reason: vCPU hypervisor intervals, and appeared intervals caused by the hypervisor
 * @isa: of exit_reason
 * @vm, @vcpu: CPU rows in state VCPU: whose vCPU ran; vCPU rows, preempted: the VM and vCPU
 *   that ran instead, when it was a vCPU (vm is -1 for a host thread)
 * @cause: appeared intervals: VMS_STATE_PREEMPTED or VMS_STATE_HYPERVISOR
 * @guest_tid: vCPU rows: the guest thread running on that vCPU at @start (0: the idle task)
 * @guest_state: thread rows, appeared: what the guest saw (running, syscall or interrupted);
 *   otherwise @state
 */
typedef struct {
  gint64 start;
  gint64 end;
  VmsState state;
  int cpu;
  int tid;
  int exit_reason;
  VmsIsa isa;
  int vm;
  int vcpu;
  VmsState cause;
  int guest_tid;
  VmsState guest_state;
} VmsInterval;

/**
 * VmsModelItem:
 * What to draw for one span of a row (about one pixel, or one whole interval when zoomed in).
 * @states: bit (1 << VmsState) for every state present in the span
 * @dominant: the state covering most of the span
 * @count: the number of intervals intersecting the span (1: the span is inside one interval)
 *
 * Zoomed in (a pixel holds a few dozen intervals at most) the item is exact.  Zoomed out it is
 * summarized from precomputed time buckets at most half (usually a quarter) a pixel wide: it
 * holds every state of its span, possibly one from within that distance beyond its edges, and
 * count is counted at that precision.
 * @worst_*: the longest preempted / hypervisor / appeared interval intersecting the span, not
 *   clipped; worst_state is VMS_STATE_UNKNOWN when there is none.  worst_cause is the exit
 *   reason (hypervisor), the preempting host tid (preempted) or the cause state (appeared).
 */
typedef struct {
  gint64 start;
  gint64 end;
  guint32 states;
  VmsState dominant;
  guint32 count;
  VmsState worst_state;
  int worst_cause;
  gint64 worst_start;
  gint64 worst_end;
} VmsModelItem;

/* ------------------------------------------------------------------------------------------
 * Machines, VMs, vCPUs, threads, statistics
 */
typedef struct {
  const char *name; /* hostname */
  const char *path;
  VmsTraceRole role;
  guint n_cpus;
  guint64 n_events;
  gint64 begin; /* host clock */
  gint64 end;
  int row; /* its group row (a guest tied to a VM: the VM's row), -1 when it has none */
  int vm;  /* guests: the VM it is, -1 otherwise */
  /* Synchronization: t_machine = alpha × t_reference + beta */
  const char *sync_reference; /* name of the reference machine, NULL for the reference */
  double alpha;
  double beta;
  const char *sync_quality; /* "accurate", "approximate", "incomplete", "absent", "fail", … */
  double accuracy;
  guint64 matches;
} VmsMachine;

typedef struct {
  const char *name; /* the guest's hostname, or "QEMU-NAME (PID)" when not traced */
  int qemu_pid;
  guint64 vm_uid;
  gboolean has_vm_uid;
  int machine;      /* the guest trace, -1 when not traced */
  guint first_vcpu; /* index of its first vCPU in vms_model_get_vcpu() */
  guint n_vcpus;
  int row;
  gint64 totals[VMS_N_STATES]; /* summed over its vCPUs */
  double overhead;             /* (hypervisor + preempted) / (running + hypervisor + preempted) */
} VmsVm;

typedef struct {
  guint vm;
  guint id; /* vCPU number = guest CPU number */
  int host_tid;
  int row;
  gint64 totals[VMS_N_STATES];
  double overhead;
  guint64 n_preemptions;
  guint64 n_exits;
} VmsVcpu;

typedef struct {
  guint machine;
  int vm; /* guest threads: the VM, else -1 */
  int tid;
  int pid;
  const char *name;
  int row;
  /* As the guest saw it: RUNNING, SYSCALL and INTERRUPTED include the time that only appeared
   * to run, which totals[VMS_STATE_APPEARED] gives as well. */
  gint64 totals[VMS_N_STATES];
  guint64 n_migrations;
} VmsThread;

typedef struct {
  guint vm;
  VmsIsa isa;
  guint reason;
  const char *name; /* never NULL: "reason 77" when unknown */
  guint64 count;    /* exit → entry episodes */
  gint64 total;
  gint64 min;
  gint64 max;
  gint64 mean;
  gint64 p99;
} VmsExitStats;

typedef enum {
  VMS_SPIKE_PREEMPTION,  /* a vCPU preempted by the host */
  VMS_SPIKE_HYPERVISOR,  /* a hypervisor episode (exit → entry) */
  VMS_SPIKE_THREAD_WAIT, /* a guest thread that appeared to run while its vCPU did not */
} VmsSpikeKind;

const char *vms_spike_kind_to_string (VmsSpikeKind kind);

typedef struct {
  VmsSpikeKind kind;
  guint vm;
  guint vcpu; /* vCPU number */
  gint64 start;
  gint64 duration;
  int exit_reason; /* hypervisor: the exit reason, else -1 */
  VmsIsa isa;
  int preempted_by;    /* preemption: the host tid that ran instead, else -1 */
  int preempted_by_vm; /* … and its VM when it was a vCPU, else -1 */
  int preempted_by_vcpu;
  int guest_tid; /* the guest thread that was hit, -1 when unknown */
} VmsSpike;

/* ------------------------------------------------------------------------------------------
 * The model
 */
#define VMS_TYPE_MODEL (vms_model_get_type ())
G_DECLARE_FINAL_TYPE (VmsModel, vms_model, VMS, MODEL, GObject)

gint64 vms_model_get_begin (VmsModel *self); /* earliest interval start over all rows */
gint64 vms_model_get_end (VmsModel *self);

guint vms_model_get_n_rows (VmsModel *self);
const VmsRow *vms_model_get_row (VmsModel *self, guint row);
/* Beginning and end of the row's known intervals (empty rows: begin == end). */
void vms_model_get_row_range (VmsModel *self, guint row, gint64 *begin, gint64 *end);

/* Fills items (an array of VmsModelItem, cleared first) for [begin, end) of row at
 * ns_per_pixel nanoseconds per pixel: at most about (end - begin) / ns_per_pixel + 2 items,
 * in time order, never overlapping; spans without data produce no item.  Returns the count. */
guint vms_model_query (
  VmsModel *self, guint row, gint64 begin, gint64 end, gint64 ns_per_pixel, GArray *items);

/* The exact interval of row containing time. FALSE when the row has none there. */
gboolean vms_model_hit_test (VmsModel *self, guint row, gint64 time, VmsInterval *out);

/* Appends (after clearing) every exact interval of row intersecting [begin, end) to out (an
 * array of VmsInterval), unclipped; returns the count. Cost: linear in the answer. */
guint vms_model_get_intervals (VmsModel *self, guint row, gint64 begin, gint64 end, GArray *out);

/* Time per state of row within [begin, end) (clipped), into totals[VMS_N_STATES]. Appeared
 * time counts both as APPEARED and as the state the guest saw (see VmsThread.totals). */
void vms_model_get_totals (
  VmsModel *self, guint row, gint64 begin, gint64 end, gint64 totals[VMS_N_STATES]);

guint vms_model_get_n_machines (VmsModel *self);
const VmsMachine *vms_model_get_machine (VmsModel *self, guint index);
int vms_model_get_host (VmsModel *self); /* the host machine's index, -1 when none */

guint vms_model_get_n_vms (VmsModel *self);
const VmsVm *vms_model_get_vm (VmsModel *self, guint index);
guint vms_model_get_n_vcpus (VmsModel *self); /* over all VMs */
const VmsVcpu *vms_model_get_vcpu (VmsModel *self, guint index);

guint vms_model_get_n_threads (VmsModel *self); /* over all machines */
const VmsThread *vms_model_get_thread (VmsModel *self, guint index);
/* The thread tid of machine, or NULL. */
const VmsThread *vms_model_find_thread (VmsModel *self, guint machine, int tid);

/* How to name a thread of machine: "jessie vCPU 2" for a vCPU thread of the host, "bash (1234)",
 * "tid 1234" when never named, "idle" for tid 0. Free with g_free(). */
char *vms_model_thread_label (VmsModel *self, guint machine, int tid);

/* Sorted by VM, then total time, largest first */
guint vms_model_get_n_exit_stats (VmsModel *self);
const VmsExitStats *vms_model_get_exit_stats (VmsModel *self, guint index);

guint vms_model_get_n_spikes (VmsModel *self); /* longest first */
const VmsSpike *vms_model_get_spike (VmsModel *self, guint index);

/* ------------------------------------------------------------------------------------------
 * Range statistics (vms-model-range.c): what the statistics above say of the whole trace,
 * for any [begin, end), computed from the stored intervals.  Per-row state totals for a
 * range are vms_model_get_totals().  Each walks the intervals of the range in bounded chunks
 * (memory does not grow with the range; time is linear in its intervals) and gives up, FALSE,
 * when cancellable fires: call them from a worker thread for long ranges.
 */

/**
 * VmsRangeExitStats:
 * @stats: count, total, min, mean, max and exact p99 of the exit episodes of one reason, over
 *   the range.  An episode is a run of hypervisor intervals of one exit reason up to the next
 *   running (or unknown) interval, with the preempted or halted time in between; its duration
 *   is its hypervisor time inside the range (as for the whole trace, preempted and idle time
 *   are not counted).  Episodes with no hypervisor time inside the range are not counted.
 * @vcpu: the vCPU (number) of the longest episode
 * @longest_start, @longest_end: that episode, from its exit to its entry, clipped to the range
 */
typedef struct {
  VmsExitStats stats;
  guint vcpu;
  gint64 longest_start;
  gint64 longest_end;
} VmsRangeExitStats;

/* The exit reasons of vm within [begin, end) into out (VmsRangeExitStats, cleared first),
 * sorted by total time, largest first.  FALSE when cancelled (out is then empty). */
gboolean vms_model_get_exit_stats_range (
  VmsModel *self, guint vm, gint64 begin, gint64 end, GArray *out, GCancellable *cancellable);

/* The longest interval of row in state within [begin, end), clipped to it, into out; with
 * exit_reason >= 0 only hypervisor intervals of that reason.  FALSE when there is none. */
gboolean vms_model_find_longest (VmsModel *self,
                                 guint row,
                                 VmsState state,
                                 int exit_reason,
                                 gint64 begin,
                                 gint64 end,
                                 VmsInterval *out);

G_END_DECLS
