/* vms-ticks.h — where the ruler puts its ticks: pure logic, tested without a display.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The smallest "nice" step (1, 2 or 5 × 10^k nanoseconds) for which ticks
 * over [begin, end) drawn across width_px pixels are at least min_px apart.
 * Returns at least 1. */
gint64 vms_ticks_step (gint64 begin, gint64 end, double width_px, double min_px);

/* The first tick at or after begin for step (a multiple of step). */
gint64 vms_ticks_first (gint64 begin, gint64 step);

G_END_DECLS
