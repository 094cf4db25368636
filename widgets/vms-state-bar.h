/* vms-state-bar.h — the share of time in each vCPU state as one horizontal stacked bar.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A VmsStateBar draws running, idle, hypervisor, preempted and unknown time side by side
 * in the palette's colours and patterns (the timeline's), each segment as wide as its share
 * and labelled with its percentage when it fits; hovering tells the state, share and time.
 * Clicking a segment emits "state-activated" (int state, a VmsState).  The statistics panel
 * shows one per VM and vCPU; a bar with a single state (vms_state_bar_set_single()) is a
 * legend swatch.
 */
#pragma once

#include <gtk/gtk.h>

#include "vms-model.h"
#include "vms-palette.h"

G_BEGIN_DECLS

/* The states a bar shows, in order, ending with -1. */
extern const int vms_state_bar_states[];

/* The name of a state as the timeline's legend gives it on vCPU rows ("Preempted"). */
const char *vms_state_bar_state_name (int state);

/* Percentages of the bar's states in totals (a vms_model_get_totals() array) into
 * shares[VMS_N_STATES]: they sum to 100 when there is any time, else all are 0. */
void vms_state_bar_compute_shares (const gint64 totals[VMS_N_STATES], double shares[VMS_N_STATES]);

#define VMS_TYPE_STATE_BAR (vms_state_bar_get_type ())
G_DECLARE_FINAL_TYPE (VmsStateBar, vms_state_bar, VMS, STATE_BAR, GtkWidget)

GtkWidget *vms_state_bar_new (void);
void vms_state_bar_set_totals (VmsStateBar *self, const gint64 totals[VMS_N_STATES]);
/* A swatch of one state (legends). */
void vms_state_bar_set_single (VmsStateBar *self, VmsState state);
/* The time and share (percent) of a state as shown. */
gint64 vms_state_bar_get_total (VmsStateBar *self, VmsState state);
double vms_state_bar_get_share (VmsStateBar *self, VmsState state);
/* The state of the segment at x (widget coordinates), -1 for none. */
int vms_state_bar_state_at (VmsStateBar *self, double x);
/* Draws every segment but state's faded; -1 for none. */
void vms_state_bar_set_highlight (VmsStateBar *self, int state);
void vms_state_bar_set_palette (VmsStateBar *self, VmsPaletteKind palette);

G_END_DECLS
