/* vms-render.h — drawing a view of the model into any cairo context: the screen and
 * image export (PNG, SVG, PDF) share this code.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * vms_render_view() draws, top to bottom: an optional caption (trace names and time
 * range), the time ruler, the rows (a label column on the left, the bars of each row
 * from the model's per-pixel items) and an optional legend.  Text goes through
 * PangoCairo, so a file looks like the screen.  It needs no display: `vmscope export`
 * calls vms_render_to_file() from the command line.
 *
 * Drawing never walks events: each row on screen is one vms_model_query() of about one
 * item per pixel (those queries run on two threads when many rows are shown), and all
 * bars are filled in a handful of cairo fills.
 */
#pragma once

#include <cairo.h>
#include <gdk/gdk.h>

#include "vms-model.h"
#include "vms-palette.h"
#include "vms-session.h"

G_BEGIN_DECLS

#define VMS_RENDER_ERROR (vms_render_error_quark ())

/**
 * VmsRenderError:
 * @VMS_RENDER_ERROR_UNKNOWN_FORMAT: the file name ends in none of .png, .svg, .pdf
 * @VMS_RENDER_ERROR_INVALID_SIZE: width, height or scale is not positive, or too large
 * @VMS_RENDER_ERROR_WRITE: the file cannot be written (folder missing, permissions, disk full)
 */
typedef enum {
  VMS_RENDER_ERROR_UNKNOWN_FORMAT,
  VMS_RENDER_ERROR_INVALID_SIZE,
  VMS_RENDER_ERROR_WRITE,
} VmsRenderError;

GQuark vms_render_error_quark (void);

/**
 * VmsRowFilter:
 * @VMS_ROW_FILTER_NONE: every row
 * @VMS_ROW_FILTER_IDLE_THREADS: thread rows of threads that never ran during the traces
 * @VMS_ROW_FILTER_HOST_CPUS: the host's physical CPU rows (and their "CPUs" group)
 *
 * Rows to leave out of a view.
 */
typedef enum {
  VMS_ROW_FILTER_NONE = 0,
  VMS_ROW_FILTER_IDLE_THREADS = 1 << 0,
  VMS_ROW_FILTER_HOST_CPUS = 1 << 1,
} VmsRowFilter;

/* Whether filter leaves row out on its own (groups are not judged here). */
gboolean vms_row_filter_hides (VmsModel *model, guint row, guint filter);

typedef struct {
  VmsModel *model; /* may be NULL: an empty view */
  double width;    /* the area drawn, in user units (pixels at scale 1) */
  double height;

  gint64 begin; /* the time range drawn, [begin, end) */
  gint64 end;
  gint64 origin; /* time 0 of relative labels: the trace start */
  VmsTimeMode time_mode;

  gboolean has_selection; /* a range, or an instant when begin == end */
  gint64 selection_begin;
  gint64 selection_end;

  VmsPaletteKind palette;
  gboolean dark;

  /* One flag per model row: TRUE hides the rows below that group.  NULL: all expanded. */
  const gboolean *collapsed;
  guint n_collapsed;
  /* Rows left out altogether (VmsRowFilter flags); a group left with no row goes too. */
  guint hidden_rows;

  const char *caption; /* a line above the ruler, or NULL for none */
  gboolean show_ruler;
  gboolean show_legend;
  double label_width; /* the label column; 0 for the default */
  const char *font;   /* a Pango font description ("Cantarell 10"), NULL for the default */
  double scroll_y;    /* rows scrolled out above the top of the rows area */
} VmsRenderOptions;

/* Defaults: no model, 1280×720, ruler and legend shown, default palette, light. */
void vms_render_options_init (VmsRenderOptions *opts);

/* The height that shows every visible row with the ruler, caption and legend of opts. */
double vms_render_get_natural_height (const VmsRenderOptions *opts);

/* Draws the view into cr, in [0, opts->width] × [0, opts->height] of cr's user space.
 * Any surface, any scale: the caller sets up the transformation. */
void vms_render_view (cairo_t *cr, const VmsRenderOptions *opts);

/* Writes the view to path, the format chosen by its extension (.png, .svg, .pdf, any
 * case).  width × height in pixels (PNG: multiplied by scale for a sharp 2× image;
 * SVG and PDF: points, scale ignored since they are vectors).  opts->width and
 * opts->height are ignored.  Errors: VMS_RENDER_ERROR. */
gboolean vms_render_to_file (const VmsRenderOptions *opts,
                             const char *path,
                             int width,
                             int height,
                             double scale,
                             GError **error);

/* The view as a texture, for "Copy image". */
GdkTexture *vms_render_to_texture (
  const VmsRenderOptions *opts, int width, int height, double scale, GError **error);

G_END_DECLS
