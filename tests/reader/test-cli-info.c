/* test-cli-info.c — `vmscope info`: the summary of a trace, in JSON, and its errors.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <json-glib/json-glib.h>

#include "vms-test-util.h"

/* Runs `vmscope info ARGS...`; returns the exit status. */
static int
run_info (const char *const *args, char **out, char **err)
{
  g_autofree char *vmscope = vms_test_build_path ("app/vmscope");
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  int status = -1;

  g_ptr_array_add (argv, vmscope);
  g_ptr_array_add (argv, (gpointer) "info");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err,
                     &status, &error))
    fail_msg ("cannot run %s: %s", vmscope, error->message);
  return g_spawn_check_wait_status (status, NULL)
           ? 0
           : (WIFEXITED (status) ? WEXITSTATUS (status) : 128);
}

static void
test_info_json (void **state)
{
  g_autofree char *path = vms_test_trace_path ("kernel/many-threads");
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  const char *args[] = { "--json", path, NULL };
  JsonObject *trace;
  JsonArray *missing;
  gboolean vcpu = FALSE;

  if (path == NULL)
    return;
  assert_int_equal (run_info (args, &out, &err), 0);
  assert_string_equal (err, "");
  assert_true (json_parser_load_from_data (parser, out, -1, &error));
  trace = json_array_get_object_element (
    json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "traces"),
    0);
  assert_string_equal (json_object_get_string_member (trace, "hostname"), "wilbrod");
  assert_string_equal (json_object_get_string_member (trace, "role"), "machine");
  assert_string_equal (json_object_get_string_member (trace, "tracer"), "lttng-modules 2.8.0");
  assert_int_equal (json_object_get_int_member (trace, "cpus"), 8);
  assert_int_equal (json_object_get_int_member (trace, "events"), 240644);
  assert_int_equal (json_object_get_int_member (trace, "begin"), 1457113582794565804);
  assert_true (json_object_get_int_member (trace, "end")
               > json_object_get_int_member (trace, "begin"));
  assert_int_equal (json_object_get_int_member (trace, "discarded"), 0);
  assert_int_equal (json_object_get_int_member (trace, "lost_packets"), 0);
  assert_true (
    g_str_has_suffix (json_object_get_string_member (trace, "path"), "kernel/many-threads"));
  missing = json_object_get_array_member (trace, "missing");
  for (guint i = 0; i < json_array_get_length (missing); i++)
    {
      const char *m = json_array_get_string_element (missing, i);

      assert_null (strstr (m, "sched_switch"));
      if (strstr (m, "vCPU") != NULL)
        vcpu = TRUE;
    }
  assert_true (vcpu);
}

static void
test_info_text (void **state)
{
  g_autofree char *path = vms_test_trace_path ("ctf-testsuite/lttng-modules-2.0-pre5");
  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { path, NULL };

  if (path == NULL)
    return;
  assert_int_equal (run_info (args, &out, &err), 0);
  assert_non_null (strstr (out, "events:     39537"));
  assert_non_null (strstr (out, "no clock"));
  assert_non_null (strstr (out, "no kvm_x86_entry/kvm_entry events: no vCPU states"));
  /* no sync events: said among what is missing, no "sync:" line */
  assert_null (strstr (out, "  sync:"));
  assert_non_null (strstr (out, "no clock synchronization"));
}

/* The TCP events of the scp pair are what synchronizes it: info says so. */
static void
test_info_sync_events (void **state)
{
  g_autofree char *path = vms_test_trace_path ("sync/scp_src");
  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { path, NULL };

  if (path == NULL)
    return;
  assert_int_equal (run_info (args, &out, &err), 0);
  assert_non_null (strstr (out, "  sync:       26 net_send, 25 net_recv\n"));
  assert_null (strstr (out, "no clock synchronization"));
}

static void
test_info_bad (void **state)
{
  g_autofree char *bad = vms_test_trace_path ("babeltrace/deterministic-ordering/a-corrupted");
  g_autofree char *good = vms_test_trace_path ("kernel/flipping-endianness");
  g_autofree char *canonical = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *out2 = NULL, *err2 = NULL;
  const char *args[] = { good, bad, NULL };
  const char *missing[] = { "/nonexistent/vmscope-trace", NULL };

  if (bad == NULL || good == NULL)
    return;
  canonical = g_canonicalize_filename (bad, NULL);
  assert_int_equal (run_info (args, &out, &err), 1);
  assert_non_null (strstr (err, canonical));
  assert_non_null (strstr (out, "qemu0")); /* what could be read is still printed */
  assert_int_equal (run_info (missing, &out2, &err2), 1);
  assert_non_null (strstr (err2, "/nonexistent/vmscope-trace"));
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_info_json),
    cmocka_unit_test (test_info_text),
    cmocka_unit_test (test_info_sync_events),
    cmocka_unit_test (test_info_bad),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
