/* vms-render-widget.c — the render context of a widget's snapshot.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include "vms-render-private.h"

gboolean
_vms_render_widget_is_dark (GtkWidget *widget)
{
  GdkRGBA fg;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  return 0.2126 * fg.red + 0.7152 * fg.green + 0.0722 * fg.blue > 0.5;
}

void
_vms_render_context_init_for_widget (
  VmsRenderContext *ctx, cairo_t *cr, GtkWidget *widget, VmsPaletteKind palette, VmsModel *model)
{
  PangoContext *pc = gtk_widget_get_pango_context (widget);
  g_autofree char *font
    = pango_font_description_to_string (pango_context_get_font_description (pc));

  _vms_render_context_init (ctx, cr, font,
                            vms_palette_get (palette, _vms_render_widget_is_dark (widget)), model);
}

void
_vms_render_text_box (VmsRenderContext *ctx, const char *text, double x, double y, double max_x)
{
  const VmsColor *bg = &ctx->palette->background, *fg = &ctx->palette->foreground;
  int pw, ph;

  pango_layout_set_text (ctx->text, text, -1);
  pango_layout_get_pixel_size (ctx->text, &pw, &ph);
  x = MIN (x, max_x - pw - 4);
  cairo_set_source_rgba (ctx->cr, bg->red, bg->green, bg->blue, 0.9);
  cairo_rectangle (ctx->cr, x - 3, y - 2, pw + 6, ph + 4);
  cairo_fill (ctx->cr);
  cairo_set_source_rgba (ctx->cr, fg->red, fg->green, fg->blue, 1);
  cairo_move_to (ctx->cr, x, y);
  pango_cairo_show_layout (ctx->cr, ctx->text);
}
