/* vms-describe.h — what an interval or a pixel of a row holds, in words: the tooltips of
 * the timeline, and whatever else (a details pane) wants the same text.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "vms-model.h"
#include "vms-session.h"

G_BEGIN_DECLS

/* Pango markup: the state (as the legend names it), the row, start (in the session's
 * time mode), duration, and the exit reason, preemptor or cause when there is one. */
char *vms_describe_interval (VmsModel *model,
                             VmsSession *session,
                             guint row,
                             const VmsInterval *interval);

/* Pango markup for a drawing item (about a pixel) holding several intervals: how many,
 * and the longest preemption / hypervisor episode / appeared-to-run span among them.
 * NULL when the item is one interval. */
char *vms_describe_item (VmsModel *model, VmsSession *session, guint row, const VmsModelItem *item);

/* The tooltip of a point: the interval under it, then, when the pixel [px_begin, px_end)
 * holds several intervals, vms_describe_item() of that pixel. */
char *vms_describe_pixel (VmsModel *model,
                          VmsSession *session,
                          guint row,
                          const VmsInterval *interval,
                          gint64 px_begin,
                          gint64 px_end);

/* The labels of a row and its ancestors joined by "/": "guest1/Threads/bash (1234)". */
char *vms_describe_row_path (VmsModel *model, guint row);

G_END_DECLS
