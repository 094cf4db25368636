/* vms-sync-panel.c — the Synchronization panel.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "vms-sync-panel.h"
#include "vms-time.h"

typedef struct {
  char *name;
  int row;
  GtkWidget *quality;
  GtkWidget *entry;
} MachineLine;

struct _VmsSyncPanel {
  GtkWidget parent_instance;

  /* Template widgets */
  GtkWidget *scroller;
  GtkGrid *grid;
  GtkWidget *empty_label;

  VmsSession *session;
  VmsAnalysis *analysis;
  GPtrArray *lines; /* MachineLine */
};

enum { OFFSET_CHANGED, N_SIGNALS };

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VmsSyncPanel, vms_sync_panel, GTK_TYPE_WIDGET)

static void
machine_line_free (gpointer data)
{
  MachineLine *line = data;

  g_free (line->name);
  g_free (line);
}

static const char *
quality_label (VmsSyncQuality quality)
{
  switch (quality)
    {
      case VMS_SYNC_QUALITY_ABSENT:
        /* Translators: sync quality: no message matched, the machine keeps its own clock */
        return _ ("absent");
      case VMS_SYNC_QUALITY_INCOMPLETE:
        return _ ("incomplete");
      case VMS_SYNC_QUALITY_APPROXIMATE:
        return _ ("approximate");
      case VMS_SYNC_QUALITY_ACCURATE:
        return _ ("accurate");
      case VMS_SYNC_QUALITY_FAIL:
        return _ ("fail");
      case VMS_SYNC_QUALITY_MANUAL:
        return _ ("manual");
      case VMS_SYNC_QUALITY_REFERENCE:
        return _ ("reference");
      default:
        return _ ("unknown");
    }
}

static GtkWidget *
cell (VmsSyncPanel *self, const char *text, int column, int row, gboolean numeric)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1.0f : 0.0f);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  gtk_grid_attach (self->grid, label, column, row, 1, 1);
  return label;
}

static void
entry_activate_cb (VmsSyncPanel *self, GtkEntry *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  const char *machine = g_object_get_data (G_OBJECT (entry), "machine");
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autoptr (GError) error = NULL;
  gint64 offset = 0;

  if (*stripped == '\0')
    {
      gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
      g_signal_emit (self, signals[OFFSET_CHANGED], 0, machine, FALSE, (gint64) 0);
      return;
    }
  if (!vms_time_parse (text, 0, &offset, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (entry), error->message);
      gtk_widget_error_bell (GTK_WIDGET (entry));
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  g_signal_emit (self, signals[OFFSET_CHANGED], 0, machine, TRUE, offset);
}

/* "+12.345 ppm": α − 1 */
static char *
format_drift (double alpha)
{
  /* Translators: clock drift in parts per million */
  return g_strdup_printf (_ ("%+.3f ppm"), (alpha - 1.0) * 1e6);
}

static char *
format_accuracy (const VmsSyncResult *r)
{
  if (r->quality == VMS_SYNC_QUALITY_REFERENCE || r->quality == VMS_SYNC_QUALITY_MANUAL
      || r->quality == VMS_SYNC_QUALITY_ABSENT || r->unreachable)
    return g_strdup ("—");
  if (!isfinite (r->accuracy))
    /* Translators: sync accuracy when a bound of the drift is missing */
    return g_strdup (_ ("unbounded"));
  return g_strdup_printf (_ ("%.3g ppm"), r->accuracy * 1e6);
}

static void
add_header (VmsSyncPanel *self)
{
  const char *titles[] = {
    _ ("Machine"),  _ ("Reference"), _ ("Drift"),      _ ("Offset"),        _ ("Quality"),
    _ ("Accuracy"), _ ("Matches"),   _ ("Violations"), _ ("Manual Offset"),
  };

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      GtkWidget *label = cell (self, titles[i], (int) i, 0, i >= 2 && i != 4 && i != 8);

      gtk_label_set_selectable (GTK_LABEL (label), FALSE);
      gtk_widget_add_css_class (label, "heading");
    }
}

static void
rebuild (VmsSyncPanel *self)
{
  VmsSync *sync = self->analysis != NULL ? vms_analysis_get_sync (self->analysis) : NULL;
  VmsTraceSet *set = self->analysis != NULL ? vms_analysis_get_trace_set (self->analysis) : NULL;
  GtkWidget *child;
  guint n;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))) != NULL)
    gtk_grid_remove (self->grid, child);
  g_ptr_array_set_size (self->lines, 0);

  n = sync != NULL && set != NULL
        ? MIN (vms_sync_get_n_traces (sync), vms_trace_set_get_n_traces (set))
        : 0;
  gtk_widget_set_visible (self->empty_label, n == 0);
  if (n == 0)
    return;

  add_header (self);
  for (guint i = 0; i < n; i++)
    {
      const VmsSyncResult *r = vms_sync_get_result (sync, i);
      VmsTrace *trace = vms_trace_set_get_trace (set, i);
      const char *name = vms_trace_get_hostname (trace);
      const char *ref_name = vms_trace_get_hostname (vms_trace_set_get_trace (set, r->reference));
      gint64 origin = vms_analysis_get_origin (self->analysis);
      gint64 offset = vms_sync_from_reference (sync, i, origin) - origin;
      gboolean is_ref = r->quality == VMS_SYNC_QUALITY_REFERENCE;
      /* No formula: the machine kept its own clock */
      gboolean no_formula = is_ref || r->unreachable || r->quality == VMS_SYNC_QUALITY_ABSENT;
      gboolean warn = r->quality == VMS_SYNC_QUALITY_ABSENT || r->quality == VMS_SYNC_QUALITY_FAIL;
      g_autofree char *drift = format_drift (r->alpha);
      g_autofree char *offset_text = vms_time_format_duration (offset, 6);
      g_autofree char *accuracy = format_accuracy (r);
      g_autofree char *matches = g_strdup_printf ("%" G_GUINT64_FORMAT, r->n_matches);
      g_autofree char *violations = g_strdup_printf (
        "%s%" G_GUINT64_FORMAT, r->violations_estimated ? "≈" : "", r->n_violations);
      g_autofree char *formula = NULL;
      MachineLine *line = g_new0 (MachineLine, 1);
      GtkWidget *label;
      int row = (int) i + 1;

      /* Translators: the exact clock formula of a machine, e.g.
       * "t(jessie) = 1.000012345678 × t(kvmhost) + -21345678901 ns" */
      formula = g_strdup_printf (_ ("t(%s) = %.12f × t(%s) %s %.0f ns"), name, r->alpha, ref_name,
                                 r->beta < 0 ? "−" : "+", fabs (r->beta));
      line->name = g_strdup (name);
      line->row = row;
      label = cell (self, name, 0, row, FALSE);
      gtk_widget_add_css_class (label, "heading");
      cell (self, is_ref ? "—" : ref_name, 1, row, FALSE);
      label = cell (self, no_formula ? "—" : drift, 2, row, TRUE);
      gtk_widget_set_tooltip_text (label, no_formula ? NULL : formula);
      label = cell (self, no_formula ? "—" : offset_text, 3, row, TRUE);
      gtk_widget_set_tooltip_text (label, no_formula ? NULL : formula);
      line->quality = cell (self, quality_label (r->quality), 4, row, FALSE);
      if (warn)
        {
          g_autofree char *text = g_strdup_printf ("⚠ %s", quality_label (r->quality));

          gtk_label_set_text (GTK_LABEL (line->quality), text);
          gtk_widget_add_css_class (line->quality, "error");
          gtk_widget_set_tooltip_text (
            line->quality,
            r->quality == VMS_SYNC_QUALITY_FAIL
              ? _ ("The messages contradict each other (a clock jump?): the last good formula "
                   "is kept. Type an offset by hand if the timeline looks wrong.")
              : _ ("No message links this machine to the reference: it keeps its own clock. "
                   "Type an offset by hand to line it up."));
        }
      else if (r->quality == VMS_SYNC_QUALITY_ACCURATE || r->quality == VMS_SYNC_QUALITY_MANUAL)
        gtk_widget_add_css_class (line->quality,
                                  r->quality == VMS_SYNC_QUALITY_ACCURATE ? "success" : "accent");
      cell (self, accuracy, 5, row, TRUE);
      cell (self, is_ref ? "—" : matches, 6, row, TRUE);
      label = cell (self, is_ref ? "—" : violations, 7, row, TRUE);
      if (r->n_violations > 0)
        gtk_widget_add_css_class (label, "warning");

      line->entry = gtk_entry_new ();
      gtk_editable_set_width_chars (GTK_EDITABLE (line->entry), 10);
      gtk_widget_set_sensitive (line->entry, !is_ref);
      g_object_set_data_full (G_OBJECT (line->entry), "machine", g_strdup (name), g_free);
      if (r->quality == VMS_SYNC_QUALITY_MANUAL)
        {
          /* "-300.000000 ms" reads back through vms_time_parse(); past a minute, ns */
          g_autofree char *text = ABS (offset) < 60 * VMS_NS_PER_S
                                    ? vms_time_format_duration (offset, 9)
                                    : g_strdup_printf ("%" G_GINT64_FORMAT, offset);

          gtk_editable_set_text (GTK_EDITABLE (line->entry), text);
        }
      gtk_entry_set_placeholder_text (GTK_ENTRY (line->entry), is_ref ? "" : _ ("e.g. −1.25s"));
      gtk_widget_set_tooltip_text (line->entry,
                                   is_ref ? _ ("The reference clock: other machines are put on it")
                                          : _ ("t_machine − t_reference, in any unit (−1.25s, "
                                               "250ms, nanoseconds); Enter rebuilds the "
                                               "timeline with it, empty synchronizes again"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (line->entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _ ("Manual offset"), -1);
      g_signal_connect_object (line->entry, "activate", G_CALLBACK (entry_activate_cb), self,
                               G_CONNECT_SWAPPED);
      gtk_grid_attach (self->grid, line->entry, 8, row, 1, 1);
      g_ptr_array_add (self->lines, line);
    }
}

static void
vms_sync_panel_dispose (GObject *object)
{
  VmsSyncPanel *self = VMS_SYNC_PANEL (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), VMS_TYPE_SYNC_PANEL);
  g_clear_object (&self->session);
  g_clear_object (&self->analysis);

  G_OBJECT_CLASS (vms_sync_panel_parent_class)->dispose (object);
}

static void
vms_sync_panel_finalize (GObject *object)
{
  VmsSyncPanel *self = VMS_SYNC_PANEL (object);

  g_clear_pointer (&self->lines, g_ptr_array_unref);

  G_OBJECT_CLASS (vms_sync_panel_parent_class)->finalize (object);
}

static void
vms_sync_panel_class_init (VmsSyncPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vms_sync_panel_dispose;
  object_class->finalize = vms_sync_panel_finalize;

  /**
   * VmsSyncPanel::offset-changed:
   * @machine: the machine's name (hostname)
   * @set: TRUE for a manual offset, FALSE to synchronize the machine again
   * @offset_ns: t_machine − t_reference in nanoseconds, when set
   */
  signals[OFFSET_CHANGED]
    = g_signal_new ("offset-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_BOOLEAN, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/vmscope/VmScope/vms-sync-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, VmsSyncPanel, scroller);
  gtk_widget_class_bind_template_child (widget_class, VmsSyncPanel, grid);
  gtk_widget_class_bind_template_child (widget_class, VmsSyncPanel, empty_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "vmssyncpanel");
}

static void
vms_sync_panel_init (VmsSyncPanel *self)
{
  self->lines = g_ptr_array_new_with_free_func (machine_line_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
vms_sync_panel_new (VmsSession *session)
{
  VmsSyncPanel *self = g_object_new (VMS_TYPE_SYNC_PANEL, NULL);

  g_set_object (&self->session, session);
  return GTK_WIDGET (self);
}

void
vms_sync_panel_set_analysis (VmsSyncPanel *self, VmsAnalysis *analysis)
{
  g_return_if_fail (VMS_IS_SYNC_PANEL (self));

  g_set_object (&self->analysis, analysis);
  rebuild (self);
}

static MachineLine *
find_line (VmsSyncPanel *self, const char *machine)
{
  for (guint i = 0; i < self->lines->len; i++)
    {
      MachineLine *line = g_ptr_array_index (self->lines, i);

      if (g_strcmp0 (line->name, machine) == 0)
        return line;
    }
  return NULL;
}

const char *
vms_sync_panel_get_quality (VmsSyncPanel *self, const char *machine)
{
  MachineLine *line;

  g_return_val_if_fail (VMS_IS_SYNC_PANEL (self), NULL);

  line = find_line (self, machine);
  return line != NULL ? gtk_label_get_text (GTK_LABEL (line->quality)) : NULL;
}

GtkEditable *
vms_sync_panel_get_offset_entry (VmsSyncPanel *self, const char *machine)
{
  MachineLine *line;

  g_return_val_if_fail (VMS_IS_SYNC_PANEL (self), NULL);

  line = find_line (self, machine);
  return line != NULL ? GTK_EDITABLE (line->entry) : NULL;
}

char *
vms_sync_panel_dup_line_text (VmsSyncPanel *self, const char *machine)
{
  g_autoptr (GString) text = g_string_new (NULL);
  MachineLine *line;

  g_return_val_if_fail (VMS_IS_SYNC_PANEL (self), NULL);

  if ((line = find_line (self, machine)) == NULL)
    return NULL;
  for (int column = 0; column < 8; column++)
    {
      GtkWidget *child = gtk_grid_get_child_at (self->grid, column, line->row);

      if (column > 0)
        g_string_append_c (text, '\t');
      if (GTK_IS_LABEL (child))
        g_string_append (text, gtk_label_get_text (GTK_LABEL (child)));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}
