/* vms-time-ruler.c
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vms-render-private.h"
#include "vms-time-ruler.h"

struct _VmsTimeRuler {
  GtkWidget parent_instance;

  VmsSession *session;
  GSignalGroup *session_signals;
  int label_width;

  double drag_last_x;
};

enum { PROP_0, PROP_SESSION, PROP_LABEL_WIDTH, N_PROPS };

G_DEFINE_FINAL_TYPE (VmsTimeRuler, vms_time_ruler, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

static void
get_map (VmsTimeRuler *self, VmsTimeMap *map)
{
  const VmsTimeSpan *v = vms_session_get_visible (self->session);
  double lw = MIN (self->label_width, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0);

  vms_time_map_init (map, v->begin, v->end, lw,
                     MAX (1, gtk_widget_get_width (GTK_WIDGET (self)) - lw));
}

static void
vms_time_ruler_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  VmsTimeRuler *self = VMS_TIME_RULER (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  PangoContext *pc = gtk_widget_get_pango_context (widget);
  g_autofree char *font
    = pango_font_description_to_string (pango_context_get_font_description (pc));
  const VmsTimeSpan *sel;
  VmsRenderContext ctx;
  cairo_t *cr;

  if (self->session == NULL || width <= 0 || height <= 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  _vms_render_context_init_for_widget (&ctx, cr, widget, VMS_PALETTE_DEFAULT, NULL);
  get_map (self, &ctx.map);
  ctx.label_width = ctx.map.x;
  /* The ruler is drawn at the bottom of the widget, whatever its height */
  _vms_render_ruler (&ctx, height - VMS_RENDER_RULER_HEIGHT,
                     vms_session_get_time_mode (self->session),
                     vms_session_get_trace (self->session)->begin);
  if ((sel = vms_session_get_selection (self->session)) != NULL)
    _vms_render_selection (&ctx, 0, height, sel->begin, sel->end);
  _vms_render_context_clear (&ctx);
  cairo_destroy (cr);
}

static void
vms_time_ruler_measure (GtkWidget *widget,
                        GtkOrientation orientation,
                        int for_size,
                        int *minimum,
                        int *natural,
                        int *minimum_baseline,
                        int *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = 100;
  else
    *minimum = *natural = (int) VMS_RENDER_RULER_HEIGHT;
}

static void
drag_begin (GtkGestureDrag *gesture, double x, double y, VmsTimeRuler *self)
{
  self->drag_last_x = x;
}

/* Dragging the ruler pans: the time under the pointer follows it. */
static void
drag_update (GtkGestureDrag *gesture, double dx, double dy, VmsTimeRuler *self)
{
  double start_x, x;
  VmsTimeMap map;

  if (self->session == NULL)
    return;
  gtk_gesture_drag_get_start_point (gesture, &start_x, NULL);
  x = start_x + dx;
  get_map (self, &map);
  vms_session_pan (self->session, vms_time_map_px_to_duration (&map, self->drag_last_x - x));
  self->drag_last_x = x;
}

static void
drag_end (GtkGestureDrag *gesture, double dx, double dy, VmsTimeRuler *self)
{
  if (self->session != NULL)
    vms_session_end_burst (self->session);
}

static void
vms_time_ruler_dispose (GObject *object)
{
  VmsTimeRuler *self = VMS_TIME_RULER (object);

  g_signal_group_set_target (self->session_signals, NULL);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (vms_time_ruler_parent_class)->dispose (object);
}

static void
vms_time_ruler_finalize (GObject *object)
{
  VmsTimeRuler *self = VMS_TIME_RULER (object);

  g_clear_object (&self->session_signals);

  G_OBJECT_CLASS (vms_time_ruler_parent_class)->finalize (object);
}

static void
vms_time_ruler_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  VmsTimeRuler *self = VMS_TIME_RULER (object);

  switch (prop_id)
    {
      case PROP_SESSION:
        g_value_set_object (value, self->session);
        break;
      case PROP_LABEL_WIDTH:
        g_value_set_int (value, self->label_width);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vms_time_ruler_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  VmsTimeRuler *self = VMS_TIME_RULER (object);

  switch (prop_id)
    {
      case PROP_SESSION:
        vms_time_ruler_set_session (self, g_value_get_object (value));
        break;
      case PROP_LABEL_WIDTH:
        vms_time_ruler_set_label_width (self, g_value_get_int (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vms_time_ruler_class_init (VmsTimeRulerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = vms_time_ruler_dispose;
  object_class->finalize = vms_time_ruler_finalize;
  object_class->get_property = vms_time_ruler_get_property;
  object_class->set_property = vms_time_ruler_set_property;

  widget_class->snapshot = vms_time_ruler_snapshot;
  widget_class->measure = vms_time_ruler_measure;

  properties[PROP_SESSION] = g_param_spec_object ("session", NULL, NULL, VMS_TYPE_SESSION, rw);
  properties[PROP_LABEL_WIDTH]
    = g_param_spec_int ("label-width", NULL, NULL, 0, G_MAXINT, (int) VMS_RENDER_LABEL_WIDTH, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "timeruler");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
vms_time_ruler_init (VmsTimeRuler *self)
{
  GtkGesture *drag;

  self->label_width = (int) VMS_RENDER_LABEL_WIDTH;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Time ruler"), -1);

  self->session_signals = g_signal_group_new (VMS_TYPE_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "notify::visible",
                                  G_CALLBACK (gtk_widget_queue_draw), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::selection",
                                  G_CALLBACK (gtk_widget_queue_draw), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::time-mode",
                                  G_CALLBACK (gtk_widget_queue_draw), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::trace",
                                  G_CALLBACK (gtk_widget_queue_draw), self);

  drag = gtk_gesture_drag_new ();
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grab");
}

GtkWidget *
vms_time_ruler_new (VmsSession *session)
{
  return g_object_new (VMS_TYPE_TIME_RULER, "session", session, NULL);
}

VmsSession *
vms_time_ruler_get_session (VmsTimeRuler *self)
{
  g_return_val_if_fail (VMS_IS_TIME_RULER (self), NULL);

  return self->session;
}

void
vms_time_ruler_set_session (VmsTimeRuler *self, VmsSession *session)
{
  g_return_if_fail (VMS_IS_TIME_RULER (self));
  g_return_if_fail (session == NULL || VMS_IS_SESSION (session));

  if (g_set_object (&self->session, session))
    {
      g_signal_group_set_target (self->session_signals, session);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
    }
}

int
vms_time_ruler_get_label_width (VmsTimeRuler *self)
{
  g_return_val_if_fail (VMS_IS_TIME_RULER (self), 0);

  return self->label_width;
}

void
vms_time_ruler_set_label_width (VmsTimeRuler *self, int label_width)
{
  g_return_if_fail (VMS_IS_TIME_RULER (self));

  if (self->label_width != label_width)
    {
      self->label_width = label_width;
      gtk_widget_queue_draw (GTK_WIDGET (self));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL_WIDTH]);
    }
}
