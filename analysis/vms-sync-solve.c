/* vms-sync-solve.c — the spanning tree of formulas from the reference, and the results.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Once every trace was fed, each pair of machines that exchanged messages has a hull; the
 * formulas are composed along a breadth-first tree from the reference (see vms_sync_solve()).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "vms-sync-private.h"

/* ---- the spanning tree ------------------------------------------------------------------- */

/* How good a pair's formula is for the tree: 0 unusable. */
static int
quality_rank (VmsSyncQuality q)
{
  switch (q)
    {
      case VMS_SYNC_QUALITY_REFERENCE:
        return 6;
      case VMS_SYNC_QUALITY_MANUAL:
        return 5;
      case VMS_SYNC_QUALITY_ACCURATE:
        return 4;
      case VMS_SYNC_QUALITY_APPROXIMATE:
        return 3;
      case VMS_SYNC_QUALITY_INCOMPLETE:
        return 2;
      case VMS_SYNC_QUALITY_FAIL:
        return 1;
      case VMS_SYNC_QUALITY_ABSENT:
      default:
        return 0;
    }
}

static VmsSyncQuality
worse (VmsSyncQuality a, VmsSyncQuality b)
{
  return quality_rank (a) <= quality_rank (b) ? a : b;
}

static Machine *
find_machine (VmsSync *self, const char *name, GError **error)
{
  g_autoptr (GString) names = g_string_new (NULL);

  for (guint i = 0; i < self->machines->len; i++)
    {
      Machine *m = g_ptr_array_index (self->machines, i);

      if (m != NULL && g_strcmp0 (m->name, name) == 0)
        return m;
    }
  for (guint i = 0; i < self->machines->len; i++)
    {
      Machine *m = g_ptr_array_index (self->machines, i);

      if (m != NULL)
        g_string_append_printf (names, "%s%s", names->len ? ", " : "", m->name);
    }
  g_set_error (error, VMS_SYNC_ERROR, VMS_SYNC_ERROR_UNKNOWN_MACHINE,
               _ ("No machine is named “%s” (the machines are: %s)"), name, names->str);
  return NULL;
}

static Machine *
default_reference (VmsSync *self)
{
  Machine *first = NULL;

  for (guint i = 0; i < self->machines->len; i++)
    {
      Machine *m = g_ptr_array_index (self->machines, i);

      if (m == NULL)
        continue;
      if (m->role == VMS_TRACE_ROLE_HOST)
        return m;
      if (first == NULL)
        first = m;
    }
  for (guint i = 0; i < self->machines->len; i++)
    {
      Machine *m = g_ptr_array_index (self->machines, i);

      if (m != NULL && m->role != VMS_TRACE_ROLE_GUEST && (m->saw_kvm || m->has_vmsync_host))
        return m;
    }
  return first;
}

/* The edge from tree node u to v: t_v = edge (t_u). */
static void
edge_line (Pair *pair, guint u, VmsSyncLine *line)
{
  VmsSyncLine l;

  vms_sync_hull_get_line (pair->hull, &l);
  if (pair->a == u)
    *line = l;
  else
    vms_sync_line_invert (&l, line);
}

/* Messages of one direction going back in time on the reference clock. @upper: x is the send on
 * a's clock, y the receive on b's; else x is the receive on a's, y the send on b's. */
static guint64
count_log_violations (const MatchLog *log, const Machine *ma, const Machine *mb, gboolean upper)
{
  guint64 n = 0;

  for (guint i = 0; i < log->points->len; i++)
    {
      const Match *mt = &g_array_index (log->points, Match, i);
      gint64 ra = vms_sync_line_apply (&ma->to_ref, mt->x);
      gint64 rb = vms_sync_line_apply (&mb->to_ref, mt->y);

      n += upper ? rb < ra - VIOLATION_TOLERANCE_NS : ra < rb - VIOLATION_TOLERANCE_NS;
    }
  return n * log->stride;
}

static void
count_violations (VmsSync *self, Pair *pair)
{
  Machine *ma = g_ptr_array_index (self->machines, pair->a);
  Machine *mb = g_ptr_array_index (self->machines, pair->b);
  guint64 n = count_log_violations (&pair->upper, ma, mb, TRUE)
              + count_log_violations (&pair->lower, ma, mb, FALSE);
  gboolean estimated = pair->upper.stride > 1 || pair->lower.stride > 1;

  ma->result.n_violations += n;
  mb->result.n_violations += n;
  ma->result.violations_estimated |= estimated && n > 0;
  mb->result.violations_estimated |= estimated && n > 0;
}

gboolean
vms_sync_solve (VmsSync *self,
                const char *reference_name,
                GHashTable *manual_offsets,
                GError **error)
{
  guint n = self->machines->len;
  Machine *root;
  g_autofree gboolean *in_tree = NULL;
  g_autofree gboolean *manual = NULL;
  GHashTableIter iter;
  gpointer key, value;

  if (n == 0)
    return TRUE;
  if (reference_name != NULL)
    {
      root = find_machine (self, reference_name, error);
      if (root == NULL)
        return FALSE;
    }
  else
    root = default_reference (self);

  in_tree = g_new0 (gboolean, n);
  manual = g_new0 (gboolean, n);

  for (guint i = 0; i < n; i++)
    {
      Machine *m = g_ptr_array_index (self->machines, i);

      if (m == NULL)
        continue;
      memset (&m->result, 0, sizeof m->result);
      m->result.reference = root->index;
      m->result.parent = -1;
      m->result.quality = VMS_SYNC_QUALITY_ABSENT;
      m->result.unreachable = TRUE;
      vms_sync_line_init_identity (&m->result.line);
      m->result.accuracy = INFINITY;
    }
  root->result.quality = VMS_SYNC_QUALITY_REFERENCE;
  root->result.unreachable = FALSE;
  root->result.accuracy = 0.0;
  in_tree[root->index] = TRUE;

  if (manual_offsets != NULL)
    {
      g_hash_table_iter_init (&iter, manual_offsets);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          Machine *m = find_machine (self, key, error);

          if (m == NULL)
            return FALSE;
          if (m == root)
            {
              g_set_error (error, VMS_SYNC_ERROR, VMS_SYNC_ERROR_INVALID,
                           _ ("“%s” is the reference machine: its offset is 0 by definition"),
                           (const char *) key);
              return FALSE;
            }
          vms_sync_line_init_offset (&m->result.line, *(const gint64 *) value);
          m->result.quality = VMS_SYNC_QUALITY_MANUAL;
          m->result.unreachable = FALSE;
          m->result.accuracy = 0.0;
          manual[m->index] = in_tree[m->index] = TRUE;
        }
    }

  /* Grow the tree one edge at a time: the best worst-quality path first, then the smallest
   * accumulated accuracy (Prim on a bottleneck order; a handful of traces). */
  for (;;)
    {
      Pair *best = NULL;
      guint best_u = 0, best_v = 0;
      int best_rank = 0;
      double best_acc = INFINITY;
      GHashTableIter pit;
      gpointer pv;

      g_hash_table_iter_init (&pit, self->pairs);
      while (g_hash_table_iter_next (&pit, NULL, &pv))
        {
          Pair *pair = pv;
          VmsSyncQuality q = vms_sync_hull_get_quality (pair->hull);
          VmsSyncLine tmp;
          guint u, v;
          int rank;
          double acc;
          Machine *mu;

          if (in_tree[pair->a] == in_tree[pair->b])
            continue;
          u = in_tree[pair->a] ? pair->a : pair->b;
          v = u == pair->a ? pair->b : pair->a;
          if (manual[v] || !vms_sync_hull_get_line (pair->hull, &tmp))
            continue;
          mu = g_ptr_array_index (self->machines, u);
          rank = MIN (quality_rank (q), quality_rank (mu->result.quality));
          acc = mu->result.accuracy + vms_sync_hull_get_accuracy (pair->hull);
          if (rank == 0)
            continue;
          if (rank > best_rank || (rank == best_rank && acc < best_acc)
              || (rank == best_rank && acc == best_acc && best != NULL
                  && (u < best_u || (u == best_u && v < best_v))))
            {
              best = pair;
              best_u = u;
              best_v = v;
              best_rank = rank;
              best_acc = acc;
            }
        }
      if (best == NULL)
        break;

      {
        Machine *mu = g_ptr_array_index (self->machines, best_u);
        Machine *mv = g_ptr_array_index (self->machines, best_v);
        VmsSyncLine e;
        VmsSyncQuality q = vms_sync_hull_get_quality (best->hull);

        edge_line (best, best_u, &e);
        vms_sync_line_compose (&e, &mu->result.line, &mv->result.line);
        mv->result.parent = (gint) best_u;
        mv->result.unreachable = FALSE;
        mv->result.quality = mu == root || mu->result.quality == VMS_SYNC_QUALITY_MANUAL
                               ? q
                               : worse (q, mu->result.quality);
        mv->result.accuracy = best_acc;
        mv->result.n_matches = vms_sync_hull_get_n_matches (best->hull);
        mv->result.n_tightening = vms_sync_hull_get_n_tightening (best->hull);
        in_tree[best_v] = TRUE;
      }
    }

  for (guint i = 0; i < n; i++)
    {
      Machine *m = g_ptr_array_index (self->machines, i);

      if (m == NULL)
        continue;
      m->result.alpha = vms_sync_line_get_alpha (&m->result.line);
      m->result.beta = vms_sync_line_get_beta (&m->result.line);
      vms_sync_line_invert (&m->result.line, &m->to_ref);
      if (m->result.unreachable)
        {
          /* every message of it, for the record */
          GHashTableIter pit;
          gpointer pv;

          g_hash_table_iter_init (&pit, self->pairs);
          while (g_hash_table_iter_next (&pit, NULL, &pv))
            {
              Pair *pair = pv;

              if (pair->a == i || pair->b == i)
                {
                  m->result.n_matches += vms_sync_hull_get_n_matches (pair->hull);
                  m->result.n_tightening += vms_sync_hull_get_n_tightening (pair->hull);
                }
            }
        }
    }

  {
    GHashTableIter pit;
    gpointer pv;

    g_hash_table_iter_init (&pit, self->pairs);
    while (g_hash_table_iter_next (&pit, NULL, &pv))
      count_violations (self, pv);
  }

  /* what is still waiting can no longer be matched */
  g_hash_table_remove_all (self->pending);
  self->reference = root->index;
  self->solved = TRUE;
  return TRUE;
}

const VmsSyncResult *
vms_sync_get_result (VmsSync *self, guint trace_index)
{
  g_return_val_if_fail (trace_index < self->machines->len, NULL);
  return &_vms_sync_machine_get (self, trace_index)->result;
}

guint
vms_sync_get_reference (VmsSync *self)
{
  return self->reference;
}

gint64
vms_sync_to_reference (VmsSync *self, guint trace_index, gint64 ts)
{
  const Machine *m;

  if (G_UNLIKELY (trace_index >= self->machines->len))
    return ts;
  m = g_ptr_array_index (self->machines, trace_index);
  return m != NULL ? vms_sync_line_apply (&m->to_ref, ts) : ts;
}

gint64
vms_sync_from_reference (VmsSync *self, guint trace_index, gint64 ts)
{
  const Machine *m;

  if (G_UNLIKELY (trace_index >= self->machines->len))
    return ts;
  m = g_ptr_array_index (self->machines, trace_index);
  return m != NULL ? vms_sync_line_apply (&m->result.line, ts) : ts;
}

VmsSyncHull *
vms_sync_get_pair_hull (VmsSync *self, guint a, guint b)
{
  Pair *pair = _vms_sync_pair_lookup (self, MIN (a, b), MAX (a, b), FALSE);

  return pair != NULL ? pair->hull : NULL;
}

guint64
vms_sync_count_violations (VmsSync *self, guint a, guint b, const VmsSyncLine *line)
{
  Pair *pair = _vms_sync_pair_lookup (self, MIN (a, b), MAX (a, b), FALSE);
  VmsSyncLine l = *line;
  guint64 n = 0;

  if (pair == NULL)
    return 0;
  if (a > b)
    vms_sync_line_invert (line, &l); /* the pair's x is the smaller index's clock */
  /* upper points must be on or above the line, lower points on or below */
  for (guint i = 0; i < pair->upper.points->len; i++)
    {
      const Match *m = &g_array_index (pair->upper.points, Match, i);

      n += (vms_sync_line_distance (&l, m->x, m->y) < -VIOLATION_TOLERANCE_NS) * pair->upper.stride;
    }
  for (guint i = 0; i < pair->lower.points->len; i++)
    {
      const Match *m = &g_array_index (pair->lower.points, Match, i);

      n += (vms_sync_line_distance (&l, m->x, m->y) > VIOLATION_TOLERANCE_NS) * pair->lower.stride;
    }
  return n;
}
