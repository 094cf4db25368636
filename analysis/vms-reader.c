/* vms-reader.c — decoding a trace's streams on worker threads and merging them in time order.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Workers pick, under the reader's lock, the stream that has the fewest decoded chunks
 * waiting (among the streams whose unit no other worker holds and whose queue is not full),
 * decode one chunk of it without the lock, and queue it.  The calling thread merges the
 * queues with a binary heap keyed by (timestamp, stream index) — the order within a stream
 * is the order babeltrace2 delivers — and hands batches to the callback.  Queues are bounded,
 * so memory does not grow with the trace; a stream the merge waits for always has an empty
 * queue, so some worker always serves it.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "vms-reader-graph.h"

#define CHUNK_EVENTS 4096
#define BATCH_EVENTS 4096
#define QUEUE_BUDGET 64 /* chunks queued for the whole trace, at least 2 per stream */
#define WAIT_US (20 * G_TIME_SPAN_MILLISECOND)
/* Graphs per trace.  Each parses the whole metadata (lttng-modules declares ~1200 event
 * classes: several MiB and ~20 ms per graph), so stream groups share a few graphs, balanced
 * by size: 2 for traces under 64 MiB (kernel/many-threads: 0.084 s with 2, 0.11 s with 1 or
 * 3, 0.14 s with 4), 4 above (a CPU stream often holds half the data).  It depends on the
 * trace only, never on the number of workers: the merge order (hence the string ids) must
 * not depend on the machine. */
#define MAX_UNITS 4
#define SMALL_TRACE_BYTES (G_GUINT64_CONSTANT (64) << 20)

typedef struct {
  VmsReadContext *ctx;
  const char *trace_path;
  const char *tmp_root;
  guint n_units; /* units created, for folder names (lock) */
  GMutex lock;
  GCond cond;
  GPtrArray *units;   /* VmsReaderUnit* */
  GPtrArray *streams; /* VmsReaderStream*, merge order */
  guint queue_cap;
  GQueue free_chunks;
  gboolean stop;
  gboolean cancelled;
} Reader;

static VmsChunk *
take_chunk (Reader *r)
{
  VmsChunk *chunk = g_queue_pop_head (&r->free_chunks);

  if (chunk == NULL)
    {
      chunk = g_new0 (VmsChunk, 1);
      chunk->cap = CHUNK_EVENTS + 64;
      chunk->events = g_new (VmsEvent, chunk->cap);
    }
  chunk->n = 0;
  chunk->pos = 0;
  return chunk;
}

static void
chunk_free (VmsChunk *chunk)
{
  g_free (chunk->events);
  g_free (chunk);
}

/* With the lock held: the stream to decode next, or NULL. */
static VmsReaderStream *
pick_stream (Reader *r)
{
  VmsReaderStream *best = NULL;

  for (guint i = 0; i < r->streams->len; i++)
    {
      VmsReaderStream *s = g_ptr_array_index (r->streams, i);

      if (s->finished || s->unit->busy || s->unit->done || s->chunks.length >= r->queue_cap)
        continue;
      if (best == NULL || s->chunks.length < best->chunks.length)
        best = s;
    }
  return best;
}

/* @unit (several stream groups in one graph) failed while decoding @failed: the graph is
 * dead, but the other streams are fine.  Opens one graph per group and moves the other
 * streams there, each skipping the events it already delivered.  Called without the lock,
 * with @unit busy. */
static void
resume_streams (Reader *r, VmsReaderUnit *unit, VmsReaderStream *failed)
{
  g_autoptr (GPtrArray) made = g_ptr_array_new ();
  guint first;

  g_mutex_lock (&r->lock);
  first = r->n_units;
  r->n_units += unit->members->len;
  g_mutex_unlock (&r->lock);
  for (guint m = 0; m < unit->members->len; m++)
    g_ptr_array_add (made, vms_reader_unit_new (first + m, r->trace_path, r->tmp_root,
                                                g_ptr_array_index (unit->members, m)));

  g_mutex_lock (&r->lock);
  for (guint m = 0; m < made->len; m++)
    {
      VmsReaderUnit *nu = g_ptr_array_index (made, m);
      gboolean all_ended = TRUE;

      for (guint j = 0; j < nu->streams->len; j++)
        {
          VmsReaderStream *ns = g_ptr_array_index (nu->streams, j);
          VmsReaderStream *os = NULL;
          guint k;

          for (k = 0; k < unit->streams->len; k++)
            {
              VmsReaderStream *cand = g_ptr_array_index (unit->streams, k);

              if (cand != failed && !cand->finished && g_strcmp0 (cand->name, ns->name) == 0)
                {
                  os = cand;
                  break;
                }
            }
          if (g_strcmp0 (failed->name, ns->name) == 0)
            {
              /* Now we know which file the damaged stream is in: say it in the error. */
              g_free (unit->files_desc);
              unit->files_desc = g_strdup (nu->files_desc);
            }
          if (os == NULL)
            {
              ns->ended = ns->finished = TRUE; /* not in the merge: never decoded */
              continue;
            }
          g_ptr_array_remove_index (unit->streams, k);
          os->unit = nu;
          os->ended = FALSE;
          os->skip = os->stats.n_events; /* last_ts stays: the stream goes on from there */
          g_ptr_array_index (nu->streams, j) = os;
          vms_reader_stream_free (ns);
          all_ended = FALSE;
        }
      if (all_ended)
        {
          vms_reader_unit_close (nu);
          nu->done = TRUE;
        }
      g_ptr_array_add (r->units, nu);
    }
  g_mutex_unlock (&r->lock);
}

static gpointer
worker_main (gpointer data)
{
  Reader *r = data;

  g_mutex_lock (&r->lock);
  while (!r->stop)
    {
      VmsReaderStream *s = pick_stream (r);
      VmsReaderUnit *unit;
      VmsChunk *chunk;
      VmsDecodeStatus status;
      gboolean all_ended = TRUE;

      if (s == NULL)
        {
          g_cond_wait_until (&r->cond, &r->lock, g_get_monotonic_time () + WAIT_US);
          continue;
        }
      unit = s->unit;
      unit->busy = TRUE;
      chunk = take_chunk (r);
      chunk->unit = unit;
      g_mutex_unlock (&r->lock);

      status = vms_reader_unit_decode (unit, s, chunk, CHUNK_EVENTS, r->ctx->cancellable);
      for (guint i = 0; i < unit->streams->len; i++)
        all_ended &= ((VmsReaderStream *) g_ptr_array_index (unit->streams, i))->ended;
      if (status != VMS_DECODE_OK || all_ended)
        vms_reader_unit_close (unit); /* frees the graph now: keeps memory bounded */
      if (status == VMS_DECODE_ERROR && unit->members != NULL && unit->members->len > 1)
        resume_streams (r, unit, s);

      g_mutex_lock (&r->lock);
      s->decoded += chunk->n;
      if (chunk->n > 0)
        g_queue_push_tail (&s->chunks, chunk);
      else
        g_queue_push_head (&r->free_chunks, chunk);
      if (s->ended)
        s->finished = TRUE;
      if (status != VMS_DECODE_OK || all_ended)
        unit->done = TRUE;
      if (status != VMS_DECODE_OK)
        {
          for (guint i = 0; i < unit->streams->len; i++)
            ((VmsReaderStream *) g_ptr_array_index (unit->streams, i))->finished = TRUE;
          if (status == VMS_DECODE_CANCELLED)
            r->cancelled = TRUE;
        }
      unit->busy = FALSE;
      g_cond_broadcast (&r->cond);
    }
  g_mutex_unlock (&r->lock);
  return NULL;
}

/* The head event of a stream, waiting for a chunk when needed; NULL at its end. */
static const VmsEvent *
stream_head (Reader *r, VmsReaderStream *s)
{
  VmsChunk *chunk = g_queue_peek_head (&s->chunks);

  if (chunk != NULL && chunk->pos < chunk->n)
    return &chunk->events[chunk->pos];

  g_mutex_lock (&r->lock);
  if (chunk != NULL)
    {
      g_queue_pop_head (&s->chunks);
      g_queue_push_head (&r->free_chunks, chunk);
      g_cond_broadcast (&r->cond);
    }
  while (s->chunks.length == 0 && !s->finished)
    {
      if (g_cancellable_is_cancelled (r->ctx->cancellable))
        {
          r->cancelled = TRUE;
          break;
        }
      g_cond_wait_until (&r->cond, &r->lock, g_get_monotonic_time () + WAIT_US);
    }
  chunk = g_queue_peek_head (&s->chunks);
  g_mutex_unlock (&r->lock);
  if (chunk == NULL || r->cancelled)
    return NULL;
  return &chunk->events[chunk->pos];
}

typedef struct {
  gint64 ts;
  guint stream;
} HeapEntry;

static inline gboolean
heap_less (const HeapEntry *a, const HeapEntry *b)
{
  return a->ts < b->ts || (a->ts == b->ts && a->stream < b->stream);
}

static void
sift_down (HeapEntry *heap, guint n, guint i)
{
  HeapEntry e = heap[i];

  for (;;)
    {
      guint c = 2 * i + 1;

      if (c >= n)
        break;
      if (c + 1 < n && heap_less (&heap[c + 1], &heap[c]))
        c++;
      if (!heap_less (&heap[c], &e))
        break;
      heap[i] = heap[c];
      i = c;
    }
  heap[i] = e;
}

static void
report_progress (Reader *r)
{
  guint64 done = r->ctx->bytes_before;

  if (r->ctx->progress == NULL)
    return;
  g_mutex_lock (&r->lock);
  for (guint i = 0; i < r->units->len; i++)
    {
      VmsReaderUnit *u = g_ptr_array_index (r->units, i);
      guint64 decoded = 0;

      for (guint j = 0; j < u->streams->len; j++)
        decoded += ((VmsReaderStream *) g_ptr_array_index (u->streams, j))->decoded;
      /* Bytes are not reported by babeltrace2: estimate ~32 bytes per delivered event. */
      done += u->done ? u->bytes : MIN (u->bytes - u->bytes / 100, decoded * 32);
    }
  g_mutex_unlock (&r->lock);
  r->ctx->progress (MIN (done, r->ctx->bytes_total), r->ctx->bytes_total, r->ctx->progress_data);
}

/* Returns FALSE when the callback asked to stop. */
static gboolean
merge (Reader *r, VmsTrace *trace, guint trace_index)
{
  guint n = r->streams->len;
  g_autofree HeapEntry *heap = g_new (HeapEntry, MAX (n, 1));
  g_autofree VmsEvent *batch = g_new (VmsEvent, BATCH_EVENTS);
  gsize nb = 0;
  guint hn = 0;
  gboolean go_on = TRUE;

  for (guint i = 0; i < n; i++)
    {
      const VmsEvent *head = stream_head (r, g_ptr_array_index (r->streams, i));

      if (head != NULL)
        {
          heap[hn].ts = head->ts;
          heap[hn].stream = i;
          hn++;
        }
    }
  for (guint i = hn / 2; i-- > 0;)
    sift_down (heap, hn, i);

  while (hn > 0 && !r->cancelled)
    {
      VmsReaderStream *s = g_ptr_array_index (r->streams, heap[0].stream);
      VmsChunk *chunk = g_queue_peek_head (&s->chunks);
      const VmsEvent *next;

      batch[nb] = chunk->events[chunk->pos++];
      vms_reader_unit_map_strings (chunk->unit, r->ctx->strings, &batch[nb]);
      nb++;
      if (nb == BATCH_EVENTS)
        {
          go_on = r->ctx->func (trace, trace_index, batch, nb, r->ctx->user_data);
          nb = 0;
          report_progress (r);
          if (!go_on)
            break;
          if (g_cancellable_is_cancelled (r->ctx->cancellable))
            r->cancelled = TRUE;
        }
      next = stream_head (r, s);
      if (next == NULL)
        heap[0] = heap[--hn];
      else
        heap[0].ts = next->ts;
      sift_down (heap, hn, 0);
    }
  if (go_on && nb > 0 && !r->cancelled)
    go_on = r->ctx->func (trace, trace_index, batch, nb, r->ctx->user_data);
  return go_on;
}

static int
compare_by_size (gconstpointer a, gconstpointer b)
{
  const VmsStreamGroup *ga = *(VmsStreamGroup *const *) a;
  const VmsStreamGroup *gb = *(VmsStreamGroup *const *) b;

  if (ga->bytes != gb->bytes)
    return ga->bytes > gb->bytes ? -1 : 1;
  return strcmp (ga->key, gb->key);
}

/* Splits the stream groups into at most MAX_UNITS lists (borrowed pointers), largest first
 * to the lightest list (deterministic). */
static GPtrArray *
pack_groups (GPtrArray *groups)
{
  g_autoptr (GPtrArray) by_size = g_ptr_array_sized_new (groups->len);
  g_autofree guint64 *bytes = NULL;
  GPtrArray *units = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  guint64 total = 0;
  guint n;

  for (guint i = 0; i < groups->len; i++)
    {
      g_ptr_array_add (by_size, g_ptr_array_index (groups, i));
      total += ((VmsStreamGroup *) g_ptr_array_index (groups, i))->bytes;
    }
  n = MIN (groups->len, total < SMALL_TRACE_BYTES ? 2 : MAX_UNITS);
  bytes = g_new0 (guint64, MAX (n, 1));
  for (guint u = 0; u < n; u++)
    g_ptr_array_add (units, g_ptr_array_new ());
  g_ptr_array_sort (by_size, compare_by_size);
  for (guint i = 0; i < by_size->len; i++)
    {
      VmsStreamGroup *g = g_ptr_array_index (by_size, i);
      guint lightest = 0;

      for (guint u = 1; u < n; u++)
        if (bytes[u] < bytes[lightest])
          lightest = u;
      g_ptr_array_add (g_ptr_array_index (units, lightest), g);
      bytes[lightest] += g->bytes;
    }
  return units;
}

/* One group holding the files of @members, in order. */
static VmsStreamGroup *
merge_groups (GPtrArray *members)
{
  VmsStreamGroup *group = g_new0 (VmsStreamGroup, 1);

  group->files = g_ptr_array_new_with_free_func (g_free);
  for (guint m = 0; m < members->len; m++)
    {
      VmsStreamGroup *g = g_ptr_array_index (members, m);

      for (guint f = 0; f < g->files->len; f++)
        g_ptr_array_add (group->files, g_strdup (g_ptr_array_index (g->files, f)));
      group->bytes += g->bytes;
      if (group->key == NULL)
        group->key = g_strdup (g->key);
    }
  if (group->key == NULL)
    group->key = g_strdup ("");
  return group;
}

/* Whether babeltrace2's error is about stream data rather than the metadata. */
static gboolean
is_data_error (const char *cause)
{
  static const char *const data_words[] = {
    "stream file",    "index",         "packet",      "Cannot handle state",
    "event-class-id", "Cannot decode", "premature",   "Failed to get next message",
    "end of",         "truncated",     "Cannot read", "content size",
  };

  for (guint i = 0; cause != NULL && i < G_N_ELEMENTS (data_words); i++)
    if (strstr (cause, data_words[i]) != NULL)
      return TRUE;
  return FALSE;
}

static GError *
trace_error (VmsTrace *trace, GPtrArray *units)
{
  const char *path = vms_trace_get_path (trace);

  for (guint i = 0; i < units->len; i++)
    {
      VmsReaderUnit *u = g_ptr_array_index (units, i);
      const char *cause = u->error_text;

      if (cause == NULL)
        continue;
      if (u->error_at_init && is_data_error (cause))
        return g_error_new (VMS_TRACE_ERROR, VMS_TRACE_ERROR_CORRUPT,
                            "The trace “%s” is damaged: its stream file %s could not be read "
                            "(babeltrace2: %s). The other streams were read; copy the trace "
                            "again from where it was recorded",
                            path, u->files_desc, cause);
      if (u->error_at_init)
        return g_error_new (VMS_TRACE_ERROR, VMS_TRACE_ERROR_METADATA,
                            "The trace “%s” cannot be read: its metadata is malformed or uses "
                            "something babeltrace2 2.0 does not support (babeltrace2: %s). "
                            "Check that the trace was copied completely, or record it again",
                            path, cause);
      return g_error_new (VMS_TRACE_ERROR, VMS_TRACE_ERROR_CORRUPT,
                          "The trace “%s” is damaged: its stream file %s holds invalid data "
                          "(babeltrace2: %s). The events before the damage were read; copy the "
                          "trace again from where it was recorded",
                          path, u->files_desc, cause);
    }
  return NULL;
}

gboolean
vms_reader_read_trace (
  VmsReadContext *ctx, VmsTrace *trace, guint trace_index, gboolean *stopped, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GPtrArray) groups = NULL;
  g_autoptr (GPtrArray) packed = NULL;
  guint n_units = 0;
  g_autofree char *tmp_root = NULL;
  g_autoptr (GPtrArray) threads = g_ptr_array_new ();
  VmsTraceStats *stats = NULL;
  GError *terr = NULL;
  Reader r = { 0 };
  gboolean go_on = TRUE;

  *stopped = FALSE;
  vms_trace_reset_stats (trace);
  if (vms_trace_get_metadata_error (trace) != NULL)
    {
      g_propagate_error (error, g_error_copy (vms_trace_get_metadata_error (trace)));
      vms_trace_set_error (trace, *error);
      return FALSE;
    }
  if (vms_trace_get_hazard (trace) != NULL)
    {
      g_set_error (error, VMS_TRACE_ERROR, VMS_TRACE_ERROR_METADATA,
                   "The trace “%s” cannot be read: %s. vmscope refuses it rather than crash",
                   vms_trace_get_path (trace), vms_trace_get_hazard (trace));
      vms_trace_set_error (trace, *error);
      return FALSE;
    }
  groups = vms_reader_list_stream_groups (vms_trace_get_path (trace), error);
  if (groups == NULL)
    {
      vms_trace_set_error (trace, *error);
      return FALSE;
    }
  if (groups->len == 0)
    {
      /* No stream file: still let babeltrace2 check the metadata. */
      VmsStreamGroup *group = g_new0 (VmsStreamGroup, 1);

      group->key = g_strdup ("");
      group->files = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (groups, group);
    }
  packed = pack_groups (groups);
  tmp_root = g_dir_make_tmp ("vmscope-XXXXXX", &local_error);
  if (tmp_root == NULL)
    {
      g_set_error (error, VMS_TRACE_ERROR, VMS_TRACE_ERROR_FAILED,
                   "The trace “%s” cannot be read: no temporary folder (%s): check $TMPDIR",
                   vms_trace_get_path (trace), local_error->message);
      vms_trace_set_error (trace, *error);
      return FALSE;
    }

  r.ctx = ctx;
  r.trace_path = vms_trace_get_path (trace);
  r.tmp_root = tmp_root;
  g_mutex_init (&r.lock);
  g_cond_init (&r.cond);
  r.units = g_ptr_array_new_with_free_func ((GDestroyNotify) vms_reader_unit_free);
  r.streams = g_ptr_array_new ();
  for (guint i = 0; i < packed->len; i++)
    {
      GPtrArray *members = g_ptr_array_index (packed, i);
      g_autoptr (GPtrArray) made = g_ptr_array_new ();
      VmsStreamGroup *merged = merge_groups (members);
      VmsReaderUnit *unit
        = vms_reader_unit_new (n_units++, vms_trace_get_path (trace), tmp_root, merged);

      vms_stream_group_free (merged);
      if (unit->error_at_init && is_data_error (unit->error_text) && members->len > 1)
        {
          /* One damaged stream file must not hide the others: one graph per group. */
          vms_reader_unit_free (unit);
          for (guint m = 0; m < members->len; m++)
            g_ptr_array_add (made, vms_reader_unit_new (n_units++, vms_trace_get_path (trace),
                                                        tmp_root, g_ptr_array_index (members, m)));
        }
      else
        {
          unit->members = members;
          g_ptr_array_add (made, unit);
        }
      for (guint m = 0; m < made->len; m++)
        {
          unit = g_ptr_array_index (made, m);
          g_ptr_array_add (r.units, unit);
          for (guint j = 0; j < unit->streams->len; j++)
            {
              VmsReaderStream *s = g_ptr_array_index (unit->streams, j);

              s->index = r.streams->len;
              g_ptr_array_add (r.streams, s);
            }
        }
      /* A metadata error repeats in every unit: stop at the first. */
      if (i == 0 && unit->error_at_init && !is_data_error (unit->error_text))
        break;
      if (g_cancellable_is_cancelled (ctx->cancellable))
        break;
    }
  r.n_units = n_units;
  r.queue_cap = MAX (2, QUEUE_BUDGET / MAX (r.streams->len, 1));

  if (!g_cancellable_is_cancelled (ctx->cancellable))
    {
      guint n_workers = MIN (MAX (ctx->n_workers, 1), MAX (r.streams->len, 1));

      for (guint i = 0; i < n_workers; i++)
        g_ptr_array_add (threads, g_thread_new ("vms-reader", worker_main, &r));
      go_on = merge (&r, trace, trace_index);
    }
  else
    r.cancelled = TRUE;

  g_mutex_lock (&r.lock);
  r.stop = TRUE;
  g_cond_broadcast (&r.cond);
  g_mutex_unlock (&r.lock);
  for (guint i = 0; i < threads->len; i++)
    g_thread_join (g_ptr_array_index (threads, i));

  if (g_cancellable_is_cancelled (ctx->cancellable))
    r.cancelled = TRUE;
  if (!r.cancelled)
    {
      stats = g_new0 (VmsTraceStats, 1);
      for (guint i = 0; i < r.streams->len; i++)
        vms_trace_stats_merge (stats,
                               &((VmsReaderStream *) g_ptr_array_index (r.streams, i))->stats);
      vms_trace_take_stats (trace, stats);
      g_free (stats);
      terr = trace_error (trace, r.units);
    }

  g_ptr_array_unref (r.streams);
  g_ptr_array_unref (r.units);
  g_queue_clear_full (&r.free_chunks, (GDestroyNotify) chunk_free);
  g_mutex_clear (&r.lock);
  g_cond_clear (&r.cond);
  g_rmdir (tmp_root);

  if (r.cancelled)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Reading “%s” was cancelled",
                   vms_trace_get_path (trace));
      return FALSE;
    }
  *stopped = !go_on;
  if (terr != NULL)
    {
      vms_trace_set_error (trace, terr);
      g_propagate_error (error, terr);
      return FALSE;
    }
  return TRUE;
}
