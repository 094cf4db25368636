/* vms-analysis.h — one whole analysis of a set of traces: read, synchronize, build.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A VmsAnalysis opens the paths, reads every trace once (vms_trace_set_read),
 * feeding in the same pass the clock synchronization (VmsSync), the state
 * model builder and the memory analysis (VmsMemory); then it solves the
 * clocks, builds the model on the reference (host) clock, and finishes the
 * memory analysis with the model's VMs.
 *
 * vms_analysis_run() is the synchronous form (tests, command line);
 * vms_analysis_run_async() runs it in a worker thread with a GCancellable and
 * reports progress on the caller's main context, coalesced (at most one
 * pending idle).  Whatever could be read is analyzed even when a path or a
 * trace fails: run returns FALSE with the first error (naming the trace) and
 * the model, memory and sync results are still available.
 */
#pragma once

#include <gio/gio.h>

#include "vms-memory.h"
#include "vms-model.h"
#include "vms-sync.h"
#include "vms-trace.h"

G_BEGIN_DECLS

typedef enum {
  VMS_ANALYSIS_PHASE_READING,
  VMS_ANALYSIS_PHASE_SYNCHRONIZING,
  VMS_ANALYSIS_PHASE_BUILDING,
} VmsAnalysisPhase;

/* "reading", "synchronizing", "building" (untranslated; the UI translates its own labels). */
const char *vms_analysis_phase_to_string (VmsAnalysisPhase phase);

/* fraction: 0..1 within the phase. */
typedef void (*VmsAnalysisProgressFunc) (VmsAnalysisPhase phase,
                                         double fraction,
                                         gpointer user_data);

#define VMS_TYPE_ANALYSIS (vms_analysis_get_type ())
G_DECLARE_FINAL_TYPE (VmsAnalysis, vms_analysis, VMS, ANALYSIS, GObject)

VmsAnalysis *vms_analysis_new (const char *const *paths);

/* Options, before running */
/* The reference clock's machine (hostname); NULL: the host, else the first trace. */
void vms_analysis_set_reference (VmsAnalysis *self, const char *machine);
/* t_machine = t_reference + offset_ns, instead of synchronizing machine. */
void vms_analysis_add_offset (VmsAnalysis *self, const char *machine, gint64 offset_ns);
/* Ties the guest trace named guest (hostname or folder name) to the QEMU process qemu_pid. */
void vms_analysis_tie_vm (VmsAnalysis *self, const char *guest, int qemu_pid);

gboolean vms_analysis_run (VmsAnalysis *self,
                           VmsAnalysisProgressFunc progress,
                           gpointer progress_data,
                           GCancellable *cancellable,
                           GError **error);

void vms_analysis_run_async (VmsAnalysis *self,
                             VmsAnalysisProgressFunc progress,
                             gpointer progress_data,
                             GDestroyNotify progress_data_destroy,
                             GCancellable *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer user_data);
gboolean vms_analysis_run_finish (VmsAnalysis *self, GAsyncResult *result, GError **error);

/* Where the time went, in seconds (for benchmarks and --timing). */
typedef struct {
  double total;
  double read; /* vms_trace_set_read(), including the three feeds below */
  double feed_sync;
  double feed_model;
  double feed_memory;
  double sync;   /* vms_sync_solve() */
  double build;  /* vms_model_builder_finish() */
  double memory; /* vms_memory_finish() */
} VmsAnalysisTimings;

const VmsAnalysisTimings *vms_analysis_get_timings (VmsAnalysis *self);

/* After running (NULL before, or when nothing could be opened) */
VmsModel *vms_analysis_get_model (VmsAnalysis *self);
VmsMemory *vms_analysis_get_memory (VmsAnalysis *self);
VmsTraceSet *vms_analysis_get_trace_set (VmsAnalysis *self);
/* The clock synchronization (per trace: formula, quality, matches, violations). */
VmsSync *vms_analysis_get_sync (VmsAnalysis *self);
/* Errors of paths that could not be opened and traces that could not be read fully, in order
 * (GError, transfer none). */
GPtrArray *vms_analysis_get_errors (VmsAnalysis *self);
/* The reference machine's first event: the origin of relative times ("+250ms"). */
gint64 vms_analysis_get_origin (VmsAnalysis *self);

G_END_DECLS
