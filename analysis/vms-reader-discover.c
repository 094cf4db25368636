/* vms-reader-discover.c — finding CTF trace folders and grouping their stream files.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "vms-reader-private.h"

#define MAX_DEPTH 16

void
vms_stream_group_free (VmsStreamGroup *group)
{
  if (group == NULL)
    return;
  g_free (group->key);
  g_ptr_array_unref (group->files);
  g_free (group);
}

static gboolean
walk (const char *dir, guint depth, GPtrArray *out, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GDir) gdir = NULL;
  g_autoptr (GPtrArray) subdirs = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *metadata = g_build_filename (dir, "metadata", NULL);
  const char *name;

  if (g_file_test (metadata, G_FILE_TEST_EXISTS) || g_file_test (metadata, G_FILE_TEST_IS_SYMLINK))
    {
      g_ptr_array_add (out, g_strdup (dir));
      return TRUE;
    }
  if (depth >= MAX_DEPTH)
    return TRUE;

  gdir = g_dir_open (dir, 0, &local_error);
  if (gdir == NULL)
    {
      g_set_error (error, VMS_TRACE_ERROR, VMS_TRACE_ERROR_UNREADABLE,
                   "The folder “%s” cannot be opened (%s): check that you may read it", dir,
                   local_error->message);
      return FALSE;
    }
  while ((name = g_dir_read_name (gdir)) != NULL)
    {
      g_autofree char *child = NULL;

      if (name[0] == '.' || strcmp (name, "index") == 0)
        continue;
      child = g_build_filename (dir, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        g_ptr_array_add (subdirs, g_steal_pointer (&child));
    }
  g_ptr_array_sort (subdirs, vms_compare_strings);
  for (guint i = 0; i < subdirs->len; i++)
    if (!walk (g_ptr_array_index (subdirs, i), depth + 1, out, error))
      return FALSE;
  return TRUE;
}

/**
 * vms_reader_discover:
 * @path: a trace folder or any folder above trace folders
 * @out: (element-type utf8): where to append the absolute trace folders found, sorted
 *
 * Returns: %FALSE with %VMS_TRACE_ERROR naming @path when it is missing, is not a folder,
 *   cannot be read, or holds no trace.
 */
gboolean
vms_reader_discover (const char *path, GPtrArray *out, GError **error)
{
  g_autofree char *abs = g_canonicalize_filename (path, NULL);
  GStatBuf st;
  guint before = out->len;

  if (g_lstat (abs, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, VMS_TRACE_ERROR,
                   saved == ENOENT || saved == ENOTDIR ? VMS_TRACE_ERROR_NOT_FOUND
                                                       : VMS_TRACE_ERROR_UNREADABLE,
                   "“%s” cannot be opened: %s: check the path", path, g_strerror (saved));
      return FALSE;
    }
  if (g_stat (abs, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, VMS_TRACE_ERROR, VMS_TRACE_ERROR_NOT_FOUND,
                   "“%s” is a link to something that cannot be opened (%s): check where it "
                   "points",
                   path, g_strerror (saved));
      return FALSE;
    }
  if (!S_ISDIR (st.st_mode))
    {
      g_set_error (error, VMS_TRACE_ERROR, VMS_TRACE_ERROR_UNREADABLE,
                   "“%s” is a file, not a folder: give the trace folder (the one that holds "
                   "the “metadata” file) or a folder above it",
                   path);
      return FALSE;
    }
  if (!walk (abs, 0, out, error))
    return FALSE;
  if (out->len == before)
    {
      g_set_error (error, VMS_TRACE_ERROR, VMS_TRACE_ERROR_NOT_FOUND,
                   "No CTF trace found in “%s”: a trace folder holds a file named “metadata”; "
                   "give an LTTng session folder or the trace folder inside it",
                   path);
      return FALSE;
    }
  return TRUE;
}

/* "chan_0_3" -> key "chan_0", index 3 (tracefile rotation); anything else: itself, 0. */
static char *
rotation_key (const char *name, guint64 *index)
{
  const char *last = strrchr (name, '_');
  const char *p;

  *index = 0;
  if (last == NULL || last[1] == '\0' || last == name)
    return g_strdup (name);
  for (p = last + 1; *p; p++)
    if (!g_ascii_isdigit (*p))
      return g_strdup (name);
  /* The part before must itself end in _<digits> (the CPU). */
  {
    g_autofree char *prefix = g_strndup (name, last - name);
    const char *under = strrchr (prefix, '_');

    if (under == NULL || under[1] == '\0')
      return g_strdup (name);
    for (p = under + 1; *p; p++)
      if (!g_ascii_isdigit (*p))
        return g_strdup (name);
    *index = g_ascii_strtoull (last + 1, NULL, 10);
    return g_steal_pointer (&prefix);
  }
}

typedef struct {
  char *path;
  guint64 index;
} RotFile;

static int
compare_groups (gconstpointer a, gconstpointer b)
{
  const VmsStreamGroup *ga = *(VmsStreamGroup *const *) a;
  const VmsStreamGroup *gb = *(VmsStreamGroup *const *) b;

  return strcmp (ga->key, gb->key);
}

static int
compare_rot (gconstpointer a, gconstpointer b)
{
  const RotFile *ra = a, *rb = b;

  if (ra->index != rb->index)
    return ra->index < rb->index ? -1 : 1;
  return strcmp (ra->path, rb->path);
}

/**
 * vms_reader_list_stream_groups:
 * @trace_dir: a trace folder
 *
 * Returns: (transfer full) (element-type VmsStreamGroup): the stream files of the trace
 *   (regular files other than `metadata`, not hidden, outside `index/`), grouped by stream
 *   (tracefile rotation) and sorted.
 */
GPtrArray *
vms_reader_list_stream_groups (const char *trace_dir, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GDir) dir = g_dir_open (trace_dir, 0, &local_error);
  g_autoptr (GHashTable) by_key
    = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
  g_autoptr (GPtrArray) groups
    = g_ptr_array_new_with_free_func ((GDestroyNotify) vms_stream_group_free);
  GHashTableIter iter;
  gpointer key, value;
  const char *name;

  if (dir == NULL)
    {
      g_set_error (error, VMS_TRACE_ERROR, VMS_TRACE_ERROR_UNREADABLE,
                   "The trace folder “%s” cannot be opened (%s): check that you may read it",
                   trace_dir, local_error->message);
      return NULL;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      RotFile rf;
      GArray *files;
      char *k;
      GStatBuf st;

      if (name[0] == '.' || strcmp (name, "metadata") == 0)
        continue;
      path = g_build_filename (trace_dir, name, NULL);
      if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode))
        continue;
      k = rotation_key (name, &rf.index);
      rf.path = g_steal_pointer (&path);
      files = g_hash_table_lookup (by_key, k);
      if (files == NULL)
        {
          files = g_array_new (FALSE, FALSE, sizeof (RotFile));
          g_hash_table_insert (by_key, k, files);
        }
      else
        g_free (k);
      g_array_append_val (files, rf);
    }

  g_hash_table_iter_init (&iter, by_key);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GArray *files = value;
      VmsStreamGroup *group = g_new0 (VmsStreamGroup, 1);

      g_array_sort (files, compare_rot);
      group->key = g_strdup (key);
      group->files = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < files->len; i++)
        {
          RotFile *rf = &g_array_index (files, RotFile, i);
          GStatBuf st;

          if (g_stat (rf->path, &st) == 0)
            group->bytes += st.st_size;
          g_ptr_array_add (group->files, rf->path);
        }
      g_ptr_array_add (groups, group);
    }
  g_ptr_array_sort (groups, compare_groups);
  return g_steal_pointer (&groups);
}

guint64
vms_reader_trace_bytes (const char *trace_dir)
{
  g_autoptr (GPtrArray) groups = vms_reader_list_stream_groups (trace_dir, NULL);
  guint64 total = 0;

  for (guint i = 0; groups != NULL && i < groups->len; i++)
    total += ((VmsStreamGroup *) g_ptr_array_index (groups, i))->bytes;
  return total;
}
