/* test-memory-events.h — building VmsEvent sequences by hand for the memory tests.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "vms-event.h"

/* String ids of the tests' name table. */
enum {
  NAME_NONE,
  NAME_BASH,
  NAME_GCC,
  NAME_QEMU_PATH,
  NAME_QEMU,
  NAME_SSHD,
  NAME_KWORKER,
  N_NAMES
};

static const char *const test_names[N_NAMES] = {
  "", "bash", "gcc", "/usr/bin/qemu-system-x86_64", "qemu", "sshd", "kworker/0:1",
};

static inline const char *
test_lookup_name (gpointer user_data, guint32 id)
{
  return id < N_NAMES ? test_names[id] : NULL;
}

static inline VmsEvent
ev_switch (gint64 ts, guint cpu, gint prev_tid, gint next_tid, guint32 next_name)
{
  VmsEvent e = { .ts = ts, .kind = VMS_EV_SCHED_SWITCH, .cpu = cpu };

  e.u.i[0] = prev_tid;
  e.u.i[1] = next_tid;
  e.u.i[3] = (gint32) next_name;
  return e;
}

static inline VmsEvent
ev_page (gint64 ts, guint cpu, VmsEventKind kind, gint order)
{
  VmsEvent e = { .ts = ts, .kind = kind, .cpu = cpu };

  e.u.i[0] = kind == VMS_EV_PAGE_FREE_BATCHED ? 0 : order;
  e.u.w.l = 0x1000 + ts;
  return e;
}

static inline VmsEvent
ev_statedump (gint64 ts, gint tid, gint pid, gint ppid, guint32 name)
{
  VmsEvent e = { .ts = ts, .kind = VMS_EV_STATEDUMP_PROCESS, .x = name };

  e.u.i[0] = tid;
  e.u.i[1] = pid;
  e.u.i[2] = ppid;
  return e;
}

static inline VmsEvent
ev_fork (gint64 ts, gint parent_tid, gint parent_pid, gint child_tid, gint child_pid, guint32 name)
{
  VmsEvent e = { .ts = ts, .kind = VMS_EV_PROCESS_FORK, .x = name };

  e.u.i[0] = parent_tid;
  e.u.i[1] = parent_pid;
  e.u.i[2] = child_tid;
  e.u.i[3] = child_pid;
  return e;
}

static inline VmsEvent
ev_exec (gint64 ts, gint tid, guint32 filename)
{
  VmsEvent e = { .ts = ts, .kind = VMS_EV_PROCESS_EXEC, .x = filename };

  e.u.i[0] = tid;
  e.u.i[1] = tid;
  return e;
}
