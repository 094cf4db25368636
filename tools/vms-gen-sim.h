/* vms-gen-sim.h: the simulated KVM host and guests behind vmscope-gen
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  VMS_SYNC_FULL,  /* vmsync add-on on guest and host */
  VMS_SYNC_STOCK, /* add-on in the guests, stock lttng-modules on the host: hypercall only */
  VMS_SYNC_NONE,  /* no sync hypercalls at all */
} VmsSyncMode;

typedef struct {
  const char *scenario;
  guint64 seed;
  guint64 max_events;  /* 0: use duration_ns */
  guint64 duration_ns; /* 0: scenario default */
  guint n_vms;         /* 0: scenario default */
  guint n_vcpus;       /* 0: scenario default */
  guint n_host_cpus;   /* 0: scenario default */
  gboolean drift_set;
  double drift_ppm;
  gboolean offset_set;
  gint64 offset_ns;
  VmsSyncMode sync;
  gboolean net;
  gint64 preempt_state; /* prev_state written for a preempted task (0, or 256 as on 4.14+) */
  gsize packet_size;
  const char *output_dir;
} VmsGenConfig;

gboolean vms_gen_scenario_known (const char *name);
const char *const *vms_gen_scenario_names (void);
gboolean vms_gen_run (const VmsGenConfig *config, GError **error);

G_END_DECLS
