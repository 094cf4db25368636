/* vms-time.h — the one formatter and parser of times and durations.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Times are integer nanoseconds.  Every place that shows or reads a time (the
 * command line, the ruler, tooltips, the details pane, export captions) goes
 * through these functions.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VMS_NS_PER_US G_GINT64_CONSTANT (1000)
#define VMS_NS_PER_MS G_GINT64_CONSTANT (1000000)
#define VMS_NS_PER_S G_GINT64_CONSTANT (1000000000)

/* "1.234 567 s" style durations with a unit picked from the magnitude:
 * 850 ns, 12.5 µs, 3.250 ms, 1.500 s, 2 min 03.5 s.  digits: significant digits
 * after the unit's decimal point (clamped to what the unit can show). */
char *vms_time_format_duration (gint64 ns, guint digits);

/* Seconds since a base with nanosecond precision: "+1.234567890 s". */
char *vms_time_format_relative (gint64 ns, gint64 base);

/* Time of day (UTC) of an epoch timestamp with nanosecond precision:
 * "12:34:56.123456789"; with_date adds "2026-11-27 ". */
char *vms_time_format_clock (gint64 ns, gboolean with_date);

/* Parses a time given by a user: plain nanoseconds ("1361214078861347508"),
 * a number with a unit ("1.5s", "250ms", "12us", "12µs", "800ns", "2min"), and,
 * with a leading '+', an offset from origin ("+250ms").  Returns FALSE and
 * sets error (G_IO_ERROR_INVALID_ARGUMENT) on anything else, including
 * values that do not fit in 64 bits. */
gboolean vms_time_parse (const char *text, gint64 origin, gint64 *out_ns, GError **error);

/* Parses "A..B" with each side as for vms_time_parse(); B > A. */
gboolean vms_time_parse_range (
  const char *text, gint64 origin, gint64 *out_begin, gint64 *out_end, GError **error);

G_END_DECLS
