/* vms-legend.h — the state colours and patterns, as a small widget.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vms-palette.h"

G_BEGIN_DECLS

#define VMS_TYPE_LEGEND (vms_legend_get_type ())
G_DECLARE_FINAL_TYPE (VmsLegend, vms_legend, VMS, LEGEND, GtkWidget)

GtkWidget *vms_legend_new (void);
VmsPaletteKind vms_legend_get_palette (VmsLegend *self);
void vms_legend_set_palette (VmsLegend *self, VmsPaletteKind palette);

G_END_DECLS
