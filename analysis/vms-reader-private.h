/* vms-reader-private.h — internal API of the trace reader (vms-trace*.c, vms-reader*.c).
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The reader is split by concern:
 *   vms-string-table.c     interned strings shared by the threads of a read
 *   vms-trace.c            VmsTrace: what is known about one trace
 *   vms-reader-discover.c  finding trace folders and their stream files
 *   vms-reader-metadata.c  the metadata text: env block, hazards for libbabeltrace2 2.0.4
 *   vms-event-classes.c    event class -> VmsEventKind + cached field positions
 *   vms-reader-graph.c     one babeltrace2 graph per stream group, our own sink
 *   vms-reader.c           worker threads, bounded chunk queues, k-way merge
 *   vms-trace-set.c        VmsTraceSet, the public entry point
 */
#pragma once

#include <babeltrace2/babeltrace.h>

#include "vms-trace.h"

G_BEGIN_DECLS

/* For g_ptr_array_sort() of a GPtrArray of strings. */
static inline int
vms_compare_strings (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

/* String table (thread-safe interning, lock-free lookup). */
VmsStringTable *vms_string_table_new (void);
void vms_string_table_free (VmsStringTable *table);
guint vms_string_table_get_size (VmsStringTable *table);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VmsStringTable, vms_string_table_free)

/* One babeltrace2 lock for the whole process: plugin loading, graph and query creation and
 * destruction (babeltrace2 objects are reference-counted without atomics). */
void vms_bt_lock (void);
void vms_bt_unlock (void);
/* The src.ctf.fs component class (loaded once, kept for the life of the process), or NULL
 * with @error set.  Call with the lock held. */
const bt_component_class_source *vms_bt_ctf_fs_class (GError **error);
/* Turns the current thread's babeltrace2 error into one readable sentence (root cause
 * first), and clears it.  Returns NULL when there is no error. */
char *vms_bt_take_error_text (void);

/* A group of stream files decoded by one graph (tracefile rotation: chan_0_0, chan_0_1…). */
typedef struct {
  char *key;        /* file name without the rotation index */
  GPtrArray *files; /* absolute paths, in rotation order */
  guint64 bytes;    /* total size */
} VmsStreamGroup;

void vms_stream_group_free (VmsStreamGroup *group);

/* Discovery: appends the trace folders found below @path to @out (sorted, absolute). */
gboolean vms_reader_discover (const char *path, GPtrArray *out, GError **error);
/* The stream groups of a trace folder, sorted by key; NULL with @error when unreadable. */
GPtrArray *vms_reader_list_stream_groups (const char *trace_dir, GError **error);

/* Metadata: facts read from the metadata text before decoding anything. */
typedef struct {
  GHashTable *env;    /* key -> value as text */
  gboolean has_clock; /* a `clock` block is declared */
  char *hazard;       /* non-NULL: a construct that makes libbabeltrace2 2.0.4 abort */
} VmsMetadataInfo;

void vms_metadata_info_free (VmsMetadataInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VmsMetadataInfo, vms_metadata_info_free)
VmsMetadataInfo *vms_reader_read_metadata (const char *trace_dir, GError **error);
/* Parses metadata text (exposed for tests). */
VmsMetadataInfo *vms_metadata_info_parse (const char *text);

/* VmsTrace internals, filled by discovery and by the reader. */
typedef struct {
  guint64 n_events;
  guint64 kind_counts[VMS_EV_N_KINDS];
  gint64 begin;
  gint64 end;
  gboolean has_events;
  guint64 discarded_events;
  guint64 lost_packets;
  guint8 cpus[8192]; /* bitmap of cpu_ids seen on events */
} VmsTraceStats;

void vms_trace_stats_merge (VmsTraceStats *into, const VmsTraceStats *from);

VmsTrace *vms_trace_new (const char *path);
void vms_trace_set_metadata (VmsTrace *self, VmsMetadataInfo *info);
void vms_trace_set_error (VmsTrace *self, const GError *error);
void vms_trace_set_metadata_error (VmsTrace *self, const GError *error);
const GError *vms_trace_get_metadata_error (VmsTrace *self);
void vms_trace_reset_stats (VmsTrace *self);
void vms_trace_take_stats (VmsTrace *self, const VmsTraceStats *stats);
const char *vms_trace_get_hazard (VmsTrace *self);

/* Reads one trace: decodes its stream groups on worker threads and delivers merged batches.
 * Returns FALSE with @error when cancelled (G_IO_ERROR_CANCELLED), or when the trace failed
 * (the error is also stored on the trace); *stopped is set when @func returned FALSE. */
typedef struct {
  VmsEventBatchFunc func;
  gpointer user_data;
  VmsProgressFunc progress;
  gpointer progress_data;
  GCancellable *cancellable;
  VmsStringTable *strings;
  guint n_workers;
  guint64 bytes_before; /* progress: bytes of the traces already read */
  guint64 bytes_total;
} VmsReadContext;

gboolean vms_reader_read_trace (
  VmsReadContext *ctx, VmsTrace *trace, guint trace_index, gboolean *stopped, GError **error);
guint64 vms_reader_trace_bytes (const char *trace_dir);

G_END_DECLS
