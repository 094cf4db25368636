/* vms-ticks.c
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include "vms-ticks.h"

gint64
vms_ticks_step (gint64 begin, gint64 end, double width_px, double min_px)
{
  static const gint64 mantissas[] = { 1, 2, 5 };
  double span = (double) end - (double) begin;
  double min_step;
  gint64 decade = 1;

  if (span <= 0 || width_px <= 0)
    return 1;
  min_step = span * (min_px > 0 ? min_px : 1) / width_px;

  for (;;)
    {
      for (guint i = 0; i < G_N_ELEMENTS (mantissas); i++)
        {
          gint64 step = mantissas[i] * decade;

          if ((double) step >= min_step)
            return step;
        }
      if (decade > G_MAXINT64 / 10 / 5)
        return decade * 5;
      decade *= 10;
    }
}

gint64
vms_ticks_first (gint64 begin, gint64 step)
{
  gint64 q;

  g_return_val_if_fail (step > 0, begin);

  q = begin / step;
  if (q * step < begin)
    q++;
  return q * step;
}
