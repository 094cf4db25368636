/* widgets-fixture.h — a synthetic KVM host and guest, built through the model builder,
 * for the drawing tests and the render benchmark.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "vms-model.h"

G_BEGIN_DECLS

#define FIXTURE_EPOCH G_GINT64_CONSTANT (1700000000000000000) /* 2023-11-14 22:13:20 UTC */

typedef struct {
  guint n_vcpus;    /* vCPUs of the one VM; the host has as many CPUs, plus one */
  gint64 duration;  /* ns */
  gint64 period;    /* ns between two kvm entries of a vCPU */
  guint64 n_events; /* when > 0, the period is chosen to give about this many events */
  gint64 spike_at;  /* a lone preemption of vCPU 0 starting here (0: none) */
  gint64 spike_len; /* its length */
  gboolean quiet;   /* no periodic preemptions */
} FixtureOptions;

/* Host "kvmhost" (QEMU pid 900, vCPU threads 901…, a kworker 50 that preempts them every
 * seventh period) and guest "guest1" (threads bash 1234 and stress 1300 alternating with
 * idle on each vCPU), synchronized with alpha 1, beta 0. */
VmsModel *fixture_model (const FixtureOptions *options, guint64 *n_events);

/* The row of a kind and id (vCPU number, tid, CPU), or -1. */
int fixture_find_row (VmsModel *model, VmsRowKind kind, int id);

G_END_DECLS
