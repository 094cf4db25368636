/* vms-stats-panel.h — the Statistics panel: where the time of each VM and vCPU went over the
 * visible range or the selection, and the exit reasons of each VM.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The panel observes the session (visible range, selection) and recomputes at most once per
 * main-loop idle: state shares from the model's per-row totals (vms_model_get_totals), exit
 * reasons from the model's whole-trace statistics when the whole trace is shown, else from
 * its intervals over the range in a worker thread (vms_model_get_exit_stats_range),
 * cancelled when the range changes again.  Choosing a state (a bar segment, a legend entry)
 * or an exit reason (activating its row) highlights it on the timeline through the window's
 * "win.highlight" action ((ii): state, exit reason); "Go to worst" (action
 * "stats.go-to-worst") zooms the session to the longest such interval with context on both
 * sides.
 */
#pragma once

#include <adwaita.h>

#include "vms-analysis.h"
#include "vms-session.h"

G_BEGIN_DECLS

#define VMS_TYPE_STATS_PANEL (vms_stats_panel_get_type ())
G_DECLARE_FINAL_TYPE (VmsStatsPanel, vms_stats_panel, VMS, STATS_PANEL, GtkWidget)

GtkWidget *vms_stats_panel_new (VmsSession *session);
void vms_stats_panel_set_analysis (GtkWidget *panel, VmsAnalysis *analysis);

/* What the figures cover: TRUE for the selection, FALSE for the visible range. */
gboolean vms_stats_panel_get_range (VmsStatsPanel *self, gint64 *begin, gint64 *end);
/* TRUE while an update is pending or the exit reasons are being computed. */
gboolean vms_stats_panel_get_updating (VmsStatsPanel *self);
/* The bar of a VM (vcpu -1) or of its vcpu-th vCPU, or NULL. */
GtkWidget *vms_stats_panel_get_bar (VmsStatsPanel *self, guint vm, int vcpu);
/* The exit reasons as listed (in the table's order). */
guint vms_stats_panel_get_n_exits (VmsStatsPanel *self);
const VmsExitStats *vms_stats_panel_get_exit (VmsStatsPanel *self, guint position);
/* Chooses a state (a VmsState) or an exit reason of vm (state ignored) to highlight;
 * -1, -1: none. */
void vms_stats_panel_choose (VmsStatsPanel *self, int state, guint vm, int exit_reason);

G_END_DECLS
