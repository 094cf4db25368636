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
#include "vms-timeline-private.h"


enum {
  PROP_0,
  PROP_SESSION,
  PROP_PALETTE,
  PROP_HOVERED_ROW,
  PROP_FOCUSED_ROW,
  PROP_SHOW_IDLE_THREADS,
  PROP_SHOW_HOST_CPUS,
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

double
_vms_timeline_scroll_y (VmsTimeline *self)
{
  return self->vadjustment != NULL ? gtk_adjustment_get_value (self->vadjustment) : 0;
}

static double
label_width (VmsTimeline *self)
{
  return MIN (VMS_RENDER_LABEL_WIDTH, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0);
}

void
_vms_timeline_get_map (VmsTimeline *self, VmsTimeMap *map)
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
  self->layout
    = _vms_render_build_layout (self->model, self->collapsed, self->n_collapsed, self->hidden_rows);
  update_vadjustment (self);
  invalidate_rows (self);
}

void
_vms_timeline_set_hovered_row (VmsTimeline *self, int row)
{
  if (self->hovered_row != row)
    {
      self->hovered_row = row;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOVERED_ROW]);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

void
_vms_timeline_set_focused_row (VmsTimeline *self, int row)
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
  _vms_timeline_set_focused_row (self, -1);
  rebuild_layout (self);
}

/* The one hit-test: row, time and exact interval at (x, y) in widget coordinates. */
gboolean
_vms_timeline_hit_test (VmsTimeline *self, double x, double y, VmsTimelineHit *hit)
{
  VmsTimeMap map;
  int visible;

  hit->row = -1;
  hit->in_labels = FALSE;
  hit->time = VMS_TIME_NONE;
  hit->has_interval = FALSE;
  if (self->model == NULL || self->session == NULL || self->layout == NULL)
    return FALSE;

  _vms_timeline_get_map (self, &map);
  hit->in_labels = x < map.x;
  if (!hit->in_labels)
    hit->time = vms_time_map_to_time (&map, x);
  visible = vms_row_layout_hit_test (self->layout, y + _vms_timeline_scroll_y (self));
  if (visible < 0)
    return FALSE;
  hit->row = (int) _vms_render_layout_row (self->layout, visible, NULL);
  if (!hit->in_labels && vms_model_get_row (self->model, hit->row)->kind != VMS_ROW_GROUP)
    hit->has_interval = vms_model_hit_test (self->model, hit->row, hit->time, &hit->interval);
  return TRUE;
}

void
_vms_timeline_toggle_row (VmsTimeline *self, guint row)
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
  _vms_timeline_get_map (self, &ctx.map);
  ctx.highlight_state = self->highlight_state;
  ctx.highlight_reason = self->highlight_reason;
  _vms_render_rows (&ctx, self->layout, 0, height, _vms_timeline_scroll_y (self));
  _vms_render_context_clear (&ctx);
  cairo_destroy (cr);
  self->rows_node = gtk_snapshot_free_to_node (g_steal_pointer (&inner));
}

/* The hovered row's label highlighted, or the focused row's ring. */
static void
mark_row (VmsTimeline *self, GtkSnapshot *snapshot, const VmsPalette *p, int row, gboolean ring)
{
  int visible = row >= 0 ? vms_row_layout_find_visible (self->layout, row) : -1;
  double y, h, w = label_width (self) - 1;

  if (visible < 0)
    return;
  h = vms_row_layout_get_node (self->layout, vms_row_layout_get_visible (self->layout, visible, &y))
        ->height;
  y -= _vms_timeline_scroll_y (self);
  if (!ring)
    {
      _vms_snapshot_rect (snapshot, &p->selection, 1, 0, y, w, h);
      return;
    }
  _vms_snapshot_rect (snapshot, &p->foreground, 0.7, 1, y + 1, w - 2, 1);
  _vms_snapshot_rect (snapshot, &p->foreground, 0.7, 1, y + h - 2, w - 2, 1);
  _vms_snapshot_rect (snapshot, &p->foreground, 0.7, 1, y + 1, 1, h - 2);
  _vms_snapshot_rect (snapshot, &p->foreground, 0.7, w - 2, y + 1, 1, h - 2);
}

/* The marks that change without the rows changing (hover, focus, selection), as GSK
 * nodes over the cached rows: moving the pointer redraws no bar. */
static void
draw_overlay (VmsTimeline *self, GtkSnapshot *snapshot, int width, int height)
{
  const VmsPalette *p
    = vms_palette_get (self->palette, _vms_render_widget_is_dark (GTK_WIDGET (self)));
  const VmsTimeSpan *sel = vms_session_get_selection (self->session);
  gint64 hover = vms_session_get_hover_time (self->session);
  double rows_h
    = CLAMP (vms_row_layout_get_height (self->layout) - _vms_timeline_scroll_y (self), 0, height);
  VmsTimeMap map;

  _vms_timeline_get_map (self, &map);
  mark_row (self, snapshot, p, self->hovered_row, FALSE);
  if (gtk_widget_has_focus (GTK_WIDGET (self)))
    mark_row (self, snapshot, p, self->focused_row, TRUE);

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (map.x, 0, map.width, height));
  if (sel != NULL)
    {
      double x0 = floor (vms_time_map_to_x (&map, sel->begin));
      double x1 = floor (vms_time_map_to_x (&map, sel->end));

      x0 = CLAMP (x0, map.x - 1, width + 1);
      x1 = CLAMP (x1, map.x - 1, width + 1);
      _vms_snapshot_rect (snapshot, &p->selection, 1, x0, 0, x1 - x0, rows_h);
      _vms_snapshot_rect (snapshot, &p->selection, 1 / p->selection.alpha, x0, 0, 1, rows_h);
      if (x1 > x0)
        _vms_snapshot_rect (snapshot, &p->selection, 1 / p->selection.alpha, x1, 0, 1, rows_h);
    }
  if (hover != VMS_TIME_NONE && !self->dragging)
    _vms_snapshot_rect (snapshot, &p->foreground, 0.5, floor (vms_time_map_to_x (&map, hover)), 0,
                        1, height);
  gtk_snapshot_pop (snapshot);

  if (sel != NULL && sel->end > sel->begin && vms_time_map_to_x (&map, sel->end) > map.x
      && vms_time_map_to_x (&map, sel->begin) < width)
    {
      /* Start, end and duration of the selected range: by the pointer while dragging,
       * at the top of the rows afterwards */
      g_autofree char *a = vms_session_format_time (self->session, sel->begin);
      g_autofree char *b = vms_session_format_time (self->session, sel->end);
      g_autofree char *d = vms_time_format_duration (sel->end - sel->begin, 3);
      g_autofree char *text = g_strdup_printf ("%s → %s  (%s)", a, b, d);

      _vms_snapshot_text_box (snapshot, GTK_WIDGET (self), p, text,
                              MAX (vms_time_map_to_x (&map, sel->begin), map.x) + 4,
                              self->dragging ? MAX (self->drag_y - 22, 2) : 2, width - 4);
    }
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
  /* Without a model (or with few rows) the rows are shorter than the minimum: GTK wants
   * natural >= minimum, and warns otherwise. */
  *natural = MAX (*natural, *minimum);
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
  VmsTimelineHit hit;

  if (!_vms_timeline_hit_test (self, x, y, &hit) || hit.in_labels || !hit.has_interval)
    {
      if (hit.row >= 0 && hit.in_labels)
        {
          gtk_tooltip_set_text (tooltip, vms_model_get_row (self->model, hit.row)->label);
          return TRUE;
        }
      return FALSE;
    }

  _vms_timeline_get_map (self, &map);
  markup = vms_describe_pixel (self->model, self->session, hit.row, &hit.interval,
                               vms_time_map_to_time (&map, floor (x)),
                               vms_time_map_to_time (&map, floor (x) + 1));
  gtk_tooltip_set_markup (tooltip, markup);
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
  g_clear_pointer (&self->font, g_free);

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
        g_value_set_enum (value, self->palette);
        break;
      case PROP_HOVERED_ROW:
        g_value_set_int (value, self->hovered_row);
        break;
      case PROP_SHOW_IDLE_THREADS:
        g_value_set_boolean (value, vms_timeline_get_show_idle_threads (self));
        break;
      case PROP_SHOW_HOST_CPUS:
        g_value_set_boolean (value, vms_timeline_get_show_host_cpus (self));
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
        vms_timeline_set_palette (self, g_value_get_enum (value));
        break;
      case PROP_FOCUSED_ROW:
        _vms_timeline_set_focused_row (self, g_value_get_int (value));
        break;
      case PROP_SHOW_IDLE_THREADS:
        vms_timeline_set_show_idle_threads (self, g_value_get_boolean (value));
        break;
      case PROP_SHOW_HOST_CPUS:
        vms_timeline_set_show_host_cpus (self, g_value_get_boolean (value));
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
  properties[PROP_PALETTE]
    = g_param_spec_enum ("palette", NULL, NULL, VMS_TYPE_PALETTE_KIND, VMS_PALETTE_DEFAULT, rw);
  properties[PROP_HOVERED_ROW]
    = g_param_spec_int ("hovered-row", NULL, NULL, -1, G_MAXINT, -1,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOCUSED_ROW] = g_param_spec_int ("focused-row", NULL, NULL, -1, G_MAXINT, -1, rw);
  properties[PROP_SHOW_IDLE_THREADS]
    = g_param_spec_boolean ("show-idle-threads", NULL, NULL, TRUE, rw);
  properties[PROP_SHOW_HOST_CPUS] = g_param_spec_boolean ("show-host-cpus", NULL, NULL, TRUE, rw);
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
  self->hovered_row = -1;
  self->focused_row = -1;
  self->highlight_state = -1;
  self->highlight_reason = -1;
  self->hover.row = -1;
  self->collapsed = g_new0 (gboolean, 1);
  self->layout = _vms_render_build_layout (NULL, NULL, 0, 0);

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

  _vms_timeline_add_controllers (self);
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
  opts->hidden_rows = self->hidden_rows;
  opts->label_width = VMS_RENDER_LABEL_WIDTH;
  /* The widget's font, so that the file looks like the screen */
  g_free (self->font);
  self->font = pango_font_description_to_string (
    pango_context_get_font_description (gtk_widget_get_pango_context (GTK_WIDGET (self))));
  opts->font = self->font;
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

static void
set_filter (VmsTimeline *self, guint flag, gboolean hide, guint prop)
{
  guint hidden = hide ? self->hidden_rows | flag : self->hidden_rows & ~flag;

  if (hidden == self->hidden_rows)
    return;
  self->hidden_rows = hidden;
  rebuild_layout (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

gboolean
vms_timeline_get_show_idle_threads (VmsTimeline *self)
{
  g_return_val_if_fail (VMS_IS_TIMELINE (self), TRUE);

  return (self->hidden_rows & VMS_ROW_FILTER_IDLE_THREADS) == 0;
}

void
vms_timeline_set_show_idle_threads (VmsTimeline *self, gboolean show)
{
  g_return_if_fail (VMS_IS_TIMELINE (self));

  set_filter (self, VMS_ROW_FILTER_IDLE_THREADS, !show, PROP_SHOW_IDLE_THREADS);
}

gboolean
vms_timeline_get_show_host_cpus (VmsTimeline *self)
{
  g_return_val_if_fail (VMS_IS_TIMELINE (self), TRUE);

  return (self->hidden_rows & VMS_ROW_FILTER_HOST_CPUS) == 0;
}

void
vms_timeline_set_show_host_cpus (VmsTimeline *self, gboolean show)
{
  g_return_if_fail (VMS_IS_TIMELINE (self));

  set_filter (self, VMS_ROW_FILTER_HOST_CPUS, !show, PROP_SHOW_HOST_CPUS);
}

void
vms_timeline_set_highlight (VmsTimeline *self, int state, int exit_reason)
{
  g_return_if_fail (VMS_IS_TIMELINE (self));
  g_return_if_fail (state < VMS_N_STATES);

  state = MAX (state, -1);
  exit_reason = MAX (exit_reason, -1);
  if (self->highlight_state == state && self->highlight_reason == exit_reason)
    return;
  self->highlight_state = state;
  self->highlight_reason = exit_reason;
  invalidate_rows (self);
}

void
vms_timeline_get_highlight (VmsTimeline *self, int *state, int *exit_reason)
{
  g_return_if_fail (VMS_IS_TIMELINE (self));

  if (state != NULL)
    *state = self->highlight_state;
  if (exit_reason != NULL)
    *exit_reason = self->highlight_reason;
}
