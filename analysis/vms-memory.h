/* vms-memory.h — page allocation per machine, process and VM; touched-but-unused
 * memory and the ballooning ranking.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * How it is used
 * --------------
 * 1. vms_memory_new().
 * 2. While the traces are read (one after another, each in time order, on the
 *    reading thread): vms_memory_feed() with every batch.  It needs nothing
 *    else: it follows which thread runs on each CPU (sched_switch next_tid) and
 *    the pid of each thread (statedump, fork, exec) by itself, and logs every
 *    PAGE_ALLOC / PAGE_FREE (2^order pages of 4096 bytes, signed) and
 *    PAGE_FREE_BATCHED (one page) against the thread running on the event's CPU.
 *    Cost: 16 bytes per memory event, in the trace's own clock.
 * 3. Once the traces are read and synchronized: vms_memory_finish() with, per
 *    trace, its role and a function to the host clock (or one for all traces,
 *    vms_memory_set_clock()), and the list of VMs
 *    (which host trace and QEMU pid, which guest trace).  It builds every
 *    series on the host clock and computes the per-VM figures.
 * 4. Then the results are read-only and can be queried from any thread.
 *
 * Attribution: a memory event is charged to the thread running on its CPU, and
 * that thread to its process by the pid known at the end of the trace (statedump,
 * fork, exec; a thread never given a pid is its own process, named from
 * sched_switch).  Events before the first sched_switch of their CPU go to that
 * switch's prev_tid (the thread that was running); on a CPU that never
 * switches, to the process "unknown" (pid -1), which on a host counts in
 * host_other.  Pids reused within one trace are not told apart.
 *
 * Series
 * ------
 * A trace starts in the middle of a system's life: the absolute amount of
 * memory a process holds is unknown.  Every series therefore holds the
 * *relative* value r(t): bytes allocated minus bytes freed since the start of
 * its trace (r = 0 at the trace's begin).  It goes negative when pages
 * allocated before the trace are freed.  The *shifted* value is
 * s(t) = r(t) - lowest, where lowest = min r (<= 0): it never goes below zero
 * and is what a user expects to see as "memory used" (a lower bound above the
 * unknown baseline).  vms_memory_series_query() returns either, per its
 * `shifted` argument; the UI must say which one it shows.
 *
 * A series is a step function stored as change points (time on the host
 * clock, relative bytes; one 16-byte point per distinct timestamp) plus a
 * min/max summary tree (fan-out 16, about one extra byte per point), so a
 * query over any range at any resolution costs O(pixels × log points).
 *
 * Per-VM figures (VmsMemoryVm), all in bytes
 * -----------------------------------------
 * - host_bytes: the relative value at the end of the host trace of the VM's
 *   QEMU process (all its threads): what the VM took from the host during the
 *   trace (a VM's host memory is allocated when its guest first touches it).
 * - guest_change: the guest's relative value at its end, r_g(end).
 * - guest_bytes: what the guest uses now, shifted: r_g(end) - lowest_g.
 * - guest_peak_bytes: the guest's peak, shifted: max r_g - lowest_g.
 * - touched_unused_bytes: host frames the VM holds that its guest does not
 *   use now, as a lower bound provable from the trace:
 *     max (0, host_bytes - guest_change, guest_peak_bytes - guest_bytes)
 *   The first term: frames taken during the trace that the guest's net usage
 *   change does not account for; the second: every page in use at the guest's
 *   peak is backed on the host and never given back, so peak - now is held
 *   for nothing.  (Example of the research: a VM at 20 % after a 90 % peak
 *   holds ~70 % of its frames for nothing.)
 * - balloon_rank: 1 for the best ballooning candidate (most touched-but-unused
 *   bytes; ties broken by host_bytes, then VM order), 2, ...; 0 for a VM whose
 *   guest was not traced (its usage is unknown: not ranked).
 */
#pragma once

#include <glib-object.h>

#include "vms-event.h"
#include "vms-trace.h"

G_BEGIN_DECLS

#define VMS_MEMORY_PAGE_SIZE 4096

/* Converts a timestamp of a trace's clock to the host clock (monotonic). */
typedef gint64 (*VmsMemoryClockFunc) (gint64 ts, gpointer user_data);

/* Resolves the string id of an event (VmsEvent.x) to text, or NULL.
 * vms_string_table_lookup() has this shape: pass it cast, with the set's
 * VmsStringTable as user_data. */
typedef const char *(*VmsMemoryNameFunc) (gpointer user_data, guint32 string_id);

/* What vms_memory_finish() needs to know of each trace (index = trace_index). */
typedef struct {
  const char *name;           /* shown, e.g. the hostname; may be NULL */
  VmsTraceRole role;          /* host, guest or plain machine */
  VmsMemoryClockFunc to_host; /* NULL: vms_memory_set_clock()'s, else identity */
  gpointer to_host_data;
  /* The trace's range on its own clock (vms_trace_get_begin () / _end ()): series
   * start at begin with 0.  Both 0: the first and last events fed. */
  gint64 begin;
  gint64 end;
} VmsMemoryTraceInfo;

/* One VM: its QEMU process on a host trace, and its guest trace when traced. */
typedef struct {
  const char *name;     /* shown; NULL: "VM <qemu_pid>" */
  guint host_trace;     /* index of the host trace that runs its QEMU process */
  gint qemu_pid;        /* host pid of the QEMU process (all its threads); -1 unknown */
  gint guest_trace;     /* index of its guest trace, -1 when the guest was not traced */
  guint64 memory_bytes; /* the guest's RAM size when known (for percentages), else 0 */
} VmsMemoryVmInfo;

typedef struct _VmsMemorySeries VmsMemorySeries;

/* A change point: from ts on (host clock, ns), the relative value is bytes. */
typedef struct {
  gint64 ts;
  gint64 bytes;
} VmsMemoryPoint;

/* One pixel of a query: the values over [t0, t0 + ns_per_px). */
typedef struct {
  gint64 min;        /* lowest value over the pixel (includes the value entering it) */
  gint64 max;        /* highest value over the pixel: a short spike stays visible */
  gint64 last;       /* value at the end of the pixel */
  guint32 n_changes; /* change points inside the pixel (0: flat) */
  gboolean defined;  /* FALSE outside the series' trace range (other fields 0) */
} VmsMemoryPixel;

typedef struct {
  gint pid;   /* -1: "unknown" (a CPU with no sched_switch at all) */
  char *name; /* process name, "unknown", or "tid N" when never named */
  VmsMemorySeries *series;
} VmsMemoryProcess;

/* One trace's memory after vms_memory_finish(). */
typedef struct {
  guint trace_index;
  char *name;
  VmsTraceRole role;
  gint64 begin, end;       /* first and last event of the trace, host clock */
  guint64 n_allocs;        /* PAGE_ALLOC events */
  guint64 n_frees;         /* PAGE_FREE events */
  guint64 n_batched_frees; /* PAGE_FREE_BATCHED events */
  guint64 alloc_bytes;     /* gross bytes allocated / freed */
  guint64 free_bytes;
  VmsMemorySeries *total;      /* the whole machine */
  VmsMemoryProcess *processes; /* sorted by pid ("unknown" first) */
  guint n_processes;
  VmsMemorySeries *host_other; /* host traces: all threads of no VM; else NULL */
} VmsMemoryMachine;

typedef struct {
  char *name;
  guint host_trace;
  gint qemu_pid;
  gint guest_trace;      /* -1: guest not traced */
  guint64 memory_bytes;  /* as given, 0 unknown */
  VmsMemorySeries *host; /* QEMU process, all threads (empty when qemu_pid is -1) */
  gint64 host_bytes;
  gint64 guest_change;
  gint64 guest_bytes;
  gint64 guest_peak_bytes;
  gint64 touched_unused_bytes;
  guint balloon_rank;
} VmsMemoryVm;

#define VMS_TYPE_MEMORY (vms_memory_get_type ())
G_DECLARE_FINAL_TYPE (VmsMemory, vms_memory, VMS, MEMORY, GObject)

VmsMemory *vms_memory_new (void);

/* One converter to the host clock for all traces, taking the trace's index:
 * (VmsMemoryTraceClockFunc) vms_sync_to_reference has this shape (pass the
 * VmsSync as user_data). */
typedef gint64 (*VmsMemoryTraceClockFunc) (gpointer user_data, guint trace_index, gint64 ts);

/* Optional, before vms_memory_finish(): traces whose VmsMemoryTraceInfo.to_host
 * is NULL are converted with func (else they are taken as on the host clock). */
void vms_memory_set_clock (VmsMemory *self, VmsMemoryTraceClockFunc func, gpointer user_data);

/* Events of trace trace_index, in time order, on that trace's clock. */
void vms_memory_feed (VmsMemory *self, guint trace_index, const VmsEvent *events, gsize n_events);

/* Call once, after the last feed.  traces[i] describes trace i; traces fed
 * with an index >= n_traces are dropped.  names may be NULL (processes are then
 * named "tid N"). */
void vms_memory_finish (VmsMemory *self,
                        const VmsMemoryTraceInfo *traces,
                        guint n_traces,
                        const VmsMemoryVmInfo *vms,
                        guint n_vms,
                        VmsMemoryNameFunc names,
                        gpointer names_data);

gboolean vms_memory_is_finished (VmsMemory *self);

guint vms_memory_get_n_machines (VmsMemory *self);
const VmsMemoryMachine *vms_memory_get_machine (VmsMemory *self, guint index);
guint vms_memory_get_n_vms (VmsMemory *self);
const VmsMemoryVm *vms_memory_get_vm (VmsMemory *self, guint index);
/* The VM of balloon_rank rank (1-based), or NULL. */
const VmsMemoryVm *vms_memory_get_vm_by_rank (VmsMemory *self, guint rank);
/* Sum of the host_other series' final values over host traces. */
gint64 vms_memory_get_host_other_bytes (VmsMemory *self);

/* Series (owned by the VmsMemory; valid while it lives). */
gint64 vms_memory_series_get_begin (const VmsMemorySeries *series);
gint64 vms_memory_series_get_end (const VmsMemorySeries *series);
gint64 vms_memory_series_get_current (const VmsMemorySeries *series); /* relative, at end */
gint64 vms_memory_series_get_peak (const VmsMemorySeries *series);    /* relative max, >= 0 */
gint64 vms_memory_series_get_lowest (const VmsMemorySeries *series);  /* relative min, <= 0 */
/* Change points (relative bytes), the first at begin with value 0. */
const VmsMemoryPoint *vms_memory_series_get_points (const VmsMemorySeries *series, gsize *n_points);
/* Relative value at ts (0 before begin). */
gint64 vms_memory_series_value_at (const VmsMemorySeries *series, gint64 ts);

/* Fills out[i] for the pixel [begin + i * ns_per_px, begin + (i + 1) * ns_per_px)
 * for i < min (n_out, ceil ((end - begin) / ns_per_px)) and returns that count.
 * shifted: values are s(t) = r(t) - lowest (never below zero) instead of r(t). */
guint vms_memory_series_query (const VmsMemorySeries *series,
                               gint64 begin,
                               gint64 end,
                               gint64 ns_per_px,
                               gboolean shifted,
                               VmsMemoryPixel *out,
                               guint n_out);

G_END_DECLS
