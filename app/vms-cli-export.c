/* vms-cli-export.c — `vmscope export PATH... -o FILE.png|svg|pdf`: the timeline as an image,
 * without a display.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Loads the traces with the analysis' synchronous wrapper and draws them with
 * vms_render_to_file(), the code that draws the window.  Options are checked
 * before the traces are read, so a typo fails at once.
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "vms-analysis.h"
#include "vms-cli.h"
#include "vms-render.h"
#include "vms-time.h"

#define MAX_SIDE 16384

/* The groups --rows can show; the others are drawn collapsed. */
enum {
  ROWS_VMS = 1 << 0,          /* the vCPUs of each VM */
  ROWS_THREADS = 1 << 1,      /* the guest threads of each VM */
  ROWS_PCPUS = 1 << 2,        /* the host's physical CPUs */
  ROWS_HOST_THREADS = 1 << 3, /* the host's threads */
  ROWS_ALL = 0xf,
};

static const struct {
  const char *name;
  guint flag;
} row_names[] = {
  { "vms", ROWS_VMS },
  { "vcpus", ROWS_VMS },
  { "threads", ROWS_THREADS },
  { "pcpus", ROWS_PCPUS },
  { "host-threads", ROWS_HOST_THREADS },
  { "all", ROWS_ALL },
};

static gboolean
parse_rows (const char *text, guint *rows, GError **error)
{
  g_auto (GStrv) names = g_strsplit (text, ",", -1);

  *rows = 0;
  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *name = g_strstrip (names[i]);
      gboolean found = FALSE;

      for (guint j = 0; j < G_N_ELEMENTS (row_names); j++)
        if (strcmp (name, row_names[j].name) == 0)
          {
            *rows |= row_names[j].flag;
            found = TRUE;
          }
      if (!found)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _ ("--rows: unknown rows “%s”; choose among vms, threads, pcpus, "
                          "host-threads and all, separated by commas"),
                       name);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
parse_size (const char *text, int *width, int *height, GError **error)
{
  char *end = NULL;
  gint64 w, h;

  errno = 0;
  w = g_ascii_strtoll (text, &end, 10);
  if (errno == 0 && end != text && (*end == 'x' || *end == 'X'))
    {
      const char *rest = end + 1;

      h = g_ascii_strtoll (rest, &end, 10);
      if (errno == 0 && end != rest && *end == '\0' && w > 0 && h > 0 && w <= MAX_SIDE
          && h <= MAX_SIDE)
        {
          *width = (int) w;
          *height = (int) h;
          return TRUE;
        }
    }
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _ ("--size: “%s” is not a size: write WIDTHxHEIGHT in pixels, for example "
                  "1920x1080, each between 1 and %d"),
               text, MAX_SIDE);
  return FALSE;
}

/* Collapses the groups whose rows are not wanted; NULL when every row is shown. */
static gboolean *
collapsed_for_rows (VmsModel *model, guint rows)
{
  guint n = vms_model_get_n_rows (model);
  gboolean *collapsed;
  int host = vms_model_get_host (model);

  if (rows == ROWS_ALL)
    return NULL;
  collapsed = g_new0 (gboolean, n);
  for (guint r = 0; r < n; r++)
    {
      const VmsRow *row = vms_model_get_row (model, r);
      const VmsRow *parent = row->parent >= 0 ? vms_model_get_row (model, row->parent) : NULL;
      gboolean is_threads = row->kind == VMS_ROW_GROUP && row->depth > 0 && r + 1 < n
                            && vms_model_get_row (model, r + 1)->kind == VMS_ROW_THREAD;
      gboolean is_cpus = row->kind == VMS_ROW_GROUP && row->depth > 0 && r + 1 < n
                         && vms_model_get_row (model, r + 1)->kind == VMS_ROW_CPU;

      if (row->kind != VMS_ROW_GROUP)
        continue;
      if (row->depth == 0 && row->vm >= 0)
        collapsed[r] = (rows & (ROWS_VMS | ROWS_THREADS)) == 0;
      else if (is_threads && parent != NULL && parent->vm >= 0)
        collapsed[r] = (rows & ROWS_THREADS) == 0;
      else if (is_threads && row->machine == host)
        collapsed[r] = (rows & ROWS_HOST_THREADS) == 0;
      else if (is_cpus && row->machine == host)
        collapsed[r] = (rows & ROWS_PCPUS) == 0;
    }
  return collapsed;
}

static gboolean
format_known (const char *path)
{
  const char *dot = strrchr (path, '.');

  return dot != NULL && strchr (dot, G_DIR_SEPARATOR) == NULL
         && (g_ascii_strcasecmp (dot, ".png") == 0 || g_ascii_strcasecmp (dot, ".svg") == 0
             || g_ascii_strcasecmp (dot, ".pdf") == 0);
}

static gboolean
check_output (const char *output, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (output);

  if (!format_known (output))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _ ("-o: cannot tell the format of “%s”: end the file name with .png, .svg "
                      "or .pdf"),
                   output);
      return FALSE;
    }
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR) || g_access (dir, W_OK) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _ ("Cannot write “%s”: the folder “%s” does not exist or is not writable"),
                   output, dir);
      return FALSE;
    }
  return TRUE;
}

static char *
make_caption (VmsAnalysis *analysis, gint64 begin, gint64 end, gint64 origin)
{
  VmsTraceSet *set = vms_analysis_get_trace_set (analysis);
  g_autoptr (GString) text = g_string_new (NULL);
  g_autofree char *a = vms_time_format_relative (begin, origin);
  g_autofree char *b = vms_time_format_relative (end, origin);
  g_autofree char *span = vms_time_format_duration (end - begin, 3);

  for (guint i = 0; set != NULL && i < vms_trace_set_get_n_traces (set); i++)
    g_string_append_printf (text, "%s%s", i > 0 ? ", " : "",
                            vms_trace_get_hostname (vms_trace_set_get_trace (set, i)));
  g_string_append_printf (text, "    %s – %s (%s)", a, b, span);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
print_error (const char *message)
{
  g_printerr ("vmscope export: %s\n", message);
}

int
vms_cli_export (int argc, char **argv)
{
  g_autofree char *output = NULL;
  g_autofree char *range = NULL;
  g_autofree char *size = NULL;
  g_autofree char *rows_text = NULL;
  g_auto (GStrv) paths = NULL;
  double scale = 1;
  int width = 1920, height = 0;
  guint rows = ROWS_ALL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_ ("The image to write: .png, .svg or .pdf"), N_ ("FILE") },
    { "range", 0, 0, G_OPTION_ARG_STRING, &range,
      N_ ("The time range drawn, START..END (default: the whole trace)"), N_ ("A..B") },
    { "size", 0, 0, G_OPTION_ARG_STRING, &size,
      N_ ("Width and height in pixels (default: 1920 wide, as tall as the rows)"), N_ ("WxH") },
    { "scale", 0, 0, G_OPTION_ARG_DOUBLE, &scale, N_ ("Pixels per unit of a PNG, 2 for print"),
      N_ ("N") },
    { "rows", 0, 0, G_OPTION_ARG_STRING, &rows_text,
      N_ ("The rows shown, among vms, threads, pcpus, host-threads, all (default: all)"),
      N_ ("LIST") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &paths, NULL, N_ ("PATH…") },
    { NULL },
  };
  g_autoptr (GOptionContext) context
    = g_option_context_new (_ ("-o FILE — draw the timeline into an image"));
  g_autoptr (GError) error = NULL;
  g_autoptr (VmsAnalysis) analysis = NULL;
  g_autofree gboolean *collapsed = NULL;
  g_autofree char *caption = NULL;
  VmsRenderOptions opts;
  VmsModel *model;
  gint64 begin, end, origin;
  gboolean partial = FALSE;

  g_option_context_set_summary (context,
                                _ ("Draws the timeline of the traces found under each PATH into "
                                   "an image, without a display."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      print_error (error->message);
      return VMS_CLI_USAGE;
    }
  if (paths == NULL || paths[0] == NULL)
    {
      print_error (_ ("give the trace folders to draw: vmscope export PATH… -o FILE"));
      return VMS_CLI_USAGE;
    }
  if (output == NULL)
    {
      print_error (_ ("give the image to write with -o FILE.png, FILE.svg or FILE.pdf"));
      return VMS_CLI_USAGE;
    }
  if ((size != NULL && !parse_size (size, &width, &height, &error))
      || (rows_text != NULL && !parse_rows (rows_text, &rows, &error)))
    {
      print_error (error->message);
      return VMS_CLI_USAGE;
    }
  if (!(scale > 0 && scale <= 4))
    {
      print_error (_ ("--scale: give a factor above 0 and at most 4, for example 2"));
      return VMS_CLI_USAGE;
    }
  /* The range's syntax is checked now, its values once the trace start is known. */
  if (range != NULL && !vms_time_parse_range (range, 0, &begin, &end, &error))
    {
      g_autofree char *message = g_strdup_printf ("--range: %s", error->message);

      print_error (message);
      return VMS_CLI_USAGE;
    }
  if (!check_output (output, &error))
    {
      print_error (error->message);
      return g_error_matches (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE) ? VMS_CLI_USAGE
                                                                               : VMS_CLI_FAILED;
    }

  analysis = vms_analysis_new ((const char *const *) paths);
  if (!vms_analysis_run (analysis, NULL, NULL, NULL, &error))
    {
      print_error (error->message);
      partial = TRUE;
      g_clear_error (&error);
    }
  model = vms_analysis_get_model (analysis);
  if (model == NULL || vms_model_get_n_rows (model) == 0
      || vms_model_get_end (model) <= vms_model_get_begin (model))
    {
      if (!partial)
        print_error (_ ("the traces hold no events to draw"));
      return VMS_CLI_FAILED;
    }

  origin = vms_analysis_get_origin (analysis);
  begin = vms_model_get_begin (model);
  end = vms_model_get_end (model);
  if (range != NULL && !vms_time_parse_range (range, origin, &begin, &end, &error))
    {
      g_autofree char *message = g_strdup_printf ("--range: %s", error->message);

      print_error (message);
      return VMS_CLI_USAGE;
    }

  vms_render_options_init (&opts);
  opts.model = model;
  opts.begin = begin;
  opts.end = end;
  opts.origin = origin;
  opts.time_mode = VMS_TIME_MODE_RELATIVE;
  opts.show_ruler = TRUE;
  opts.show_legend = TRUE;
  collapsed = collapsed_for_rows (model, rows);
  opts.collapsed = collapsed;
  opts.n_collapsed = collapsed != NULL ? vms_model_get_n_rows (model) : 0;
  caption = make_caption (analysis, begin, end, origin);
  opts.caption = caption;
  opts.width = width;
  if (height == 0)
    height = (int) CLAMP (vms_render_get_natural_height (&opts), 200, MAX_SIDE);

  if (!vms_render_to_file (&opts, output, width, height, scale, &error))
    {
      print_error (error->message);
      return VMS_CLI_FAILED;
    }
  return partial ? VMS_CLI_FAILED : VMS_CLI_OK;
}
