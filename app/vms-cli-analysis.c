/* vms-cli-analysis.c — what `vmscope analyze` and `vmscope state` share: the options that shape
 * an analysis (--vm, --reference, --offset) and running it with readable errors.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vms-cli.h"

void
vms_cli_analysis_options_add (GOptionContext *context, VmsCliAnalysisOptions *options)
{
  const GOptionEntry entries[] = {
    { "vm", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options->vms,
      N_ ("Tie the guest trace GUEST to the QEMU process PID of the host (repeatable)"),
      N_ ("GUEST=PID") },
    { "reference", 'r', 0, G_OPTION_ARG_STRING, &options->reference,
      N_ ("Put every clock on this machine's (default: the host, else the first trace)"),
      N_ ("NAME") },
    { "offset", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options->offsets,
      N_ ("Set a machine's clock by hand: t_NAME = t_reference + NS (repeatable)"),
      N_ ("NAME=NS") },
    { NULL },
  };
  GOptionGroup *group = g_option_context_get_main_group (context);

  if (group == NULL)
    {
      group = g_option_group_new (NULL, NULL, NULL, NULL, NULL);
      g_option_context_set_main_group (context, group);
    }
  g_option_group_add_entries (group, entries);
}

void
vms_cli_analysis_options_clear (VmsCliAnalysisOptions *options)
{
  g_clear_pointer (&options->vms, g_strfreev);
  g_clear_pointer (&options->offsets, g_strfreev);
  g_clear_pointer (&options->reference, g_free);
}

static gboolean
split_spec (const char *spec,
            const char *option,
            const char *example,
            char **name,
            gint64 *value,
            GError **error)
{
  const char *eq = strrchr (spec, '=');

  if (eq == NULL || eq == spec
      || !g_ascii_string_to_signed (eq + 1, 10, G_MININT64, G_MAXINT64, value, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, _ ("%s wants %s, not “%s”"),
                   option, example, spec);
      return FALSE;
    }
  *name = g_strndup (spec, (gsize) (eq - spec));
  return TRUE;
}

/* A new analysis of paths with the options, not run yet; NULL and error on a bad option. */
VmsAnalysis *
vms_cli_analysis_new (char **paths, const VmsCliAnalysisOptions *options, GError **error)
{
  g_autoptr (VmsAnalysis) analysis = vms_analysis_new ((const char *const *) paths);

  if (options->reference != NULL)
    vms_analysis_set_reference (analysis, options->reference);
  for (guint i = 0; options->vms != NULL && options->vms[i] != NULL; i++)
    {
      g_autofree char *name = NULL;
      gint64 pid;

      if (!split_spec (options->vms[i], "--vm", "GUEST=PID (for example jessie=2116)", &name, &pid,
                       error))
        return NULL;
      if (pid <= 0 || pid > G_MAXINT32)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _ ("--vm %s: %" G_GINT64_FORMAT " is not a process id"), name, pid);
          return NULL;
        }
      vms_analysis_tie_vm (analysis, name, (int) pid);
    }
  for (guint i = 0; options->offsets != NULL && options->offsets[i] != NULL; i++)
    {
      g_autofree char *name = NULL;
      gint64 ns;

      if (!split_spec (options->offsets[i], "--offset",
                       "NAME=NANOSECONDS (for example jessie=-1500000)", &name, &ns, error))
        return NULL;
      vms_analysis_add_offset (analysis, name, ns);
    }
  return g_steal_pointer (&analysis);
}

/* Runs it; prints every error (each names its trace); FALSE when something failed. */
gboolean
vms_cli_analysis_run (VmsAnalysis *analysis, const char *command)
{
  GPtrArray *errors;

  vms_analysis_run (analysis, NULL, NULL, NULL, NULL);
  errors = vms_analysis_get_errors (analysis);
  for (guint i = 0; i < errors->len; i++)
    g_printerr ("vmscope %s: %s\n", command, ((GError *) g_ptr_array_index (errors, i))->message);
  return errors->len == 0;
}
