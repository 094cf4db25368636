/* vms-event.h — the compact, normalized event record every analysis reads.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The reader turns each LTTng kernel event into one 32-byte VmsEvent: the
 * timestamp (nanoseconds on the trace's own clock, clock offset applied), the
 * CPU (the packet context's cpu_id), a VmsEventKind that folds the name
 * variants of lttng-modules 2.0 to 2.13 into one kind, and the few payload
 * fields the analyses use.  Strings (thread names, file names, syscall and
 * IRQ names) are interned per trace set in a VmsStringTable; records hold
 * their ids.  Events of kinds vmscope does not analyze are counted by the
 * reader and never delivered.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  VMS_EV_NONE = 0,

  /* Scheduling */
  VMS_EV_SCHED_SWITCH,       /* sched_switch */
  VMS_EV_SCHED_WAKEUP,       /* sched_wakeup */
  VMS_EV_SCHED_WAKEUP_NEW,   /* sched_wakeup_new */
  VMS_EV_SCHED_WAKING,       /* sched_waking (2.8+) */
  VMS_EV_SCHED_MIGRATE_TASK, /* sched_migrate_task */
  VMS_EV_PROCESS_FORK,       /* sched_process_fork */
  VMS_EV_PROCESS_EXEC,       /* sched_process_exec */
  VMS_EV_PROCESS_EXIT,       /* sched_process_exit */
  VMS_EV_PROCESS_FREE,       /* sched_process_free */
  VMS_EV_STATEDUMP_PROCESS,  /* lttng_statedump_process_state */

  /* System calls and interrupts */
  VMS_EV_SYSCALL_ENTRY, /* syscall_entry_<name> (2.8+), sys_<name> (<= 2.5), sys_enter (2.0-pre) */
  VMS_EV_SYSCALL_EXIT,  /* syscall_exit_<name>, exit_syscall, sys_exit */
  VMS_EV_IRQ_ENTRY,     /* irq_handler_entry */
  VMS_EV_IRQ_EXIT,      /* irq_handler_exit */
  VMS_EV_SOFTIRQ_ENTRY, /* irq_softirq_entry (2.8+), softirq_entry */
  VMS_EV_SOFTIRQ_EXIT,  /* irq_softirq_exit, softirq_exit */
  VMS_EV_SOFTIRQ_RAISE, /* irq_softirq_raise, softirq_raise */

  /* Memory */
  VMS_EV_PAGE_ALLOC,        /* kmem_mm_page_alloc (2.7+), mm_page_alloc */
  VMS_EV_PAGE_FREE,         /* kmem_mm_page_free, mm_page_free */
  VMS_EV_PAGE_FREE_BATCHED, /* kmem_mm_page_free_batched, mm_page_free_batched */

  /* KVM, host side */
  VMS_EV_KVM_ENTRY,          /* kvm_x86_entry (2.7+), kvm_entry */
  VMS_EV_KVM_EXIT,           /* kvm_x86_exit, kvm_exit */
  VMS_EV_KVM_HYPERCALL,      /* kvm_x86_hypercall, kvm_hypercall */
  VMS_EV_KVM_USERSPACE_EXIT, /* kvm_userspace_exit */

  /* Host <-> guest synchronization (lttng-modules add-ons) */
  VMS_EV_VMSYNC_GH_GUEST, /* guest -> host, sent (guest side) */
  VMS_EV_VMSYNC_GH_HOST,  /* guest -> host, received (host side) */
  VMS_EV_VMSYNC_HG_HOST,  /* host -> guest, sent (host side) */
  VMS_EV_VMSYNC_HG_GUEST, /* host -> guest, received (guest side) */

  /* TCP packets, for synchronizing machines over the network */
  VMS_EV_NET_SEND, /* inet_sock_local_out, net_dev_queue (TCP over IPv4/IPv6 only) */
  VMS_EV_NET_RECV, /* inet_sock_local_in, netif_receive_skb, net_if_receive_skb */

  VMS_EV_N_KINDS
} VmsEventKind;

/* One event: 32 bytes. Field use per kind:
 *
 * kind                  x            i[0]          i[1]         i[2]          i[3]        l
 * SCHED_SWITCH          prev_comm    prev_tid      next_tid     prev_state    next_comm   -
 * SCHED_WAKEUP/_NEW/    comm         tid           target_cpu   prio          -           -
 *   WAKING
 * SCHED_MIGRATE_TASK    comm         tid           orig_cpu     dest_cpu      -           -
 * PROCESS_FORK          child_comm   parent_tid    parent_pid   child_tid     child_pid   -
 *                                    (pids are -1 where the tracer has none)
 * PROCESS_EXEC          filename     tid           old_tid      -             -           -
 * PROCESS_EXIT/_FREE    comm         tid           -            -             -           -
 * STATEDUMP_PROCESS     name         tid           pid          ppid          status      -
 * SYSCALL_ENTRY         name         id (-1 when   -            -             -           -
 *                                    only named)
 * SYSCALL_EXIT          name         ret (low 32)  -            -             -           -
 *                       (0 when the exit does not name the call)
 * IRQ_ENTRY             name         irq           -            -             -           -
 * IRQ_EXIT              0            irq           ret          -             -           -
 * SOFTIRQ_*             0            vec           -            -             -           -
 * PAGE_ALLOC/_FREE      0            order         -            -             -           pfn (or page
 *                                                                                          address when
 *                                                                                          no pfn field)
 * PAGE_FREE_BATCHED     0            0             -            -             -           pfn/page
 * KVM_ENTRY             0            vcpu_id       -            -             -           -
 * KVM_EXIT              0            exit_reason   isa          vcpu_id (-1   -           -
 *                                                               if absent)
 * KVM_HYPERCALL         nr           u.hc.a0, u.hc.a1
 * KVM_USERSPACE_EXIT    0            reason        errno        -             -           -
 * VMSYNC_*              0            u.sync.cnt, u.sync.vm_uid
 * NET_SEND/_RECV        0            u.net.seq, u.net.ack_seq, u.net.flags
 *
 * "x" is a string id for kinds that name something (VmsStringTable), else 0.
 * "-" fields are 0. Ids in x are 0 when the name is unknown.  u.w.l overlaps
 * i[2] and i[3]: a kind that uses l uses only i[0] and i[1] besides.
 */
typedef struct {
  gint64 ts;    /* nanoseconds, on the trace's clock with its offset applied */
  guint16 kind; /* VmsEventKind */
  guint16 cpu;  /* cpu_id of the packet context (0 when the trace has none) */
  guint32 x;    /* string id or extra field, see the table above */
  union {
    gint32 i[4];
    struct {
      gint32 pad;
      gint32 pad2;
      gint64 l;
    } w;
    struct {
      guint64 cnt;
      guint64 vm_uid;
    } sync;
    struct {
      guint64 a0;
      guint64 a1;
    } hc; /* KVM_HYPERCALL: nr is kept in x */
    struct {
      guint32 seq;
      guint32 ack_seq;
      guint32 flags;
      guint32 pad;
    } net;
  } u;
} VmsEvent;

G_STATIC_ASSERT (sizeof (VmsEvent) == 32);

const char *vms_event_kind_to_string (VmsEventKind kind);

G_END_DECLS
