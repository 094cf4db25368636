/* vms-sync-panel.h — the Synchronization panel: how each machine's clock was put on the
 * reference clock, and a manual offset per machine.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * One line per machine of the analysis: its reference, the formula
 * t_machine = α × t_reference + β shown as a drift (ppm) and an offset at the trace start
 * (a duration), the quality, the accuracy, the matched messages and the causality
 * violations.  An entry per machine takes a manual offset (vms_time_parse() forms:
 * "-1.25s", "250ms", plain nanoseconds); the panel only emits "offset-changed" and the
 * window rebuilds the model with it.
 *
 * Signals:
 *  - "offset-changed" (const char *machine, gboolean set, gint64 offset_ns): Enter in a
 *    machine's entry; set is FALSE when the entry was emptied (synchronize it again).
 */
#pragma once

#include <adwaita.h>

#include "vms-analysis.h"
#include "vms-session.h"

G_BEGIN_DECLS

#define VMS_TYPE_SYNC_PANEL (vms_sync_panel_get_type ())
G_DECLARE_FINAL_TYPE (VmsSyncPanel, vms_sync_panel, VMS, SYNC_PANEL, GtkWidget)

GtkWidget *vms_sync_panel_new (VmsSession *session);
void vms_sync_panel_set_analysis (VmsSyncPanel *self, VmsAnalysis *analysis);

/* What a machine's line shows, for tests: the quality as shown ("accurate", "manual"), or
 * NULL when the machine is not in the panel; its offset entry. */
const char *vms_sync_panel_get_quality (VmsSyncPanel *self, const char *machine);
GtkEditable *vms_sync_panel_get_offset_entry (VmsSyncPanel *self, const char *machine);
/* A machine's line as shown, cells separated by tabs (for tests and copying), or NULL. */
char *vms_sync_panel_dup_line_text (VmsSyncPanel *self, const char *machine);

G_END_DECLS
