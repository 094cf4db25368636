/* vms-trace.h — finding LTTng kernel traces and reading them into VmsEvents.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A VmsTraceSet is built from one or more paths: each path is a CTF trace
 * folder (holding `metadata`) or any folder above trace folders; every trace
 * below is found.  vms_trace_set_read() then decodes every trace with
 * libbabeltrace2's src.ctf.fs (no muxer: stream files are decoded on worker
 * threads and merged here by timestamp, deterministically) and hands the
 * events of each trace, in time order, to a callback in batches.  Traces are
 * read one after another, in the order of vms_trace_set_get_trace().
 *
 * It is safe to call from a worker thread; the callback runs on the thread
 * that called vms_trace_set_read().
 */
#pragma once

#include <gio/gio.h>

#include "vms-event.h"
#include "vms-types.h"

G_BEGIN_DECLS

#define VMS_TRACE_ERROR (vms_trace_error_quark ())

/**
 * VmsTraceError:
 * @VMS_TRACE_ERROR_NOT_FOUND: a path does not exist or holds no CTF trace
 * @VMS_TRACE_ERROR_UNREADABLE: a folder or file cannot be opened (permissions, not a folder)
 * @VMS_TRACE_ERROR_METADATA: the trace's metadata is malformed or unsupported
 * @VMS_TRACE_ERROR_CORRUPT: a stream file is truncated or holds invalid data;
 *   the events before the damage were delivered
 * @VMS_TRACE_ERROR_FAILED: any other reading failure
 */
typedef enum {
  VMS_TRACE_ERROR_NOT_FOUND,
  VMS_TRACE_ERROR_UNREADABLE,
  VMS_TRACE_ERROR_METADATA,
  VMS_TRACE_ERROR_CORRUPT,
  VMS_TRACE_ERROR_FAILED,
} VmsTraceError;

GQuark vms_trace_error_quark (void);

typedef enum {
  VMS_TRACE_ROLE_MACHINE, /* neither KVM nor guest sync events */
  VMS_TRACE_ROLE_HOST,    /* has KVM entry/exit (or hypercall / vmsync_*_host) events */
  VMS_TRACE_ROLE_GUEST,   /* has vmsync_*_guest events */
} VmsTraceRole;

const char *vms_trace_role_to_string (VmsTraceRole role);

/* Interned strings shared by all traces of a set; id 0 is the empty string.  The reader
 * assigns ids in delivery order, so the same paths read the same way give the same ids.
 * Lookups take no lock. */
const char *vms_string_table_lookup (VmsStringTable *table, guint32 id);
guint32 vms_string_table_intern (VmsStringTable *table, const char *str);

/* Returns FALSE to stop reading (vms_trace_set_read() then returns TRUE). */
typedef gboolean (*VmsEventBatchFunc) (
  VmsTrace *trace, guint trace_index, const VmsEvent *events, gsize n_events, gpointer user_data);

/* Coalesce on the receiving side: called often from the reading thread.  done and total
 * are bytes of stream files (done is estimated while a stream is being decoded, never goes
 * back, and reaches total at the end). */
typedef void (*VmsProgressFunc) (guint64 done, guint64 total, gpointer user_data);

#define VMS_TYPE_TRACE_SET (vms_trace_set_get_type ())
G_DECLARE_FINAL_TYPE (VmsTraceSet, vms_trace_set, VMS, TRACE_SET, GObject)

VmsTraceSet *vms_trace_set_new (const char *const *paths, GError **error);
guint vms_trace_set_get_n_traces (VmsTraceSet *self);
VmsTrace *vms_trace_set_get_trace (VmsTraceSet *self, guint index);
VmsStringTable *vms_trace_set_get_strings (VmsTraceSet *self);
/* Decoding threads per trace: default 2 (1 on a single core). */
void vms_trace_set_set_n_workers (VmsTraceSet *self, guint n_workers);
gboolean vms_trace_set_read (VmsTraceSet *self,
                             VmsEventBatchFunc func,
                             gpointer user_data,
                             VmsProgressFunc progress,
                             gpointer progress_data,
                             GCancellable *cancellable,
                             GError **error);

#define VMS_TYPE_TRACE (vms_trace_get_type ())
G_DECLARE_FINAL_TYPE (VmsTrace, vms_trace, VMS, TRACE, GObject)

/* Known from discovery (metadata) */
const char *vms_trace_get_path (VmsTrace *self);
const char *
vms_trace_get_hostname (VmsTrace *self); /* never NULL: folder name when the env has none */
const char *vms_trace_get_env (VmsTrace *self,
                               const char *key);    /* env block value as text, or NULL */
const char *vms_trace_get_tracer (VmsTrace *self);  /* "lttng-modules 2.13.0", or NULL */
GPtrArray *vms_trace_get_env_keys (VmsTrace *self); /* (transfer container) sorted keys */
/* FALSE when the metadata declares no clock: timestamps are then raw cycle counts. */
gboolean vms_trace_has_clock (VmsTrace *self);
/* Known after vms_trace_set_read() */
guint vms_trace_get_n_cpus (VmsTrace *self);
guint64 vms_trace_get_n_events (VmsTrace *self); /* every event read, analyzed or not */
guint64 vms_trace_get_kind_count (VmsTrace *self, VmsEventKind kind);
gint64 vms_trace_get_begin (VmsTrace *self); /* first event timestamp, ns */
gint64 vms_trace_get_end (VmsTrace *self);
guint64 vms_trace_get_discarded_events (VmsTrace *self);
guint64 vms_trace_get_lost_packets (VmsTrace *self);
VmsTraceRole vms_trace_get_role (VmsTrace *self);
const GError *vms_trace_get_error (VmsTrace *self); /* NULL when the trace read fully */

G_END_DECLS
