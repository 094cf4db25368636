/* vms-sync.h — clock synchronization of the traces of a set: matching and the spanning tree.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * VmsSync matches messages between the traces of a set, one VmsEvent batch at a time, feeds
 * each match to the VmsSyncHull of its pair of traces, and at the end composes, along a spanning
 * tree rooted at the reference machine, one formula per trace:
 *
 *     t_machine = alpha × t_reference + beta        (kept exactly as a VmsSyncLine)
 *
 * Messages:
 *  - vmsync pairs, keyed by (vm_uid, cnt): vmsync_gh_guest → vmsync_gh_host (guest to host) and
 *    vmsync_hg_host → vmsync_hg_guest (host to guest);
 *  - on a stock host (no vmsync_*_host events): kvm_x86_hypercall / kvm_hypercall with nr 5 is
 *    the receive of the gh message (a0 = cnt, a1 = vm_uid), and the next kvm_x86_entry of that
 *    host thread is the send of the hg message (cnt + 1). The thread is followed per CPU with
 *    sched_switch, so a vCPU thread switched out in between is found again on its next CPU;
 *  - TCP packets keyed by (seq, ack_seq, flags), NET_SEND on one machine → NET_RECV on another
 *    (a send and a receive in the same trace are ignored).
 *
 * Usage: vms_sync_new(), vms_sync_add_trace() for every trace of the set, then
 * vms_sync_feed() from the reader's batch callback (any thread, but one at a time; traces are
 * read one after another as VmsTraceSet does), then vms_sync_solve() and the getters.
 * vms_sync_feed() skips events of other kinds in a tight switch.
 *
 * Memory: unmatched sends and receives of traces already read are held compactly (one small
 * record per event) until the trace that can match them has gone past them: vmsync entries are
 * dropped once the other side's cnt for that vm_uid is far beyond theirs, TCP entries are
 * consumed on match and, while the last trace is read, dropped once that trace is 10 s past
 * them. The hulls hold only their vertices. For the causality check of vms_sync_solve(), the
 * matched messages are also kept as two timestamps (16 bytes per match), at most a million per
 * pair and direction (then a regular sample: see @violations_estimated).
 */
#pragma once

#include <glib.h>

#include "vms-event.h"
#include "vms-sync-hull.h"
#include "vms-trace.h"

G_BEGIN_DECLS

#define VMS_SYNC_ERROR (vms_sync_error_quark ())

/**
 * VmsSyncError:
 * @VMS_SYNC_ERROR_UNKNOWN_MACHINE: a machine named for --reference or --offset is not in the set
 * @VMS_SYNC_ERROR_INVALID: an offset was given for the reference machine itself
 */
typedef enum {
  VMS_SYNC_ERROR_UNKNOWN_MACHINE,
  VMS_SYNC_ERROR_INVALID,
} VmsSyncError;

GQuark vms_sync_error_quark (void);

/**
 * VmsSyncResult:
 * @reference: trace index of the reference machine (the same for every trace)
 * @parent: the trace this one is synchronized through on the spanning tree (its direct peer),
 *   or -1 for the reference, a manual offset and an unreachable machine
 * @quality: for the reference %VMS_SYNC_QUALITY_REFERENCE, for a manual offset
 *   %VMS_SYNC_QUALITY_MANUAL, else the worst quality along the path to the reference
 *   (%VMS_SYNC_QUALITY_ABSENT when unreachable)
 * @unreachable: no usable formula links it to the reference: it keeps its own clock
 * @line: t_machine = line (t_reference)
 * @alpha: the same, 1 + line.delta
 * @beta: the same in absolute ns (a double: ~0.02 ns resolution; use @line or
 *   vms_sync_to_reference() to transform timestamps)
 * @accuracy: alpha_max − alpha_min, summed along the path (0 for the reference and manual
 *   offsets, INFINITY when a bound is missing on the path)
 * @n_matches: matched messages with @parent (with every machine when unreachable)
 * @n_tightening: those that moved a bound of that pair's hull
 * @n_violations: messages of this machine, with any machine, whose receive comes more than 1 ns
 *   before the send once both are on the reference clock
 * @violations_estimated: @n_violations is extrapolated from a regular sample (a pair with more
 *   than a million messages one way keeps one in 2, 4, … of them for this check)
 */
typedef struct {
  guint reference;
  gint parent;
  VmsSyncQuality quality;
  gboolean unreachable;
  VmsSyncLine line;
  double alpha;
  double beta;
  double accuracy;
  guint64 n_matches;
  guint64 n_tightening;
  guint64 n_violations;
  gboolean violations_estimated;
} VmsSyncResult;

/**
 * VmsSyncVmThread:
 * @vm_uid: the VM, from vmsync_gh_host or the hypercall's a1
 * @tid: the host thread (a vCPU thread of the VM's QEMU process) that made the hypercall, known
 *   from the sched_switch events of its CPU; -1 when no sched_switch was seen on that CPU yet
 * @cpu: the host CPU of the first such event (for tid -1: the CPU, which is then the key)
 * @first_ts: host clock, first hypercall / gh_host of this (vm_uid, tid)
 * @last_ts: host clock, last one
 * @count: how many
 *
 * Ties host threads to VMs: see vms_sync_get_vm_threads().
 */
typedef struct {
  guint64 vm_uid;
  gint32 tid;
  guint16 cpu;
  gint64 first_ts;
  gint64 last_ts;
  guint64 count;
} VmsSyncVmThread;

typedef struct _VmsSync VmsSync;

VmsSync *vms_sync_new (void);
void vms_sync_free (VmsSync *self);

/* Registers a trace: every trace of the set, before feeding (the memory bound needs to know
 * which traces are still to come). @name is the machine's name (hostname) used by --reference
 * and --offset; indices are those of VmsTraceSet. Call it again after reading to set the role
 * VmsTrace knows only then (the default reference is the first host). */
void vms_sync_add_trace (VmsSync *self, guint trace_index, const char *name, VmsTraceRole role);
/* Matches the sync events of one batch of @trace_index (events in time order). */
void vms_sync_feed (VmsSync *self, guint trace_index, const VmsEvent *events, gsize n_events);
/* Message ends still waiting for their other end (memory check; 0 after vms_sync_solve()). */
guint vms_sync_get_n_pending (VmsSync *self);

/**
 * vms_sync_solve:
 * @reference_name: (nullable): the reference machine by name; NULL: the first host, else the
 *   first trace
 * @manual_offsets: (nullable) (element-type utf8 gint64): machine name → gint64* offset in ns,
 *   t_machine = t_reference + offset; it overrides matching for that machine
 *
 * Builds the spanning tree, the per-trace results and the causality check. Can be called again
 * with other arguments. Returns FALSE with %VMS_SYNC_ERROR when a name is unknown.
 */
gboolean vms_sync_solve (VmsSync *self,
                         const char *reference_name,
                         GHashTable *manual_offsets,
                         GError **error);

guint vms_sync_get_n_traces (VmsSync *self);
/* After vms_sync_solve(). */
const VmsSyncResult *vms_sync_get_result (VmsSync *self, guint trace_index);
guint vms_sync_get_reference (VmsSync *self);
/* t_reference for a timestamp of @trace_index (identity before vms_sync_solve()). Fast. */
gint64 vms_sync_to_reference (VmsSync *self, guint trace_index, gint64 ts);
/* The inverse: a reference timestamp on @trace_index's clock. */
gint64 vms_sync_from_reference (VmsSync *self, guint trace_index, gint64 ts);

/* The pair's hull (x on @a's clock, y on @b's, a < b), or NULL when they never matched. */
VmsSyncHull *vms_sync_get_pair_hull (VmsSync *self, guint a, guint b);
/* How many matched messages between @a and @b go back in time (receive more than 1 ns before
 * send) if t_b = @line (t_a): to check a formula given by hand or a known truth. */
guint64 vms_sync_count_violations (VmsSync *self, guint a, guint b, const VmsSyncLine *line);

/* Known while feeding. For a guest trace: the vm_uid of its vmsync_*_guest events (FALSE when
 * it has none). */
gboolean vms_sync_get_vm_uid (VmsSync *self, guint trace_index, guint64 *vm_uid);
/* For a guest trace: the host trace with the most vmsync/hypercall matches, or -1. */
gint vms_sync_get_host_of (VmsSync *self, guint guest_index);
/* For a host trace: which host threads made the sync hypercalls of which VM, ordered by
 * (vm_uid, first_ts). */
const VmsSyncVmThread *vms_sync_get_vm_threads (VmsSync *self, guint host_index, gsize *n);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VmsSync, vms_sync_free)

G_END_DECLS
