/* vms-spike-panel.h — the Spike finder: the longest preemptions, hypervisor episodes and
 * guest-thread waits of the model's spike list, filtered and sortable; choosing one zooms
 * the session to it.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Choosing a spike (clicking or activating its row, or stepping with next/previous) sets the
 * session's visible range so that the spike spans its middle third, and selects the spike's
 * time range.  Next and previous step through the spikes left by the filters in order of
 * duration (the model's order, longest first), whatever the table's sort; "can-next" and
 * "can-previous" say whether there is one, for the window's actions.
 */
#pragma once

#include <adwaita.h>

#include "vms-analysis.h"
#include "vms-session.h"

G_BEGIN_DECLS

#define VMS_TYPE_SPIKE_PANEL (vms_spike_panel_get_type ())
G_DECLARE_FINAL_TYPE (VmsSpikePanel, vms_spike_panel, VMS, SPIKE_PANEL, GtkWidget)

GtkWidget *vms_spike_panel_new (VmsSession *session);
void vms_spike_panel_set_analysis (GtkWidget *panel, VmsAnalysis *analysis);

/* Filters (the dropdowns): a VM index, a vCPU number, a VmsSpikeKind; -1 for all. */
void vms_spike_panel_set_filter (VmsSpikePanel *self, int vm, int vcpu, int kind);
/* The rows shown, in the table's order. */
guint vms_spike_panel_get_n_rows (VmsSpikePanel *self);
const VmsSpike *vms_spike_panel_get_row (VmsSpikePanel *self, guint position);
/* Chooses the spike at position of the table (as activating its row does). */
void vms_spike_panel_activate_row (VmsSpikePanel *self, guint position);
/* The spike chosen last (an index of vms_model_get_spike()), -1 for none. */
int vms_spike_panel_get_current (VmsSpikePanel *self);
void vms_spike_panel_next (VmsSpikePanel *self);
void vms_spike_panel_previous (VmsSpikePanel *self);
gboolean vms_spike_panel_get_can_next (VmsSpikePanel *self);
gboolean vms_spike_panel_get_can_previous (VmsSpikePanel *self);

G_END_DECLS
