/* vms-model-finish-private.h — the state shared by the finishing passes of the model
 * builder (vms-model-finish.c, vms-model-refine.c).
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "vms-model-builder-private.h"

G_BEGIN_DECLS

typedef struct {
  guint host;       /* machine index */
  int pid;          /* QEMU pid */
  int guest;        /* guest machine, -1 */
  GPtrArray *vcpus; /* BVcpu, by vcpu_id */
  guint index;
} BVm;

typedef struct {
  VmsModelBuilder *b;
  VmsModel *model;
  GPtrArray *vms;    /* BVm */
  BSpikeTop preempt; /* tid = host vCPU tid */
  BSpikeTop hyp;     /* tid = host vCPU tid, cause = exit reason */
  BSpikeTop waits;   /* tid = guest tid, cause = vcpu id */
} Fin;

static inline BMachine *
machine (Fin *f, guint i)
{
  return vms_model_builder_get_machine (f->b, i);
}

static inline guint
n_machines (Fin *f)
{
  return f->b->machines->len;
}

static inline BThread *
find_thread (BMachine *m, int tid)
{
  return g_hash_table_lookup (m->threads, GINT_TO_POINTER (tid));
}


/* vms-model-refine.c: vCPU idle from the guest, appeared-to-run guest threads, preemptors,
 * VM vCPUs on the host CPUs, the preemption / hypervisor / thread-wait spike candidates. */
void vms_model_refine (Fin *f);

G_END_DECLS
