/* vms-gen-ctf-private.h: event class table shared by the CTF writer's files
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "vms-gen-ctf.h"

G_BEGIN_DECLS

typedef struct {
  const char *name;
  const char *fields; /* TSDL struct members, one per line */
} VmsCtfEventClass;

extern const VmsCtfEventClass vms_ctf_event_classes[VMS_EV_N];

G_END_DECLS
