/* vms-application.c — the GtkApplication: windows, opening folders, app-wide actions.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vms-application.h"
#include "vms-window.h"

struct _VmsApplication {
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (VmsApplication, vms_application, ADW_TYPE_APPLICATION)

static VmsWindow *
get_or_create_window (VmsApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (vms_window_new (self));
  return VMS_WINDOW (window);
}

static void
vms_application_activate (GApplication *app)
{
  gtk_window_present (GTK_WINDOW (get_or_create_window (VMS_APPLICATION (app))));
}

static void
vms_application_open (GApplication *app, GFile **files, int n_files, const char *hint)
{
  VmsWindow *window = get_or_create_window (VMS_APPLICATION (app));

  vms_window_open (window, files, n_files);
  gtk_window_present (GTK_WINDOW (window));
}

static void
quit_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
};

static void
vms_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (vms_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
}

static void
vms_application_class_init (VmsApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = vms_application_activate;
  app_class->open = vms_application_open;
  app_class->startup = vms_application_startup;
}

static void
vms_application_init (VmsApplication *self)
{
}

VmsApplication *
vms_application_new (void)
{
  return g_object_new (VMS_TYPE_APPLICATION, "application-id", APP_ID, "flags",
                       G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE, "resource-base-path",
                       "/io/github/vmscope/VmScope", NULL);
}
