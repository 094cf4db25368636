/* test-model-util.h — helpers of the model tests that run vmscope-gen.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>

/* Removes a folder of generated traces. */
static inline void
test_rm_rf (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        test_rm_rf (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}
