/* vms-model-builder-private.h — the builder's per-machine state, shared by the
 * streaming state machines (vms-model-builder.c) and the finishing passes
 * (vms-model-finish.c).
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "vms-model-builder.h"
#include "vms-model-private.h"

G_BEGIN_DECLS

#define VMS_NO_CPU G_MAXUINT16
#define VMS_SPIKES_PER_KIND 20

typedef struct {
  VmsSpikeKind kind;
  gint64 start;
  gint64 duration;
  int tid;   /* host vCPU thread, or guest thread */
  int cause; /* hypervisor: exit reason; thread wait: the vCPU number */
  guint8 isa;
  guint vm; /* thread wait: the VM's index */
} BSpike;

/* The longest VMS_SPIKES_PER_KIND candidates, unordered; min tracked for a quick reject. */
typedef struct {
  BSpike items[VMS_SPIKES_PER_KIND];
  guint n;
} BSpikeTop;

void vms_spike_top_add (BSpikeTop *top, const BSpike *spike);

typedef struct {
  guint8 isa;
  guint16 reason;
  guint64 count;
  gint64 total;
  gint64 min;
  gint64 max;
  GArray *durations; /* guint32 ns, clamped */
} BExitAcc;

typedef struct _BVcpu BVcpu;

typedef struct {
  int tid;
  int pid;
  int ppid;
  guint32 name_id;
  guint8 name_is_path; /* name_id is an exec file name: keep its basename */
  guint8 state;
  guint8 in_syscall;
  guint8 exited;
  guint8 dead; /* switched out after its exit: its row ended */
  guint16 cpu; /* VMS_NO_CPU when unknown */
  guint64 n_migrations;
  VmsRecs recs;
  BVcpu *vcpu; /* host: the vCPU this thread runs */
} BThread;

struct _BVcpu {
  int tid; /* -1 while unknown (KVM events before the CPU's first sched_switch) */
  int vcpu_id;
  guint8 state;
  guint8 in_guest;
  guint8 halted;
  guint8 has_exit;
  guint8 isa;
  guint16 exit_reason;
  guint16 pcpu;
  gint64 exit_ts;
  gint64 hyp_since; /* start of the current hypervisor interval */
  gint64 ep_hyp;    /* hypervisor time of the current exit, so far */
  guint64 n_preemptions;
  guint64 n_exits;
  VmsRecs recs;
  GArray *exits; /* BExitAcc */
  gint64 cursor; /* scratch of the finishing passes */
};

typedef struct {
  int cur_tid; /* -1 unknown */
  BThread *cur;
  guint irq_depth;
  gint64 first_ts;
  gboolean seen;
  VmsRecs recs;
  BVcpu *anon; /* vCPU events seen while cur_tid is unknown */
} BCpu;

typedef struct {
  guint index;
  char *name;
  char *path;
  gboolean declared;
  VmsTraceRole role;
  gboolean role_set;
  guint n_cpus;
  guint64 n_events;
  guint64 n_fed;
  gint64 begin;
  gint64 end;
  GPtrArray *cpus;      /* BCpu */
  GHashTable *threads;  /* tid → BThread */
  GHashTable *vcpus;    /* tid → BVcpu (owned) */
  GPtrArray *all_vcpus; /* BVcpu, owning, includes adopted anonymous ones */
  gboolean has_kvm;
  gboolean has_guest_sync;
  gboolean has_wakeup; /* sched_wakeup seen: sched_waking is not a state change */
  guint64 vm_uid;
  gboolean has_vm_uid;
  GHashTable *uid_tids; /* host: vm_uid (boxed guint64) → host tid */
  /* clock */
  double alpha;
  double beta;
  gboolean has_clock;
  VmsModelClockFunc clock_func;
  gpointer clock_data;
  char *reference;
  char *quality;
  double accuracy;
  guint64 matches;
  int tie_pid;
} BMachine;

struct _VmsModelBuilder {
  VmsModelNameFunc names;
  gpointer names_data;
  GPtrArray *machines; /* BMachine */
};

BMachine *vms_model_builder_get_machine (VmsModelBuilder *self, guint machine);
const char *vms_model_builder_name (VmsModelBuilder *self, guint32 id);
void vms_bvcpu_free (BVcpu *vcpu);
void vms_bvcpu_close (BVcpu *vcpu, gint64 end);
void vms_bthread_free (BThread *thread);
gboolean vms_exit_is_hlt (guint isa, guint reason);

G_END_DECLS
