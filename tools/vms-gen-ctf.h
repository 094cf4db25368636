/* vms-gen-ctf.h: a streaming CTF 1.8 writer laid out as lttng-modules 2.13 writes it
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>
#include <string.h>

G_BEGIN_DECLS

/* Event classes. Ids below 31 fit the compact event header, so the frequent ones come first,
 * as in a real session where the first enabled events get the small ids. */
typedef enum {
  VMS_EV_KVM_X86_ENTRY,
  VMS_EV_KVM_X86_EXIT,
  VMS_EV_SCHED_SWITCH,
  VMS_EV_SCHED_WAKING,
  VMS_EV_SCHED_WAKEUP,
  VMS_EV_SCHED_MIGRATE_TASK,
  VMS_EV_IRQ_SOFTIRQ_RAISE,
  VMS_EV_IRQ_SOFTIRQ_ENTRY,
  VMS_EV_IRQ_SOFTIRQ_EXIT,
  VMS_EV_IRQ_HANDLER_ENTRY,
  VMS_EV_IRQ_HANDLER_EXIT,
  VMS_EV_KMEM_MM_PAGE_ALLOC,
  VMS_EV_KMEM_MM_PAGE_FREE,
  VMS_EV_KVM_X86_HYPERCALL,
  VMS_EV_VMSYNC_GH_GUEST,
  VMS_EV_VMSYNC_HG_GUEST,
  VMS_EV_VMSYNC_GH_HOST,
  VMS_EV_VMSYNC_HG_HOST,
  VMS_EV_SYSCALL_ENTRY_READ,
  VMS_EV_SYSCALL_EXIT_READ,
  VMS_EV_SYSCALL_ENTRY_WRITE,
  VMS_EV_SYSCALL_EXIT_WRITE,
  VMS_EV_SYSCALL_ENTRY_FUTEX,
  VMS_EV_SYSCALL_EXIT_FUTEX,
  VMS_EV_SYSCALL_ENTRY_CLOCK_NANOSLEEP,
  VMS_EV_SYSCALL_EXIT_CLOCK_NANOSLEEP,
  VMS_EV_SYSCALL_ENTRY_EPOLL_WAIT,
  VMS_EV_SYSCALL_EXIT_EPOLL_WAIT,
  VMS_EV_SYSCALL_ENTRY_IOCTL,
  VMS_EV_SYSCALL_EXIT_IOCTL,
  VMS_EV_NET_DEV_QUEUE,
  /* extended header from here */
  VMS_EV_NET_IF_RECEIVE_SKB,
  VMS_EV_LTTNG_STATEDUMP_START,
  VMS_EV_LTTNG_STATEDUMP_PROCESS_STATE,
  VMS_EV_LTTNG_STATEDUMP_END,
  VMS_EV_SCHED_PROCESS_FORK,
  VMS_EV_SCHED_PROCESS_EXEC,
  VMS_EV_SCHED_PROCESS_EXIT,
  VMS_EV_SCHED_PROCESS_FREE,
  VMS_EV_SCHED_WAKEUP_NEW,
  VMS_EV_N
} VmsEv;

const char *vms_ev_name (VmsEv ev);

/* The bytes of one event's fields, built with the put helpers in declaration order. */
typedef struct {
  guint8 data[256];
  gsize len;
} VmsCtfPayload;

static inline void
vms_ctf_payload_reset (VmsCtfPayload *p)
{
  p->len = 0;
}

static inline void
vms_ctf_put_bytes (VmsCtfPayload *p, const void *b, gsize n)
{
  g_assert (p->len + n <= sizeof p->data);
  memcpy (p->data + p->len, b, n);
  p->len += n;
}

static inline void
vms_ctf_put_u8 (VmsCtfPayload *p, guint8 v)
{
  vms_ctf_put_bytes (p, &v, 1);
}

static inline void
vms_ctf_put_u32 (VmsCtfPayload *p, guint32 v)
{
  v = GUINT32_TO_LE (v);
  vms_ctf_put_bytes (p, &v, 4);
}

static inline void
vms_ctf_put_u64 (VmsCtfPayload *p, guint64 v)
{
  v = GUINT64_TO_LE (v);
  vms_ctf_put_bytes (p, &v, 8);
}

static inline void
vms_ctf_put_be16 (VmsCtfPayload *p, guint16 v)
{
  v = GUINT16_TO_BE (v);
  vms_ctf_put_bytes (p, &v, 2);
}

static inline void
vms_ctf_put_be32 (VmsCtfPayload *p, guint32 v)
{
  v = GUINT32_TO_BE (v);
  vms_ctf_put_bytes (p, &v, 4);
}

/* A NUL-terminated CTF string. */
static inline void
vms_ctf_put_string (VmsCtfPayload *p, const char *s)
{
  vms_ctf_put_bytes (p, s, strlen (s) + 1);
}

/* A fixed 16-byte comm array, NUL padded. */
static inline void
vms_ctf_put_comm (VmsCtfPayload *p, const char *s)
{
  guint8 comm[16] = { 0 };

  memcpy (comm, s, strnlen (s, 15));
  vms_ctf_put_bytes (p, comm, 16);
}

typedef struct {
  const char *hostname;
  const char *kernel_release;
  const char *kernel_version;
  const char *trace_name;
  guint64 clock_offset_ns; /* absolute ns of clock value 0 */
  guint64 seed;            /* for uuids and the creation date */
} VmsCtfTraceInfo;

typedef struct _VmsCtfTrace VmsCtfTrace;

VmsCtfTrace *vms_ctf_trace_new (
  const char *dir, const VmsCtfTraceInfo *info, guint n_cpus, gsize packet_size, GError **error);
/* ts is absolute ns (clock offset included); it must not go back on one cpu. */
void vms_ctf_trace_append (
  VmsCtfTrace *trace, guint cpu, guint64 ts, VmsEv ev, const VmsCtfPayload *payload);
guint64 vms_ctf_trace_last_ts (VmsCtfTrace *trace, guint cpu);
guint64 vms_ctf_trace_end_ts (VmsCtfTrace *trace);
guint64 vms_ctf_trace_first_ts (VmsCtfTrace *trace, guint cpu);
guint64 vms_ctf_trace_count (VmsCtfTrace *trace, VmsEv ev);
guint64 vms_ctf_trace_total (VmsCtfTrace *trace);
gboolean vms_ctf_trace_close (VmsCtfTrace *trace, GError **error);
void vms_ctf_trace_free (VmsCtfTrace *trace);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VmsCtfTrace, vms_ctf_trace_free)

G_END_DECLS
