/* vms-time-map.c
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <math.h>

#include "vms-time-map.h"

void
vms_time_map_init (VmsTimeMap *map, gint64 begin, gint64 end, double x, double width)
{
  map->begin = begin;
  map->end = end > begin ? end : begin + 1;
  map->x = x;
  map->width = width > 0 ? width : 1;
}

/* end - begin never overflows for timestamps of the same clock; guard anyway. */
static double
span (const VmsTimeMap *map)
{
  return (double) ((guint64) map->end - (guint64) map->begin);
}

double
vms_time_map_to_x (const VmsTimeMap *map, gint64 time)
{
  double d;

  if (time == map->begin)
    return map->x;
  if (time == map->end)
    return map->x + map->width;
  /* The difference is exact in 64 bits whenever |time - begin| < 2^63. */
  if (time >= map->begin)
    d = (double) ((guint64) time - (guint64) map->begin);
  else
    d = -(double) ((guint64) map->begin - (guint64) time);
  return map->x + d / span (map) * map->width;
}

gint64
vms_time_map_to_time (const VmsTimeMap *map, double x)
{
  double f;
  guint64 off;

  if (!(x > map->x))
    return map->begin;
  if (x >= map->x + map->width)
    return map->end;
  f = (x - map->x) / map->width;
  off = (guint64) llround (f * span (map));
  return (gint64) ((guint64) map->begin + off);
}

gint64
vms_time_map_ns_per_px (const VmsTimeMap *map)
{
  double v = span (map) / map->width;

  return v < 1 ? 1 : (gint64) ceil (v);
}

double
vms_time_map_duration_to_px (const VmsTimeMap *map, gint64 duration)
{
  return (double) duration / span (map) * map->width;
}

gint64
vms_time_map_px_to_duration (const VmsTimeMap *map, double px)
{
  return (gint64) llround (px / map->width * span (map));
}
