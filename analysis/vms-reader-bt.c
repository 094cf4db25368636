/* vms-reader-bt.c — the process-wide libbabeltrace2 state: one lock, the ctf plugin, errors.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * libbabeltrace2 objects are reference-counted without atomics, and the src.ctf.fs component
 * class is shared by every graph: loading the plugin and creating or destroying graphs and
 * queries happen under vms_bt_lock().  Each graph is then used by one thread at a time.
 */
#include "config.h"

#include <string.h>

#include "vms-reader-private.h"

static GMutex bt_lock;
static const bt_plugin *ctf_plugin;

void
vms_bt_lock (void)
{
  g_mutex_lock (&bt_lock);
}

void
vms_bt_unlock (void)
{
  g_mutex_unlock (&bt_lock);
}

const bt_component_class_source *
vms_bt_ctf_fs_class (GError **error)
{
  const bt_component_class_source *cls;

  if (ctf_plugin == NULL)
    {
      bt_plugin_find_status status;

      /* libbabeltrace2 logs to stderr: keep it quiet unless asked (VMS_BT_LOG=1). */
      if (g_getenv ("VMS_BT_LOG") == NULL)
        bt_logging_set_global_level (BT_LOGGING_LEVEL_NONE);
      status = bt_plugin_find ("ctf", BT_TRUE, BT_FALSE, BT_TRUE, BT_TRUE, BT_FALSE, &ctf_plugin);
      if (status != BT_PLUGIN_FIND_STATUS_OK)
        {
          g_autofree char *cause = vms_bt_take_error_text ();

          g_set_error (error, VMS_TRACE_ERROR, VMS_TRACE_ERROR_FAILED,
                       "The babeltrace2 “ctf” plugin could not be loaded%s%s: install the "
                       "Debian package libbabeltrace2-0 (or set BABELTRACE_PLUGIN_PATH)",
                       cause ? ": " : "", cause ? cause : "");
          ctf_plugin = NULL;
          return NULL;
        }
    }
  cls = bt_plugin_borrow_source_component_class_by_name_const (ctf_plugin, "fs");
  if (cls == NULL)
    g_set_error (error, VMS_TRACE_ERROR, VMS_TRACE_ERROR_FAILED,
                 "The babeltrace2 “ctf” plugin has no “fs” source: reinstall libbabeltrace2-0");
  return cls;
}

/* Causes that only say where an error went through, not what it is. */
static const char *const plumbing[] = {
  "Component initialization method failed",
  "Component class's \"query\" method failed",
  "Component's \"consume\" method failed",
  "Cannot create trace for",
  "Graph object's",
  "Cannot consume from graph",
};

/* The message of one cause, on one line, without object addresses. */
static char *
cause_text (const bt_error_cause *cause)
{
  static GRegex *addr;
  const char *msg = bt_error_cause_get_message (cause);
  g_autofree char *text = g_strstrip (g_strdup (msg ? msg : ""));
  char *nl = strchr (text, '\n');

  if (nl != NULL)
    *nl = '\0';
  for (guint i = 0; i < G_N_ELEMENTS (plumbing); i++)
    if (g_str_has_prefix (text, plumbing[i]))
      return g_strdup ("");
  if (g_once_init_enter (&addr))
    g_once_init_leave (&addr, g_regex_new ("[a-z-]*-addr=0x[0-9a-fA-F]+(, )?|(, )?[a-z-]*-addr=0x"
                                           "[0-9a-fA-F]+|[a-z-]*-addr=\\(nil\\)(, )?",
                                           G_REGEX_OPTIMIZE, 0, NULL));
  return g_regex_replace_literal (addr, text, -1, 0, "", 0, NULL);
}

char *
vms_bt_take_error_text (void)
{
  const bt_error *bt_err = bt_current_thread_take_error ();
  g_autoptr (GString) text = NULL;
  guint64 n;
  guint kept = 0;

  if (bt_err == NULL)
    return NULL;
  n = bt_error_get_cause_count (bt_err);
  text = g_string_new (NULL);
  /* Cause 0 is the root cause (the first appended); the next one says where it happened. */
  for (guint64 i = 0; i < n && kept < 2; i++)
    {
      g_autofree char *c = cause_text (bt_error_borrow_cause_by_index (bt_err, i));

      if (*c == '\0')
        continue;
      if (text->len > 0)
        g_string_append (text, " / ");
      g_string_append (text, c);
      kept++;
    }
  bt_error_release (bt_err);
  if (text->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&text), FALSE);
}
