/* vms-sync.c — matching sync messages across traces, and the spanning tree of formulas.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Every sync event is one end of a message: a send or a receive with a key. The first end seen
 * waits in one hash table of compact records (Pending); the other end, from another trace,
 * completes the message, which becomes one point of the hull of that pair of traces. Traces are
 * read one after another, so the waiting ends of a trace already read stay until the trace that
 * holds their other ends has gone past them (see prune_pending()).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "vms-sync.h"

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

GQuark
vms_sync_error_quark (void)
{
  return g_quark_from_static_string ("vms-sync-error-quark");
}

/* ---- keys -------------------------------------------------------------------------------- */

static guint
pending_hash (gconstpointer key)
{
  const Pending *p = key;
  guint64 h = p->k1 * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15) ^ p->k2;

  h ^= (guint64) p->cls << 56;
  h *= G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  return (guint) (h ^ (h >> 31));
}

static gboolean
pending_equal (gconstpointer a, gconstpointer b)
{
  const Pending *p = a, *q = b;

  return p->k1 == q->k1 && p->k2 == q->k2 && p->cls == q->cls;
}

typedef struct {
  guint64 vm_uid;
  gint32 tid;
  guint32 cpu;
} VmThreadKey;

static guint
vm_thread_hash (gconstpointer key)
{
  const VmThreadKey *k = key;

  return (guint) (k->vm_uid ^ (k->vm_uid >> 32)) ^ ((guint) k->tid * 2654435761u) ^ k->cpu;
}

static gboolean
vm_thread_equal (gconstpointer a, gconstpointer b)
{
  const VmThreadKey *p = a, *q = b;

  return p->vm_uid == q->vm_uid && p->tid == q->tid && p->cpu == q->cpu;
}

/* ---- machines and pairs ------------------------------------------------------------------ */

static void
machine_free (gpointer data)
{
  Machine *m = data;

  if (m == NULL)
    return;
  g_free (m->name);
  g_free (m->cur_tid);
  g_free (m->hc_slot);
  g_clear_pointer (&m->hc_by_tid, g_hash_table_unref);
  g_clear_pointer (&m->vm_threads, g_hash_table_unref);
  g_clear_pointer (&m->vm_threads_sorted, g_array_unref);
  g_free (m);
}

static Machine *
machine_get (VmsSync *self, guint index)
{
  Machine *m;

  if (index < self->machines->len && (m = g_ptr_array_index (self->machines, index)) != NULL)
    return m;
  if (index >= self->machines->len)
    g_ptr_array_set_size (self->machines, index + 1);
  m = g_new0 (Machine, 1);
  m->index = index;
  m->name = g_strdup_printf ("trace %u", index);
  m->role = VMS_TRACE_ROLE_MACHINE;
  m->matched_hi = G_MININT64;
  m->result.parent = -1;
  vms_sync_line_init_identity (&m->result.line);
  m->result.alpha = 1.0;
  vms_sync_line_init_identity (&m->to_ref);
  g_ptr_array_index (self->machines, index) = m;
  return m;
}

static void
pair_free (gpointer data)
{
  Pair *p = data;

  vms_sync_hull_free (p->hull);
  g_array_unref (p->upper.points);
  g_array_unref (p->lower.points);
  g_free (p);
}

static Pair *
pair_lookup (VmsSync *self, guint a, guint b, gboolean create)
{
  Pair *p;

  if (self->last_pair != NULL && self->last_pair->a == a && self->last_pair->b == b)
    return self->last_pair;
  p = g_hash_table_lookup (self->pairs, GUINT_TO_POINTER (a << 16 | b));
  if (p == NULL && create)
    {
      p = g_new0 (Pair, 1);
      p->a = a;
      p->b = b;
      p->hull = vms_sync_hull_new ();
      p->upper.points = g_array_new (FALSE, FALSE, sizeof (Match));
      p->upper.stride = 1;
      p->lower.points = g_array_new (FALSE, FALSE, sizeof (Match));
      p->lower.stride = 1;
      g_hash_table_insert (self->pairs, GUINT_TO_POINTER (a << 16 | b), p);
    }
  if (p != NULL)
    self->last_pair = p;
  return p;
}

VmsSync *
vms_sync_new (void)
{
  VmsSync *self = g_new0 (VmsSync, 1);

  self->machines = g_ptr_array_new_with_free_func (machine_free);
  self->pending = g_hash_table_new_full (pending_hash, pending_equal, g_free, NULL);
  self->prune_at = PRUNE_MIN;
  self->progress
    = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) g_array_unref);
  self->pairs = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, pair_free);
  self->current = -1;
  return self;
}

void
vms_sync_free (VmsSync *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->machines);
  g_hash_table_unref (self->pending);
  g_hash_table_unref (self->progress);
  g_hash_table_unref (self->pairs);
  g_free (self);
}

void
vms_sync_add_trace (VmsSync *self, guint trace_index, const char *name, VmsTraceRole role)
{
  Machine *m;

  g_return_if_fail (trace_index < 0xffff);
  m = machine_get (self, trace_index);
  m->registered = TRUE;
  m->role = role;
  if (name != NULL)
    {
      g_free (m->name);
      m->name = g_strdup (name);
    }
}

guint
vms_sync_get_n_traces (VmsSync *self)
{
  return self->machines->len;
}

/* ---- matching ---------------------------------------------------------------------------- */

static void
match_log_add (MatchLog *log, const Match *match)
{
  if (++log->skip < log->stride)
    return;
  log->skip = 0;
  if (log->points->len >= MATCH_LOG_MAX)
    {
      Match *p = (Match *) (gpointer) log->points->data;

      for (guint i = 0; 2 * i + 1 < log->points->len; i++)
        p[i] = p[2 * i + 1];
      g_array_set_size (log->points, log->points->len / 2);
      log->stride *= 2;
    }
  g_array_append_val (log->points, *match);
}

static void
add_match (
  VmsSync *self, guint send_trace, gint64 send_ts, guint recv_trace, gint64 recv_ts, guint cls)
{
  guint a = MIN (send_trace, recv_trace), b = MAX (send_trace, recv_trace);
  Pair *pair = pair_lookup (self, a, b, TRUE);
  Match match;

  if (send_trace == a)
    {
      /* a → b: (send_a, recv_b), above the line */
      match.x = send_ts;
      match.y = recv_ts;
      vms_sync_hull_add_upper (pair->hull, match.x, match.y);
      match_log_add (&pair->upper, &match);
    }
  else
    {
      /* b → a: (recv_a, send_b), below the line */
      match.x = recv_ts;
      match.y = send_ts;
      vms_sync_hull_add_lower (pair->hull, match.x, match.y);
      match_log_add (&pair->lower, &match);
    }
  if (cls != CLS_NET)
    pair->n_vmsync++;
}

static void
note_progress (VmsSync *self, guint64 vm_uid, guint trace, guint side, guint64 cnt)
{
  GArray *list = g_hash_table_lookup (self->progress, &vm_uid);
  VmProgress *pr;

  if (list == NULL)
    {
      list = g_array_new (FALSE, FALSE, sizeof (VmProgress));
      g_hash_table_insert (self->progress, g_memdup2 (&vm_uid, sizeof vm_uid), list);
    }
  for (guint i = 0; i < list->len; i++)
    {
      pr = &g_array_index (list, VmProgress, i);
      if (pr->trace == trace && pr->side == side)
        {
          pr->first_cnt = MIN (pr->first_cnt, cnt);
          pr->max_cnt = MAX (pr->max_cnt, cnt);
          return;
        }
    }
  g_array_set_size (list, list->len + 1);
  pr = &g_array_index (list, VmProgress, list->len - 1);
  pr->trace = trace;
  pr->side = side;
  pr->first_cnt = pr->max_cnt = cnt;
}

static gboolean
prune_one (gpointer key, gpointer value, gpointer user_data)
{
  VmsSync *self = user_data;
  const Pending *p = key;

  /* While the last trace is read, it is the only one that can still match: an end it has left
   * far behind will not be matched. */
  if (self->current_is_last && p->trace != (guint) self->current)
    {
      const Machine *m = g_ptr_array_index (self->machines, p->trace);

      if (m->matched_hi != G_MININT64 && p->ts < m->matched_hi - TIME_WINDOW)
        return TRUE;
    }
  /* A vmsync end is dead when a trace of the other side that holds that cnt range is far
   * past it. */
  if (p->cls != CLS_NET)
    {
      GArray *list = g_hash_table_lookup (self->progress, &p->k1);

      for (guint i = 0; list != NULL && i < list->len; i++)
        {
          const VmProgress *pr = &g_array_index (list, VmProgress, i);

          if (pr->side != p->side && pr->trace != p->trace && pr->first_cnt <= p->k2
              && p->k2 + CNT_WINDOW <= pr->max_cnt)
            return TRUE;
        }
    }
  return FALSE;
}

/* TRUE when the sweep dropped a good part of the table. */
static gboolean
prune_pending (VmsSync *self)
{
  guint before = g_hash_table_size (self->pending);
  guint removed = g_hash_table_foreach_remove (self->pending, prune_one, self);

  self->prune_at = MAX (PRUNE_MIN, 2 * g_hash_table_size (self->pending));
  self->matches_since_prune = 0;
  return removed >= before / 8;
}

static void
message (VmsSync *self,
         Machine *m,
         guint cls,
         guint side,
         guint64 k1,
         guint64 k2,
         gboolean is_send,
         gint64 ts)
{
  Pending key = { .k1 = k1, .k2 = k2, .cls = cls };
  Pending *other;

  if (cls != CLS_NET)
    note_progress (self, k1, m->index, side, k2);

  other = g_hash_table_lookup (self->pending, &key);
  if (other == NULL)
    {
      Pending *p = g_new (Pending, 1);

      *p = key;
      p->is_send = is_send;
      p->side = side;
      p->pad = 0;
      p->trace = m->index;
      p->ts = ts;
      g_hash_table_add (self->pending, p);
      if (g_hash_table_size (self->pending) >= self->prune_at)
        prune_pending (self);
      return;
    }
  if (other->is_send == (guint8) is_send)
    return; /* the same end again (retransmission, vmsync and hypercall both): keep the first */
  if (other->trace != m->index)
    {
      Machine *om = g_ptr_array_index (self->machines, other->trace);

      om->matched_hi = MAX (om->matched_hi, other->ts);
      self->matches_since_prune++;
      if (is_send)
        add_match (self, m->index, ts, other->trace, other->ts, cls);
      else
        add_match (self, other->trace, other->ts, m->index, ts, cls);
    }
  /* else: both ends on one machine (loopback): ignored */
  g_hash_table_remove (self->pending, other);
}

static void
ensure_cpu (Machine *m, guint cpu)
{
  guint n;

  if (cpu < m->n_cpus)
    return;
  n = MAX (cpu + 1, m->n_cpus * 2);
  m->cur_tid = g_renew (gint32, m->cur_tid, n);
  m->hc_slot = g_renew (PendingHc, m->hc_slot, n);
  for (guint i = m->n_cpus; i < n; i++)
    {
      m->cur_tid[i] = -1;
      m->hc_slot[i].valid = FALSE;
    }
  m->n_cpus = n;
}

static void
note_vm_thread (Machine *m, guint64 vm_uid, gint32 tid, guint cpu, gint64 ts)
{
  VmThreadKey key = { vm_uid, tid, tid < 0 ? cpu : 0 };
  VmsSyncVmThread *t = m->last_vm_thread;

  if (t == NULL || t->vm_uid != vm_uid || t->tid != tid || (tid < 0 && t->cpu != cpu))
    {
      if (m->vm_threads == NULL)
        m->vm_threads = g_hash_table_new_full (vm_thread_hash, vm_thread_equal, g_free, g_free);
      t = g_hash_table_lookup (m->vm_threads, &key);
      if (t == NULL)
        {
          t = g_new0 (VmsSyncVmThread, 1);
          t->vm_uid = vm_uid;
          t->tid = tid;
          t->cpu = (guint16) cpu;
          t->first_ts = ts;
          g_hash_table_insert (m->vm_threads, g_memdup2 (&key, sizeof key), t);
          g_clear_pointer (&m->vm_threads_sorted, g_array_unref);
        }
      m->last_vm_thread = t;
    }
  t->last_ts = ts;
  t->count++;
}

static void
clear_hypercalls (Machine *m)
{
  for (guint i = 0; i < m->n_cpus; i++)
    m->hc_slot[i].valid = FALSE;
  g_clear_pointer (&m->hc_by_tid, g_hash_table_unref);
  m->n_hc_pending = 0;
}

static void
sched_switch (Machine *m, const VmsEvent *ev)
{
  guint cpu = ev->cpu;
  gint32 prev = ev->u.i[0], next = ev->u.i[1];

  ensure_cpu (m, cpu);
  if (m->n_hc_pending > 0)
    {
      PendingHc *slot = &m->hc_slot[cpu];

      /* the vCPU thread leaves the CPU before its kvm_entry: follow it by tid */
      if (slot->valid && (slot->tid == prev || slot->tid < 0))
        {
          PendingHc *moved = g_memdup2 (slot, sizeof *slot);

          moved->tid = prev;
          if (m->hc_by_tid == NULL)
            m->hc_by_tid = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
          if (g_hash_table_contains (m->hc_by_tid, GINT_TO_POINTER (prev)))
            m->n_hc_pending--;
          g_hash_table_insert (m->hc_by_tid, GINT_TO_POINTER (prev), moved);
          slot->valid = FALSE;
        }
      if (m->hc_by_tid != NULL && g_hash_table_size (m->hc_by_tid) > 0)
        {
          PendingHc *back = g_hash_table_lookup (m->hc_by_tid, GINT_TO_POINTER (next));

          if (back != NULL)
            {
              if (slot->valid)
                m->n_hc_pending--; /* an older one that never saw its entry */
              *slot = *back;
              g_hash_table_remove (m->hc_by_tid, GINT_TO_POINTER (next));
            }
        }
    }
  m->cur_tid[cpu] = next;
}

static void
hypercall (VmsSync *self, Machine *m, const VmsEvent *ev)
{
  guint cpu = ev->cpu;
  guint64 cnt = ev->u.hc.a0, vm_uid = ev->u.hc.a1;
  PendingHc *slot;

  ensure_cpu (m, cpu);
  note_vm_thread (m, vm_uid, m->cur_tid[cpu], cpu, ev->ts);
  message (self, m, CLS_GH, SIDE_HOST, vm_uid, cnt, FALSE, ev->ts);
  slot = &m->hc_slot[cpu];
  if (!slot->valid)
    m->n_hc_pending++;
  slot->valid = TRUE;
  slot->tid = m->cur_tid[cpu];
  slot->vm_uid = vm_uid;
  slot->cnt = cnt + 1;
}

static void
kvm_entry (VmsSync *self, Machine *m, const VmsEvent *ev)
{
  guint cpu = ev->cpu;
  PendingHc *slot;

  if (cpu >= m->n_cpus)
    return;
  slot = &m->hc_slot[cpu];
  if (!slot->valid)
    return;
  if (slot->tid >= 0 && m->cur_tid[cpu] >= 0 && slot->tid != m->cur_tid[cpu])
    return;
  slot->valid = FALSE;
  m->n_hc_pending--;
  message (self, m, CLS_HG, SIDE_HOST, slot->vm_uid, slot->cnt, TRUE, ev->ts);
}

static void
guest_vm_uid (Machine *m, guint64 vm_uid)
{
  if (G_LIKELY (m->has_vm_uid))
    return;
  m->has_vm_uid = TRUE;
  m->vm_uid = vm_uid;
}

static void
host_vmsync (Machine *m)
{
  if (G_LIKELY (m->has_vmsync_host))
    return;
  /* the add-on module records the host ends itself: hypercalls are not needed */
  m->has_vmsync_host = TRUE;
  clear_hypercalls (m);
}

static void
switch_current (VmsSync *self, guint trace_index)
{
  Machine *cur = machine_get (self, trace_index);

  if (g_hash_table_size (self->pending) > 0)
    prune_pending (self);
  self->prune_backoff = 0;
  self->current = (gint) trace_index;
  cur->fed = TRUE;
  self->current_is_last = TRUE;
  for (guint i = 0; i < self->machines->len; i++)
    {
      Machine *m = g_ptr_array_index (self->machines, i);

      if (m == NULL)
        continue;
      m->matched_hi = G_MININT64;
      if (m != cur && m->registered && !m->fed)
        self->current_is_last = FALSE;
    }
}

G_STATIC_ASSERT (VMS_EV_N_KINDS <= 32);

#define KIND_BIT(k) ((guint32) 1 << (k))

/* The kinds vms_sync_feed() must look at in a trace, given what it has seen so far. */
static inline guint32
feed_mask (const Machine *m)
{
  guint32 mask = KIND_BIT (VMS_EV_VMSYNC_GH_GUEST) | KIND_BIT (VMS_EV_VMSYNC_HG_GUEST)
                 | KIND_BIT (VMS_EV_VMSYNC_GH_HOST) | KIND_BIT (VMS_EV_VMSYNC_HG_HOST)
                 | KIND_BIT (VMS_EV_NET_SEND) | KIND_BIT (VMS_EV_NET_RECV);

  if (!m->has_vmsync_host)
    mask |= KIND_BIT (VMS_EV_KVM_HYPERCALL);
  if (!m->saw_kvm || m->n_hc_pending > 0)
    mask |= KIND_BIT (VMS_EV_KVM_ENTRY);
  /* The running thread of each CPU names the host thread of a hypercall; a guest (vmsync_*_guest
   * seen, no KVM) does not need it. */
  if (!m->has_vm_uid || m->saw_kvm)
    mask |= KIND_BIT (VMS_EV_SCHED_SWITCH);
  return mask;
}

void
vms_sync_feed (VmsSync *self, guint trace_index, const VmsEvent *events, gsize n_events)
{
  Machine *m;
  guint32 mask;

  g_return_if_fail (trace_index < 0xffff);
  if ((gint) trace_index != self->current)
    switch_current (self, trace_index);
  m = g_ptr_array_index (self->machines, trace_index);
  self->solved = FALSE;
  mask = feed_mask (m);

  for (gsize i = 0; i < n_events; i++)
    {
      const VmsEvent *ev = &events[i];

      /* Most events are of no interest: one predictable bit test, no jump table. */
      if (G_LIKELY (!((mask >> (ev->kind & 31)) & 1)))
        continue;
      switch ((VmsEventKind) ev->kind)
        {
          case VMS_EV_SCHED_SWITCH:
            sched_switch (m, ev);
            break;
          case VMS_EV_KVM_ENTRY:
            m->saw_kvm = TRUE;
            if (m->n_hc_pending > 0)
              kvm_entry (self, m, ev);
            break;
          case VMS_EV_KVM_HYPERCALL:
            if (ev->x == VMSYNC_HYPERCALL_NR && !m->has_vmsync_host)
              hypercall (self, m, ev);
            break;
          case VMS_EV_VMSYNC_GH_GUEST:
            guest_vm_uid (m, ev->u.sync.vm_uid);
            message (self, m, CLS_GH, SIDE_GUEST, ev->u.sync.vm_uid, ev->u.sync.cnt, TRUE, ev->ts);
            break;
          case VMS_EV_VMSYNC_HG_GUEST:
            guest_vm_uid (m, ev->u.sync.vm_uid);
            message (self, m, CLS_HG, SIDE_GUEST, ev->u.sync.vm_uid, ev->u.sync.cnt, FALSE, ev->ts);
            break;
          case VMS_EV_VMSYNC_GH_HOST:
            host_vmsync (m);
            ensure_cpu (m, ev->cpu);
            note_vm_thread (m, ev->u.sync.vm_uid, m->cur_tid[ev->cpu], ev->cpu, ev->ts);
            message (self, m, CLS_GH, SIDE_HOST, ev->u.sync.vm_uid, ev->u.sync.cnt, FALSE, ev->ts);
            break;
          case VMS_EV_VMSYNC_HG_HOST:
            host_vmsync (m);
            message (self, m, CLS_HG, SIDE_HOST, ev->u.sync.vm_uid, ev->u.sync.cnt, TRUE, ev->ts);
            break;
          case VMS_EV_NET_SEND:
          case VMS_EV_NET_RECV:
            message (self, m, CLS_NET, 0, (guint64) ev->u.net.seq << 32 | ev->u.net.ack_seq,
                     ev->u.net.flags, ev->kind == VMS_EV_NET_SEND, ev->ts);
            break;
          default:
            break;
        }
      mask = feed_mask (m);
    }
  /* Matches move the watermarks: sweep once they are a quarter of the waiting ends (amortized
   * O(1) per match). */
  if (self->matches_since_prune >= MAX (PRUNE_MIN / 16, g_hash_table_size (self->pending) / 4)
                                     << self->prune_backoff)
    {
      /* A sweep that finds little to drop (ends waiting for traces still to come) makes the
       * next one wait twice as long. */
      if (prune_pending (self))
        self->prune_backoff = 0;
      else
        self->prune_backoff = MIN (self->prune_backoff + 1, 10);
    }
}

guint
vms_sync_get_n_pending (VmsSync *self)
{
  return g_hash_table_size (self->pending);
}

/* ---- the spanning tree ------------------------------------------------------------------- */

/* How good a pair's formula is for the tree: 0 unusable. */
static int
quality_rank (VmsSyncQuality q)
{
  switch (q)
    {
      case VMS_SYNC_QUALITY_REFERENCE:
        return 6;
      case VMS_SYNC_QUALITY_MANUAL:
        return 5;
      case VMS_SYNC_QUALITY_ACCURATE:
        return 4;
      case VMS_SYNC_QUALITY_APPROXIMATE:
        return 3;
      case VMS_SYNC_QUALITY_INCOMPLETE:
        return 2;
      case VMS_SYNC_QUALITY_FAIL:
        return 1;
      case VMS_SYNC_QUALITY_ABSENT:
      default:
        return 0;
    }
}

static VmsSyncQuality
worse (VmsSyncQuality a, VmsSyncQuality b)
{
  return quality_rank (a) <= quality_rank (b) ? a : b;
}

static Machine *
find_machine (VmsSync *self, const char *name, GError **error)
{
  g_autoptr (GString) names = g_string_new (NULL);

  for (guint i = 0; i < self->machines->len; i++)
    {
      Machine *m = g_ptr_array_index (self->machines, i);

      if (m != NULL && g_strcmp0 (m->name, name) == 0)
        return m;
    }
  for (guint i = 0; i < self->machines->len; i++)
    {
      Machine *m = g_ptr_array_index (self->machines, i);

      if (m != NULL)
        g_string_append_printf (names, "%s%s", names->len ? ", " : "", m->name);
    }
  g_set_error (error, VMS_SYNC_ERROR, VMS_SYNC_ERROR_UNKNOWN_MACHINE,
               _ ("No machine is named “%s” (the machines are: %s)"), name, names->str);
  return NULL;
}

static Machine *
default_reference (VmsSync *self)
{
  Machine *first = NULL;

  for (guint i = 0; i < self->machines->len; i++)
    {
      Machine *m = g_ptr_array_index (self->machines, i);

      if (m == NULL)
        continue;
      if (m->role == VMS_TRACE_ROLE_HOST)
        return m;
      if (first == NULL)
        first = m;
    }
  for (guint i = 0; i < self->machines->len; i++)
    {
      Machine *m = g_ptr_array_index (self->machines, i);

      if (m != NULL && m->role != VMS_TRACE_ROLE_GUEST && (m->saw_kvm || m->has_vmsync_host))
        return m;
    }
  return first;
}

/* The edge from tree node u to v: t_v = edge (t_u). */
static void
edge_line (Pair *pair, guint u, VmsSyncLine *line)
{
  VmsSyncLine l;

  vms_sync_hull_get_line (pair->hull, &l);
  if (pair->a == u)
    *line = l;
  else
    vms_sync_line_invert (&l, line);
}

/* Messages of one direction going back in time on the reference clock. @upper: x is the send on
 * a's clock, y the receive on b's; else x is the receive on a's, y the send on b's. */
static guint64
count_log_violations (const MatchLog *log, const Machine *ma, const Machine *mb, gboolean upper)
{
  guint64 n = 0;

  for (guint i = 0; i < log->points->len; i++)
    {
      const Match *mt = &g_array_index (log->points, Match, i);
      gint64 ra = vms_sync_line_apply (&ma->to_ref, mt->x);
      gint64 rb = vms_sync_line_apply (&mb->to_ref, mt->y);

      n += upper ? rb < ra - VIOLATION_TOLERANCE_NS : ra < rb - VIOLATION_TOLERANCE_NS;
    }
  return n * log->stride;
}

static void
count_violations (VmsSync *self, Pair *pair)
{
  Machine *ma = g_ptr_array_index (self->machines, pair->a);
  Machine *mb = g_ptr_array_index (self->machines, pair->b);
  guint64 n = count_log_violations (&pair->upper, ma, mb, TRUE)
              + count_log_violations (&pair->lower, ma, mb, FALSE);
  gboolean estimated = pair->upper.stride > 1 || pair->lower.stride > 1;

  ma->result.n_violations += n;
  mb->result.n_violations += n;
  ma->result.violations_estimated |= estimated && n > 0;
  mb->result.violations_estimated |= estimated && n > 0;
}

gboolean
vms_sync_solve (VmsSync *self,
                const char *reference_name,
                GHashTable *manual_offsets,
                GError **error)
{
  guint n = self->machines->len;
  Machine *root;
  g_autofree gboolean *in_tree = NULL;
  g_autofree gboolean *manual = NULL;
  GHashTableIter iter;
  gpointer key, value;

  if (n == 0)
    return TRUE;
  if (reference_name != NULL)
    {
      root = find_machine (self, reference_name, error);
      if (root == NULL)
        return FALSE;
    }
  else
    root = default_reference (self);

  in_tree = g_new0 (gboolean, n);
  manual = g_new0 (gboolean, n);

  for (guint i = 0; i < n; i++)
    {
      Machine *m = g_ptr_array_index (self->machines, i);

      if (m == NULL)
        continue;
      memset (&m->result, 0, sizeof m->result);
      m->result.reference = root->index;
      m->result.parent = -1;
      m->result.quality = VMS_SYNC_QUALITY_ABSENT;
      m->result.unreachable = TRUE;
      vms_sync_line_init_identity (&m->result.line);
      m->result.accuracy = INFINITY;
    }
  root->result.quality = VMS_SYNC_QUALITY_REFERENCE;
  root->result.unreachable = FALSE;
  root->result.accuracy = 0.0;
  in_tree[root->index] = TRUE;

  if (manual_offsets != NULL)
    {
      g_hash_table_iter_init (&iter, manual_offsets);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          Machine *m = find_machine (self, key, error);

          if (m == NULL)
            return FALSE;
          if (m == root)
            {
              g_set_error (error, VMS_SYNC_ERROR, VMS_SYNC_ERROR_INVALID,
                           _ ("“%s” is the reference machine: its offset is 0 by definition"),
                           (const char *) key);
              return FALSE;
            }
          vms_sync_line_init_offset (&m->result.line, *(const gint64 *) value);
          m->result.quality = VMS_SYNC_QUALITY_MANUAL;
          m->result.unreachable = FALSE;
          m->result.accuracy = 0.0;
          manual[m->index] = in_tree[m->index] = TRUE;
        }
    }

  /* Grow the tree one edge at a time: the best worst-quality path first, then the smallest
   * accumulated accuracy (Prim on a bottleneck order; a handful of traces). */
  for (;;)
    {
      Pair *best = NULL;
      guint best_u = 0, best_v = 0;
      int best_rank = 0;
      double best_acc = INFINITY;
      GHashTableIter pit;
      gpointer pv;

      g_hash_table_iter_init (&pit, self->pairs);
      while (g_hash_table_iter_next (&pit, NULL, &pv))
        {
          Pair *pair = pv;
          VmsSyncQuality q = vms_sync_hull_get_quality (pair->hull);
          VmsSyncLine tmp;
          guint u, v;
          int rank;
          double acc;
          Machine *mu;

          if (in_tree[pair->a] == in_tree[pair->b])
            continue;
          u = in_tree[pair->a] ? pair->a : pair->b;
          v = u == pair->a ? pair->b : pair->a;
          if (manual[v] || !vms_sync_hull_get_line (pair->hull, &tmp))
            continue;
          mu = g_ptr_array_index (self->machines, u);
          rank = MIN (quality_rank (q), quality_rank (mu->result.quality));
          acc = mu->result.accuracy + vms_sync_hull_get_accuracy (pair->hull);
          if (rank == 0)
            continue;
          if (rank > best_rank || (rank == best_rank && acc < best_acc)
              || (rank == best_rank && acc == best_acc && best != NULL
                  && (u < best_u || (u == best_u && v < best_v))))
            {
              best = pair;
              best_u = u;
              best_v = v;
              best_rank = rank;
              best_acc = acc;
            }
        }
      if (best == NULL)
        break;

      {
        Machine *mu = g_ptr_array_index (self->machines, best_u);
        Machine *mv = g_ptr_array_index (self->machines, best_v);
        VmsSyncLine e;
        VmsSyncQuality q = vms_sync_hull_get_quality (best->hull);

        edge_line (best, best_u, &e);
        vms_sync_line_compose (&e, &mu->result.line, &mv->result.line);
        mv->result.parent = (gint) best_u;
        mv->result.unreachable = FALSE;
        mv->result.quality = mu == root || mu->result.quality == VMS_SYNC_QUALITY_MANUAL
                               ? q
                               : worse (q, mu->result.quality);
        mv->result.accuracy = best_acc;
        mv->result.n_matches = vms_sync_hull_get_n_matches (best->hull);
        mv->result.n_tightening = vms_sync_hull_get_n_tightening (best->hull);
        in_tree[best_v] = TRUE;
      }
    }

  for (guint i = 0; i < n; i++)
    {
      Machine *m = g_ptr_array_index (self->machines, i);

      if (m == NULL)
        continue;
      m->result.alpha = vms_sync_line_get_alpha (&m->result.line);
      m->result.beta = vms_sync_line_get_beta (&m->result.line);
      vms_sync_line_invert (&m->result.line, &m->to_ref);
      if (m->result.unreachable)
        {
          /* every message of it, for the record */
          GHashTableIter pit;
          gpointer pv;

          g_hash_table_iter_init (&pit, self->pairs);
          while (g_hash_table_iter_next (&pit, NULL, &pv))
            {
              Pair *pair = pv;

              if (pair->a == i || pair->b == i)
                {
                  m->result.n_matches += vms_sync_hull_get_n_matches (pair->hull);
                  m->result.n_tightening += vms_sync_hull_get_n_tightening (pair->hull);
                }
            }
        }
    }

  {
    GHashTableIter pit;
    gpointer pv;

    g_hash_table_iter_init (&pit, self->pairs);
    while (g_hash_table_iter_next (&pit, NULL, &pv))
      count_violations (self, pv);
  }

  /* what is still waiting can no longer be matched */
  g_hash_table_remove_all (self->pending);
  self->reference = root->index;
  self->solved = TRUE;
  return TRUE;
}

const VmsSyncResult *
vms_sync_get_result (VmsSync *self, guint trace_index)
{
  g_return_val_if_fail (trace_index < self->machines->len, NULL);
  return &machine_get (self, trace_index)->result;
}

guint
vms_sync_get_reference (VmsSync *self)
{
  return self->reference;
}

gint64
vms_sync_to_reference (VmsSync *self, guint trace_index, gint64 ts)
{
  const Machine *m;

  if (G_UNLIKELY (trace_index >= self->machines->len))
    return ts;
  m = g_ptr_array_index (self->machines, trace_index);
  return m != NULL ? vms_sync_line_apply (&m->to_ref, ts) : ts;
}

gint64
vms_sync_from_reference (VmsSync *self, guint trace_index, gint64 ts)
{
  const Machine *m;

  if (G_UNLIKELY (trace_index >= self->machines->len))
    return ts;
  m = g_ptr_array_index (self->machines, trace_index);
  return m != NULL ? vms_sync_line_apply (&m->result.line, ts) : ts;
}

VmsSyncHull *
vms_sync_get_pair_hull (VmsSync *self, guint a, guint b)
{
  Pair *pair = pair_lookup (self, MIN (a, b), MAX (a, b), FALSE);

  return pair != NULL ? pair->hull : NULL;
}

guint64
vms_sync_count_violations (VmsSync *self, guint a, guint b, const VmsSyncLine *line)
{
  Pair *pair = pair_lookup (self, MIN (a, b), MAX (a, b), FALSE);
  VmsSyncLine l = *line;
  guint64 n = 0;

  if (pair == NULL)
    return 0;
  if (a > b)
    vms_sync_line_invert (line, &l); /* the pair's x is the smaller index's clock */
  /* upper points must be on or above the line, lower points on or below */
  for (guint i = 0; i < pair->upper.points->len; i++)
    {
      const Match *m = &g_array_index (pair->upper.points, Match, i);

      n += (vms_sync_line_distance (&l, m->x, m->y) < -VIOLATION_TOLERANCE_NS) * pair->upper.stride;
    }
  for (guint i = 0; i < pair->lower.points->len; i++)
    {
      const Match *m = &g_array_index (pair->lower.points, Match, i);

      n += (vms_sync_line_distance (&l, m->x, m->y) > VIOLATION_TOLERANCE_NS) * pair->lower.stride;
    }
  return n;
}

/* ---- what the state model needs ---------------------------------------------------------- */

gboolean
vms_sync_get_vm_uid (VmsSync *self, guint trace_index, guint64 *vm_uid)
{
  Machine *m;

  if (trace_index >= self->machines->len
      || (m = g_ptr_array_index (self->machines, trace_index)) == NULL || !m->has_vm_uid)
    return FALSE;
  if (vm_uid != NULL)
    *vm_uid = m->vm_uid;
  return TRUE;
}

gint
vms_sync_get_host_of (VmsSync *self, guint guest_index)
{
  GHashTableIter iter;
  gpointer value;
  guint64 best_n = 0;
  gint best = -1;

  g_hash_table_iter_init (&iter, self->pairs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Pair *pair = value;
      guint other;

      if (pair->a != guest_index && pair->b != guest_index)
        continue;
      other = pair->a == guest_index ? pair->b : pair->a;
      if (pair->n_vmsync > best_n
          || (pair->n_vmsync == best_n && best_n > 0 && (gint) other < best))
        {
          best_n = pair->n_vmsync;
          best = (gint) other;
        }
    }
  return best;
}

static gint
compare_vm_threads (gconstpointer a, gconstpointer b)
{
  const VmsSyncVmThread *p = a, *q = b;

  if (p->vm_uid != q->vm_uid)
    return p->vm_uid < q->vm_uid ? -1 : 1;
  if (p->first_ts != q->first_ts)
    return p->first_ts < q->first_ts ? -1 : 1;
  return p->tid - q->tid;
}

const VmsSyncVmThread *
vms_sync_get_vm_threads (VmsSync *self, guint host_index, gsize *n)
{
  Machine *m;
  GHashTableIter iter;
  gpointer value;

  *n = 0;
  if (host_index >= self->machines->len
      || (m = g_ptr_array_index (self->machines, host_index)) == NULL || m->vm_threads == NULL)
    return NULL;
  if (m->vm_threads_sorted == NULL)
    {
      m->vm_threads_sorted = g_array_new (FALSE, FALSE, sizeof (VmsSyncVmThread));
      g_hash_table_iter_init (&iter, m->vm_threads);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        g_array_append_vals (m->vm_threads_sorted, value, 1);
      g_array_sort (m->vm_threads_sorted, compare_vm_threads);
    }
  else
    {
      /* counts and last_ts move on while feeding: refresh the copies */
      for (guint i = 0; i < m->vm_threads_sorted->len; i++)
        {
          VmsSyncVmThread *t = &g_array_index (m->vm_threads_sorted, VmsSyncVmThread, i);
          VmThreadKey key = { t->vm_uid, t->tid, t->tid < 0 ? t->cpu : 0 };

          *t = *(VmsSyncVmThread *) g_hash_table_lookup (m->vm_threads, &key);
        }
    }
  *n = m->vm_threads_sorted->len;
  return (const VmsSyncVmThread *) (gpointer) m->vm_threads_sorted->data;
}
