/* vms-reader-graph.h — one babeltrace2 graph per group of stream files.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A folder holding a link to a trace's `metadata` and to the files of one stream group is a
 * valid trace of its own: each such folder gets a graph `src.ctf.fs -> vmscope sink` (no
 * muxer), whose sink has one input port per src.ctf.fs output port, i.e. per stream.  The
 * thread that holds a unit decodes events of one chosen stream into a chunk of VmsEvents.
 * A unit is used by one thread at a time; creation, configuration and destruction happen
 * under vms_bt_lock().
 */
#pragma once

#include "vms-event-classes.h"

G_BEGIN_DECLS

typedef struct _VmsReaderUnit VmsReaderUnit;

typedef struct {
  VmsEvent *events;
  gsize n;
  gsize cap;
  gsize pos;           /* merge position */
  VmsReaderUnit *unit; /* whose local string ids the events hold */
} VmsChunk;

typedef struct {
  guint index; /* in the trace: the merge's tie-break */
  char *name;  /* src.ctf.fs port name, without our folder: the same in any graph */
  VmsReaderUnit *unit;
  /* Owned by the reader's lock */
  GQueue chunks;
  gboolean finished;
  guint64 decoded;
  /* Owned by the thread that holds the unit */
  bt_message_iterator *iter;
  gboolean ended;
  gboolean has_clock;
  gint64 last_ts;
  guint64 skip; /* events already read through another graph (resumed after a failure) */
  guint16 cpu;
  gboolean cpu_marked;
  VmsTraceStats stats;
} VmsReaderStream;

struct _VmsReaderUnit {
  guint index;
  char *trace_dir;  /* the user's trace folder */
  char *files_desc; /* its stream file names, for messages */
  char *dir;        /* the folder of links given to src.ctf.fs */
  guint64 bytes;
  bt_graph *graph;
  gboolean configured;
  GPtrArray *streams; /* VmsReaderStream*, one per port, in port-name order */
  GPtrArray *members; /* borrowed VmsStreamGroup* this unit packs (NULL: one group) */
  /* event classes: stream class -> GPtrArray (by event class id) of VmsEventClassInfo* */
  GHashTable *classes;
  const bt_stream_class *last_sc;
  GPtrArray *last_infos;
  GHashTable *big_ids; /* event class -> info, for ids >= 65536 */
  /* Strings are interned per unit first (ids in decoded chunks are local), then mapped to
   * the set's table by the merge, in delivery order: ids do not depend on thread timing. */
  VmsStringTable *local_strings;
  VmsInternCache cache;
  GArray *id_map; /* guint32: local id -> set id (0: not mapped yet); merge thread only */
  /* set by the thread that decodes */
  VmsReaderStream *target;
  VmsChunk *chunk;
  /* reader's lock */
  gboolean busy;
  gboolean done;
  char *error_text;       /* babeltrace2's cause */
  gboolean error_at_init; /* the graph could not be created (metadata, indexing) */
};

typedef enum {
  VMS_DECODE_OK,
  VMS_DECODE_ERROR,
  VMS_DECODE_CANCELLED,
} VmsDecodeStatus;

/* Creates the unit's folder of links and its graph; on failure, unit->error_text is set
 * and the unit has no streams.  Takes the babeltrace2 lock. */
VmsReaderUnit *vms_reader_unit_new (guint index,
                                    const char *trace_dir,
                                    const char *tmp_root,
                                    const VmsStreamGroup *group);
/* Destroys the graph (takes the lock); the streams and their chunks stay. */
void vms_reader_unit_close (VmsReaderUnit *unit);
void vms_reader_unit_free (VmsReaderUnit *unit);
void vms_reader_stream_free (VmsReaderStream *stream);

/* Decodes about @want events of @stream into @chunk (grown as needed). */
VmsDecodeStatus vms_reader_unit_decode (VmsReaderUnit *unit,
                                        VmsReaderStream *stream,
                                        VmsChunk *chunk,
                                        gsize want,
                                        GCancellable *cancellable);

guint32 vms_reader_unit_map_id (VmsReaderUnit *unit, VmsStringTable *strings, guint32 local);

/* Maps the local string ids of @ev (decoded by @unit) to ids of @strings.  Merge thread. */
static inline void
vms_reader_unit_map_strings (VmsReaderUnit *unit, VmsStringTable *strings, VmsEvent *ev)
{
  switch (ev->kind)
    {
      case VMS_EV_SCHED_SWITCH:
        if (ev->u.i[3] != 0)
          ev->u.i[3] = (gint32) vms_reader_unit_map_id (unit, strings, (guint32) ev->u.i[3]);
        G_GNUC_FALLTHROUGH;
      case VMS_EV_SCHED_WAKEUP:
      case VMS_EV_SCHED_WAKEUP_NEW:
      case VMS_EV_SCHED_WAKING:
      case VMS_EV_SCHED_MIGRATE_TASK:
      case VMS_EV_PROCESS_FORK:
      case VMS_EV_PROCESS_EXEC:
      case VMS_EV_PROCESS_EXIT:
      case VMS_EV_PROCESS_FREE:
      case VMS_EV_STATEDUMP_PROCESS:
      case VMS_EV_SYSCALL_ENTRY:
      case VMS_EV_SYSCALL_EXIT:
      case VMS_EV_IRQ_ENTRY:
        if (ev->x != 0)
          ev->x = vms_reader_unit_map_id (unit, strings, ev->x);
        break;
      default:
        break;
    }
}

G_END_DECLS
