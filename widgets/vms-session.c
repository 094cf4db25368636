/* vms-session.c
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <math.h>

#include "vms-time.h"
#include "vms-session.h"

#define MAX_HISTORY 100

struct _VmsSession {
  GObject parent_instance;

  GObject *model;
  VmsTimeMode time_mode;

  VmsTimeSpan trace;
  VmsTimeSpan visible;
  VmsTimeSpan selection;
  gboolean has_selection;
  gint64 hover_time;

  /* Earlier and later views; the last element is the nearest. */
  GArray *back;
  GArray *forward;
  gint64 last_change_us; /* monotonic time of the last zoom/pan, 0 after a burst ended */

  /* Last notified values of the can-* properties */
  guint can_bits;
};

enum {
  PROP_0,
  PROP_MODEL,
  PROP_TIME_MODE,
  PROP_TRACE,
  PROP_VISIBLE,
  PROP_SELECTION,
  PROP_HOVER_TIME,
  PROP_CAN_ZOOM_IN,
  PROP_CAN_ZOOM_OUT,
  PROP_CAN_PAN_LEFT,
  PROP_CAN_PAN_RIGHT,
  PROP_CAN_GO_BACK,
  PROP_CAN_GO_FORWARD,
  PROP_CAN_ZOOM_TO_SELECTION,
  N_PROPS
};

#define FIRST_CAN PROP_CAN_ZOOM_IN

G_DEFINE_FINAL_TYPE (VmsSession, vms_session, G_TYPE_OBJECT)
G_DEFINE_BOXED_TYPE (VmsTimeSpan, vms_time_span, vms_time_span_copy, vms_time_span_free)
G_DEFINE_ENUM_TYPE (VmsTimeMode,
                    vms_time_mode,
                    G_DEFINE_ENUM_VALUE (VMS_TIME_MODE_ABSOLUTE, "absolute"),
                    G_DEFINE_ENUM_VALUE (VMS_TIME_MODE_RELATIVE, "relative"))

static GParamSpec *properties[N_PROPS];

VmsTimeSpan *
vms_time_span_copy (const VmsTimeSpan *span)
{
  return g_memdup2 (span, sizeof *span);
}

void
vms_time_span_free (VmsTimeSpan *span)
{
  g_free (span);
}

static gint64
trace_span (VmsSession *self)
{
  return self->trace.end - self->trace.begin;
}

static gint64
min_span (VmsSession *self)
{
  return MIN (VMS_SESSION_MIN_SPAN, trace_span (self));
}

/* [begin, end) made a valid view: at least the minimum span, at most the trace, inside it. */
static VmsTimeSpan
clamp_view (VmsSession *self, gint64 begin, gint64 end)
{
  gint64 span;
  VmsTimeSpan v;

  if (end < begin)
    {
      gint64 t = begin;
      begin = end;
      end = t;
    }
  span = end - begin;
  if (span < min_span (self))
    {
      gint64 centre = begin + span / 2;
      span = min_span (self);
      begin = centre - span / 2;
    }
  if (span > trace_span (self))
    span = trace_span (self);
  if (begin < self->trace.begin)
    begin = self->trace.begin;
  if (begin > self->trace.end - span)
    begin = self->trace.end - span;
  v.begin = begin;
  v.end = begin + span;
  return v;
}

static guint
compute_can_bits (VmsSession *self)
{
  gint64 span = self->visible.end - self->visible.begin;
  gboolean can[N_PROPS - FIRST_CAN] = {
    span > min_span (self),
    span<trace_span (self), self->visible.begin> self->trace.begin,
    self->visible.end<self->trace.end, self->back->len> 0,
    self->forward->len > 0,
    self->has_selection && self->selection.end > self->selection.begin,
  };
  guint bits = 0;

  for (guint i = 0; i < G_N_ELEMENTS (can); i++)
    if (can[i])
      bits |= 1u << i;
  return bits;
}

static void
update_can (VmsSession *self)
{
  guint bits = compute_can_bits (self);
  guint changed = bits ^ self->can_bits;

  self->can_bits = bits;
  for (guint i = 0; i < N_PROPS - FIRST_CAN; i++)
    if (changed & (1u << i))
      g_object_notify_by_pspec (G_OBJECT (self), properties[FIRST_CAN + i]);
}

static void
set_view (VmsSession *self, VmsTimeSpan v)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (v.begin != self->visible.begin || v.end != self->visible.end)
    {
      self->visible = v;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBLE]);
    }
  update_can (self);
  g_object_thaw_notify (G_OBJECT (self));
}

/* Records the current view as a history step before a change, unless the change
 * continues a burst (burst: a zoom/pan less than VMS_SESSION_BURST_MS after the last). */
static void
navigate (VmsSession *self, VmsTimeSpan v, gboolean burst)
{
  gint64 now = g_get_monotonic_time ();
  gboolean continues = burst && self->last_change_us != 0
                       && now - self->last_change_us < VMS_SESSION_BURST_MS * 1000;

  if (v.begin == self->visible.begin && v.end == self->visible.end)
    return;

  if (!continues)
    {
      g_array_append_val (self->back, self->visible);
      if (self->back->len > MAX_HISTORY)
        g_array_remove_index (self->back, 0);
    }
  g_array_set_size (self->forward, 0);
  self->last_change_us = burst ? now : 0;
  set_view (self, v);
}

static void
vms_session_finalize (GObject *object)
{
  VmsSession *self = (VmsSession *) object;

  g_clear_pointer (&self->back, g_array_unref);
  g_clear_pointer (&self->forward, g_array_unref);

  G_OBJECT_CLASS (vms_session_parent_class)->finalize (object);
}

static void
vms_session_dispose (GObject *object)
{
  VmsSession *self = (VmsSession *) object;

  g_clear_object (&self->model);

  G_OBJECT_CLASS (vms_session_parent_class)->dispose (object);
}

static void
vms_session_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  VmsSession *self = VMS_SESSION (object);

  switch (prop_id)
    {
      case PROP_MODEL:
        g_value_set_object (value, self->model);
        break;
      case PROP_TIME_MODE:
        g_value_set_enum (value, self->time_mode);
        break;
      case PROP_TRACE:
        g_value_set_boxed (value, &self->trace);
        break;
      case PROP_VISIBLE:
        g_value_set_boxed (value, &self->visible);
        break;
      case PROP_SELECTION:
        g_value_set_boxed (value, vms_session_get_selection (self));
        break;
      case PROP_HOVER_TIME:
        g_value_set_int64 (value, self->hover_time);
        break;
      case PROP_CAN_ZOOM_IN:
      case PROP_CAN_ZOOM_OUT:
      case PROP_CAN_PAN_LEFT:
      case PROP_CAN_PAN_RIGHT:
      case PROP_CAN_GO_BACK:
      case PROP_CAN_GO_FORWARD:
      case PROP_CAN_ZOOM_TO_SELECTION:
        g_value_set_boolean (value, (self->can_bits & (1u << (prop_id - FIRST_CAN))) != 0);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vms_session_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  VmsSession *self = VMS_SESSION (object);

  switch (prop_id)
    {
      case PROP_MODEL:
        vms_session_set_model (self, g_value_get_object (value));
        break;
      case PROP_TIME_MODE:
        vms_session_set_time_mode (self, g_value_get_enum (value));
        break;
      case PROP_HOVER_TIME:
        vms_session_set_hover_time (self, g_value_get_int64 (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vms_session_class_init (VmsSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = vms_session_dispose;
  object_class->finalize = vms_session_finalize;
  object_class->get_property = vms_session_get_property;
  object_class->set_property = vms_session_set_property;

  properties[PROP_MODEL] = g_param_spec_object ("model", NULL, NULL, G_TYPE_OBJECT, rw);
  properties[PROP_TIME_MODE]
    = g_param_spec_enum ("time-mode", NULL, NULL, VMS_TYPE_TIME_MODE, VMS_TIME_MODE_ABSOLUTE, rw);
  properties[PROP_TRACE] = g_param_spec_boxed ("trace", NULL, NULL, VMS_TYPE_TIME_SPAN, ro);
  properties[PROP_VISIBLE] = g_param_spec_boxed ("visible", NULL, NULL, VMS_TYPE_TIME_SPAN, ro);
  properties[PROP_SELECTION] = g_param_spec_boxed ("selection", NULL, NULL, VMS_TYPE_TIME_SPAN, ro);
  properties[PROP_HOVER_TIME]
    = g_param_spec_int64 ("hover-time", NULL, NULL, G_MININT64, G_MAXINT64, VMS_TIME_NONE, rw);
  properties[PROP_CAN_ZOOM_IN] = g_param_spec_boolean ("can-zoom-in", NULL, NULL, FALSE, ro);
  properties[PROP_CAN_ZOOM_OUT] = g_param_spec_boolean ("can-zoom-out", NULL, NULL, FALSE, ro);
  properties[PROP_CAN_PAN_LEFT] = g_param_spec_boolean ("can-pan-left", NULL, NULL, FALSE, ro);
  properties[PROP_CAN_PAN_RIGHT] = g_param_spec_boolean ("can-pan-right", NULL, NULL, FALSE, ro);
  properties[PROP_CAN_GO_BACK] = g_param_spec_boolean ("can-go-back", NULL, NULL, FALSE, ro);
  properties[PROP_CAN_GO_FORWARD] = g_param_spec_boolean ("can-go-forward", NULL, NULL, FALSE, ro);
  properties[PROP_CAN_ZOOM_TO_SELECTION]
    = g_param_spec_boolean ("can-zoom-to-selection", NULL, NULL, FALSE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vms_session_init (VmsSession *self)
{
  self->trace.begin = 0;
  self->trace.end = VMS_NS_PER_S;
  self->visible = self->trace;
  self->hover_time = VMS_TIME_NONE;
  self->back = g_array_new (FALSE, FALSE, sizeof (VmsTimeSpan));
  self->forward = g_array_new (FALSE, FALSE, sizeof (VmsTimeSpan));
  self->can_bits = compute_can_bits (self);
}

VmsSession *
vms_session_new (void)
{
  return g_object_new (VMS_TYPE_SESSION, NULL);
}

GObject *
vms_session_get_model (VmsSession *self)
{
  g_return_val_if_fail (VMS_IS_SESSION (self), NULL);

  return self->model;
}

void
vms_session_set_model (VmsSession *self, GObject *model)
{
  g_return_if_fail (VMS_IS_SESSION (self));

  if (g_set_object (&self->model, model))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

VmsTimeMode
vms_session_get_time_mode (VmsSession *self)
{
  g_return_val_if_fail (VMS_IS_SESSION (self), VMS_TIME_MODE_ABSOLUTE);

  return self->time_mode;
}

void
vms_session_set_time_mode (VmsSession *self, VmsTimeMode mode)
{
  g_return_if_fail (VMS_IS_SESSION (self));

  if (self->time_mode != mode)
    {
      self->time_mode = mode;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME_MODE]);
    }
}

const VmsTimeSpan *
vms_session_get_trace (VmsSession *self)
{
  g_return_val_if_fail (VMS_IS_SESSION (self), NULL);

  return &self->trace;
}

void
vms_session_set_trace (VmsSession *self, gint64 begin, gint64 end)
{
  g_return_if_fail (VMS_IS_SESSION (self));

  /* An empty trace (no events, or one instant) still gets a view of a nanosecond */
  if (end <= begin)
    {
      begin = MIN (begin, G_MAXINT64 - 1);
      end = begin + 1;
    }
  g_object_freeze_notify (G_OBJECT (self));
  if (begin != self->trace.begin || end != self->trace.end)
    {
      self->trace.begin = begin;
      self->trace.end = end;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRACE]);
    }
  g_array_set_size (self->back, 0);
  g_array_set_size (self->forward, 0);
  self->last_change_us = 0;
  vms_session_clear_selection (self);
  set_view (self, self->trace);
  g_object_thaw_notify (G_OBJECT (self));
}

const VmsTimeSpan *
vms_session_get_visible (VmsSession *self)
{
  g_return_val_if_fail (VMS_IS_SESSION (self), NULL);

  return &self->visible;
}

const VmsTimeSpan *
vms_session_get_selection (VmsSession *self)
{
  g_return_val_if_fail (VMS_IS_SESSION (self), NULL);

  return self->has_selection ? &self->selection : NULL;
}

static void
set_selection (VmsSession *self, gboolean has, gint64 begin, gint64 end)
{
  if (has == self->has_selection
      && (!has || (begin == self->selection.begin && end == self->selection.end)))
    return;

  g_object_freeze_notify (G_OBJECT (self));
  self->has_selection = has;
  self->selection.begin = has ? begin : 0;
  self->selection.end = has ? end : 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTION]);
  update_can (self);
  g_object_thaw_notify (G_OBJECT (self));
}

void
vms_session_select_range (VmsSession *self, gint64 begin, gint64 end)
{
  g_return_if_fail (VMS_IS_SESSION (self));

  if (end < begin)
    {
      gint64 t = begin;
      begin = end;
      end = t;
    }
  begin = CLAMP (begin, self->trace.begin, self->trace.end);
  end = CLAMP (end, self->trace.begin, self->trace.end);
  set_selection (self, TRUE, begin, end);
}

void
vms_session_select_instant (VmsSession *self, gint64 time)
{
  vms_session_select_range (self, time, time);
}

void
vms_session_clear_selection (VmsSession *self)
{
  g_return_if_fail (VMS_IS_SESSION (self));

  set_selection (self, FALSE, 0, 0);
}

gint64
vms_session_get_hover_time (VmsSession *self)
{
  g_return_val_if_fail (VMS_IS_SESSION (self), VMS_TIME_NONE);

  return self->hover_time;
}

void
vms_session_set_hover_time (VmsSession *self, gint64 time)
{
  g_return_if_fail (VMS_IS_SESSION (self));

  if (self->hover_time != time)
    {
      self->hover_time = time;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOVER_TIME]);
    }
}

void
vms_session_zoom (VmsSession *self, double factor, gint64 around)
{
  gint64 span, new_span, begin;
  double frac;

  g_return_if_fail (VMS_IS_SESSION (self));
  g_return_if_fail (factor > 0);

  span = self->visible.end - self->visible.begin;
  around = CLAMP (around, self->visible.begin, self->visible.end);
  frac = (double) (around - self->visible.begin) / (double) span;
  new_span = (gint64) llround ((double) span / factor);
  new_span = CLAMP (new_span, min_span (self), trace_span (self));
  begin = around - (gint64) llround (frac * (double) new_span);
  navigate (self, clamp_view (self, begin, begin + new_span), TRUE);
}

void
vms_session_zoom_in (VmsSession *self)
{
  g_return_if_fail (VMS_IS_SESSION (self));

  vms_session_zoom (self, 2.0, self->visible.begin + (self->visible.end - self->visible.begin) / 2);
}

void
vms_session_zoom_out (VmsSession *self)
{
  g_return_if_fail (VMS_IS_SESSION (self));

  vms_session_zoom (self, 0.5, self->visible.begin + (self->visible.end - self->visible.begin) / 2);
}

void
vms_session_pan (VmsSession *self, gint64 delta_ns)
{
  gint64 span, begin;

  g_return_if_fail (VMS_IS_SESSION (self));

  span = self->visible.end - self->visible.begin;
  /* Saturate: clamp_view() puts the view back inside the trace. */
  if (delta_ns > 0 && self->visible.begin > G_MAXINT64 - span - delta_ns)
    begin = self->trace.end - span;
  else if (delta_ns < 0 && self->visible.begin < G_MININT64 - delta_ns)
    begin = self->trace.begin;
  else
    begin = self->visible.begin + delta_ns;
  navigate (self, clamp_view (self, begin, begin + span), TRUE);
}

void
vms_session_pan_by_fraction (VmsSession *self, double fraction)
{
  g_return_if_fail (VMS_IS_SESSION (self));

  vms_session_pan (
    self, (gint64) llround (fraction * (double) (self->visible.end - self->visible.begin)));
}

void
vms_session_set_visible (VmsSession *self, gint64 begin, gint64 end)
{
  g_return_if_fail (VMS_IS_SESSION (self));

  navigate (self, clamp_view (self, begin, end), FALSE);
}

void
vms_session_zoom_to_selection (VmsSession *self)
{
  g_return_if_fail (VMS_IS_SESSION (self));

  if (self->has_selection && self->selection.end > self->selection.begin)
    vms_session_set_visible (self, self->selection.begin, self->selection.end);
}

void
vms_session_zoom_to_fit (VmsSession *self)
{
  g_return_if_fail (VMS_IS_SESSION (self));

  vms_session_set_visible (self, self->trace.begin, self->trace.end);
}

static void
step_history (VmsSession *self, GArray *from, GArray *to)
{
  VmsTimeSpan v;

  if (from->len == 0)
    return;
  v = g_array_index (from, VmsTimeSpan, from->len - 1);
  g_array_set_size (from, from->len - 1);
  g_array_append_val (to, self->visible);
  self->last_change_us = 0;
  set_view (self, clamp_view (self, v.begin, v.end));
}

void
vms_session_go_back (VmsSession *self)
{
  g_return_if_fail (VMS_IS_SESSION (self));

  step_history (self, self->back, self->forward);
}

void
vms_session_go_forward (VmsSession *self)
{
  g_return_if_fail (VMS_IS_SESSION (self));

  step_history (self, self->forward, self->back);
}

void
vms_session_end_burst (VmsSession *self)
{
  g_return_if_fail (VMS_IS_SESSION (self));

  self->last_change_us = 0;
}

#define CAN_GETTER(name, prop)                                 \
  gboolean vms_session_get_##name (VmsSession *self)           \
  {                                                            \
    g_return_val_if_fail (VMS_IS_SESSION (self), FALSE);       \
    return (self->can_bits & (1u << (prop - FIRST_CAN))) != 0; \
  }

CAN_GETTER (can_zoom_in, PROP_CAN_ZOOM_IN)
CAN_GETTER (can_zoom_out, PROP_CAN_ZOOM_OUT)
CAN_GETTER (can_pan_left, PROP_CAN_PAN_LEFT)
CAN_GETTER (can_pan_right, PROP_CAN_PAN_RIGHT)
CAN_GETTER (can_go_back, PROP_CAN_GO_BACK)
CAN_GETTER (can_go_forward, PROP_CAN_GO_FORWARD)
CAN_GETTER (can_zoom_to_selection, PROP_CAN_ZOOM_TO_SELECTION)

char *
vms_session_format_time (VmsSession *self, gint64 time)
{
  g_return_val_if_fail (VMS_IS_SESSION (self), NULL);

  if (self->time_mode == VMS_TIME_MODE_RELATIVE)
    return vms_time_format_relative (time, self->trace.begin);
  return vms_time_format_clock (time, FALSE);
}
