/* vms-timeline.h — the Gantt timeline of VMs, vCPUs, threads and CPUs.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Put it in a GtkScrolledWindow for vertical scrolling (it is a GtkScrollable; its
 * label column stays on the left); horizontal navigation goes through the session
 * (hscrollbar-policy NEVER).  It observes the session ("session" property) and draws
 * the session's model over the session's visible range; it never reaches up to the
 * window.
 *
 * Input: Ctrl+scroll and pinch zoom around the pointer; Shift+scroll, horizontal
 * scrolling and a middle-button drag pan; a drag selects a time range and a click an
 * instant (both in the session); hovering sets the session's hover time and shows a
 * tooltip (state, start, duration; for a pixel of many intervals their count and the
 * longest preemption or hypervisor episode); a click on a group header, or
 * Space/Enter/Right/Left on the focused row, expands and collapses it (Left on a row
 * with nothing to collapse goes to its group); Up/Down move the focused row.
 *
 * Signals:
 *  - "interval-selected" (guint row, gpointer interval): after a click selected an
 *    instant on a row with bars; interval is a const VmsInterval * valid during the
 *    emission, NULL when the row has no interval there.
 *  - "row-activated" (guint row): Enter or a double click on a row.
 * Properties: "session", "palette" (VMS_TYPE_PALETTE_KIND), "hovered-row" (int, -1 for
 * none; read-only), "focused-row" (int, -1 for none), "show-idle-threads" and
 * "show-host-cpus" (booleans, TRUE: rows of threads that never ran, and the host's
 * physical CPUs, are shown).
 */
#pragma once

#include <gtk/gtk.h>

#include "vms-model.h"
#include "vms-palette.h"
#include "vms-render.h"
#include "vms-session.h"

G_BEGIN_DECLS

#define VMS_TYPE_TIMELINE (vms_timeline_get_type ())
G_DECLARE_FINAL_TYPE (VmsTimeline, vms_timeline, VMS, TIMELINE, GtkWidget)

GtkWidget *vms_timeline_new (VmsSession *session);

VmsSession *vms_timeline_get_session (VmsTimeline *self);
void vms_timeline_set_session (VmsTimeline *self, VmsSession *session);
VmsPaletteKind vms_timeline_get_palette (VmsTimeline *self);
void vms_timeline_set_palette (VmsTimeline *self, VmsPaletteKind palette);

/* Which rows are shown (VmsRowFilter) */
gboolean vms_timeline_get_show_idle_threads (VmsTimeline *self);
void vms_timeline_set_show_idle_threads (VmsTimeline *self, gboolean show);
gboolean vms_timeline_get_show_host_cpus (VmsTimeline *self);
void vms_timeline_set_show_host_cpus (VmsTimeline *self, gboolean show);

/* Collapsing groups (model row indices). */
gboolean vms_timeline_get_row_collapsed (VmsTimeline *self, guint row);
void vms_timeline_set_row_collapsed (VmsTimeline *self, guint row, gboolean collapsed);
/* The collapsed groups as label paths ("jessie/Threads"), to save and restore a view. */
char **vms_timeline_dup_collapsed_paths (VmsTimeline *self);
void vms_timeline_set_collapsed_paths (VmsTimeline *self, const char *const *paths);

/* The row and exact interval under the pointer; FALSE when the pointer is over none. */
gboolean vms_timeline_get_hovered_interval (VmsTimeline *self, guint *row, VmsInterval *interval);
int vms_timeline_get_hovered_row (VmsTimeline *self);
int vms_timeline_get_focused_row (VmsTimeline *self);

/* Fills opts with what the timeline shows now (range, selection, collapsed groups,
 * palette, dark style, time mode), for exporting the current view.  The pointers in
 * opts stay valid until the timeline changes. */
void vms_timeline_get_render_options (VmsTimeline *self, VmsRenderOptions *opts);

/* Dims the view but the intervals of vCPU rows in state (a VmsState), or the hypervisor
 * intervals of exit_reason (state is then ignored); -1 and -1: no highlight. */
void vms_timeline_set_highlight (VmsTimeline *self, int state, int exit_reason);
void vms_timeline_get_highlight (VmsTimeline *self, int *state, int *exit_reason);

G_END_DECLS
