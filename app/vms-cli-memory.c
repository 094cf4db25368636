/* vms-cli-memory.c — the memory section of `vmscope analyze`.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vms-cli-memory.h"

#define TOP_PROCESSES 5

/* "1.5 MiB", "-12.0 KiB", "0 bytes", with plain spaces (GLib puts a no-break
 * space between number and unit; a text report is read in any terminal). */
static char *
format_bytes (gint64 bytes)
{
  g_autofree char *size
    = g_format_size_full (bytes < 0 ? -(guint64) bytes : (guint64) bytes, G_FORMAT_SIZE_IEC_UNITS);
  g_auto (GStrv) parts = g_strsplit (size, "\u00a0", -1);
  g_autofree char *plain = g_strjoinv (" ", parts);

  return bytes < 0 ? g_strconcat ("-", plain, NULL) : g_steal_pointer (&plain);
}

static gint64
shifted_current (const VmsMemorySeries *series)
{
  return vms_memory_series_get_current (series) - vms_memory_series_get_lowest (series);
}

static gint64
shifted_peak (const VmsMemorySeries *series)
{
  return vms_memory_series_get_peak (series) - vms_memory_series_get_lowest (series);
}

/* Percent of the VM's RAM, or "" when its size is unknown. */
static char *
percent (gint64 bytes, guint64 ram)
{
  if (ram == 0)
    return g_strdup ("");
  return g_strdup_printf (" (%.0f %%)", 100.0 * (double) bytes / (double) ram);
}

static int
compare_by_bytes (gconstpointer a, gconstpointer b)
{
  const VmsMemoryProcess *pa = *(const VmsMemoryProcess *const *) a;
  const VmsMemoryProcess *pb = *(const VmsMemoryProcess *const *) b;
  gint64 ba = shifted_current (pa->series), bb = shifted_current (pb->series);

  if (ba != bb)
    return ba > bb ? -1 : 1;
  return (pa->pid > pb->pid) - (pa->pid < pb->pid);
}

/* The processes of a machine, largest current use first. */
static GPtrArray *
sorted_processes (const VmsMemoryMachine *machine)
{
  GPtrArray *sorted = g_ptr_array_sized_new (machine->n_processes);

  for (guint i = 0; i < machine->n_processes; i++)
    g_ptr_array_add (sorted, &machine->processes[i]);
  g_ptr_array_sort (sorted, compare_by_bytes);
  return sorted;
}

static void
print_processes (const VmsMemoryMachine *machine, GString *out)
{
  g_autoptr (GPtrArray) sorted = sorted_processes (machine);

  for (guint i = 0; i < MIN (sorted->len, TOP_PROCESSES); i++)
    {
      const VmsMemoryProcess *process = g_ptr_array_index (sorted, i);
      g_autofree char *now = format_bytes (shifted_current (process->series));
      g_autofree char *peak = format_bytes (shifted_peak (process->series));

      g_string_append_printf (out, _ ("      %-20s pid %-7d now %12s   peak %12s\n"), process->name,
                              process->pid, now, peak);
    }
  if (sorted->len > TOP_PROCESSES)
    g_string_append_printf (out, _ ("      … and %u more processes\n"),
                            sorted->len - TOP_PROCESSES);
}

static void
print_vm (VmsMemory *memory, const VmsMemoryVm *vm, GString *out)
{
  g_autofree char *host = format_bytes (vm->host_bytes);

  g_string_append_printf (out, _ ("  %s (QEMU pid %d)\n"), vm->name, vm->qemu_pid);
  g_string_append_printf (out, _ ("    host memory taken during the trace  %12s\n"), host);
  if (vm->balloon_rank == 0)
    {
      g_string_append (out, _ ("    guest not traced: its use is unknown, not ranked\n"));
      return;
    }
  else
    {
      g_autofree char *now = format_bytes (vm->guest_bytes);
      g_autofree char *now_pct = percent (vm->guest_bytes, vm->memory_bytes);
      g_autofree char *peak = format_bytes (vm->guest_peak_bytes);
      g_autofree char *peak_pct = percent (vm->guest_peak_bytes, vm->memory_bytes);
      g_autofree char *unused = format_bytes (vm->touched_unused_bytes);
      g_autofree char *unused_pct = percent (vm->touched_unused_bytes, vm->memory_bytes);

      g_string_append_printf (out, _ ("    guest uses now                      %12s%s\n"), now,
                              now_pct);
      g_string_append_printf (out, _ ("    guest peak                          %12s%s\n"), peak,
                              peak_pct);
      g_string_append_printf (out, _ ("    touched but unused                  %12s%s\n"), unused,
                              unused_pct);
      g_string_append_printf (out, _ ("    ballooning rank                     %12u\n"),
                              vm->balloon_rank);
      g_string_append (out, _ ("    guest processes:\n"));
      print_processes (vms_memory_get_machine (memory, vm->guest_trace), out);
    }
}

void
vms_cli_memory_print (VmsMemory *memory, GString *out)
{
  guint n_vms;
  gboolean any_host = FALSE;

  g_return_if_fail (VMS_IS_MEMORY (memory));
  g_return_if_fail (out != NULL);

  n_vms = vms_memory_get_n_vms (memory);
  g_string_append (out, _ ("Memory\n"));
  g_string_append (out, _ ("  (bytes allocated minus freed during each trace; a guest's or "
                           "process's use is counted above its lowest point in the trace)\n"));

  for (guint v = 0; v < n_vms; v++)
    print_vm (memory, vms_memory_get_vm (memory, v), out);

  for (guint i = 0; i < vms_memory_get_n_machines (memory); i++)
    any_host |= vms_memory_get_machine (memory, i)->role == VMS_TRACE_ROLE_HOST;
  if (any_host)
    {
      g_autofree char *other = format_bytes (vms_memory_get_host_other_bytes (memory));

      g_string_append_printf (out, _ ("  rest of the host (no VM)              %12s\n"), other);
    }

  if (vms_memory_get_vm_by_rank (memory, 1) != NULL)
    {
      g_string_append (out, _ ("  Ballooning candidates, most reclaimable first:\n"));
      for (guint rank = 1;; rank++)
        {
          const VmsMemoryVm *vm = vms_memory_get_vm_by_rank (memory, rank);
          g_autofree char *unused = NULL, *host = NULL, *now = NULL, *peak = NULL;

          if (vm == NULL)
            break;
          unused = format_bytes (vm->touched_unused_bytes);
          host = format_bytes (vm->host_bytes);
          now = format_bytes (vm->guest_bytes);
          peak = format_bytes (vm->guest_peak_bytes);
          g_string_append_printf (
            out,
            _ ("    %u. %s: %s touched but unused (the host gave it %s during "
               "the trace; its guest uses %s now after a peak of %s)\n"),
            rank, vm->name, unused, host, now, peak);
        }
    }
  else if (n_vms == 0)
    g_string_append (out, _ ("  no virtual machines: nothing to rank for ballooning\n"));

  /* Plain machines: what they allocated, and by whom. */
  for (guint i = 0; i < vms_memory_get_n_machines (memory); i++)
    {
      const VmsMemoryMachine *machine = vms_memory_get_machine (memory, i);
      g_autofree char *change = NULL, *now = NULL, *peak = NULL;

      if (machine->role != VMS_TRACE_ROLE_MACHINE)
        continue;
      change = format_bytes (vms_memory_series_get_current (machine->total));
      now = format_bytes (shifted_current (machine->total));
      peak = format_bytes (shifted_peak (machine->total));
      g_string_append_printf (out,
                              _ ("  %s: %" G_GUINT64_FORMAT " page allocations, %" G_GUINT64_FORMAT
                                 " frees, %" G_GUINT64_FORMAT " batched frees; change %s, "
                                 "now %s, peak %s\n"),
                              machine->name, machine->n_allocs, machine->n_frees,
                              machine->n_batched_frees, change, now, peak);
      print_processes (machine, out);
    }
}

static void
add_int (JsonBuilder *builder, const char *name, gint64 value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_series (JsonBuilder *builder, const char *name, const VmsMemorySeries *series, gboolean shifted)
{
  gsize n;
  const VmsMemoryPoint *points = vms_memory_series_get_points (series, &n);
  gint64 shift = shifted ? -vms_memory_series_get_lowest (series) : 0;

  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (gsize i = 0; i < n; i++)
    {
      json_builder_begin_array (builder);
      json_builder_add_int_value (builder, points[i].ts);
      json_builder_add_int_value (builder, points[i].bytes + shift);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
}

static void
add_processes (JsonBuilder *builder, const VmsMemoryMachine *machine, gboolean with_series)
{
  g_autoptr (GPtrArray) sorted = sorted_processes (machine);

  json_builder_set_member_name (builder, "processes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < sorted->len; i++)
    {
      const VmsMemoryProcess *process = g_ptr_array_index (sorted, i);

      json_builder_begin_object (builder);
      add_int (builder, "pid", process->pid);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, process->name);
      add_int (builder, "bytes", shifted_current (process->series));
      add_int (builder, "peak_bytes", shifted_peak (process->series));
      if (with_series)
        add_series (builder, "series", process->series, TRUE);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

void
vms_cli_memory_add_json (VmsMemory *memory, JsonBuilder *builder, gboolean with_series)
{
  g_return_if_fail (VMS_IS_MEMORY (memory));
  g_return_if_fail (JSON_IS_BUILDER (builder));

  json_builder_set_member_name (builder, "memory");
  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "vms");
  json_builder_begin_array (builder);
  for (guint v = 0; v < vms_memory_get_n_vms (memory); v++)
    {
      const VmsMemoryVm *vm = vms_memory_get_vm (memory, v);
      gboolean traced = vm->balloon_rank > 0;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, vm->name);
      add_int (builder, "qemu_pid", vm->qemu_pid);
      json_builder_set_member_name (builder, "guest_traced");
      json_builder_add_boolean_value (builder, traced);
      add_int (builder, "memory_bytes", (gint64) vm->memory_bytes);
      add_int (builder, "host_bytes", vm->host_bytes);
      add_int (builder, "guest_bytes", vm->guest_bytes);
      add_int (builder, "guest_peak_bytes", vm->guest_peak_bytes);
      add_int (builder, "guest_change_bytes", vm->guest_change);
      add_int (builder, "touched_unused_bytes", vm->touched_unused_bytes);
      add_int (builder, "balloon_rank", vm->balloon_rank);
      if (traced)
        add_processes (builder, vms_memory_get_machine (memory, vm->guest_trace), with_series);
      else
        {
          json_builder_set_member_name (builder, "processes");
          json_builder_begin_array (builder);
          json_builder_end_array (builder);
        }
      if (with_series)
        {
          add_series (builder, "host_series", vm->host, FALSE);
          if (traced)
            add_series (builder, "guest_series",
                        vms_memory_get_machine (memory, vm->guest_trace)->total, TRUE);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  add_int (builder, "host_other_bytes", vms_memory_get_host_other_bytes (memory));

  json_builder_set_member_name (builder, "machines");
  json_builder_begin_array (builder);
  for (guint i = 0; i < vms_memory_get_n_machines (memory); i++)
    {
      const VmsMemoryMachine *machine = vms_memory_get_machine (memory, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, machine->name);
      json_builder_set_member_name (builder, "role");
      json_builder_add_string_value (builder, vms_trace_role_to_string (machine->role));
      add_int (builder, "begin", machine->begin);
      add_int (builder, "end", machine->end);
      add_int (builder, "allocs", (gint64) machine->n_allocs);
      add_int (builder, "frees", (gint64) machine->n_frees);
      add_int (builder, "batched_frees", (gint64) machine->n_batched_frees);
      add_int (builder, "alloc_bytes", (gint64) machine->alloc_bytes);
      add_int (builder, "free_bytes", (gint64) machine->free_bytes);
      add_int (builder, "change_bytes", vms_memory_series_get_current (machine->total));
      add_int (builder, "bytes", shifted_current (machine->total));
      add_int (builder, "peak_bytes", shifted_peak (machine->total));
      add_int (builder, "lowest_bytes", vms_memory_series_get_lowest (machine->total));
      if (with_series)
        add_series (builder, "series", machine->total, TRUE);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_end_object (builder);
}
