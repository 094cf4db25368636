/* vms-label-fit.c
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include "vms-label-fit.h"

#define ELLIPSIS "…"

/* The longest prefix of text (in characters) such that prefix + "…" + tail fits. */
static char *
fit_prefix (const char *text,
            const char *tail,
            double max_width,
            VmsTextWidthFunc measure,
            gpointer user_data)
{
  glong n_chars = g_utf8_strlen (text, -1);
  glong lo = 0, hi = n_chars;
  g_autofree char *best = NULL;

  /* Binary search on the character count: widths grow with the prefix. */
  while (lo < hi)
    {
      glong mid = (lo + hi + 1) / 2;
      const char *end = g_utf8_offset_to_pointer (text, mid);
      g_autofree char *prefix = g_strndup (text, end - text);
      g_autofree char *cand = g_strconcat (prefix, ELLIPSIS, tail, NULL);

      if (measure (cand, user_data) <= max_width)
        lo = mid;
      else
        hi = mid - 1;
    }
  {
    const char *end = g_utf8_offset_to_pointer (text, lo);
    g_autofree char *prefix = g_strndup (text, end - text);

    g_strchomp (prefix);
    best = g_strconcat (prefix, ELLIPSIS, tail, NULL);
  }
  if (measure (best, user_data) > max_width)
    return NULL;
  return g_steal_pointer (&best);
}

char *
vms_label_fit (const char *name,
               const char *suffix,
               double max_width,
               VmsTextWidthFunc measure,
               gpointer user_data)
{
  g_autofree char *whole = NULL;
  char *fitted;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (measure != NULL, NULL);

  if (suffix == NULL)
    suffix = "";
  whole = g_strconcat (name, suffix, NULL);
  if (measure (whole, user_data) <= max_width)
    return g_steal_pointer (&whole);

  if ((fitted = fit_prefix (name, suffix, max_width, measure, user_data)) != NULL)
    return fitted;
  if ((fitted = fit_prefix (whole, "", max_width, measure, user_data)) != NULL)
    return fitted;
  return g_strdup ("");
}
