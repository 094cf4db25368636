/* vms-row-layout.c
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include "vms-row-layout.h"

struct _VmsRowLayout {
  GArray *nodes;   /* VmsLayoutNode */
  GArray *visible; /* guint node index */
  GArray *y;       /* double: top of each visible row, plus the total height at the end */
  GArray *index;   /* int per node: its visible index or -1 */
};

VmsRowLayout *
vms_row_layout_new (const VmsLayoutNode *nodes, guint n_nodes)
{
  VmsRowLayout *self = g_new0 (VmsRowLayout, 1);
  guint hidden_below = G_MAXUINT; /* depth of a collapsed ancestor, or G_MAXUINT */
  double y = 0;

  g_return_val_if_fail (nodes != NULL || n_nodes == 0, NULL);

  self->nodes = g_array_sized_new (FALSE, FALSE, sizeof (VmsLayoutNode), n_nodes);
  g_array_append_vals (self->nodes, nodes, n_nodes);
  self->visible = g_array_new (FALSE, FALSE, sizeof (guint));
  self->y = g_array_new (FALSE, FALSE, sizeof (double));
  self->index = g_array_sized_new (FALSE, FALSE, sizeof (int), n_nodes);

  for (guint i = 0; i < n_nodes; i++)
    {
      const VmsLayoutNode *n = &nodes[i];
      int idx = -1;

      if (n->depth <= hidden_below)
        hidden_below = G_MAXUINT;
      if (hidden_below == G_MAXUINT && n->hidden)
        hidden_below = n->depth;
      else if (hidden_below == G_MAXUINT)
        {
          idx = self->visible->len;
          g_array_append_val (self->visible, i);
          g_array_append_val (self->y, y);
          y += n->height > 0 ? n->height : 0;
          if (n->collapsed)
            hidden_below = n->depth;
        }
      g_array_append_val (self->index, idx);
    }
  g_array_append_val (self->y, y);
  return self;
}

void
vms_row_layout_free (VmsRowLayout *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->nodes);
  g_array_unref (self->visible);
  g_array_unref (self->y);
  g_array_unref (self->index);
  g_free (self);
}

guint
vms_row_layout_get_n_nodes (const VmsRowLayout *self)
{
  return self->nodes->len;
}

const VmsLayoutNode *
vms_row_layout_get_node (const VmsRowLayout *self, guint node)
{
  g_return_val_if_fail (node < self->nodes->len, NULL);

  return &g_array_index (self->nodes, VmsLayoutNode, node);
}

gboolean
vms_row_layout_node_has_children (const VmsRowLayout *self, guint node)
{
  g_return_val_if_fail (node < self->nodes->len, FALSE);

  return node + 1 < self->nodes->len
         && g_array_index (self->nodes, VmsLayoutNode, node + 1).depth
              > g_array_index (self->nodes, VmsLayoutNode, node).depth;
}

guint
vms_row_layout_get_n_visible (const VmsRowLayout *self)
{
  return self->visible->len;
}

guint
vms_row_layout_get_visible (const VmsRowLayout *self, guint i, double *y)
{
  g_return_val_if_fail (i < self->visible->len, 0);

  if (y != NULL)
    *y = g_array_index (self->y, double, i);
  return g_array_index (self->visible, guint, i);
}

int
vms_row_layout_find_visible (const VmsRowLayout *self, guint node)
{
  g_return_val_if_fail (node < self->nodes->len, -1);

  return g_array_index (self->index, int, node);
}

double
vms_row_layout_get_height (const VmsRowLayout *self)
{
  return g_array_index (self->y, double, self->y->len - 1);
}

int
vms_row_layout_hit_test (const VmsRowLayout *self, double y)
{
  const double *ys = (const double *) (gpointer) self->y->data;
  guint lo = 0, hi = self->visible->len;

  if (hi == 0 || y < 0 || y >= ys[hi])
    return -1;
  /* The last row whose top is <= y */
  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;

      if (ys[mid] <= y)
        lo = mid;
      else
        hi = mid;
    }
  return (int) lo;
}

gboolean
vms_row_layout_get_range (const VmsRowLayout *self, double y0, double y1, guint *first, guint *last)
{
  guint n = self->visible->len;
  double total = vms_row_layout_get_height (self);
  int a, b;

  if (n == 0 || y1 <= 0 || y0 >= total || y1 <= y0)
    return FALSE;
  a = vms_row_layout_hit_test (self, MAX (y0, 0));
  b = vms_row_layout_hit_test (self, MIN (y1, total) - 1e-9);
  if (a < 0 || b < 0)
    return FALSE;
  *first = a;
  *last = b;
  return TRUE;
}
