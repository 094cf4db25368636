/* vms-view-state.h — the view of a trace set, saved and found again when the same folders are
 * opened: visible range, selection, collapsed rows, panel layout.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Views live in the GSettings key "view-states" (a(sa{sv})), newest first, at most
 * VMS_VIEW_STATE_MAX sets; a set is named by its sorted absolute paths joined by newlines.
 * Pure logic on GVariants and GSettings, no widget: the window captures and applies.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VMS_VIEW_STATE_MAX 20

typedef struct {
  gint64 visible_begin;
  gint64 visible_end;
  gboolean has_selection; /* a range, or an instant when begin == end */
  gint64 selection_begin;
  gint64 selection_end;
  char **collapsed;    /* row label paths ("jessie/Threads"), never NULL */
  char *panel;         /* the panel shown under the timeline, or NULL */
  int panels_position; /* the divider between timeline and panels, -1 for unset */
} VmsViewState;

void vms_view_state_init (VmsViewState *state);
void vms_view_state_clear (VmsViewState *state);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VmsViewState, vms_view_state_clear)

/* The name of the set of paths: absolute, sorted, joined by '\n'. */
char *vms_view_state_key (const char *const *paths);

GVariant *vms_view_state_to_variant (const VmsViewState *state); /* a{sv}, floating */
/* FALSE when the variant holds no usable range. */
gboolean vms_view_state_from_variant (GVariant *dict, VmsViewState *state);

/* Saves state under key, first in the list, dropping the oldest beyond the maximum. */
void vms_view_state_save (GSettings *settings, const char *key, const VmsViewState *state);
/* TRUE and fills state when key was saved. */
gboolean vms_view_state_load (GSettings *settings, const char *key, VmsViewState *state);

G_END_DECLS
