/* vms-cli.h — `vmscope COMMAND ...`: the tools that need no display.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

#include "vms-analysis.h"

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
int vms_cli_analyze (int argc, char **argv);
int vms_cli_state (int argc, char **argv);

/* The options shaping an analysis, shared by analyze and state (vms-cli-analyze.c):
 * --vm GUEST=PID, --reference NAME, --offset NAME=NS. */
typedef struct {
  char **vms;
  char **offsets;
  char *reference;
} VmsCliAnalysisOptions;

void vms_cli_analysis_options_add (GOptionContext *context, VmsCliAnalysisOptions *options);
void vms_cli_analysis_options_clear (VmsCliAnalysisOptions *options);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VmsCliAnalysisOptions, vms_cli_analysis_options_clear)
/* A new analysis of paths with those options (not run); NULL and error on a bad option. */
VmsAnalysis *
vms_cli_analysis_new (char **paths, const VmsCliAnalysisOptions *options, GError **error);
/* Runs it, printing every error (each names its trace) as "vmscope COMMAND: …"; FALSE when
 * anything failed (what could be read is still in the analysis). */
gboolean vms_cli_analysis_run (VmsAnalysis *analysis, const char *command);
int vms_cli_export (int argc, char **argv);

G_END_DECLS
