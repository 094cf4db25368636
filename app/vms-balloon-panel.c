/* vms-balloon-panel.c — the Ballooning panel: the memory analysis's ranking with its numbers.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vms-balloon-panel.h"
#include "vms-memory-graph.h"

struct _VmsBalloonPanel {
  GtkWidget parent_instance;

  /* Template widgets */
  GtkStack *stack;
  GtkGrid *grid;

  VmsAnalysis *analysis;
  GPtrArray *rows; /* char *: each row as text */
};

G_DEFINE_FINAL_TYPE (VmsBalloonPanel, vms_balloon_panel, GTK_TYPE_WIDGET)

static double
percent (gint64 bytes, guint64 ram)
{
  return 100.0 * (double) bytes / (double) ram;
}

char *
vms_balloon_panel_justify (const VmsMemoryVm *vm)
{
  g_autofree char *now = NULL, *peak = NULL, *host = NULL, *unused = NULL;

  g_return_val_if_fail (vm != NULL, NULL);

  if (vm->balloon_rank == 0 || vm->guest_trace < 0)
    return g_strdup (_ ("Its guest was not traced: what it uses is unknown, so it is not ranked."));
  now = vms_memory_graph_format_bytes (vm->guest_bytes, FALSE);
  if (vm->touched_unused_bytes <= 0)
    /* Translators: %s is an amount of memory, "1.2 MiB" */
    return g_strdup_printf (_ ("Uses %s now, all the memory it touched: nothing to reclaim."), now);
  if (vm->memory_bytes > 0)
    /* Translators: percentages of the VM's memory; %% is a percent sign */
    return g_strdup_printf (_ ("Uses %.0f %% now after a %.0f %% peak: ~%.0f %% of its frames "
                               "are held for nothing."),
                            percent (vm->guest_bytes, vm->memory_bytes),
                            percent (vm->guest_peak_bytes, vm->memory_bytes),
                            percent (vm->touched_unused_bytes, vm->memory_bytes));
  peak = vms_memory_graph_format_bytes (vm->guest_peak_bytes, FALSE);
  host = vms_memory_graph_format_bytes (vm->host_bytes, FALSE);
  unused = vms_memory_graph_format_bytes (vm->touched_unused_bytes, FALSE);
  /* Translators: amounts of memory, "1.2 MiB" */
  return g_strdup_printf (_ ("Uses %s now after a %s peak, and the host gave it %s during the "
                             "trace: at least %s of its frames are held for nothing."),
                          now, peak, host, unused);
}

static GtkWidget *
cell (GtkGrid *grid, const char *text, int column, int row, gboolean number)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), number ? 1 : 0);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (number)
    gtk_widget_add_css_class (label, "numeric");
  gtk_grid_attach (grid, label, column, row, 1, 1);
  return label;
}

static void
add_row (VmsBalloonPanel *self, const VmsMemoryVm *vm)
{
  int row = 2 * (int) self->rows->len + 1;
  g_autofree char *rank
    = vm->balloon_rank > 0 ? g_strdup_printf ("%u", vm->balloon_rank) : g_strdup ("—");
  g_autofree char *host = vms_memory_graph_format_bytes (vm->host_bytes, FALSE);
  gboolean traced = vm->balloon_rank > 0;
  g_autofree char *now
    = traced ? vms_memory_graph_format_bytes (vm->guest_bytes, FALSE) : g_strdup ("—");
  g_autofree char *peak
    = traced ? vms_memory_graph_format_bytes (vm->guest_peak_bytes, FALSE) : g_strdup ("—");
  g_autofree char *unused
    = traced ? vms_memory_graph_format_bytes (vm->touched_unused_bytes, FALSE) : g_strdup ("—");
  g_autofree char *why = vms_balloon_panel_justify (vm);
  GtkWidget *label;

  label = cell (self->grid, rank, 0, row, TRUE);
  gtk_widget_add_css_class (label, "heading");
  label = cell (self->grid, vm->name, 1, row, FALSE);
  gtk_widget_add_css_class (label, "heading");
  cell (self->grid, host, 2, row, TRUE);
  cell (self->grid, now, 3, row, TRUE);
  cell (self->grid, peak, 4, row, TRUE);
  label = cell (self->grid, unused, 5, row, TRUE);
  if (vm->balloon_rank == 1 && vm->touched_unused_bytes > 0)
    gtk_widget_add_css_class (label, "accent");
  /* The reason on a line of its own, under the numbers */
  label = gtk_label_new (why);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_grid_attach (self->grid, label, 1, row + 1, 6, 1);
  g_ptr_array_add (self->rows,
                   g_strjoin ("\t", rank, vm->name, host, now, peak, unused, why, NULL));
}

static void
rebuild (VmsBalloonPanel *self)
{
  VmsMemory *memory = self->analysis != NULL ? vms_analysis_get_memory (self->analysis) : NULL;
  const char *const headers[] = {
    /* Translators: column headings of the ballooning table */
    N_ ("Rank"),      N_ ("Virtual Machine"), N_ ("Host Memory Taken"),
    N_ ("Guest Now"), N_ ("Guest Peak"),      N_ ("Touched but Unused"),
  };
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))) != NULL)
    gtk_grid_remove (self->grid, child);
  g_ptr_array_set_size (self->rows, 0);

  if (memory == NULL || !vms_memory_is_finished (memory)
      || vms_memory_get_vm_by_rank (memory, 1) == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
    {
      GtkWidget *label = cell (self->grid, _ (headers[c]), c, 0, c >= 2);

      gtk_widget_add_css_class (label, "caption-heading");
      gtk_widget_add_css_class (label, "dim-label");
    }
  for (guint rank = 1;; rank++)
    {
      const VmsMemoryVm *vm = vms_memory_get_vm_by_rank (memory, rank);

      if (vm == NULL)
        break;
      add_row (self, vm);
    }
  for (guint v = 0; v < vms_memory_get_n_vms (memory); v++)
    if (vms_memory_get_vm (memory, v)->balloon_rank == 0)
      add_row (self, vms_memory_get_vm (memory, v));
  gtk_stack_set_visible_child_name (self->stack, "ranking");
}

void
vms_balloon_panel_set_analysis (GtkWidget *panel, VmsAnalysis *analysis)
{
  VmsBalloonPanel *self;

  g_return_if_fail (VMS_IS_BALLOON_PANEL (panel));
  g_return_if_fail (analysis == NULL || VMS_IS_ANALYSIS (analysis));

  self = VMS_BALLOON_PANEL (panel);
  if (!g_set_object (&self->analysis, analysis))
    return;
  rebuild (self);
}

static void
vms_balloon_panel_dispose (GObject *object)
{
  VmsBalloonPanel *self = VMS_BALLOON_PANEL (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), VMS_TYPE_BALLOON_PANEL);
  g_clear_object (&self->analysis);

  G_OBJECT_CLASS (vms_balloon_panel_parent_class)->dispose (object);
}

static void
vms_balloon_panel_finalize (GObject *object)
{
  VmsBalloonPanel *self = VMS_BALLOON_PANEL (object);

  g_ptr_array_unref (self->rows);

  G_OBJECT_CLASS (vms_balloon_panel_parent_class)->finalize (object);
}

static void
vms_balloon_panel_class_init (VmsBalloonPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vms_balloon_panel_dispose;
  object_class->finalize = vms_balloon_panel_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/vmscope/VmScope/vms-balloon-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, VmsBalloonPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, VmsBalloonPanel, grid);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "vmsballoonpanel");
}

static void
vms_balloon_panel_init (VmsBalloonPanel *self)
{
  self->rows = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  rebuild (self);
}

GtkWidget *
vms_balloon_panel_new (VmsSession *session)
{
  /* The ranking is over the whole trace: the session is not needed (yet). */
  return g_object_new (VMS_TYPE_BALLOON_PANEL, NULL);
}

guint
vms_balloon_panel_get_n_rows (VmsBalloonPanel *self)
{
  g_return_val_if_fail (VMS_IS_BALLOON_PANEL (self), 0);
  return self->rows->len;
}

char *
vms_balloon_panel_dup_row_text (VmsBalloonPanel *self, guint row)
{
  g_return_val_if_fail (VMS_IS_BALLOON_PANEL (self), NULL);
  g_return_val_if_fail (row < self->rows->len, NULL);
  return g_strdup (g_ptr_array_index (self->rows, row));
}

gboolean
vms_balloon_panel_get_empty (VmsBalloonPanel *self)
{
  g_return_val_if_fail (VMS_IS_BALLOON_PANEL (self), TRUE);
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "empty") == 0;
}
