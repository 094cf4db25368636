/* vms-trace-set.c — VmsTraceSet: the traces found below some paths, and reading them.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "vms-reader-private.h"

struct _VmsTraceSet {
  GObject parent_instance;

  GPtrArray *traces; /* VmsTrace* */
  VmsStringTable *strings;
  guint n_workers;
};

G_DEFINE_FINAL_TYPE (VmsTraceSet, vms_trace_set, G_TYPE_OBJECT)

static void
vms_trace_set_finalize (GObject *object)
{
  VmsTraceSet *self = VMS_TRACE_SET (object);

  g_clear_pointer (&self->traces, g_ptr_array_unref);
  g_clear_pointer (&self->strings, vms_string_table_free);

  G_OBJECT_CLASS (vms_trace_set_parent_class)->finalize (object);
}

static void
vms_trace_set_class_init (VmsTraceSetClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vms_trace_set_finalize;
}

static void
vms_trace_set_init (VmsTraceSet *self)
{
  self->traces = g_ptr_array_new_with_free_func (g_object_unref);
  self->strings = vms_string_table_new ();
  self->n_workers = CLAMP (g_get_num_processors (), 1, 2);
}

/**
 * vms_trace_set_new:
 * @paths: (array zero-terminated=1): trace folders or folders above them
 * @error: return location for a #VmsTraceError
 *
 * Finds every CTF trace below @paths (sorted, each once) and reads what its metadata says
 * (env block).  A trace whose metadata cannot be decoded is kept: reading it reports why.
 *
 * Returns: (transfer full): a new set, or %NULL when a path is missing, is not a folder,
 *   cannot be read, or holds no trace.
 */
VmsTraceSet *
vms_trace_set_new (const char *const *paths, GError **error)
{
  g_autoptr (VmsTraceSet) self = g_object_new (VMS_TYPE_TRACE_SET, NULL);
  g_autoptr (GPtrArray) dirs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  if (paths == NULL || paths[0] == NULL)
    {
      g_set_error (error, VMS_TRACE_ERROR, VMS_TRACE_ERROR_NOT_FOUND,
                   "No trace folder given: give the folder of an LTTng trace");
      return NULL;
    }
  for (guint i = 0; paths[i] != NULL; i++)
    if (!vms_reader_discover (paths[i], dirs, error))
      return NULL;

  for (guint i = 0; i < dirs->len; i++)
    {
      const char *dir = g_ptr_array_index (dirs, i);
      g_autoptr (GError) local_error = NULL;
      VmsMetadataInfo *info;
      VmsTrace *trace;

      if (!g_hash_table_add (seen, (gpointer) dir))
        continue;
      trace = vms_trace_new (dir);
      info = vms_reader_read_metadata (dir, &local_error);
      if (info != NULL)
        vms_trace_set_metadata (trace, info);
      else
        vms_trace_set_metadata_error (trace, local_error);
      g_ptr_array_add (self->traces, trace);
    }
  return g_steal_pointer (&self);
}

guint
vms_trace_set_get_n_traces (VmsTraceSet *self)
{
  g_return_val_if_fail (VMS_IS_TRACE_SET (self), 0);
  return self->traces->len;
}

/**
 * vms_trace_set_get_trace:
 *
 * Returns: (transfer none): the trace at @index (traces are sorted by path).
 */
VmsTrace *
vms_trace_set_get_trace (VmsTraceSet *self, guint index)
{
  g_return_val_if_fail (VMS_IS_TRACE_SET (self), NULL);
  g_return_val_if_fail (index < self->traces->len, NULL);
  return g_ptr_array_index (self->traces, index);
}

VmsStringTable *
vms_trace_set_get_strings (VmsTraceSet *self)
{
  g_return_val_if_fail (VMS_IS_TRACE_SET (self), NULL);
  return self->strings;
}

/**
 * vms_trace_set_set_n_workers:
 * @n_workers: decoding threads per trace (1 or more); the default is 2 (or 1 on one core)
 */
void
vms_trace_set_set_n_workers (VmsTraceSet *self, guint n_workers)
{
  g_return_if_fail (VMS_IS_TRACE_SET (self));
  self->n_workers = MAX (n_workers, 1);
}

/**
 * vms_trace_set_read:
 * @func: called with each trace's events in time order, in batches
 * @progress: (nullable): called with bytes (estimated) done of the total
 * @cancellable: (nullable): checked often; cancelling returns %G_IO_ERROR_CANCELLED
 *
 * Reads the traces one after another.  When a trace fails, the others are still read; the
 * events read before the failure were delivered.  Afterwards each #VmsTrace holds its
 * summary and, if it failed, its error.
 *
 * Returns: %TRUE when every trace was read fully (or @func stopped the read); %FALSE with
 *   an error naming the failed traces.
 */
gboolean
vms_trace_set_read (VmsTraceSet *self,
                    VmsEventBatchFunc func,
                    gpointer user_data,
                    VmsProgressFunc progress,
                    gpointer progress_data,
                    GCancellable *cancellable,
                    GError **error)
{
  VmsReadContext ctx = { 0 };
  g_autoptr (GPtrArray) failures = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  guint64 *bytes = g_new0 (guint64, MAX (self->traces->len, 1));

  g_return_val_if_fail (VMS_IS_TRACE_SET (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  ctx.func = func;
  ctx.user_data = user_data;
  ctx.progress = progress;
  ctx.progress_data = progress_data;
  ctx.cancellable = cancellable;
  ctx.strings = self->strings;
  ctx.n_workers = self->n_workers;
  for (guint i = 0; i < self->traces->len; i++)
    {
      bytes[i] = vms_reader_trace_bytes (vms_trace_get_path (g_ptr_array_index (self->traces, i)));
      ctx.bytes_total += bytes[i];
    }

  for (guint i = 0; i < self->traces->len; i++)
    {
      VmsTrace *trace = g_ptr_array_index (self->traces, i);
      g_autoptr (GError) local_error = NULL;
      gboolean stopped = FALSE;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          g_free (bytes);
          return FALSE;
        }
      if (!vms_reader_read_trace (&ctx, trace, i, &stopped, &local_error))
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              g_free (bytes);
              return FALSE;
            }
          g_ptr_array_add (failures, g_steal_pointer (&local_error));
        }
      ctx.bytes_before += bytes[i];
      if (stopped)
        break;
    }
  g_free (bytes);
  if (progress != NULL)
    progress (ctx.bytes_total, ctx.bytes_total, progress_data);

  if (failures->len == 1)
    {
      g_propagate_error (error, g_error_copy (g_ptr_array_index (failures, 0)));
      return FALSE;
    }
  if (failures->len > 1)
    {
      g_autoptr (GString) msg = g_string_new (NULL);
      const GError *first = g_ptr_array_index (failures, 0);

      g_string_printf (msg, "%u traces could not be read fully:", failures->len);
      for (guint i = 0; i < failures->len; i++)
        g_string_append_printf (msg, "\n• %s",
                                ((const GError *) g_ptr_array_index (failures, i))->message);
      g_set_error_literal (error, VMS_TRACE_ERROR, first->code, msg->str);
      return FALSE;
    }
  return TRUE;
}
