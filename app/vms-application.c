/* vms-application.c — the GtkApplication: windows, opening folders, app-wide actions.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "vms-application.h"
#include "vms-preferences-window.h"
#include "vms-window.h"

#define MAX_RECENT 10

struct _VmsApplication {
  AdwApplication parent_instance;

  GSettings *settings; /* NULL when the schema is not installed */
  GMenu *recent_menu;
  char **recent; /* sets of folders, paths separated by newlines, newest first */
};

G_DEFINE_FINAL_TYPE (VmsApplication, vms_application, ADW_TYPE_APPLICATION)

/**
 * vms_application_runs_from_build_tree:
 *
 * Returns: whether this vmscope is the one built in BUILD_DIR (not an installed copy): it then
 *   takes its translations and the demo from the build and source trees.
 */
gboolean
vms_application_runs_from_build_tree (void)
{
  static gsize done = 0;
  static gboolean from_build = FALSE;

  if (g_once_init_enter (&done))
    {
      /* Both without symbolic links: /proc/self/exe has none. */
      g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
      g_autofree char *build = realpath (BUILD_DIR, NULL);

      from_build = exe != NULL && build != NULL && g_str_has_prefix (exe, build)
                   && exe[strlen (build)] == G_DIR_SEPARATOR;
      g_once_init_leave (&done, 1);
    }
  return from_build;
}

char *
vms_application_dup_demo_dir (void)
{
  const char *override = g_getenv ("VMS_DEMO_DIR");
  const char *dir;

  if (override != NULL && *override != '\0')
    return g_strdup (override);
  /* Running from the build tree: the sources' demo.  Installed: PKGDATADIR. */
  dir = vms_application_runs_from_build_tree () ? SOURCE_DIR "/data/demo" : PKGDATADIR "/demo";
  return g_file_test (dir, G_FILE_TEST_IS_DIR) ? g_strdup (dir) : NULL;
}

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

/* Recent sets live in the "recent-folders" key when the settings schema is installed (or
 * compiled in the build tree), else only in memory. */
static GSettings *
settings_new_if_available (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  return schema != NULL ? g_settings_new (APP_ID) : NULL;
}

static void
rebuild_recent_menu (VmsApplication *self)
{
  guint n = 0;

  if (self->settings != NULL)
    {
      g_strfreev (self->recent);
      self->recent = g_settings_get_strv (self->settings, "recent-folders");
    }
  g_menu_remove_all (self->recent_menu);
  for (guint i = 0; self->recent != NULL && self->recent[i] != NULL && n < MAX_RECENT; i++)
    {
      g_auto (GStrv) paths = g_strsplit (self->recent[i], "\n", -1);
      g_autoptr (GString) label = g_string_new (NULL);
      g_autoptr (GMenuItem) item = NULL;

      for (guint j = 0; paths[j] != NULL; j++)
        {
          g_autofree char *name = g_path_get_basename (paths[j]);

          if (j > 0)
            g_string_append (label, ", ");
          g_string_append (label, name);
        }
      item = g_menu_item_new (label->str, NULL);
      g_menu_item_set_action_and_target (item, "win.open-recent", "s", self->recent[i]);
      g_menu_append_item (self->recent_menu, item);
      n++;
    }
  if (n == 0)
    {
      g_autoptr (GMenuItem) item = g_menu_item_new (_ ("No Recent Traces"), "win.none");

      g_menu_append_item (self->recent_menu, item);
    }
}

void
vms_application_add_recent (VmsApplication *self, GFile **files, int n_files)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr (GString) set = g_string_new (NULL);
  g_auto (GStrv) recent = NULL;
  guint n = 1;

  g_return_if_fail (VMS_IS_APPLICATION (self));

  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);

      if (path == NULL)
        return;
      if (set->len > 0)
        g_string_append_c (set, '\n');
      g_string_append (set, path);
    }
  g_strv_builder_add (builder, set->str);
  for (guint i = 0; self->recent != NULL && self->recent[i] != NULL && n < MAX_RECENT; i++)
    if (strcmp (self->recent[i], set->str) != 0)
      {
        g_strv_builder_add (builder, self->recent[i]);
        n++;
      }
  recent = g_strv_builder_end (builder);
  if (self->settings != NULL)
    g_settings_set_strv (self->settings, "recent-folders", (const char *const *) recent);
  else
    {
      g_strfreev (self->recent);
      self->recent = g_steal_pointer (&recent);
      rebuild_recent_menu (self);
    }
}

GSettings *
vms_application_get_settings (VmsApplication *self)
{
  g_return_val_if_fail (VMS_IS_APPLICATION (self), NULL);

  return self->settings;
}

GMenuModel *
vms_application_get_recent_menu (VmsApplication *self)
{
  g_return_val_if_fail (VMS_IS_APPLICATION (self), NULL);

  return G_MENU_MODEL (self->recent_menu);
}

static void
quit_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  GList *windows = g_list_copy_deep (gtk_application_get_windows (GTK_APPLICATION (user_data)),
                                     (GCopyFunc) (void (*) (void)) g_object_ref, NULL);

  /* Closed one by one, each main window saves its size, layout and the view of its traces;
   * the application ends with the last. */
  for (GList *l = windows; l != NULL; l = l->next)
    if (VMS_IS_WINDOW (l->data))
      gtk_window_close (GTK_WINDOW (l->data));
  g_list_free_full (windows, g_object_unref);
}

static void
about_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  static const char *developers[] = { "The vmscope authors", NULL };
  GtkApplication *app = GTK_APPLICATION (user_data);
  GtkWidget *about;

  about = g_object_new (
    ADW_TYPE_ABOUT_WINDOW, "transient-for", gtk_application_get_active_window (app), "modal", TRUE,
    "application-name", _ ("vmscope"), "application-icon", APP_ID, "version", PACKAGE_VERSION,
    "developer-name", _ ("The vmscope authors"), "developers", developers, "copyright",
    "© 2026 The vmscope authors", "license-type", GTK_LICENSE_GPL_2_0, "comments",
    _ ("See what virtual machines really did on a KVM host, from LTTng "
       "kernel traces of the host and its guests."),
    "translator-credits", _ ("translator-credits"), NULL);
  adw_about_window_add_acknowledgement_section (
    ADW_ABOUT_WINDOW (about), _ ("Research"),
    (const char *[]){ "Gebai &amp; Dagenais, Virtual machine monitoring using trace analysis, 2013",
                      NULL });
  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about), "Babeltrace 2", NULL,
                                      GTK_LICENSE_MIT_X11, NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_activated (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  VmsApplication *self = VMS_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (self->settings == NULL)
    {
      g_warning ("The settings schema %s is not installed: preferences cannot be kept", APP_ID);
      return;
    }
  gtk_window_present (GTK_WINDOW (vms_preferences_window_new (parent, self->settings)));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "about", about_activated },
  { "preferences", preferences_activated },
};

static const struct {
  const char *action;
  const char *accels[4];
} accels[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "app.preferences", { "<Control>comma", NULL } },
  { "win.open", { "<Control>o", NULL } },
  { "win.close", { "<Control>w", NULL } },
  { "win.cancel-load", { "Escape", NULL } },
  { "win.zoom-in", { "<Control>plus", "<Control>equal", "<Control>KP_Add", NULL } },
  { "win.zoom-out", { "<Control>minus", "<Control>KP_Subtract", NULL } },
  { "win.zoom-to-fit", { "<Control>0", "<Control>KP_0", NULL } },
  { "win.zoom-to-selection", { "<Control>1", "<Control>KP_1", NULL } },
  { "win.go-to-time", { "<Control>g", NULL } },
  { "win.back", { "<Alt>Left", NULL } },
  { "win.forward", { "<Alt>Right", NULL } },
  { "win.export-image", { "<Control>e", NULL } },
  { "win.copy-image", { "<Control><Shift>c", NULL } },
  { "win.relative-time", { "<Control>t", NULL } },
  { "win.show-details", { "F9", NULL } },
  { "win.show-help-overlay", { "<Control>question", NULL } },
};

static void
vms_application_startup (GApplication *app)
{
  VmsApplication *self = VMS_APPLICATION (app);

  G_APPLICATION_CLASS (vms_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action,
                                           accels[i].accels);

  self->settings = settings_new_if_available ();
  if (self->settings != NULL)
    g_signal_connect_object (self->settings, "changed::recent-folders",
                             G_CALLBACK (rebuild_recent_menu), self, G_CONNECT_SWAPPED);
  rebuild_recent_menu (self);
}

static void
vms_application_dispose (GObject *object)
{
  VmsApplication *self = VMS_APPLICATION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (vms_application_parent_class)->dispose (object);
}

static void
vms_application_finalize (GObject *object)
{
  VmsApplication *self = VMS_APPLICATION (object);

  g_clear_object (&self->recent_menu);
  g_clear_pointer (&self->recent, g_strfreev);

  G_OBJECT_CLASS (vms_application_parent_class)->finalize (object);
}

static void
vms_application_class_init (VmsApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = vms_application_dispose;
  object_class->finalize = vms_application_finalize;

  app_class->activate = vms_application_activate;
  app_class->open = vms_application_open;
  app_class->startup = vms_application_startup;
}

static void
vms_application_init (VmsApplication *self)
{
  self->recent_menu = g_menu_new ();
}

VmsApplication *
vms_application_new (void)
{
  return g_object_new (VMS_TYPE_APPLICATION, "application-id", APP_ID, "flags",
                       G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE, "resource-base-path",
                       "/io/github/vmscope/VmScope", NULL);
}
