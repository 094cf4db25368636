/* vms-cli-memory.h — the memory section of `vmscope analyze`, as text and as JSON.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vms-memory.h"

G_BEGIN_DECLS

/* Appends the memory section (per VM: host bytes taken, guest now and peak,
 * touched-but-unused, ballooning rank and why; the rest of the host; for
 * machines that are neither host nor guest, their totals and top processes)
 * to out.  memory must be finished (vms_memory_finish()). */
void vms_cli_memory_print (VmsMemory *memory, GString *out);

/* Adds the member "memory" to the object being built (call between
 * json_builder_begin_object() and json_builder_end_object() of the document):
 *   { "vms": [ { "name", "qemu_pid", "guest_traced", "memory_bytes",
 *                "host_bytes", "guest_bytes", "guest_peak_bytes",
 *                "guest_change_bytes", "touched_unused_bytes", "balloon_rank",
 *                "processes": [ { "pid", "name", "bytes", "peak_bytes" } ] } ],
 *     "host_other_bytes",
 *     "machines": [ { "name", "role", "begin", "end", "allocs", "frees",
 *                     "batched_frees", "alloc_bytes", "free_bytes",
 *                     "change_bytes", "bytes", "peak_bytes", "lowest_bytes" } ] }
 * Bytes of guests, machines and processes ("bytes", "peak_bytes") are shifted
 * (above the lowest point of the trace, never negative); "change_bytes" and
 * "guest_change_bytes" are relative (allocated minus freed since the trace's
 * start); see vms-memory.h.  with_series (for --intervals) adds "series":
 * [[time, bytes], ...] to each VM ("host_series" and "guest_series"), process
 * and machine, times in host nanoseconds, bytes as the figures beside them
 * (host: relative; guest, machine, process: shifted). */
void vms_cli_memory_add_json (VmsMemory *memory, JsonBuilder *builder, gboolean with_series);

G_END_DECLS
