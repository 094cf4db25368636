/* vms-palette.h — the colour, height and pattern of each drawn state: pure logic,
 * tested without a display.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Two palettes (the default one, after the GNOME palette and the research's colours:
 * running green, idle grey, hypervisor red, preempted purple; and a colour-blind-safe
 * one after Okabe & Ito), each in a light and a dark variant.  Besides its hue, each
 * state of a row kind has its own bar height and fill pattern, so a greyscale print
 * still tells them apart.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* What a bar shows.  The model's states map onto these (vms-render.c). */
typedef enum {
  VMS_DRAW_NONE = 0, /* nothing: no bar */
  VMS_DRAW_UNKNOWN,
  /* vCPU rows */
  VMS_DRAW_VCPU_RUNNING,
  VMS_DRAW_VCPU_IDLE,
  VMS_DRAW_VCPU_HYPERVISOR,
  VMS_DRAW_VCPU_PREEMPTED,
  /* guest thread rows */
  VMS_DRAW_THREAD_RUNNING,
  VMS_DRAW_THREAD_SYSCALL,
  VMS_DRAW_THREAD_INTERRUPTED,
  VMS_DRAW_THREAD_RUNNABLE,
  VMS_DRAW_THREAD_BLOCKED,
  VMS_DRAW_THREAD_APPEARED, /* "running" for the guest while its vCPU was not */
  /* host physical CPU rows */
  VMS_DRAW_PCPU_IDLE,
  VMS_DRAW_PCPU_HOST, /* a thread ran (not a vCPU) */
  VMS_DRAW_PCPU_VCPU, /* a vCPU thread ran */
  VMS_DRAW_N_STATES
} VmsDrawState;

typedef enum {
  VMS_FILL_SOLID,
  VMS_FILL_HATCH,       /* diagonal lines "/" over the colour */
  VMS_FILL_CROSS_HATCH, /* "x" lines over the colour */
  VMS_FILL_DOTS,
} VmsFill;

/* GSettings nicks: "default", "colorblind". */
typedef enum {
  VMS_PALETTE_DEFAULT,
  VMS_PALETTE_COLORBLIND,
} VmsPaletteKind;

#define VMS_TYPE_PALETTE_KIND (vms_palette_kind_get_type ())
GType vms_palette_kind_get_type (void) G_GNUC_CONST;

typedef struct {
  double red, green, blue, alpha;
} VmsColor;

typedef struct {
  VmsColor color;
  VmsColor pattern_color; /* the lines or dots of a non-solid fill */
  double height;          /* fraction of the row's bar area, from the bottom: 0 < h <= 1 */
  VmsFill fill;
} VmsStateStyle;

typedef struct {
  VmsColor background;
  VmsColor row_alt; /* every other row */
  VmsColor foreground;
  VmsColor dim; /* secondary text, minor ticks */
  VmsColor grid;
  VmsColor selection; /* translucent */
  VmsColor header;    /* group header rows */
  VmsStateStyle states[VMS_DRAW_N_STATES];
} VmsPalette;

/* The palette of kind in the dark or light variant (static, never freed). */
const VmsPalette *vms_palette_get (VmsPaletteKind kind, gboolean dark);

/* The user-visible name of a state ("Preempted"), translated. */
const char *vms_draw_state_get_name (VmsDrawState state);

/* The states drawn on one kind of row, in legend order, ending with VMS_DRAW_NONE. */
typedef enum {
  VMS_LEGEND_VCPU,
  VMS_LEGEND_THREAD,
  VMS_LEGEND_CPU,
} VmsLegendGroup;
const VmsDrawState *vms_legend_group_get_states (VmsLegendGroup kind);

/* Relative luminance (WCAG) of a colour, 0 to 1. */
double vms_color_luminance (const VmsColor *color);

G_END_DECLS
