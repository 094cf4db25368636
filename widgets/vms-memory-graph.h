/* vms-memory-graph.h — memory over time, per VM: host memory held, guest memory used, the
 * touched-but-unused gap and chosen guest processes, on the timeline's time axis.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * One lane per shown VM, stacked.  In each lane:
 *  - host memory taken by the VM's QEMU process (a filled area),
 *  - its guest's memory use (a line; a pixel holding changes shows their min–max),
 *  - the touched-but-unused gap above the guest line (hatched): at every instant t,
 *    vms_memory_graph_gap() of the relative values, the figure VmsMemoryVm.touched_unused_bytes
 *    takes at the trace's end,
 *  - the guest processes asked for (thin lines).
 * Values are either relative to each trace's start (they may go negative) or shifted so
 * that each series' lowest point is zero ("shifted" property); the axis title says which.
 *
 * The widget observes a VmsSession ("session"): it draws the visible range with the same
 * time ↔ x mapping as the timeline (label column of "label-width" px on the left, narrowed
 * to half the width like the timeline's), shades the selection and writes the change of
 * every series over it, and draws a cursor line at the session's hover time.  Hovering
 * sets the session's hover time and shows the values at the pointer in a tooltip; as on
 * the timeline, a drag selects a range and a click an instant, Ctrl+scroll zooms around
 * the pointer and Shift+scroll pans.
 *
 * Drawing never walks events: each series on screen is one vms_memory_series_query() of
 * about one pixel per pixel; a selection's change is two vms_memory_series_value_at().
 * vms_memory_graph_render() is the same drawing for any cairo context (tests, files).
 */
#pragma once

#include <cairo.h>
#include <gtk/gtk.h>

#include "vms-memory.h"
#include "vms-session.h"

G_BEGIN_DECLS

/* --- Pure logic, tested without a display --- */

/* A y axis of bytes: ticks at min, min + step, …, max (all multiples of step). */
typedef struct {
  gint64 min;
  gint64 max; /* > min */
  gint64 step;
} VmsByteScale;

/* The smallest "nice" step (1, 2, 5, 10, 20, 50, 100 × B/KiB/MiB/GiB/TiB, or a quarter or a
 * half of KiB/MiB/GiB/TiB) giving at most max_ticks intervals over [lo, hi]; the axis
 * is widened to multiples of it and always includes 0. */
void vms_memory_graph_nice_scale (VmsByteScale *scale, gint64 lo, gint64 hi, guint max_ticks);
/* y of bytes on an axis drawn over [top, top + height] (max at top). */
double
vms_memory_graph_value_to_y (const VmsByteScale *scale, gint64 bytes, double top, double height);
/* "1.5 MiB", "-300.0 KiB", "0 bytes"; with_sign: "+1.5 MiB" (and "±0 bytes"). */
char *vms_memory_graph_format_bytes (gint64 bytes, gboolean with_sign);
/* The label of a tick: in the unit of the scale's step, as few decimals as it needs
 * ("0", "0.5 MiB", "1 MiB", "1.25 MiB"). */
char *vms_memory_graph_tick_label (const VmsByteScale *scale, gint64 bytes);
/* Touched but unused at an instant, from relative values: what the VM's host took and
 * the guest's highest use so far, above what the guest uses now (never below 0). */
gint64 vms_memory_graph_gap (gint64 host, gint64 guest, gint64 guest_peak_so_far);
/* The series whose value at a pixel is drawn nearest to y (within tolerance px) on an
 * axis drawn over [top, top + height], or -1.  undefined[i] TRUE: series i has no value
 * there (may be NULL). */
int vms_memory_graph_hit_series (const gint64 *values,
                                 const gboolean *undefined,
                                 guint n_values,
                                 const VmsByteScale *scale,
                                 double top,
                                 double height,
                                 double y,
                                 double tolerance);
/* The lane of n_lanes stacked over height that y is in, or -1; *top and *lane_height
 * (may be NULL) get its extent. */
int
vms_memory_graph_lane_at (double y, double height, guint n_lanes, double *top, double *lane_height);

/* --- Drawing, for any cairo context --- */

/* A guest process to draw: the pid of a process of VM vm's guest. */
typedef struct {
  guint vm;
  gint pid;
} VmsMemoryGraphProcess;

typedef struct {
  VmsMemory *memory; /* NULL: an empty graph */
  double width;
  double height;
  double label_width; /* the label column on the left: y axis, names, legend */
  gint64 begin;       /* the time range drawn, [begin, end) */
  gint64 end;
  gboolean shifted;
  gboolean has_selection;
  gint64 selection_begin;
  gint64 selection_end;
  gint64 hover_time; /* a cursor line, or VMS_TIME_NONE */
  /* Which VMs get a lane: n_vms flags, or NULL for all */
  const gboolean *vm_shown;
  guint n_vm_shown;
  const VmsMemoryGraphProcess *processes;
  guint n_processes;
  gboolean dark;
  const char *font; /* NULL: the default */
} VmsMemoryGraphOptions;

void vms_memory_graph_options_init (VmsMemoryGraphOptions *opts);
void vms_memory_graph_render (cairo_t *cr, const VmsMemoryGraphOptions *opts);

/* --- The widget --- */

#define VMS_TYPE_MEMORY_GRAPH (vms_memory_graph_get_type ())
G_DECLARE_FINAL_TYPE (VmsMemoryGraph, vms_memory_graph, VMS, MEMORY_GRAPH, GtkWidget)

GtkWidget *vms_memory_graph_new (VmsSession *session);

VmsSession *vms_memory_graph_get_session (VmsMemoryGraph *self);
void vms_memory_graph_set_session (VmsMemoryGraph *self, VmsSession *session);
VmsMemory *vms_memory_graph_get_memory (VmsMemoryGraph *self);
void vms_memory_graph_set_memory (VmsMemoryGraph *self, VmsMemory *memory);
gboolean vms_memory_graph_get_shifted (VmsMemoryGraph *self);
void vms_memory_graph_set_shifted (VmsMemoryGraph *self, gboolean shifted);
int vms_memory_graph_get_label_width (VmsMemoryGraph *self);
void vms_memory_graph_set_label_width (VmsMemoryGraph *self, int label_width);

/* Lanes (all VMs are shown after set_memory) and process series (none at first). */
gboolean vms_memory_graph_get_vm_shown (VmsMemoryGraph *self, guint vm);
void vms_memory_graph_set_vm_shown (VmsMemoryGraph *self, guint vm, gboolean shown);
gboolean vms_memory_graph_get_process_shown (VmsMemoryGraph *self, guint vm, gint pid);
void vms_memory_graph_set_process_shown (VmsMemoryGraph *self, guint vm, gint pid, gboolean shown);

/* What a user reads (also for tests): the axis title ("Bytes since the trace start" or
 * "Bytes above each series' lowest point"). */
const char *vms_memory_graph_get_axis_title (VmsMemoryGraph *self);
/* The range drawn now (the session's visible range). */
void vms_memory_graph_get_range (VmsMemoryGraph *self, gint64 *begin, gint64 *end);
/* The nanoseconds of one pixel column of the graph's queries (the tooltip's values are
 * those of the column under the pointer). */
gint64 vms_memory_graph_get_ns_per_px (VmsMemoryGraph *self);
/* x in the widget of a time, like the timeline's. */
double vms_memory_graph_time_to_x (VmsMemoryGraph *self, gint64 time);
/* The values of lane's series at time, one line each ("Guest uses: 1.2 MiB"), as the
 * tooltip shows them; NULL when lane is not shown. */
char *vms_memory_graph_dup_values_text (VmsMemoryGraph *self, guint lane, gint64 time);
/* The change over the selection of lane's series ("Δ host +1.0 MiB · …"), or NULL
 * without a range selected. */
char *vms_memory_graph_dup_selection_text (VmsMemoryGraph *self, guint lane);
/* The VM of a lane, or -1. */
int vms_memory_graph_get_lane_vm (VmsMemoryGraph *self, guint lane);

G_END_DECLS
