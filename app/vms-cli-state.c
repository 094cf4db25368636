/* vms-cli-state.c — `vmscope state PATH... --at TIME`: the state of every VM, vCPU, guest thread
 * and physical CPU at one instant of the host's clock.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vms-cli.h"
#include "vms-time.h"

/* "hypervisor (exit HLT) since +1.2 s for 3.5 µs" */
static void
describe (GString *out, VmsModel *model, const VmsInterval *in, gint64 at, gint64 origin)
{
  int host = vms_model_get_host (model);
  g_autofree char *since = vms_time_format_relative (in->start, origin);
  g_autofree char *left = vms_time_format_duration (in->end - at, 3);
  g_autofree char *length = vms_time_format_duration (in->end - in->start, 3);

  g_string_append (out, vms_state_to_string (in->state));
  if (in->exit_reason >= 0)
    {
      const char *name = vms_exit_reason_name (in->isa, (guint) in->exit_reason);

      if (name != NULL)
        g_string_append_printf (out, _ (", exit %s"), name);
      else
        g_string_append_printf (out, _ (", exit %d"), in->exit_reason);
    }
  if (in->state == VMS_STATE_APPEARED)
    g_string_append_printf (out, _ (" (its vCPU was %s)"), vms_state_to_string (in->cause));
  if ((in->state == VMS_STATE_PREEMPTED
       || (in->state == VMS_STATE_APPEARED && in->cause == VMS_STATE_PREEMPTED))
      && in->tid >= 0 && host >= 0)
    {
      g_autofree char *who = vms_model_thread_label (model, (guint) host, in->tid);

      g_string_append_printf (out, _ (", by %s"), who);
    }
  g_string_append_printf (out, _ (" — since %s, for %s (%s left)"), since, length, left);
}

static void
print_row (GString *out, VmsModel *model, guint row, const char *label, gint64 at, gint64 origin)
{
  VmsInterval in;

  g_string_append_printf (out, "    %-28s ", label);
  if (vms_model_hit_test (model, row, at, &in))
    describe (out, model, &in, at, origin);
  else
    g_string_append (out, _ ("no data"));
  g_string_append_c (out, '\n');
}

int
vms_cli_state (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_ ("--at TIME — state at a time"));
  g_autoptr (GError) error = NULL;
  g_autoptr (VmsAnalysis) analysis = NULL;
  g_auto (VmsCliAnalysisOptions) options = { 0 };
  g_autoptr (GString) out = g_string_new (NULL);
  g_auto (GStrv) paths = NULL;
  g_autofree char *at_text = NULL;
  g_autofree char *at_label = NULL;
  gboolean all_threads = FALSE, ok;
  VmsModel *model;
  gint64 at, origin;
  const GOptionEntry entries[] = {
    { "at", 0, 0, G_OPTION_ARG_STRING, &at_text,
      N_ ("The instant, on the host's clock: ns, 1.5s, or +250ms from the host trace's start"),
      N_ ("TIME") },
    { "all-threads", 0, 0, G_OPTION_ARG_NONE, &all_threads,
      N_ ("Also list the threads that are blocked or unknown"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &paths, NULL, N_ ("PATH…") },
    { NULL },
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  vms_cli_analysis_options_add (context, &options);
  g_option_context_set_summary (
    context, _ ("Prints the state of every VM, vCPU and guest thread, and of the host's CPUs, "
                "at one instant."));
  if (!g_option_context_parse (context, &argc, &argv, &error)
      || (at_text != NULL && !vms_time_parse (at_text, 0, &at, &error)))
    {
      g_printerr ("vmscope state: %s\n", error->message);
      return VMS_CLI_USAGE;
    }
  if (paths == NULL || paths[0] == NULL || at_text == NULL)
    {
      g_printerr (_ ("vmscope state: give trace folders and --at TIME (see vmscope state "
                     "--help)\n"));
      return VMS_CLI_USAGE;
    }
  analysis = vms_cli_analysis_new (paths, &options, &error);
  if (analysis == NULL)
    {
      g_printerr ("vmscope state: %s\n", error->message);
      return VMS_CLI_USAGE;
    }
  ok = vms_cli_analysis_run (analysis, "state");
  model = vms_analysis_get_model (analysis);
  if (model == NULL)
    return VMS_CLI_FAILED;
  origin = vms_analysis_get_origin (analysis);
  vms_time_parse (at_text, origin, &at, NULL);

  at_label = vms_time_format_clock (at, TRUE);
  {
    g_autofree char *rel = vms_time_format_relative (at, origin);

    g_string_append_printf (out, _ ("At %s (%s, %" G_GINT64_FORMAT " ns)\n"), at_label, rel, at);
  }
  if (at < vms_model_get_begin (model) || at >= vms_model_get_end (model))
    g_string_append (out, _ ("  (outside the traces: nothing is known there)\n"));
  if (vms_model_get_n_vms (model) == 0)
    g_string_append (out, _ ("  No virtual machines: no trace has KVM events.\n"));

  for (guint row = 0; row < vms_model_get_n_rows (model); row++)
    {
      const VmsRow *r = vms_model_get_row (model, row);
      VmsInterval in;

      switch (r->kind)
        {
          case VMS_ROW_GROUP:
            if (r->depth == 0)
              g_string_append_printf (out, "\n%s\n", r->label);
            else
              g_string_append_printf (out, "  %s\n", r->label);
            break;
          case VMS_ROW_VCPU:
            print_row (out, model, row, r->label, at, origin);
            if (vms_model_hit_test (model, row, at, &in) && in.guest_tid >= 0)
              {
                const VmsVm *vm = vms_model_get_vm (model, (guint) r->vm);
                g_autofree char *who
                  = vm->machine >= 0
                      ? vms_model_thread_label (model, (guint) vm->machine, in.guest_tid)
                      : NULL;

                if (who != NULL)
                  g_string_append_printf (out, _ ("    %-28s guest runs %s\n"), "", who);
              }
            break;
          case VMS_ROW_CPU:
            if (vms_model_hit_test (model, row, at, &in))
              {
                g_autofree char *who
                  = in.tid >= 0 ? vms_model_thread_label (model, (guint) r->machine, in.tid)
                                : g_strdup ("?");

                g_string_append_printf (out, "    %-28s %s\n", r->label, who);
              }
            else
              g_string_append_printf (out, "    %-28s %s\n", r->label, _ ("no data"));
            break;
          case VMS_ROW_THREAD:
            if (!vms_model_hit_test (model, row, at, &in))
              break;
            if (!all_threads && (in.state == VMS_STATE_BLOCKED || in.state == VMS_STATE_UNKNOWN))
              break;
            {
              g_autoptr (GString) line = g_string_new (NULL);

              describe (line, model, &in, at, origin);
              if (in.cpu >= 0)
                g_string_append_printf (line, r->vm >= 0 ? _ ("; on vCPU %d") : _ ("; on CPU %d"),
                                        in.cpu);
              g_string_append_printf (out, "    %-28s %s\n", r->label, line->str);
            }
            break;
          default:
            break;
        }
    }
  g_print ("%s", out->str);
  return ok ? VMS_CLI_OK : VMS_CLI_FAILED;
}
