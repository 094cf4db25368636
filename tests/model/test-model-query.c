/* test-model-query.c — the drawing queries: bounded items, short states never hidden, exact
 * intervals when zoomed in, agreement with a brute-force scan, and the hit-test.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <glib.h>

#include "test-model-events.h"

#define VCPU 101
#define OTHER 300
#define PERIOD 10000     /* an exit every 10 µs */
#define N_PERIODS 100000 /* one second */
#define PREEMPT_K 50000  /* the one preemption, in the middle */
#define PREEMPT_AT (PREEMPT_K * (gint64) PERIOD + 9500)
#define PREEMPT_LEN 2000 /* 2 µs */
#define SECOND G_GINT64_CONSTANT (1000000000)

static VmsModel *model;
static int vcpu_row;

/* One second of a vCPU exiting every 10 µs for 1 µs, preempted once for 2 µs. */
static int
setup (void **state)
{
  VmsModelBuilder *b = vms_model_builder_new (test_name, NULL);
  Seq *s = seq_new ();

  ev_statedump (s, 0, VCPU, 100, 1, N_VCPU0, 5);
  ev_switch (s, 0, 0, 0, 0, VCPU);
  for (gint64 k = 0; k < N_PERIODS; k++)
    {
      gint64 t = k * PERIOD;

      if (k == PREEMPT_K + 1)
        ev_entry (s, t - PERIOD + 11800, 0, 0);
      else
        ev_entry (s, t + 1, 0, 0);
      ev_exit (s, t + 9000, 0, k % 7 == 0 ? 30 : 1);
      if (k == PREEMPT_K)
        {
          ev_switch (s, PREEMPT_AT, 0, VCPU, 0, OTHER);
          ev_switch (s, PREEMPT_AT + PREEMPT_LEN, 0, OTHER, 1, VCPU);
        }
    }
  ev_entry (s, SECOND, 0, 0);
  vms_model_builder_add_machine (b, 0, "host", NULL);
  seq_feed (b, 0, s);
  seq_free (s);
  model = vms_model_builder_finish (b);
  vcpu_row = find_row (model, VMS_ROW_VCPU, 0, -1, 0);
  return vcpu_row >= 0 ? 0 : -1;
}

static int
teardown (void **state)
{
  g_clear_object (&model);
  return 0;
}

static void
check_items_ordered (GArray *items, gint64 begin, gint64 end, gint64 ns_per_pixel)
{
  gint64 last = begin;

  assert_true (items->len <= (guint) ((end - begin) / ns_per_pixel + 2));
  for (guint i = 0; i < items->len; i++)
    {
      const VmsModelItem *it = &g_array_index (items, VmsModelItem, i);

      assert_true (it->start >= last);
      assert_true (it->end > it->start);
      assert_true (it->end <= end);
      assert_true (it->count >= 1);
      assert_true (it->states & (1u << it->dominant));
      last = it->end;
    }
}

/* A 2 µs preemption stays visible when the whole second is drawn on 1920 pixels. */
static void
test_short_preemption_visible (void **state)
{
  g_autoptr (GArray) items = g_array_new (FALSE, FALSE, sizeof (VmsModelItem));
  gint64 px = SECOND / 1920;
  gboolean found = FALSE;

  vms_model_query (model, (guint) vcpu_row, 0, SECOND, px, items);
  check_items_ordered (items, 0, SECOND, px);
  assert_true (items->len >= 1900);
  for (guint i = 0; i < items->len; i++)
    {
      const VmsModelItem *it = &g_array_index (items, VmsModelItem, i);

      if (it->count > 2 && it->dominant != VMS_STATE_RUNNING)
        fail_msg ("item %u [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ") dominant %s count %u", i,
                  it->start, it->end, vms_state_to_string (it->dominant), it->count);
      if (it->start <= PREEMPT_AT && PREEMPT_AT < it->end)
        {
          found = TRUE;
          assert_true (it->states & (1u << VMS_STATE_PREEMPTED));
          assert_true (it->states & (1u << VMS_STATE_HYPERVISOR));
          assert_int_equal (it->worst_state, VMS_STATE_PREEMPTED);
          assert_int_equal (it->worst_start, PREEMPT_AT);
          assert_int_equal (it->worst_end, PREEMPT_AT + PREEMPT_LEN);
          assert_int_equal (it->worst_cause, OTHER);
          assert_true (it->count > 50);
        }
      else if (it->end + px / 2 < PREEMPT_AT || it->start > PREEMPT_AT + PREEMPT_LEN + px / 2)
        {
          /* (within half a pixel of it, the neighbour may show it too) */
          assert_false (it->states & (1u << VMS_STATE_PREEMPTED));
          if (it->worst_state != VMS_STATE_UNKNOWN)
            assert_int_equal (it->worst_state, VMS_STATE_HYPERVISOR);
        }
    }
  assert_true (found);
}

/* Zoomed in: one item per interval, exact bounds. */
static void
test_zoomed_in_exact (void **state)
{
  g_autoptr (GArray) items = g_array_new (FALSE, FALSE, sizeof (VmsModelItem));
  gint64 begin = PREEMPT_K * (gint64) PERIOD;
  gint64 end = begin + 2 * PERIOD;
  gboolean found = FALSE;

  vms_model_query (model, (guint) vcpu_row, begin, end, 10, items);
  check_items_ordered (items, begin, end, 10);
  assert_true (items->len < 20);
  for (guint i = 0; i < items->len; i++)
    {
      const VmsModelItem *it = &g_array_index (items, VmsModelItem, i);

      /* one item per interval, plus the pixels where one interval ends inside */
      assert_true (it->count <= 2);
      if (it->count == 1 && it->dominant == VMS_STATE_PREEMPTED)
        {
          found = TRUE;
          assert_int_equal (it->start, PREEMPT_AT);
          assert_int_equal (it->end, PREEMPT_AT + PREEMPT_LEN);
        }
    }
  assert_true (found);
}

/* The exact intervals of [start, end): their states, count, and longest alert interval. */
static void
scan_exact (
  GArray *exact, gint64 start, gint64 end, guint32 *states, gint64 *worst, VmsState *worst_state)
{
  vms_model_get_intervals (model, (guint) vcpu_row, start, end, exact);
  *states = 0;
  *worst = -1;
  *worst_state = VMS_STATE_UNKNOWN;
  for (guint j = 0; j < exact->len; j++)
    {
      const VmsInterval *in = &g_array_index (exact, VmsInterval, j);

      *states |= 1u << in->state;
      if (VMS_STATE_IS_ALERT (in->state) && in->end - in->start > *worst)
        {
          *worst = in->end - in->start;
          *worst_state = in->state;
        }
    }
}

/* Every item agrees with a scan of the exact intervals it covers: exactly when zoomed in; when
 * zoomed out (summaries of time buckets at most half a pixel wide), it holds every state of its
 * span and none from further than half a pixel away. */
static void
test_against_brute_force (void **state)
{
  g_autoptr (GArray) items = g_array_new (FALSE, FALSE, sizeof (VmsModelItem));
  g_autoptr (GArray) exact = g_array_new (FALSE, FALSE, sizeof (VmsInterval));
  GRand *rand = g_rand_new_with_seed (5);
  guint n_exact = 0, n_summarized = 0;

  for (guint round = 0; round < 60; round++)
    {
      gint64 begin = g_rand_int_range (rand, 0, SECOND / 1000) * 1000 - 5000;
      gint64 len = (gint64) 1 << g_rand_int_range (rand, 10, 30);
      gint64 n_px = g_rand_int_range (rand, 50, 2000);
      gint64 px = MAX (1, len / n_px);

      vms_model_query (model, (guint) vcpu_row, begin, begin + len, px, items);
      check_items_ordered (items, begin, begin + len, px);
      for (guint i = 0; i < items->len; i += 1 + items->len / 50)
        {
          const VmsModelItem *it = &g_array_index (items, VmsModelItem, i);
          guint32 states, wide_states;
          gint64 worst, wide_worst;
          VmsState worst_state, wide_worst_state;
          guint exact_count;

          scan_exact (exact, it->start, it->end, &states, &worst, &worst_state);
          exact_count = exact->len;
          scan_exact (exact, it->start - px / 2 - 1, it->end + px / 2 + 1, &wide_states,
                      &wide_worst, &wide_worst_state);
          if (it->count == exact_count && it->states == states && it->worst_state == worst_state
              && (worst < 0 || worst == it->worst_end - it->worst_start))
            {
              n_exact++;
              continue;
            }
          /* summarized: bounded by the span and the span widened by half a pixel */
          n_summarized++;
          assert_true (px >= 64); /* only zoomed out */
          assert_int_equal (it->states & states, states);
          assert_int_equal (it->states & ~wide_states, 0);
          if (worst >= 0)
            assert_true (it->worst_end - it->worst_start >= worst);
          if (it->worst_state != VMS_STATE_UNKNOWN)
            assert_true (it->worst_end - it->worst_start <= wide_worst);
          assert_true (it->count <= exact->len + 1);
        }
    }
  g_printerr ("# %u items exact, %u summarized\n", n_exact, n_summarized);
  assert_true (n_exact > 0);
  g_rand_free (rand);
}

/* Query time does not grow with the number of intervals in the range. */
static void
test_query_time (void **state)
{
  g_autoptr (GArray) items = g_array_new (FALSE, FALSE, sizeof (VmsModelItem));
  const gint64 spans[] = { SECOND, SECOND / 100, SECOND / 10000, 100000 };

  for (guint z = 0; z < G_N_ELEMENTS (spans); z++)
    {
      gint64 begin = SECOND / 2 - spans[z] / 2;
      gint64 t0 = g_get_monotonic_time ();
      double us;

      for (guint r = 0; r < 20; r++)
        vms_model_query (model, (guint) vcpu_row, begin, begin + spans[z], MAX (1, spans[z] / 1920),
                         items);
      us = (double) (g_get_monotonic_time () - t0) / 20.0;
      g_printerr ("# query of 1920 px over %" G_GINT64_FORMAT " ns: %.1f µs, %u items\n", spans[z],
                  us, items->len);
      assert_true (us < 20000); /* generous: sanitizers and a shared machine */
    }
}

static void
test_hit_test_and_totals (void **state)
{
  VmsInterval in;
  gint64 totals[VMS_N_STATES];

  assert_true (vms_model_hit_test (model, (guint) vcpu_row, PREEMPT_AT + 1, &in));
  assert_int_equal (in.state, VMS_STATE_PREEMPTED);
  assert_int_equal (in.start, PREEMPT_AT);
  assert_int_equal (in.end, PREEMPT_AT + PREEMPT_LEN);
  assert_int_equal (in.tid, OTHER);
  assert_true (vms_model_hit_test (model, (guint) vcpu_row, 7 * PERIOD + 9500, &in));
  assert_int_equal (in.state, VMS_STATE_HYPERVISOR);
  assert_int_equal (in.exit_reason, 30);
  assert_false (vms_model_hit_test (model, (guint) vcpu_row, -5, &in));
  assert_false (vms_model_hit_test (model, (guint) vcpu_row, SECOND + 5, &in));

  vms_model_get_totals (model, (guint) vcpu_row, PREEMPT_AT - 500, PREEMPT_AT + 3000, totals);
  assert_int_equal (totals[VMS_STATE_PREEMPTED], PREEMPT_LEN);
  assert_int_equal (totals[VMS_STATE_HYPERVISOR], 500 + 300);
  assert_int_equal (totals[VMS_STATE_RUNNING], 700);
}

static void
test_empty_rows (void **state)
{
  g_autoptr (GArray) items = g_array_new (FALSE, FALSE, sizeof (VmsModelItem));

  /* A group row has no items; a range outside the data has none either */
  assert_int_equal (vms_model_query (model, 0, 0, SECOND, 1000, items), 0);
  assert_int_equal (vms_model_query (model, (guint) vcpu_row, -1000, -10, 1, items), 0);
  assert_int_equal (vms_model_query (model, (guint) vcpu_row, 0, SECOND, 0, items), 0);
  assert_int_equal (vms_model_query (model, 100000, 0, SECOND, 10, items), 0);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_short_preemption_visible), cmocka_unit_test (test_zoomed_in_exact),
    cmocka_unit_test (test_against_brute_force),      cmocka_unit_test (test_query_time),
    cmocka_unit_test (test_hit_test_and_totals),      cmocka_unit_test (test_empty_rows),
  };

  return cmocka_run_group_tests_name ("model-query", tests, setup, teardown);
}
