/* vms-memory-graph-private.h — what the memory graph widget shares with its drawing code.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "vms-memory-graph.h"
#include "vms-render-private.h"

G_BEGIN_DECLS

#define N_PROCESS_COLORS 6
#define HIT_TOLERANCE 8.0

/* One series over the pixels of the range drawn */
typedef struct {
  const VmsMemorySeries *series; /* NULL: none */
  gint64 shift;                  /* subtracted from relative values: lowest when shifted */
  VmsMemoryPixel *px;
  guint n;
} Column;

typedef struct {
  char *name; /* "stress (860)" */
  gint pid;
  guint color;
  Column col;
} ProcessColumn;

typedef struct {
  guint vm;
  const VmsMemoryVm *info;
  Column host, guest;
  ProcessColumn *procs;
  guint n_procs;
  gint64 peak_before; /* the guest's relative max before the range */
  gint64 *gap;        /* per pixel; NULL without a guest */
  VmsByteScale scale;
  double top, height, plot_top, plot_height;
} Lane;

typedef struct {
  const VmsMemoryGraphOptions *opts;
  VmsTimeMap map;
  gint64 ns_per_px;
  guint n_px;
  Lane *lanes;
  guint n_lanes;
} Graph;

/* Queries every shown series over opts' range (one query per series, about one value per
 * pixel) and lays out the lanes. */
void _vms_memory_graph_init (Graph *g, const VmsMemoryGraphOptions *opts);
void _vms_memory_graph_clear (Graph *g);
/* "Δ host +1.0 MiB · guest -300.0 KiB · …" over opts' selection, or NULL without a range. */
char *_vms_memory_graph_selection_text (const VmsMemoryGraphOptions *opts, const Lane *lane);

G_END_DECLS
