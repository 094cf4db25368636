/* vms-palette.c
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "vms-palette.h"

#define RGB(hex)                                                                          \
  {                                                                                       \
    ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) &0xff) / 255.0, 1.0 \
  }

G_DEFINE_ENUM_TYPE (VmsPaletteKind,
                    vms_palette_kind,
                    G_DEFINE_ENUM_VALUE (VMS_PALETTE_DEFAULT, "default"),
                    G_DEFINE_ENUM_VALUE (VMS_PALETTE_COLORBLIND, "colorblind"))

/* Height and fill: the same in every palette, unique within a row kind. */
static const struct {
  double height;
  VmsFill fill;
} shapes[VMS_DRAW_N_STATES] = {
  [VMS_DRAW_NONE] = { 0, VMS_FILL_SOLID },
  [VMS_DRAW_UNKNOWN] = { 0.5, VMS_FILL_DOTS },
  [VMS_DRAW_VCPU_RUNNING] = { 0.7, VMS_FILL_SOLID },
  [VMS_DRAW_VCPU_IDLE] = { 0.3, VMS_FILL_SOLID },
  [VMS_DRAW_VCPU_HYPERVISOR] = { 1.0, VMS_FILL_HATCH },
  [VMS_DRAW_VCPU_PREEMPTED] = { 1.0, VMS_FILL_SOLID },
  [VMS_DRAW_THREAD_RUNNING] = { 0.7, VMS_FILL_SOLID },
  [VMS_DRAW_THREAD_SYSCALL] = { 0.7, VMS_FILL_HATCH },
  [VMS_DRAW_THREAD_INTERRUPTED] = { 1.0, VMS_FILL_HATCH },
  [VMS_DRAW_THREAD_RUNNABLE] = { 0.45, VMS_FILL_SOLID },
  [VMS_DRAW_THREAD_BLOCKED] = { 0.15, VMS_FILL_SOLID },
  [VMS_DRAW_THREAD_APPEARED] = { 0.85, VMS_FILL_CROSS_HATCH },
  [VMS_DRAW_PCPU_IDLE] = { 0.3, VMS_FILL_SOLID },
  [VMS_DRAW_PCPU_HOST] = { 0.7, VMS_FILL_SOLID },
  [VMS_DRAW_PCPU_VCPU] = { 0.7, VMS_FILL_HATCH },
};

/* Colours: [palette][dark][state]. */
static const VmsColor colors[2][2][VMS_DRAW_N_STATES] = {
  [VMS_PALETTE_DEFAULT] = {
    /* light: GNOME palette, darker shades so bars stand out on white */
    {
      [VMS_DRAW_UNKNOWN] = RGB (0xc0bfbc),
      [VMS_DRAW_VCPU_RUNNING] = RGB (0x26a269),
      [VMS_DRAW_VCPU_IDLE] = RGB (0x9a9996),
      [VMS_DRAW_VCPU_HYPERVISOR] = RGB (0xe01b24),
      [VMS_DRAW_VCPU_PREEMPTED] = RGB (0x813d9c),
      [VMS_DRAW_THREAD_RUNNING] = RGB (0x2ec27e),
      [VMS_DRAW_THREAD_SYSCALL] = RGB (0x1c71d8),
      [VMS_DRAW_THREAD_INTERRUPTED] = RGB (0xe66100),
      [VMS_DRAW_THREAD_RUNNABLE] = RGB (0xe5a50a),
      [VMS_DRAW_THREAD_BLOCKED] = RGB (0xb0afac),
      [VMS_DRAW_THREAD_APPEARED] = RGB (0x77767b),
      [VMS_DRAW_PCPU_IDLE] = RGB (0x9a9996),
      [VMS_DRAW_PCPU_HOST] = RGB (0x1c71d8),
      [VMS_DRAW_PCPU_VCPU] = RGB (0x26a269),
    },
    /* dark: lighter shades on a dark background */
    {
      [VMS_DRAW_UNKNOWN] = RGB (0x5e5c64),
      [VMS_DRAW_VCPU_RUNNING] = RGB (0x57e389),
      [VMS_DRAW_VCPU_IDLE] = RGB (0x77767b),
      [VMS_DRAW_VCPU_HYPERVISOR] = RGB (0xff5555),
      [VMS_DRAW_VCPU_PREEMPTED] = RGB (0xc061cb),
      [VMS_DRAW_THREAD_RUNNING] = RGB (0x57e389),
      [VMS_DRAW_THREAD_SYSCALL] = RGB (0x62a0ea),
      [VMS_DRAW_THREAD_INTERRUPTED] = RGB (0xffa348),
      [VMS_DRAW_THREAD_RUNNABLE] = RGB (0xf8e45c),
      [VMS_DRAW_THREAD_BLOCKED] = RGB (0x77767b),
      [VMS_DRAW_THREAD_APPEARED] = RGB (0x9a9996),
      [VMS_DRAW_PCPU_IDLE] = RGB (0x77767b),
      [VMS_DRAW_PCPU_HOST] = RGB (0x62a0ea),
      [VMS_DRAW_PCPU_VCPU] = RGB (0x57e389),
    },
  },
  [VMS_PALETTE_COLORBLIND] = {
    /* Okabe & Ito: bluish green, vermillion, blue, orange, sky blue, yellow */
    {
      [VMS_DRAW_UNKNOWN] = RGB (0xcccccc),
      [VMS_DRAW_VCPU_RUNNING] = RGB (0x009e73),
      [VMS_DRAW_VCPU_IDLE] = RGB (0xaaaaaa),
      [VMS_DRAW_VCPU_HYPERVISOR] = RGB (0xe69f00),
      [VMS_DRAW_VCPU_PREEMPTED] = RGB (0x0072b2),
      [VMS_DRAW_THREAD_RUNNING] = RGB (0x009e73),
      [VMS_DRAW_THREAD_SYSCALL] = RGB (0x56b4e9),
      [VMS_DRAW_THREAD_INTERRUPTED] = RGB (0xd55e00),
      [VMS_DRAW_THREAD_RUNNABLE] = RGB (0xf0e442),
      [VMS_DRAW_THREAD_BLOCKED] = RGB (0xbbbbbb),
      [VMS_DRAW_THREAD_APPEARED] = RGB (0x666666),
      [VMS_DRAW_PCPU_IDLE] = RGB (0xaaaaaa),
      [VMS_DRAW_PCPU_HOST] = RGB (0xcc79a7),
      [VMS_DRAW_PCPU_VCPU] = RGB (0x009e73),
    },
    {
      [VMS_DRAW_UNKNOWN] = RGB (0x555555),
      [VMS_DRAW_VCPU_RUNNING] = RGB (0x00c08e),
      [VMS_DRAW_VCPU_IDLE] = RGB (0x777777),
      [VMS_DRAW_VCPU_HYPERVISOR] = RGB (0xf0b030),
      [VMS_DRAW_VCPU_PREEMPTED] = RGB (0x3a9ee0),
      [VMS_DRAW_THREAD_RUNNING] = RGB (0x00c08e),
      [VMS_DRAW_THREAD_SYSCALL] = RGB (0x56b4e9),
      [VMS_DRAW_THREAD_INTERRUPTED] = RGB (0xe57020),
      [VMS_DRAW_THREAD_RUNNABLE] = RGB (0xf0e442),
      [VMS_DRAW_THREAD_BLOCKED] = RGB (0x777777),
      [VMS_DRAW_THREAD_APPEARED] = RGB (0x999999),
      [VMS_DRAW_PCPU_IDLE] = RGB (0x777777),
      [VMS_DRAW_PCPU_HOST] = RGB (0xd98cbb),
      [VMS_DRAW_PCPU_VCPU] = RGB (0x00c08e),
    },
  },
};

static VmsPalette palettes[2][2];

static void
build_palette (VmsPalette *p, VmsPaletteKind kind, gboolean dark)
{
  const VmsColor light_bg = RGB (0xffffff), dark_bg = RGB (0x1e1e1e);
  const VmsColor light_fg = RGB (0x241f31), dark_fg = RGB (0xf6f5f4);

  p->background = dark ? dark_bg : light_bg;
  p->row_alt = dark ? (VmsColor){ 1, 1, 1, 0.035 } : (VmsColor){ 0, 0, 0, 0.03 };
  p->foreground = dark ? dark_fg : light_fg;
  p->dim = dark ? (VmsColor){ 1, 1, 1, 0.55 } : (VmsColor){ 0, 0, 0, 0.55 };
  p->grid = dark ? (VmsColor){ 1, 1, 1, 0.12 } : (VmsColor){ 0, 0, 0, 0.1 };
  p->selection = dark ? (VmsColor){ 0.38, 0.63, 0.92, 0.25 } : (VmsColor){ 0.21, 0.52, 0.89, 0.2 };
  p->header = dark ? (VmsColor){ 1, 1, 1, 0.07 } : (VmsColor){ 0, 0, 0, 0.06 };

  for (guint s = 0; s < VMS_DRAW_N_STATES; s++)
    {
      VmsStateStyle *st = &p->states[s];

      st->color = colors[kind][dark][s];
      st->height = shapes[s].height;
      st->fill = shapes[s].fill;
      /* Lines that contrast with the fill whatever its hue, in print too */
      if (vms_color_luminance (&st->color) > 0.3)
        st->pattern_color = (VmsColor){ 0, 0, 0, 0.55 };
      else
        st->pattern_color = (VmsColor){ 1, 1, 1, 0.6 };
    }
}

const VmsPalette *
vms_palette_get (VmsPaletteKind kind, gboolean dark)
{
  static gsize initialized = 0;

  g_return_val_if_fail (kind <= VMS_PALETTE_COLORBLIND, NULL);

  if (g_once_init_enter (&initialized))
    {
      for (guint k = 0; k < 2; k++)
        for (guint d = 0; d < 2; d++)
          build_palette (&palettes[k][d], k, d);
      g_once_init_leave (&initialized, 1);
    }
  return &palettes[kind][dark ? 1 : 0];
}

const char *
vms_draw_state_get_name (VmsDrawState state)
{
  switch (state)
    {
      case VMS_DRAW_NONE:
        return "";
      case VMS_DRAW_UNKNOWN:
        return _ ("Unknown");
      case VMS_DRAW_VCPU_RUNNING:
        return _ ("Running");
      case VMS_DRAW_VCPU_IDLE:
        return _ ("Idle");
      case VMS_DRAW_VCPU_HYPERVISOR:
        return _ ("Hypervisor");
      case VMS_DRAW_VCPU_PREEMPTED:
        return _ ("Preempted");
      case VMS_DRAW_THREAD_RUNNING:
        return _ ("Running");
      case VMS_DRAW_THREAD_SYSCALL:
        return _ ("System call");
      case VMS_DRAW_THREAD_INTERRUPTED:
        return _ ("Interrupted");
      case VMS_DRAW_THREAD_RUNNABLE:
        return _ ("Waiting for CPU");
      case VMS_DRAW_THREAD_BLOCKED:
        return _ ("Blocked");
      case VMS_DRAW_THREAD_APPEARED:
        return _ ("Appeared to run");
      case VMS_DRAW_PCPU_IDLE:
        return _ ("Idle");
      case VMS_DRAW_PCPU_HOST:
        return _ ("Thread");
      case VMS_DRAW_PCPU_VCPU:
        return _ ("vCPU");
      case VMS_DRAW_N_STATES:
      default:
        break;
    }
  return "";
}

const VmsDrawState *
vms_legend_group_get_states (VmsLegendGroup kind)
{
  static const VmsDrawState vcpu[]
    = { VMS_DRAW_VCPU_RUNNING,   VMS_DRAW_VCPU_IDLE, VMS_DRAW_VCPU_HYPERVISOR,
        VMS_DRAW_VCPU_PREEMPTED, VMS_DRAW_UNKNOWN,   VMS_DRAW_NONE };
  static const VmsDrawState thread[] = { VMS_DRAW_THREAD_RUNNING,  VMS_DRAW_THREAD_APPEARED,
                                         VMS_DRAW_THREAD_SYSCALL,  VMS_DRAW_THREAD_INTERRUPTED,
                                         VMS_DRAW_THREAD_RUNNABLE, VMS_DRAW_THREAD_BLOCKED,
                                         VMS_DRAW_UNKNOWN,         VMS_DRAW_NONE };
  static const VmsDrawState pcpu[] = { VMS_DRAW_PCPU_VCPU, VMS_DRAW_PCPU_HOST, VMS_DRAW_PCPU_IDLE,
                                       VMS_DRAW_UNKNOWN, VMS_DRAW_NONE };

  switch (kind)
    {
      case VMS_LEGEND_VCPU:
        return vcpu;
      case VMS_LEGEND_THREAD:
        return thread;
      case VMS_LEGEND_CPU:
      default:
        return pcpu;
    }
}

static double
linear (double c)
{
  return c <= 0.04045 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

double
vms_color_luminance (const VmsColor *color)
{
  return 0.2126 * linear (color->red) + 0.7152 * linear (color->green)
         + 0.0722 * linear (color->blue);
}
