/* vms-sync-private.h — what vms-sync.c (matching) and vms-sync-solve.c (the spanning tree)
 * share.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "vms-sync.h"

G_BEGIN_DECLS

/* Message classes: the two vmsync directions, and TCP. */
enum {
  CLS_GH = 1, /* guest → host: vmsync_gh_guest → vmsync_gh_host / hypercall nr 5 */
  CLS_HG = 2, /* host → guest: vmsync_hg_host / kvm_entry after it → vmsync_hg_guest */
  CLS_NET = 3,
};

enum {
  SIDE_GUEST = 0,
  SIDE_HOST = 1,
};

#define VMSYNC_HYPERCALL_NR 5
/* A vmsync end is dropped when the other side is this many cnt past it. */
#define CNT_WINDOW 512
/* While the last trace is read, an end of another trace is dropped when that trace's matched
 * ends are this far past it (on its own clock). */
#define TIME_WINDOW G_GINT64_CONSTANT (10000000000)
#define PRUNE_MIN 65536
/* A message whose receive is this much before its send, on the reference clock, violates
 * causality (rounding of the two conversions stays below it). */
#define VIOLATION_TOLERANCE_NS 1

/* One end of a message waiting for the other. 32 bytes. */
typedef struct {
  guint64 k1; /* vm_uid | seq << 32 | ack_seq */
  guint64 k2; /* cnt | flags */
  guint8 cls;
  guint8 is_send;
  guint8 side;
  guint8 pad;
  guint32 trace;
  gint64 ts;
} Pending;

/* A hypercall nr 5 whose kvm_entry (the hg send) is still to come. */
typedef struct {
  gboolean valid;
  gint32 tid;
  guint64 vm_uid;
  guint64 cnt; /* of the hg message: a0 + 1 */
} PendingHc;

typedef struct {
  guint32 trace;
  guint32 side;
  guint64 first_cnt;
  guint64 max_cnt;
} VmProgress;

typedef struct {
  gint64 x;
  gint64 y;
} Match;

/* The matched messages of one direction, kept for the causality check. Beyond MATCH_LOG_MAX
 * points, every other one is dropped and from then on one in `stride` is kept: each kept point
 * stands for `stride` messages. */
typedef struct {
  GArray *points; /* of Match */
  guint stride;
  guint skip;
} MatchLog;

#define MATCH_LOG_MAX (1u << 20)

typedef struct {
  guint a, b; /* a < b: x on a's clock, y on b's */
  VmsSyncHull *hull;
  MatchLog upper; /* a → b */
  MatchLog lower; /* b → a */
  guint64 n_vmsync;
} Pair;

typedef struct {
  guint index;
  char *name;
  VmsTraceRole role;
  gboolean registered;
  gboolean fed;
  gboolean saw_kvm;

  gboolean has_vm_uid;
  guint64 vm_uid;

  /* host side: the thread on each CPU, and hypercalls waiting for their kvm_entry */
  gboolean has_vmsync_host;
  guint n_cpus;
  gint32 *cur_tid;
  PendingHc *hc_slot;
  GHashTable *hc_by_tid; /* tid → PendingHc*: switched out between hypercall and entry */
  guint n_hc_pending;

  GHashTable *vm_threads; /* (vm_uid, tid, cpu) → VmsSyncVmThread* */
  GArray *vm_threads_sorted;
  VmsSyncVmThread *last_vm_thread;

  gint64 matched_hi; /* latest ts of its ends matched while the current trace is read */

  VmsSyncResult result;
  VmsSyncLine to_ref;
} Machine;

struct _VmsSync {
  GPtrArray *machines; /* by trace index; NULL holes */
  GHashTable *pending; /* Pending* set */
  guint prune_at;
  guint matches_since_prune;
  guint prune_backoff;
  GHashTable *progress; /* vm_uid (guint64*) → GArray of VmProgress */
  GHashTable *pairs;    /* (a << 16 | b) → Pair* */
  Pair *last_pair;

  gint current;
  gboolean current_is_last;

  gboolean solved;
  guint reference;
};

/* vms-sync.c */
Machine *_vms_sync_machine_get (VmsSync *self, guint index);
Pair *_vms_sync_pair_lookup (VmsSync *self, guint a, guint b, gboolean create);

G_END_DECLS
