/* vms-render-rows.c — the rows: label column and bars, drawn from the model's per-pixel
 * items in one loop per row and a handful of fills for the whole view.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "vms-label-fit.h"
#include "vms-render-private.h"

typedef struct {
  double x, y, w, h;
} Rect;

gboolean
vms_row_filter_hides (VmsModel *model, guint row, guint filter)
{
  const VmsRow *r = vms_model_get_row (model, row);

  if ((filter & VMS_ROW_FILTER_HOST_CPUS) != 0 && r->kind == VMS_ROW_CPU && r->machine >= 0
      && vms_model_get_machine (model, (guint) r->machine)->role == VMS_TRACE_ROLE_HOST)
    return TRUE;
  if ((filter & VMS_ROW_FILTER_IDLE_THREADS) != 0 && r->kind == VMS_ROW_THREAD && r->machine >= 0)
    {
      const VmsThread *t = vms_model_find_thread (model, (guint) r->machine, r->id);

      return t != NULL
             && t->totals[VMS_STATE_RUNNING] + t->totals[VMS_STATE_SYSCALL]
                    + t->totals[VMS_STATE_INTERRUPTED]
                  == 0;
    }
  return FALSE;
}

VmsRowLayout *
_vms_render_build_layout (VmsModel *model,
                          const gboolean *collapsed,
                          guint n_collapsed,
                          guint hidden_rows)
{
  g_autoptr (GArray) nodes = g_array_new (FALSE, FALSE, sizeof (VmsLayoutNode));
  guint n = model != NULL ? vms_model_get_n_rows (model) : 0;
  g_autofree gboolean *hidden = g_new0 (gboolean, MAX (n, 1));

  /* Children come after their group: from the end, a group whose rows all went goes too. */
  if (hidden_rows != VMS_ROW_FILTER_NONE)
    {
      g_autofree guint *n_children = g_new0 (guint, MAX (n, 1));
      g_autofree guint *n_shown = g_new0 (guint, MAX (n, 1));

      for (guint i = n; i-- > 0;)
        {
          const VmsRow *row = vms_model_get_row (model, i);

          if (row->kind == VMS_ROW_GROUP)
            hidden[i] = n_children[i] > 0 && n_shown[i] == 0;
          else
            hidden[i] = vms_row_filter_hides (model, i, hidden_rows);
          if (row->parent >= 0 && (guint) row->parent < n)
            {
              n_children[row->parent]++;
              n_shown[row->parent] += !hidden[i];
            }
        }
    }

  for (guint i = 0; i < n; i++)
    {
      const VmsRow *row = vms_model_get_row (model, i);
      VmsLayoutNode node = {
        .depth = row->depth,
        .collapsed = collapsed != NULL && i < n_collapsed && collapsed[i],
        .height = row->kind == VMS_ROW_GROUP ? VMS_RENDER_GROUP_HEIGHT : VMS_RENDER_ROW_HEIGHT,
        .data = GUINT_TO_POINTER (i),
        .hidden = hidden[i],
      };

      g_array_append_val (nodes, node);
    }
  return vms_row_layout_new ((const VmsLayoutNode *) (gpointer) nodes->data, nodes->len);
}

VmsDrawState
_vms_render_draw_state (VmsRowKind kind, VmsState state)
{
  if (state == VMS_STATE_UNKNOWN)
    return VMS_DRAW_UNKNOWN;
  switch (kind)
    {
      case VMS_ROW_VCPU:
        switch (state)
          {
            case VMS_STATE_RUNNING:
              return VMS_DRAW_VCPU_RUNNING;
            case VMS_STATE_IDLE:
              return VMS_DRAW_VCPU_IDLE;
            case VMS_STATE_HYPERVISOR:
              return VMS_DRAW_VCPU_HYPERVISOR;
            case VMS_STATE_PREEMPTED:
              return VMS_DRAW_VCPU_PREEMPTED;
            default:
              return VMS_DRAW_UNKNOWN;
          }
      case VMS_ROW_THREAD:
        switch (state)
          {
            case VMS_STATE_RUNNING:
              return VMS_DRAW_THREAD_RUNNING;
            case VMS_STATE_SYSCALL:
              return VMS_DRAW_THREAD_SYSCALL;
            case VMS_STATE_INTERRUPTED:
              return VMS_DRAW_THREAD_INTERRUPTED;
            case VMS_STATE_RUNNABLE:
              return VMS_DRAW_THREAD_RUNNABLE;
            case VMS_STATE_BLOCKED:
            case VMS_STATE_IDLE:
              return VMS_DRAW_THREAD_BLOCKED;
            case VMS_STATE_APPEARED:
            case VMS_STATE_PREEMPTED:
            case VMS_STATE_HYPERVISOR:
              return VMS_DRAW_THREAD_APPEARED;
            default:
              return VMS_DRAW_UNKNOWN;
          }
      case VMS_ROW_CPU:
        switch (state)
          {
            case VMS_STATE_IDLE:
              return VMS_DRAW_PCPU_IDLE;
            case VMS_STATE_VCPU:
              return VMS_DRAW_PCPU_VCPU;
            case VMS_STATE_RUNNING:
            case VMS_STATE_SYSCALL:
            case VMS_STATE_INTERRUPTED:
              return VMS_DRAW_PCPU_HOST;
            default:
              return VMS_DRAW_UNKNOWN;
          }
      case VMS_ROW_GROUP:
      default:
        return VMS_DRAW_NONE;
    }
}

static const char *
sync_badge (const VmsMachine *m, gboolean *warn)
{
  if (m->sync_quality == NULL || g_str_equal (m->sync_quality, "absent")
      || g_str_equal (m->sync_quality, "fail"))
    {
      *warn = TRUE;
      /* Translators: a warning badge on a VM's row: its clock is not synchronized */
      return m->sync_quality != NULL && g_str_equal (m->sync_quality, "fail") ? _ ("⚠ sync failed")
                                                                              : _ ("⚠ no sync");
    }
  /* The panel's words for the quality (vms-sync-panel.c: the same messages) */
  return g_dgettext (GETTEXT_PACKAGE, m->sync_quality);
}

/**
 * _vms_render_row_label:
 * @row: a row of the model
 *
 * Returns: the label shown for @row: the groups the model names ("Threads", "Guest CPUs",
 *   "CPUs", marked for translation in analysis/vms-model-finish.c) in the user's language,
 *   names from the traces as they are.
 */
const char *
_vms_render_row_label (const VmsRow *row)
{
  if (row->kind == VMS_ROW_GROUP && row->depth > 0)
    return g_dgettext (GETTEXT_PACKAGE, row->label);
  return row->label;
}

const char *
_vms_render_row_badge (VmsModel *model, guint row, gboolean *warn)
{
  *warn = FALSE;
  for (guint v = 0; v < vms_model_get_n_vms (model); v++)
    {
      const VmsVm *vm = vms_model_get_vm (model, v);

      if (vm->row != (int) row)
        continue;
      if (vm->machine < 0)
        return _ ("guest not traced");
      return sync_badge (vms_model_get_machine (model, vm->machine), warn);
    }
  /* A machine of its own (a guest that could not be tied to its VM, a machine over TCP): only
   * a clock left unsynchronized is worth a badge. */
  for (guint i = 0; i < vms_model_get_n_machines (model); i++)
    {
      const VmsMachine *m = vms_model_get_machine (model, i);

      if (m->row == (int) row && m->vm < 0 && m->sync_reference != NULL)
        {
          const char *badge = sync_badge (m, warn);

          return *warn ? badge : NULL;
        }
    }
  return NULL;
}

void
_vms_render_context_init (
  VmsRenderContext *ctx, cairo_t *cr, const char *font, const VmsPalette *palette, VmsModel *model)
{
  PangoFontDescription *desc = pango_font_description_from_string (font ? font : VMS_RENDER_FONT);
  cairo_font_options_t *options = cairo_font_options_create ();

  memset (ctx, 0, sizeof *ctx);
  ctx->cr = cr;
  ctx->text = pango_cairo_create_layout (cr);
  /* Same hinting on screen and in files; metrics not snapped to device pixels. */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (pango_layout_get_context (ctx->text), options);
  pango_layout_context_changed (ctx->text);
  pango_layout_set_font_description (ctx->text, desc);
  pango_font_description_free (desc);
  cairo_font_options_destroy (options);
  ctx->palette = palette;
  ctx->model = model;
  ctx->label_width = VMS_RENDER_LABEL_WIDTH;
  ctx->highlight_state = -1;
  ctx->highlight_reason = -1;
  ctx->items = g_array_new (FALSE, FALSE, sizeof (VmsModelItem));
  for (guint l = 0; l < 2; l++)
    {
      ctx->rects[l] = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
      for (guint s = 0; s < VMS_DRAW_N_STATES; s++)
        g_ptr_array_add (ctx->rects[l], g_array_new (FALSE, FALSE, sizeof (Rect)));
    }
}

void
_vms_render_context_clear (VmsRenderContext *ctx)
{
  if (ctx->own_cache != NULL && ctx->cache == ctx->own_cache)
    ctx->cache = NULL;
  g_clear_pointer (&ctx->own_cache, g_ptr_array_unref);
  g_clear_object (&ctx->text);
  g_clear_pointer (&ctx->items, g_array_unref);
  for (guint l = 0; l < 2; l++)
    g_clear_pointer (&ctx->rects[l], g_ptr_array_unref);
}

double
_vms_render_text_width (const char *text, gpointer user_data)
{
  VmsRenderContext *ctx = user_data;
  PangoRectangle logical;

  pango_layout_set_text (ctx->text, text, -1);
  pango_layout_get_extents (ctx->text, NULL, &logical);
  return (double) logical.width / PANGO_SCALE;
}

static void
set_color (cairo_t *cr, const VmsColor *c)
{
  cairo_set_source_rgba (cr, c->red, c->green, c->blue, c->alpha);
}

/* A repeating 8×8 tile of the fill's lines or dots, at the resolution of the target
 * (sharp on HiDPI screens; pixel for pixel, which keeps pixman on its fast path).  Vector
 * targets get a 2× tile. */
static cairo_pattern_t *
fill_pattern (cairo_t *target, const VmsStateStyle *style)
{
  cairo_surface_t *tile;
  cairo_pattern_t *pattern;
  double sx = 2, sy = 2;
  cairo_t *cr;

  if (cairo_surface_get_type (cairo_get_target (target)) == CAIRO_SURFACE_TYPE_IMAGE)
    cairo_surface_get_device_scale (cairo_get_target (target), &sx, &sy);
  tile = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) ceil (8 * sx), (int) ceil (8 * sy));
  cairo_surface_set_device_scale (tile, sx, sy);
  cr = cairo_create (tile);
  set_color (cr, &style->pattern_color);
  cairo_set_line_width (cr, 1.25);
  switch (style->fill)
    {
      case VMS_FILL_CROSS_HATCH:
        cairo_move_to (cr, 0, 0);
        cairo_line_to (cr, 8, 8);
        cairo_move_to (cr, -1, 1);
        cairo_line_to (cr, 1, -1);
        cairo_move_to (cr, 7, 9);
        cairo_line_to (cr, 9, 7);
        G_GNUC_FALLTHROUGH;
      case VMS_FILL_HATCH:
        cairo_move_to (cr, -1, 9);
        cairo_line_to (cr, 9, -1);
        cairo_move_to (cr, -1, 1);
        cairo_line_to (cr, 1, -1);
        cairo_move_to (cr, 7, 9);
        cairo_line_to (cr, 9, 7);
        cairo_stroke (cr);
        break;
      case VMS_FILL_DOTS:
        cairo_arc (cr, 2, 2, 1.1, 0, 2 * G_PI);
        cairo_arc (cr, 6, 6, 1.1, 0, 2 * G_PI);
        cairo_fill (cr);
        break;
      case VMS_FILL_SOLID:
      default:
        break;
    }
  cairo_destroy (cr);
  pattern = cairo_pattern_create_for_surface (tile);
  cairo_pattern_set_extend (pattern, CAIRO_EXTEND_REPEAT);
  cairo_surface_destroy (tile);
  return pattern;
}

void
_vms_render_swatch (cairo_t *cr, const VmsStateStyle *style, double x, double y, double w, double h)
{
  double bh = MAX (2, h * style->height);

  set_color (cr, &style->color);
  cairo_rectangle (cr, x, y + h - bh, w, bh);
  cairo_fill_preserve (cr);
  if (style->fill != VMS_FILL_SOLID)
    {
      cairo_pattern_t *p = fill_pattern (cr, style);

      cairo_set_source (cr, p);
      cairo_fill_preserve (cr);
      cairo_pattern_destroy (p);
    }
  cairo_new_path (cr);
}

/* Adds [x0, x1) × [top, top + height) of a state to a layer, extending the previous
 * rectangle when it continues it (runs of equal pixels become one rectangle). */
static void
add_rect (VmsRenderContext *ctx,
          guint layer,
          VmsDrawState s,
          double x0,
          double x1,
          double top,
          double height)
{
  GArray *rects = g_ptr_array_index (ctx->rects[layer], s);
  Rect *last = rects->len > 0 ? &g_array_index (rects, Rect, rects->len - 1) : NULL;

  if (last != NULL && last->y == top && last->h == height && last->x + last->w >= x0
      && last->x <= x0)
    {
      last->w = MAX (last->w, x1 - last->x);
      return;
    }
  g_array_append_val (rects, ((Rect){ x0, top, x1 - x0, height }));
}

typedef struct {
  gint64 begin, end, ns_per_px;
  GArray *items;
} CacheEntry;

static void
cache_entry_free (gpointer data)
{
  CacheEntry *e = data;

  g_array_unref (e->items);
  g_free (e);
}

GPtrArray *
_vms_render_cache_new (guint n_rows)
{
  GPtrArray *cache = g_ptr_array_new_full (n_rows, cache_entry_free);

  for (guint i = 0; i < n_rows; i++)
    {
      CacheEntry *e = g_new0 (CacheEntry, 1);

      e->items = g_array_new (FALSE, FALSE, sizeof (VmsModelItem));
      g_ptr_array_add (cache, e);
    }
  return cache;
}

/* The drawing items of a row for the context's range, from the cache when it has them. */
static GArray *
query_items (VmsRenderContext *ctx, guint row, gint64 ns_per_px)
{
  const VmsTimeMap *map = &ctx->map;
  CacheEntry *e;

  if (ctx->cache == NULL || row >= ctx->cache->len)
    {
      vms_model_query (ctx->model, row, map->begin, map->end, ns_per_px, ctx->items);
      return ctx->items;
    }
  e = g_ptr_array_index (ctx->cache, row);
  if (e->begin != map->begin || e->end != map->end || e->ns_per_px != ns_per_px)
    {
      vms_model_query (ctx->model, row, map->begin, map->end, ns_per_px, e->items);
      e->begin = map->begin;
      e->end = map->end;
      e->ns_per_px = ns_per_px;
    }
  return e->items;
}

/* The alert state (preempted first: the rarest and the one users hunt) present in an
 * item besides its dominant state, or VMS_STATE_UNKNOWN. */
static VmsState
item_alert (const VmsModelItem *it)
{
  static const VmsState order[] = { VMS_STATE_PREEMPTED, VMS_STATE_HYPERVISOR, VMS_STATE_APPEARED };

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if ((it->states & (1u << order[i])) != 0 && it->dominant != order[i])
      return order[i];
  return VMS_STATE_UNKNOWN;
}

/* The bars of one row: one query, one loop over about one item per pixel.  Each item is
 * drawn in its dominant state, as high as the state's style says, from the bottom.  A
 * preemption, hypervisor episode or appeared-to-run span inside it, however short, adds
 * a band of its colour along the top of the row (in front), never narrower than a
 * pixel: the dominant state stays readable and the alert never vanishes. */
static void
collect_bars (VmsRenderContext *ctx, guint row, VmsRowKind kind, double y, double h)
{
  const VmsTimeMap *map = &ctx->map;
  const VmsStateStyle *styles = ctx->palette->states;
  gint64 ns_per_px = vms_time_map_ns_per_px (map);
  double right = map->x + map->width;
  double band = round (MAX (3, h * 0.3));
  GArray *items = query_items (ctx, row, ns_per_px);

  for (guint i = 0; i < items->len; i++)
    {
      const VmsModelItem *it = &g_array_index (items, VmsModelItem, i);
      VmsDrawState s = _vms_render_draw_state (kind, it->dominant);
      VmsState alert = item_alert (it);
      double x0 = round (vms_time_map_to_x (map, MAX (it->start, map->begin)));
      double x1 = round (vms_time_map_to_x (map, MIN (it->end, map->end)));

      x0 = CLAMP (x0, map->x, right);
      x1 = CLAMP (x1, map->x, right);
      if (x1 <= x0)
        {
          if (x0 >= right)
            x0 = right - 1;
          x1 = x0 + 1; /* nothing narrower than a pixel: short states stay visible */
        }
      if (s != VMS_DRAW_NONE)
        {
          double bh = round (MAX (2, h * styles[s].height));

          add_rect (ctx, 0, s, x0, x1, y + h - bh, bh);
        }

      if (alert != VMS_STATE_UNKNOWN)
        {
          VmsDrawState as = _vms_render_draw_state (kind, alert);

          /* Over the whole item: an item of several intervals does not say where each
           * alert is, only that there is one (the longest is in the tooltip) */
          if (as != VMS_DRAW_NONE && as != s)
            add_rect (ctx, 1, as, x0, x1, y, band);
        }
    }
}

/* Fills every collected rectangle: one fill (plus one for the pattern) per state. */
static void
flush_bars (VmsRenderContext *ctx)
{
  cairo_t *cr = ctx->cr;

  for (guint layer = 0; layer < 2; layer++)
    for (guint s = 0; s < VMS_DRAW_N_STATES; s++)
      {
        GArray *rects = g_ptr_array_index (ctx->rects[layer], s);
        const VmsStateStyle *style = &ctx->palette->states[s];

        if (rects->len == 0)
          continue;
        for (guint i = 0; i < rects->len; i++)
          {
            const Rect *r = &g_array_index (rects, Rect, i);

            cairo_rectangle (cr, r->x, r->y, r->w, r->h);
          }
        set_color (cr, &style->color);
        if (style->fill == VMS_FILL_SOLID)
          cairo_fill (cr);
        else
          {
            cairo_pattern_t *p = fill_pattern (cr, style);

            cairo_fill_preserve (cr);
            cairo_set_source (cr, p);
            cairo_fill (cr);
            cairo_pattern_destroy (p);
          }
        g_array_set_size (rects, 0);
      }
}

/* At most this many intervals in a row's range are drawn one by one for an exit reason's
 * highlight; beyond, the pixels whose longest hypervisor episode has that reason are. */
#define HIGHLIGHT_MAX_INTERVALS 20000

/* The highlighted intervals of a vCPU row, in front of the dimmed view: the pixels holding
 * the highlighted state, or the hypervisor intervals of the highlighted exit reason. */
static void
collect_highlight (VmsRenderContext *ctx, guint row, VmsRowKind kind, double y, double h)
{
  const VmsTimeMap *map = &ctx->map;
  gint64 ns_per_px = vms_time_map_ns_per_px (map);
  VmsState state = ctx->highlight_reason >= 0 ? VMS_STATE_HYPERVISOR : ctx->highlight_state;
  VmsDrawState s = _vms_render_draw_state (kind, state);
  double right = map->x + map->width;
  double bh = round (MAX (2, h * ctx->palette->states[s].height));
  GArray *items = query_items (ctx, row, ns_per_px);
  g_autoptr (GArray) ivs = NULL;
  guint64 count = 0;

  if (s == VMS_DRAW_NONE || (s == VMS_DRAW_UNKNOWN && state != VMS_STATE_UNKNOWN))
    return;
  for (guint i = 0; i < items->len && ctx->highlight_reason >= 0; i++)
    count += g_array_index (items, VmsModelItem, i).count;
  if (ctx->highlight_reason >= 0 && count <= HIGHLIGHT_MAX_INTERVALS)
    {
      ivs = g_array_new (FALSE, FALSE, sizeof (VmsInterval));
      vms_model_get_intervals (ctx->model, row, map->begin, map->end, ivs);
    }
  for (guint i = 0; i < (ivs != NULL ? ivs->len : items->len); i++)
    {
      gint64 start, end;
      double x0, x1;

      if (ivs != NULL)
        {
          const VmsInterval *iv = &g_array_index (ivs, VmsInterval, i);

          if (iv->state != VMS_STATE_HYPERVISOR || iv->exit_reason != ctx->highlight_reason)
            continue;
          start = iv->start;
          end = iv->end;
        }
      else
        {
          const VmsModelItem *it = &g_array_index (items, VmsModelItem, i);

          if ((it->states & (1u << state)) == 0
              || (ctx->highlight_reason >= 0
                  && (it->worst_state != VMS_STATE_HYPERVISOR
                      || it->worst_cause != ctx->highlight_reason)))
            continue;
          start = it->start;
          end = it->end;
        }
      x0 = CLAMP (round (vms_time_map_to_x (map, MAX (start, map->begin))), map->x, right);
      x1 = CLAMP (round (vms_time_map_to_x (map, MIN (end, map->end))), map->x, right);
      if (x1 <= x0)
        {
          x0 = MIN (x0, right - 1);
          x1 = x0 + 1;
        }
      add_rect (ctx, 0, s, x0, x1, y + h - bh, bh);
    }
}

static void
draw_text (VmsRenderContext *ctx,
           const char *text,
           double x,
           double y,
           double h,
           const VmsColor *color,
           gboolean bold)
{
  PangoFontDescription *desc
    = pango_font_description_copy (pango_layout_get_font_description (ctx->text));
  int pw, ph;

  if (bold)
    {
      PangoFontDescription *b = pango_font_description_copy (desc);

      pango_font_description_set_weight (b, PANGO_WEIGHT_BOLD);
      pango_layout_set_font_description (ctx->text, b);
      pango_font_description_free (b);
    }
  pango_layout_set_text (ctx->text, text, -1);
  pango_layout_get_pixel_size (ctx->text, &pw, &ph);
  set_color (ctx->cr, color);
  cairo_move_to (ctx->cr, x, y + (h - ph) / 2);
  pango_cairo_show_layout (ctx->cr, ctx->text);
  if (bold)
    pango_layout_set_font_description (ctx->text, desc);
  pango_font_description_free (desc);
}

/* A label "name (tid)": the tid stays when the name is shortened. */
static char *
fit_label (VmsRenderContext *ctx, const char *label, double max_width)
{
  const char *paren = g_str_has_suffix (label, ")") ? strrchr (label, '(') : NULL;
  g_autofree char *name = NULL;

  if (paren == NULL || paren == label)
    return vms_label_fit (label, NULL, max_width, _vms_render_text_width, ctx);
  name = g_strndup (label, paren - label);
  g_strchomp (name);
  {
    g_autofree char *suffix = g_strconcat (" ", paren, NULL);

    return vms_label_fit (name, suffix, max_width, _vms_render_text_width, ctx);
  }
}

static void
draw_label (
  VmsRenderContext *ctx, const VmsRowLayout *layout, guint node, guint row, double y, double h)
{
  cairo_t *cr = ctx->cr;
  const VmsRow *r = vms_model_get_row (ctx->model, row);
  const VmsPalette *p = ctx->palette;
  double x = 6 + r->depth * VMS_RENDER_INDENT;
  double max_x = ctx->label_width - 6;
  g_autofree char *text = NULL;

  if (vms_row_layout_node_has_children (layout, node))
    {
      /* Disclosure triangle: right when collapsed, down when expanded */
      double cx = x + 4, cy = y + h / 2;

      set_color (cr, &p->dim);
      if (vms_row_layout_get_node (layout, node)->collapsed)
        {
          cairo_move_to (cr, cx - 2, cy - 4);
          cairo_line_to (cr, cx + 3, cy);
          cairo_line_to (cr, cx - 2, cy + 4);
        }
      else
        {
          cairo_move_to (cr, cx - 4, cy - 2);
          cairo_line_to (cr, cx + 4, cy - 2);
          cairo_line_to (cr, cx, cy + 3);
        }
      cairo_close_path (cr);
      cairo_fill (cr);
    }
  x += 12;

  if (r->kind == VMS_ROW_GROUP && r->depth == 0)
    {
      gboolean warn = FALSE;
      const char *badge = _vms_render_row_badge (ctx->model, row, &warn);

      if (badge != NULL)
        {
          /* The sync quality as a small pill at the right of the column */
          double bw = _vms_render_text_width (badge, ctx) + 10;
          double bx = max_x - bw, by = y + 4, bh = h - 8;
          VmsColor fill = warn ? (VmsColor){ 0.88, 0.11, 0.14, 0.85 } : p->header;

          if (bx > x + 40)
            {
              cairo_new_sub_path (cr);
              cairo_arc (cr, bx + bh / 2, by + bh / 2, bh / 2, G_PI / 2, 3 * G_PI / 2);
              cairo_arc (cr, bx + bw - bh / 2, by + bh / 2, bh / 2, -G_PI / 2, G_PI / 2);
              cairo_close_path (cr);
              set_color (cr, &fill);
              cairo_fill (cr);
              draw_text (ctx, badge, bx + 5, by, bh,
                         warn ? &(VmsColor){ 1, 1, 1, 1 } : &p->foreground, FALSE);
              max_x = bx - 4;
            }
        }
    }

  text = fit_label (ctx, _vms_render_row_label (r), max_x - x);
  draw_text (ctx, text, x, y, h, &p->foreground, r->kind == VMS_ROW_GROUP);
}

/* Querying the model is most of the cost of a wide view: the rows on screen are queried
 * on two threads (the model may be queried from any thread), every other row each, into
 * the cache; drawing then finds them there. */
typedef struct {
  VmsRenderContext *ctx;
  const VmsRowLayout *layout;
  guint first;
  guint last;
} Prefetch;

static void
prefetch_rows (Prefetch *p, guint parity)
{
  gint64 ns_per_px = vms_time_map_ns_per_px (&p->ctx->map);

  for (guint i = p->first + parity; i <= p->last; i += 2)
    {
      guint row = _vms_render_layout_row (p->layout, i, NULL);

      if (vms_model_get_row (p->ctx->model, row)->kind != VMS_ROW_GROUP)
        query_items (p->ctx, row, ns_per_px);
    }
}

static gpointer
prefetch_thread (gpointer data)
{
  prefetch_rows (data, 1);
  return NULL;
}

static void
prefetch (VmsRenderContext *ctx, const VmsRowLayout *layout, guint first, guint last)
{
  Prefetch p = { ctx, layout, first, last };
  GThread *helper;

  if (last - first < 8 || g_get_num_processors () < 2)
    return;
  if (ctx->cache == NULL)
    ctx->cache = ctx->own_cache = _vms_render_cache_new (vms_model_get_n_rows (ctx->model));
  helper = g_thread_new ("vms-render-query", prefetch_thread, &p);
  prefetch_rows (&p, 0);
  g_thread_join (helper);
}

void
_vms_render_rows (
  VmsRenderContext *ctx, const VmsRowLayout *layout, double top, double height, double scroll_y)
{
  cairo_t *cr = ctx->cr;
  const VmsPalette *p = ctx->palette;
  double full_width = ctx->map.x + ctx->map.width;
  guint first, last;

  if (ctx->model == NULL
      || !vms_row_layout_get_range (layout, scroll_y, scroll_y + height, &first, &last))
    return;

  cairo_save (cr);
  cairo_rectangle (cr, 0, top, full_width, height);
  cairo_clip (cr);

  /* Backgrounds, then every bar of every row (batched), then the labels */
  for (guint i = first; i <= last; i++)
    {
      double ry;
      guint node = vms_row_layout_get_visible (layout, i, &ry);
      guint row = GPOINTER_TO_UINT (vms_row_layout_get_node (layout, node)->data);
      const VmsRow *r = vms_model_get_row (ctx->model, row);
      double h = vms_row_layout_get_node (layout, node)->height;
      double y = top + ry - scroll_y;

      if (r->kind == VMS_ROW_GROUP)
        set_color (cr, &p->header);
      else if (i % 2 == 1)
        set_color (cr, &p->row_alt);
      else
        continue;
      cairo_rectangle (cr, 0, y, full_width, h);
      cairo_fill (cr);
    }

  cairo_save (cr);
  cairo_rectangle (cr, ctx->map.x, top, ctx->map.width, height);
  cairo_clip (cr);
  prefetch (ctx, layout, first, last);
  for (guint i = first; i <= last; i++)
    {
      double ry;
      guint node = vms_row_layout_get_visible (layout, i, &ry);
      guint row = GPOINTER_TO_UINT (vms_row_layout_get_node (layout, node)->data);
      const VmsRow *r = vms_model_get_row (ctx->model, row);
      double h = vms_row_layout_get_node (layout, node)->height;

      if (r->kind != VMS_ROW_GROUP)
        collect_bars (ctx, row, r->kind, top + ry - scroll_y + 3, h - 5);
    }
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  flush_bars (ctx);
  if (ctx->highlight_state >= 0 || ctx->highlight_reason >= 0)
    {
      /* Everything dimmed, then the highlighted intervals of the vCPU rows in front */
      cairo_set_source_rgba (cr, p->background.red, p->background.green, p->background.blue, 0.75);
      cairo_rectangle (cr, ctx->map.x, top, ctx->map.width, height);
      cairo_fill (cr);
      for (guint i = first; i <= last; i++)
        {
          double ry;
          guint node = vms_row_layout_get_visible (layout, i, &ry);
          guint row = GPOINTER_TO_UINT (vms_row_layout_get_node (layout, node)->data);
          const VmsRow *r = vms_model_get_row (ctx->model, row);
          double h = vms_row_layout_get_node (layout, node)->height;

          if (r->kind == VMS_ROW_VCPU)
            collect_highlight (ctx, row, r->kind, top + ry - scroll_y + 3, h - 5);
        }
      flush_bars (ctx);
    }
  cairo_restore (cr);

  /* The label column: opaque, with a separator line */
  set_color (cr, &p->background);
  cairo_rectangle (cr, 0, top, ctx->label_width, height);
  cairo_fill (cr);
  set_color (cr, &p->grid);
  cairo_rectangle (cr, ctx->label_width - 1, top, 1, height);
  cairo_fill (cr);
  for (guint i = first; i <= last; i++)
    {
      double ry;
      guint node = vms_row_layout_get_visible (layout, i, &ry);
      guint row = GPOINTER_TO_UINT (vms_row_layout_get_node (layout, node)->data);
      double h = vms_row_layout_get_node (layout, node)->height;
      double y = top + ry - scroll_y;

      if (vms_model_get_row (ctx->model, row)->kind == VMS_ROW_GROUP)
        {
          set_color (cr, &p->header);
          cairo_rectangle (cr, 0, y, ctx->label_width - 1, h);
          cairo_fill (cr);
        }
      draw_label (ctx, layout, node, row, y, h);
    }
  cairo_restore (cr);
}
