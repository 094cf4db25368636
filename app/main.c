/* main.c — vmscope's entry point: the command line tools or the application.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "vms-application.h"
#include "vms-cli.h"

int
main (int argc, char *argv[])
{
  g_autoptr (VmsApplication) app = NULL;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* `vmscope info|sync|analyze|state|export ...` need no display. */
  if (vms_cli_is_command (argc, argv))
    return vms_cli_main (argc, argv);

  app = vms_application_new ();
  status = g_application_run (G_APPLICATION (app), argc, argv);
  return status;
}
