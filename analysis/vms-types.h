/* vms-types.h — forward declarations of the analysis types.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _VmsTrace VmsTrace;
typedef struct _VmsTraceSet VmsTraceSet;
typedef struct _VmsStringTable VmsStringTable;

G_END_DECLS
