/* test-sync-traces.c — synchronization of real traces and of generated ones against their truth.
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
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vms-sync.h"
#include "vms-test-util.h"
#include "vms-trace.h"

static gboolean
feed_batch (VmsTrace *trace, guint trace_index, const VmsEvent *events, gsize n, gpointer data)
{
  vms_sync_feed (data, trace_index, events, n);
  return TRUE;
}

/* Reads every trace below @paths into a solved VmsSync. */
static VmsSync *
sync_paths (const char *const *paths, VmsTraceSet **out_set)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VmsTraceSet) set = vms_trace_set_new (paths, &error);
  VmsSync *sync;

  if (set == NULL)
    fail_msg ("%s", error->message);
  sync = vms_sync_new ();
  for (guint i = 0; i < vms_trace_set_get_n_traces (set); i++)
    {
      VmsTrace *t = vms_trace_set_get_trace (set, i);

      vms_sync_add_trace (sync, i, vms_trace_get_hostname (t), vms_trace_get_role (t));
    }
  if (!vms_trace_set_read (set, feed_batch, sync, NULL, NULL, NULL, &error))
    fail_msg ("%s", error->message);
  for (guint i = 0; i < vms_trace_set_get_n_traces (set); i++)
    {
      VmsTrace *t = vms_trace_set_get_trace (set, i);

      assert_null (vms_trace_get_error (t));
      vms_sync_add_trace (sync, i, vms_trace_get_hostname (t), vms_trace_get_role (t));
    }
  if (!vms_sync_solve (sync, NULL, NULL, &error))
    fail_msg ("%s", error->message);
  *out_set = g_steal_pointer (&set);
  return sync;
}

/* The real pair: two machines exchanging scp traffic, add-on inet_sock events only. */
static void
test_scp_pair (void **state)
{
  g_autofree char *src = vms_test_trace_path ("sync/scp_src");
  g_autofree char *dest = vms_test_trace_path ("sync/scp_dest");
  g_autoptr (VmsTraceSet) set = NULL;
  g_autoptr (VmsSync) sync = NULL;
  const VmsSyncResult *r;

  if (src == NULL || dest == NULL)
    skip ();
  {
    const char *paths[] = { src, dest, NULL };

    sync = sync_paths (paths, &set);
  }
  assert_int_equal (vms_trace_set_get_n_traces (set), 2);
  /* the whole of both traces was read */
  assert_int_equal (vms_trace_get_n_events (vms_trace_set_get_trace (set, 0)), 110771);
  assert_int_equal (vms_trace_get_n_events (vms_trace_set_get_trace (set, 1)), 85729);
  assert_int_equal (vms_sync_get_reference (sync), 0);
  r = vms_sync_get_result (sync, 1);
  g_printerr ("# scp: %s, alpha %.12f, accuracy %.3g, %" G_GUINT64_FORMAT
              " matches (%" G_GUINT64_FORMAT " tightening), %" G_GUINT64_FORMAT " violations\n",
              vms_sync_quality_to_string (r->quality), r->alpha, r->accuracy, r->n_matches,
              r->n_tightening, r->n_violations);
  assert_int_equal (r->quality, VMS_SYNC_QUALITY_ACCURATE);
  assert_int_equal (r->parent, 0);
  assert_true (r->n_matches >= 40);
  assert_int_equal (r->n_violations, 0);
  assert_true (r->accuracy > 0 && r->accuracy < 0.01);
  assert_true (fabs (r->line.delta) < r->accuracy);
  /* the two machines' traces overlap once on one clock */
  {
    VmsTrace *a = vms_trace_set_get_trace (set, 0), *b = vms_trace_set_get_trace (set, 1);
    gint64 b_begin = vms_sync_to_reference (sync, 1, vms_trace_get_begin (b));
    gint64 b_end = vms_sync_to_reference (sync, 1, vms_trace_get_end (b));

    assert_true (b_begin < b_end);
    assert_true (b_begin < vms_trace_get_end (a) && b_end > vms_trace_get_begin (a));
  }
}

/* ---- generated traces ------------------------------------------------------------------- */

typedef struct {
  char *dir;
  JsonParser *truth;
} Generated;

static void
generated_clear (Generated *g)
{
  if (g->dir != NULL)
    {
      g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", g->dir);

      (void) !system (cmd);
    }
  g_clear_pointer (&g->dir, g_free);
  g_clear_object (&g->truth);
}

/* Runs vmscope-gen; FALSE (test skipped, reason printed) when it is not built or refuses the
 * options (not implemented yet). */
static gboolean
generate (Generated *g, const char *const *args)
{
  g_autofree char *gen = vms_test_build_path ("tools/vmscope-gen");
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL, *truth = NULL;
  int status = 0;

  memset (g, 0, sizeof *g);
  if (!g_file_test (gen, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_printerr ("# %s is not built; skipping\n", gen);
      return FALSE;
    }
  g->dir = g_dir_make_tmp ("vms-sync-XXXXXX", &error);
  assert_non_null (g->dir);
  g_ptr_array_add (argv, gen);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, (gpointer) "-o");
  g_ptr_array_add (argv, g->dir);
  g_ptr_array_add (argv, NULL);
  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                     &status, &error))
    fail_msg ("%s", error->message);
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_printerr ("# vmscope-gen refused the options (%s); skipping\n", g_strstrip (err));
      generated_clear (g);
      return FALSE;
    }
  truth = g_build_filename (g->dir, "truth.json", NULL);
  g->truth = json_parser_new ();
  if (!json_parser_load_from_file (g->truth, truth, &error))
    fail_msg ("%s", error->message);
  return TRUE;
}

/* t_guest exactly as the generator defines it. */
static long double
truth_at (JsonObject *clock, gint64 t_host)
{
  gint64 offset = json_object_get_int_member (clock, "offset_ns");
  gint64 ref = json_object_get_int_member (clock, "ref_host_ns");
  gint64 ppb = json_object_get_int_member (clock, "drift_ppb");

  return (long double) t_host + offset + floorl ((long double) (t_host - ref) * ppb / 1e9L);
}

/* Every guest of a generated set: found, tied to its VM and host, and its formula within the
 * reported accuracy of the truth. */
static void
check_generated (Generated *g, VmsSyncQuality want_quality, gboolean vmsync)
{
  g_autoptr (VmsTraceSet) set = NULL;
  g_autoptr (VmsSync) sync = NULL;
  JsonObject *root = json_node_get_object (json_parser_get_root (g->truth));
  JsonArray *guests = json_object_get_array_member (root, "guests");
  const char *paths[] = { g->dir, NULL };
  gint host = -1;
  guint n_checked = 0;

  sync = sync_paths (paths, &set);
  for (guint i = 0; i < vms_trace_set_get_n_traces (set); i++)
    if (vms_trace_get_role (vms_trace_set_get_trace (set, i)) == VMS_TRACE_ROLE_HOST)
      host = (gint) i;
  assert_true (host >= 0);
  assert_int_equal (vms_sync_get_reference (sync), host);

  for (guint k = 0; k < json_array_get_length (guests); k++)
    {
      JsonObject *guest = json_array_get_object_element (guests, k);
      JsonObject *clock = json_object_get_object_member (guest, "clock");
      const char *name = json_object_get_string_member (guest, "hostname");
      gint64 vm_uid = json_object_get_int_member (guest, "vm_uid");
      const VmsSyncResult *r = NULL;
      VmsTrace *trace = NULL;
      guint index = 0;
      guint64 uid = 0;
      gint64 begin, end;
      double alpha_true = 1.0 + json_object_get_int_member (clock, "drift_ppb") / 1e9;
      double worst = 0;
      gsize n_threads;
      const VmsSyncVmThread *threads;
      gboolean thread_found = FALSE;
      VmsSyncLine truth_line;
      guint64 truth_violations;

      for (guint i = 0; i < vms_trace_set_get_n_traces (set); i++)
        if (g_strcmp0 (vms_trace_get_hostname (vms_trace_set_get_trace (set, i)), name) == 0)
          {
            index = i;
            trace = vms_trace_set_get_trace (set, i);
          }
      assert_non_null (trace);
      r = vms_sync_get_result (sync, index);
      if (vmsync)
        {
          assert_true (vms_sync_get_vm_uid (sync, index, &uid));
          assert_true (uid == (guint64) vm_uid);
          assert_int_equal (vms_sync_get_host_of (sync, index), host);
        }
      assert_int_equal (r->parent, host);
      assert_true (r->n_matches > 10);

      /* Messages that break causality against the truth itself can only give "fail". */
      truth_line.x0 = json_object_get_int_member (clock, "ref_host_ns");
      truth_line.y0 = truth_line.x0 + json_object_get_int_member (clock, "offset_ns");
      truth_line.delta = json_object_get_int_member (clock, "drift_ppb") / 1e9;
      truth_line.b = -0.5; /* the truth floors */
      truth_violations = vms_sync_count_violations (sync, host, index, &truth_line);
      if (truth_violations > 0)
        {
          g_printerr ("# %s: %" G_GUINT64_FORMAT " of its %" G_GUINT64_FORMAT
                      " messages go back in time on the generator's own truth: the generator's "
                      "bug; the pair says %s\n",
                      name, truth_violations, r->n_matches,
                      vms_sync_quality_to_string (r->quality));
          assert_int_equal (r->quality, VMS_SYNC_QUALITY_FAIL);
          n_checked++;
          continue;
        }
      assert_int_equal (r->quality, want_quality);
      assert_int_equal (r->n_violations, 0);

      /* the true drift is within the bounds, so within the accuracy of the estimate */
      assert_true (fabs (r->alpha - alpha_true) <= r->accuracy);
      /* over the guest's whole trace, the formula puts its events within the accuracy (the
       * slope error over the span) plus one round trip of the truth */
      begin = vms_sync_to_reference (sync, index, vms_trace_get_begin (trace));
      end = vms_sync_to_reference (sync, index, vms_trace_get_end (trace));
      for (gint64 t = begin; t <= end; t += MAX (1, (end - begin) / 64))
        {
          long double err
            = fabsl ((long double) vms_sync_line_apply (&r->line, t) - truth_at (clock, t));

          worst = MAX (worst, (double) err);
        }
      g_printerr ("# %s: %s, drift %+.4f ppm (true %+.4f), accuracy %.3g, %" G_GUINT64_FORMAT
                  " matches, worst error %.0f ns over %.2f s\n",
                  name, vms_sync_quality_to_string (r->quality), r->line.delta * 1e6,
                  (alpha_true - 1) * 1e6, r->accuracy, r->n_matches, worst, (end - begin) / 1e9);
      assert_true (worst <= r->accuracy * (end - begin) + 20000);

      /* the host threads that made its hypercalls are its vCPU threads */
      if (!vmsync)
        {
          n_checked++;
          continue;
        }
      threads = vms_sync_get_vm_threads (sync, host, &n_threads);
      for (gsize i = 0; i < n_threads; i++)
        if (threads[i].vm_uid == (guint64) vm_uid)
          {
            JsonArray *tids = json_object_get_array_member (guest, "vcpu_tids");
            gboolean known = FALSE;

            for (guint j = 0; j < json_array_get_length (tids); j++)
              known |= json_array_get_int_element (tids, j) == threads[i].tid;
            assert_true (known);
            thread_found = TRUE;
          }
      assert_true (thread_found);
      n_checked++;
    }
  assert_true (n_checked >= 2);
}

static void
test_generated_seeds (void **state)
{
  static const char *const seeds[] = { "1", "2", "3" };

  for (guint s = 0; s < G_N_ELEMENTS (seeds); s++)
    {
      const char *args[] = { "--scenario", "seed", "--seed", seeds[s], "--duration", "2s", NULL };
      Generated g;

      if (!generate (&g, args))
        skip ();
      check_generated (&g, VMS_SYNC_QUALITY_ACCURATE, TRUE);
      generated_clear (&g);
    }
}

/* Four VMs on one host, each with its own formula. */
static void
test_generated_four_vms (void **state)
{
  const char *args[]
    = { "--scenario", "seed", "--vms", "4", "--seed", "9", "--duration", "1s", NULL };
  Generated g;

  if (!generate (&g, args))
    skip ();
  check_generated (&g, VMS_SYNC_QUALITY_ACCURATE, TRUE);
  generated_clear (&g);
}

static void
test_generated_noisy (void **state)
{
  const char *args[]
    = { "--scenario", "noisy-neighbour", "--seed",      "11", "--duration", "2s", "--drift",
        "-60",        "--offset",        "-4000000000", NULL };
  Generated g;

  if (!generate (&g, args))
    skip ();
  check_generated (&g, VMS_SYNC_QUALITY_ACCURATE, TRUE);
  generated_clear (&g);
}

/* A stock host: only kvm_x86_hypercall nr 5 and kvm_x86_entry there. */
static void
test_generated_hypercall_only (void **state)
{
  const char *args[]
    = { "--scenario", "seed", "--seed", "4", "--duration", "2s", "--no-vmsync", NULL };
  Generated g;

  if (!generate (&g, args))
    skip ();
  check_generated (&g, VMS_SYNC_QUALITY_ACCURATE, TRUE);
  generated_clear (&g);
}

/* TCP only: the guests talk to the host over the network, no vmsync at all. */
static void
test_generated_tcp_only (void **state)
{
  const char *args[]
    = { "--scenario", "seed", "--seed", "5", "--duration", "2s", "--net", "--no-sync", NULL };
  Generated g;

  if (!generate (&g, args))
    skip ();
  check_generated (&g, VMS_SYNC_QUALITY_ACCURATE, FALSE);
  generated_clear (&g);
}

/* `vmscope sync --json` on the real pair, with an offset by hand, and a folder that is not
 * there (exit 1, the message names it). */
static void
test_cli (void **state)
{
  g_autofree char *src = vms_test_trace_path ("sync/scp_src");
  g_autofree char *dest = vms_test_trace_path ("sync/scp_dest");
  g_autofree char *vmscope = vms_test_build_path ("app/vmscope");
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonArray *machines;
  JsonObject *sync;
  int status;

  if (src == NULL || dest == NULL)
    skip ();
  if (!g_file_test (vmscope, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_printerr ("# %s is not built; skipping\n", vmscope);
      skip ();
    }
  {
    const char *argv[] = { vmscope, "sync", "--json", "--offset", "VM3=-2500", src, dest, NULL };

    assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                               &status, &error));
    assert_true (g_spawn_check_wait_status (status, NULL));
  }
  assert_true (json_parser_load_from_data (parser, out, -1, &error));
  machines = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                           "machines");
  assert_int_equal (json_array_get_length (machines), 2);
  sync = json_object_get_object_member (json_array_get_object_element (machines, 1), "sync");
  assert_string_equal (
    json_object_get_string_member (json_array_get_object_element (machines, 1), "name"), "VM3");
  assert_string_equal (json_object_get_string_member (sync, "reference"), "VM1");
  assert_string_equal (json_object_get_string_member (sync, "quality"), "manual");
  assert_true (json_object_get_double_member (sync, "alpha") == 1.0);
  assert_true (json_object_get_double_member (sync, "beta") == -2500.0);
  assert_true (json_object_has_member (sync, "accuracy"));
  assert_true (json_object_has_member (sync, "matches"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  {
    const char *argv[] = { vmscope, "sync", src, "/nonexistent/vms-trace", NULL };

    assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                               &status, &error));
    assert_false (g_spawn_check_wait_status (status, NULL));
    assert_non_null (strstr (err, "/nonexistent/vms-trace"));
  }
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_scp_pair),           cmocka_unit_test (test_cli),
    cmocka_unit_test (test_generated_seeds),    cmocka_unit_test (test_generated_four_vms),
    cmocka_unit_test (test_generated_noisy),    cmocka_unit_test (test_generated_hypercall_only),
    cmocka_unit_test (test_generated_tcp_only),
  };

  return cmocka_run_group_tests_name ("sync-traces", tests, NULL, NULL);
}
