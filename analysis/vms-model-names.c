/* vms-model-names.c — names of states, spike kinds, and VMX / SVM exit reasons.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include "vms-model.h"

static const char *const state_names[VMS_N_STATES] = {
  [VMS_STATE_UNKNOWN] = "unknown",
  [VMS_STATE_RUNNING] = "running",
  [VMS_STATE_IDLE] = "idle",
  [VMS_STATE_HYPERVISOR] = "hypervisor",
  [VMS_STATE_PREEMPTED] = "preempted",
  [VMS_STATE_SYSCALL] = "syscall",
  [VMS_STATE_INTERRUPTED] = "interrupted",
  [VMS_STATE_RUNNABLE] = "runnable",
  [VMS_STATE_BLOCKED] = "blocked",
  [VMS_STATE_APPEARED] = "appeared",
  [VMS_STATE_VCPU] = "vcpu",
};

const char *
vms_state_to_string (VmsState state)
{
  if ((guint) state >= VMS_N_STATES)
    return "unknown";
  return state_names[state];
}

const char *
vms_spike_kind_to_string (VmsSpikeKind kind)
{
  switch (kind)
    {
      case VMS_SPIKE_PREEMPTION:
        return "preemption";
      case VMS_SPIKE_HYPERVISOR:
        return "hypervisor";
      case VMS_SPIKE_THREAD_WAIT:
        return "thread-wait";
      default:
        return "unknown";
    }
}

/* Intel SDM vol. 3, appendix C, "VMX basic exit reasons" (Linux uapi/asm/vmx.h names). */
static const char *const vmx_reasons[] = {
  [0] = "EXCEPTION_NMI",
  [1] = "EXTERNAL_INTERRUPT",
  [2] = "TRIPLE_FAULT",
  [3] = "INIT_SIGNAL",
  [4] = "SIPI_SIGNAL",
  [7] = "INTERRUPT_WINDOW",
  [8] = "NMI_WINDOW",
  [9] = "TASK_SWITCH",
  [10] = "CPUID",
  [12] = "HLT",
  [13] = "INVD",
  [14] = "INVLPG",
  [15] = "RDPMC",
  [16] = "RDTSC",
  [18] = "VMCALL",
  [19] = "VMCLEAR",
  [20] = "VMLAUNCH",
  [21] = "VMPTRLD",
  [22] = "VMPTRST",
  [23] = "VMREAD",
  [24] = "VMRESUME",
  [25] = "VMWRITE",
  [26] = "VMOFF",
  [27] = "VMON",
  [28] = "CR_ACCESS",
  [29] = "DR_ACCESS",
  [30] = "IO_INSTRUCTION",
  [31] = "MSR_READ",
  [32] = "MSR_WRITE",
  [33] = "INVALID_STATE",
  [34] = "MSR_LOAD_FAIL",
  [36] = "MWAIT_INSTRUCTION",
  [37] = "MONITOR_TRAP_FLAG",
  [39] = "MONITOR_INSTRUCTION",
  [40] = "PAUSE_INSTRUCTION",
  [41] = "MCE_DURING_VMENTRY",
  [43] = "TPR_BELOW_THRESHOLD",
  [44] = "APIC_ACCESS",
  [45] = "EOI_INDUCED",
  [46] = "GDTR_IDTR",
  [47] = "LDTR_TR",
  [48] = "EPT_VIOLATION",
  [49] = "EPT_MISCONFIG",
  [50] = "INVEPT",
  [51] = "RDTSCP",
  [52] = "PREEMPTION_TIMER",
  [53] = "INVVPID",
  [54] = "WBINVD",
  [55] = "XSETBV",
  [56] = "APIC_WRITE",
  [57] = "RDRAND",
  [58] = "INVPCID",
  [59] = "VMFUNC",
  [60] = "ENCLS",
  [61] = "RDSEED",
  [62] = "PML_FULL",
  [63] = "XSAVES",
  [64] = "XRSTORS",
  [67] = "UMWAIT",
  [68] = "TPAUSE",
  [74] = "BUS_LOCK",
  [75] = "NOTIFY",
};

/* AMD APM vol. 2, appendix C, "SVM intercept exit codes" (Linux uapi/asm/svm.h names). */
static const struct {
  guint code;
  const char *name;
} svm_reasons[] = {
  { 0x060, "intr" },
  { 0x061, "nmi" },
  { 0x062, "smi" },
  { 0x063, "init" },
  { 0x064, "vintr" },
  { 0x065, "cr0_sel_write" },
  { 0x066, "read_idtr" },
  { 0x067, "read_gdtr" },
  { 0x068, "read_ldtr" },
  { 0x069, "read_rt" },
  { 0x06a, "write_idtr" },
  { 0x06b, "write_gdtr" },
  { 0x06c, "write_ldtr" },
  { 0x06d, "write_rt" },
  { 0x06e, "rdtsc" },
  { 0x06f, "rdpmc" },
  { 0x070, "pushf" },
  { 0x071, "popf" },
  { 0x072, "cpuid" },
  { 0x073, "rsm" },
  { 0x074, "iret" },
  { 0x075, "swint" },
  { 0x076, "invd" },
  { 0x077, "pause" },
  { 0x078, "hlt" },
  { 0x079, "invlpg" },
  { 0x07a, "invlpga" },
  { 0x07b, "io" },
  { 0x07c, "msr" },
  { 0x07d, "task_switch" },
  { 0x07e, "ferr_freeze" },
  { 0x07f, "shutdown" },
  { 0x080, "vmrun" },
  { 0x081, "hypercall" /* VMMCALL */ },
  { 0x082, "vmload" },
  { 0x083, "vmsave" },
  { 0x084, "stgi" },
  { 0x085, "clgi" },
  { 0x086, "skinit" },
  { 0x087, "rdtscp" },
  { 0x088, "icebp" },
  { 0x089, "wbinvd" },
  { 0x08a, "monitor" },
  { 0x08b, "mwait" },
  { 0x08c, "mwait_cond" },
  { 0x08d, "xsetbv" },
  { 0x08e, "rdpru" },
  { 0x08f, "write_efer_trap" },
  { 0x0a0, "invlpgb" },
  { 0x0a1, "invlpgb_illegal" },
  { 0x0a2, "invpcid" },
  { 0x0a3, "mcommit" },
  { 0x0a4, "tlbsync" },
  { 0x400, "npf" },
  { 0x401, "avic_incomplete_ipi" },
  { 0x402, "avic_unaccelerated_access" },
  { 0x403, "vmgexit" },
};

static const char *const svm_cr_dr[] = { "read_cr", "write_cr", "read_dr", "write_dr" };

const char *
vms_exit_reason_name (VmsIsa isa, guint reason)
{
  if (isa == VMS_ISA_SVM)
    {
      static char names[4][16][20];
      static gsize once = 0;

      if (g_once_init_enter (&once))
        {
          for (guint k = 0; k < 4; k++)
            for (guint n = 0; n < 16; n++)
              g_snprintf (names[k][n], sizeof names[k][n], "%s%u", svm_cr_dr[k], n);
          g_once_init_leave (&once, 1);
        }
      if (reason < 0x40)
        return names[reason >> 4][reason & 15];
      if (reason >= 0x40 && reason < 0x60)
        return "exception";
      if (reason >= 0x90 && reason < 0xa0)
        return "cr_write_trap";
      for (guint i = 0; i < G_N_ELEMENTS (svm_reasons); i++)
        if (svm_reasons[i].code == reason)
          return svm_reasons[i].name;
      return NULL;
    }
  /* VMX, and unknown ISAs (kvm_exit without isa: Intel is by far the most common) */
  reason &= 0xffff; /* basic exit reason */
  if (reason < G_N_ELEMENTS (vmx_reasons))
    return vmx_reasons[reason];
  return NULL;
}
