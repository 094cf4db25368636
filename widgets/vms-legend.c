/* vms-legend.c
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vms-legend.h"
#include "vms-render-private.h"

struct _VmsLegend {
  GtkWidget parent_instance;

  VmsPaletteKind palette;
};

enum { PROP_0, PROP_PALETTE, N_PROPS };

G_DEFINE_FINAL_TYPE (VmsLegend, vms_legend, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

/* Draws (or only measures) the legend on cr, or on a scratch surface when cr is NULL. */
static double
legend (VmsLegend *self, cairo_t *cr, double width, gboolean draw)
{
  PangoContext *pc = gtk_widget_get_pango_context (GTK_WIDGET (self));
  g_autofree char *font
    = pango_font_description_to_string (pango_context_get_font_description (pc));
  cairo_surface_t *scratch = NULL;
  VmsRenderContext ctx;
  double height;

  if (cr == NULL)
    {
      scratch = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
      cr = cairo_create (scratch);
    }
  _vms_render_context_init_for_widget (&ctx, cr, GTK_WIDGET (self), self->palette, NULL);
  height = _vms_render_legend (&ctx, 0, 0, width, draw);
  _vms_render_context_clear (&ctx);
  if (scratch != NULL)
    {
      cairo_destroy (cr);
      cairo_surface_destroy (scratch);
    }
  return height;
}

static void
vms_legend_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  VmsLegend *self = VMS_LEGEND (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  legend (self, cr, width, TRUE);
  cairo_destroy (cr);
}

static GtkSizeRequestMode
vms_legend_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
vms_legend_measure (GtkWidget *widget,
                    GtkOrientation orientation,
                    int for_size,
                    int *minimum,
                    int *natural,
                    int *minimum_baseline,
                    int *natural_baseline)
{
  VmsLegend *self = VMS_LEGEND (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 240;
      *natural = 720;
    }
  else
    *minimum = *natural = (int) legend (self, NULL, for_size > 0 ? for_size : 720, FALSE) + 1;
}

static void
vms_legend_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  VmsLegend *self = VMS_LEGEND (object);

  switch (prop_id)
    {
      case PROP_PALETTE:
        g_value_set_enum (value, self->palette);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vms_legend_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  VmsLegend *self = VMS_LEGEND (object);

  switch (prop_id)
    {
      case PROP_PALETTE:
        vms_legend_set_palette (self, g_value_get_enum (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vms_legend_class_init (VmsLegendClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = vms_legend_get_property;
  object_class->set_property = vms_legend_set_property;

  widget_class->snapshot = vms_legend_snapshot;
  widget_class->measure = vms_legend_measure;
  widget_class->get_request_mode = vms_legend_get_request_mode;

  properties[PROP_PALETTE]
    = g_param_spec_enum ("palette", NULL, NULL, VMS_TYPE_PALETTE_KIND, VMS_PALETTE_DEFAULT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "legend");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
vms_legend_init (VmsLegend *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Legend of the state colours"), -1);
}

GtkWidget *
vms_legend_new (void)
{
  return g_object_new (VMS_TYPE_LEGEND, NULL);
}

VmsPaletteKind
vms_legend_get_palette (VmsLegend *self)
{
  g_return_val_if_fail (VMS_IS_LEGEND (self), VMS_PALETTE_DEFAULT);

  return self->palette;
}

void
vms_legend_set_palette (VmsLegend *self, VmsPaletteKind palette)
{
  g_return_if_fail (VMS_IS_LEGEND (self));

  if (self->palette != palette)
    {
      self->palette = palette;
      gtk_widget_queue_resize (GTK_WIDGET (self));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PALETTE]);
    }
}
