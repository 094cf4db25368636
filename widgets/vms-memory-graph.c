/* vms-memory-graph.c — the memory graph widget: observes the session, draws with
 * vms_memory_graph_render(), hover and tooltip.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "vms-memory-graph-private.h"

#define SCROLL_ZOOM_STEP 1.25 /* per wheel notch, as the timeline */
#define SCROLL_PAN_STEP 0.1   /* of the visible span per notch */
#define DRAG_THRESHOLD 3.0    /* px: less is a click */

struct _VmsMemoryGraph {
  GtkWidget parent_instance;

  VmsSession *session;
  GSignalGroup *session_signals;
  VmsMemory *memory;
  gboolean shifted;
  int label_width;
  GArray *vm_shown;  /* gboolean per VM */
  GArray *processes; /* VmsMemoryGraphProcess, in the order they were asked for */

  GskRenderNode *base; /* everything but the hover cursor, kept until something changes */
  double pointer_x;
  double pointer_y;
  double drag_x; /* where a drag started */
};

enum {
  PROP_0,
  PROP_SESSION,
  PROP_MEMORY,
  PROP_SHIFTED,
  PROP_LABEL_WIDTH,
  PROP_AXIS_TITLE,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (VmsMemoryGraph, vms_memory_graph, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

static void
invalidate (VmsMemoryGraph *self)
{
  g_clear_pointer (&self->base, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static double
effective_label_width (VmsMemoryGraph *self)
{
  /* As the timeline: the column never takes more than half the width */
  return MIN (self->label_width, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0);
}

/* The options of what the widget shows now (pointers valid until it changes). */
static void
fill_options (VmsMemoryGraph *self, VmsMemoryGraphOptions *opts)
{
  const VmsTimeSpan *v, *sel;

  vms_memory_graph_options_init (opts);
  opts->memory = self->memory;
  opts->width = MAX (1, gtk_widget_get_width (GTK_WIDGET (self)));
  opts->height = MAX (1, gtk_widget_get_height (GTK_WIDGET (self)));
  opts->label_width = effective_label_width (self);
  opts->shifted = self->shifted;
  opts->vm_shown = (const gboolean *) self->vm_shown->data;
  opts->n_vm_shown = self->vm_shown->len;
  opts->processes = (const VmsMemoryGraphProcess *) self->processes->data;
  opts->n_processes = self->processes->len;
  opts->dark = _vms_render_widget_is_dark (GTK_WIDGET (self));
  if (self->session == NULL)
    return;
  v = vms_session_get_visible (self->session);
  opts->begin = v->begin;
  opts->end = v->end;
  if ((sel = vms_session_get_selection (self->session)) != NULL)
    {
      opts->has_selection = TRUE;
      opts->selection_begin = sel->begin;
      opts->selection_end = sel->end;
    }
}

static void
vms_memory_graph_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  VmsMemoryGraph *self = VMS_MEMORY_GRAPH (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  gint64 hover;

  if (width <= 0 || height <= 0)
    return;
  if (self->base == NULL)
    {
      g_autoptr (GtkSnapshot) base = gtk_snapshot_new ();
      PangoContext *pc = gtk_widget_get_pango_context (widget);
      g_autofree char *font
        = pango_font_description_to_string (pango_context_get_font_description (pc));
      VmsMemoryGraphOptions opts;
      cairo_t *cr;

      fill_options (self, &opts);
      opts.font = font;
      cr = gtk_snapshot_append_cairo (base, &GRAPHENE_RECT_INIT (0, 0, width, height));
      vms_memory_graph_render (cr, &opts);
      cairo_destroy (cr);
      self->base = gtk_snapshot_free_to_node (g_steal_pointer (&base));
    }
  if (self->base != NULL)
    gtk_snapshot_append_node (snapshot, self->base);

  /* The cursor at the session's hover time (the pointer here or over the timeline) */
  if (self->session != NULL
      && (hover = vms_session_get_hover_time (self->session)) != VMS_TIME_NONE)
    {
      const VmsTimeSpan *v = vms_session_get_visible (self->session);
      const VmsPalette *palette
        = vms_palette_get (VMS_PALETTE_DEFAULT, _vms_render_widget_is_dark (widget));

      if (hover >= v->begin && hover <= v->end)
        _vms_snapshot_rect (snapshot, &palette->foreground, 0.8,
                            floor (vms_memory_graph_time_to_x (self, hover)), 0, 1, height);
    }
}

static void
vms_memory_graph_measure (GtkWidget *widget,
                          GtkOrientation orientation,
                          int for_size,
                          int *minimum,
                          int *natural,
                          int *minimum_baseline,
                          int *natural_baseline)
{
  VmsMemoryGraph *self = VMS_MEMORY_GRAPH (widget);
  guint n = 0;

  for (guint v = 0; v < self->vm_shown->len; v++)
    n += g_array_index (self->vm_shown, gboolean, v);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = 200;
  else
    {
      *minimum = 100;
      *natural = MAX (1, n) * 130;
    }
}

static void
vms_memory_graph_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  invalidate (VMS_MEMORY_GRAPH (widget));
}

static void
vms_memory_graph_css_changed (GtkWidget *widget, GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (vms_memory_graph_parent_class)->css_changed (widget, change);
  invalidate (VMS_MEMORY_GRAPH (widget));
}

static guint
n_lanes_shown (VmsMemoryGraph *self)
{
  guint n = 0;

  if (self->memory == NULL || !vms_memory_is_finished (self->memory))
    return 0;
  for (guint v = 0; v < self->vm_shown->len; v++)
    n += g_array_index (self->vm_shown, gboolean, v);
  return n;
}

static gint64
x_to_time (VmsMemoryGraph *self, double x)
{
  VmsTimeMap map;
  double lw = effective_label_width (self);
  const VmsTimeSpan *v = vms_session_get_visible (self->session);

  vms_time_map_init (&map, v->begin, MAX (v->end, v->begin + 1), lw,
                     MAX (1, gtk_widget_get_width (GTK_WIDGET (self)) - lw));
  return vms_time_map_to_time (&map, x);
}

#define MAX_TOOLTIP_SERIES 32

/* Values of a lane at time; marks the series drawn nearest to y (-1: none). */
static char *
values_text (VmsMemoryGraph *self, guint lane_index, gint64 time, double y)
{
  VmsMemoryGraphOptions opts;
  const Lane *lane;
  const Column *cols[MAX_TOOLTIP_SERIES];
  const char *names[MAX_TOOLTIP_SERIES];
  gint64 drawn[MAX_TOOLTIP_SERIES], shown[MAX_TOOLTIP_SERIES];
  gboolean undefined[MAX_TOOLTIP_SERIES];
  gboolean is_gap[MAX_TOOLTIP_SERIES];
  GString *s;
  Graph g;
  guint n = 0, i;
  int hit;

  fill_options (self, &opts);
  _vms_memory_graph_init (&g, &opts);
  if (lane_index >= g.n_lanes || time < opts.begin || time >= MAX (opts.end, opts.begin + 1))
    {
      _vms_memory_graph_clear (&g);
      return NULL;
    }
  lane = &g.lanes[lane_index];
  i = (guint) ((time - opts.begin) / g.ns_per_px);

  cols[n] = &lane->host;
  names[n++] = _ ("Host memory taken");
  if (lane->guest.series != NULL)
    {
      cols[n] = &lane->guest;
      names[n++] = _ ("Guest uses");
      cols[n] = &lane->guest;
      names[n++] = _ ("Touched but unused");
    }
  for (guint p = 0; p < lane->n_procs && n < MAX_TOOLTIP_SERIES; p++)
    {
      cols[n] = &lane->procs[p].col;
      names[n++] = lane->procs[p].name;
    }
  for (guint k = 0; k < n; k++)
    {
      const Column *col = cols[k];

      is_gap[k] = lane->guest.series != NULL && k == 2;
      undefined[k] = !(i < col->n && col->px[i].defined);
      shown[k] = drawn[k] = undefined[k] ? 0 : col->px[i].last - col->shift;
      if (is_gap[k] && !undefined[k])
        {
          shown[k] = lane->gap[i];
          drawn[k] += lane->gap[i]; /* the top of the hatched band */
        }
    }
  hit = y >= 0 ? vms_memory_graph_hit_series (drawn, undefined, n, &lane->scale, lane->plot_top,
                                              lane->plot_height, y, HIT_TOLERANCE)
               : -1;

  s = g_string_new (lane->info->name);
  if (self->session != NULL)
    {
      g_autofree char *t = vms_session_format_time (self->session, time);

      g_string_append_printf (s, " — %s", t);
    }
  for (guint k = 0; k < n; k++)
    {
      const Column *col = cols[k];
      g_autofree char *value
        = undefined[k] ? g_strdup ("—") : vms_memory_graph_format_bytes (shown[k], FALSE);

      g_string_append_printf (s, "\n%s%s: %s", (int) k == hit ? "▸ " : "", names[k], value);
      /* A pixel holding changes: the range it spans */
      if (!undefined[k] && !is_gap[k] && col->px[i].max > col->px[i].min)
        {
          g_autofree char *lo = vms_memory_graph_format_bytes (col->px[i].min - col->shift, FALSE);
          g_autofree char *hi = vms_memory_graph_format_bytes (col->px[i].max - col->shift, FALSE);

          /* Translators: the lowest and highest value within one pixel of the graph */
          g_string_append_printf (s, _ (" (%s to %s in this pixel)"), lo, hi);
        }
    }
  _vms_memory_graph_clear (&g);
  return g_string_free (s, FALSE);
}

static gboolean
query_tooltip_cb (
  GtkWidget *widget, int x, int y, gboolean keyboard, GtkTooltip *tooltip, gpointer data)
{
  VmsMemoryGraph *self = VMS_MEMORY_GRAPH (widget);
  g_autofree char *text = NULL;
  int lane;

  if (self->session == NULL || keyboard || x < effective_label_width (self))
    return FALSE;
  lane = vms_memory_graph_lane_at (y, gtk_widget_get_height (widget), n_lanes_shown (self), NULL,
                                   NULL);
  if (lane < 0 || (text = values_text (self, lane, x_to_time (self, x), y)) == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
motion_cb (GtkEventControllerMotion *motion, double x, double y, VmsMemoryGraph *self)
{
  self->pointer_x = x;
  self->pointer_y = y;
  if (self->session == NULL)
    return;
  vms_session_set_hover_time (self->session, x >= effective_label_width (self) ? x_to_time (self, x)
                                                                               : VMS_TIME_NONE);
}

static void
leave_cb (GtkEventControllerMotion *motion, VmsMemoryGraph *self)
{
  self->pointer_y = -1;
  if (self->session != NULL)
    vms_session_set_hover_time (self->session, VMS_TIME_NONE);
}

/* As on the timeline: Ctrl+scroll zooms around the pointer, Shift+scroll and horizontal
 * scrolling pan; vertical scrolling is left to the panel. */
static gboolean
scroll_cb (GtkEventControllerScroll *controller, double dx, double dy, VmsMemoryGraph *self)
{
  GdkModifierType mods
    = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  if (self->session == NULL)
    return FALSE;
  if (mods & GDK_CONTROL_MASK)
    {
      vms_session_zoom (self->session, pow (SCROLL_ZOOM_STEP, -dy),
                        x_to_time (self, MAX (self->pointer_x, effective_label_width (self))));
      return TRUE;
    }
  if ((mods & GDK_SHIFT_MASK) || dx != 0)
    {
      vms_session_pan_by_fraction (self->session, SCROLL_PAN_STEP * (dx != 0 ? dx : dy));
      return TRUE;
    }
  return FALSE;
}

/* A drag selects a time range in the session, a click an instant (as on the timeline). */
static void
drag_begin_cb (GtkGestureDrag *drag, double x, double y, VmsMemoryGraph *self)
{
  self->drag_x = MAX (x, effective_label_width (self));
}

static void
drag_update_cb (GtkGestureDrag *drag, double dx, double dy, VmsMemoryGraph *self)
{
  gint64 a, b;

  if (self->session == NULL || fabs (dx) < DRAG_THRESHOLD)
    return;
  a = x_to_time (self, self->drag_x);
  b = x_to_time (self, self->drag_x + dx);
  vms_session_select_range (self->session, MIN (a, b), MAX (a, b));
}

static void
drag_end_cb (GtkGestureDrag *drag, double dx, double dy, VmsMemoryGraph *self)
{
  if (self->session == NULL)
    return;
  if (fabs (dx) < DRAG_THRESHOLD)
    vms_session_select_instant (self->session, x_to_time (self, self->drag_x));
  else
    drag_update_cb (drag, dx, dy, self);
}

static void
vms_memory_graph_dispose (GObject *object)
{
  VmsMemoryGraph *self = VMS_MEMORY_GRAPH (object);

  if (self->session_signals != NULL)
    g_signal_group_set_target (self->session_signals, NULL);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->session);
  g_clear_object (&self->memory);
  g_clear_pointer (&self->base, gsk_render_node_unref);

  G_OBJECT_CLASS (vms_memory_graph_parent_class)->dispose (object);
}

static void
vms_memory_graph_finalize (GObject *object)
{
  VmsMemoryGraph *self = VMS_MEMORY_GRAPH (object);

  g_array_unref (self->vm_shown);
  g_array_unref (self->processes);

  G_OBJECT_CLASS (vms_memory_graph_parent_class)->finalize (object);
}

static void
vms_memory_graph_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  VmsMemoryGraph *self = VMS_MEMORY_GRAPH (object);

  switch (prop_id)
    {
      case PROP_SESSION:
        g_value_set_object (value, self->session);
        break;
      case PROP_MEMORY:
        g_value_set_object (value, self->memory);
        break;
      case PROP_SHIFTED:
        g_value_set_boolean (value, self->shifted);
        break;
      case PROP_LABEL_WIDTH:
        g_value_set_int (value, self->label_width);
        break;
      case PROP_AXIS_TITLE:
        g_value_set_string (value, vms_memory_graph_get_axis_title (self));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vms_memory_graph_set_property (GObject *object,
                               guint prop_id,
                               const GValue *value,
                               GParamSpec *pspec)
{
  VmsMemoryGraph *self = VMS_MEMORY_GRAPH (object);

  switch (prop_id)
    {
      case PROP_SESSION:
        vms_memory_graph_set_session (self, g_value_get_object (value));
        break;
      case PROP_MEMORY:
        vms_memory_graph_set_memory (self, g_value_get_object (value));
        break;
      case PROP_SHIFTED:
        vms_memory_graph_set_shifted (self, g_value_get_boolean (value));
        break;
      case PROP_LABEL_WIDTH:
        vms_memory_graph_set_label_width (self, g_value_get_int (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vms_memory_graph_class_init (VmsMemoryGraphClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = vms_memory_graph_dispose;
  object_class->finalize = vms_memory_graph_finalize;
  object_class->get_property = vms_memory_graph_get_property;
  object_class->set_property = vms_memory_graph_set_property;
  widget_class->snapshot = vms_memory_graph_snapshot;
  widget_class->measure = vms_memory_graph_measure;
  widget_class->size_allocate = vms_memory_graph_size_allocate;
  widget_class->css_changed = vms_memory_graph_css_changed;

  properties[PROP_SESSION] = g_param_spec_object ("session", NULL, NULL, VMS_TYPE_SESSION, rw);
  properties[PROP_MEMORY] = g_param_spec_object ("memory", NULL, NULL, VMS_TYPE_MEMORY, rw);
  properties[PROP_SHIFTED] = g_param_spec_boolean ("shifted", NULL, NULL, TRUE, rw);
  properties[PROP_LABEL_WIDTH]
    = g_param_spec_int ("label-width", NULL, NULL, 0, G_MAXINT, (int) VMS_RENDER_LABEL_WIDTH, rw);
  properties[PROP_AXIS_TITLE] = g_param_spec_string ("axis-title", NULL, NULL, NULL,
                                                     G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "vmsmemorygraph");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
vms_memory_graph_init (VmsMemoryGraph *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *scroll;
  GtkGesture *drag;

  self->shifted = TRUE;
  self->label_width = (int) VMS_RENDER_LABEL_WIDTH;
  self->pointer_y = -1;
  self->vm_shown = g_array_new (FALSE, TRUE, sizeof (gboolean));
  self->processes = g_array_new (FALSE, TRUE, sizeof (VmsMemoryGraphProcess));

  self->session_signals = g_signal_group_new (VMS_TYPE_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "notify::visible", G_CALLBACK (invalidate),
                                  self);
  g_signal_group_connect_swapped (self->session_signals, "notify::selection",
                                  G_CALLBACK (invalidate), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::hover-time",
                                  G_CALLBACK (gtk_widget_queue_draw), self);

  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Memory graph"), -1);
}

GtkWidget *
vms_memory_graph_new (VmsSession *session)
{
  return g_object_new (VMS_TYPE_MEMORY_GRAPH, "session", session, NULL);
}

VmsSession *
vms_memory_graph_get_session (VmsMemoryGraph *self)
{
  g_return_val_if_fail (VMS_IS_MEMORY_GRAPH (self), NULL);
  return self->session;
}

void
vms_memory_graph_set_session (VmsMemoryGraph *self, VmsSession *session)
{
  g_return_if_fail (VMS_IS_MEMORY_GRAPH (self));
  g_return_if_fail (session == NULL || VMS_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;
  g_signal_group_set_target (self->session_signals, session);
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

VmsMemory *
vms_memory_graph_get_memory (VmsMemoryGraph *self)
{
  g_return_val_if_fail (VMS_IS_MEMORY_GRAPH (self), NULL);
  return self->memory;
}

void
vms_memory_graph_set_memory (VmsMemoryGraph *self, VmsMemory *memory)
{
  g_return_if_fail (VMS_IS_MEMORY_GRAPH (self));
  g_return_if_fail (memory == NULL || VMS_IS_MEMORY (memory));

  if (!g_set_object (&self->memory, memory))
    return;
  g_array_set_size (self->vm_shown, 0);
  g_array_set_size (self->processes, 0);
  if (memory != NULL && vms_memory_is_finished (memory))
    for (guint v = 0; v < vms_memory_get_n_vms (memory); v++)
      {
        gboolean shown = TRUE;

        g_array_append_val (self->vm_shown, shown);
      }
  invalidate (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEMORY]);
}

gboolean
vms_memory_graph_get_shifted (VmsMemoryGraph *self)
{
  g_return_val_if_fail (VMS_IS_MEMORY_GRAPH (self), FALSE);
  return self->shifted;
}

void
vms_memory_graph_set_shifted (VmsMemoryGraph *self, gboolean shifted)
{
  g_return_if_fail (VMS_IS_MEMORY_GRAPH (self));

  shifted = !!shifted;
  if (self->shifted == shifted)
    return;
  self->shifted = shifted;
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHIFTED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AXIS_TITLE]);
}

int
vms_memory_graph_get_label_width (VmsMemoryGraph *self)
{
  g_return_val_if_fail (VMS_IS_MEMORY_GRAPH (self), 0);
  return self->label_width;
}

void
vms_memory_graph_set_label_width (VmsMemoryGraph *self, int label_width)
{
  g_return_if_fail (VMS_IS_MEMORY_GRAPH (self));

  if (self->label_width == label_width)
    return;
  self->label_width = label_width;
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL_WIDTH]);
}

gboolean
vms_memory_graph_get_vm_shown (VmsMemoryGraph *self, guint vm)
{
  g_return_val_if_fail (VMS_IS_MEMORY_GRAPH (self), FALSE);
  return vm < self->vm_shown->len && g_array_index (self->vm_shown, gboolean, vm);
}

void
vms_memory_graph_set_vm_shown (VmsMemoryGraph *self, guint vm, gboolean shown)
{
  g_return_if_fail (VMS_IS_MEMORY_GRAPH (self));
  g_return_if_fail (vm < self->vm_shown->len);

  shown = !!shown;
  if (g_array_index (self->vm_shown, gboolean, vm) == shown)
    return;
  g_array_index (self->vm_shown, gboolean, vm) = shown;
  invalidate (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

gboolean
vms_memory_graph_get_process_shown (VmsMemoryGraph *self, guint vm, gint pid)
{
  g_return_val_if_fail (VMS_IS_MEMORY_GRAPH (self), FALSE);

  for (guint i = 0; i < self->processes->len; i++)
    {
      const VmsMemoryGraphProcess *p = &g_array_index (self->processes, VmsMemoryGraphProcess, i);

      if (p->vm == vm && p->pid == pid)
        return TRUE;
    }
  return FALSE;
}

void
vms_memory_graph_set_process_shown (VmsMemoryGraph *self, guint vm, gint pid, gboolean shown)
{
  VmsMemoryGraphProcess p = { vm, pid };

  g_return_if_fail (VMS_IS_MEMORY_GRAPH (self));

  if (vms_memory_graph_get_process_shown (self, vm, pid) == !!shown)
    return;
  if (shown)
    g_array_append_val (self->processes, p);
  else
    for (guint i = 0; i < self->processes->len; i++)
      {
        const VmsMemoryGraphProcess *q = &g_array_index (self->processes, VmsMemoryGraphProcess, i);

        if (q->vm == vm && q->pid == pid)
          {
            g_array_remove_index (self->processes, i);
            break;
          }
      }
  invalidate (self);
}

const char *
vms_memory_graph_get_axis_title (VmsMemoryGraph *self)
{
  g_return_val_if_fail (VMS_IS_MEMORY_GRAPH (self), NULL);

  return self->shifted ? _ ("Bytes above each series’ lowest point in the trace")
                       : _ ("Bytes allocated minus freed since the trace start");
}

void
vms_memory_graph_get_range (VmsMemoryGraph *self, gint64 *begin, gint64 *end)
{
  const VmsTimeSpan *v;

  g_return_if_fail (VMS_IS_MEMORY_GRAPH (self));

  v = self->session != NULL ? vms_session_get_visible (self->session) : NULL;
  if (begin != NULL)
    *begin = v != NULL ? v->begin : 0;
  if (end != NULL)
    *end = v != NULL ? v->end : 0;
}

double
vms_memory_graph_time_to_x (VmsMemoryGraph *self, gint64 time)
{
  VmsTimeMap map;
  double lw;
  const VmsTimeSpan *v;

  g_return_val_if_fail (VMS_IS_MEMORY_GRAPH (self), 0);
  g_return_val_if_fail (self->session != NULL, 0);

  lw = effective_label_width (self);
  v = vms_session_get_visible (self->session);
  vms_time_map_init (&map, v->begin, MAX (v->end, v->begin + 1), lw,
                     MAX (1, gtk_widget_get_width (GTK_WIDGET (self)) - lw));
  return vms_time_map_to_x (&map, time);
}

gint64
vms_memory_graph_get_ns_per_px (VmsMemoryGraph *self)
{
  VmsMemoryGraphOptions opts;
  Graph g = { 0 };

  g_return_val_if_fail (VMS_IS_MEMORY_GRAPH (self), 1);

  fill_options (self, &opts);
  opts.memory = NULL; /* only the mapping */
  _vms_memory_graph_init (&g, &opts);
  _vms_memory_graph_clear (&g);
  return g.ns_per_px;
}

char *
vms_memory_graph_dup_values_text (VmsMemoryGraph *self, guint lane, gint64 time)
{
  g_return_val_if_fail (VMS_IS_MEMORY_GRAPH (self), NULL);
  return values_text (self, lane, time, -1);
}

char *
vms_memory_graph_dup_selection_text (VmsMemoryGraph *self, guint lane)
{
  VmsMemoryGraphOptions opts;
  char *text = NULL;
  Graph g;

  g_return_val_if_fail (VMS_IS_MEMORY_GRAPH (self), NULL);

  fill_options (self, &opts);
  _vms_memory_graph_init (&g, &opts);
  if (lane < g.n_lanes)
    text = _vms_memory_graph_selection_text (&opts, &g.lanes[lane]);
  _vms_memory_graph_clear (&g);
  return text;
}

int
vms_memory_graph_get_lane_vm (VmsMemoryGraph *self, guint lane)
{
  g_return_val_if_fail (VMS_IS_MEMORY_GRAPH (self), -1);

  if (self->memory == NULL || !vms_memory_is_finished (self->memory))
    return -1;
  for (guint v = 0; v < self->vm_shown->len; v++)
    if (g_array_index (self->vm_shown, gboolean, v) && lane-- == 0)
      return (int) v;
  return -1;
}
