/* vms-model-builder.h — building a VmsModel from streams of VmsEvents.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The analysis (vms-analysis.c) and the tests feed each machine's events in
 * time order, machine after machine, in one pass: the builder keeps per
 * machine the current thread of every CPU, every thread's state, and (on a
 * KVM host) every vCPU's state, and appends compact intervals to per-row
 * arrays; no event is stored.  Once every trace is read and synchronized,
 * vms_model_builder_finish() converts guest intervals to the host's clock,
 * ties guests to QEMU processes, splits vCPU and guest-thread intervals
 * (idle, appeared to run), resolves preemptors, computes the statistics and
 * the drawing summaries, and returns the immutable model.
 */
#pragma once

#include "vms-event.h"
#include "vms-model.h"

G_BEGIN_DECLS

typedef struct _VmsModelBuilder VmsModelBuilder;

/* Resolves a string id of VmsEvent.x (NULL or "" when unknown). */
typedef const char *(*VmsModelNameFunc) (guint32 id, gpointer user_data);

VmsModelBuilder *vms_model_builder_new (VmsModelNameFunc names, gpointer names_data);
void vms_model_builder_free (VmsModelBuilder *self);

/* Declares machine index (0, 1, … in reading order) before feeding it. name: its hostname. */
void vms_model_builder_add_machine (VmsModelBuilder *self,
                                    guint machine,
                                    const char *name,
                                    const char *path);

/* Events of one machine, in time order (machine clock). */
void vms_model_builder_feed (VmsModelBuilder *self,
                             guint machine,
                             const VmsEvent *events,
                             gsize n_events);

/* After reading: what the reader knows (role decided by the reader, n_cpus, events, range). */
void vms_model_builder_set_info (
  VmsModelBuilder *self, guint machine, VmsTraceRole role, guint n_cpus, guint64 n_events);

/* Clock of machine against the reference: t_machine = alpha × t_reference + beta. Machines
 * without a clock keep their own time (alpha 1, beta 0). The strings are copied. */
void vms_model_builder_set_clock (VmsModelBuilder *self,
                                  guint machine,
                                  double alpha,
                                  double beta,
                                  const char *reference,
                                  const char *quality,
                                  double accuracy,
                                  guint64 matches);

/* Converts a timestamp of a machine's clock to the reference clock (monotone). */
typedef gint64 (*VmsModelClockFunc) (guint machine, gint64 ts, gpointer user_data);

/* Overrides the conversion of set_clock's alpha and beta (used with vms_sync_to_reference()). */
void vms_model_builder_set_clock_func (VmsModelBuilder *self,
                                       guint machine,
                                       VmsModelClockFunc func,
                                       gpointer user_data);

/* Ties a guest machine to the QEMU process qemu_pid on the host (--vm GUEST=PID). */
void vms_model_builder_tie_vm (VmsModelBuilder *self, guint machine, int qemu_pid);

/* Builds the model and frees the builder. */
VmsModel *vms_model_builder_finish (VmsModelBuilder *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VmsModelBuilder, vms_model_builder_free)

G_END_DECLS
