/* vms-gui-test.h — helpers of the GUI tests: a real VmsApplication and VmsWindow under the
 * Xvfb display of tests/run-suite, and a main loop spun until something happens.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <string.h>


#include "vms-application.h"
#include "vms-window.h"

G_BEGIN_DECLS

typedef gboolean (*VmsTestCondition) (gpointer data);

static inline gboolean
vms_test_timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the default main context until condition (data) holds or seconds pass. */
static inline gboolean
vms_test_spin_until (VmsTestCondition condition, gpointer data, guint seconds)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (seconds, vms_test_timeout_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return condition (data);
}

/* Iterates the main loop for ms milliseconds (lets frames be drawn). */
static inline void
vms_test_spin_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, vms_test_timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* TRUE when a display is there; else prints why the test skips. */
static inline gboolean
vms_test_have_display (void)
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("# no display (DISPLAY unset): GUI tests run under xvfb-run, see "
                  "tests/run-suite; skipping\n");
      return FALSE;
    }
  return gtk_init_check ();
}

/* The demo traces when they are in the tree (a folder with a trace in it), else NULL. */
static inline char *
vms_test_demo_dir (void)
{
  g_autofree char *dir = vms_application_dup_demo_dir ();
  g_autoptr (GDir) d = NULL;

  if (dir == NULL || (d = g_dir_open (dir, 0, NULL)) == NULL || g_dir_read_name (d) == NULL)
    return NULL;
  return g_steal_pointer (&dir);
}

static inline gboolean
vms_test_not_loading (gpointer window)
{
  return !vms_window_get_loading (window);
}

G_END_DECLS
