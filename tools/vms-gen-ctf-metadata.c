/* vms-gen-ctf-metadata.c: the TSDL of each event class, as lttng-modules 2.13 declares it
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include "vms-gen-ctf-private.h"

#define T_COMM "integer { size = 8; align = 8; signed = 0; encoding = UTF8; base = 10; }"
#define T_I32 "integer { size = 32; align = 8; signed = 1; encoding = none; base = 10; }"
#define T_U32 "integer { size = 32; align = 8; signed = 0; encoding = none; base = 10; }"
#define T_X32 "integer { size = 32; align = 8; signed = 0; encoding = none; base = 16; }"
#define T_I64 "integer { size = 64; align = 8; signed = 1; encoding = none; base = 10; }"
#define T_U64 "integer { size = 64; align = 8; signed = 0; encoding = none; base = 10; }"
#define T_X64 "integer { size = 64; align = 8; signed = 0; encoding = none; base = 16; }"
#define T_U8 "integer { size = 8; align = 8; signed = 0; encoding = none; base = 10; }"
#define F(type, name) "\t\t" type " " name ";\n"

#define SCHED_COMM_TID_PRIO F (T_COMM, "_comm[16]") F (T_I32, "_tid") F (T_I32, "_prio")

#define BE(size, align, base)                                                                  \
  "integer { size = " #size "; align = " #align "; signed = 0; encoding = none; base = " #base \
  "; byte_order = be; }"

#define TCP_STRUCT                                                                         \
  "\t\t\t\t\tstruct {\n"                                                                   \
  "\t\t\t\t\t}_unknown;\n"                                                                 \
  "\t\t\t\t\tstruct {\n"                                                                   \
  "\t\t\t\t\t\t" BE (                                                                      \
    16, 8, 10) " _source_port;\n"                                                          \
               "\t\t\t\t\t\t" BE (                                                         \
                 16, 8, 10) " _dest_port;\n"                                               \
                            "\t\t\t\t\t\t" BE (                                            \
                              32, 8,                                                       \
                              10) " _seq;\n"                                               \
                                  "\t\t\t\t\t\t" BE (                                      \
                                    32, 8,                                                 \
                                    10) " _ack_seq;\n"                                     \
                                        "\t\t\t\t\t\t" BE (                                \
                                          4, 4,                                            \
                                          10) " _data_offset;\n"                           \
                                              "\t\t\t\t\t\t" BE (                          \
                                                3, 1,                                      \
                                                10) " _reserved;\n"                        \
                                                    "\t\t\t\t\t\t" BE (                    \
                                                      9, 1,                                \
                                                      16) " _flags;\n"                     \
                                                          "\t\t\t\t\t\t" BE (              \
                                                            16, 8,                         \
                                                            10) " _window_size;\n"         \
                                                                "\t\t\t\t\t\t" BE (        \
                                                                  16, 8,                   \
                                                                  16) " _checksum;\n"      \
                                                                      "\t\t\t\t\t\t" BE (  \
                                                                        16, 8,             \
                                                                        10) " _urg_ptr;\n" \
                                                                            "\t\t\t\t\t}_tcp;\n"

#define PROTO_ENUM(name)                                                  \
  "\t\t\t\tenum : " BE (8, 8, 10) " {\n"                                  \
                                  "\t\t\t\t\t\"_unknown\" = 0 ... 5,\n"   \
                                  "\t\t\t\t\t\"_tcp\" = 6,\n"             \
                                  "\t\t\t\t\t\"_unknown\" = 7 ... 255,\n" \
                                  "\t\t\t\t} " name ";\n"

/* net_dev_queue and net_if_receive_skb since lttng-modules 2.9 */
#define NET_FIELDS                                                                                                                                             \
  F (T_X64, "_skbaddr")                                                                                                                                        \
  F (T_U32, "_len")                                                                                                                                            \
  "\t\tstring _name;\n"                                                                                                                                        \
  "\t\tenum : " T_U8 " {\n"                                                                                                                                    \
  "\t\t\t\"_unknown\" = 0,\n"                                                                                                                                  \
  "\t\t\t\"_ipv4\" = 1,\n"                                                                                                                                     \
  "\t\t\t\"_ipv6\" = 2,\n"                                                                                                                                     \
  "\t\t} _network_header_type;\n"                                                                                                                              \
  "\t\tvariant <_network_header_type> {\n"                                                                                                                     \
  "\t\t\tstruct {\n"                                                                                                                                           \
  "\t\t\t}_unknown;\n"                                                                                                                                         \
  "\t\t\tstruct {\n"                                                                                                                                           \
  "\t\t\t\t" BE (                                                                                                                                              \
    4, 4,                                                                                                                                                      \
    10) " _version;\n"                                                                                                                                         \
        "\t\t\t\t" BE (                                                                                                                                        \
          4, 4,                                                                                                                                                \
          10) " _ihl;\n"                                                                                                                                       \
              "\t\t\t\t" BE (                                                                                                                                  \
                8, 8,                                                                                                                                          \
                10) " _tos;\n"                                                                                                                                 \
                    "\t\t\t\t" BE (                                                                                                                            \
                      16, 8,                                                                                                                                   \
                      10) " _tot_len;\n"                                                                                                                       \
                          "\t\t\t\t" BE (                                                                                                                      \
                            16, 8,                                                                                                                             \
                            16) " _id;\n"                                                                                                                      \
                                "\t\t\t\t" BE (                                                                                                                \
                                  16, 8,                                                                                                                       \
                                  10) " _frag_off;\n"                                                                                                          \
                                      "\t\t\t\t" BE (8, 8, 10) " _ttl;\n" PROTO_ENUM ("_protocol") "\t\t\t\t" BE (                                             \
                                        16, 8,                                                                                                                 \
                                        16) " _checksum;\n"                                                                                                    \
                                            "\t\t\t\tstruct { } align(8) _saddr_padding;\n"                                                                    \
                                            "\t\t\t\t" BE (                                                                                                    \
                                              8, 8,                                                                                                            \
                                              10) " _saddr[4];\n"                                                                                              \
                                                  "\t\t\t\tstruct { } align(8) _daddr_padding;\n"                                                              \
                                                  "\t\t\t\t" BE (                                                                                              \
                                                    8, 8,                                                                                                      \
                                                    10) " _daddr[4];\n"                                                                                        \
                                                        "\t\t\t\tvariant <_protocol> "                                                                         \
                                                        "{\n" TCP_STRUCT                                                                                       \
                                                        "\t\t\t\t}_transport_header;\n"                                                                        \
                                                        "\t\t\t}_ipv4;\n"                                                                                      \
                                                        "\t\t\tstruct {\n"                                                                                     \
                                                        "\t\t\t\t" BE (                                                                                        \
                                                          4, 4,                                                                                                \
                                                          10) " _version;\n"                                                                                   \
                                                              "\t\t\t\t" BE (                                                                                  \
                                                                4, 4,                                                                                          \
                                                                10) " _prio;\n"                                                                                \
                                                                    "\t\t\t\tstruct { } align(8) "                                                             \
                                                                    "_flow_lbl_padding;\n"                                                                     \
                                                                    "\t\t\t\t" BE (                                                                            \
                                                                      8, 8,                                                                                    \
                                                                      16) " _flow_lbl[3];\n"                                                                   \
                                                                          "\t\t\t\t" BE (16, 8, 10) " _payload_len;\n" PROTO_ENUM ("_nexthdr") "\t\t\t\t" BE ( \
                                                                            8, 8,                                                                              \
                                                                            10) " _hop_limit;\n"                                                               \
                                                                                "\t\t\t\tstruct "                                                              \
                                                                                "{ } align(8) "                                                                \
                                                                                "_saddr_padding;"                                                              \
                                                                                "\n"                                                                           \
                                                                                "\t\t\t\t" BE (                                                                \
                                                                                  16, 8,                                                                       \
                                                                                  16) " _saddr[8]"                                                             \
                                                                                      ";\n"                                                                    \
                                                                                      "\t\t\t\tst"                                                             \
                                                                                      "ruct { } "                                                              \
                                                                                      "align(8) "                                                              \
                                                                                      "_daddr_"                                                                \
                                                                                      "padding;\n"                                                             \
                                                                                      "\t\t\t"                                                                 \
                                                                                      "\t" BE (                                                                \
                                                                                        16, 8,                                                                 \
                                                                                        16) " _"                                                               \
                                                                                            "dadd"                                                             \
                                                                                            "r[8]"                                                             \
                                                                                            ";\n"                                                              \
                                                                                            "\t\t"                                                             \
                                                                                            "\t\t"                                                             \
                                                                                            "vari"                                                             \
                                                                                            "ant "                                                             \
                                                                                            "<_"                                                               \
                                                                                            "next"                                                             \
                                                                                            "hdr>"                                                             \
                                                                                            " {"                                                               \
                                                                                            "\n" TCP_STRUCT                                                    \
                                                                                            "\t\t"                                                             \
                                                                                            "\t\t"                                                             \
                                                                                            "}_"                                                               \
                                                                                            "tran"                                                             \
                                                                                            "spor"                                                             \
                                                                                            "t_"                                                               \
                                                                                            "head"                                                             \
                                                                                            "er;"                                                              \
                                                                                            "\n"                                                               \
                                                                                            "\t\t"                                                             \
                                                                                            "\t}_"                                                             \
                                                                                            "ipv6"                                                             \
                                                                                            ";\n"                                                              \
                                                                                            "\t\t"                                                             \
                                                                                            "}_"                                                               \
                                                                                            "netw"                                                             \
                                                                                            "ork_"                                                             \
                                                                                            "head"                                                             \
                                                                                            "er;"                                                              \
                                                                                            "\n"

#define T_BIT(n) "integer { size = " #n "; align = 1; signed = 0; encoding = none; base = 10; }"

#define EPOLL_EXIT_FIELDS                                                      \
  F (T_I64, "_ret")                                                            \
  F (T_U32, "_fds_length")                                                     \
  F (T_U8, "_overflow")                                                        \
  "\t\tstruct {\n"                                                             \
  "\t\t\tstruct {\n"                                                           \
  "\t\t\t\t" T_X64 " _u64;\n"                                                  \
  "\t\t\t\t" T_U32 " _fd;\n"                                                   \
  "\t\t\t}_data_union;\n"                                                      \
  "\t\t\t" T_X32 " _raw_events;\n"                                             \
  "\t\t\tstruct {\n"                                                           \
  "\t\t\t\t" T_BIT (1) " _EPOLLIN;\n"                                          \
                       "\t\t\t\t" T_BIT (1) " _EPOLLPRI;\n"                    \
                                            "\t\t\t\t" T_BIT (                 \
                                              1) " _EPOLLOUT;\n"               \
                                                 "\t\t\t\t" T_BIT (            \
                                                   1) " _EPOLLERR;\n"          \
                                                      "\t\t\t\t" T_BIT (       \
                                                        4) " _padding;\n"      \
                                                           "\t\t\t}_events;\n" \
                                                           "\t\t} _fds[ _fds_length ];\n"

const VmsCtfEventClass vms_ctf_event_classes[VMS_EV_N] = {
  [VMS_EV_KVM_X86_ENTRY] = { "kvm_x86_entry", F (T_U32, "_vcpu_id") },
  [VMS_EV_KVM_X86_EXIT]
  = { "kvm_x86_exit", F (T_U32, "_exit_reason") F (T_U64, "_guest_rip") F (T_U32, "_isa")
                        F (T_U64, "_info1") F (T_U64, "_info2") F (T_U32, "_intr_info")
                          F (T_U32, "_error_code") F (T_U32, "_vcpu_id") },
  [VMS_EV_SCHED_SWITCH]
  = { "sched_switch", F (T_COMM, "_prev_comm[16]") F (T_I32, "_prev_tid") F (T_I32, "_prev_prio")
                        F (T_I64, "_prev_state") F (T_COMM, "_next_comm[16]") F (T_I32, "_next_tid")
                          F (T_I32, "_next_prio") },
  [VMS_EV_SCHED_WAKING] = { "sched_waking", SCHED_COMM_TID_PRIO F (T_I32, "_target_cpu") },
  [VMS_EV_SCHED_WAKEUP] = { "sched_wakeup", SCHED_COMM_TID_PRIO F (T_I32, "_target_cpu") },
  [VMS_EV_SCHED_MIGRATE_TASK]
  = { "sched_migrate_task", SCHED_COMM_TID_PRIO F (T_I32, "_orig_cpu") F (T_I32, "_dest_cpu") },
  [VMS_EV_IRQ_SOFTIRQ_RAISE] = { "irq_softirq_raise", F (T_U32, "_vec") },
  [VMS_EV_IRQ_SOFTIRQ_ENTRY] = { "irq_softirq_entry", F (T_U32, "_vec") },
  [VMS_EV_IRQ_SOFTIRQ_EXIT] = { "irq_softirq_exit", F (T_U32, "_vec") },
  [VMS_EV_IRQ_HANDLER_ENTRY] = { "irq_handler_entry", F (T_I32, "_irq") "\t\tstring _name;\n" },
  [VMS_EV_IRQ_HANDLER_EXIT] = { "irq_handler_exit", F (T_I32, "_irq") F (T_I32, "_ret") },
  [VMS_EV_KMEM_MM_PAGE_ALLOC]
  = { "kmem_mm_page_alloc", F (T_X64, "_page") F (T_U64, "_pfn") F (T_U32, "_order")
                              F (T_U32, "_gfp_flags") F (T_I32, "_migratetype") },
  [VMS_EV_KMEM_MM_PAGE_FREE]
  = { "kmem_mm_page_free", F (T_X64, "_page") F (T_U64, "_pfn") F (T_U32, "_order") },
  [VMS_EV_KVM_X86_HYPERCALL]
  = { "kvm_x86_hypercall",
      F (T_U64, "_nr") F (T_U64, "_a0") F (T_U64, "_a1") F (T_U64, "_a2") F (T_U64, "_a3") },
  [VMS_EV_VMSYNC_GH_GUEST] = { "vmsync_gh_guest", F (T_U32, "_cnt") F (T_U32, "_vm_uid") },
  [VMS_EV_VMSYNC_HG_GUEST] = { "vmsync_hg_guest", F (T_U32, "_cnt") F (T_U32, "_vm_uid") },
  [VMS_EV_VMSYNC_GH_HOST] = { "vmsync_gh_host", F (T_U32, "_cnt") F (T_U32, "_vm_uid") },
  [VMS_EV_VMSYNC_HG_HOST] = { "vmsync_hg_host", F (T_U32, "_cnt") F (T_U32, "_vm_uid") },
  [VMS_EV_SYSCALL_ENTRY_READ] = { "syscall_entry_read", F (T_U32, "_fd") F (T_U64, "_count") },
  [VMS_EV_SYSCALL_EXIT_READ] = { "syscall_exit_read", F (T_I64, "_ret") F (T_U64, "_buf") },
  [VMS_EV_SYSCALL_ENTRY_WRITE]
  = { "syscall_entry_write", F (T_U32, "_fd") F (T_U64, "_buf") F (T_U64, "_count") },
  [VMS_EV_SYSCALL_EXIT_WRITE] = { "syscall_exit_write", F (T_I64, "_ret") },
  [VMS_EV_SYSCALL_ENTRY_FUTEX]
  = { "syscall_entry_futex", F (T_U64, "_uaddr") F (T_I32, "_op") F (T_U32, "_val")
                               F (T_U64, "_utime") F (T_U64, "_uaddr2") F (T_U32, "_val3") },
  [VMS_EV_SYSCALL_EXIT_FUTEX]
  = { "syscall_exit_futex", F (T_I64, "_ret") F (T_U64, "_uaddr") F (T_U64, "_uaddr2") },
  [VMS_EV_SYSCALL_ENTRY_CLOCK_NANOSLEEP]
  = { "syscall_entry_clock_nanosleep",
      F (T_I32, "_which_clock") F (T_I32, "_flags") F (T_U64, "_rqtp") },
  [VMS_EV_SYSCALL_EXIT_CLOCK_NANOSLEEP]
  = { "syscall_exit_clock_nanosleep", F (T_I64, "_ret") F (T_U64, "_rmtp") },
  [VMS_EV_SYSCALL_ENTRY_EPOLL_WAIT]
  = { "syscall_entry_epoll_wait",
      F (T_I32, "_epfd") F (T_I32, "_maxevents") F (T_I32, "_timeout") },
  [VMS_EV_SYSCALL_EXIT_EPOLL_WAIT] = { "syscall_exit_epoll_wait", EPOLL_EXIT_FIELDS },
  [VMS_EV_SYSCALL_ENTRY_IOCTL]
  = { "syscall_entry_ioctl", F (T_U32, "_fd") F (T_U32, "_cmd") F (T_U64, "_arg") },
  [VMS_EV_SYSCALL_EXIT_IOCTL] = { "syscall_exit_ioctl", F (T_I64, "_ret") F (T_U64, "_arg") },
  [VMS_EV_NET_DEV_QUEUE] = { "net_dev_queue", NET_FIELDS },
  [VMS_EV_NET_IF_RECEIVE_SKB] = { "net_if_receive_skb", NET_FIELDS },
  [VMS_EV_LTTNG_STATEDUMP_START] = { "lttng_statedump_start", "" },
  [VMS_EV_LTTNG_STATEDUMP_PROCESS_STATE]
  = { "lttng_statedump_process_state",
      F (T_I32, "_tid") F (T_I32, "_vtid") F (T_I32, "_pid") F (T_I32, "_vpid") F (T_I32, "_ppid")
        F (T_I32, "_vppid") F (T_COMM, "_name[16]") F (T_I32, "_type") F (T_I32, "_mode")
          F (T_I32, "_submode") F (T_I32, "_status") F (T_I32, "_ns_level") F (T_U32, "_ns_inum")
            F (T_U32, "_cpu") },
  [VMS_EV_LTTNG_STATEDUMP_END] = { "lttng_statedump_end", "" },
  [VMS_EV_SCHED_PROCESS_FORK]
  = { "sched_process_fork",
      F (T_COMM, "_parent_comm[16]") F (T_I32, "_parent_tid") F (T_I32, "_parent_pid")
        F (T_U32, "_parent_ns_inum") F (T_COMM, "_child_comm[16]") F (T_I32, "_child_tid")
          F (T_U8, "__vtids_length") "\t\t" T_I32 " _vtids[ __vtids_length ];\n" F (
            T_I32, "_child_pid") F (T_U32, "_child_ns_inum") },
  [VMS_EV_SCHED_PROCESS_EXEC]
  = { "sched_process_exec", "\t\tstring _filename;\n" F (T_I32, "_tid") F (T_I32, "_old_tid") },
  [VMS_EV_SCHED_PROCESS_EXIT] = { "sched_process_exit", SCHED_COMM_TID_PRIO },
  [VMS_EV_SCHED_WAKEUP_NEW] = { "sched_wakeup_new", SCHED_COMM_TID_PRIO F (T_I32, "_target_cpu") },
  [VMS_EV_SCHED_PROCESS_FREE] = { "sched_process_free", SCHED_COMM_TID_PRIO },
};
