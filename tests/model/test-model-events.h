/* test-model-events.h — writing VmsEvent sequences by hand for the model tests.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <string.h>

#include "vms-model-builder.h"

/* String ids of the hand-written events */
enum {
  N_NONE,
  N_QEMU,
  N_VCPU0,
  N_VCPU1,
  N_BASH,
  N_KWORKER,
  N_STRESS,
  N_QEMU2,
  N_EXEC_PATH,
};

static const char *const test_names[] = {
  "",       "qemu-system-x86", "CPU 0/KVM",    "CPU 1/KVM", "bash", "kworker/0:1",
  "stress", "qemu-kvm",        "/usr/bin/top",
};

static inline const char *
test_name (guint32 id, gpointer user_data)
{
  return id < G_N_ELEMENTS (test_names) ? test_names[id] : NULL;
}

typedef struct {
  GArray *events;
} Seq;

static inline Seq *
seq_new (void)
{
  Seq *s = g_new0 (Seq, 1);

  s->events = g_array_new (FALSE, TRUE, sizeof (VmsEvent));
  return s;
}

static inline void
seq_free (Seq *s)
{
  g_array_unref (s->events);
  g_free (s);
}

static inline VmsEvent *
seq_add (Seq *s, gint64 ts, guint cpu, VmsEventKind kind)
{
  VmsEvent e;

  memset (&e, 0, sizeof e);
  e.ts = ts;
  e.cpu = (guint16) cpu;
  e.kind = (guint16) kind;
  g_array_append_val (s->events, e);
  return &g_array_index (s->events, VmsEvent, s->events->len - 1);
}

static inline void
ev_statedump (Seq *s, gint64 ts, int tid, int pid, int ppid, guint32 name, int status)
{
  VmsEvent *e = seq_add (s, ts, 0, VMS_EV_STATEDUMP_PROCESS);

  e->x = name;
  e->u.i[0] = tid;
  e->u.i[1] = pid;
  e->u.i[2] = ppid;
  e->u.i[3] = status;
}

static inline void
ev_switch (Seq *s, gint64 ts, guint cpu, int prev, int prev_state, int next)
{
  VmsEvent *e = seq_add (s, ts, cpu, VMS_EV_SCHED_SWITCH);

  e->u.i[0] = prev;
  e->u.i[1] = next;
  e->u.i[2] = prev_state;
}

static inline void
ev_entry (Seq *s, gint64 ts, guint cpu, int vcpu_id)
{
  seq_add (s, ts, cpu, VMS_EV_KVM_ENTRY)->u.i[0] = vcpu_id;
}

static inline void
ev_exit (Seq *s, gint64 ts, guint cpu, int reason)
{
  VmsEvent *e = seq_add (s, ts, cpu, VMS_EV_KVM_EXIT);

  e->u.i[0] = reason;
  e->u.i[1] = 1; /* VMX */
  e->u.i[2] = -1;
}

static inline void
ev_wakeup (Seq *s, gint64 ts, guint cpu, int tid, int target)
{
  VmsEvent *e = seq_add (s, ts, cpu, VMS_EV_SCHED_WAKEUP);

  e->u.i[0] = tid;
  e->u.i[1] = target;
}

static inline void
ev_migrate (Seq *s, gint64 ts, guint cpu, int tid, int from, int to)
{
  VmsEvent *e = seq_add (s, ts, cpu, VMS_EV_SCHED_MIGRATE_TASK);

  e->u.i[0] = tid;
  e->u.i[1] = from;
  e->u.i[2] = to;
}

static inline void
ev_hypercall_sync (Seq *s, gint64 ts, guint cpu, guint64 cnt, guint64 vm_uid)
{
  VmsEvent *e = seq_add (s, ts, cpu, VMS_EV_KVM_HYPERCALL);

  e->x = 5;
  e->u.hc.a0 = cnt;
  e->u.hc.a1 = vm_uid;
}

static inline void
ev_sync_guest (Seq *s, gint64 ts, guint cpu, guint64 cnt, guint64 vm_uid)
{
  VmsEvent *e = seq_add (s, ts, cpu, VMS_EV_VMSYNC_GH_GUEST);

  e->u.sync.cnt = cnt;
  e->u.sync.vm_uid = vm_uid;
}

static inline void
ev_syscall (Seq *s, gint64 ts, guint cpu, gboolean entry)
{
  seq_add (s, ts, cpu, entry ? VMS_EV_SYSCALL_ENTRY : VMS_EV_SYSCALL_EXIT);
}

static inline void
ev_irq (Seq *s, gint64 ts, guint cpu, gboolean entry)
{
  seq_add (s, ts, cpu, entry ? VMS_EV_IRQ_ENTRY : VMS_EV_IRQ_EXIT)->u.i[0] = 11;
}

static inline void
seq_feed (VmsModelBuilder *b, guint machine, Seq *s)
{
  vms_model_builder_feed (b, machine, (const VmsEvent *) (gpointer) s->events->data,
                          s->events->len);
}

/* Row lookups */
static inline int
find_row (VmsModel *model, VmsRowKind kind, int vm, int machine, int id)
{
  for (guint i = 0; i < vms_model_get_n_rows (model); i++)
    {
      const VmsRow *row = vms_model_get_row (model, i);

      if (row->kind == kind && row->id == id && (vm < 0 || row->vm == vm)
          && (machine < 0 || row->machine == machine))
        return (int) i;
    }
  return -1;
}

static inline VmsState
state_at (VmsModel *model, int row, gint64 t)
{
  VmsInterval in;

  if (row < 0 || !vms_model_hit_test (model, (guint) row, t, &in))
    return (VmsState) -1;
  return in.state;
}
