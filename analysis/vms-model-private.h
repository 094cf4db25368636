/* vms-model-private.h — the model's storage, shared by the vms-model*.c files.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A row's intervals are 16-byte records in fixed-size chunks (no doubling
 * realloc, so no transient 2× peak): record i lasts from its start to the
 * start of record i + 1, the last one to the row's end.  Drawing summaries
 * are an implicit 4-ary tree over record indices: level 0 node j summarizes
 * records [8 j, 8 j + 8), level k node j summarizes 8 × 4^k records.  A
 * query finds the records of a pixel by binary search and summarizes the
 * inside of the pixel with O(log n) nodes.
 */
#pragma once

#include "vms-model.h"

G_BEGIN_DECLS

typedef struct {
  gint64 start;
  guint32 aux;  /* CPU rows: tid; vCPU: exit reason (hypervisor) or preemptor tid (preempted);
                   thread rows, appeared: exit reason or preemptor tid of the cause */
  guint8 state; /* VmsState */
  guint8 flags; /* bits 0-1: VmsIsa; bit 6: aux valid; appeared: see VMS_REC_CAUSE */
  guint16 aux2; /* vCPU rows: host CPU; thread rows: CPU (vCPU) */
} VmsRec;

G_STATIC_ASSERT (sizeof (VmsRec) == 16);

#define VMS_REC_ISA(r) ((VmsIsa) ((r)->flags & 3))
#define VMS_REC_HAS_AUX 0x40
#define VMS_REC_FLAGS(isa, has_aux) ((guint8) (((isa) &3) | ((has_aux) ? VMS_REC_HAS_AUX : 0)))
/* Appeared intervals: bit 2, the cause (hypervisor or preempted); bits 3-4, the state the
 * guest saw (running, syscall, interrupted). */
#define VMS_REC_CAUSE(r) (((r)->flags & 4) ? VMS_STATE_HYPERVISOR : VMS_STATE_PREEMPTED)
#define VMS_REC_SEEN(r)                                   \
  ((((r)->flags >> 3) & 3) == 1   ? VMS_STATE_SYSCALL     \
   : (((r)->flags >> 3) & 3) == 2 ? VMS_STATE_INTERRUPTED \
                                  : VMS_STATE_RUNNING)
#define VMS_REC_APPEARED_FLAGS(isa, cause, seen, has_aux)                             \
  ((guint8) (VMS_REC_FLAGS (isa, has_aux) | ((cause) == VMS_STATE_HYPERVISOR ? 4 : 0) \
             | ((seen) == VMS_STATE_SYSCALL       ? 8                                 \
                : (seen) == VMS_STATE_INTERRUPTED ? 16                                \
                                                  : 0)))

#define VMS_CHUNK_SHIFT 12
#define VMS_CHUNK_SIZE (1u << VMS_CHUNK_SHIFT)
#define VMS_LEAF_SHIFT 3 /* level 0 nodes: 8 records */

typedef struct {
  guint16 states;  /* bit per VmsState present */
  guint8 dominant; /* VmsState with most time */
  guint8 pad;
  guint32 worst;   /* index of the longest alert record, G_MAXUINT32 for none */
  gint64 dom_time; /* time of the dominant state */
} VmsNode;

/* A pyramid of time buckets (vms-model-pyramid.c): level 0 buckets are width0 wide from
 * origin (about 8 records each on average), level k buckets 4^k × width0; each summarizes the
 * parts of the records inside it.  first0[b] is the record containing the start of level-0
 * bucket b, so locating a time costs a search among that bucket's records only. */
typedef struct {
  guint16 states;
  guint8 dominant;
  guint8 worst_state; /* VMS_STATE_UNKNOWN: no alert interval */
  gint32 worst_cause; /* as VmsModelItem.worst_cause */
  gint64 dom_time;
  gint64 worst_start; /* the longest alert interval, whole */
  gint64 worst_end;
} VmsBucket;

typedef struct {
  gint64 origin;
  gint64 width0;
  guint n_levels;
  guint64 *n_buckets;
  VmsBucket **levels;
  guint32 *first0;
} VmsPyramid;

typedef struct {
  VmsRec **chunks;
  guint n_chunks;
  guint alloc_chunks;
  guint first_cap; /* capacity of chunk 0 while it is the only one */
  guint64 n;
  gint64 end; /* end of the last record */
  /* Summaries, built by vms_recs_summarize() */
  VmsNode **levels;
  guint n_levels;
  VmsPyramid *pyramid; /* NULL for short rows */
} VmsRecs;

static inline VmsRec *
vms_recs_get (const VmsRecs *recs, guint64 i)
{
  return &recs->chunks[i >> VMS_CHUNK_SHIFT][i & (VMS_CHUNK_SIZE - 1)];
}

static inline gint64
vms_recs_end_of (const VmsRecs *recs, guint64 i)
{
  return i + 1 < recs->n ? vms_recs_get (recs, i + 1)->start : recs->end;
}

void vms_recs_clear (VmsRecs *recs);
/* Appends an interval starting at t (t ≥ the last start): an interval of the same state and
 * aux extends the last one; a zero-length last interval is replaced. */
void
vms_recs_push (VmsRecs *recs, gint64 t, VmsState state, guint32 aux, guint16 aux2, guint8 flags);
void vms_recs_close (VmsRecs *recs, gint64 end);
/* Index of the record containing t, or of the last record starting before t; -1 when t is
 * before the first record. */
gint64 vms_recs_find (const VmsRecs *recs, gint64 t);
void vms_recs_summarize (VmsRecs *recs);
void vms_recs_totals (const VmsRecs *recs, gint64 begin, gint64 end, gint64 *totals);
guint
vms_recs_query (const VmsRecs *recs, gint64 begin, gint64 end, gint64 ns_per_pixel, GArray *items);
guint64 vms_recs_find_from (const VmsRecs *recs, guint64 lo, gint64 t);

/* Summaries of spans, shared by the record tree and the time pyramid */
typedef struct {
  guint32 states;
  gint64 acc[VMS_N_STATES];
  guint32 worst;
  gint64 worst_len;
} VmsSummary;

void vms_summary_init (VmsSummary *sum);
void vms_summary_add_record (
  const VmsRecs *recs, VmsSummary *sum, guint64 i, gint64 clip_begin, gint64 clip_end);
void vms_summary_add_node (const VmsRecs *recs, VmsSummary *sum, const VmsNode *node);
void vms_summary_emit (const VmsRecs *recs,
                       GArray *items,
                       gint64 start,
                       gint64 end,
                       const VmsSummary *sum,
                       guint32 count);
void vms_node_finish (VmsNode *node, const gint64 *acc);
void vms_node_merge (const VmsRecs *recs, VmsNode *node, const VmsNode *children, guint n);

void vms_pyramid_build (VmsRecs *recs);
void vms_pyramid_free (VmsPyramid *pyramid);
/* One item per pixel of [begin, end) (inside the row's data), pixels ns_per_pixel wide from
 * origin (at least 2 level-0 buckets), each summarizing the buckets that meet it, of the
 * coarsest level at most a quarter pixel wide, else level 0 (so a state within that distance
 * of an edge may show in the neighbour too). */
guint vms_pyramid_query (
  const VmsRecs *recs, gint64 origin, gint64 begin, gint64 end, gint64 ns_per_pixel, GArray *items);

/* Approximate heap bytes */
gsize vms_recs_bytes (const VmsRecs *recs);

/* What the model holds per row */
typedef struct {
  VmsRow row;
  VmsRecs *recs; /* NULL for groups; owned by the model */
} VmsModelRow;

struct _VmsModel {
  GObject parent_instance;

  gint64 begin;
  gint64 end;
  GArray *rows;     /* VmsModelRow */
  GArray *machines; /* VmsMachine */
  GArray *vms;      /* VmsVm */
  GArray *vcpus;    /* VmsVcpu */
  GArray *threads;  /* VmsThread */
  GArray *exits;    /* VmsExitStats */
  GArray *spikes;   /* VmsSpike */
  int host;
  GHashTable *host_vcpus;   /* host tid → vcpu index + 1 */
  GHashTable *thread_index; /* (machine << 32 | tid) → thread index + 1 */
  GStringChunk *strings;
  int *guest_cpu_rows; /* per vcpu index: the row of guest CPU n of its VM's trace, -1 */
};

VmsModel *vms_model_new_empty (void);
const char *vms_model_intern (VmsModel *self, const char *str);
guint vms_model_add_row (VmsModel *self,
                         VmsRowKind kind,
                         int parent,
                         const char *label,
                         int machine,
                         int vm,
                         int id,
                         VmsRecs *recs);
void
vms_model_fill_interval (VmsModel *self, const VmsModelRow *row, guint64 index, VmsInterval *out);

/* vms-model-finish.c: the exact p99 of durations (reordered in place), n >= 1 */
guint32 _vms_percentile_99 (guint32 *v, gsize n);

G_END_DECLS
