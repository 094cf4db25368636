/* vms-timeline-input.c — the timeline's pointer, wheel, pinch, drag, click and keys.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <math.h>

#include "vms-timeline-private.h"

#define DRAG_THRESHOLD 3.0
#define SCROLL_ZOOM_STEP 1.25 /* per wheel notch */
#define SCROLL_PAN_STEP 0.1   /* of the visible span, per wheel notch */

static void
motion (GtkEventControllerMotion *controller, double x, double y, VmsTimeline *self)
{
  self->pointer_x = x;
  self->pointer_y = y;
  _vms_timeline_hit_test (self, x, y, &self->hover);
  _vms_timeline_set_hovered_row (self, self->hover.row);
  if (self->session != NULL)
    vms_session_set_hover_time (self->session, self->hover.time);
}

static void
leave (GtkEventControllerMotion *controller, VmsTimeline *self)
{
  self->hover.row = -1;
  self->hover.has_interval = FALSE;
  _vms_timeline_set_hovered_row (self, -1);
  if (self->session != NULL)
    vms_session_set_hover_time (self->session, VMS_TIME_NONE);
}

static gboolean
scroll (GtkEventControllerScroll *controller, double dx, double dy, VmsTimeline *self)
{
  GdkModifierType mods
    = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  VmsTimeMap map;

  if (self->session == NULL)
    return FALSE;
  _vms_timeline_get_map (self, &map);
  if (mods & GDK_CONTROL_MASK)
    {
      gint64 at = vms_time_map_to_time (&map, MAX (self->pointer_x, map.x));

      vms_session_zoom (self->session, pow (SCROLL_ZOOM_STEP, -dy), at);
      return TRUE;
    }
  if (mods & GDK_SHIFT_MASK)
    {
      vms_session_pan_by_fraction (self->session, SCROLL_PAN_STEP * (dy != 0 ? dy : dx));
      return TRUE;
    }
  if (dx != 0)
    {
      vms_session_pan_by_fraction (self->session, SCROLL_PAN_STEP * dx);
      return TRUE;
    }
  return FALSE; /* vertical: the scrolled window scrolls the rows */
}

static void
pinch_begin (GtkGesture *gesture, GdkEventSequence *sequence, VmsTimeline *self)
{
  const VmsTimeSpan *v;
  VmsTimeMap map;
  double cx, cy;

  if (self->session == NULL)
    return;
  v = vms_session_get_visible (self->session);
  _vms_timeline_get_map (self, &map);
  gtk_gesture_get_bounding_box_center (gesture, &cx, &cy);
  self->pinch_span = v->end - v->begin;
  self->pinch_anchor = vms_time_map_to_time (&map, cx);
}

static void
pinch_scale_changed (GtkGestureZoom *gesture, double scale, VmsTimeline *self)
{
  const VmsTimeSpan *v;
  double want;

  if (self->session == NULL || scale <= 0 || self->pinch_span <= 0)
    return;
  v = vms_session_get_visible (self->session);
  want = self->pinch_span / scale;
  vms_session_zoom (self->session, (double) (v->end - v->begin) / want, self->pinch_anchor);
}

static void
drag_begin (GtkGestureDrag *gesture, double x, double y, VmsTimeline *self)
{
  VmsTimelineHit hit;

  self->drag_x = x;
  self->drag_y = y;
  self->dragging = FALSE;
  _vms_timeline_hit_test (self, x, y, &hit);
  self->drag_time = hit.time;
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
drag_update (GtkGestureDrag *gesture, double dx, double dy, VmsTimeline *self)
{
  VmsTimeMap map;

  if (self->session == NULL || self->drag_time == VMS_TIME_NONE)
    return;
  if (!self->dragging && fabs (dx) < DRAG_THRESHOLD)
    return;
  self->dragging = TRUE;
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  _vms_timeline_get_map (self, &map);
  vms_session_select_range (self->session, self->drag_time,
                            vms_time_map_to_time (&map, self->drag_x + dx));
}

static void
click (VmsTimeline *self, double x, double y)
{
  VmsTimelineHit hit;

  if (!_vms_timeline_hit_test (self, x, y, &hit))
    return;
  _vms_timeline_set_focused_row (self, hit.row);
  if (hit.in_labels || vms_model_get_row (self->model, hit.row)->kind == VMS_ROW_GROUP)
    {
      _vms_timeline_toggle_row (self, hit.row);
      return;
    }
  vms_session_select_instant (self->session, hit.time);
  g_signal_emit_by_name (self, "interval-selected", (guint) hit.row,
                         hit.has_interval ? &hit.interval : NULL);
}

static void
drag_end (GtkGestureDrag *gesture, double dx, double dy, VmsTimeline *self)
{
  if (!self->dragging)
    click (self, self->drag_x, self->drag_y);
  self->dragging = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
pressed (GtkGestureClick *gesture, int n_press, double x, double y, VmsTimeline *self)
{
  VmsTimelineHit hit;

  if (n_press == 2 && _vms_timeline_hit_test (self, x, y, &hit))
    g_signal_emit_by_name (self, "row-activated", (guint) hit.row);
}

static void
scroll_to_row (VmsTimeline *self, int row)
{
  int visible = vms_row_layout_find_visible (self->layout, row);
  double y, rh, h = gtk_widget_get_height (GTK_WIDGET (self)), top = _vms_timeline_scroll_y (self);

  if (visible < 0 || self->vadjustment == NULL)
    return;
  rh
    = vms_row_layout_get_node (self->layout, vms_row_layout_get_visible (self->layout, visible, &y))
        ->height;
  if (y < top)
    gtk_adjustment_set_value (self->vadjustment, y);
  else if (y + rh > top + h)
    gtk_adjustment_set_value (self->vadjustment, y + rh - h);
}

static gboolean
key_pressed (GtkEventControllerKey *controller,
             guint keyval,
             guint keycode,
             GdkModifierType state,
             VmsTimeline *self)
{
  guint n;
  int visible;

  if (self->layout == NULL || (n = vms_row_layout_get_n_visible (self->layout)) == 0
      || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;
  visible
    = self->focused_row >= 0 ? vms_row_layout_find_visible (self->layout, self->focused_row) : -1;
  switch (keyval)
    {
      case GDK_KEY_Up:
      case GDK_KEY_KP_Up:
        visible = visible <= 0 ? 0 : visible - 1;
        break;
      case GDK_KEY_Down:
      case GDK_KEY_KP_Down:
        visible = visible < 0 ? 0 : MIN (visible + 1, (int) n - 1);
        break;
      case GDK_KEY_Left:
      case GDK_KEY_Right:
        if (self->focused_row < 0)
          return FALSE;
        /* Left on a row that has nothing to collapse goes up to its group */
        if (keyval == GDK_KEY_Left
            && (!vms_row_layout_node_has_children (self->layout, self->focused_row)
                || self->collapsed[self->focused_row])
            && vms_model_get_row (self->model, self->focused_row)->parent >= 0)
          visible = vms_row_layout_find_visible (
            self->layout, vms_model_get_row (self->model, self->focused_row)->parent);
        else
          {
            vms_timeline_set_row_collapsed (self, self->focused_row, keyval == GDK_KEY_Left);
            return TRUE;
          }
        break;
      case GDK_KEY_space:
        if (self->focused_row >= 0)
          _vms_timeline_toggle_row (self, self->focused_row);
        return self->focused_row >= 0;
      case GDK_KEY_Return:
      case GDK_KEY_KP_Enter:
        if (self->focused_row < 0)
          return FALSE;
        _vms_timeline_toggle_row (self, self->focused_row);
        g_signal_emit_by_name (self, "row-activated", (guint) self->focused_row);
        return TRUE;
      default:
        return FALSE;
    }
  _vms_timeline_set_focused_row (self, (int) _vms_render_layout_row (self->layout, visible, NULL));
  scroll_to_row (self, self->focused_row);
  return TRUE;
}

/* End of a pinch or of a middle-button pan: the next change is a new history step. */
static void
burst_end (GtkGesture *gesture, GdkEventSequence *sequence, VmsTimeline *self)
{
  if (self->session != NULL)
    vms_session_end_burst (self->session);
}

/* Dragging with the middle button pans: the time under the pointer follows it. */
static void
pan_update (GtkGestureDrag *gesture, double dx, double dy, VmsTimeline *self)
{
  VmsTimeMap map;

  if (self->session == NULL)
    return;
  _vms_timeline_get_map (self, &map);
  vms_session_pan (self->session, vms_time_map_px_to_duration (&map, self->pan_last_dx - dx));
  self->pan_last_dx = dx;
}

static void
pan_begin (GtkGestureDrag *gesture, double x, double y, VmsTimeline *self)
{
  self->pan_last_dx = 0;
}

void
_vms_timeline_add_controllers (VmsTimeline *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (motion), self);
  g_signal_connect (controller, "leave", G_CALLBACK (leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect (controller, "scroll", G_CALLBACK (scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect (gesture, "begin", G_CALLBACK (pinch_begin), self);
  g_signal_connect (gesture, "scale-changed", G_CALLBACK (pinch_scale_changed), self);
  g_signal_connect (gesture, "end", G_CALLBACK (burst_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_MIDDLE);
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (pan_begin), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (pan_update), self);
  g_signal_connect (gesture, "end", G_CALLBACK (burst_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (drag_begin), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (drag_update), self);
  g_signal_connect (gesture, "drag-end", G_CALLBACK (drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  g_signal_connect (gesture, "pressed", G_CALLBACK (pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}
