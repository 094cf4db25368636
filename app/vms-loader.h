/* vms-loader.h — loads a set of trace folders into a state model in a worker.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The window's worker: runs vms_analysis_run() on a thread of its own with a
 * lower priority (the analysis' own threads inherit it, so a busy machine
 * starves the analysis, never the main loop), and publishes the phase and
 * fraction as properties ("message", "fraction") to bind a progress bar to.
 * Progress reports from the worker are kept under a lock and notified from
 * one idle at most pending on the main loop.  (sysprof's document loader.)
 */
#pragma once

#include <gio/gio.h>

#include "vms-analysis.h"
#include "vms-model.h"

G_BEGIN_DECLS

#define VMS_TYPE_LOADER (vms_loader_get_type ())
G_DECLARE_FINAL_TYPE (VmsLoader, vms_loader, VMS, LOADER, GObject)

VmsLoader *vms_loader_new (const char *const *paths);
/* Analysis options, before loading: t_machine = t_reference + offset_ns instead of
 * synchronizing machine (a hostname). */
void vms_loader_add_offset (VmsLoader *self, const char *machine, gint64 offset_ns);
double vms_loader_get_fraction (VmsLoader *self);     /* 0 to 1 over all phases */
const char *vms_loader_get_message (VmsLoader *self); /* "Reading traces… 40 %" */

void vms_loader_load_async (VmsLoader *self,
                            GCancellable *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer user_data);
/* Returns the model of what could be read, or NULL; sets error when something could not be
 * read.  Both can be set: a model of what was read, and the first error (naming the trace). */
VmsModel *vms_loader_load_finish (VmsLoader *self, GAsyncResult *result, GError **error);
/* The analysis, once loaded (memory, traces), or NULL. */
VmsAnalysis *vms_loader_get_analysis (VmsLoader *self);

G_END_DECLS
