/* vms-balloon-panel.h — the Ballooning panel: which VM should give memory back, ranked by the
 * memory analysis, with the numbers that justify it.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vms-analysis.h"
#include "vms-session.h"

G_BEGIN_DECLS

#define VMS_TYPE_BALLOON_PANEL (vms_balloon_panel_get_type ())
G_DECLARE_FINAL_TYPE (VmsBalloonPanel, vms_balloon_panel, VMS, BALLOON_PANEL, GtkWidget)

GtkWidget *vms_balloon_panel_new (VmsSession *session);
/* The analysis shown (its memory), or NULL for none. */
void vms_balloon_panel_set_analysis (GtkWidget *panel, VmsAnalysis *analysis);

/* The rows shown: ranked VMs in rank order, then VMs whose guest was not traced. */
guint vms_balloon_panel_get_n_rows (VmsBalloonPanel *self);
/* A row as text, its cells separated by tabs: rank ("—" when not ranked), VM, host memory
 * taken, guest now, guest peak, touched but unused, justification. */
char *vms_balloon_panel_dup_row_text (VmsBalloonPanel *self, guint row);
/* TRUE when the empty state ("no guest traced") is shown. */
gboolean vms_balloon_panel_get_empty (VmsBalloonPanel *self);

/* One sentence justifying a VM's place: "Uses 20 % now after a 90 % peak: ~70 % of its
 * frames are held for nothing." (percentages of its RAM when known, else bytes). */
char *vms_balloon_panel_justify (const VmsMemoryVm *vm);

G_END_DECLS
