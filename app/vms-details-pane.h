/* vms-details-pane.h — what was happening at a clicked instant.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The pane only shows text it is given: the window fills it from the state
 * model (the state of every VM, vCPU and guest thread at the instant, the
 * interval under the pointer, the selection), so the pane itself knows
 * nothing about traces.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define VMS_TYPE_DETAILS_PANE (vms_details_pane_get_type ())
G_DECLARE_FINAL_TYPE (VmsDetailsPane, vms_details_pane, VMS, DETAILS_PANE, GtkWidget)

GtkWidget *vms_details_pane_new (void);
/* The heading: the instant shown, NULL for "nothing selected". */
void vms_details_pane_set_instant (VmsDetailsPane *self, const char *time_text);
/* The interval under the pointer or clicked, one line per fact; NULL hides it. */
void vms_details_pane_set_interval (VmsDetailsPane *self, const char *text);
/* Selection start, end and duration; NULL hides it. */
void vms_details_pane_set_selection (VmsDetailsPane *self, const char *text);
void vms_details_pane_clear_states (VmsDetailsPane *self);
/* Appends "name: state" under the heading group (a VM, "Host"); rows of one
 * group must be added one after another. */
void vms_details_pane_add_state (VmsDetailsPane *self,
                                 const char *group,
                                 const char *name,
                                 const char *state);
/* Everything shown, as plain text (for tests and for copying). */
char *vms_details_pane_dup_text (VmsDetailsPane *self);

G_END_DECLS
