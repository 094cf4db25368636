/* vms-gen-sim-private.h: the state of the simulated machines, shared by the simulation's files
 *
 * All times are absolute host-clock nanoseconds unless named *_g (guest clock).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "vms-gen-ctf.h"
#include "vms-gen-rng.h"
#include "vms-gen-sim.h"

G_BEGIN_DECLS

typedef struct _Sim Sim;
typedef struct _Vm Vm;
typedef struct _Vcpu Vcpu;
typedef struct _HostThread HostThread;
typedef struct _GuestTask GuestTask;
typedef struct _GuestProc GuestProc;
typedef struct _Pcpu Pcpu;

#define US G_GUINT64_CONSTANT (1000)
#define MS G_GUINT64_CONSTANT (1000000)
#define HOST_TICK (4 * MS)
#define GUEST_TICK (4 * MS)
#define TOP_PREEMPTIONS 10

/* VMX basic exit reasons */
enum {
  EXIT_EXTERNAL_INTERRUPT = 1,
  EXIT_HLT = 12,
  EXIT_VMCALL = 18,
  EXIT_IO_INSTRUCTION = 30,
  EXIT_MSR_WRITE = 32,
  EXIT_EPT_VIOLATION = 48,
  EXIT_PREEMPTION_TIMER = 52,
  EXIT_REASON_MAX = 64,
};

typedef enum {
  PQ_THREAD,        /* a host thread's next step (gen: thread->gen) */
  PQ_HOST_WAKE,     /* a sleeping host daemon's timer (gen: thread->wake_gen) */
  PQ_PCPU_TICK,     /* periodic host tick */
  PQ_GUEST_TICK,    /* a vCPU's guest tick (gen: vcpu->tick_gen) */
  PQ_GUEST_WAKE,    /* a guest task's timer or I/O completion (gen: task->wait_gen) */
  PQ_NET_HOST_SEND, /* --net: the host sends the next packet to a VM (idx: vm) */
  PQ_NET_ARRIVE,    /* --net: the oldest packet in flight to or from a VM arrives */
} PqKind;

typedef struct {
  guint64 t;
  guint64 seq;
  guint64 gen;
  guint32 kind;
  guint32 idx;
} PqItem;

typedef enum {
  HT_IDLE,
  HT_VCPU,
  HT_IOTHREAD,
  HT_DAEMON,
} HostThreadKind;

typedef enum {
  TS_RUNNING,
  TS_RUNNABLE,
  TS_BLOCKED,
} ThreadState;

struct _HostThread {
  guint idx;
  gint32 tid, pid, ppid;
  char comm[16];
  char label[48]; /* who preempted a vCPU, in truth.json */
  HostThreadKind kind;
  ThreadState state;
  guint cpu;
  guint64 gen, wake_gen;
  guint64 last_ts; /* last host event about this thread */
  HostThread *rq_next;
  gboolean preempted; /* runnable because it was switched out with prev_state 0 */
  /* daemons and I/O threads */
  guint64 burst_left, run_start;
  double period_mean, burst_mean;
  gboolean in_syscall;
  GPtrArray *io_requests; /* I/O thread: GuestTask waiting for it */
  Vcpu *vcpu;
  Vm *vm;
};

struct _Pcpu {
  guint id;
  HostThread *current;
  HostThread *idle;
  HostThread *rq_head, *rq_tail;
  guint rq_len;
  guint64 slice_end;
  gboolean resched;
};

typedef enum { VS_UNKNOWN, VS_RUNNING, VS_IDLE, VS_HYPERVISOR, VS_PREEMPTED, VS_N } VcpuState;

typedef struct {
  guint64 start, duration;
  guint by; /* host thread idx */
} Preemption;

typedef struct {
  gboolean seen;
  VcpuState state;
  guint64 since;
  guint64 totals[VS_N];
  guint64 exit_count[EXIT_REASON_MAX];
  guint64 exit_ns[EXIT_REASON_MAX];
  guint64 preempt_count;
  gboolean in_preemption;
  guint64 preempt_start, by_mark;
  guint64 *by_ns;     /* per host thread idx */
  guint64 *cur_by_ns; /* the same, for the preemption in progress */
  Preemption top[TOP_PREEMPTIONS];
  guint n_top;
} VcpuTruth;

typedef enum {
  VCPU_OUT, /* not on a pCPU (runnable or blocked on the host) */
  VCPU_HV,
  VCPU_GUEST,
} VcpuMode;

typedef enum {
  CONT_NONE,
  CONT_STATEDUMP,
  CONT_BLOCK,   /* the task that kicked an I/O blocks */
  CONT_SYNC_HG, /* receive the host's half of the sync */
} GuestCont;

enum {
  IRQ_TICK = 1 << 0,
  IRQ_RESCHED = 1 << 1,
};

struct _Vcpu {
  Vm *vm;
  guint id;
  guint gidx;
  HostThread *thread;
  VcpuMode mode;
  gboolean halted;       /* blocked on the host after HLT */
  gboolean hlt_block;    /* block at the end of this hypervisor stint */
  HostThread *ipi_to;    /* wake that vCPU's thread during this hypervisor stint */
  gboolean tick_exit;    /* this exit was the host tick: run the host timer softirq */
  gboolean ept_alloc;    /* this exit was an EPT violation: the host allocates */
  gboolean io_kick;      /* this exit notified the virtio queue: wake QEMU's I/O thread */
  guint32 hypercall_cnt; /* this exit is the sync hypercall with that cnt */
  guint ept_order;
  guint32 last_reason;
  guint64 progress_t;
  guint64 step_left;
  guint64 g_last; /* host time of the last guest event on this vCPU */
  guint pending;
  GuestTask *wake_head, *wake_tail; /* tasks whose timer/I-O interrupt is pending */
  GQueue dead;   /* exited tasks whose task_struct goes at the next RCU softirq */
  GQueue net_rx; /* NetPacket received by the virtual NIC, not yet handled */
  GuestTask *current;
  GuestTask *rq_head, *rq_tail;
  guint rq_len;
  gboolean in_irq;
  guint64 tick_gen;
  gboolean tick_on;
  GuestCont cont;
  GuestTask *cont_task;
  guint32 sync_cnt_pending; /* host writes vmsync_hg_host(cnt) at the next entry */
  guint64 atr_start;
  VcpuTruth tr;
};

/* One TCP segment between a guest and the host (--net). */
typedef struct {
  guint64 arrive;
  gboolean to_guest;
  guint32 seq, ack_seq;
  guint16 flags, len;
  guint16 sport, dport;
  guint64 skbaddr;
} NetPacket;

typedef enum {
  TASK_CPU,
  TASK_IO,
  TASK_PERIODIC,
  TASK_BURSTY, /* CPU-bound in phases (the noisy neighbour) */
  TASK_CHILD,  /* a short-lived process forked by cron: exec, work, exit */
} TaskKind;

typedef enum {
  GS_UNKNOWN,
  GS_RUNNING,
  GS_SYSCALL,
  GS_INTERRUPTED,
  GS_RUNNABLE,
  GS_BLOCKED,
  GS_EXITED,
  GS_N
} GuestTaskState;

#define SERIES_BIN (100 * MS)

/* Net bytes at the end of each SERIES_BIN from begin: values[i] counts the events before
 * begin + (i + 1) * SERIES_BIN. */
typedef struct {
  guint64 begin;
  gint64 cur;
  GArray *values; /* gint64 */
} MemSeries;

typedef struct {
  guint64 peak, min, allocated, freed;
  gint64 net; /* bytes now minus bytes at start */
} MemTruth;

struct _GuestProc {
  gint32 pid;
  char comm[16];
  MemTruth mem;
};

struct _GuestTask {
  guint gidx;
  Vm *vm;
  GuestProc *proc;
  gint32 tid;
  char comm[16];
  TaskKind kind;
  ThreadState state;
  guint cpu;
  GuestTask *rq_next, *wake_next;
  gboolean wake_is_io;
  gboolean wake_early; /* its I/O completed before it could block */
  VmsEv block_syscall; /* entry event of the blocking syscall */
  gboolean in_syscall;
  VmsEv cur_syscall;
  guint64 burst_left;
  guint64 switched_in;
  guint64 wait_gen;
  guint64 last_h; /* host time of the last event about this task */
  double period_mean, burst_mean;
  guint64 busy_acc;
  /* memory: live blocks (pfn << 4 | order), growing or shrinking phase */
  GArray *live;
  gboolean growing;
  guint phase_ops;
  /* processes forked by cron */
  gboolean forks, exited;
  guint child_phase;
  /* truth, guest clock */
  gboolean known;
  GuestTaskState tstate;
  guint64 since_g, first_g;
  guint64 totals[GS_N];
  guint64 appeared_to_run;
};

struct _Vm {
  guint idx;
  char name[32];
  guint32 vm_uid;
  guint n_vcpus;
  Vcpu **vcpus;
  HostThread *iothread;
  gint32 qemu_pid;
  GPtrArray *tasks;
  GPtrArray *procs;
  VmsCtfTrace *trace;
  VmsRng rng;
  /* clock: g = h + offset_ns + floor ((h - ref) * drift_ppb / 1e9) */
  gint64 drift_ppb;
  gint64 offset_ns;
  guint64 ref_ns;
  guint64 clock_origin_g; /* guest clock offset: absolute guest ns of clock value 0 */
  guint32 sync_cnt;
  guint64 softirq_n;
  guint sync_every;
  /* guest memory: pfn high-water mark (touched frames) and freed blocks per order */
  guint64 pfn_next, pfn_limit;
  GArray *free_blocks[4];
  guint64 host_bytes;
  MemTruth mem;
  MemSeries series, host_series;
  guint64 sync_pairs;
  gint64 preempt_state;
  /* --net: one TCP connection host:port -> guest:80 */
  GQueue net_flight; /* NetPacket in flight, by arrival time */
  guint32 host_seq, guest_seq;
  guint64 net_sent[2], net_received[2]; /* [0] host to guest, [1] guest to host */
  guint net_rr;
  gint32 next_tid;
  guint n_children;
  const char *profile;
};

struct _Sim {
  VmsGenConfig config;
  VmsRng rng;
  GArray *pq;
  guint64 pq_seq;
  guint n_pcpus;
  Pcpu *pcpus;
  GPtrArray *threads; /* HostThread, idx order */
  GPtrArray *vms;
  GPtrArray *all_vcpus;
  GPtrArray *all_tasks;
  VmsCtfTrace *host_trace;
  guint64 *host_cursor; /* per pCPU */
  guint64 host_pfn_next;
  guint64 t0, t_stop;
  guint64 now; /* time of the action being processed */
  guint64 host_clock_offset;
  guint64 host_slice;
  guint64 host_begin, host_end;
  guint64 total_events;
};

/* vms-gen-sim.c */
void sim_push (Sim *s, guint64 t, PqKind kind, guint idx, guint64 gen);
guint64 sim_events (Sim *s);

/* vms-gen-emit.c: every emitter clamps the time so that streams and threads never go back,
 * and returns the time used */
guint64 guest_time (Vm *vm, guint64 h);
guint64 host_ts (Sim *s, guint cpu, guint64 t, HostThread *a, HostThread *b);
guint64 emit_host_switch (
  Sim *s, guint cpu, guint64 t, HostThread *prev, gint64 prev_state, HostThread *next);
guint64
emit_host_wake (Sim *s, guint cpu, guint64 t, HostThread *th, guint target, gboolean migrate);
guint64 emit_host_softirq (Sim *s, guint cpu, guint64 t, guint vec);
guint64 emit_kvm_entry (Sim *s, Vcpu *v, guint64 t);
guint64 emit_kvm_exit (Sim *s, Vcpu *v, guint64 t, guint32 reason);
void emit_host_statedump (Sim *s, guint64 t);
guint64 emit_host_page_alloc (Sim *s, guint cpu, guint64 t, HostThread *th, guint order);
guint64 emit_host_syscall (Sim *s, guint cpu, guint64 t, HostThread *th, VmsEv ev);
guint64
emit_host_payload (Sim *s, guint cpu, guint64 t, HostThread *th, VmsEv ev, const VmsCtfPayload *p);
guint64 gts (Vcpu *v, guint64 t, GuestTask *a, GuestTask *b);
void emit_guest (Vcpu *v, guint64 t, VmsEv ev, const VmsCtfPayload *p);
void emit_guest_syscall (Vcpu *v, guint64 t, GuestTask *task, VmsEv ev);
void emit_guest_statedump (Vcpu *v);
void payload_sched (
  VmsCtfPayload *p, const char *comm, gint32 tid, gint32 extra1, gint32 extra2, gboolean two);
void payload_u32x2 (VmsCtfPayload *p, guint32 a, guint32 b);
void payload_process (VmsCtfPayload *p, const char *comm, gint32 tid);

/* vms-gen-host.c */
void host_thread_step (Sim *s, HostThread *th, guint64 t);
void host_daemon_wake (Sim *s, HostThread *th, guint64 t);
void host_wakeup (Sim *s, HostThread *th, guint64 t, guint waker_cpu);
void pcpu_tick (Sim *s, Pcpu *p, guint64 t);
void pcpu_schedule (Sim *s, Pcpu *p, guint64 t, gint64 prev_state);
void pcpu_enqueue (Pcpu *p, HostThread *th);
void vcpu_exit (Sim *s, Vcpu *v, guint64 t, guint32 reason);
void vcpu_deliver (Sim *s, Vcpu *v, guint64 t, guint32 reason);
guint host_waker_cpu (Sim *s, HostThread *th);

/* vms-gen-guest.c */
void guest_run (Sim *s, Vcpu *v);
void guest_step (Sim *s, Vcpu *v, guint64 t);
void guest_tick (Sim *s, Vcpu *v, guint64 t);
void guest_idle_timer_arm (Sim *s, Vcpu *v, guint64 t);
void guest_task_wake (Sim *s, GuestTask *task, guint64 t);
void guest_fork (Sim *s, Vcpu *v, GuestTask *parent, guint64 t);
void guest_sync_progress (Vcpu *v, guint64 t);

/* vms-gen-net.c */
void net_host_send (Sim *s, Vm *vm, guint64 t);
void net_arrive (Sim *s, Vm *vm, guint64 t);
void net_guest_rx (Sim *s, Vcpu *v);
void net_free (Vm *vm);

/* vms-gen-truth.c */
void truth_vcpu_set (Sim *s, Vcpu *v, VcpuState state, guint64 t);
void truth_vcpu_seen (Sim *s, Vcpu *v, guint64 t);
void truth_vcpu_exit (Vcpu *v, guint32 reason);
void truth_preempt_begin (Sim *s, Vcpu *v, guint64 t, HostThread *by);
void truth_preempt_end (Sim *s, Vcpu *v, guint64 t);
void truth_pcpu_switch (Sim *s, Pcpu *p, guint64 t);
void truth_task_refresh (GuestTask *task, Vcpu *v, guint64 g);
void truth_mem (Vm *vm, GuestProc *proc, gint64 bytes, guint64 g);
void truth_host_mem (Sim *s, Vm *vm, guint64 bytes, guint64 t);
gboolean truth_write (Sim *s, const char *path, GError **error);
VcpuState vcpu_guest_state (Vcpu *v);

G_END_DECLS
