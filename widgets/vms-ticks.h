/* vms-ticks.h — where the ruler puts its ticks and what it writes there: pure logic,
 * tested without a display.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#include "vms-label-fit.h"
#include "vms-session.h"

G_BEGIN_DECLS

/* The smallest "nice" step (1, 2 or 5 × 10^k nanoseconds) for which ticks
 * over [begin, end) drawn across width_px pixels are at least min_px apart.
 * Returns at least 1. */
gint64 vms_ticks_step (gint64 begin, gint64 end, double width_px, double min_px);

/* The first tick at or after begin for step (a multiple of step). */
gint64 vms_ticks_first (gint64 begin, gint64 step);

/* The first tick at or after begin on the grid of the time mode: multiples of step in
 * absolute mode (round times of day), origin + multiples of step in relative mode. */
gint64 vms_ticks_first_in_mode (gint64 begin, gint64 step, VmsTimeMode mode, gint64 origin);

/* The step of the unlabelled minor ticks between major ticks step apart, or 0 when
 * there are none (steps under 5 ns). */
gint64 vms_ticks_minor_step (gint64 step);

/* How many digits after the seconds' decimal point tell ticks step apart (0 to 9). */
guint vms_ticks_digits (gint64 step);

/* The label of the tick at time for ticks step apart: the output of
 * vms_time_format_clock() (absolute) or vms_time_format_relative() from origin
 * (relative), with the fraction of a second cut to vms_ticks_digits (step). */
char *vms_ticks_label (gint64 time, gint64 step, VmsTimeMode mode, gint64 origin);

/* The smallest nice step, at least min_px apart, whose labels (measured with measure)
 * plus padding fit between two ticks.  The labels' precision follows the step, so a
 * coarser step may have shorter labels. */
gint64 vms_ticks_fit (gint64 begin,
                      gint64 end,
                      double width_px,
                      double min_px,
                      double padding,
                      VmsTimeMode mode,
                      gint64 origin,
                      VmsTextWidthFunc measure,
                      gpointer user_data);

G_END_DECLS
