/* vms-memory-panel.h — the Memory panel under the timeline: the memory graph and its controls
 * (which VMs, which guest processes, relative or shifted values).
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * It observes the window's session through its graph (same time axis as the timeline) and
 * is given the analysis once a set of traces is loaded.
 */
#pragma once

#include <adwaita.h>

#include "vms-analysis.h"
#include "vms-memory-graph.h"
#include "vms-session.h"

G_BEGIN_DECLS

#define VMS_TYPE_MEMORY_PANEL (vms_memory_panel_get_type ())
G_DECLARE_FINAL_TYPE (VmsMemoryPanel, vms_memory_panel, VMS, MEMORY_PANEL, GtkWidget)

GtkWidget *vms_memory_panel_new (VmsSession *session);
/* The analysis shown (its memory), or NULL for none. */
void vms_memory_panel_set_analysis (GtkWidget *panel, VmsAnalysis *analysis);
VmsMemoryGraph *vms_memory_panel_get_graph (VmsMemoryPanel *self);
/* The caption above the graph: what the values are. */
const char *vms_memory_panel_get_caption (VmsMemoryPanel *self);
/* Shows or hides a guest process's series, as its check button does. */
void vms_memory_panel_set_process_shown (VmsMemoryPanel *self, guint vm, gint pid, gboolean shown);

G_END_DECLS
