/* test-model-cli.c — `vmscope analyze` and `vmscope state` as a user runs them: the JSON keys,
 * ranges, the text report, plain machines, bad input and exit statuses.
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
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/wait.h>

#include "test-model-util.h"
#include "vms-test-util.h"

static char *generated; /* a short seed scenario, or NULL when vmscope-gen is not built */

static int
setup (void **state)
{
  g_autofree char *gen = vms_test_build_path ("tools/vmscope-gen");
  g_autoptr (GError) error = NULL;
  int status = 0;

  if (!g_file_test (gen, G_FILE_TEST_IS_EXECUTABLE))
    return 0;
  generated = g_dir_make_tmp ("vms-cli-XXXXXX", &error);
  {
    const char *argv[]
      = { gen, "--scenario", "seed", "--duration", "300ms", "-o", generated, NULL };

    if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                       NULL, &status, &error)
        || status != 0)
      g_clear_pointer (&generated, g_free);
  }
  return 0;
}

static int
teardown (void **state)
{
  if (generated != NULL)
    test_rm_rf (generated);
  g_clear_pointer (&generated, g_free);
  return 0;
}

/* Runs `vmscope ARGS...`; returns its exit status. */
static int
run_vmscope (char **out, char **err, ...)
{
  g_autofree char *vmscope = vms_test_build_path ("app/vmscope");
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  const char *arg;
  va_list ap;
  int status = 0;

  if (!g_file_test (vmscope, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_printerr ("# %s is not built; skipping\n", vmscope);
      skip ();
    }
  g_ptr_array_add (argv, vmscope);
  va_start (ap, err);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out,
                             err, &status, &error));
  return WIFEXITED (status) ? WEXITSTATUS (status) : 255;
}

static void
assert_members (JsonObject *object, const char *const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (!json_object_has_member (object, names[i]))
      fail_msg ("missing key “%s”", names[i]);
}

static const char *const machine_keys[]
  = { "name", "path", "role", "cpus", "events", "begin", "end", "sync", NULL };
static const char *const sync_keys[]
  = { "reference", "alpha", "beta", "quality", "accuracy", "matches", NULL };
static const char *const vm_keys[] = { "name", "qemu_pid", "vm_uid", "vcpus", "threads", NULL };
static const char *const vcpu_keys[] = { "id", "host_tid", "totals", "intervals", NULL };
static const char *const vcpu_totals[]
  = { "running", "idle", "hypervisor", "preempted", "unknown", NULL };
static const char *const vcpu_interval_keys[]
  = { "start", "end", "state", "exit_reason", "preempted_by", NULL };
static const char *const thread_keys[] = { "tid", "name", "totals", "intervals", "hidden", NULL };
static const char *const thread_totals[]
  = { "running", "syscall", "interrupted", "runnable", "blocked", "unknown", NULL };
static const char *const thread_interval_keys[] = { "start", "end", "state", "vcpu", NULL };
static const char *const hidden_keys[] = { "start", "end", "cause", NULL };
static const char *const top_keys[]
  = { "machines", "vms", "pcpus", "exit_reasons", "spikes", "memory", NULL };

static JsonObject *
parse (JsonParser *parser, const char *text)
{
  g_autoptr (GError) error = NULL;

  if (!json_parser_load_from_data (parser, text, -1, &error))
    fail_msg ("not JSON: %s", error->message);
  return json_node_get_object (json_parser_get_root (parser));
}

/* The document has the keys of issue 5; vCPU totals are the sums of their intervals. */
static void
test_analyze_json (void **state)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonArray *machines, *vms;
  gboolean some_hidden = FALSE;

  if (generated == NULL)
    skip ();
  assert_int_equal (run_vmscope (&out, &err, "analyze", "--json", "--intervals", generated, NULL),
                    0);
  root = parse (parser, out);
  assert_members (root, top_keys);
  machines = json_object_get_array_member (root, "machines");
  assert_int_equal (json_array_get_length (machines), 3);
  for (guint i = 0; i < json_array_get_length (machines); i++)
    {
      JsonObject *m = json_array_get_object_element (machines, i);

      assert_members (m, machine_keys);
      assert_members (json_object_get_object_member (m, "sync"), sync_keys);
    }
  vms = json_object_get_array_member (root, "vms");
  assert_int_equal (json_array_get_length (vms), 2);
  for (guint v = 0; v < json_array_get_length (vms); v++)
    {
      JsonObject *vm = json_array_get_object_element (vms, v);
      JsonArray *vcpus = json_object_get_array_member (vm, "vcpus");
      JsonArray *threads = json_object_get_array_member (vm, "threads");

      assert_members (vm, vm_keys);
      assert_true (json_array_get_length (vcpus) > 0);
      for (guint k = 0; k < json_array_get_length (vcpus); k++)
        {
          JsonObject *vcpu = json_array_get_object_element (vcpus, k);
          JsonObject *totals = json_object_get_object_member (vcpu, "totals");
          JsonArray *intervals = json_object_get_array_member (vcpu, "intervals");
          gint64 sum[5] = { 0 };

          assert_members (vcpu, vcpu_keys);
          assert_members (totals, vcpu_totals);
          for (guint i = 0; i < json_array_get_length (intervals); i++)
            {
              JsonObject *in = json_array_get_object_element (intervals, i);
              const char *st = json_object_get_string_member (in, "state");

              assert_members (in, vcpu_interval_keys);
              for (guint s = 0; s < 5; s++)
                if (strcmp (st, vcpu_totals[s]) == 0)
                  sum[s] += json_object_get_int_member (in, "end")
                            - json_object_get_int_member (in, "start");
            }
          for (guint s = 0; s < 5; s++)
            assert_int_equal (sum[s], json_object_get_int_member (totals, vcpu_totals[s]));
        }
      assert_true (json_array_get_length (threads) > 0);
      for (guint t = 0; t < json_array_get_length (threads); t++)
        {
          JsonObject *th = json_array_get_object_element (threads, t);
          JsonArray *intervals = json_object_get_array_member (th, "intervals");
          JsonArray *hidden = json_object_get_array_member (th, "hidden");

          JsonObject *totals = json_object_get_object_member (th, "totals");
          gint64 sum[6] = { 0 };

          assert_members (th, thread_keys);
          assert_members (totals, thread_totals);
          /* intervals in the guest's view, as the totals */
          for (guint i = 0; i < json_array_get_length (intervals); i++)
            {
              JsonObject *in = json_array_get_object_element (intervals, i);
              const char *st = json_object_get_string_member (in, "state");
              guint s;

              if (i < 50)
                assert_members (in, thread_interval_keys);
              for (s = 0; thread_totals[s] != NULL && strcmp (st, thread_totals[s]) != 0; s++)
                ;
              if (thread_totals[s] == NULL)
                fail_msg ("thread interval state “%s”", st);
              sum[s] += json_object_get_int_member (in, "end")
                        - json_object_get_int_member (in, "start");
            }
          for (guint s = 0; thread_totals[s] != NULL; s++)
            assert_int_equal (sum[s], json_object_get_int_member (totals, thread_totals[s]));
          for (guint i = 0; i < json_array_get_length (hidden); i++)
            {
              assert_members (json_array_get_object_element (hidden, i), hidden_keys);
              some_hidden = TRUE;
            }
        }
    }
  assert_true (some_hidden);
  assert_true (json_array_get_length (json_object_get_array_member (root, "pcpus")) >= 4);
  assert_true (json_array_get_length (json_object_get_array_member (root, "exit_reasons")) > 0);
  assert_true (json_array_get_length (json_object_get_array_member (root, "spikes")) > 0);
}

/* --range: every vCPU's totals cover exactly the range. */
static void
test_analyze_range (void **state)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonArray *vms;

  if (generated == NULL)
    skip ();
  assert_int_equal (
    run_vmscope (&out, &err, "analyze", "--json", "--range", "+100ms..+150ms", generated, NULL), 0);
  root = parse (parser, out);
  vms = json_object_get_array_member (root, "vms");
  for (guint v = 0; v < json_array_get_length (vms); v++)
    {
      JsonArray *vcpus
        = json_object_get_array_member (json_array_get_object_element (vms, v), "vcpus");

      for (guint k = 0; k < json_array_get_length (vcpus); k++)
        {
          JsonObject *totals
            = json_object_get_object_member (json_array_get_object_element (vcpus, k), "totals");
          gint64 sum = 0;

          for (guint s = 0; vcpu_totals[s] != NULL; s++)
            sum += json_object_get_int_member (totals, vcpu_totals[s]);
          assert_int_equal (sum, 50 * 1000 * 1000);
        }
    }
}

static void
test_analyze_text_and_state (void **state)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;

  if (generated == NULL)
    skip ();
  assert_int_equal (run_vmscope (&out, &err, "analyze", generated, NULL), 0);
  assert_non_null (strstr (out, "Virtual machines"));
  assert_non_null (strstr (out, "jessie-clone (QEMU pid"));
  assert_non_null (strstr (out, "vCPU 0 (tid"));
  assert_non_null (strstr (out, "Exit reasons"));
  assert_non_null (strstr (out, "Longest spikes"));

  assert_int_equal (run_vmscope (&out2, &err2, "state", generated, "--at", "+150ms", NULL), 0);
  assert_non_null (strstr (out2, "At "));
  assert_non_null (strstr (out2, "vCPU 1"));
  assert_non_null (strstr (out2, "Host kvm-host"));
}

/* --vm ties a guest by hand (here, the same tie the sync events make); --offset of an unknown
 * machine is reported, and what could be analyzed still is. */
static void
test_analyze_options (void **state)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonArray *vms;
  gint64 pid = 0;

  if (generated == NULL)
    skip ();
  assert_int_equal (run_vmscope (&out, &err, "analyze", "--json", generated, NULL), 0);
  root = parse (parser, out);
  vms = json_object_get_array_member (root, "vms");
  for (guint v = 0; v < json_array_get_length (vms); v++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (vms, v), "name"),
                   "jessie")
        == 0)
      pid = json_object_get_int_member (json_array_get_object_element (vms, v), "qemu_pid");
  assert_true (pid > 0);
  {
    g_autofree char *tie = g_strdup_printf ("jessie=%" G_GINT64_FORMAT, pid);

    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    assert_int_equal (run_vmscope (&out, &err, "analyze", "--vm", tie, generated, NULL), 0);
    assert_non_null (strstr (out, "jessie (QEMU pid"));
  }
  assert_int_equal (
    run_vmscope (&out2, &err2, "analyze", "--offset", "nosuchmachine=5", generated, NULL), 1);
  assert_non_null (strstr (err2, "nosuchmachine"));
  assert_non_null (strstr (out2, "Virtual machines"));
}

static void
test_plain_machine (void **state)
{
  g_autofree char *path = vms_test_trace_path ("kernel/many-threads");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (path == NULL)
    skip ();
  assert_int_equal (run_vmscope (&out, &err, "analyze", path, NULL), 0);
  assert_non_null (strstr (out, "No virtual machines"));
  assert_non_null (strstr (out, "CPU 7:"));
}

static void
test_bad_input (void **state)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *out3 = NULL;
  g_autofree char *err3 = NULL;

  assert_int_equal (run_vmscope (&out, &err, "analyze", "/nonexistent/vms-trace", NULL), 1);
  assert_non_null (strstr (err, "/nonexistent/vms-trace"));
  assert_int_equal (
    run_vmscope (&out2, &err2, "analyze", "--range", "soon..later", "/nonexistent", NULL), 2);
  assert_int_equal (run_vmscope (&out3, &err3, "state", "/nonexistent", NULL), 2); /* no --at */
  g_clear_pointer (&out3, g_free);
  g_clear_pointer (&err3, g_free);
  assert_int_equal (run_vmscope (&out3, &err3, "analyze", "--vm", "jessie", "/nonexistent", NULL),
                    2);
  assert_non_null (strstr (err3, "GUEST=PID"));
  g_clear_pointer (&out3, g_free);
  g_clear_pointer (&err3, g_free);
  assert_int_equal (
    run_vmscope (&out3, &err3, "analyze", "--offset", "jessie=soon", "/nonexistent", NULL), 2);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_analyze_json),           cmocka_unit_test (test_analyze_range),
    cmocka_unit_test (test_analyze_text_and_state), cmocka_unit_test (test_analyze_options),
    cmocka_unit_test (test_plain_machine),          cmocka_unit_test (test_bad_input),
  };

  return cmocka_run_group_tests_name ("model-cli", tests, setup, teardown);
}
