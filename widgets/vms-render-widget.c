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
_vms_snapshot_rect (GtkSnapshot *snapshot,
                    const VmsColor *color,
                    double alpha,
                    double x,
                    double y,
                    double width,
                    double height)
{
  GdkRGBA rgba = { color->red, color->green, color->blue, color->alpha * alpha };

  if (width > 0 && height > 0)
    gtk_snapshot_append_color (snapshot, &rgba, &GRAPHENE_RECT_INIT (x, y, width, height));
}

void
_vms_snapshot_text_box (GtkSnapshot *snapshot,
                        GtkWidget *widget,
                        const VmsPalette *palette,
                        const char *text,
                        double x,
                        double y,
                        double max_x)
{
  g_autoptr (PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  const VmsColor *fg = &palette->foreground;
  GdkRGBA rgba = { fg->red, fg->green, fg->blue, 1 };
  int pw, ph;

  pango_layout_get_pixel_size (layout, &pw, &ph);
  x = MIN (x, max_x - pw - 4);
  _vms_snapshot_rect (snapshot, &palette->background, 0.9, x - 3, y - 2, pw + 6, ph + 4);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, &rgba);
  gtk_snapshot_restore (snapshot);
}
