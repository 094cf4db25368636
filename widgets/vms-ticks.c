/* vms-ticks.c
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "vms-time.h"
#include "vms-ticks.h"

gint64
vms_ticks_step (gint64 begin, gint64 end, double width_px, double min_px)
{
  static const gint64 mantissas[] = { 1, 2, 5 };
  /* Subtract in 64 bits: epoch timestamps (1.7e18) lose 256 ns as doubles. */
  double span = end > begin ? (double) ((guint64) end - (guint64) begin) : 0;
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

gint64
vms_ticks_first_in_mode (gint64 begin, gint64 step, VmsTimeMode mode, gint64 origin)
{
  if (mode == VMS_TIME_MODE_RELATIVE)
    return origin + vms_ticks_first (begin - origin, step);
  return vms_ticks_first (begin, step);
}

gint64
vms_ticks_minor_step (gint64 step)
{
  if (step < 5)
    return 0;
  for (gint64 d = step; d > 0; d /= 10)
    {
      if (d == 2)
        return step / 4;
      if (d % 10 != 0)
        break;
    }
  return step / 5;
}

guint
vms_ticks_digits (gint64 step)
{
  guint zeros = 0;

  if (step <= 0)
    return 9;
  while (zeros < 9 && step % 10 == 0)
    {
      step /= 10;
      zeros++;
    }
  return 9 - zeros;
}

/* Cuts the fraction after the first '.' to digits characters (and the '.' with it when
 * digits is 0), keeping what follows the digits (" s"). */
static char *
cut_fraction (char *text, guint digits)
{
  char *dot = strchr (text, '.');
  char *end;

  if (dot == NULL)
    return text;
  end = dot + 1;
  while (g_ascii_isdigit (*end))
    end++;
  if ((guint) (end - dot - 1) <= digits)
    return text;
  memmove (digits == 0 ? dot : dot + 1 + digits, end, strlen (end) + 1);
  return text;
}

char *
vms_ticks_label (gint64 time, gint64 step, VmsTimeMode mode, gint64 origin)
{
  char *text;

  if (mode == VMS_TIME_MODE_RELATIVE)
    text = vms_time_format_relative (time, origin);
  else
    text = vms_time_format_clock (time, FALSE);
  return cut_fraction (text, vms_ticks_digits (step));
}

gint64
vms_ticks_fit (gint64 begin,
               gint64 end,
               double width_px,
               double min_px,
               double padding,
               VmsTimeMode mode,
               gint64 origin,
               VmsTextWidthFunc measure,
               gpointer user_data)
{
  gint64 step = vms_ticks_step (begin, end, width_px, min_px);

  g_return_val_if_fail (measure != NULL, step);

  for (guint round = 0; round < 8; round++)
    {
      gint64 first = vms_ticks_first_in_mode (begin, step, mode, origin);
      double need = 0;
      double have = width_px * (double) step / (double) ((guint64) end - (guint64) begin);

      /* The widest labels are those with the most digits: measure a few ticks. */
      for (guint i = 0; i < 3; i++)
        {
          gint64 t = first + (gint64) i * step;
          g_autofree char *label = NULL;

          if (i > 0 && t >= end)
            break;
          label = vms_ticks_label (t, step, mode, origin);
          need = MAX (need, measure (label, user_data) + padding);
        }
      if (need <= have)
        return step;
      step = vms_ticks_step (begin, end, width_px, need);
    }
  return step;
}
