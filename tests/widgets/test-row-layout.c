/* test-row-layout.c — flattening the row tree with collapsed groups; y → row.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "vms-row-layout.h"

/* VM header (24) → vCPU 0, vCPU 1 (20) → Threads group (24) → 3 threads (20);
 * host CPUs group (24) → 2 pCPUs (20) */
static void
make_tree (VmsLayoutNode nodes[10], gboolean vm_collapsed, gboolean threads_collapsed)
{
  const guint depth[10] = { 0, 1, 1, 1, 2, 2, 2, 0, 1, 1 };

  for (guint i = 0; i < 10; i++)
    {
      nodes[i].depth = depth[i];
      nodes[i].height = (i == 0 || i == 3 || i == 7) ? 24 : 20;
      nodes[i].collapsed = FALSE;
      nodes[i].hidden = FALSE;
      nodes[i].data = GUINT_TO_POINTER (i);
    }
  nodes[0].collapsed = vm_collapsed;
  nodes[3].collapsed = threads_collapsed;
}

static void
test_expanded (void **state)
{
  VmsLayoutNode nodes[10];
  g_autoptr (VmsRowLayout) l = NULL;
  double y;

  make_tree (nodes, FALSE, FALSE);
  l = vms_row_layout_new (nodes, 10);
  assert_int_equal (vms_row_layout_get_n_visible (l), 10);
  assert_true (vms_row_layout_get_height (l) == 3 * 24 + 7 * 20);
  assert_int_equal (vms_row_layout_get_visible (l, 4, &y), 4);
  assert_true (y == 24 + 20 + 20 + 24);
  assert_true (vms_row_layout_node_has_children (l, 0));
  assert_true (vms_row_layout_node_has_children (l, 3));
  assert_false (vms_row_layout_node_has_children (l, 2));
  assert_false (vms_row_layout_node_has_children (l, 9));
}

/* Collapsing the threads group hides its rows, not the host's. */
static void
test_collapsed_group (void **state)
{
  VmsLayoutNode nodes[10];
  g_autoptr (VmsRowLayout) l = NULL;
  double y;

  make_tree (nodes, FALSE, TRUE);
  l = vms_row_layout_new (nodes, 10);
  assert_int_equal (vms_row_layout_get_n_visible (l), 7);
  assert_int_equal (vms_row_layout_get_visible (l, 4, &y), 7); /* the host CPUs group */
  assert_true (y == 24 + 20 + 20 + 24);
  assert_int_equal (vms_row_layout_find_visible (l, 5), -1);
  assert_int_equal (vms_row_layout_find_visible (l, 8), 5);
}

/* Collapsing the VM hides its whole subtree, whatever the inner groups' state. */
static void
test_collapsed_vm (void **state)
{
  VmsLayoutNode nodes[10];
  g_autoptr (VmsRowLayout) l = NULL;

  make_tree (nodes, TRUE, FALSE);
  l = vms_row_layout_new (nodes, 10);
  assert_int_equal (vms_row_layout_get_n_visible (l), 4);
  assert_int_equal (vms_row_layout_get_visible (l, 1, NULL), 7);
  assert_true (vms_row_layout_get_height (l) == 24 + 24 + 2 * 20);
}

static void
test_hit_test (void **state)
{
  VmsLayoutNode nodes[10];
  g_autoptr (VmsRowLayout) l = NULL;
  guint first, last;

  make_tree (nodes, FALSE, FALSE);
  l = vms_row_layout_new (nodes, 10);
  assert_int_equal (vms_row_layout_hit_test (l, -0.5), -1);
  assert_int_equal (vms_row_layout_hit_test (l, 0), 0);
  assert_int_equal (vms_row_layout_hit_test (l, 23.9), 0);
  assert_int_equal (vms_row_layout_hit_test (l, 24), 1);
  assert_int_equal (vms_row_layout_hit_test (l, 24 + 20 + 20 + 24 + 5), 4);
  assert_int_equal (vms_row_layout_hit_test (l, vms_row_layout_get_height (l) - 0.01), 9);
  assert_int_equal (vms_row_layout_hit_test (l, vms_row_layout_get_height (l)), -1);

  /* Rows in a scrolled viewport */
  assert_true (vms_row_layout_get_range (l, 30, 90, &first, &last));
  assert_int_equal (first, 1);
  assert_int_equal (last, 4);
  assert_false (vms_row_layout_get_range (l, 1000, 2000, &first, &last));
}

static void
test_empty (void **state)
{
  g_autoptr (VmsRowLayout) l = vms_row_layout_new (NULL, 0);
  guint first, last;

  assert_int_equal (vms_row_layout_get_n_visible (l), 0);
  assert_int_equal (vms_row_layout_hit_test (l, 0), -1);
  assert_false (vms_row_layout_get_range (l, 0, 100, &first, &last));
}

/* A hidden node is left out with its descendants; node indices stay. */
static void
test_hidden (void **state)
{
  VmsLayoutNode nodes[10];
  g_autoptr (VmsRowLayout) l = NULL;
  double y;

  make_tree (nodes, FALSE, FALSE);
  nodes[5].hidden = TRUE; /* a thread */
  nodes[7].hidden = TRUE; /* the host CPUs group, with its pCPUs */
  l = vms_row_layout_new (nodes, 10);
  assert_int_equal (vms_row_layout_get_n_visible (l), 6);
  assert_true (vms_row_layout_get_height (l) == 2 * 24 + 4 * 20);
  assert_int_equal (vms_row_layout_find_visible (l, 5), -1);
  assert_int_equal (vms_row_layout_find_visible (l, 8), -1);
  assert_int_equal (vms_row_layout_find_visible (l, 6), 5);
  assert_int_equal (vms_row_layout_get_visible (l, 5, &y), 6);
  assert_true (y == 2 * 24 + 3 * 20);
  assert_int_equal (vms_row_layout_get_n_nodes (l), 10);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_hidden),          cmocka_unit_test (test_expanded),
    cmocka_unit_test (test_collapsed_group), cmocka_unit_test (test_collapsed_vm),
    cmocka_unit_test (test_hit_test),        cmocka_unit_test (test_empty),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
