/* vms-render-private.h — the drawing pieces shared by the widgets and vms_render_view().
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * One implementation of each piece (ruler, row labels, bars, legend) draws into a
 * cairo context: the widgets call them from their snapshot (gtk_snapshot_append_cairo)
 * and vms_render_view() calls them for files.
 */
#pragma once

#include <cairo.h>
#include <gtk/gtk.h>
#include <pango/pangocairo.h>

#include "vms-model.h"
#include "vms-palette.h"
#include "vms-render.h"
#include "vms-row-layout.h"
#include "vms-session.h"
#include "vms-time-map.h"

G_BEGIN_DECLS

#define VMS_RENDER_ROW_HEIGHT 22.0
#define VMS_RENDER_GROUP_HEIGHT 24.0
#define VMS_RENDER_RULER_HEIGHT 30.0
#define VMS_RENDER_LABEL_WIDTH 220.0
#define VMS_RENDER_INDENT 14.0
#define VMS_RENDER_FONT "Sans 9"

/* The rows of a model as a layout: node i is model row i (its data, GUINT_TO_POINTER).
 * collapsed: one flag per model row, or NULL; hidden_rows: VmsRowFilter flags. */
VmsRowLayout *_vms_render_build_layout (VmsModel *model,
                                        const gboolean *collapsed,
                                        guint n_collapsed,
                                        guint hidden_rows);

/* The model row of a visible layout row. */
static inline guint
_vms_render_layout_row (const VmsRowLayout *layout, guint visible, double *y)
{
  guint node = vms_row_layout_get_visible (layout, visible, y);

  return GPOINTER_TO_UINT (vms_row_layout_get_node (layout, node)->data);
}

/* The drawn state of a model state on a kind of row. */
VmsDrawState _vms_render_draw_state (VmsRowKind kind, VmsState state);
/* The badge of a group row: the sync quality of a VM's guest ("accurate", …,
 * "not traced"), NULL for none; *warn is TRUE for absent or failed synchronization. */
const char *_vms_render_row_badge (VmsModel *model, guint row, gboolean *warn);
const char *_vms_render_row_label (const VmsRow *row);

typedef struct {
  cairo_t *cr;
  PangoLayout *text; /* for every label: the font of the view */
  const VmsPalette *palette;
  VmsModel *model;
  VmsTimeMap map; /* the bars area: map.x is the right edge of the label column */
  double label_width;
  GArray *items;        /* scratch VmsModelItem */
  GPtrArray *cache;     /* nullable: a _vms_render_cache_new(), kept across frames */
  GPtrArray *own_cache; /* the cache made for one frame when the caller gave none */
  GPtrArray *rects[2];  /* scratch: per layer (bars, alert bands), per state, GArray of rects */
  /* vCPU intervals drawn in front of everything else, dimmed: a VmsState and an exit reason,
   * -1 for none (vms_timeline_set_highlight()) */
  int highlight_state;
  int highlight_reason;
} VmsRenderContext;

void _vms_render_context_init (
  VmsRenderContext *ctx, cairo_t *cr, const char *font, const VmsPalette *palette, VmsModel *model);
void _vms_render_context_clear (VmsRenderContext *ctx);
/* For a widget's snapshot: its font, and the dark palette when its text is light. */
void _vms_render_context_init_for_widget (
  VmsRenderContext *ctx, cairo_t *cr, GtkWidget *widget, VmsPaletteKind palette, VmsModel *model);
gboolean _vms_render_widget_is_dark (GtkWidget *widget);

/* Screen-only marks (hover, focus, selection) as GSK nodes: no cairo surface per frame.
 * A rectangle of a palette colour, its alpha multiplied by alpha. */
void _vms_snapshot_rect (GtkSnapshot *snapshot,
                         const VmsColor *color,
                         double alpha,
                         double x,
                         double y,
                         double width,
                         double height);
/* A line of text on a translucent box, its top-left at (x, y), kept left of max_x. */
void _vms_snapshot_text_box (GtkSnapshot *snapshot,
                             GtkWidget *widget,
                             const VmsPalette *palette,
                             const char *text,
                             double x,
                             double y,
                             double max_x);

/* Per-row items kept across frames by a widget: redrawing the same range (vertical
 * scrolling, a resize of the height, a theme change) queries the model again only for
 * rows it has not seen at that range and resolution. */
GPtrArray *_vms_render_cache_new (guint n_rows);

/* vms_render_view() with a cache of the model's items (benchmarks: the drawing alone). */
void _vms_render_view_cached (cairo_t *cr, const VmsRenderOptions *opts, GPtrArray *cache);

/* The width of a text in the context's font (a VmsTextWidthFunc). */
double _vms_render_text_width (const char *text, gpointer ctx);

/* Draws the visible rows of layout intersecting [0, height) of the rows area at
 * (0, top), scrolled by scroll_y: backgrounds, labels and bars. */
void _vms_render_rows (
  VmsRenderContext *ctx, const VmsRowLayout *layout, double top, double height, double scroll_y);

/* The ruler across the bars area, at y (height VMS_RENDER_RULER_HEIGHT). */
void _vms_render_ruler (VmsRenderContext *ctx, double y, VmsTimeMode mode, gint64 origin);

/* The selection (a range shaded, an instant as a line) over [top, top + height). */
void
_vms_render_selection (VmsRenderContext *ctx, double top, double height, gint64 begin, gint64 end);

/* The legend at (x, y) within width, one line per kind of row present in the model;
 * returns its height.  With draw FALSE it only measures. */
double _vms_render_legend (VmsRenderContext *ctx, double x, double y, double width, gboolean draw);

/* One swatch of a state style in [x, x + w) × [y, y + h). */
void _vms_render_swatch (
  cairo_t *cr, const VmsStateStyle *style, double x, double y, double w, double h);

G_END_DECLS
