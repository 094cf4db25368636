/* vms-memory-private.h — building VmsMemorySeries (used by vms-memory.c and the tests).
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "vms-memory.h"

G_BEGIN_DECLS

/* A new empty series whose relative value is 0 from begin on. */
VmsMemorySeries *vms_memory_series_new (gint64 begin);
/* Adds delta bytes at ts (>= the previous ts; same-ts changes coalesce). */
void vms_memory_series_add (VmsMemorySeries *series, gint64 ts, gint64 delta);
/* Ends the series at end (>= its last ts) and builds its min/max summary. */
void vms_memory_series_close (VmsMemorySeries *series, gint64 end);
void vms_memory_series_free (VmsMemorySeries *series);

G_END_DECLS
