/* vms-cli-info.c — `vmscope info PATH... [--json]`: what each trace holds, and what is missing.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "vms-cli.h"
#include "vms-time.h"
#include "vms-trace.h"

static gboolean
count_events (VmsTrace *trace, guint trace_index, const VmsEvent *events, gsize n, gpointer data)
{
  return TRUE;
}

/* The analyses that will be empty because the trace lacks their events. */
static GPtrArray *
missing_analyses (VmsTrace *trace)
{
  GPtrArray *missing = g_ptr_array_new_with_free_func (g_free);
  guint64 sync = 0;

  /* A trace that could not be read at all lacks nothing in particular: its error says why. */
  if (vms_trace_get_error (trace) != NULL && vms_trace_get_n_events (trace) == 0)
    return missing;

  if (vms_trace_get_kind_count (trace, VMS_EV_KVM_ENTRY) == 0
      && vms_trace_get_kind_count (trace, VMS_EV_KVM_EXIT) == 0)
    g_ptr_array_add (missing, g_strdup (_ ("no kvm_x86_entry/kvm_entry events: no vCPU states")));
  if (vms_trace_get_kind_count (trace, VMS_EV_SCHED_SWITCH) == 0)
    g_ptr_array_add (missing, g_strdup (_ ("no sched_switch events: no thread states")));
  if (vms_trace_get_kind_count (trace, VMS_EV_PAGE_ALLOC) == 0
      && vms_trace_get_kind_count (trace, VMS_EV_PAGE_FREE) == 0)
    g_ptr_array_add (missing, g_strdup (_ ("no kmem_mm_page_alloc/kmem_mm_page_free events: no "
                                           "memory use")));
  for (VmsEventKind k = VMS_EV_KVM_HYPERCALL; k <= VMS_EV_NET_RECV; k++)
    if (k != VMS_EV_KVM_USERSPACE_EXIT)
      sync += vms_trace_get_kind_count (trace, k);
  if (sync == 0)
    g_ptr_array_add (missing, g_strdup (_ ("no vmsync, kvm_x86_hypercall or TCP packet events: no "
                                           "clock synchronization")));
  return missing;
}

static void
print_text (VmsTrace *trace)
{
  g_autoptr (GPtrArray) missing = missing_analyses (trace);
  gint64 begin = vms_trace_get_begin (trace), end = vms_trace_get_end (trace);
  g_autofree char *duration = vms_time_format_duration (end - begin, 3);
  const char *kernel = vms_trace_get_env (trace, "kernel_release");

  g_print ("%s\n", vms_trace_get_path (trace));
  g_print (_ ("  hostname:   %s\n"), vms_trace_get_hostname (trace));
  g_print (_ ("  role:       %s\n"), vms_trace_role_to_string (vms_trace_get_role (trace)));
  g_print (_ ("  tracer:     %s%s%s%s\n"),
           vms_trace_get_tracer (trace) ? vms_trace_get_tracer (trace) : _ ("unknown"),
           kernel ? " (kernel " : "", kernel ? kernel : "", kernel ? ")" : "");
  g_print (_ ("  CPUs:       %u\n"), vms_trace_get_n_cpus (trace));
  g_print (_ ("  events:     %" G_GUINT64_FORMAT "\n"), vms_trace_get_n_events (trace));
  if (vms_trace_get_n_events (trace) > 0 && vms_trace_has_clock (trace))
    {
      g_autofree char *b = vms_time_format_clock (begin, TRUE);
      g_autofree char *e = vms_time_format_clock (end, TRUE);

      g_print (_ ("  begin:      %s UTC\n  end:        %s UTC\n"), b, e);
      g_print (_ ("  duration:   %s\n"), duration);
    }
  else if (vms_trace_get_n_events (trace) > 0)
    {
      g_print (_ ("  begin:      %" G_GINT64_FORMAT "\n  end:        %" G_GINT64_FORMAT "\n"),
               begin, end);
      g_print (_ ("  timestamps: raw clock cycles (the metadata declares no clock)\n"));
    }
  g_print (_ ("  discarded:  %" G_GUINT64_FORMAT " events, %" G_GUINT64_FORMAT " lost packets\n"),
           vms_trace_get_discarded_events (trace), vms_trace_get_lost_packets (trace));
  {
    g_autoptr (GString) sync = g_string_new (NULL);

    /* The events clock synchronization matches, when there are any */
    for (VmsEventKind k = VMS_EV_KVM_HYPERCALL; k <= VMS_EV_NET_RECV; k++)
      if (k != VMS_EV_KVM_USERSPACE_EXIT && vms_trace_get_kind_count (trace, k) > 0)
        g_string_append_printf (sync, "%s%" G_GUINT64_FORMAT " %s", sync->len > 0 ? ", " : "",
                                vms_trace_get_kind_count (trace, k), vms_event_kind_to_string (k));
    if (sync->len > 0)
      g_print (_ ("  sync:       %s\n"), sync->str);
  }
  if (vms_trace_get_error (trace) != NULL)
    g_print (_ ("  error:      %s\n"), vms_trace_get_error (trace)->message);
  if (missing->len > 0)
    {
      g_print (_ ("  missing:\n"));
      for (guint i = 0; i < missing->len; i++)
        g_print ("    - %s\n", (const char *) g_ptr_array_index (missing, i));
    }
}

static JsonNode *
trace_to_json (VmsTrace *trace)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (GPtrArray) missing = missing_analyses (trace);
  g_autoptr (GPtrArray) keys = vms_trace_get_env_keys (trace);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "path");
  json_builder_add_string_value (b, vms_trace_get_path (trace));
  json_builder_set_member_name (b, "hostname");
  json_builder_add_string_value (b, vms_trace_get_hostname (trace));
  json_builder_set_member_name (b, "role");
  json_builder_add_string_value (b, vms_trace_role_to_string (vms_trace_get_role (trace)));
  json_builder_set_member_name (b, "tracer");
  if (vms_trace_get_tracer (trace) != NULL)
    json_builder_add_string_value (b, vms_trace_get_tracer (trace));
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "cpus");
  json_builder_add_int_value (b, vms_trace_get_n_cpus (trace));
  json_builder_set_member_name (b, "events");
  json_builder_add_int_value (b, (gint64) vms_trace_get_n_events (trace));
  json_builder_set_member_name (b, "begin");
  json_builder_add_int_value (b, vms_trace_get_begin (trace));
  json_builder_set_member_name (b, "end");
  json_builder_add_int_value (b, vms_trace_get_end (trace));
  json_builder_set_member_name (b, "has_clock");
  json_builder_add_boolean_value (b, vms_trace_has_clock (trace));
  json_builder_set_member_name (b, "discarded");
  json_builder_add_int_value (b, (gint64) vms_trace_get_discarded_events (trace));
  json_builder_set_member_name (b, "lost_packets");
  json_builder_add_int_value (b, (gint64) vms_trace_get_lost_packets (trace));
  json_builder_set_member_name (b, "kinds");
  json_builder_begin_object (b);
  for (VmsEventKind k = VMS_EV_NONE + 1; k < VMS_EV_N_KINDS; k++)
    if (vms_trace_get_kind_count (trace, k) > 0)
      {
        json_builder_set_member_name (b, vms_event_kind_to_string (k));
        json_builder_add_int_value (b, (gint64) vms_trace_get_kind_count (trace, k));
      }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "env");
  json_builder_begin_object (b);
  for (guint i = 0; i < keys->len; i++)
    {
      json_builder_set_member_name (b, g_ptr_array_index (keys, i));
      json_builder_add_string_value (b, vms_trace_get_env (trace, g_ptr_array_index (keys, i)));
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "missing");
  json_builder_begin_array (b);
  for (guint i = 0; i < missing->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (missing, i));
  json_builder_end_array (b);
  if (vms_trace_get_error (trace) != NULL)
    {
      json_builder_set_member_name (b, "error");
      json_builder_add_string_value (b, vms_trace_get_error (trace)->message);
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

int
vms_cli_info (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_ ("PATH… — describe LTTng traces"));
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) good = g_ptr_array_new ();
  g_autoptr (VmsTraceSet) set = NULL;
  g_auto (GStrv) paths = NULL;
  gboolean json = FALSE;
  gboolean failed = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print JSON"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &paths, NULL, NULL },
    { NULL },
  };

  g_set_prgname ("vmscope info");
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _ ("For each trace found below PATH: host name, role, tracer, "
                                   "CPUs, events, time span, and the analyses its events "
                                   "cannot feed."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("vmscope info: %s\n", error->message);
      return VMS_CLI_USAGE;
    }
  if (paths == NULL || paths[0] == NULL)
    {
      g_printerr (_ ("vmscope info: give at least one trace folder (see vmscope info --help)\n"));
      return VMS_CLI_USAGE;
    }

  /* A path that cannot be opened is reported; the others are still described. */
  for (guint i = 0; paths[i] != NULL; i++)
    {
      const char *one[] = { paths[i], NULL };
      g_autoptr (VmsTraceSet) probe = vms_trace_set_new (one, &error);

      if (probe == NULL)
        {
          g_printerr ("vmscope info: %s\n", error->message);
          g_clear_error (&error);
          failed = TRUE;
        }
      else
        g_ptr_array_add (good, paths[i]);
    }
  if (good->len == 0)
    return VMS_CLI_FAILED;
  g_ptr_array_add (good, NULL);
  set = vms_trace_set_new ((const char *const *) good->pdata, &error);
  if (set == NULL)
    {
      g_printerr ("vmscope info: %s\n", error->message);
      return VMS_CLI_FAILED;
    }
  if (!vms_trace_set_read (set, count_events, NULL, NULL, NULL, NULL, &error))
    failed = TRUE;

  if (json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (JsonGenerator) gen = json_generator_new ();
      g_autoptr (JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "traces");
      json_builder_begin_array (b);
      for (guint i = 0; i < vms_trace_set_get_n_traces (set); i++)
        json_builder_add_value (b, trace_to_json (vms_trace_set_get_trace (set, i)));
      json_builder_end_array (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      json_generator_set_root (gen, root);
      json_generator_set_pretty (gen, TRUE);
      text = json_generator_to_data (gen, NULL);
      g_print ("%s\n", text);
    }
  else
    for (guint i = 0; i < vms_trace_set_get_n_traces (set); i++)
      {
        if (i > 0)
          g_print ("\n");
        print_text (vms_trace_set_get_trace (set, i));
      }

  if (error != NULL)
    g_printerr ("vmscope info: %s\n", error->message);
  return failed ? VMS_CLI_FAILED : VMS_CLI_OK;
}
