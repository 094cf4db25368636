/* vms-event.c
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include "vms-event.h"

static const char *const kind_names[VMS_EV_N_KINDS] = {
  [VMS_EV_NONE] = "none",
  [VMS_EV_SCHED_SWITCH] = "sched_switch",
  [VMS_EV_SCHED_WAKEUP] = "sched_wakeup",
  [VMS_EV_SCHED_WAKEUP_NEW] = "sched_wakeup_new",
  [VMS_EV_SCHED_WAKING] = "sched_waking",
  [VMS_EV_SCHED_MIGRATE_TASK] = "sched_migrate_task",
  [VMS_EV_PROCESS_FORK] = "sched_process_fork",
  [VMS_EV_PROCESS_EXEC] = "sched_process_exec",
  [VMS_EV_PROCESS_EXIT] = "sched_process_exit",
  [VMS_EV_PROCESS_FREE] = "sched_process_free",
  [VMS_EV_STATEDUMP_PROCESS] = "lttng_statedump_process_state",
  [VMS_EV_SYSCALL_ENTRY] = "syscall_entry",
  [VMS_EV_SYSCALL_EXIT] = "syscall_exit",
  [VMS_EV_IRQ_ENTRY] = "irq_handler_entry",
  [VMS_EV_IRQ_EXIT] = "irq_handler_exit",
  [VMS_EV_SOFTIRQ_ENTRY] = "irq_softirq_entry",
  [VMS_EV_SOFTIRQ_EXIT] = "irq_softirq_exit",
  [VMS_EV_SOFTIRQ_RAISE] = "irq_softirq_raise",
  [VMS_EV_PAGE_ALLOC] = "kmem_mm_page_alloc",
  [VMS_EV_PAGE_FREE] = "kmem_mm_page_free",
  [VMS_EV_PAGE_FREE_BATCHED] = "kmem_mm_page_free_batched",
  [VMS_EV_KVM_ENTRY] = "kvm_x86_entry",
  [VMS_EV_KVM_EXIT] = "kvm_x86_exit",
  [VMS_EV_KVM_HYPERCALL] = "kvm_x86_hypercall",
  [VMS_EV_KVM_USERSPACE_EXIT] = "kvm_userspace_exit",
  [VMS_EV_VMSYNC_GH_GUEST] = "vmsync_gh_guest",
  [VMS_EV_VMSYNC_GH_HOST] = "vmsync_gh_host",
  [VMS_EV_VMSYNC_HG_HOST] = "vmsync_hg_host",
  [VMS_EV_VMSYNC_HG_GUEST] = "vmsync_hg_guest",
  [VMS_EV_NET_SEND] = "net_send",
  [VMS_EV_NET_RECV] = "net_recv",
};

/**
 * vms_event_kind_to_string:
 * @kind: a #VmsEventKind
 *
 * Returns: the lttng-modules 2.13 name of the events of @kind (the newest
 *   name variant), or "unknown" for an out-of-range value.
 */
const char *
vms_event_kind_to_string (VmsEventKind kind)
{
  if ((guint) kind >= VMS_EV_N_KINDS)
    return "unknown";
  return kind_names[kind];
}
