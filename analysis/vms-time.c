/* vms-time.c
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <math.h>
#include <string.h>

#include "vms-time.h"

char *
vms_time_format_duration (gint64 ns, guint digits)
{
  const char *sign = ns < 0 ? "-" : "";
  guint64 v = ns < 0 ? (guint64) 0 - (guint64) ns : (guint64) ns;

  if (v < 1000)
    return g_strdup_printf ("%s%" G_GUINT64_FORMAT " ns", sign, v);
  if (v < 1000000)
    return g_strdup_printf ("%s%.*f µs", sign, MIN (digits, 3), v / 1e3);
  if (v < 1000000000)
    return g_strdup_printf ("%s%.*f ms", sign, MIN (digits, 6), v / 1e6);
  if (v < 60 * G_GUINT64_CONSTANT (1000000000))
    return g_strdup_printf ("%s%.*f s", sign, MIN (digits, 9), v / 1e9);
  return g_strdup_printf ("%s%" G_GUINT64_FORMAT " min %0*.*f s", sign, v / 60000000000u,
                          digits > 0 ? (int) MIN (digits, 9) + 3 : 2, MIN (digits, 9),
                          (v % 60000000000u) / 1e9);
}

char *
vms_time_format_relative (gint64 ns, gint64 base)
{
  gint64 d = ns - base;
  guint64 v = d < 0 ? (guint64) 0 - (guint64) d : (guint64) d;

  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%09" G_GUINT64_FORMAT " s", d < 0 ? "-" : "+",
                          v / 1000000000u, v % 1000000000u);
}

char *
vms_time_format_clock (gint64 ns, gboolean with_date)
{
  gint64 secs = ns >= 0 ? ns / VMS_NS_PER_S : (ns - (VMS_NS_PER_S - 1)) / VMS_NS_PER_S;
  gint64 frac = ns - secs * VMS_NS_PER_S;
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (secs);
  g_autofree char *hms = NULL;

  if (dt == NULL)
    return g_strdup_printf ("%" G_GINT64_FORMAT " ns", ns);
  hms = g_date_time_format (dt, with_date ? "%Y-%m-%d %H:%M:%S" : "%H:%M:%S");
  return g_strdup_printf ("%s.%09" G_GINT64_FORMAT, hms, frac);
}

static const struct {
  const char *suffix;
  gint64 scale;
} units[] = {
  { "ns", 1 },
  { "us", VMS_NS_PER_US },
  { "µs", VMS_NS_PER_US },
  { "ms", VMS_NS_PER_MS },
  { "min", 60 * VMS_NS_PER_S },
  { "s", VMS_NS_PER_S },
};

gboolean
vms_time_parse (const char *text, gint64 origin, gint64 *out_ns, GError **error)
{
  g_autofree char *s = NULL;
  gboolean relative = FALSE;
  gint64 scale = 1;
  gboolean has_unit = FALSE;
  char *end = NULL;
  gint64 value;

  g_return_val_if_fail (text != NULL, FALSE);

  s = g_strstrip (g_strdup (text));
  if (s[0] == '+')
    {
      relative = TRUE;
      memmove (s, s + 1, strlen (s));
      g_strchug (s);
    }

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      gsize len = strlen (s), slen = strlen (units[i].suffix);

      if (len > slen && strcmp (s + len - slen, units[i].suffix) == 0)
        {
          s[len - slen] = '\0';
          g_strchomp (s);
          scale = units[i].scale;
          has_unit = TRUE;
          break;
        }
    }

  if (*s == '\0')
    goto invalid;

  if (!has_unit || strpbrk (s, ".eE") == NULL)
    {
      guint64 v;

      errno = 0;
      if (!g_ascii_isdigit (s[0]) && s[0] != '-')
        goto invalid;
      value = g_ascii_strtoll (s, &end, 10);
      if (errno != 0 || *end != '\0')
        goto invalid;
      v = value < 0 ? (guint64) 0 - (guint64) value : (guint64) value;
      if (scale > 1 && v > (guint64) G_MAXINT64 / (guint64) scale)
        goto invalid;
      value *= scale;
    }
  else
    {
      double d;

      errno = 0;
      d = g_ascii_strtod (s, &end);
      if (errno != 0 || *end != '\0' || !isfinite (d))
        goto invalid;
      d = d * (double) scale;
      if (fabs (d) >= 9.2e18)
        goto invalid;
      value = (gint64) llround (d);
    }

  if (relative)
    {
      if ((value > 0 && origin > G_MAXINT64 - value) || (value < 0 && origin < G_MININT64 - value))
        goto invalid;
      value += origin;
    }
  *out_ns = value;
  return TRUE;

invalid:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               "“%s” is not a time: give nanoseconds (1361214078861347508), a duration with a "
               "unit (1.5s, 250ms, 12us, 800ns) or +DURATION from the trace start",
               text);
  return FALSE;
}

gboolean
vms_time_parse_range (
  const char *text, gint64 origin, gint64 *out_begin, gint64 *out_end, GError **error)
{
  const char *dots = strstr (text, "..");
  g_autofree char *left = NULL;

  if (dots == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a time range: write START..END, for example +1s..+1.5s", text);
      return FALSE;
    }
  left = g_strndup (text, dots - text);
  if (!vms_time_parse (left, origin, out_begin, error)
      || !vms_time_parse (dots + 2, origin, out_end, error))
    return FALSE;
  if (*out_end <= *out_begin)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "The time range “%s” ends before it starts", text);
      return FALSE;
    }
  return TRUE;
}
