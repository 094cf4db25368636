/* vms-cli-sync.c — `vmscope sync PATH... [--json] [--reference NAME] [--offset NAME=NS]`:
 * the clock formula of every machine on the reference machine's time axis.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "vms-cli.h"
#include "vms-sync.h"
#include "vms-trace.h"

typedef struct {
  VmsSync *sync;
  gint64 feed_us; /* time spent in vms_sync_feed() */
} ReadState;

static gboolean
feed_batch (VmsTrace *trace, guint trace_index, const VmsEvent *events, gsize n, gpointer data)
{
  ReadState *state = data;
  gint64 t0 = g_get_monotonic_time ();

  vms_sync_feed (state->sync, trace_index, events, n);
  state->feed_us += g_get_monotonic_time () - t0;
  return TRUE;
}

/* NAME=NS, NS an integer number of nanoseconds (may be negative). */
static gboolean
parse_offsets (char **specs, GHashTable *offsets, GError **error)
{
  for (guint i = 0; specs != NULL && specs[i] != NULL; i++)
    {
      const char *eq = strrchr (specs[i], '=');
      gint64 ns;

      if (eq == NULL || eq == specs[i]
          || !g_ascii_string_to_signed (eq + 1, 10, G_MININT64, G_MAXINT64, &ns, NULL))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _ ("--offset wants NAME=NANOSECONDS (for example jessie=-1500000), not "
                          "“%s”"),
                       specs[i]);
          return FALSE;
        }
      g_hash_table_insert (offsets, g_strndup (specs[i], eq - specs[i]),
                           g_memdup2 (&ns, sizeof ns));
    }
  return TRUE;
}

static void
print_text (VmsTraceSet *set, VmsSync *sync)
{
  guint ref = vms_sync_get_reference (sync);
  const char *ref_name = vms_trace_get_hostname (vms_trace_set_get_trace (set, ref));

  for (guint i = 0; i < vms_trace_set_get_n_traces (set); i++)
    {
      VmsTrace *trace = vms_trace_set_get_trace (set, i);
      const VmsSyncResult *r = vms_sync_get_result (sync, i);
      const char *name = vms_trace_get_hostname (trace);
      guint64 vm_uid;

      if (i > 0)
        g_print ("\n");
      g_print ("%s (%s, %s)\n", name, vms_trace_role_to_string (vms_trace_get_role (trace)),
               vms_trace_get_path (trace));
      if (vms_sync_get_vm_uid (sync, i, &vm_uid))
        {
          gint host = vms_sync_get_host_of (sync, i);

          g_print (_ ("  vm_uid:      %" G_GUINT64_FORMAT "%s%s\n"), vm_uid,
                   host >= 0 ? _ (", host ") : "",
                   host >= 0 ? vms_trace_get_hostname (vms_trace_set_get_trace (set, host)) : "");
        }
      if (r->quality == VMS_SYNC_QUALITY_REFERENCE)
        {
          g_print (_ ("  reference:   itself: the other machines are put on its clock\n"));
          continue;
        }
      g_print (_ ("  reference:   %s%s%s\n"), ref_name,
               r->parent >= 0 && (guint) r->parent != ref ? _ (", through ") : "",
               r->parent >= 0 && (guint) r->parent != ref
                 ? vms_trace_get_hostname (vms_trace_set_get_trace (set, r->parent))
                 : "");
      g_print (_ ("  formula:     t_%s = %.12f × t_%s %+.1f ns\n"), name, r->alpha, ref_name,
               r->beta);
      g_print (_ ("  drift:       %+.3f ppm\n"), r->line.delta * 1e6);
      g_print (_ ("  offset:      %+.9f s (t_%s − t_%s at t_%s = %" G_GINT64_FORMAT " ns)\n"),
               ((double) (r->line.y0 - r->line.x0) + r->line.b) / 1e9, name, ref_name, ref_name,
               r->line.x0);
      if (r->unreachable)
        g_print (_ ("  quality:     %s: no usable messages link it to %s, it keeps its own clock "
                    "(give one with --offset %s=NS)\n"),
                 vms_sync_quality_to_string (r->quality), ref_name, name);
      else if (r->quality == VMS_SYNC_QUALITY_FAIL)
        g_print (_ ("  quality:     fail: no line respects every message (clock jump, VM "
                    "migration?); the last good formula is used\n"));
      else
        g_print (_ ("  quality:     %s\n"), vms_sync_quality_to_string (r->quality));
      if (isfinite (r->accuracy))
        g_print (_ ("  accuracy:    %.3g (alpha_max − alpha_min)\n"), r->accuracy);
      else
        g_print (_ ("  accuracy:    unbounded (one bound is missing)\n"));
      g_print (
        _ ("  matches:     %" G_GUINT64_FORMAT " (%" G_GUINT64_FORMAT " tightened a bound)\n"),
        r->n_matches, r->n_tightening);
      g_print (_ ("  violations:  %" G_GUINT64_FORMAT "%s\n"), r->n_violations,
               r->violations_estimated ? _ (" (estimated from a sample)") : "");
    }
}

static JsonNode *
to_json (VmsTraceSet *set, VmsSync *sync)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  guint ref = vms_sync_get_reference (sync);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "machines");
  json_builder_begin_array (b);
  for (guint i = 0; i < vms_trace_set_get_n_traces (set); i++)
    {
      VmsTrace *trace = vms_trace_set_get_trace (set, i);
      const VmsSyncResult *r = vms_sync_get_result (sync, i);
      guint64 vm_uid;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, vms_trace_get_hostname (trace));
      json_builder_set_member_name (b, "path");
      json_builder_add_string_value (b, vms_trace_get_path (trace));
      json_builder_set_member_name (b, "role");
      json_builder_add_string_value (b, vms_trace_role_to_string (vms_trace_get_role (trace)));
      if (vms_sync_get_vm_uid (sync, i, &vm_uid))
        {
          json_builder_set_member_name (b, "vm_uid");
          if (vm_uid <= G_MAXINT64)
            json_builder_add_int_value (b, (gint64) vm_uid);
          else
            {
              g_autofree char *text = g_strdup_printf ("%" G_GUINT64_FORMAT, vm_uid);

              json_builder_add_string_value (b, text);
            }
        }
      json_builder_set_member_name (b, "sync");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "reference");
      json_builder_add_string_value (b,
                                     vms_trace_get_hostname (vms_trace_set_get_trace (set, ref)));
      json_builder_set_member_name (b, "alpha");
      json_builder_add_double_value (b, r->alpha);
      json_builder_set_member_name (b, "beta");
      json_builder_add_double_value (b, r->beta);
      json_builder_set_member_name (b, "quality");
      json_builder_add_string_value (b, vms_sync_quality_to_string (r->quality));
      json_builder_set_member_name (b, "accuracy");
      if (isfinite (r->accuracy))
        json_builder_add_double_value (b, r->accuracy);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "matches");
      json_builder_add_int_value (b, (gint64) r->n_matches);
      json_builder_set_member_name (b, "tightening");
      json_builder_add_int_value (b, (gint64) r->n_tightening);
      json_builder_set_member_name (b, "violations");
      json_builder_add_int_value (b, (gint64) r->n_violations);
      json_builder_set_member_name (b, "violations_estimated");
      json_builder_add_boolean_value (b, r->violations_estimated);
      json_builder_set_member_name (b, "unreachable");
      json_builder_add_boolean_value (b, r->unreachable);
      json_builder_set_member_name (b, "through");
      if (r->parent >= 0)
        json_builder_add_string_value (
          b, vms_trace_get_hostname (vms_trace_set_get_trace (set, r->parent)));
      else
        json_builder_add_null_value (b);
      /* the same line, exactly: t_machine = origin_machine + (t_reference − origin_reference)
       * × (1 + drift) + offset_at_origin */
      json_builder_set_member_name (b, "origin_reference");
      json_builder_add_int_value (b, r->line.x0);
      json_builder_set_member_name (b, "origin_machine");
      json_builder_add_int_value (b, r->line.y0);
      json_builder_set_member_name (b, "drift");
      json_builder_add_double_value (b, r->line.delta);
      json_builder_set_member_name (b, "offset_at_origin");
      json_builder_add_double_value (b, r->line.b);
      json_builder_end_object (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

int
vms_cli_sync (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_ ("— synchronize clocks"));
  g_autoptr (GError) error = NULL;
  g_autoptr (VmsTraceSet) set = NULL;
  g_autoptr (VmsSync) sync = NULL;
  g_autoptr (GHashTable) offsets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto (GStrv) paths = NULL;
  g_auto (GStrv) offset_specs = NULL;
  g_autofree char *reference = NULL;
  gboolean json = FALSE, timing = FALSE, failed = FALSE;
  ReadState state = { 0 };
  gint64 t0, read_us;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print JSON"), NULL },
    { "reference", 'r', 0, G_OPTION_ARG_STRING, &reference,
      N_ ("Put every clock on this machine's (default: the host, else the first trace)"),
      N_ ("NAME") },
    { "offset", 0, 0, G_OPTION_ARG_STRING_ARRAY, &offset_specs,
      N_ ("Set a machine's clock by hand: t_NAME = t_reference + NS (repeatable)"),
      N_ ("NAME=NS") },
    { "timing", 0, 0, G_OPTION_ARG_NONE, &timing,
      N_ ("Also print how long reading and matching took"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &paths, NULL, N_ ("PATH…") },
    { NULL },
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (
    context, _ ("Matches the host↔guest sync events (vmsync, hypercalls) and TCP packets "
                "between the traces found below PATH, and prints for every machine the formula "
                "t_machine = alpha × t_reference + beta (ns), its quality and accuracy."));
  if (!g_option_context_parse (context, &argc, &argv, &error)
      || !parse_offsets (offset_specs, offsets, &error))
    {
      g_printerr ("vmscope sync: %s\n", error->message);
      return VMS_CLI_USAGE;
    }
  if (paths == NULL || paths[0] == NULL)
    {
      g_printerr (_ ("vmscope sync: give at least one trace folder (see vmscope sync --help)\n"));
      return VMS_CLI_USAGE;
    }

  set = vms_trace_set_new ((const char *const *) paths, &error);
  if (set == NULL)
    {
      g_printerr ("vmscope sync: %s\n", error->message);
      return VMS_CLI_FAILED;
    }
  sync = vms_sync_new ();
  for (guint i = 0; i < vms_trace_set_get_n_traces (set); i++)
    {
      VmsTrace *trace = vms_trace_set_get_trace (set, i);

      vms_sync_add_trace (sync, i, vms_trace_get_hostname (trace), vms_trace_get_role (trace));
    }
  state.sync = sync;
  t0 = g_get_monotonic_time ();
  if (!vms_trace_set_read (set, feed_batch, &state, NULL, NULL, NULL, &error))
    {
      g_printerr ("vmscope sync: %s\n", error->message);
      g_clear_error (&error);
      failed = TRUE;
    }
  read_us = g_get_monotonic_time () - t0;
  for (guint i = 0; i < vms_trace_set_get_n_traces (set); i++)
    {
      VmsTrace *trace = vms_trace_set_get_trace (set, i);

      /* the roles are known once read */
      vms_sync_add_trace (sync, i, vms_trace_get_hostname (trace), vms_trace_get_role (trace));
      if (!failed && vms_trace_get_error (trace) != NULL)
        {
          g_printerr ("vmscope sync: %s\n", vms_trace_get_error (trace)->message);
          failed = TRUE;
        }
    }
  if (!vms_sync_solve (sync, reference, offsets, &error))
    {
      g_printerr ("vmscope sync: %s\n", error->message);
      return VMS_CLI_USAGE;
    }

  if (json)
    {
      g_autoptr (JsonGenerator) gen = json_generator_new ();
      g_autoptr (JsonNode) root = to_json (set, sync);
      g_autofree char *text = NULL;

      json_generator_set_root (gen, root);
      json_generator_set_pretty (gen, TRUE);
      text = json_generator_to_data (gen, NULL);
      g_print ("%s\n", text);
    }
  else
    print_text (set, sync);

  if (timing)
    g_printerr (_ ("vmscope sync: read in %.3f s, of which %.3f s matching (%.2f %% of the "
                   "rest)\n"),
                read_us / 1e6, state.feed_us / 1e6,
                read_us > state.feed_us ? 100.0 * state.feed_us / (read_us - state.feed_us) : 0);
  return failed ? VMS_CLI_FAILED : VMS_CLI_OK;
}
