/* vms-memory-graph-render.c — the memory graph's pure logic and its drawing into any cairo
 * context (the widget's snapshot, tests, files).
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "vms-memory-graph-private.h"

#define LANE_GAP 6.0
#define PLOT_PAD_TOP 20.0 /* the lane's first line: its name, the selection's change */
#define PLOT_PAD_BOTTOM 4.0
#define TICK_MIN_PX 22.0

/* ---------------------------------------------------------------- pure logic */

static const char *const unit_names[]
  = { N_ ("B"), N_ ("KiB"), N_ ("MiB"), N_ ("GiB"), N_ ("TiB") };

void
vms_memory_graph_nice_scale (VmsByteScale *scale, gint64 lo, gint64 hi, guint max_ticks)
{
  static const gint64 mults[] = { 1, 2, 5, 10, 20, 50, 100 };
  gint64 step = 0;

  g_return_if_fail (scale != NULL);

  lo = MIN (lo, 0);
  hi = MAX (hi, 0);
  if (hi <= lo)
    hi = lo + 1;
  max_ticks = MAX (max_ticks, 1);
  for (guint k = 0; k < G_N_ELEMENTS (unit_names) && step == 0; k++)
    {
      gint64 unit = (gint64) 1 << (10 * k);
      gint64 cands[G_N_ELEMENTS (mults) + 2];
      guint n = 0;

      if (k > 0)
        {
          cands[n++] = unit / 4;
          cands[n++] = unit / 2;
        }
      for (guint m = 0; m < G_N_ELEMENTS (mults); m++)
        cands[n++] = unit * mults[m];
      for (guint c = 0; c < n; c++)
        {
          gint64 s = cands[c];
          gint64 a = (gint64) floor ((double) lo / (double) s) * s;
          gint64 b = (gint64) ceil ((double) hi / (double) s) * s;

          if ((b - a) / s <= (gint64) max_ticks)
            {
              step = s;
              break;
            }
        }
    }
  if (step == 0) /* beyond 100 TiB: a power of two that fits */
    for (step = (gint64) 1 << 50; (hi - lo) / step > (gint64) max_ticks; step *= 2)
      ;
  scale->step = step;
  scale->min = (gint64) floor ((double) lo / (double) step) * step;
  scale->max = (gint64) ceil ((double) hi / (double) step) * step;
  if (scale->max <= scale->min)
    scale->max = scale->min + step;
}

double
vms_memory_graph_value_to_y (const VmsByteScale *scale, gint64 bytes, double top, double height)
{
  double f = (double) (bytes - scale->min) / (double) (scale->max - scale->min);

  return top + height * (1.0 - f);
}

char *
vms_memory_graph_format_bytes (gint64 bytes, gboolean with_sign)
{
  guint64 magnitude = bytes < 0 ? -(guint64) bytes : (guint64) bytes;
  g_autofree char *size = g_format_size_full (magnitude, G_FORMAT_SIZE_IEC_UNITS);
  g_auto (GStrv) parts = g_strsplit (size, "\u00a0", -1);
  g_autofree char *plain = g_strjoinv (" ", parts);

  if (bytes < 0)
    return g_strconcat ("-", plain, NULL);
  if (with_sign)
    return g_strconcat (bytes > 0 ? "+" : "±", plain, NULL);
  return g_steal_pointer (&plain);
}

/* The unit of a step: a quarter or half of a unit counts in that unit. */
static guint
step_unit (gint64 step, guint *decimals)
{
  guint k = 0;

  while (k + 1 < G_N_ELEMENTS (unit_names) && step >= ((gint64) 1 << (10 * (k + 1))) / 4)
    k++;
  if (decimals != NULL)
    {
      gint64 unit = (gint64) 1 << (10 * k);

      *decimals = step % unit == 0 ? 0 : (step * 2) % unit == 0 ? 1 : 2;
    }
  return k;
}

char *
vms_memory_graph_tick_label (const VmsByteScale *scale, gint64 bytes)
{
  guint decimals = 0;
  guint k = step_unit (scale->step, &decimals);
  char number[64];
  char *end;

  if (bytes == 0)
    return g_strdup ("0");
  g_snprintf (number, sizeof number, "%.*f", decimals,
              (double) bytes / (double) ((gint64) 1 << (10 * k)));
  /* "1.50" → "1.5", "2.0" → "2" */
  if (strchr (number, '.') != NULL)
    {
      end = number + strlen (number) - 1;
      while (*end == '0')
        *end-- = '\0';
      if (*end == '.')
        *end = '\0';
    }
  /* Translators: a tick label of the memory graph: a number and a unit, "1.5 MiB" */
  return g_strdup_printf (C_ ("bytes", "%s %s"), number, _ (unit_names[k]));
}

gint64
vms_memory_graph_gap (gint64 host, gint64 guest, gint64 guest_peak_so_far)
{
  return MAX (0, MAX (host - guest, guest_peak_so_far - guest));
}

int
vms_memory_graph_hit_series (const gint64 *values,
                             const gboolean *undefined,
                             guint n_values,
                             const VmsByteScale *scale,
                             double top,
                             double height,
                             double y,
                             double tolerance)
{
  int best = -1;
  double best_d = tolerance;

  for (guint i = 0; i < n_values; i++)
    {
      double d;

      if (undefined != NULL && undefined[i])
        continue;
      d = fabs (vms_memory_graph_value_to_y (scale, values[i], top, height) - y);
      if (d <= best_d)
        {
          best = (int) i;
          best_d = d;
        }
    }
  return best;
}

int
vms_memory_graph_lane_at (double y, double height, guint n_lanes, double *top, double *lane_height)
{
  double h;
  int lane;

  if (n_lanes == 0 || y < 0 || y >= height)
    return -1;
  h = height / n_lanes;
  lane = MIN ((int) (y / h), (int) n_lanes - 1);
  if (top != NULL)
    *top = lane * h;
  if (lane_height != NULL)
    *lane_height = h - LANE_GAP;
  return lane;
}

/* ---------------------------------------------------------------- drawing */

typedef struct {
  VmsColor host, host_line, guest, gap, gap_tint;
  VmsColor process[N_PROCESS_COLORS];
} GraphColors;

static const GraphColors light_colors = {
  { 0.21, 0.52, 0.89, 0.30 },
  { 0.11, 0.44, 0.85, 1 },
  { 0.15, 0.55, 0.30, 1 },
  { 0.90, 0.38, 0.00, 0.9 },
  { 0.90, 0.38, 0.00, 0.12 },
  { { 0.57, 0.25, 0.67, 1 },
    { 0.80, 0.47, 0.65, 1 },
    { 0.53, 0.37, 0.24, 1 },
    { 0.34, 0.71, 0.91, 1 },
    { 0.84, 0.37, 0.00, 1 },
    { 0.40, 0.40, 0.40, 1 } },
};

static const GraphColors dark_colors = {
  { 0.38, 0.63, 0.92, 0.30 },
  { 0.38, 0.63, 0.92, 1 },
  { 0.34, 0.89, 0.54, 1 },
  { 1.00, 0.64, 0.28, 0.9 },
  { 1.00, 0.64, 0.28, 0.14 },
  { { 0.86, 0.54, 0.87, 1 },
    { 0.96, 0.60, 0.76, 1 },
    { 0.80, 0.64, 0.47, 1 },
    { 0.60, 0.80, 0.98, 1 },
    { 0.98, 0.90, 0.45, 1 },
    { 0.75, 0.75, 0.75, 1 } },
};


static void
set_color (cairo_t *cr, const VmsColor *c)
{
  cairo_set_source_rgba (cr, c->red, c->green, c->blue, c->alpha);
}

static gboolean
vm_is_shown (const VmsMemoryGraphOptions *opts, guint vm)
{
  return opts->vm_shown == NULL || (vm < opts->n_vm_shown && opts->vm_shown[vm]);
}

static const VmsMemorySeries *
guest_series (VmsMemory *memory, const VmsMemoryVm *vm)
{
  if (vm->guest_trace < 0 || (guint) vm->guest_trace >= vms_memory_get_n_machines (memory))
    return NULL;
  return vms_memory_get_machine (memory, vm->guest_trace)->total;
}

static const VmsMemoryProcess *
find_process (VmsMemory *memory, const VmsMemoryVm *vm, gint pid)
{
  const VmsMemoryMachine *machine;

  if (vm->guest_trace < 0 || (guint) vm->guest_trace >= vms_memory_get_n_machines (memory))
    return NULL;
  machine = vms_memory_get_machine (memory, vm->guest_trace);
  for (guint i = 0; i < machine->n_processes; i++)
    if (machine->processes[i].pid == pid)
      return &machine->processes[i];
  return NULL;
}

static void
column_query (Graph *g, Column *col, const VmsMemorySeries *series, gboolean shifted)
{
  col->series = series;
  col->shift = series != NULL && shifted ? vms_memory_series_get_lowest (series) : 0;
  col->px = g_new0 (VmsMemoryPixel, MAX (g->n_px, 1));
  col->n = 0;
  if (series != NULL)
    col->n = vms_memory_series_query (series, g->opts->begin, g->opts->end, g->ns_per_px, FALSE,
                                      col->px, g->n_px);
}

static void
column_extent (const Column *col, gint64 *lo, gint64 *hi)
{
  for (guint i = 0; i < col->n; i++)
    if (col->px[i].defined)
      {
        *lo = MIN (*lo, col->px[i].min - col->shift);
        *hi = MAX (*hi, col->px[i].max - col->shift);
      }
}

void
_vms_memory_graph_init (Graph *g, const VmsMemoryGraphOptions *opts)
{
  double plot_w = MAX (1, opts->width - opts->label_width);
  guint n_shown = 0;

  memset (g, 0, sizeof *g);
  g->opts = opts;
  vms_time_map_init (&g->map, opts->begin, MAX (opts->end, opts->begin + 1), opts->label_width,
                     plot_w);
  g->ns_per_px = MAX (1, (gint64) ceil ((double) (opts->end - opts->begin) / plot_w));
  g->n_px = (guint) ceil (plot_w) + 1;
  if (opts->memory == NULL || !vms_memory_is_finished (opts->memory))
    return;
  for (guint v = 0; v < vms_memory_get_n_vms (opts->memory); v++)
    n_shown += vm_is_shown (opts, v);
  g->lanes = g_new0 (Lane, MAX (n_shown, 1));
  for (guint v = 0; v < vms_memory_get_n_vms (opts->memory); v++)
    {
      Lane *lane;
      gint64 lo = 0, hi = 0;
      double lane_top, lane_h;

      if (!vm_is_shown (opts, v))
        continue;
      lane = &g->lanes[g->n_lanes];
      lane->vm = v;
      lane->info = vms_memory_get_vm (opts->memory, v);
      vms_memory_graph_lane_at ((g->n_lanes + 0.5) * opts->height / n_shown, opts->height, n_shown,
                                &lane_top, &lane_h);
      lane->top = lane_top;
      lane->height = lane_h;
      lane->plot_top = lane_top + PLOT_PAD_TOP;
      lane->plot_height = MAX (1, lane_h - PLOT_PAD_TOP - PLOT_PAD_BOTTOM);
      g->n_lanes++;

      column_query (g, &lane->host, lane->info->host, opts->shifted);
      column_query (g, &lane->guest, guest_series (opts->memory, lane->info), opts->shifted);
      column_extent (&lane->host, &lo, &hi);
      column_extent (&lane->guest, &lo, &hi);

      for (guint p = 0; p < opts->n_processes; p++)
        if (opts->processes[p].vm == v
            && find_process (opts->memory, lane->info, opts->processes[p].pid) != NULL)
          lane->n_procs++;
      lane->procs = g_new0 (ProcessColumn, MAX (lane->n_procs, 1));
      lane->n_procs = 0;
      for (guint p = 0; p < opts->n_processes; p++)
        {
          const VmsMemoryProcess *proc;
          ProcessColumn *pc;

          if (opts->processes[p].vm != v
              || (proc = find_process (opts->memory, lane->info, opts->processes[p].pid)) == NULL)
            continue;
          pc = &lane->procs[lane->n_procs++];
          /* As the timeline labels threads: "stress (860)" */
          pc->name = g_strdup_printf ("%s (%d)", proc->name, proc->pid);
          pc->pid = proc->pid;
          pc->color = p % N_PROCESS_COLORS;
          column_query (g, &pc->col, proc->series, opts->shifted);
          column_extent (&pc->col, &lo, &hi);
        }

      /* The gap over the guest line, from relative values and the guest's peak so far */
      if (lane->guest.series != NULL)
        {
          gint64 gbegin = vms_memory_series_get_begin (lane->guest.series);
          gint64 peak;

          lane->peak_before = G_MININT64;
          if (opts->begin > gbegin)
            {
              VmsMemoryPixel before;

              if (vms_memory_series_query (lane->guest.series, gbegin, opts->begin,
                                           opts->begin - gbegin, FALSE, &before, 1)
                    == 1
                  && before.defined)
                lane->peak_before = before.max;
            }
          peak = lane->peak_before;
          lane->gap = g_new0 (gint64, MAX (lane->guest.n, 1));
          for (guint i = 0; i < lane->guest.n; i++)
            {
              const VmsMemoryPixel *gp = &lane->guest.px[i];
              gint64 host
                = i < lane->host.n && lane->host.px[i].defined ? lane->host.px[i].last : 0;

              if (!gp->defined)
                continue;
              peak = MAX (peak, gp->max);
              lane->gap[i] = vms_memory_graph_gap (host, gp->last, peak);
              hi = MAX (hi, gp->last - lane->guest.shift + lane->gap[i]);
            }
        }
      vms_memory_graph_nice_scale (&lane->scale, lo, hi,
                                   (guint) CLAMP (lane->plot_height / TICK_MIN_PX, 1, 6));
    }
}

void
_vms_memory_graph_clear (Graph *g)
{
  for (guint l = 0; l < g->n_lanes; l++)
    {
      Lane *lane = &g->lanes[l];

      g_free (lane->host.px);
      g_free (lane->guest.px);
      for (guint p = 0; p < lane->n_procs; p++)
        {
          g_free (lane->procs[p].col.px);
          g_free (lane->procs[p].name);
        }
      g_free (lane->procs);
      g_free (lane->gap);
    }
  g_free (g->lanes);
}

static double
pixel_x (const Graph *g, guint i)
{
  return vms_time_map_to_x (&g->map, g->opts->begin + (gint64) i * g->ns_per_px);
}

static double
lane_y (const Lane *lane, gint64 bytes)
{
  return vms_memory_graph_value_to_y (&lane->scale, bytes, lane->plot_top, lane->plot_height);
}

/* A step line through each pixel's last value, with the pixel's min–max as a vertical. */
static void
stroke_series (cairo_t *cr, const Graph *g, const Lane *lane, const Column *col, double width)
{
  gboolean drawing = FALSE;

  for (guint i = 0; i < col->n; i++)
    {
      const VmsMemoryPixel *p = &col->px[i];
      double x0 = pixel_x (g, i), x1 = pixel_x (g, i + 1);

      if (!p->defined)
        {
          drawing = FALSE;
          continue;
        }
      if (!drawing)
        cairo_move_to (cr, x0, lane_y (lane, p->last - col->shift));
      if (p->n_changes > 0 && p->max > p->min)
        {
          cairo_line_to (cr, x0 + 0.5, lane_y (lane, p->min - col->shift));
          cairo_line_to (cr, x0 + 0.5, lane_y (lane, p->max - col->shift));
        }
      cairo_line_to (cr, x0 + 0.5, lane_y (lane, p->last - col->shift));
      cairo_line_to (cr, MAX (x1, x0 + 1), lane_y (lane, p->last - col->shift));
      drawing = TRUE;
    }
  cairo_set_line_width (cr, width);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);
}

static cairo_pattern_t *
hatch_pattern (const VmsColor *color)
{
  cairo_surface_t *tile = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 16, 16);
  cairo_pattern_t *pattern;
  cairo_matrix_t m;
  cairo_t *cr = cairo_create (tile);

  set_color (cr, color);
  cairo_set_line_width (cr, 2.5);
  cairo_move_to (cr, -2, 18);
  cairo_line_to (cr, 18, -2);
  cairo_move_to (cr, -2, 2);
  cairo_line_to (cr, 2, -2);
  cairo_move_to (cr, 14, 18);
  cairo_line_to (cr, 18, 14);
  cairo_stroke (cr);
  cairo_destroy (cr);
  pattern = cairo_pattern_create_for_surface (tile);
  cairo_pattern_set_extend (pattern, CAIRO_EXTEND_REPEAT);
  cairo_matrix_init_scale (&m, 2, 2); /* a 16-px tile drawn as 8 px: sharp at scale 2 */
  cairo_pattern_set_matrix (pattern, &m);
  cairo_surface_destroy (tile);
  return pattern;
}

static void
draw_series (cairo_t *cr, const Graph *g, const Lane *lane, const GraphColors *colors)
{
  double base = lane_y (lane, CLAMP (0, lane->scale.min, lane->scale.max));

  cairo_save (cr);
  cairo_rectangle (cr, g->map.x, lane->plot_top - 1, g->map.width, lane->plot_height + 2);
  cairo_clip (cr);

  /* Host memory taken: an area from 0 to each pixel's max (a short spike stays visible) */
  for (guint i = 0; i < lane->host.n; i++)
    {
      const VmsMemoryPixel *p = &lane->host.px[i];
      double x0 = pixel_x (g, i), x1 = MAX (pixel_x (g, i + 1), x0 + 1);
      double y = lane_y (lane, p->max - lane->host.shift);

      if (p->defined)
        cairo_rectangle (cr, x0, MIN (y, base), x1 - x0, fabs (base - y));
    }
  set_color (cr, &colors->host);
  cairo_fill (cr);
  set_color (cr, &colors->host_line);
  stroke_series (cr, g, lane, &lane->host, 1.0);

  /* Touched but unused: hatched above the guest line */
  if (lane->gap != NULL)
    {
      cairo_pattern_t *hatch = hatch_pattern (&colors->gap);

      for (guint i = 0; i < lane->guest.n; i++)
        {
          const VmsMemoryPixel *p = &lane->guest.px[i];
          double x0 = pixel_x (g, i), x1 = MAX (pixel_x (g, i + 1), x0 + 1);
          double y0 = lane_y (lane, p->last - lane->guest.shift);
          double y1 = lane_y (lane, p->last - lane->guest.shift + lane->gap[i]);

          if (p->defined && lane->gap[i] > 0)
            cairo_rectangle (cr, x0, y1, x1 - x0, MAX (1, y0 - y1));
        }
      set_color (cr, &colors->gap_tint);
      cairo_fill_preserve (cr);
      cairo_set_source (cr, hatch);
      cairo_fill (cr);
      cairo_pattern_destroy (hatch);

      set_color (cr, &colors->guest);
      stroke_series (cr, g, lane, &lane->guest, 2.0);
    }

  for (guint p = 0; p < lane->n_procs; p++)
    {
      set_color (cr, &colors->process[lane->procs[p].color]);
      stroke_series (cr, g, lane, &lane->procs[p].col, 1.25);
    }
  cairo_restore (cr);
}

static void
draw_text (cairo_t *cr,
           PangoLayout *layout,
           const VmsColor *color,
           const char *text,
           double x,
           double y,
           double max_width,
           PangoAlignment align)
{
  int w, h;

  pango_layout_set_text (layout, text, -1);
  pango_layout_set_width (layout, max_width > 0 ? (int) (max_width * PANGO_SCALE) : -1);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_get_pixel_size (layout, &w, &h);
  if (align == PANGO_ALIGN_RIGHT)
    x -= w;
  set_color (cr, color);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

/* A legend line in the label column; returns the next line's y. */
static double
draw_legend_line (cairo_t *cr,
                  PangoLayout *layout,
                  const VmsPalette *palette,
                  const VmsColor *color,
                  const VmsColor *area,
                  gboolean hatched,
                  const char *text,
                  double x,
                  double y,
                  double max_width,
                  double bottom)
{
  if (y + 14 > bottom) /* no room for a whole line */
    return y;
  if (hatched)
    {
      cairo_pattern_t *hatch = hatch_pattern (color);

      cairo_rectangle (cr, x, y + 4, 14, 9);
      cairo_set_source (cr, hatch);
      cairo_fill (cr);
      cairo_pattern_destroy (hatch);
    }
  else if (area != NULL)
    {
      set_color (cr, area);
      cairo_rectangle (cr, x, y + 4, 14, 9);
      cairo_fill (cr);
      set_color (cr, color);
      cairo_rectangle (cr, x, y + 4, 14, 1.5);
      cairo_fill (cr);
    }
  else
    {
      set_color (cr, color);
      cairo_rectangle (cr, x, y + 7, 14, 2.5);
      cairo_fill (cr);
    }
  draw_text (cr, layout, &palette->foreground, text, x + 19, y, max_width - 19, PANGO_ALIGN_LEFT);
  return y + 15;
}

char *
_vms_memory_graph_selection_text (const VmsMemoryGraphOptions *opts, const Lane *lane)
{
  GString *s;
  g_autofree char *host = NULL;
  gint64 b = opts->selection_begin, e = opts->selection_end;

  if (!opts->has_selection || e <= b)
    return NULL;
  host = vms_memory_graph_format_bytes (vms_memory_series_value_at (lane->host.series, e)
                                          - vms_memory_series_value_at (lane->host.series, b),
                                        TRUE);
  s = g_string_new (NULL);
  /* Translators: the change over the selected range of the host memory a VM holds */
  g_string_append_printf (s, _ ("Δ host %s"), host);
  if (lane->guest.series != NULL)
    {
      gint64 g0 = vms_memory_series_value_at (lane->guest.series, b);
      gint64 g1 = vms_memory_series_value_at (lane->guest.series, e);
      g_autofree char *guest = vms_memory_graph_format_bytes (g1 - g0, TRUE);

      /* Translators: the change over the selected range of the memory a guest uses */
      g_string_append_printf (s, _ (" · guest %s"), guest);
    }
  for (guint p = 0; p < lane->n_procs; p++)
    {
      const VmsMemorySeries *series = lane->procs[p].col.series;
      g_autofree char *d = vms_memory_graph_format_bytes (
        vms_memory_series_value_at (series, e) - vms_memory_series_value_at (series, b), TRUE);

      g_string_append_printf (s, " · %s %s", lane->procs[p].name, d);
    }
  return g_string_free (s, FALSE);
}

static void
draw_lane (cairo_t *cr,
           const Graph *g,
           const Lane *lane,
           PangoLayout *layout,
           const VmsPalette *palette,
           const GraphColors *colors)
{
  const VmsMemoryGraphOptions *opts = g->opts;
  double lw = opts->label_width;
  double right = g->map.x + g->map.width;
  double bottom = lane->top + lane->height;
  double y;

  /* Grid and y axis labels */
  for (gint64 v = lane->scale.min; v <= lane->scale.max; v += lane->scale.step)
    {
      g_autofree char *label = vms_memory_graph_tick_label (&lane->scale, v);
      double ty = floor (lane_y (lane, v)) + 0.5;

      set_color (cr, v == 0 ? &palette->dim : &palette->grid);
      cairo_move_to (cr, lw, ty);
      cairo_line_to (cr, right, ty);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
      draw_text (cr, layout, &palette->dim, label, lw - 6, ty - 7, lw / 2, PANGO_ALIGN_RIGHT);
    }

  draw_series (cr, g, lane, colors);

  /* The label column: the VM's name and the legend */
  pango_layout_set_attributes (layout, NULL);
  {
    PangoAttrList *bold = pango_attr_list_new ();

    pango_attr_list_insert (bold, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
    pango_layout_set_attributes (layout, bold);
    pango_attr_list_unref (bold);
  }
  draw_text (cr, layout, &palette->foreground, lane->info->name, 8, lane->top + 2, lw - 16,
             PANGO_ALIGN_LEFT);
  pango_layout_set_attributes (layout, NULL);
  y = lane->top + 20;
  cairo_save (cr);
  cairo_rectangle (cr, 0, lane->top, lw - 1, lane->height);
  cairo_clip (cr);
  y = draw_legend_line (cr, layout, palette, &colors->host_line, &colors->host, FALSE,
                        _ ("Host memory taken"), 8, y, lw - 70, bottom);
  if (lane->guest.series != NULL)
    {
      y = draw_legend_line (cr, layout, palette, &colors->guest, NULL, FALSE, _ ("Guest uses"), 8,
                            y, lw - 70, bottom);
      y = draw_legend_line (cr, layout, palette, &colors->gap, NULL, TRUE, _ ("Touched, unused"), 8,
                            y, lw - 70, bottom);
    }
  else
    draw_text (cr, layout, &palette->dim, _ ("guest not traced"), 8, y, lw - 70, PANGO_ALIGN_LEFT);
  for (guint p = 0; p < lane->n_procs; p++)
    y = draw_legend_line (cr, layout, palette, &colors->process[lane->procs[p].color], NULL, FALSE,
                          lane->procs[p].name, 8, y, lw - 70, bottom);
  cairo_restore (cr);

  /* The change over the selection, on the lane's first line */
  {
    g_autofree char *delta = _vms_memory_graph_selection_text (opts, lane);

    if (delta != NULL)
      {
        double x = CLAMP (vms_time_map_to_x (&g->map, opts->selection_begin), lw + 4, right - 40);

        draw_text (cr, layout, &palette->foreground, delta, x + 4, lane->top + 2, right - x - 8,
                   PANGO_ALIGN_LEFT);
      }
  }
}

void
vms_memory_graph_options_init (VmsMemoryGraphOptions *opts)
{
  g_return_if_fail (opts != NULL);

  memset (opts, 0, sizeof *opts);
  opts->width = 1280;
  opts->height = 240;
  opts->label_width = VMS_RENDER_LABEL_WIDTH;
  opts->shifted = TRUE;
  opts->hover_time = VMS_TIME_NONE;
}

void
vms_memory_graph_render (cairo_t *cr, const VmsMemoryGraphOptions *opts)
{
  const VmsPalette *palette = vms_palette_get (VMS_PALETTE_DEFAULT, opts->dark);
  const GraphColors *colors = opts->dark ? &dark_colors : &light_colors;
  PangoFontDescription *desc;
  PangoLayout *layout;
  Graph g;

  g_return_if_fail (cr != NULL && opts != NULL);

  cairo_save (cr);
  set_color (cr, &palette->background);
  cairo_rectangle (cr, 0, 0, opts->width, opts->height);
  cairo_fill (cr);
  set_color (cr, &palette->grid);
  cairo_rectangle (cr, opts->label_width - 1, 0, 1, opts->height);
  cairo_fill (cr);

  layout = pango_cairo_create_layout (cr);
  desc = pango_font_description_from_string (opts->font != NULL ? opts->font : VMS_RENDER_FONT);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);

  _vms_memory_graph_init (&g, opts);
  if (g.n_lanes == 0)
    draw_text (cr, layout, &palette->dim,
               opts->memory == NULL ? _ ("No memory analysis: open traces with page allocation "
                                         "events (kmem_mm_page_alloc)")
                                    : _ ("No virtual machine to show"),
               opts->label_width + 12, 12, opts->width - opts->label_width - 24, PANGO_ALIGN_LEFT);
  for (guint l = 0; l < g.n_lanes; l++)
    draw_lane (cr, &g, &g.lanes[l], layout, palette, colors);

  if (opts->has_selection)
    {
      VmsRenderContext ctx = { 0 };

      ctx.cr = cr;
      ctx.map = g.map;
      ctx.palette = palette;
      _vms_render_selection (&ctx, 0, opts->height, opts->selection_begin, opts->selection_end);
    }
  if (opts->hover_time != VMS_TIME_NONE && opts->hover_time >= opts->begin
      && opts->hover_time <= opts->end)
    {
      set_color (cr, &palette->foreground);
      cairo_rectangle (cr, floor (vms_time_map_to_x (&g.map, opts->hover_time)), 0, 1,
                       opts->height);
      cairo_fill (cr);
    }
  _vms_memory_graph_clear (&g);
  g_object_unref (layout);
  cairo_restore (cr);
}
