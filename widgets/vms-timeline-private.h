/* vms-timeline-private.h — the timeline's state, shared by its drawing (vms-timeline.c)
 * and its input handling (vms-timeline-input.c).
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "vms-render-private.h"
#include "vms-timeline.h"

G_BEGIN_DECLS

/* What is under a point: the one hit-test behind tooltips, clicks and hover. */
typedef struct {
  int row;            /* model row, or -1 */
  gboolean in_labels; /* over the label column */
  gint64 time;        /* time at x (bars area only), else VMS_TIME_NONE */
  gboolean has_interval;
  VmsInterval interval;
} VmsTimelineHit;

struct _VmsTimeline {
  GtkWidget parent_instance;

  VmsSession *session;
  GSignalGroup *session_signals;
  VmsModel *model; /* the session's model, when it is a VmsModel */
  VmsPaletteKind palette;

  VmsRowLayout *layout;
  gboolean *collapsed; /* per model row */
  guint n_collapsed;
  guint hidden_rows; /* VmsRowFilter */

  GtkAdjustment *hadjustment;
  GtkAdjustment *vadjustment;
  guint hscroll_policy : 1;
  guint vscroll_policy : 1;

  /* The rows as drawn last, reused while only hover and selection change; the model's
   * items per row, reused while the range stays (vertical scrolling) */
  GskRenderNode *rows_node;
  GPtrArray *items_cache;
  char *font; /* of the last vms_timeline_get_render_options() */

  /* vms_timeline_set_highlight(): a VmsState and an exit reason, -1 for none */
  int highlight_state;
  int highlight_reason;

  int hovered_row;
  int focused_row;
  double pointer_x;
  double pointer_y;
  VmsTimelineHit hover;

  /* Drag to select */
  double drag_x;
  double drag_y;
  gboolean dragging;
  gint64 drag_time;

  /* Middle-button pan */
  double pan_last_dx;

  /* Pinch */
  gint64 pinch_span;
  gint64 pinch_anchor;
};

double _vms_timeline_scroll_y (VmsTimeline *self);
void _vms_timeline_get_map (VmsTimeline *self, VmsTimeMap *map);
void _vms_timeline_set_hovered_row (VmsTimeline *self, int row);
void _vms_timeline_set_focused_row (VmsTimeline *self, int row);
/* The one hit-test: row, time and exact interval at (x, y) in widget coordinates. */
gboolean _vms_timeline_hit_test (VmsTimeline *self, double x, double y, VmsTimelineHit *hit);
void _vms_timeline_toggle_row (VmsTimeline *self, guint row);

/* Pointer, wheel, pinch, drag, click and keys (vms-timeline-input.c). */
void _vms_timeline_add_controllers (VmsTimeline *self);

G_END_DECLS
