/* vms-string-table.c — interned strings shared by the threads of a trace set.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Interning takes a mutex (readers keep a per-thread cache in front of it, see
 * vms-reader-graph.c); lookups take none: strings live in a GStringChunk (never moved) and
 * their pointers in fixed-size pages that are published before the size is raised.
 */
#include "config.h"

#include "vms-reader-private.h"

#define PAGE_BITS 12
#define PAGE_SIZE (1u << PAGE_BITS)
#define MAX_PAGES 16384 /* 67 million strings */

struct _VmsStringTable {
  GMutex lock;
  GHashTable *ids; /* const char * (in chunk) -> id */
  GStringChunk *chunk;
  const char **pages[MAX_PAGES];
  guint size; /* atomic: ids below are readable without the lock */
};

VmsStringTable *
vms_string_table_new (void)
{
  VmsStringTable *table = g_new0 (VmsStringTable, 1);

  g_mutex_init (&table->lock);
  table->ids = g_hash_table_new (g_str_hash, g_str_equal);
  table->chunk = g_string_chunk_new (64 * 1024);
  table->pages[0] = g_new0 (const char *, PAGE_SIZE);
  table->pages[0][0] = "";
  table->size = 1;
  g_hash_table_insert (table->ids, (gpointer) "", GUINT_TO_POINTER (0));
  return table;
}

void
vms_string_table_free (VmsStringTable *table)
{
  if (table == NULL)
    return;
  for (guint i = 0; i < MAX_PAGES && table->pages[i] != NULL; i++)
    g_free (table->pages[i]);
  g_hash_table_unref (table->ids);
  g_string_chunk_free (table->chunk);
  g_mutex_clear (&table->lock);
  g_free (table);
}

guint
vms_string_table_get_size (VmsStringTable *table)
{
  return g_atomic_int_get (&table->size);
}

/**
 * vms_string_table_intern:
 * @table: a #VmsStringTable
 * @str: (nullable): a string
 *
 * Returns: the id of @str, the same for equal strings; 0 for %NULL and "".
 */
guint32
vms_string_table_intern (VmsStringTable *table, const char *str)
{
  gpointer value;
  guint32 id;

  if (str == NULL || *str == '\0')
    return 0;

  g_mutex_lock (&table->lock);
  if (g_hash_table_lookup_extended (table->ids, str, NULL, &value))
    {
      g_mutex_unlock (&table->lock);
      return GPOINTER_TO_UINT (value);
    }
  id = table->size;
  if ((id >> PAGE_BITS) >= MAX_PAGES)
    {
      g_mutex_unlock (&table->lock);
      g_warning ("vmscope string table is full; further names are shown empty");
      return 0;
    }
  if (table->pages[id >> PAGE_BITS] == NULL)
    table->pages[id >> PAGE_BITS] = g_new0 (const char *, PAGE_SIZE);
  {
    const char *copy = g_string_chunk_insert (table->chunk, str);

    table->pages[id >> PAGE_BITS][id & (PAGE_SIZE - 1)] = copy;
    g_hash_table_insert (table->ids, (gpointer) copy, GUINT_TO_POINTER (id));
  }
  g_atomic_int_set (&table->size, id + 1);
  g_mutex_unlock (&table->lock);
  return id;
}

/**
 * vms_string_table_lookup:
 * @table: a #VmsStringTable
 * @id: an id from vms_string_table_intern()
 *
 * Returns: the string, "" for 0 and for ids not (yet) interned.
 */
const char *
vms_string_table_lookup (VmsStringTable *table, guint32 id)
{
  if (id >= (guint32) g_atomic_int_get (&table->size))
    return "";
  return table->pages[id >> PAGE_BITS][id & (PAGE_SIZE - 1)];
}
