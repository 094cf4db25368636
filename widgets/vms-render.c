/* vms-render.c — the whole view into any cairo context, and into files.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>

#include "vms-render-private.h"
#include "vms-render.h"
#include "vms-ticks.h"
#include "vms-time.h"

#define CAPTION_HEIGHT 24.0
#define LEGEND_LINE 20.0
#define MAX_PIXELS (G_GINT64_CONSTANT (1) << 28) /* 16384 × 16384 */

GQuark
vms_render_error_quark (void)
{
  return g_quark_from_static_string ("vms-render-error-quark");
}

static void
set_color (cairo_t *cr, const VmsColor *c)
{
  cairo_set_source_rgba (cr, c->red, c->green, c->blue, c->alpha);
}

void
vms_render_options_init (VmsRenderOptions *opts)
{
  g_return_if_fail (opts != NULL);

  *opts = (VmsRenderOptions){
    .width = 1280,
    .height = 720,
    .begin = 0,
    .end = VMS_NS_PER_S,
    .time_mode = VMS_TIME_MODE_ABSOLUTE,
    .palette = VMS_PALETTE_DEFAULT,
    .show_ruler = TRUE,
    .show_legend = TRUE,
  };
}

void
_vms_render_ruler (VmsRenderContext *ctx, double y, VmsTimeMode mode, gint64 origin)
{
  cairo_t *cr = ctx->cr;
  const VmsTimeMap *map = &ctx->map;
  const VmsPalette *p = ctx->palette;
  double h = VMS_RENDER_RULER_HEIGHT;
  gint64 step = vms_ticks_fit (map->begin, map->end, map->width, 70, 16, mode, origin,
                               _vms_render_text_width, ctx);
  gint64 minor = vms_ticks_minor_step (step);
  gint64 t;

  cairo_save (cr);
  cairo_rectangle (cr, map->x, y, map->width, h);
  cairo_clip (cr);

  set_color (cr, &p->dim);
  if (minor > 0 && vms_time_map_duration_to_px (map, minor) >= 4)
    for (t = vms_ticks_first_in_mode (map->begin, minor, mode, origin); t <= map->end; t += minor)
      {
        double x = floor (vms_time_map_to_x (map, t));

        cairo_rectangle (cr, x, y + h - 4, 1, 4);
      }
  cairo_fill (cr);

  for (t = vms_ticks_first_in_mode (map->begin, step, mode, origin); t <= map->end; t += step)
    {
      double x = floor (vms_time_map_to_x (map, t));
      g_autofree char *label = vms_ticks_label (t, step, mode, origin);
      int pw, ph;

      set_color (cr, &p->dim);
      cairo_rectangle (cr, x, y + h - 9, 1, 9);
      cairo_fill (cr);
      pango_layout_set_text (ctx->text, label, -1);
      pango_layout_get_pixel_size (ctx->text, &pw, &ph);
      /* A label the right edge would cut is left out; its tick stays */
      if (x + 3 + pw <= map->x + map->width)
        {
          set_color (cr, &p->foreground);
          cairo_move_to (cr, x + 3, y + (h - 9 - ph) / 2);
          pango_cairo_show_layout (cr, ctx->text);
        }
      if (t > G_MAXINT64 - step)
        break;
    }
  cairo_restore (cr);

  set_color (cr, &p->grid);
  cairo_rectangle (cr, 0, y + h - 1, map->x + map->width, 1);
  cairo_fill (cr);
}

void
_vms_render_selection (VmsRenderContext *ctx, double top, double height, gint64 begin, gint64 end)
{
  cairo_t *cr = ctx->cr;
  const VmsTimeMap *map = &ctx->map;
  double right = map->x + map->width;
  double x0 = vms_time_map_to_x (map, begin);
  double x1 = vms_time_map_to_x (map, end);
  VmsColor line = ctx->palette->selection;

  if (x1 < map->x || x0 > right)
    return;
  line.alpha = 1;
  cairo_save (cr);
  cairo_rectangle (cr, map->x, top, map->width, height);
  cairo_clip (cr);
  if (end > begin)
    {
      set_color (cr, &ctx->palette->selection);
      cairo_rectangle (cr, x0, top, MAX (1, x1 - x0), height);
      cairo_fill (cr);
    }
  set_color (cr, &line);
  cairo_rectangle (cr, floor (x0), top, 1, height);
  if (end > begin)
    cairo_rectangle (cr, floor (x1), top, 1, height);
  cairo_fill (cr);
  cairo_restore (cr);
}

static gboolean
model_has_kind (VmsModel *model, VmsRowKind kind)
{
  guint n = model != NULL ? vms_model_get_n_rows (model) : 0;

  for (guint i = 0; i < n; i++)
    if (vms_model_get_row (model, i)->kind == kind)
      return TRUE;
  return model == NULL;
}

double
_vms_render_legend (VmsRenderContext *ctx, double x, double y, double width, gboolean draw)
{
  static const struct {
    VmsLegendGroup group;
    VmsRowKind kind;
    const char *title;
  } groups[] = {
    { VMS_LEGEND_VCPU, VMS_ROW_VCPU, N_ ("vCPU") },
    { VMS_LEGEND_THREAD, VMS_ROW_THREAD, N_ ("Thread") },
    { VMS_LEGEND_CPU, VMS_ROW_CPU, N_ ("CPU") },
  };
  double cy = y + 4;

  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    {
      const VmsDrawState *states = vms_legend_group_get_states (groups[g].group);
      double cx = x + 8;

      if (!model_has_kind (ctx->model, groups[g].kind))
        continue;
      if (draw)
        {
          pango_layout_set_text (ctx->text, _ (groups[g].title), -1);
          set_color (ctx->cr, &ctx->palette->dim);
          cairo_move_to (ctx->cr, cx, cy + 2);
          pango_cairo_show_layout (ctx->cr, ctx->text);
        }
      cx += 60;
      for (guint i = 0; states[i] != VMS_DRAW_NONE; i++)
        {
          const char *name = vms_draw_state_get_name (states[i]);
          double tw = _vms_render_text_width (name, ctx);

          if (cx + 28 + tw > x + width && cx > x + 68)
            {
              cx = x + 68;
              cy += LEGEND_LINE;
            }
          if (draw)
            {
              _vms_render_swatch (ctx->cr, &ctx->palette->states[states[i]], cx, cy + 2, 22,
                                  LEGEND_LINE - 6);
              pango_layout_set_text (ctx->text, name, -1);
              set_color (ctx->cr, &ctx->palette->foreground);
              cairo_move_to (ctx->cr, cx + 26, cy + 2);
              pango_cairo_show_layout (ctx->cr, ctx->text);
            }
          cx += 26 + tw + 16;
        }
      cy += LEGEND_LINE;
    }
  return cy - y + 4;
}

/* Heights of the parts above and below the rows. */
static void
frame_heights (VmsRenderContext *ctx, const VmsRenderOptions *opts, double *above, double *below)
{
  *above = (opts->caption != NULL ? CAPTION_HEIGHT : 0)
           + (opts->show_ruler ? VMS_RENDER_RULER_HEIGHT : 0);
  *below = opts->show_legend ? _vms_render_legend (ctx, 0, 0, opts->width, FALSE) + 1 : 0;
}

static void
setup_context (VmsRenderContext *ctx, cairo_t *cr, const VmsRenderOptions *opts)
{
  double lw = opts->label_width > 0 ? opts->label_width : VMS_RENDER_LABEL_WIDTH;

  _vms_render_context_init (ctx, cr, opts->font, vms_palette_get (opts->palette, opts->dark),
                            opts->model);
  lw = MIN (lw, opts->width / 2);
  ctx->label_width = lw;
  vms_time_map_init (&ctx->map, opts->begin, opts->end, lw, MAX (1, opts->width - lw));
}

double
vms_render_get_natural_height (const VmsRenderOptions *opts)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);
  g_autoptr (VmsRowLayout) layout = NULL;
  VmsRenderContext ctx;
  double above, below;

  g_return_val_if_fail (opts != NULL, 0);

  setup_context (&ctx, cr, opts);
  frame_heights (&ctx, opts, &above, &below);
  layout
    = _vms_render_build_layout (opts->model, opts->collapsed, opts->n_collapsed, opts->hidden_rows);
  _vms_render_context_clear (&ctx);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return above + vms_row_layout_get_height (layout) + below;
}

void
vms_render_view (cairo_t *cr, const VmsRenderOptions *opts)
{
  g_return_if_fail (cr != NULL);
  g_return_if_fail (opts != NULL);

  _vms_render_view_cached (cr, opts, NULL);
}

void
_vms_render_view_cached (cairo_t *cr, const VmsRenderOptions *opts, GPtrArray *cache)
{
  g_autoptr (VmsRowLayout) layout = NULL;
  VmsRenderContext ctx;
  double above, below, y = 0, rows_h;

  cairo_save (cr);
  setup_context (&ctx, cr, opts);
  ctx.cache = cache;
  frame_heights (&ctx, opts, &above, &below);
  rows_h = MAX (0, opts->height - above - below);

  set_color (cr, &ctx.palette->background);
  cairo_rectangle (cr, 0, 0, opts->width, opts->height);
  cairo_fill (cr);

  if (opts->caption != NULL)
    {
      pango_layout_set_text (ctx.text, opts->caption, -1);
      pango_layout_set_width (ctx.text, (int) ((opts->width - 12) * PANGO_SCALE));
      pango_layout_set_ellipsize (ctx.text, PANGO_ELLIPSIZE_END);
      set_color (cr, &ctx.palette->foreground);
      cairo_move_to (cr, 6, 4);
      pango_cairo_show_layout (cr, ctx.text);
      pango_layout_set_width (ctx.text, -1);
      pango_layout_set_ellipsize (ctx.text, PANGO_ELLIPSIZE_NONE);
      y += CAPTION_HEIGHT;
    }
  if (opts->show_ruler)
    {
      _vms_render_ruler (&ctx, y, opts->time_mode, opts->origin);
      if (opts->has_selection)
        _vms_render_selection (&ctx, y, VMS_RENDER_RULER_HEIGHT, opts->selection_begin,
                               opts->selection_end);
      y += VMS_RENDER_RULER_HEIGHT;
    }

  layout
    = _vms_render_build_layout (opts->model, opts->collapsed, opts->n_collapsed, opts->hidden_rows);
  _vms_render_rows (&ctx, layout, y, rows_h, opts->scroll_y);
  if (opts->has_selection)
    _vms_render_selection (&ctx, y, MIN (rows_h, vms_row_layout_get_height (layout)),
                           opts->selection_begin, opts->selection_end);

  if (opts->show_legend)
    {
      double ly = opts->height - below;

      set_color (cr, &ctx.palette->grid);
      cairo_rectangle (cr, 0, ly, opts->width, 1);
      cairo_fill (cr);
      _vms_render_legend (&ctx, 0, ly + 1, opts->width, TRUE);
    }
  _vms_render_context_clear (&ctx);
  cairo_restore (cr);
}

typedef enum {
  FORMAT_PNG,
  FORMAT_SVG,
  FORMAT_PDF,
} Format;

static gboolean
format_for_path (const char *path, Format *format, GError **error)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  if (g_str_has_suffix (lower, ".png"))
    *format = FORMAT_PNG;
  else if (g_str_has_suffix (lower, ".svg"))
    *format = FORMAT_SVG;
  else if (g_str_has_suffix (lower, ".pdf"))
    *format = FORMAT_PDF;
  else
    {
      g_set_error (error, VMS_RENDER_ERROR, VMS_RENDER_ERROR_UNKNOWN_FORMAT,
                   _ ("Cannot export to “%s”: the file name must end in .png, .svg or .pdf"), path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_size (int width, int height, double scale, GError **error)
{
  if (width <= 0 || height <= 0 || !(scale > 0)
      || (gint64) ceil (width * scale) * (gint64) ceil (height * scale) > MAX_PIXELS)
    {
      g_set_error (error, VMS_RENDER_ERROR, VMS_RENDER_ERROR_INVALID_SIZE,
                   _ ("Cannot draw an image of %d×%d at scale %g: give a positive size of at "
                      "most 16384×16384 pixels"),
                   width, height, scale);
      return FALSE;
    }
  return TRUE;
}

static cairo_surface_t *
render_image (const VmsRenderOptions *opts, int width, int height, double scale)
{
  cairo_surface_t *surface = cairo_image_surface_create (
    CAIRO_FORMAT_ARGB32, (int) ceil (width * scale), (int) ceil (height * scale));
  VmsRenderOptions o = *opts;
  cairo_t *cr;

  cairo_surface_set_device_scale (surface, scale, scale);
  o.width = width;
  o.height = height;
  cr = cairo_create (surface);
  vms_render_view (cr, &o);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static gboolean
write_error (const char *path, cairo_status_t status, GError **error)
{
  int saved = errno;
  g_autofree char *dir = g_path_get_dirname (path);
  const char *why;

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    why = _ ("the folder does not exist");
  else if (g_access (dir, W_OK) != 0)
    why = _ ("the folder is not writable");
  else if (status == CAIRO_STATUS_WRITE_ERROR && saved != 0)
    why = g_strerror (saved);
  else
    why = cairo_status_to_string (status);
  g_set_error (error, VMS_RENDER_ERROR, VMS_RENDER_ERROR_WRITE,
               _ ("Cannot write “%s”: %s. Choose another file name or folder."), path, why);
  return FALSE;
}

gboolean
vms_render_to_file (const VmsRenderOptions *opts,
                    const char *path,
                    int width,
                    int height,
                    double scale,
                    GError **error)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  Format format;

  g_return_val_if_fail (opts != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!format_for_path (path, &format, error)
      || !check_size (width, height, format == FORMAT_PNG ? scale : 1, error))
    return FALSE;

  errno = 0;
  if (format == FORMAT_PNG)
    {
      surface = render_image (opts, width, height, scale);
      status = cairo_surface_write_to_png (surface, path);
      cairo_surface_destroy (surface);
    }
  else
    {
      VmsRenderOptions o = *opts;
      cairo_t *cr;

      if (format == FORMAT_SVG)
        surface = cairo_svg_surface_create (path, width, height);
      else
        surface = cairo_pdf_surface_create (path, width, height);
      status = cairo_surface_status (surface);
      if (status == CAIRO_STATUS_SUCCESS)
        {
          o.width = width;
          o.height = height;
          cr = cairo_create (surface);
          vms_render_view (cr, &o);
          status = cairo_status (cr);
          cairo_destroy (cr);
          cairo_surface_finish (surface);
          if (status == CAIRO_STATUS_SUCCESS)
            status = cairo_surface_status (surface);
        }
      cairo_surface_destroy (surface);
    }
  if (status != CAIRO_STATUS_SUCCESS)
    return write_error (path, status, error);
  return TRUE;
}

GdkTexture *
vms_render_to_texture (
  const VmsRenderOptions *opts, int width, int height, double scale, GError **error)
{
  cairo_surface_t *surface;
  g_autoptr (GBytes) bytes = NULL;
  GdkTexture *texture;
  int w, h, stride;

  g_return_val_if_fail (opts != NULL, NULL);

  if (!check_size (width, height, scale, error))
    return NULL;
  surface = render_image (opts, width, height, scale);
  w = cairo_image_surface_get_width (surface);
  h = cairo_image_surface_get_height (surface);
  stride = cairo_image_surface_get_stride (surface);
  bytes = g_bytes_new (cairo_image_surface_get_data (surface), (gsize) stride * h);
  texture = gdk_memory_texture_new (w, h, GDK_MEMORY_DEFAULT, bytes, stride);
  cairo_surface_destroy (surface);
  return texture;
}
