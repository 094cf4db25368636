/* widgets-fixture.c
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "vms-model-builder.h"
#include "widgets-fixture.h"

enum {
  N_NONE,
  N_QEMU,
  N_VCPU,
  N_KWORKER,
  N_BASH,
  N_STRESS,
};

static const char *const names[]
  = { "", "qemu-system-x86", "CPU 0/KVM", "kworker/0:1", "bash", "stress" };

static const char *
name_of (guint32 id, gpointer user_data)
{
  return id < G_N_ELEMENTS (names) ? names[id] : NULL;
}

static VmsEvent *
add (GArray *a, gint64 ts, guint cpu, VmsEventKind kind)
{
  VmsEvent e;

  memset (&e, 0, sizeof e);
  e.ts = ts;
  e.cpu = (guint16) cpu;
  e.kind = (guint16) kind;
  g_array_append_val (a, e);
  return &g_array_index (a, VmsEvent, a->len - 1);
}

static void
statedump (GArray *a, gint64 ts, int tid, int pid, guint32 name)
{
  VmsEvent *e = add (a, ts, 0, VMS_EV_STATEDUMP_PROCESS);

  e->x = name;
  e->u.i[0] = tid;
  e->u.i[1] = pid;
  e->u.i[2] = 1;
  e->u.i[3] = 5;
}

static void
sched_switch (GArray *a, gint64 ts, guint cpu, int prev, int prev_state, int next)
{
  VmsEvent *e = add (a, ts, cpu, VMS_EV_SCHED_SWITCH);

  e->u.i[0] = prev;
  e->u.i[1] = next;
  e->u.i[2] = prev_state;
}

static int
cmp_ts (gconstpointer a, gconstpointer b)
{
  const VmsEvent *x = a, *y = b;

  return x->ts < y->ts ? -1 : x->ts > y->ts;
}

typedef struct {
  guint v;
  gint64 t; /* next kvm entry */
  guint32 rng;
  guint n;
  int guest_tid;
} VcpuGen;

/* The events of one vCPU on its host CPU and on its guest CPU, for its periods that
 * start before until. */
static void
vcpu_events (
  GArray *host, GArray *guest, const FixtureOptions *o, VcpuGen *g, gint64 period, gint64 until)
{
  gint64 end = FIXTURE_EPOCH + o->duration;
  guint cpu = g->v;
  int tid = 901 + (int) g->v;

  for (; g->t < until && g->t + period < end; g->t += period, g->n++)
    {
      gint64 t = g->t, run = period * 7 / 10;
      VmsEvent *e;

      g->rng = g->rng * 1103515245u + 12345u;
      add (host, t, cpu, VMS_EV_KVM_ENTRY)->u.i[0] = (int) g->v;
      e = add (host, t + run, cpu, VMS_EV_KVM_EXIT);
      e->u.i[0] = (g->rng >> 8) % 3 == 0 ? 48 : 1; /* EPT violation or external interrupt */
      e->u.i[1] = 1;
      e->u.i[2] = (int) g->v;
      if (!o->quiet && g->n % 7 == 3)
        {
          /* Preempted by the host's kworker */
          sched_switch (host, t + run + period / 10, cpu, tid, 0, 50);
          sched_switch (host, t + run + 2 * period / 10, cpu, 50, 1, tid);
        }
      if (g->v == 0 && o->spike_at > 0 && o->spike_at >= t + run + period / 20
          && o->spike_at < t + period)
        {
          sched_switch (host, o->spike_at, cpu, tid, 0, 50);
          sched_switch (host, o->spike_at + o->spike_len, cpu, 50, 1, tid);
        }
      /* The guest switches threads now and then */
      if (g->n % 5 == 0)
        {
          int next = (g->rng >> 16) % 3 == 0 ? 0 : ((g->rng >> 12) & 1 ? 1234 : 1300);

          if (next != g->guest_tid)
            {
              sched_switch (guest, t + run / 2, g->v, g->guest_tid, g->guest_tid == 0 ? 0 : 1,
                            next);
              g->guest_tid = next;
            }
        }
    }
}

VmsModel *
fixture_model (const FixtureOptions *o, guint64 *n_events)
{
  VmsModelBuilder *b = vms_model_builder_new (name_of, NULL);
  g_autoptr (GArray) host = g_array_new (FALSE, FALSE, sizeof (VmsEvent));
  g_autoptr (GArray) guest = g_array_new (FALSE, FALSE, sizeof (VmsEvent));
  gint64 period = o->period;
  guint64 total[2] = { 0, 0 };
  VmsEvent *e;

  if (o->n_events > 0)
    period = MAX (200, o->duration * (gint64) o->n_vcpus * 3 / (gint64) o->n_events);

  vms_model_builder_add_machine (b, 0, "kvmhost", "/fixture/kvmhost");
  vms_model_builder_add_machine (b, 1, "guest1", "/fixture/guest1");

  statedump (host, FIXTURE_EPOCH, 900, 900, N_QEMU);
  statedump (host, FIXTURE_EPOCH, 50, 50, N_KWORKER);
  statedump (guest, FIXTURE_EPOCH, 1234, 1234, N_BASH);
  statedump (guest, FIXTURE_EPOCH, 1300, 1300, N_STRESS);
  for (guint v = 0; v < o->n_vcpus; v++)
    {
      statedump (host, FIXTURE_EPOCH, 901 + (int) v, 900, N_VCPU);
      sched_switch (host, FIXTURE_EPOCH + 10, v, 0, 0, 901 + (int) v);
    }
  /* vCPU 0's thread carries the VM's uid: the host ties the guest to QEMU 900 */
  e = add (host, FIXTURE_EPOCH + 20, 0, VMS_EV_KVM_HYPERCALL);
  e->x = 5;
  e->u.hc.a0 = 1;
  e->u.hc.a1 = 42;
  e = add (guest, FIXTURE_EPOCH + 15, 0, VMS_EV_VMSYNC_GH_GUEST);
  e->u.sync.cnt = 1;
  e->u.sync.vm_uid = 42;

  /* Machine after machine, each in time order, generated in slices to bound memory */
  for (guint m = 0; m < 2; m++)
    {
      g_autofree VcpuGen *gens = g_new0 (VcpuGen, o->n_vcpus);
      GArray *mine = m == 0 ? host : guest;
      g_autoptr (GArray) other = g_array_new (FALSE, FALSE, sizeof (VmsEvent));
      gint64 slice = MAX (period * 64, 1000000);

      for (guint v = 0; v < o->n_vcpus; v++)
        gens[v] = (VcpuGen){ v, FIXTURE_EPOCH + 1000, 12345 + v * 7919, 0, 0 };
      for (gint64 until = FIXTURE_EPOCH + slice;; until += slice)
        {
          gboolean more = FALSE;

          for (guint v = 0; v < o->n_vcpus; v++)
            {
              vcpu_events (m == 0 ? mine : other, m == 0 ? other : mine, o, &gens[v], period,
                           until);
              more |= gens[v].t + period < FIXTURE_EPOCH + o->duration;
            }
          g_array_sort (mine, cmp_ts); /* stable: equal times keep their order */
          vms_model_builder_feed (b, m, (const VmsEvent *) (gpointer) mine->data, mine->len);
          total[m] += mine->len;
          g_array_set_size (mine, 0);
          g_array_set_size (other, 0);
          if (!more)
            break;
        }
    }
  vms_model_builder_set_info (b, 0, VMS_TRACE_ROLE_HOST, o->n_vcpus + 1, total[0]);
  vms_model_builder_set_info (b, 1, VMS_TRACE_ROLE_GUEST, o->n_vcpus, total[1]);
  vms_model_builder_set_clock (b, 1, 1.0, 0.0, "kvmhost", "accurate", 1.0, 1);
  if (n_events != NULL)
    *n_events = total[0] + total[1];
  return vms_model_builder_finish (b);
}

int
fixture_find_row (VmsModel *model, VmsRowKind kind, int id)
{
  for (guint i = 0; i < vms_model_get_n_rows (model); i++)
    {
      const VmsRow *row = vms_model_get_row (model, i);

      if (row->kind == kind && row->id == id)
        return (int) i;
    }
  return -1;
}
