/* vms-time-ruler.h — the time ruler above the timeline.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Ticks and labels adapt to the session's visible range and time mode; the session's
 * selection is shaded; dragging pans the session.  "label-width" leaves room on the left
 * so that its ticks line up with the timeline's bars (the timeline's label column).
 */
#pragma once

#include <gtk/gtk.h>

#include "vms-session.h"

G_BEGIN_DECLS

#define VMS_TYPE_TIME_RULER (vms_time_ruler_get_type ())
G_DECLARE_FINAL_TYPE (VmsTimeRuler, vms_time_ruler, VMS, TIME_RULER, GtkWidget)

GtkWidget *vms_time_ruler_new (VmsSession *session);
VmsSession *vms_time_ruler_get_session (VmsTimeRuler *self);
void vms_time_ruler_set_session (VmsTimeRuler *self, VmsSession *session);
int vms_time_ruler_get_label_width (VmsTimeRuler *self);
void vms_time_ruler_set_label_width (VmsTimeRuler *self, int label_width);

G_END_DECLS
