/* test-reader-metadata.c — facts taken from metadata text before babeltrace2 parses it.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "vms-reader-private.h"

static void
test_env (void **state)
{
  g_autoptr (VmsMetadataInfo) info = vms_metadata_info_parse (
    "/* CTF 1.8 */\n"
    "trace { major = 1; minor = 8; };\n"
    "env {\n\thostname = \"wil\\\"brod\";\n\tdomain = \"kernel\";\n"
    "\ttracer_major = 2;\n\toffset = -5; // comment with env { x = 1; }\n};\n"
    "clock { name = monotonic; freq = 1000000000; };\n");

  assert_string_equal (g_hash_table_lookup (info->env, "hostname"), "wil\"brod");
  assert_string_equal (g_hash_table_lookup (info->env, "domain"), "kernel");
  assert_string_equal (g_hash_table_lookup (info->env, "tracer_major"), "2");
  assert_string_equal (g_hash_table_lookup (info->env, "offset"), "-5");
  assert_null (g_hash_table_lookup (info->env, "x"));
  assert_true (info->has_clock);
  assert_null (info->hazard);
}

static void
test_hazard (void **state)
{
  /* What babeltrace/succeed/meta-ctx-sequence declares: libbabeltrace2 2.0.4 aborts. */
  g_autoptr (VmsMetadataInfo) bad
    = vms_metadata_info_parse ("stream {\n\tevent.context := struct {\n\t\tuint8_t __len;\n"
                               "\t\tuint8_t _seq[ __len ];\n\t};\n};\n");
  g_autoptr (VmsMetadataInfo) variant
    = vms_metadata_info_parse ("stream { event.context := struct { enum : uint8_t { a, b } tag; "
                               "variant <tag> { uint8_t a; uint16_t b; } v; }; };");
  /* Fixed-size arrays in the event context and sequences in payloads are fine. */
  g_autoptr (VmsMetadataInfo) good = vms_metadata_info_parse (
    "stream { event.context := struct { integer { size = 8; } _procname[17]; }; };\n"
    "event { name = \"x\"; fields := struct { uint8_t _len; uint8_t _s[ _len ]; }; };");
  g_autoptr (VmsMetadataInfo) none = vms_metadata_info_parse ("");

  assert_non_null (bad->hazard);
  assert_non_null (variant->hazard);
  assert_null (good->hazard);
  assert_false (good->has_clock);
  assert_null (none->hazard);
  assert_int_equal (g_hash_table_size (none->env), 0);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_env),
    cmocka_unit_test (test_hazard),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
