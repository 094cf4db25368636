/* vms-state-bar.c — the share of time in each vCPU state as one horizontal stacked bar.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "vms-render-private.h"
#include "vms-state-bar.h"
#include "vms-time.h"

struct _VmsStateBar {
  GtkWidget parent_instance;

  gint64 totals[VMS_N_STATES];
  double shares[VMS_N_STATES];
  int highlight;
  VmsPaletteKind palette;
};

enum { STATE_ACTIVATED, N_SIGNALS };

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VmsStateBar, vms_state_bar, GTK_TYPE_WIDGET)

const int vms_state_bar_states[] = {
  VMS_STATE_RUNNING,   VMS_STATE_IDLE,    VMS_STATE_HYPERVISOR,
  VMS_STATE_PREEMPTED, VMS_STATE_UNKNOWN, -1,
};

const char *
vms_state_bar_state_name (int state)
{
  return vms_draw_state_get_name (_vms_render_draw_state (VMS_ROW_VCPU, state));
}

void
vms_state_bar_compute_shares (const gint64 totals[VMS_N_STATES], double shares[VMS_N_STATES])
{
  gint64 sum = 0;

  for (guint s = 0; s < VMS_N_STATES; s++)
    shares[s] = 0;
  for (guint i = 0; vms_state_bar_states[i] >= 0; i++)
    sum += MAX (0, totals[vms_state_bar_states[i]]);
  if (sum <= 0)
    return;
  for (guint i = 0; vms_state_bar_states[i] >= 0; i++)
    {
      int s = vms_state_bar_states[i];

      shares[s] = 100.0 * (double) MAX (0, totals[s]) / (double) sum;
    }
}

/* Segment i spans [x0, x1) of width: edges rounded from the cumulated shares, so the
 * segments tile the bar exactly. */
static gboolean
segment (VmsStateBar *self, guint i, double width, double *x0, double *x1)
{
  double before = 0;

  for (guint j = 0; j < i; j++)
    before += self->shares[vms_state_bar_states[j]];
  *x0 = round (width * before / 100.0);
  *x1 = round (width * (before + self->shares[vms_state_bar_states[i]]) / 100.0);
  return self->shares[vms_state_bar_states[i]] > 0;
}

int
vms_state_bar_state_at (VmsStateBar *self, double x)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));

  g_return_val_if_fail (VMS_IS_STATE_BAR (self), -1);

  for (guint i = 0; vms_state_bar_states[i] >= 0; i++)
    {
      double x0, x1;

      if (segment (self, i, width, &x0, &x1) && x >= x0 && x < MAX (x1, x0 + 1))
        return vms_state_bar_states[i];
    }
  return -1;
}

static void
vms_state_bar_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  VmsStateBar *self = VMS_STATE_BAR (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  const VmsPalette *palette = vms_palette_get (self->palette, _vms_render_widget_is_dark (widget));
  PangoLayout *layout;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  layout = gtk_widget_create_pango_layout (widget, NULL);
  for (guint i = 0; vms_state_bar_states[i] >= 0; i++)
    {
      int s = vms_state_bar_states[i];
      VmsStateStyle style = palette->states[_vms_render_draw_state (VMS_ROW_VCPU, s)];
      double x0, x1;
      g_autofree char *text = NULL;
      PangoRectangle ink, logical;

      if (!segment (self, i, width, &x0, &x1))
        continue;
      x1 = MAX (x1, x0 + 1); /* a share too small for a pixel still shows */
      style.height = 1;      /* the whole bar's height: the width tells the share */
      _vms_render_swatch (cr, &style, x0, 0, x1 - x0, height);
      if (self->highlight >= 0 && self->highlight != s)
        {
          cairo_set_source_rgba (cr, palette->background.red, palette->background.green,
                                 palette->background.blue, 0.7);
          cairo_rectangle (cr, x0, 0, x1 - x0, height);
          cairo_fill (cr);
        }
      if (self->shares[s] >= 99.95 && self->totals[s] == 0)
        continue; /* a legend swatch */
      /* Translators: a share of time, e.g. "62.5 %" */
      text = g_strdup_printf (_ ("%.1f %%"), self->shares[s]);
      pango_layout_set_text (layout, text, -1);
      pango_layout_get_pixel_extents (layout, &ink, &logical);
      if (logical.width + 6 > x1 - x0 || style.fill != VMS_FILL_SOLID)
        continue;
      if (self->highlight >= 0 && self->highlight != s)
        cairo_set_source_rgba (cr, palette->foreground.red, palette->foreground.green,
                               palette->foreground.blue, 0.6); /* over the faded colour */
      else if (vms_color_luminance (&style.color) > 0.4)
        cairo_set_source_rgb (cr, 0, 0, 0);
      else
        cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_move_to (cr, (x0 + x1 - logical.width) / 2, (height - logical.height) / 2);
      pango_cairo_show_layout (cr, layout);
    }
  g_object_unref (layout);
  cairo_destroy (cr);
}

static void
vms_state_bar_measure (GtkWidget *widget,
                       GtkOrientation orientation,
                       int for_size,
                       int *minimum,
                       int *natural,
                       int *minimum_baseline,
                       int *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 16;
      *natural = 240;
    }
  else
    {
      *minimum = 12;
      *natural = 20;
    }
}

static gboolean
vms_state_bar_query_tooltip (
  GtkWidget *widget, int x, int y, gboolean keyboard, GtkTooltip *tooltip)
{
  VmsStateBar *self = VMS_STATE_BAR (widget);
  int s = vms_state_bar_state_at (self, x);
  g_autofree char *duration = NULL;
  g_autofree char *text = NULL;

  if (s < 0)
    return FALSE;
  duration = vms_time_format_duration (self->totals[s], 3);
  if (self->shares[s] >= 99.95 && self->totals[s] == 0)
    text = g_strdup (vms_state_bar_state_name (s));
  else
    /* Translators: "Preempted: 12.5 % (3.250 ms)" */
    text = g_strdup_printf (_ ("%s: %.1f %% (%s)"), vms_state_bar_state_name (s), self->shares[s],
                            duration);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
pressed_cb (VmsStateBar *self, int n_press, double x, double y, GtkGestureClick *gesture)
{
  int s = vms_state_bar_state_at (self, x);

  if (s >= 0)
    g_signal_emit (self, signals[STATE_ACTIVATED], 0, s);
}

static void
vms_state_bar_class_init (VmsStateBarClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = vms_state_bar_snapshot;
  widget_class->measure = vms_state_bar_measure;
  widget_class->query_tooltip = vms_state_bar_query_tooltip;

  /**
   * VmsStateBar::state-activated:
   * @state: the VmsState of the segment clicked
   */
  signals[STATE_ACTIVATED]
    = g_signal_new ("state-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  gtk_widget_class_set_css_name (widget_class, "vmsstatebar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
vms_state_bar_init (VmsStateBar *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  self->highlight = -1;
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect_swapped (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}

GtkWidget *
vms_state_bar_new (void)
{
  return g_object_new (VMS_TYPE_STATE_BAR, NULL);
}

static void
update_description (VmsStateBar *self)
{
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; vms_state_bar_states[i] >= 0; i++)
    {
      int s = vms_state_bar_states[i];

      if (self->shares[s] <= 0)
        continue;
      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append_printf (text, _ ("%s: %.1f %%"), vms_state_bar_state_name (s),
                              self->shares[s]);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  text->str, -1);
}

void
vms_state_bar_set_totals (VmsStateBar *self, const gint64 totals[VMS_N_STATES])
{
  g_return_if_fail (VMS_IS_STATE_BAR (self));

  for (guint s = 0; s < VMS_N_STATES; s++)
    self->totals[s] = totals[s];
  vms_state_bar_compute_shares (self->totals, self->shares);
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
vms_state_bar_set_single (VmsStateBar *self, VmsState state)
{
  g_return_if_fail (VMS_IS_STATE_BAR (self));
  g_return_if_fail (state < VMS_N_STATES);

  for (guint s = 0; s < VMS_N_STATES; s++)
    {
      self->totals[s] = 0;
      self->shares[s] = s == state ? 100 : 0;
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gint64
vms_state_bar_get_total (VmsStateBar *self, VmsState state)
{
  g_return_val_if_fail (VMS_IS_STATE_BAR (self), 0);
  g_return_val_if_fail (state < VMS_N_STATES, 0);

  return self->totals[state];
}

double
vms_state_bar_get_share (VmsStateBar *self, VmsState state)
{
  g_return_val_if_fail (VMS_IS_STATE_BAR (self), 0);
  g_return_val_if_fail (state < VMS_N_STATES, 0);

  return self->shares[state];
}

void
vms_state_bar_set_highlight (VmsStateBar *self, int state)
{
  g_return_if_fail (VMS_IS_STATE_BAR (self));

  if (self->highlight != state)
    {
      self->highlight = state;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

void
vms_state_bar_set_palette (VmsStateBar *self, VmsPaletteKind palette)
{
  g_return_if_fail (VMS_IS_STATE_BAR (self));

  if (self->palette != palette)
    {
      self->palette = palette;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}
