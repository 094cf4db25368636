/* test-cli-memory.c — the memory section of `vmscope analyze`: text and JSON.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "vms-cli-memory.h"
#include "test-memory-events.h"

#define PAGE VMS_MEMORY_PAGE_SIZE

/* A host with two VMs' QEMU processes and sshd; guest "a" peaked at 6 pages
 * and uses 2 of its 8; the guest of VM "b" was not traced. */
static VmsMemory *
make_memory (void)
{
  VmsMemory *memory = vms_memory_new ();
  const VmsEvent host[] = {
    ev_statedump (0, 1000, 1000, 1, NAME_QEMU), ev_statedump (0, 2000, 2000, 1, NAME_QEMU),
    ev_statedump (0, 500, 500, 1, NAME_SSHD),   ev_switch (1, 0, 0, 1000, NAME_QEMU),
    ev_page (10, 0, VMS_EV_PAGE_ALLOC, 2),      ev_page (11, 0, VMS_EV_PAGE_ALLOC, 1),
    ev_switch (20, 0, 1000, 2000, NAME_QEMU),   ev_page (21, 0, VMS_EV_PAGE_ALLOC, 0),
    ev_switch (30, 0, 2000, 500, NAME_SSHD),    ev_page (31, 0, VMS_EV_PAGE_ALLOC, 3),
  };
  const VmsEvent guest[] = {
    ev_statedump (0, 42, 42, 1, NAME_BASH), ev_statedump (0, 43, 43, 1, NAME_GCC),
    ev_switch (1, 0, 0, 42, NAME_BASH),     ev_page (5, 0, VMS_EV_PAGE_ALLOC, 2),
    ev_switch (6, 0, 42, 43, NAME_GCC),     ev_page (7, 0, VMS_EV_PAGE_ALLOC, 1),
    ev_page (8, 0, VMS_EV_PAGE_FREE, 2),
  };
  const VmsMemoryTraceInfo traces[] = {
    { "host", VMS_TRACE_ROLE_HOST, NULL, NULL },
    { "guest-a", VMS_TRACE_ROLE_GUEST, NULL, NULL },
    { "laptop", VMS_TRACE_ROLE_MACHINE, NULL, NULL },
  };
  const VmsMemoryVmInfo vms[] = {
    { "a", 0, 1000, 1, 8 * PAGE },
    { "b", 0, 2000, -1, 0 },
  };

  vms_memory_feed (memory, 0, host, G_N_ELEMENTS (host));
  vms_memory_feed (memory, 1, guest, G_N_ELEMENTS (guest));
  vms_memory_finish (memory, traces, 3, vms, 2, test_lookup_name, NULL);
  return memory;
}

static void
test_text (void **state)
{
  g_autoptr (VmsMemory) memory = make_memory ();
  g_autoptr (GString) out = g_string_new (NULL);

  vms_cli_memory_print (memory, out);
  g_test_message ("%s", out->str);
  assert_non_null (strstr (out->str, "a (QEMU pid 1000)"));
  assert_non_null (strstr (out->str, "24.0 KiB")); /* the host gave a 6 pages */
  assert_non_null (strstr (out->str, "(25 %)"));   /* guest a uses 2 of 8 pages */
  assert_non_null (strstr (out->str, "guest not traced"));
  assert_non_null (strstr (out->str, "1. a: 16.0 KiB touched but unused"));
  assert_null (strstr (out->str, "\u00a0")); /* plain spaces */
  assert_non_null (strstr (out->str, "rest of the host"));
  assert_non_null (strstr (out->str, "laptop: 0 page allocations"));
}

static JsonNode *
build_json (VmsMemory *memory, gboolean with_series)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  vms_cli_memory_add_json (memory, builder, with_series);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  /* Through text and back, as a consumer of --json sees it. */
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  return json_from_string (text, NULL);
}

static void
test_json (void **state)
{
  g_autoptr (VmsMemory) memory = make_memory ();
  g_autoptr (JsonNode) root = build_json (memory, FALSE);
  JsonObject *mem, *vm, *process;
  JsonArray *vms, *processes;

  assert_non_null (root);
  mem = json_object_get_object_member (json_node_get_object (root), "memory");
  assert_non_null (mem);
  assert_int_equal (json_object_get_int_member (mem, "host_other_bytes"), 8 * PAGE);

  vms = json_object_get_array_member (mem, "vms");
  assert_int_equal (json_array_get_length (vms), 2);
  vm = json_array_get_object_element (vms, 0);
  assert_string_equal (json_object_get_string_member (vm, "name"), "a");
  assert_int_equal (json_object_get_int_member (vm, "host_bytes"), 6 * PAGE);
  assert_int_equal (json_object_get_int_member (vm, "guest_bytes"), 2 * PAGE);
  assert_int_equal (json_object_get_int_member (vm, "guest_peak_bytes"), 6 * PAGE);
  assert_int_equal (json_object_get_int_member (vm, "touched_unused_bytes"), 4 * PAGE);
  assert_int_equal (json_object_get_int_member (vm, "balloon_rank"), 1);
  assert_false (json_object_has_member (vm, "host_series"));

  processes = json_object_get_array_member (vm, "processes");
  assert_int_equal (json_array_get_length (processes), 2);
  /* Largest first: bash keeps its 4 pages; gcc allocated 2 and freed 4 (2 from
   * before the trace): it uses 0 above its lowest point, after a peak 4 above it. */
  process = json_array_get_object_element (processes, 0);
  assert_string_equal (json_object_get_string_member (process, "name"), "bash");
  assert_int_equal (json_object_get_int_member (process, "pid"), 42);
  assert_int_equal (json_object_get_int_member (process, "bytes"), 4 * PAGE);
  assert_int_equal (json_object_get_int_member (process, "peak_bytes"), 4 * PAGE);
  process = json_array_get_object_element (processes, 1);
  assert_string_equal (json_object_get_string_member (process, "name"), "gcc");
  assert_int_equal (json_object_get_int_member (process, "bytes"), 0);
  assert_int_equal (json_object_get_int_member (process, "peak_bytes"), 4 * PAGE);

  vm = json_array_get_object_element (vms, 1);
  assert_int_equal (json_object_get_int_member (vm, "balloon_rank"), 0);
  assert_false (json_object_get_boolean_member (vm, "guest_traced"));
  assert_int_equal (json_object_get_int_member (vm, "host_bytes"), PAGE);
  assert_int_equal (json_array_get_length (json_object_get_array_member (vm, "processes")), 0);

  assert_int_equal (json_array_get_length (json_object_get_array_member (mem, "machines")), 3);
}

static void
test_json_series (void **state)
{
  g_autoptr (VmsMemory) memory = make_memory ();
  g_autoptr (JsonNode) root = build_json (memory, TRUE);
  JsonObject *mem = json_object_get_object_member (json_node_get_object (root), "memory");
  JsonObject *vm = json_array_get_object_element (json_object_get_array_member (mem, "vms"), 0);
  JsonArray *series = json_object_get_array_member (vm, "host_series");
  JsonArray *point;

  assert_int_equal (json_array_get_length (series), 3); /* start, 10, 11 */
  point = json_array_get_array_element (series, 2);
  assert_int_equal (json_array_get_int_element (point, 0), 11);
  assert_int_equal (json_array_get_int_element (point, 1), 6 * PAGE);

  series = json_object_get_array_member (vm, "guest_series");
  point = json_array_get_array_element (series, json_array_get_length (series) - 1);
  assert_int_equal (json_array_get_int_element (point, 0), 8);
  assert_int_equal (json_array_get_int_element (point, 1), 2 * PAGE);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_text),
    cmocka_unit_test (test_json),
    cmocka_unit_test (test_json_series),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
