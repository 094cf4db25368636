/* test-reader-generated.c — a generated host + guests (tools/vmscope-gen) read exactly.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * No public trace has KVM or vmsync events; the generator writes them in the lttng-modules
 * 2.13 layout together with truth.json (event counts per name, time spans, vm_uids).  Skipped
 * when the generator is not built.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "vms-test-util.h"
#include "vms-trace.h"

typedef struct {
  GHashTable *vm_uids; /* of every guest */
  guint64 sync_events;
  guint64 bad_uids;
  gint64 last_ts;
  guint last_trace;
  guint64 backwards;
} Check;

static gboolean
on_batch (VmsTrace *trace, guint trace_index, const VmsEvent *events, gsize n, gpointer data)
{
  Check *c = data;

  if (trace_index != c->last_trace)
    {
      c->last_trace = trace_index;
      c->last_ts = G_MININT64;
    }
  for (gsize i = 0; i < n; i++)
    {
      const VmsEvent *ev = &events[i];

      if (ev->ts < c->last_ts)
        c->backwards++;
      c->last_ts = ev->ts;
      if (ev->kind >= VMS_EV_VMSYNC_GH_GUEST && ev->kind <= VMS_EV_VMSYNC_HG_GUEST)
        {
          c->sync_events++;
          if (!g_hash_table_contains (c->vm_uids, GSIZE_TO_POINTER ((gsize) ev->u.sync.vm_uid)))
            c->bad_uids++;
        }
    }
  return TRUE;
}

static VmsEventKind
kind_of (const char *name)
{
  if (g_str_has_prefix (name, "syscall_entry_"))
    return VMS_EV_SYSCALL_ENTRY;
  if (g_str_has_prefix (name, "syscall_exit_"))
    return VMS_EV_SYSCALL_EXIT;
  for (VmsEventKind k = VMS_EV_NONE + 1; k < VMS_EV_N_KINDS; k++)
    if (g_str_equal (vms_event_kind_to_string (k), name))
      return k;
  return VMS_EV_NONE;
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        remove_tree (child);
      }
  if (g_rmdir (path) != 0)
    g_unlink (path);
}

static void
test_generated (void **state)
{
  g_autofree char *gen = vms_test_build_path ("tools/vmscope-gen");
  g_autofree char *tmp = g_dir_make_tmp ("vms-test-gen-XXXXXX", NULL);
  g_autofree char *truth_path = g_build_filename (tmp, "truth.json", NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (VmsTraceSet) set = NULL;
  g_autoptr (GError) error = NULL;
  const char *paths[] = { tmp, NULL };
  char *argv[] = { gen, (char *) "--scenario", (char *) "seed", (char *) "-o", tmp, NULL };
  JsonObject *truth, *counts;
  JsonArray *guests;
  Check c = { 0 };
  int status;

  if (!g_file_test (gen, G_FILE_TEST_IS_EXECUTABLE))
    {
      print_message ("# %s is not built; skipping\n", gen);
      g_rmdir (tmp);
      return;
    }
  assert_true (g_spawn_sync (NULL, argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL,
                             &status, &error));
  assert_true (g_spawn_check_wait_status (status, NULL));
  assert_true (json_parser_load_from_file (parser, truth_path, &error));
  truth = json_node_get_object (json_parser_get_root (parser));
  counts = json_object_get_object_member (truth, "event_counts");
  guests = json_object_get_array_member (truth, "guests");

  c.vm_uids = g_hash_table_new (NULL, NULL);
  c.last_trace = G_MAXUINT;
  for (guint g = 0; g < json_array_get_length (guests); g++)
    g_hash_table_add (c.vm_uids, GSIZE_TO_POINTER ((gsize) json_object_get_int_member (
                                   json_array_get_object_element (guests, g), "vm_uid")));

  set = vms_trace_set_new (paths, &error);
  assert_non_null (set);
  assert_int_equal (vms_trace_set_get_n_traces (set), 1 + json_array_get_length (guests));
  assert_true (vms_trace_set_read (set, on_batch, &c, NULL, NULL, NULL, &error));
  assert_int_equal (c.backwards, 0);
  assert_true (c.sync_events > 0);
  assert_int_equal (c.bad_uids, 0);

  for (guint i = 0; i < vms_trace_set_get_n_traces (set); i++)
    {
      VmsTrace *trace = vms_trace_set_get_trace (set, i);
      g_autofree char *name = g_path_get_basename (vms_trace_get_path (trace));
      JsonObject *expected = json_object_get_object_member (counts, name);
      guint64 want[VMS_EV_N_KINDS] = { 0 };
      g_autoptr (GList) names = NULL;
      gboolean is_host = g_str_equal (name, "host");

      assert_non_null (expected);
      assert_int_equal (vms_trace_get_n_events (trace),
                        json_object_get_int_member (expected, "total"));
      names = json_object_get_members (expected);
      for (GList *l = names; l != NULL; l = l->next)
        want[kind_of (l->data)] += json_object_get_int_member (expected, l->data);
      for (VmsEventKind k = VMS_EV_NONE + 1; k < VMS_EV_N_KINDS; k++)
        if (vms_trace_get_kind_count (trace, k) != want[k])
          fail_msg ("%s: %" G_GUINT64_FORMAT " %s, truth.json says %" G_GUINT64_FORMAT, name,
                    vms_trace_get_kind_count (trace, k), vms_event_kind_to_string (k), want[k]);
      assert_int_equal (vms_trace_get_role (trace),
                        is_host ? VMS_TRACE_ROLE_HOST : VMS_TRACE_ROLE_GUEST);
      if (is_host)
        {
          JsonObject *host = json_object_get_object_member (truth, "host");

          assert_string_equal (vms_trace_get_hostname (trace),
                               json_object_get_string_member (host, "hostname"));
          assert_int_equal (vms_trace_get_n_cpus (trace),
                            json_object_get_int_member (host, "cpus"));
          assert_int_equal (vms_trace_get_begin (trace),
                            json_object_get_int_member (host, "begin_ns"));
          assert_int_equal (vms_trace_get_end (trace), json_object_get_int_member (host, "end_ns"));
        }
    }
  g_hash_table_unref (c.vm_uids);
  remove_tree (tmp);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_generated),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
