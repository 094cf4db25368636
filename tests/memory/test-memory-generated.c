/* test-memory-generated.c — the memory analysis against the generator's truth:
 * exact bytes per guest, per guest process and per VM on the host.
 *
 * Each scenario is generated into a temporary folder with <builddir>/tools/
 * vmscope-gen, read with vmscope's reader and fed to VmsMemory, each trace on
 * its own clock: byte totals do not depend on synchronization.  VMs are tied to
 * their QEMU process and guest trace from truth.json (the model does that in
 * the application).  Skipped, saying why, while the generator is not built.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "vms-memory.h"
#include "vms-test-util.h"

static gboolean
feed_batch (VmsTrace *trace, guint trace_index, const VmsEvent *events, gsize n, gpointer data)
{
  vms_memory_feed (data, trace_index, events, n);
  return TRUE;
}

static gint
find_trace (VmsTraceSet *set, const char *hostname)
{
  for (guint i = 0; i < vms_trace_set_get_n_traces (set); i++)
    if (g_strcmp0 (vms_trace_get_hostname (vms_trace_set_get_trace (set, i)), hostname) == 0)
      return (gint) i;
  return -1;
}

static const VmsMemoryProcess *
find_process (const VmsMemoryMachine *machine, gint pid)
{
  for (guint i = 0; i < machine->n_processes; i++)
    if (machine->processes[i].pid == pid)
      return &machine->processes[i];
  return NULL;
}

/* Removes a folder and everything below it. */
static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
check_mem (JsonObject *truth, const VmsMemorySeries *series, const char *what)
{
  g_test_message (
    "%s: net %" G_GINT64_FORMAT " (truth %" G_GINT64_FORMAT "), peak %" G_GINT64_FORMAT
    " (%" G_GINT64_FORMAT "), lowest %" G_GINT64_FORMAT " (%" G_GINT64_FORMAT ")",
    what, vms_memory_series_get_current (series), json_object_get_int_member (truth, "net_bytes"),
    vms_memory_series_get_peak (series), json_object_get_int_member (truth, "peak_bytes"),
    vms_memory_series_get_lowest (series), json_object_get_int_member (truth, "lowest_bytes"));
  assert_int_equal (vms_memory_series_get_current (series),
                    json_object_get_int_member (truth, "net_bytes"));
  assert_int_equal (vms_memory_series_get_peak (series),
                    json_object_get_int_member (truth, "peak_bytes"));
  assert_int_equal (vms_memory_series_get_lowest (series),
                    json_object_get_int_member (truth, "lowest_bytes"));
}

static void
check_scenario (const char *scenario, const char *seed)
{
  g_autofree char *gen = vms_test_build_path ("tools/vmscope-gen");
  g_autofree char *dir = NULL;
  g_autofree char *truth_path = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (VmsTraceSet) set = NULL;
  g_autoptr (VmsMemory) memory = vms_memory_new ();
  g_autofree VmsMemoryTraceInfo *infos = NULL;
  g_autofree VmsMemoryVmInfo *vms = NULL;
  JsonArray *guests;
  const char *paths[2] = { NULL, NULL };
  gint status = 0;
  guint n_traces, n_vms;
  gint host;

  if (!g_file_test (gen, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_printerr ("# %s is not built yet; skipping\n", gen);
      skip ();
    }

  dir = g_dir_make_tmp ("vms-memory-XXXXXX", &error);
  assert_null (error);
  {
    const char *argv[] = { gen, "--scenario", scenario, "--seed", seed, "-o", dir, NULL };
    g_autofree char *err_text = NULL;

    assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                               NULL, &err_text, &status, &error));
    if (status != 0)
      g_printerr ("# vmscope-gen: %s\n", err_text);
    assert_int_equal (status, 0);
  }

  truth_path = g_build_filename (dir, "truth.json", NULL);
  assert_true (json_parser_load_from_file (parser, truth_path, &error));
  guests
    = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "guests");

  paths[0] = dir;
  set = vms_trace_set_new (paths, &error);
  assert_null (error);
  assert_true (vms_trace_set_read (set, feed_batch, memory, NULL, NULL, NULL, &error));
  assert_null (error);

  n_traces = vms_trace_set_get_n_traces (set);
  infos = g_new0 (VmsMemoryTraceInfo, n_traces);
  host = -1;
  for (guint i = 0; i < n_traces; i++)
    {
      VmsTrace *trace = vms_trace_set_get_trace (set, i);

      infos[i].name = vms_trace_get_hostname (trace);
      infos[i].role = vms_trace_get_role (trace);
      infos[i].begin = vms_trace_get_begin (trace);
      infos[i].end = vms_trace_get_end (trace);
      if (infos[i].role == VMS_TRACE_ROLE_HOST)
        host = (gint) i;
    }
  assert_true (host >= 0);

  n_vms = json_array_get_length (guests);
  vms = g_new0 (VmsMemoryVmInfo, n_vms);
  for (guint v = 0; v < n_vms; v++)
    {
      JsonObject *guest = json_array_get_object_element (guests, v);

      vms[v].name = json_object_get_string_member (guest, "hostname");
      vms[v].host_trace = (guint) host;
      vms[v].qemu_pid = (gint) json_object_get_int_member (guest, "qemu_pid");
      vms[v].guest_trace = find_trace (set, vms[v].name);
      assert_true (vms[v].guest_trace >= 0);
    }
  vms_memory_finish (memory, infos, n_traces, vms, n_vms,
                     (VmsMemoryNameFunc) vms_string_table_lookup, vms_trace_set_get_strings (set));

  for (guint v = 0; v < n_vms; v++)
    {
      JsonObject *mem
        = json_object_get_object_member (json_array_get_object_element (guests, v), "memory");
      JsonArray *procs = json_object_get_array_member (mem, "processes");
      const VmsMemoryVm *vm = vms_memory_get_vm (memory, v);
      const VmsMemoryMachine *guest = vms_memory_get_machine (memory, (guint) vm->guest_trace);

      /* The host side: every frame backed for the VM, on its QEMU threads. */
      g_test_message ("%s %s: host %" G_GINT64_FORMAT " (truth %" G_GINT64_FORMAT
                      "), touched-unused %" G_GINT64_FORMAT ", rank %u",
                      scenario, vm->name, vm->host_bytes,
                      json_object_get_int_member (mem, "host_allocated_bytes"),
                      vm->touched_unused_bytes, vm->balloon_rank);
      assert_int_equal (vm->host_bytes, json_object_get_int_member (mem, "host_allocated_bytes"));

      /* The guest, whole and per process. */
      assert_int_equal (guest->alloc_bytes, json_object_get_int_member (mem, "allocated_bytes"));
      assert_int_equal (guest->free_bytes, json_object_get_int_member (mem, "freed_bytes"));
      check_mem (mem, guest->total, vm->name);
      assert_int_equal (vm->guest_change, json_object_get_int_member (mem, "net_bytes"));
      assert_int_equal (vm->guest_bytes, json_object_get_int_member (mem, "net_bytes")
                                           - json_object_get_int_member (mem, "lowest_bytes"));
      for (guint p = 0; p < json_array_get_length (procs); p++)
        {
          JsonObject *proc = json_array_get_object_element (procs, p);
          const VmsMemoryProcess *process
            = find_process (guest, (gint) json_object_get_int_member (proc, "pid"));

          if (json_object_get_int_member (proc, "allocated_bytes") == 0
              && json_object_get_int_member (proc, "freed_bytes") == 0)
            continue;
          assert_non_null (process);
          assert_string_equal (process->name, json_object_get_string_member (proc, "name"));
          check_mem (proc, process->series, process->name);
        }
      /* Touched but unused, from the truth's own figures (see vms-memory.h). */
      {
        gint64 host_bytes = json_object_get_int_member (mem, "host_allocated_bytes");
        gint64 net = json_object_get_int_member (mem, "net_bytes");
        gint64 peak = json_object_get_int_member (mem, "peak_bytes");

        assert_int_equal (vm->touched_unused_bytes, MAX (0, MAX (host_bytes - net, peak - net)));
      }
      assert_true (vm->balloon_rank >= 1 && vm->balloon_rank <= n_vms);
    }

  remove_tree (dir);
}

static void
test_seed (void **state)
{
  check_scenario ("seed", "1");
}

static void
test_noisy_neighbour (void **state)
{
  check_scenario ("noisy-neighbour", "7");
}

static void
test_idle (void **state)
{
  check_scenario ("idle", "3");
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_seed),
    cmocka_unit_test (test_noisy_neighbour),
    cmocka_unit_test (test_idle),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
