/* vms-test-util.h — small helpers shared by the cmocka tests.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The folder of the shared real traces: $VMS_SHARED_TRACES, else the build's default
 * ($VMS_DEFAULT_TRACES, ../shared/traces beside the sources). Returns NULL, after printing
 * why, when the folder is absent: the caller skips its test. */
static inline char *
vms_test_traces_dir (void)
{
  const char *dir = g_getenv ("VMS_SHARED_TRACES");

  if (dir == NULL || *dir == '\0')
    dir = g_getenv ("VMS_DEFAULT_TRACES");
  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_printerr ("# shared traces not found (%s): set VMS_SHARED_TRACES; skipping\n",
                  dir ? dir : "unset");
      return NULL;
    }
  return g_strdup (dir);
}

/* A path below the shared traces, or NULL (test skipped) when absent. */
static inline char *
vms_test_trace_path (const char *relative)
{
  g_autofree char *dir = vms_test_traces_dir ();
  g_autofree char *path = NULL;

  if (dir == NULL)
    return NULL;
  path = g_build_filename (dir, relative, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_printerr ("# %s is missing; skipping\n", path);
      return NULL;
    }
  return g_steal_pointer (&path);
}

/* A file or folder in the build tree ($VMS_BUILD_DIR). */
static inline char *
vms_test_build_path (const char *relative)
{
  const char *dir = g_getenv ("VMS_BUILD_DIR");

  return g_build_filename (dir ? dir : ".", relative, NULL);
}

G_END_DECLS
