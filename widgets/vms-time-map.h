/* vms-time-map.h — time ↔ x mapping: pure logic, tested without a display.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Maps the half-open time range [begin, end) onto [x, x + width) pixels.  Exact at
 * the edges (begin ↔ x, end ↔ x + width), no overflow with epoch timestamps
 * (1.7e18 ns): differences are taken in 64-bit integers before going to double.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  gint64 begin; /* time at x */
  gint64 end;   /* time at x + width; end > begin */
  double x;
  double width; /* > 0 */
} VmsTimeMap;

void vms_time_map_init (VmsTimeMap *map, gint64 begin, gint64 end, double x, double width);
/* x of a time; times outside [begin, end] map outside [x, x + width]. */
double vms_time_map_to_x (const VmsTimeMap *map, gint64 time);
/* Time at an x, rounded to the nearest nanosecond; clamped to [begin, end]. */
gint64 vms_time_map_to_time (const VmsTimeMap *map, double x);
/* Nanoseconds covered by one pixel (>= 1). */
gint64 vms_time_map_ns_per_px (const VmsTimeMap *map);
/* A duration in pixels. */
double vms_time_map_duration_to_px (const VmsTimeMap *map, gint64 duration);
/* Pixels to nanoseconds (for panning by a drag). */
gint64 vms_time_map_px_to_duration (const VmsTimeMap *map, double px);

G_END_DECLS
