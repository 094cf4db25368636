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

static gboolean
have_env (const char *name)
{
  const char *value = g_getenv (name);

  return value != NULL && *value != '\0';
}

/* The translations: the build tree's po/ (where meson compiles po/LL/LC_MESSAGES/vmscope.mo)
 * when this executable runs from the build tree, as ./run and the tests do, else the
 * installed ones.  VMS_LOCALEDIR overrides both. */
static const char *
locale_dir (void)
{
  if (have_env ("VMS_LOCALEDIR"))
    return g_getenv ("VMS_LOCALEDIR");
  if (vms_application_runs_from_build_tree ())
    return BUILD_DIR G_DIR_SEPARATOR_S "po";
  return LOCALEDIR;
}

int
main (int argc, char *argv[])
{
  g_autoptr (VmsApplication) app = NULL;
  int status;

  /* gettext ignores LANGUAGE in the "C" locale, which is what a session without LANG, LC_ALL
   * or LC_MESSAGES has (containers, ssh): `LANGUAGE=fr vmscope` then takes C.UTF-8, glibc's
   * UTF-8 "C" locale, in which LANGUAGE counts.  Through the environment, so that GTK's own
   * setlocale () at start-up makes the same choice. */
  if (have_env ("LANGUAGE") && !have_env ("LC_ALL") && !have_env ("LC_MESSAGES")
      && !have_env ("LANG"))
    g_setenv ("LANG", "C.UTF-8", TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* `vmscope info|sync|analyze|state|export ...` need no display. */
  if (vms_cli_is_command (argc, argv))
    return vms_cli_main (argc, argv);

  app = vms_application_new ();
  status = g_application_run (G_APPLICATION (app), argc, argv);
  return status;
}
