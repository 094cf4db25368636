/* vms-memory-panel.c — the Memory panel: the memory graph and its controls.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vms-memory-panel.h"

struct _VmsMemoryPanel {
  GtkWidget parent_instance;

  /* Template widgets */
  GtkWidget *box;
  GtkWidget *vms_button;
  GtkWidget *processes_button;
  GtkBox *vm_box;
  GtkBox *process_box;
  GtkToggleButton *shifted_button;
  GtkToggleButton *relative_button;
  GtkLabel *caption_label;
  VmsMemoryGraph *graph;

  VmsAnalysis *analysis;
  char *caption;
};

enum { PROP_0, PROP_SESSION, N_PROPS };

G_DEFINE_FINAL_TYPE (VmsMemoryPanel, vms_memory_panel, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

static void
update_caption (VmsMemoryPanel *self)
{
  g_free (self->caption);
  g_autofree char *details = NULL;

  /* Translators: the caption of the memory graph; %s says what the values are */
  self->caption = g_strdup_printf (_ ("%s — area: host memory the VM took; line: what its guest "
                                      "uses; hatched: touched but unused"),
                                   vms_memory_graph_get_axis_title (self->graph));
  /* Translators: the tooltip of the memory graph's caption */
  details = g_strdup_printf (_ ("%s. A VM takes host memory when its guest first touches it and "
                                "does not give it back when the guest frees it. A trace starts in "
                                "the middle of a system’s life: absolute amounts are unknown."),
                             vms_memory_graph_get_axis_title (self->graph));
  gtk_label_set_label (self->caption_label, self->caption);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->caption_label), details);
}

static void
shifted_toggled_cb (VmsMemoryPanel *self)
{
  vms_memory_graph_set_shifted (self->graph, gtk_toggle_button_get_active (self->shifted_button));
}

/* The graph says what it shows: the buttons and the caption follow it. */
static void
graph_shifted_cb (VmsMemoryPanel *self)
{
  gboolean shifted = vms_memory_graph_get_shifted (self->graph);

  if (gtk_toggle_button_get_active (self->shifted_button) != shifted)
    gtk_toggle_button_set_active (shifted ? self->shifted_button : self->relative_button, TRUE);
  update_caption (self);
}

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

static void
vm_toggled_cb (GtkCheckButton *check, VmsMemoryPanel *self)
{
  guint vm = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (check), "vm"));

  vms_memory_graph_set_vm_shown (self->graph, vm, gtk_check_button_get_active (check));
}

static void
process_toggled_cb (GtkCheckButton *check, VmsMemoryPanel *self)
{
  guint vm = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (check), "vm"));
  gint pid = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (check), "pid"));

  vms_memory_graph_set_process_shown (self->graph, vm, pid, gtk_check_button_get_active (check));
}

static gint64
shifted_peak (const VmsMemorySeries *series)
{
  return vms_memory_series_get_peak (series) - vms_memory_series_get_lowest (series);
}

static int
compare_by_peak (gconstpointer a, gconstpointer b)
{
  const VmsMemoryProcess *pa = *(const VmsMemoryProcess *const *) a;
  const VmsMemoryProcess *pb = *(const VmsMemoryProcess *const *) b;
  gint64 ba = shifted_peak (pa->series), bb = shifted_peak (pb->series);

  if (ba != bb)
    return ba > bb ? -1 : 1;
  return (pa->pid > pb->pid) - (pa->pid < pb->pid);
}

/* One check button per process of a VM's guest, largest peak first. */
static void
add_processes (VmsMemoryPanel *self, VmsMemory *memory, guint v)
{
  const VmsMemoryVm *vm = vms_memory_get_vm (memory, v);
  const VmsMemoryMachine *machine;
  g_autoptr (GPtrArray) sorted = NULL;
  GtkWidget *heading;

  if (vm->guest_trace < 0 || (guint) vm->guest_trace >= vms_memory_get_n_machines (memory))
    return;
  machine = vms_memory_get_machine (memory, vm->guest_trace);
  sorted = g_ptr_array_sized_new (machine->n_processes);
  for (guint i = 0; i < machine->n_processes; i++)
    g_ptr_array_add (sorted, &machine->processes[i]);
  g_ptr_array_sort (sorted, compare_by_peak);

  heading = gtk_label_new (vm->name);
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_widget_set_margin_top (
    heading, gtk_widget_get_first_child (GTK_WIDGET (self->process_box)) != NULL ? 9 : 0);
  gtk_box_append (self->process_box, heading);
  for (guint i = 0; i < sorted->len; i++)
    {
      const VmsMemoryProcess *process = g_ptr_array_index (sorted, i);
      gint64 now = vms_memory_series_get_current (process->series)
                   - vms_memory_series_get_lowest (process->series);
      g_autofree char *now_text = vms_memory_graph_format_bytes (now, FALSE);
      g_autofree char *peak_text
        = vms_memory_graph_format_bytes (shifted_peak (process->series), FALSE);
      /* Translators: a guest process in the memory panel: name, pid, memory now and at peak */
      g_autofree char *label = g_strdup_printf (_ ("%s (pid %d): %s now, peak %s"), process->name,
                                                process->pid, now_text, peak_text);
      GtkWidget *check = gtk_check_button_new_with_label (label);

      g_object_set_data (G_OBJECT (check), "vm", GUINT_TO_POINTER (v));
      g_object_set_data (G_OBJECT (check), "pid", GINT_TO_POINTER (process->pid));
      g_signal_connect (check, "toggled", G_CALLBACK (process_toggled_cb), self);
      gtk_box_append (self->process_box, check);
    }
}

static void
rebuild (VmsMemoryPanel *self)
{
  VmsMemory *memory = self->analysis != NULL ? vms_analysis_get_memory (self->analysis) : NULL;
  guint n_vms = 0;
  gboolean any_guest = FALSE;

  clear_box (self->vm_box);
  clear_box (self->process_box);
  if (memory != NULL && !vms_memory_is_finished (memory))
    memory = NULL;
  vms_memory_graph_set_memory (self->graph, memory);
  if (memory != NULL)
    n_vms = vms_memory_get_n_vms (memory);
  for (guint v = 0; v < n_vms; v++)
    {
      const VmsMemoryVm *vm = vms_memory_get_vm (memory, v);
      GtkWidget *check = gtk_check_button_new_with_label (vm->name);

      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      g_object_set_data (G_OBJECT (check), "vm", GUINT_TO_POINTER (v));
      g_signal_connect (check, "toggled", G_CALLBACK (vm_toggled_cb), self);
      gtk_box_append (self->vm_box, check);
      add_processes (self, memory, v);
      any_guest |= vm->guest_trace >= 0;
    }
  gtk_widget_set_sensitive (self->vms_button, n_vms > 0);
  gtk_widget_set_sensitive (self->processes_button, any_guest);
}

void
vms_memory_panel_set_analysis (GtkWidget *panel, VmsAnalysis *analysis)
{
  VmsMemoryPanel *self;

  g_return_if_fail (VMS_IS_MEMORY_PANEL (panel));
  g_return_if_fail (analysis == NULL || VMS_IS_ANALYSIS (analysis));

  self = VMS_MEMORY_PANEL (panel);
  if (!g_set_object (&self->analysis, analysis))
    return;
  rebuild (self);
}

static void
vms_memory_panel_dispose (GObject *object)
{
  VmsMemoryPanel *self = VMS_MEMORY_PANEL (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), VMS_TYPE_MEMORY_PANEL);
  g_clear_object (&self->analysis);

  G_OBJECT_CLASS (vms_memory_panel_parent_class)->dispose (object);
}

static void
vms_memory_panel_finalize (GObject *object)
{
  VmsMemoryPanel *self = VMS_MEMORY_PANEL (object);

  g_free (self->caption);

  G_OBJECT_CLASS (vms_memory_panel_parent_class)->finalize (object);
}

static void
vms_memory_panel_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  VmsMemoryPanel *self = VMS_MEMORY_PANEL (object);

  switch (prop_id)
    {
      case PROP_SESSION:
        g_value_set_object (value, vms_memory_graph_get_session (self->graph));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vms_memory_panel_set_property (GObject *object,
                               guint prop_id,
                               const GValue *value,
                               GParamSpec *pspec)
{
  VmsMemoryPanel *self = VMS_MEMORY_PANEL (object);

  switch (prop_id)
    {
      case PROP_SESSION:
        vms_memory_graph_set_session (self->graph, g_value_get_object (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vms_memory_panel_class_init (VmsMemoryPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vms_memory_panel_dispose;
  object_class->finalize = vms_memory_panel_finalize;
  object_class->get_property = vms_memory_panel_get_property;
  object_class->set_property = vms_memory_panel_set_property;

  properties[PROP_SESSION]
    = g_param_spec_object ("session", NULL, NULL, VMS_TYPE_SESSION,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (VMS_TYPE_MEMORY_GRAPH);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/vmscope/VmScope/vms-memory-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, VmsMemoryPanel, box);
  gtk_widget_class_bind_template_child (widget_class, VmsMemoryPanel, vms_button);
  gtk_widget_class_bind_template_child (widget_class, VmsMemoryPanel, processes_button);
  gtk_widget_class_bind_template_child (widget_class, VmsMemoryPanel, vm_box);
  gtk_widget_class_bind_template_child (widget_class, VmsMemoryPanel, process_box);
  gtk_widget_class_bind_template_child (widget_class, VmsMemoryPanel, shifted_button);
  gtk_widget_class_bind_template_child (widget_class, VmsMemoryPanel, relative_button);
  gtk_widget_class_bind_template_child (widget_class, VmsMemoryPanel, caption_label);
  gtk_widget_class_bind_template_child (widget_class, VmsMemoryPanel, graph);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "vmsmemorypanel");
}

static void
vms_memory_panel_init (VmsMemoryPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->shifted_button, "toggled", G_CALLBACK (shifted_toggled_cb), self);
  g_signal_connect_object (self->graph, "notify::shifted", G_CALLBACK (graph_shifted_cb), self,
                           G_CONNECT_SWAPPED);
  update_caption (self);
  rebuild (self);
}

GtkWidget *
vms_memory_panel_new (VmsSession *session)
{
  return g_object_new (VMS_TYPE_MEMORY_PANEL, "session", session, NULL);
}

VmsMemoryGraph *
vms_memory_panel_get_graph (VmsMemoryPanel *self)
{
  g_return_val_if_fail (VMS_IS_MEMORY_PANEL (self), NULL);
  return self->graph;
}

const char *
vms_memory_panel_get_caption (VmsMemoryPanel *self)
{
  g_return_val_if_fail (VMS_IS_MEMORY_PANEL (self), NULL);
  return self->caption;
}

void
vms_memory_panel_set_process_shown (VmsMemoryPanel *self, guint vm, gint pid, gboolean shown)
{
  g_return_if_fail (VMS_IS_MEMORY_PANEL (self));

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->process_box));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_CHECK_BUTTON (child)
        && GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (child), "vm")) == vm
        && GPOINTER_TO_INT (g_object_get_data (G_OBJECT (child), "pid")) == pid)
      {
        gtk_check_button_set_active (GTK_CHECK_BUTTON (child), shown);
        return;
      }
}
