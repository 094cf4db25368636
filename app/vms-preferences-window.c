/* vms-preferences-window.c — Preferences, bound to GSettings.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vms-preferences-window.h"

struct _VmsPreferencesWindow {
  AdwPreferencesWindow parent_instance;

  AdwComboRow *time_format_row;
  AdwComboRow *palette_row;
  GtkSwitch *idle_threads_switch;
  GtkSwitch *host_cpus_switch;
};

G_DEFINE_FINAL_TYPE (VmsPreferencesWindow, vms_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* An enum key ↔ the position of a combo row: the enum's values are the positions. */
static gboolean
enum_to_position (GValue *value, GVariant *variant, gpointer user_data)
{
  const char *const *nicks = user_data;
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; nicks[i] != NULL; i++)
    if (g_strcmp0 (nicks[i], nick) == 0)
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
position_to_enum (const GValue *value, const GVariantType *type, gpointer user_data)
{
  const char *const *nicks = user_data;
  guint position = g_value_get_uint (value);

  if (position >= g_strv_length ((char **) nicks))
    return NULL;
  return g_variant_new_string (nicks[position]);
}

static const char *const time_formats[] = { "absolute", "relative", NULL };
static const char *const palettes[] = { "default", "colorblind", NULL };

static void
vms_preferences_window_class_init (VmsPreferencesWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/vmscope/VmScope/vms-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VmsPreferencesWindow, time_format_row);
  gtk_widget_class_bind_template_child (widget_class, VmsPreferencesWindow, palette_row);
  gtk_widget_class_bind_template_child (widget_class, VmsPreferencesWindow, idle_threads_switch);
  gtk_widget_class_bind_template_child (widget_class, VmsPreferencesWindow, host_cpus_switch);
}

static void
vms_preferences_window_init (VmsPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * vms_preferences_window_new:
 * @parent: (nullable): the window it belongs to
 * @settings: the application's settings
 *
 * Returns: (transfer floating): a new preferences window, bound to @settings.
 */
VmsPreferencesWindow *
vms_preferences_window_new (GtkWindow *parent, GSettings *settings)
{
  VmsPreferencesWindow *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (VMS_TYPE_PREFERENCES_WINDOW, "transient-for", parent, "modal",
                       parent != NULL, NULL);
  g_settings_bind_with_mapping (settings, "time-format", self->time_format_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, enum_to_position, position_to_enum,
                                (gpointer) time_formats, NULL);
  g_settings_bind_with_mapping (settings, "palette", self->palette_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, enum_to_position, position_to_enum,
                                (gpointer) palettes, NULL);
  g_settings_bind (settings, "show-idle-threads", self->idle_threads_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "show-host-cpus", self->host_cpus_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  return self;
}
