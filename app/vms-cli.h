/* vms-cli.h — `vmscope COMMAND ...`: the tools that need no display.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses of the command line tools. */
enum {
  VMS_CLI_OK = 0,
  VMS_CLI_FAILED = 1, /* the traces could not be read (fully), the message says why */
  VMS_CLI_USAGE = 2,  /* wrong options */
};

gboolean vms_cli_is_command (int argc, char **argv);
int vms_cli_main (int argc, char **argv);

/* One function per command, each in app/vms-cli-COMMAND.c. argv[0] is the command name. */
int vms_cli_sync (int argc, char **argv);
int vms_cli_info (int argc, char **argv);

G_END_DECLS
