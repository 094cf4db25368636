/* vms-timeline.c
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "vms-describe.h"
#include "vms-render-private.h"
#include "vms-time.h"
#include "vms-timeline.h"

#define DRAG_THRESHOLD 3.0
#define SCROLL_ZOOM_STEP 1.25 /* per wheel notch */
#define SCROLL_PAN_STEP 0.1   /* of the visible span, per wheel notch */

/* What is under a point: the one hit-test behind tooltips, clicks and hover. */
typedef struct {
  int row;            /* model row, or -1 */
  gboolean in_labels; /* over the label column */
  gint64 time;        /* time at x (bars area only), else VMS_TIME_NONE */
  gboolean has_interval;
  VmsInterval interval;
} Hit;

struct _VmsTimeline {
  GtkWidget parent_instance;

  VmsSession *session;
  GSignalGroup *session_signals;
  VmsModel *model; /* the session's model, when it is a VmsModel */
  VmsPaletteKind palette;

  VmsRowLayout *layout;
  gboolean *collapsed; /* per model row */
  guint n_collapsed;

  GtkAdjustment *hadjustment;
  GtkAdjustment *vadjustment;
  guint hscroll_policy : 1;
  guint vscroll_policy : 1;

  /* The rows as drawn last, reused while only hover and selection change; the model's
   * items per row, reused while the range stays (vertical scrolling) */
  GskRenderNode *rows_node;
  GPtrArray *items_cache;

  int hovered_row;
  int focused_row;
  double pointer_x;
  double pointer_y;
  Hit hover;

  /* Drag to select */
  double drag_x;
  double drag_y;
  gboolean dragging;
  gint64 drag_time;

  /* Pinch */
  gint64 pinch_span;
  gint64 pinch_anchor;
};

enum {
  PROP_0,
  PROP_SESSION,
  PROP_PALETTE,
  PROP_HOVERED_ROW,
  PROP_FOCUSED_ROW,
  N_PROPS,
  /* GtkScrollable */
  PROP_HADJUSTMENT = N_PROPS,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

enum { INTERVAL_SELECTED, ROW_ACTIVATED, N_SIGNALS };

G_DEFINE_FINAL_TYPE_WITH_CODE (VmsTimeline,
                               vms_timeline,
                               GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, NULL))

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
invalidate_rows (VmsTimeline *self)
{
  g_clear_pointer (&self->rows_node, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static double
scroll_y (VmsTimeline *self)
{
  return self->vadjustment != NULL ? gtk_adjustment_get_value (self->vadjustment) : 0;
}

static double
label_width (VmsTimeline *self)
{
  return MIN (VMS_RENDER_LABEL_WIDTH, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0);
}

static void
get_map (VmsTimeline *self, VmsTimeMap *map)
{
  const VmsTimeSpan *v = vms_session_get_visible (self->session);
  double lw = label_width (self);

  vms_time_map_init (map, v->begin, v->end, lw,
                     MAX (1, gtk_widget_get_width (GTK_WIDGET (self)) - lw));
}

static void
update_vadjustment (VmsTimeline *self)
{
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  double upper = self->layout != NULL ? vms_row_layout_get_height (self->layout) : 0;

  if (self->vadjustment == NULL)
    return;
  upper = MAX (upper, height);
  gtk_adjustment_configure (self->vadjustment,
                            CLAMP (gtk_adjustment_get_value (self->vadjustment), 0, upper - height),
                            0, upper, VMS_RENDER_ROW_HEIGHT, height * 0.9, height);
}

static void
rebuild_layout (VmsTimeline *self)
{
  g_clear_pointer (&self->layout, vms_row_layout_free);
  self->layout = _vms_render_build_layout (self->model, self->collapsed, self->n_collapsed);
  update_vadjustment (self);
  invalidate_rows (self);
}

static void
set_hovered_row (VmsTimeline *self, int row)
{
  if (self->hovered_row != row)
    {
      self->hovered_row = row;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOVERED_ROW]);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
set_focused_row (VmsTimeline *self, int row)
{
  if (self->focused_row != row)
    {
      self->focused_row = row;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOCUSED_ROW]);
      if (row >= 0 && self->model != NULL)
        gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                        vms_model_get_row (self->model, row)->label, -1);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
model_changed (VmsTimeline *self)
{
  GObject *model = self->session != NULL ? vms_session_get_model (self->session) : NULL;
  guint n;

  g_clear_object (&self->model);
  if (model != NULL && VMS_IS_MODEL (model))
    self->model = g_object_ref (VMS_MODEL (model));
  n = self->model != NULL ? vms_model_get_n_rows (self->model) : 0;
  g_clear_pointer (&self->collapsed, g_free);
  self->collapsed = g_new0 (gboolean, MAX (n, 1));
  self->n_collapsed = n;
  g_clear_pointer (&self->items_cache, g_ptr_array_unref);
  self->items_cache = _vms_render_cache_new (n);
  self->hover.row = -1;
  self->hovered_row = -1;
  set_focused_row (self, -1);
  rebuild_layout (self);
}

/* The one hit-test: row, time and exact interval at (x, y) in widget coordinates. */
static gboolean
hit_test (VmsTimeline *self, double x, double y, Hit *hit)
{
  VmsTimeMap map;
  int visible;

  hit->row = -1;
  hit->in_labels = FALSE;
  hit->time = VMS_TIME_NONE;
  hit->has_interval = FALSE;
  if (self->model == NULL || self->session == NULL || self->layout == NULL)
    return FALSE;

  get_map (self, &map);
  hit->in_labels = x < map.x;
  if (!hit->in_labels)
    hit->time = vms_time_map_to_time (&map, x);
  visible = vms_row_layout_hit_test (self->layout, y + scroll_y (self));
  if (visible < 0)
    return FALSE;
  hit->row = (int) _vms_render_layout_row (self->layout, visible, NULL);
  if (!hit->in_labels && vms_model_get_row (self->model, hit->row)->kind != VMS_ROW_GROUP)
    hit->has_interval = vms_model_hit_test (self->model, hit->row, hit->time, &hit->interval);
  return TRUE;
}

static void
toggle_row (VmsTimeline *self, guint row)
{
  int node = (int) row;

  if (self->layout == NULL || row >= self->n_collapsed
      || !vms_row_layout_node_has_children (self->layout, node))
    return;
  vms_timeline_set_row_collapsed (self, row, !self->collapsed[row]);
}

/* ------------------------------------------------------------------------------------------
 * Drawing
 */
static void
draw_rows (VmsTimeline *self, GtkSnapshot *snapshot, int width, int height)
{
  g_autoptr (GtkSnapshot) inner = gtk_snapshot_new ();
  VmsRenderContext ctx;
  cairo_t *cr;

  cr = gtk_snapshot_append_cairo (inner, &GRAPHENE_RECT_INIT (0, 0, width, height));
  _vms_render_context_init_for_widget (&ctx, cr, GTK_WIDGET (self), self->palette, self->model);
  ctx.cache = self->items_cache;
  ctx.label_width = label_width (self);
  get_map (self, &ctx.map);
  _vms_render_rows (&ctx, self->layout, 0, height, scroll_y (self));
  _vms_render_context_clear (&ctx);
  cairo_destroy (cr);
  self->rows_node = gtk_snapshot_free_to_node (g_steal_pointer (&inner));
}

/* The selection, the hover line and the range being dragged, over the rows. */
static void
draw_overlay (VmsTimeline *self, GtkSnapshot *snapshot, int width, int height)
{
  const VmsTimeSpan *sel = vms_session_get_selection (self->session);
  gint64 hover = vms_session_get_hover_time (self->session);
  double rows_h = MIN (height, vms_row_layout_get_height (self->layout) - scroll_y (self));
  VmsRenderContext ctx;
  VmsTimeMap map;
  cairo_t *cr;

  get_map (self, &map);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  _vms_render_context_init_for_widget (&ctx, cr, GTK_WIDGET (self), self->palette, self->model);
  ctx.map = map;
  ctx.label_width = map.x;
  _vms_render_row_marks (&ctx, self->layout, 0, height, scroll_y (self), self->hovered_row,
                         gtk_widget_has_focus (GTK_WIDGET (self)) ? self->focused_row : -1);
  if (sel != NULL)
    _vms_render_selection (&ctx, 0, MAX (rows_h, 0), sel->begin, sel->end);
  if (hover != VMS_TIME_NONE && !self->dragging)
    {
      double x = floor (vms_time_map_to_x (&map, hover));

      if (x >= map.x && x < map.x + map.width)
        {
          const VmsColor *fg = &ctx.palette->foreground;

          cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.5);
          cairo_rectangle (cr, x, 0, 1, height);
          cairo_fill (cr);
        }
    }
  if (self->dragging && sel != NULL && sel->end > sel->begin)
    {
      /* Start, end and duration of the range being selected */
      g_autofree char *a = vms_session_format_time (self->session, sel->begin);
      g_autofree char *b = vms_session_format_time (self->session, sel->end);
      g_autofree char *d = vms_time_format_duration (sel->end - sel->begin, 3);
      g_autofree char *text = g_strdup_printf ("%s → %s  (%s)", a, b, d);

      _vms_render_text_box (&ctx, text, MAX (vms_time_map_to_x (&map, sel->begin), map.x) + 4,
                            MAX (self->drag_y - 22, 2), width - 4);
    }
  _vms_render_context_clear (&ctx);
  cairo_destroy (cr);
}

static void
vms_timeline_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  VmsTimeline *self = VMS_TIMELINE (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  if (self->session == NULL || self->layout == NULL || width <= 0 || height <= 0)
    return;
  if (self->rows_node == NULL)
    draw_rows (self, snapshot, width, height);
  if (self->rows_node != NULL)
    gtk_snapshot_append_node (snapshot, self->rows_node);
  draw_overlay (self, snapshot, width, height);
}

static void
vms_timeline_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  VmsTimeline *self = VMS_TIMELINE (widget);

  update_vadjustment (self);
  invalidate_rows (self);
}

static void
vms_timeline_measure (GtkWidget *widget,
                      GtkOrientation orientation,
                      int for_size,
                      int *minimum,
                      int *natural,
                      int *minimum_baseline,
                      int *natural_baseline)
{
  VmsTimeline *self = VMS_TIMELINE (widget);
  gboolean horizontal = orientation == GTK_ORIENTATION_HORIZONTAL;

  *minimum = horizontal ? 200 : (int) VMS_RENDER_ROW_HEIGHT * 3;
  *natural = horizontal ? 800 : (int) vms_row_layout_get_height (self->layout);
}

static void
vms_timeline_css_changed (GtkWidget *widget, GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (vms_timeline_parent_class)->css_changed (widget, change);
  invalidate_rows (VMS_TIMELINE (widget));
}

/* ------------------------------------------------------------------------------------------
 * Tooltip
 */
static gboolean
vms_timeline_query_tooltip (GtkWidget *widget, int x, int y, gboolean keyboard, GtkTooltip *tooltip)
{
  VmsTimeline *self = VMS_TIMELINE (widget);
  g_autofree char *markup = NULL;
  VmsTimeMap map;
  Hit hit;

  if (!hit_test (self, x, y, &hit) || hit.in_labels || !hit.has_interval)
    {
      if (hit.row >= 0 && hit.in_labels)
        {
          gtk_tooltip_set_text (tooltip, vms_model_get_row (self->model, hit.row)->label);
          return TRUE;
        }
      return FALSE;
    }

  get_map (self, &map);
  markup = vms_describe_pixel (self->model, self->session, hit.row, &hit.interval,
                               vms_time_map_to_time (&map, floor (x)),
                               vms_time_map_to_time (&map, floor (x) + 1));
  gtk_tooltip_set_markup (tooltip, markup);
  return TRUE;
}

/* ------------------------------------------------------------------------------------------
 * Input
 */
static void
motion (GtkEventControllerMotion *controller, double x, double y, VmsTimeline *self)
{
  self->pointer_x = x;
  self->pointer_y = y;
  hit_test (self, x, y, &self->hover);
  set_hovered_row (self, self->hover.row);
  if (self->session != NULL)
    vms_session_set_hover_time (self->session, self->hover.time);
}

static void
leave (GtkEventControllerMotion *controller, VmsTimeline *self)
{
  self->hover.row = -1;
  self->hover.has_interval = FALSE;
  set_hovered_row (self, -1);
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
  get_map (self, &map);
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
  get_map (self, &map);
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
  Hit hit;

  self->drag_x = x;
  self->drag_y = y;
  self->dragging = FALSE;
  hit_test (self, x, y, &hit);
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
  get_map (self, &map);
  vms_session_select_range (self->session, self->drag_time,
                            vms_time_map_to_time (&map, self->drag_x + dx));
}

static void
click (VmsTimeline *self, double x, double y)
{
  Hit hit;

  if (!hit_test (self, x, y, &hit))
    return;
  set_focused_row (self, hit.row);
  if (hit.in_labels || vms_model_get_row (self->model, hit.row)->kind == VMS_ROW_GROUP)
    {
      toggle_row (self, hit.row);
      return;
    }
  vms_session_select_instant (self->session, hit.time);
  g_signal_emit (self, signals[INTERVAL_SELECTED], 0, (guint) hit.row,
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
  Hit hit;

  if (n_press == 2 && hit_test (self, x, y, &hit))
    g_signal_emit (self, signals[ROW_ACTIVATED], 0, (guint) hit.row);
}

static void
scroll_to_row (VmsTimeline *self, int row)
{
  int visible = vms_row_layout_find_visible (self->layout, row);
  double y, rh, h = gtk_widget_get_height (GTK_WIDGET (self)), top = scroll_y (self);

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
        if (self->focused_row >= 0)
          vms_timeline_set_row_collapsed (self, self->focused_row, keyval == GDK_KEY_Left);
        return self->focused_row >= 0;
      case GDK_KEY_space:
        if (self->focused_row >= 0)
          toggle_row (self, self->focused_row);
        return self->focused_row >= 0;
      case GDK_KEY_Return:
      case GDK_KEY_KP_Enter:
        if (self->focused_row < 0)
          return FALSE;
        toggle_row (self, self->focused_row);
        g_signal_emit (self, signals[ROW_ACTIVATED], 0, (guint) self->focused_row);
        return TRUE;
      default:
        return FALSE;
    }
  set_focused_row (self, (int) _vms_render_layout_row (self->layout, visible, NULL));
  scroll_to_row (self, self->focused_row);
  return TRUE;
}

/* ------------------------------------------------------------------------------------------
 * GObject
 */
static void
set_adjustment (VmsTimeline *self, GtkAdjustment **slot, GtkAdjustment *adj, guint prop)
{
  if (adj != NULL && *slot == adj)
    return;
  if (*slot != NULL)
    g_signal_handlers_disconnect_by_func (*slot, invalidate_rows, self);
  g_clear_object (slot);
  if (adj == NULL)
    adj = gtk_adjustment_new (0, 0, 0, 0, 0, 0);
  *slot = g_object_ref_sink (adj);
  g_signal_connect_swapped (adj, "value-changed", G_CALLBACK (invalidate_rows), self);
  update_vadjustment (self);
  g_object_notify (G_OBJECT (self), prop == PROP_HADJUSTMENT ? "hadjustment" : "vadjustment");
}

static void
vms_timeline_dispose (GObject *object)
{
  VmsTimeline *self = VMS_TIMELINE (object);

  if (self->session_signals != NULL)
    g_signal_group_set_target (self->session_signals, NULL);
  g_clear_object (&self->session);
  g_clear_object (&self->model);
  g_clear_pointer (&self->rows_node, gsk_render_node_unref);
  g_clear_pointer (&self->items_cache, g_ptr_array_unref);
  if (self->hadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->hadjustment, invalidate_rows, self);
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->vadjustment, invalidate_rows, self);
  g_clear_object (&self->hadjustment);
  g_clear_object (&self->vadjustment);

  G_OBJECT_CLASS (vms_timeline_parent_class)->dispose (object);
}

static void
vms_timeline_finalize (GObject *object)
{
  VmsTimeline *self = VMS_TIMELINE (object);

  g_clear_object (&self->session_signals);
  g_clear_pointer (&self->layout, vms_row_layout_free);
  g_clear_pointer (&self->collapsed, g_free);

  G_OBJECT_CLASS (vms_timeline_parent_class)->finalize (object);
}

static void
vms_timeline_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  VmsTimeline *self = VMS_TIMELINE (object);

  switch (prop_id)
    {
      case PROP_SESSION:
        g_value_set_object (value, self->session);
        break;
      case PROP_PALETTE:
        g_value_set_int (value, self->palette);
        break;
      case PROP_HOVERED_ROW:
        g_value_set_int (value, self->hovered_row);
        break;
      case PROP_FOCUSED_ROW:
        g_value_set_int (value, self->focused_row);
        break;
      case PROP_HADJUSTMENT:
        g_value_set_object (value, self->hadjustment);
        break;
      case PROP_VADJUSTMENT:
        g_value_set_object (value, self->vadjustment);
        break;
      case PROP_HSCROLL_POLICY:
        g_value_set_enum (value, self->hscroll_policy);
        break;
      case PROP_VSCROLL_POLICY:
        g_value_set_enum (value, self->vscroll_policy);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vms_timeline_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  VmsTimeline *self = VMS_TIMELINE (object);

  switch (prop_id)
    {
      case PROP_SESSION:
        vms_timeline_set_session (self, g_value_get_object (value));
        break;
      case PROP_PALETTE:
        vms_timeline_set_palette (self, g_value_get_int (value));
        break;
      case PROP_FOCUSED_ROW:
        set_focused_row (self, g_value_get_int (value));
        break;
      case PROP_HADJUSTMENT:
        set_adjustment (self, &self->hadjustment, g_value_get_object (value), PROP_HADJUSTMENT);
        break;
      case PROP_VADJUSTMENT:
        set_adjustment (self, &self->vadjustment, g_value_get_object (value), PROP_VADJUSTMENT);
        break;
      case PROP_HSCROLL_POLICY:
        self->hscroll_policy = g_value_get_enum (value);
        break;
      case PROP_VSCROLL_POLICY:
        self->vscroll_policy = g_value_get_enum (value);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vms_timeline_class_init (VmsTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = vms_timeline_dispose;
  object_class->finalize = vms_timeline_finalize;
  object_class->get_property = vms_timeline_get_property;
  object_class->set_property = vms_timeline_set_property;

  widget_class->snapshot = vms_timeline_snapshot;
  widget_class->size_allocate = vms_timeline_size_allocate;
  widget_class->measure = vms_timeline_measure;
  widget_class->css_changed = vms_timeline_css_changed;
  widget_class->query_tooltip = vms_timeline_query_tooltip;

  properties[PROP_SESSION] = g_param_spec_object ("session", NULL, NULL, VMS_TYPE_SESSION, rw);
  properties[PROP_PALETTE] = g_param_spec_int ("palette", NULL, NULL, VMS_PALETTE_DEFAULT,
                                               VMS_PALETTE_COLORBLIND, VMS_PALETTE_DEFAULT, rw);
  properties[PROP_HOVERED_ROW]
    = g_param_spec_int ("hovered-row", NULL, NULL, -1, G_MAXINT, -1,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOCUSED_ROW] = g_param_spec_int ("focused-row", NULL, NULL, -1, G_MAXINT, -1, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  /**
   * VmsTimeline::interval-selected:
   * @row: the model row clicked
   * @interval: (nullable): the const VmsInterval * under the click, valid during the emission
   *
   * A click selected an instant (the session's selection is already set).
   */
  signals[INTERVAL_SELECTED]
    = g_signal_new ("interval-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                    NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_POINTER);
  /**
   * VmsTimeline::row-activated:
   * @row: the model row
   *
   * Enter on the focused row, or a double click on a row.
   */
  signals[ROW_ACTIVATED]
    = g_signal_new ("row-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_css_name (widget_class, "timeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_TREE_GRID);
}

static void
vms_timeline_init (VmsTimeline *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  self->hovered_row = -1;
  self->focused_row = -1;
  self->hover.row = -1;
  self->collapsed = g_new0 (gboolean, 1);
  self->layout = _vms_render_build_layout (NULL, NULL, 0);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Timeline of virtual machines, vCPUs, threads and CPUs"), -1);

  /* The range redraws the rows; selection and hover only the overlay */
  self->session_signals = g_signal_group_new (VMS_TYPE_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "notify::visible",
                                  G_CALLBACK (invalidate_rows), self);
  for (guint i = 0; i < 2; i++)
    g_signal_group_connect_swapped (self->session_signals,
                                    i == 0 ? "notify::selection" : "notify::hover-time",
                                    G_CALLBACK (gtk_widget_queue_draw), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::model",
                                  G_CALLBACK (model_changed), self);

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

GtkWidget *
vms_timeline_new (VmsSession *session)
{
  return g_object_new (VMS_TYPE_TIMELINE, "session", session, NULL);
}

VmsSession *
vms_timeline_get_session (VmsTimeline *self)
{
  g_return_val_if_fail (VMS_IS_TIMELINE (self), NULL);

  return self->session;
}

void
vms_timeline_set_session (VmsTimeline *self, VmsSession *session)
{
  g_return_if_fail (VMS_IS_TIMELINE (self));
  g_return_if_fail (session == NULL || VMS_IS_SESSION (session));

  if (g_set_object (&self->session, session))
    {
      g_signal_group_set_target (self->session_signals, session);
      model_changed (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
    }
}

VmsPaletteKind
vms_timeline_get_palette (VmsTimeline *self)
{
  g_return_val_if_fail (VMS_IS_TIMELINE (self), VMS_PALETTE_DEFAULT);

  return self->palette;
}

void
vms_timeline_set_palette (VmsTimeline *self, VmsPaletteKind palette)
{
  g_return_if_fail (VMS_IS_TIMELINE (self));

  if (self->palette != palette)
    {
      self->palette = palette;
      invalidate_rows (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PALETTE]);
    }
}

gboolean
vms_timeline_get_row_collapsed (VmsTimeline *self, guint row)
{
  g_return_val_if_fail (VMS_IS_TIMELINE (self), FALSE);

  return row < self->n_collapsed && self->collapsed[row];
}

void
vms_timeline_set_row_collapsed (VmsTimeline *self, guint row, gboolean collapsed)
{
  g_return_if_fail (VMS_IS_TIMELINE (self));

  if (row >= self->n_collapsed || self->collapsed[row] == !!collapsed)
    return;
  self->collapsed[row] = !!collapsed;
  rebuild_layout (self);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_STATE_EXPANDED, !collapsed,
                               -1);
}

char **
vms_timeline_dup_collapsed_paths (VmsTimeline *self)
{
  g_autoptr (GStrvBuilder) b = g_strv_builder_new ();

  g_return_val_if_fail (VMS_IS_TIMELINE (self), NULL);

  for (guint i = 0; i < self->n_collapsed && self->model != NULL; i++)
    if (self->collapsed[i])
      {
        g_autofree char *path = vms_describe_row_path (self->model, i);

        g_strv_builder_add (b, path);
      }
  return g_strv_builder_end (b);
}

void
vms_timeline_set_collapsed_paths (VmsTimeline *self, const char *const *paths)
{
  g_return_if_fail (VMS_IS_TIMELINE (self));

  for (guint i = 0; i < self->n_collapsed; i++)
    {
      g_autofree char *path = vms_describe_row_path (self->model, i);

      self->collapsed[i] = paths != NULL && g_strv_contains (paths, path);
    }
  rebuild_layout (self);
}

gboolean
vms_timeline_get_hovered_interval (VmsTimeline *self, guint *row, VmsInterval *interval)
{
  g_return_val_if_fail (VMS_IS_TIMELINE (self), FALSE);

  if (self->hover.row < 0 || !self->hover.has_interval)
    return FALSE;
  if (row != NULL)
    *row = (guint) self->hover.row;
  if (interval != NULL)
    *interval = self->hover.interval;
  return TRUE;
}

int
vms_timeline_get_hovered_row (VmsTimeline *self)
{
  g_return_val_if_fail (VMS_IS_TIMELINE (self), -1);

  return self->hovered_row;
}

int
vms_timeline_get_focused_row (VmsTimeline *self)
{
  g_return_val_if_fail (VMS_IS_TIMELINE (self), -1);

  return self->focused_row;
}

void
vms_timeline_get_render_options (VmsTimeline *self, VmsRenderOptions *opts)
{
  const VmsTimeSpan *v, *sel;

  g_return_if_fail (VMS_IS_TIMELINE (self));
  g_return_if_fail (opts != NULL);

  vms_render_options_init (opts);
  opts->model = self->model;
  opts->width = MAX (1, gtk_widget_get_width (GTK_WIDGET (self)));
  opts->height = MAX (1, gtk_widget_get_height (GTK_WIDGET (self)));
  opts->palette = self->palette;
  opts->dark = _vms_render_widget_is_dark (GTK_WIDGET (self));
  opts->collapsed = self->collapsed;
  opts->n_collapsed = self->n_collapsed;
  opts->label_width = VMS_RENDER_LABEL_WIDTH;
  if (self->session == NULL)
    return;
  v = vms_session_get_visible (self->session);
  opts->begin = v->begin;
  opts->end = v->end;
  opts->origin = vms_session_get_trace (self->session)->begin;
  opts->time_mode = vms_session_get_time_mode (self->session);
  if ((sel = vms_session_get_selection (self->session)) != NULL)
    {
      opts->has_selection = TRUE;
      opts->selection_begin = sel->begin;
      opts->selection_end = sel->end;
    }
}
