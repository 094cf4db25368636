/* vms-session.h — the time window every view observes: trace range, visible range,
 * selection and hover time, in integer nanoseconds, with the verbs that change them.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The session draws nothing.  The ruler, the timeline, the memory graph and the
 * window's actions observe it ("notify::visible", "notify::can-zoom-in", …) and call
 * its verbs; each change notifies once.  Every navigation verb clamps to the trace:
 * the visible span stays between VMS_SESSION_MIN_SPAN (or the whole trace, when it is
 * shorter) and the trace span, and the view never leaves the trace.
 *
 * History: each view change made by a verb is a history step, except that a burst of
 * zoom/pan calls (mouse wheel, pinch, held key) less than VMS_SESSION_BURST_MS apart is
 * coalesced into one step.  vms_session_go_back()/_go_forward() walk the steps.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The smallest visible span, in nanoseconds. */
#define VMS_SESSION_MIN_SPAN G_GINT64_CONSTANT (1000)
/* Zoom/pan calls closer together than this form one history step. */
#define VMS_SESSION_BURST_MS 500
/* The value of "hover-time" when the pointer is over no time. */
#define VMS_TIME_NONE G_MININT64

/* A half-open time range [begin, end) in nanoseconds. */
typedef struct {
  gint64 begin;
  gint64 end;
} VmsTimeSpan;

#define VMS_TYPE_TIME_SPAN (vms_time_span_get_type ())
GType vms_time_span_get_type (void) G_GNUC_CONST;
VmsTimeSpan *vms_time_span_copy (const VmsTimeSpan *span);
void vms_time_span_free (VmsTimeSpan *span);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VmsTimeSpan, vms_time_span_free)

/**
 * VmsTimeMode:
 * @VMS_TIME_MODE_ABSOLUTE: time of day (UTC) on the host's clock, "12:34:56.789"
 * @VMS_TIME_MODE_RELATIVE: time since the start of the trace, "+1.250 s"
 */
typedef enum {
  VMS_TIME_MODE_ABSOLUTE,
  VMS_TIME_MODE_RELATIVE,
} VmsTimeMode;

#define VMS_TYPE_TIME_MODE (vms_time_mode_get_type ())
GType vms_time_mode_get_type (void) G_GNUC_CONST;

#define VMS_TYPE_SESSION (vms_session_get_type ())
G_DECLARE_FINAL_TYPE (VmsSession, vms_session, VMS, SESSION, GObject)

VmsSession *vms_session_new (void);

/* Properties */
GObject *vms_session_get_model (VmsSession *self); /* the VmsModel drawn, or NULL */
void vms_session_set_model (VmsSession *self, GObject *model);
VmsTimeMode vms_session_get_time_mode (VmsSession *self);
void vms_session_set_time_mode (VmsSession *self, VmsTimeMode mode);

/* "trace": the whole trace.  Setting it resets the view to the whole trace, clears the
 * selection and the history.  An empty range (end <= begin) becomes one nanosecond. */
const VmsTimeSpan *vms_session_get_trace (VmsSession *self);
void vms_session_set_trace (VmsSession *self, gint64 begin, gint64 end);
/* "visible": what the views show. */
const VmsTimeSpan *vms_session_get_visible (VmsSession *self);
/* "selection": a range, or an instant (begin == end); NULL when nothing is selected. */
const VmsTimeSpan *vms_session_get_selection (VmsSession *self);
void vms_session_select_range (VmsSession *self, gint64 begin, gint64 end);
void vms_session_select_instant (VmsSession *self, gint64 time);
void vms_session_clear_selection (VmsSession *self);
/* "hover-time": the time under the pointer, or VMS_TIME_NONE. */
gint64 vms_session_get_hover_time (VmsSession *self);
void vms_session_set_hover_time (VmsSession *self, gint64 time);

/* Navigation verbs (each clamps; each is a history step, bursts coalesced) */
void vms_session_zoom (VmsSession *self, double factor, gint64 around); /* factor > 1: in */
void vms_session_zoom_in (VmsSession *self);                            /* by 2 around the centre */
void vms_session_zoom_out (VmsSession *self);                           /* by 2 around the centre */
void vms_session_pan (VmsSession *self, gint64 delta_ns);               /* > 0: later */
void vms_session_pan_by_fraction (VmsSession *self, double fraction);   /* of the visible span */
void vms_session_set_visible (VmsSession *self, gint64 begin, gint64 end); /* "Go to time…" */
void vms_session_zoom_to_selection (VmsSession *self);
void vms_session_zoom_to_fit (VmsSession *self);
void vms_session_go_back (VmsSession *self);
void vms_session_go_forward (VmsSession *self);
/* Ends the current zoom/pan burst: the next change starts a new history step. */
void vms_session_end_burst (VmsSession *self);

/* Read-only boolean properties of the same names, for enabling actions */
gboolean vms_session_get_can_zoom_in (VmsSession *self);
gboolean vms_session_get_can_zoom_out (VmsSession *self);
gboolean vms_session_get_can_pan_left (VmsSession *self);
gboolean vms_session_get_can_pan_right (VmsSession *self);
gboolean vms_session_get_can_go_back (VmsSession *self);
gboolean vms_session_get_can_go_forward (VmsSession *self);
gboolean vms_session_get_can_zoom_to_selection (VmsSession *self);

/* A time as the session's time mode shows it (vms-time.h): "12:34:56.123456789" or
 * "+1.234567890 s". */
char *vms_session_format_time (VmsSession *self, gint64 time);

G_END_DECLS
