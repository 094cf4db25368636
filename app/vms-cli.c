/* vms-cli.c — dispatch of `vmscope COMMAND ...`.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vms-cli.h"

typedef struct {
  const char *name;
  int (*run) (int argc, char **argv);
  const char *summary;
} VmsCliCommand;

static const VmsCliCommand commands[] = {
  { "help", NULL, N_ ("Print this help") },
  { "sync", vms_cli_sync, N_ ("Synchronize the machines' clocks") },
  { "info", vms_cli_info, N_ ("Describe traces and what they lack") },
  { "analyze", vms_cli_analyze, N_ ("Analyze the VMs: vCPU states, exits, spikes") },
  { "state", vms_cli_state, N_ ("The state of every VM, vCPU and thread at a time") },
  { "export", vms_cli_export, N_ ("Draw the timeline into a PNG, SVG or PDF file") },
};

static const VmsCliCommand *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (commands[i].name, name) == 0)
      return &commands[i];
  return NULL;
}

gboolean
vms_cli_is_command (int argc, char **argv)
{
  return argc > 1 && (find_command (argv[1]) != NULL || strcmp (argv[1], "--help") == 0);
}

static void
print_usage (void)
{
  g_print (_ ("Usage:\n  vmscope [PATH...]            open the traces in the window\n"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (commands[i].run != NULL)
      g_print ("  vmscope %-8s PATH...      %s\n", commands[i].name, _ (commands[i].summary));
  g_print (_ ("\nRun `vmscope COMMAND --help` for the options of a command.\n"));
}

int
vms_cli_main (int argc, char **argv)
{
  const VmsCliCommand *command = find_command (argv[1]);

  if (command == NULL || command->run == NULL)
    {
      print_usage ();
      return command != NULL || strcmp (argv[1], "--help") == 0 ? VMS_CLI_OK : VMS_CLI_USAGE;
    }
  /* "Usage: vmscope sync [OPTION…] PATH…" in each command's --help */
  {
    g_autofree char *prgname = g_strdup_printf ("vmscope %s", command->name);

    g_set_prgname (prgname);
  }
  return command->run (argc - 1, argv + 1);
}
