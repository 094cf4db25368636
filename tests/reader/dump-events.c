/* dump-events.c — every analyzed event as vmscope's reader delivers it, one line each, for
 * check-roundtrip.py to compare with babeltrace2's text.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Usage: dump-events TRACE_FOLDER
 * Prints "KIND TS CPU FIELD..." (tab-separated) per event (TS in ns, clock offset applied), the fields in the
 * order of the table of vms-event.h, strings through the string table, then one line
 * "count KIND N" per kind from vms_trace_get_kind_count().
 */
#include "config.h"

#include <stdio.h>

#include "vms-trace.h"

static gboolean
on_batch (VmsTrace *trace, guint trace_index, const VmsEvent *events, gsize n, gpointer data)
{
  VmsStringTable *strings = data;

  for (gsize k = 0; k < n; k++)
    {
      const VmsEvent *e = &events[k];
      const char *x = vms_string_table_lookup (strings, e->x);
      const char *kind = vms_event_kind_to_string ((VmsEventKind) e->kind);

      printf ("%s\t%" G_GINT64_FORMAT "\t%u", kind, e->ts, e->cpu);
      switch ((VmsEventKind) e->kind)
        {
          case VMS_EV_SCHED_SWITCH:
            printf ("\t%s\t%d\t%d\t%d\t%s", x, e->u.i[0], e->u.i[1], e->u.i[2],
                    vms_string_table_lookup (strings, (guint32) e->u.i[3]));
            break;
          case VMS_EV_SCHED_WAKEUP:
          case VMS_EV_SCHED_WAKEUP_NEW:
          case VMS_EV_SCHED_WAKING:
          case VMS_EV_SCHED_MIGRATE_TASK:
            printf ("\t%s\t%d\t%d\t%d", x, e->u.i[0], e->u.i[1], e->u.i[2]);
            break;
          case VMS_EV_PROCESS_FORK:
          case VMS_EV_STATEDUMP_PROCESS:
            printf ("\t%s\t%d\t%d\t%d\t%d", x, e->u.i[0], e->u.i[1], e->u.i[2], e->u.i[3]);
            break;
          case VMS_EV_PROCESS_EXEC:
            printf ("\t%s\t%d\t%d", x, e->u.i[0], e->u.i[1]);
            break;
          case VMS_EV_PROCESS_EXIT:
          case VMS_EV_PROCESS_FREE:
          case VMS_EV_SYSCALL_ENTRY:
          case VMS_EV_SYSCALL_EXIT:
          case VMS_EV_IRQ_ENTRY:
            printf ("\t%s\t%d", x, e->u.i[0]);
            break;
          case VMS_EV_IRQ_EXIT:
          case VMS_EV_KVM_USERSPACE_EXIT:
            printf ("\t%d\t%d", e->u.i[0], e->u.i[1]);
            break;
          case VMS_EV_SOFTIRQ_ENTRY:
          case VMS_EV_SOFTIRQ_EXIT:
          case VMS_EV_SOFTIRQ_RAISE:
          case VMS_EV_KVM_ENTRY:
            printf ("\t%d", e->u.i[0]);
            break;
          case VMS_EV_PAGE_ALLOC:
          case VMS_EV_PAGE_FREE:
          case VMS_EV_PAGE_FREE_BATCHED:
            printf ("\t%d\t%" G_GINT64_FORMAT, e->u.i[0], e->u.w.l);
            break;
          case VMS_EV_KVM_EXIT:
            printf ("\t%d\t%d\t%d", e->u.i[0], e->u.i[1], e->u.i[2]);
            break;
          case VMS_EV_KVM_HYPERCALL:
            printf ("\t%u\t%" G_GUINT64_FORMAT "\t%" G_GUINT64_FORMAT, e->x, e->u.hc.a0,
                    e->u.hc.a1);
            break;
          case VMS_EV_VMSYNC_GH_GUEST:
          case VMS_EV_VMSYNC_GH_HOST:
          case VMS_EV_VMSYNC_HG_HOST:
          case VMS_EV_VMSYNC_HG_GUEST:
            printf ("\t%" G_GUINT64_FORMAT "\t%" G_GUINT64_FORMAT, e->u.sync.cnt, e->u.sync.vm_uid);
            break;
          case VMS_EV_NET_SEND:
          case VMS_EV_NET_RECV:
            printf ("\t%u\t%u\t%u", e->u.net.seq, e->u.net.ack_seq, e->u.net.flags);
            break;
          case VMS_EV_NONE:
          case VMS_EV_N_KINDS:
          default:
            break;
        }
      putchar ('\n');
    }
  return TRUE;
}

int
main (int argc, char **argv)
{
  const char *paths[] = { argv[1], NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (VmsTraceSet) set = NULL;
  VmsTrace *trace;

  if (argc != 2)
    {
      g_printerr ("usage: %s TRACE_FOLDER\n", argv[0]);
      return 2;
    }
  set = vms_trace_set_new (paths, &error);
  if (set == NULL || vms_trace_set_get_n_traces (set) != 1)
    {
      g_printerr ("%s: %s\n", argv[1], error != NULL ? error->message : "not one trace");
      return 1;
    }
  if (!vms_trace_set_read (set, on_batch, vms_trace_set_get_strings (set), NULL, NULL, NULL,
                           &error))
    {
      g_printerr ("%s: %s\n", argv[1], error->message);
      return 1;
    }
  trace = vms_trace_set_get_trace (set, 0);
  if (vms_trace_get_error (trace) != NULL)
    {
      g_printerr ("%s: %s\n", argv[1], vms_trace_get_error (trace)->message);
      return 1;
    }
  for (guint k = VMS_EV_NONE + 1; k < VMS_EV_N_KINDS; k++)
    printf ("count %s %" G_GUINT64_FORMAT "\n", vms_event_kind_to_string ((VmsEventKind) k),
            vms_trace_get_kind_count (trace, (VmsEventKind) k));
  printf ("total %" G_GUINT64_FORMAT "\n", vms_trace_get_n_events (trace));
  return 0;
}
