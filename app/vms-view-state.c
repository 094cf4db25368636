/* vms-view-state.c — the saved view of a trace set.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "vms-view-state.h"

#define KEY "view-states"

void
vms_view_state_init (VmsViewState *state)
{
  *state = (VmsViewState){ .collapsed = g_new0 (char *, 1), .panels_position = -1 };
}

void
vms_view_state_clear (VmsViewState *state)
{
  g_clear_pointer (&state->collapsed, g_strfreev);
  g_clear_pointer (&state->panel, g_free);
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

char *
vms_view_state_key (const char *const *paths)
{
  g_autoptr (GPtrArray) sorted = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    {
      g_autoptr (GFile) file = g_file_new_for_path (paths[i]);
      char *path = g_file_get_path (file); /* absolute, canonical . and .. */

      g_ptr_array_add (sorted, path != NULL ? path : g_strdup (paths[i]));
    }
  g_ptr_array_sort (sorted, compare_strings);
  g_ptr_array_add (sorted, NULL);
  return g_strjoinv ("\n", (char **) sorted->pdata);
}

GVariant *
vms_view_state_to_variant (const VmsViewState *state)
{
  GVariantDict dict;

  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "visible", "(xx)", state->visible_begin, state->visible_end);
  if (state->has_selection)
    g_variant_dict_insert (&dict, "selection", "(xx)", state->selection_begin,
                           state->selection_end);
  g_variant_dict_insert_value (
    &dict, "collapsed",
    g_variant_new_strv ((const char *const *) state->collapsed, state->collapsed ? -1 : 0));
  if (state->panel != NULL)
    g_variant_dict_insert (&dict, "panel", "s", state->panel);
  if (state->panels_position >= 0)
    g_variant_dict_insert (&dict, "panels-position", "i", state->panels_position);
  return g_variant_dict_end (&dict);
}

gboolean
vms_view_state_from_variant (GVariant *value, VmsViewState *state)
{
  g_auto (GVariantDict) dict;
  const char **collapsed = NULL;
  const char *panel = NULL;

  vms_view_state_clear (state);
  vms_view_state_init (state);
  g_variant_dict_init (&dict, value);
  if (!g_variant_dict_lookup (&dict, "visible", "(xx)", &state->visible_begin, &state->visible_end)
      || state->visible_end <= state->visible_begin)
    return FALSE;
  state->has_selection = g_variant_dict_lookup (&dict, "selection", "(xx)", &state->selection_begin,
                                                &state->selection_end);
  if (g_variant_dict_lookup (&dict, "collapsed", "^a&s", &collapsed))
    {
      g_strfreev (state->collapsed);
      state->collapsed = g_strdupv ((char **) collapsed);
      g_free (collapsed);
    }
  if (g_variant_dict_lookup (&dict, "panel", "&s", &panel))
    state->panel = g_strdup (panel);
  if (!g_variant_dict_lookup (&dict, "panels-position", "i", &state->panels_position))
    state->panels_position = -1;
  return TRUE;
}

void
vms_view_state_save (GSettings *settings, const char *key, const VmsViewState *state)
{
  g_autoptr (GVariant) old = NULL;
  GVariantBuilder builder;
  GVariantIter iter;
  const char *name;
  GVariant *dict;
  guint n = 1;

  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (key != NULL);

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(sa{sv})"));
  g_variant_builder_add (&builder, "(s@a{sv})", key, vms_view_state_to_variant (state));
  old = g_settings_get_value (settings, KEY);
  g_variant_iter_init (&iter, old);
  while (n < VMS_VIEW_STATE_MAX && g_variant_iter_next (&iter, "(&s@a{sv})", &name, &dict))
    {
      if (strcmp (name, key) != 0)
        {
          g_variant_builder_add (&builder, "(s@a{sv})", name, dict);
          n++;
        }
      g_variant_unref (dict);
    }
  g_settings_set_value (settings, KEY, g_variant_builder_end (&builder));
}

gboolean
vms_view_state_load (GSettings *settings, const char *key, VmsViewState *state)
{
  g_autoptr (GVariant) all = NULL;
  GVariantIter iter;
  const char *name;
  GVariant *dict;

  g_return_val_if_fail (G_IS_SETTINGS (settings), FALSE);

  all = g_settings_get_value (settings, KEY);
  g_variant_iter_init (&iter, all);
  while (g_variant_iter_next (&iter, "(&s@a{sv})", &name, &dict))
    {
      gboolean found = strcmp (name, key) == 0 && vms_view_state_from_variant (dict, state);

      g_variant_unref (dict);
      if (found)
        return TRUE;
    }
  return FALSE;
}
