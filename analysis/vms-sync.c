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

#include "vms-sync-private.h"

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

Machine *
_vms_sync_machine_get (VmsSync *self, guint index)
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

Pair *
_vms_sync_pair_lookup (VmsSync *self, guint a, guint b, gboolean create)
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
  m = _vms_sync_machine_get (self, trace_index);
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
  Pair *pair = _vms_sync_pair_lookup (self, a, b, TRUE);
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
  Machine *cur = _vms_sync_machine_get (self, trace_index);

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
