/* vms-row-layout.h — the rows of the timeline, flattened: pure logic, tested without
 * a display.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The rows form a tree (VM header → vCPU rows and a "Threads" group → thread rows;
 * the host's CPUs group → pCPU rows), given in pre-order with a depth per node.  A
 * collapsed node hides its descendants; a hidden node is left out with its descendants (node
 * indices stay those given).  The layout lists the visible rows with their
 * y offset and answers which row is at a y.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  guint depth;        /* 0 for top-level nodes; a child is one deeper than its parent */
  gboolean collapsed; /* hides the nodes below it (only meaningful with children) */
  double height;      /* > 0 */
  gpointer data;      /* the caller's row description */
  gboolean hidden;    /* left out, with the nodes below it (a row filter) */
} VmsLayoutNode;

typedef struct _VmsRowLayout VmsRowLayout;

/* nodes in pre-order: the parent of a node is the nearest earlier node of smaller
 * depth.  Copies nodes. */
VmsRowLayout *vms_row_layout_new (const VmsLayoutNode *nodes, guint n_nodes);
void vms_row_layout_free (VmsRowLayout *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VmsRowLayout, vms_row_layout_free)

guint vms_row_layout_get_n_nodes (const VmsRowLayout *self);
const VmsLayoutNode *vms_row_layout_get_node (const VmsRowLayout *self, guint node);
/* Whether a node has children (it can be collapsed). */
gboolean vms_row_layout_node_has_children (const VmsRowLayout *self, guint node);

/* The visible rows, top to bottom. */
guint vms_row_layout_get_n_visible (const VmsRowLayout *self);
/* The node index of the i-th visible row, and its top y. */
guint vms_row_layout_get_visible (const VmsRowLayout *self, guint i, double *y);
/* The visible row index of a node, or -1 when a collapsed ancestor hides it. */
int vms_row_layout_find_visible (const VmsRowLayout *self, guint node);
/* The height of all visible rows together. */
double vms_row_layout_get_height (const VmsRowLayout *self);
/* The visible row at y (0 = top of the first row), or -1 above/below all rows. */
int vms_row_layout_hit_test (const VmsRowLayout *self, double y);
/* The visible rows that intersect [y0, y1): first and last (inclusive); FALSE if none. */
gboolean vms_row_layout_get_range (
  const VmsRowLayout *self, double y0, double y1, guint *first, guint *last);

G_END_DECLS
