/* vms-spike-panel.c — the Spike finder: the model's longest preemptions, hypervisor
 * episodes and guest-thread waits in a filtered, sortable table.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vms-spike-panel.h"
#include "vms-time.h"

/* ------------------------------------------------------------------------------------------
 * One row: a spike of the model and its texts
 */
#define VMS_TYPE_SPIKE_ITEM (vms_spike_item_get_type ())
G_DECLARE_FINAL_TYPE (VmsSpikeItem, vms_spike_item, VMS, SPIKE_ITEM, GObject)

struct _VmsSpikeItem {
  GObject parent_instance;

  guint index; /* in the model's spike list: the order of duration */
  VmsSpike spike;
  char *vm;
  char *cause;
  char *thread;
};

G_DEFINE_FINAL_TYPE (VmsSpikeItem, vms_spike_item, G_TYPE_OBJECT)

static void
vms_spike_item_finalize (GObject *object)
{
  VmsSpikeItem *self = VMS_SPIKE_ITEM (object);

  g_free (self->vm);
  g_free (self->cause);
  g_free (self->thread);
  G_OBJECT_CLASS (vms_spike_item_parent_class)->finalize (object);
}

static void
vms_spike_item_class_init (VmsSpikeItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vms_spike_item_finalize;
}

static void
vms_spike_item_init (VmsSpikeItem *self)
{
}

static const char *
kind_name (VmsSpikeKind kind)
{
  switch (kind)
    {
      case VMS_SPIKE_PREEMPTION:
        return _ ("Preemption");
      case VMS_SPIKE_HYPERVISOR:
        return _ ("Hypervisor");
      case VMS_SPIKE_THREAD_WAIT:
        return _ ("Thread wait");
      default:
        return "";
    }
}

static char *
reason_text (const VmsSpike *spike)
{
  const char *name = vms_exit_reason_name (spike->isa, (guint) spike->exit_reason);

  /* Translators: an exit reason without a name, %d is its number */
  return name != NULL ? g_strdup (name) : g_strdup_printf (_ ("reason %d"), spike->exit_reason);
}

static VmsSpikeItem *
vms_spike_item_new (VmsModel *model, guint index)
{
  VmsSpikeItem *self = g_object_new (VMS_TYPE_SPIKE_ITEM, NULL);
  const VmsSpike *spike = vms_model_get_spike (model, index);
  const VmsVm *vm = vms_model_get_vm (model, spike->vm);
  int host = vms_model_get_host (model);

  self->index = index;
  self->spike = *spike;
  self->vm = g_strdup (vm->name);
  if (spike->exit_reason >= 0)
    {
      g_autofree char *reason = reason_text (spike);

      self->cause = spike->kind == VMS_SPIKE_HYPERVISOR
                      ? g_steal_pointer (&reason)
                      /* Translators: why a guest thread waited: its vCPU was in the
                       * hypervisor for an exit, %s is the exit reason */
                      : g_strdup_printf (_ ("hypervisor: %s"), reason);
    }
  else if (spike->preempted_by >= 0 && host >= 0)
    {
      g_autofree char *who = vms_model_thread_label (model, (guint) host, spike->preempted_by);

      /* Translators: who ran on the CPU instead of the vCPU */
      self->cause = g_strdup_printf (_ ("preempted by %s"), who);
    }
  else
    self->cause = g_strdup (spike->kind == VMS_SPIKE_THREAD_WAIT ? _ ("vCPU preempted") : "—");
  if (spike->guest_tid >= 0 && vm->machine >= 0)
    self->thread = vms_model_thread_label (model, (guint) vm->machine, spike->guest_tid);
  else
    self->thread = g_strdup ("—");
  return self;
}

typedef enum {
  COL_KIND,
  COL_VM,
  COL_VCPU,
  COL_START,
  COL_DURATION,
  COL_CAUSE,
  COL_THREAD,
  N_COLS
} Column;

static const char *const column_titles[N_COLS] = {
  N_ ("Kind"),     N_ ("VM"),    N_ ("vCPU"),         N_ ("Start"),
  N_ ("Duration"), N_ ("Cause"), N_ ("Guest Thread"),
};

static const char *
item_text (VmsSpikeItem *item, Column col)
{
  switch (col)
    {
      case COL_KIND:
        return kind_name (item->spike.kind);
      case COL_VM:
        return item->vm;
      case COL_CAUSE:
        return item->cause;
      case COL_THREAD:
        return item->thread;
      case COL_VCPU:
      case COL_START:
      case COL_DURATION:
      case N_COLS:
      default:
        return NULL;
    }
}

static int
compare_items (gconstpointer a, gconstpointer b, gpointer user_data)
{
  VmsSpikeItem *x = (VmsSpikeItem *) a;
  VmsSpikeItem *y = (VmsSpikeItem *) b;
  Column col = GPOINTER_TO_INT (user_data);
  gint64 u, v;

  switch (col)
    {
      case COL_VCPU:
        u = x->spike.vcpu, v = y->spike.vcpu;
        break;
      case COL_START:
        u = x->spike.start, v = y->spike.start;
        break;
      case COL_DURATION:
        u = x->spike.duration, v = y->spike.duration;
        break;
      case COL_KIND:
      case COL_VM:
      case COL_CAUSE:
      case COL_THREAD:
      case N_COLS:
      default:
        return g_utf8_collate (item_text (x, col), item_text (y, col));
    }
  return u < v ? GTK_ORDERING_SMALLER : u > v ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

/* ------------------------------------------------------------------------------------------
 * The panel
 */
struct _VmsSpikePanel {
  GtkWidget parent_instance;

  /* Template widgets */
  GtkWidget *box;
  GtkDropDown *kind_dropdown;
  GtkDropDown *vm_dropdown;
  GtkDropDown *vcpu_dropdown;
  GtkLabel *count_label;
  GtkColumnView *view;

  VmsSession *session;
  VmsAnalysis *analysis;
  VmsModel *model;

  GListStore *store; /* VmsSpikeItem, in the model's order */
  GtkCustomFilter *filter;
  GtkFilterListModel *filtered;
  GtkSortListModel *sorted;
  GtkSingleSelection *selection;

  int filter_vm, filter_vcpu, filter_kind; /* -1: all */
  int current;                             /* model spike index, -1 */
  gboolean choosing;                       /* selecting the current row ourselves */
};

enum { PROP_0, PROP_CAN_NEXT, PROP_CAN_PREVIOUS, N_PROPS };

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (VmsSpikePanel, vms_spike_panel, GTK_TYPE_WIDGET)

static gboolean
keep_spike (VmsSpikePanel *self, const VmsSpike *spike)
{
  return (self->filter_vm < 0 || (int) spike->vm == self->filter_vm)
         && (self->filter_vcpu < 0 || (int) spike->vcpu == self->filter_vcpu)
         && (self->filter_kind < 0 || (int) spike->kind == self->filter_kind);
}

static gboolean
filter_func (gpointer item, gpointer user_data)
{
  return keep_spike (user_data, &VMS_SPIKE_ITEM (item)->spike);
}

/* The next (step 1) or previous (-1) spike kept by the filters in the model's order. */
static int
step_from (VmsSpikePanel *self, int step)
{
  int n = self->model != NULL ? (int) vms_model_get_n_spikes (self->model) : 0;
  int i = self->current < 0 ? (step > 0 ? 0 : -1) : self->current + step;

  for (; i >= 0 && i < n; i += step)
    if (keep_spike (self, vms_model_get_spike (self->model, (guint) i)))
      return i;
  return -1;
}

static void
notify_steps (VmsSpikePanel *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_NEXT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_PREVIOUS]);
}

static void
update_count (VmsSpikePanel *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  guint all = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  g_autofree char *text = NULL;

  if (self->model == NULL)
    text = g_strdup ("");
  else if (shown == all)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u spike", "%u spikes", all), all);
  else
    /* Translators: spikes left by the filters, of all spikes */
    text = g_strdup_printf (_ ("%u of %u spikes"), shown, all);
  gtk_label_set_label (self->count_label, text);
}

/* Brings a row of the table into view: the column view's list answers "list.scroll-to-item"
 * (GTK 4.8 has no gtk_column_view_scroll_to()). */
static void
scroll_to_row (VmsSpikePanel *self, guint position)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->view)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      gtk_widget_activate_action (child, "list.scroll-to-item", "u", position);
}

/* Zooms to spike so that it spans the middle third of the view, and selects it. */
static void
go_to (VmsSpikePanel *self, guint index)
{
  const VmsSpike *spike = vms_model_get_spike (self->model, index);
  gint64 d = MAX (spike->duration, 1);

  self->current = (int) index;
  if (3 * d >= VMS_SESSION_MIN_SPAN)
    vms_session_set_visible (self->session, spike->start - d, spike->start + 2 * d);
  else
    {
      gint64 centre = spike->start + d / 2;

      vms_session_set_visible (self->session, centre - VMS_SESSION_MIN_SPAN / 2,
                               centre + VMS_SESSION_MIN_SPAN / 2);
    }
  vms_session_select_range (self->session, spike->start, spike->start + d);
  notify_steps (self);

  /* Its row selected in the table */
  self->choosing = TRUE;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->sorted)); i++)
    {
      g_autoptr (VmsSpikeItem) item = g_list_model_get_item (G_LIST_MODEL (self->sorted), i);

      if (item->index == index)
        {
          gtk_single_selection_set_selected (self->selection, i);
          scroll_to_row (self, i);
          break;
        }
    }
  self->choosing = FALSE;
}

void
vms_spike_panel_activate_row (VmsSpikePanel *self, guint position)
{
  g_autoptr (VmsSpikeItem) item = NULL;

  g_return_if_fail (VMS_IS_SPIKE_PANEL (self));

  item = g_list_model_get_item (G_LIST_MODEL (self->sorted), position);
  if (item != NULL && self->model != NULL)
    go_to (self, item->index);
}

static void
activate_cb (VmsSpikePanel *self, guint position, GtkColumnView *view)
{
  vms_spike_panel_activate_row (self, position);
}

static void
selected_cb (VmsSpikePanel *self, GParamSpec *pspec, GtkSingleSelection *selection)
{
  guint position = gtk_single_selection_get_selected (selection);

  /* A click on a row chooses it */
  if (!self->choosing && position != GTK_INVALID_LIST_POSITION)
    vms_spike_panel_activate_row (self, position);
}

static void
setup_cell (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer user_data)
{
  Column col = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label),
                        col == COL_VCPU || col == COL_START || col == COL_DURATION ? 1 : 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (list_item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer user_data)
{
  VmsSpikeItem *item = gtk_list_item_get_item (list_item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (list_item));
  VmsSpikePanel *self = g_object_get_data (G_OBJECT (factory), "panel");
  Column col = GPOINTER_TO_INT (user_data);
  g_autofree char *text = NULL;

  switch (col)
    {
      case COL_VCPU:
        text = g_strdup_printf ("%u", item->spike.vcpu);
        break;
      case COL_START:
        text = vms_session_format_time (self->session, item->spike.start);
        break;
      case COL_DURATION:
        text = vms_time_format_duration (item->spike.duration, 3);
        break;
      case COL_KIND:
      case COL_VM:
      case COL_CAUSE:
      case COL_THREAD:
      case N_COLS:
      default:
        text = g_strdup (item_text (item, col));
        break;
    }
  gtk_label_set_label (label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (label),
                               col == COL_CAUSE || col == COL_THREAD ? text : NULL);
}

static void
add_columns (VmsSpikePanel *self)
{
  for (guint c = 0; c < N_COLS; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkCustomSorter *sorter = gtk_custom_sorter_new (compare_items, GINT_TO_POINTER (c), NULL);
      GtkColumnViewColumn *column;

      g_object_set_data (G_OBJECT (factory), "panel", self);
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GINT_TO_POINTER (c));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GINT_TO_POINTER (c));
      column = gtk_column_view_column_new (_ (column_titles[c]), factory);
      gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));
      gtk_column_view_column_set_expand (column, c == COL_CAUSE || c == COL_THREAD);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_append_column (self->view, column);
      g_object_unref (sorter);
      g_object_unref (column);
    }
}

static void
filters_changed (VmsSpikePanel *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  if (self->current >= 0
      && !keep_spike (self, vms_model_get_spike (self->model, (guint) self->current)))
    self->current = -1;
  update_count (self);
  notify_steps (self);
}

static void
dropdown_cb (VmsSpikePanel *self, GParamSpec *pspec, GtkDropDown *dropdown)
{
  /* Item 0 is "All …" */
  int value = (int) gtk_drop_down_get_selected (dropdown) - 1;

  if (dropdown == self->vm_dropdown)
    self->filter_vm = value;
  else if (dropdown == self->vcpu_dropdown)
    self->filter_vcpu = value;
  else
    self->filter_kind = value;
  if (self->model != NULL)
    filters_changed (self);
}

static void
fill_dropdowns (VmsSpikePanel *self)
{
  g_autoptr (GtkStringList) vms = gtk_string_list_new (NULL);
  g_autoptr (GtkStringList) vcpus = gtk_string_list_new (NULL);
  guint max_vcpus = 0;

  gtk_string_list_append (vms, _ ("All VMs"));
  gtk_string_list_append (vcpus, _ ("All vCPUs"));
  for (guint vm = 0; self->model != NULL && vm < vms_model_get_n_vms (self->model); vm++)
    {
      gtk_string_list_append (vms, vms_model_get_vm (self->model, vm)->name);
      max_vcpus = MAX (max_vcpus, vms_model_get_vm (self->model, vm)->n_vcpus);
    }
  for (guint k = 0; k < max_vcpus; k++)
    {
      g_autofree char *name = g_strdup_printf (_ ("vCPU %u"), k);

      gtk_string_list_append (vcpus, name);
    }
  gtk_drop_down_set_model (self->vm_dropdown, G_LIST_MODEL (vms));
  gtk_drop_down_set_model (self->vcpu_dropdown, G_LIST_MODEL (vcpus));
  gtk_drop_down_set_selected (self->vm_dropdown, 0);
  gtk_drop_down_set_selected (self->vcpu_dropdown, 0);
  gtk_drop_down_set_selected (self->kind_dropdown, 0);
}

static void
time_mode_cb (VmsSpikePanel *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));

  /* Rebinds the rows: their start times follow the time format */
  g_list_model_items_changed (G_LIST_MODEL (self->store), 0, n, n);
}

static void
vms_spike_panel_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  VmsSpikePanel *self = VMS_SPIKE_PANEL (object);

  switch (prop_id)
    {
      case PROP_CAN_NEXT:
        g_value_set_boolean (value, vms_spike_panel_get_can_next (self));
        break;
      case PROP_CAN_PREVIOUS:
        g_value_set_boolean (value, vms_spike_panel_get_can_previous (self));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vms_spike_panel_dispose (GObject *object)
{
  VmsSpikePanel *self = VMS_SPIKE_PANEL (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), VMS_TYPE_SPIKE_PANEL);
  g_clear_object (&self->selection);
  g_clear_object (&self->sorted);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->store);
  g_clear_object (&self->session);
  g_clear_object (&self->analysis);
  self->model = NULL;

  G_OBJECT_CLASS (vms_spike_panel_parent_class)->dispose (object);
}

static void
vms_spike_panel_class_init (VmsSpikePanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vms_spike_panel_dispose;
  object_class->get_property = vms_spike_panel_get_property;

  properties[PROP_CAN_NEXT]
    = g_param_spec_boolean ("can-next", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_PREVIOUS]
    = g_param_spec_boolean ("can-previous", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/vmscope/VmScope/vms-spike-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, VmsSpikePanel, box);
  gtk_widget_class_bind_template_child (widget_class, VmsSpikePanel, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VmsSpikePanel, vm_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VmsSpikePanel, vcpu_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VmsSpikePanel, count_label);
  gtk_widget_class_bind_template_child (widget_class, VmsSpikePanel, view);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "vmsspikepanel");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
vms_spike_panel_init (VmsSpikePanel *self)
{
  const char *kinds[]
    = { _ ("All Kinds"), kind_name (VMS_SPIKE_PREEMPTION), kind_name (VMS_SPIKE_HYPERVISOR),
        kind_name (VMS_SPIKE_THREAD_WAIT), NULL };
  g_autoptr (GtkStringList) kind_list = gtk_string_list_new (kinds);

  self->filter_vm = self->filter_vcpu = self->filter_kind = -1;
  self->current = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Spike finder"), -1);
  gtk_drop_down_set_model (self->kind_dropdown, G_LIST_MODEL (kind_list));
  fill_dropdowns (self);
  add_columns (self);

  self->store = g_list_store_new (VMS_TYPE_SPIKE_ITEM);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->store)),
                                              GTK_FILTER (g_object_ref (self->filter)));
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->filtered)),
                                          g_object_ref (gtk_column_view_get_sorter (self->view)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->sorted)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_swapped (self->view, "activate", G_CALLBACK (activate_cb), self);
  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (selected_cb), self);
  g_signal_connect_swapped (self->kind_dropdown, "notify::selected", G_CALLBACK (dropdown_cb),
                            self);
  g_signal_connect_swapped (self->vm_dropdown, "notify::selected", G_CALLBACK (dropdown_cb), self);
  g_signal_connect_swapped (self->vcpu_dropdown, "notify::selected", G_CALLBACK (dropdown_cb),
                            self);
}

GtkWidget *
vms_spike_panel_new (VmsSession *session)
{
  VmsSpikePanel *self = g_object_new (VMS_TYPE_SPIKE_PANEL, NULL);

  g_return_val_if_fail (VMS_IS_SESSION (session), NULL);

  self->session = g_object_ref (session);
  g_signal_connect_object (session, "notify::time-mode", G_CALLBACK (time_mode_cb), self,
                           G_CONNECT_SWAPPED);
  return GTK_WIDGET (self);
}

void
vms_spike_panel_set_analysis (GtkWidget *panel, VmsAnalysis *analysis)
{
  VmsSpikePanel *self = VMS_SPIKE_PANEL (panel);
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_if_fail (VMS_IS_SPIKE_PANEL (panel));

  g_set_object (&self->analysis, analysis);
  self->model = analysis != NULL ? vms_analysis_get_model (analysis) : NULL;
  self->current = -1;
  for (guint i = 0; self->model != NULL && i < vms_model_get_n_spikes (self->model); i++)
    g_ptr_array_add (items, vms_spike_item_new (self->model, i));
  self->choosing = TRUE;
  g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                       items->pdata, items->len);
  fill_dropdowns (self);
  self->choosing = FALSE;
  update_count (self);
  notify_steps (self);
}

void
vms_spike_panel_set_filter (VmsSpikePanel *self, int vm, int vcpu, int kind)
{
  g_return_if_fail (VMS_IS_SPIKE_PANEL (self));

  /* Through the dropdowns, so that they show it */
  gtk_drop_down_set_selected (self->vm_dropdown, (guint) MAX (vm + 1, 0));
  gtk_drop_down_set_selected (self->vcpu_dropdown, (guint) MAX (vcpu + 1, 0));
  gtk_drop_down_set_selected (self->kind_dropdown, (guint) MAX (kind + 1, 0));
}

guint
vms_spike_panel_get_n_rows (VmsSpikePanel *self)
{
  g_return_val_if_fail (VMS_IS_SPIKE_PANEL (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
}

const VmsSpike *
vms_spike_panel_get_row (VmsSpikePanel *self, guint position)
{
  g_autoptr (VmsSpikeItem) item = NULL;

  g_return_val_if_fail (VMS_IS_SPIKE_PANEL (self), NULL);

  item = g_list_model_get_item (G_LIST_MODEL (self->sorted), position);
  /* The store keeps the item alive */
  return item != NULL ? &item->spike : NULL;
}

int
vms_spike_panel_get_current (VmsSpikePanel *self)
{
  g_return_val_if_fail (VMS_IS_SPIKE_PANEL (self), -1);

  return self->current;
}

void
vms_spike_panel_next (VmsSpikePanel *self)
{
  int i;

  g_return_if_fail (VMS_IS_SPIKE_PANEL (self));

  if ((i = step_from (self, 1)) >= 0)
    go_to (self, (guint) i);
}

void
vms_spike_panel_previous (VmsSpikePanel *self)
{
  int i;

  g_return_if_fail (VMS_IS_SPIKE_PANEL (self));

  if (self->current >= 0 && (i = step_from (self, -1)) >= 0)
    go_to (self, (guint) i);
}

gboolean
vms_spike_panel_get_can_next (VmsSpikePanel *self)
{
  g_return_val_if_fail (VMS_IS_SPIKE_PANEL (self), FALSE);

  return step_from (self, 1) >= 0;
}

gboolean
vms_spike_panel_get_can_previous (VmsSpikePanel *self)
{
  g_return_val_if_fail (VMS_IS_SPIKE_PANEL (self), FALSE);

  return self->current >= 0 && step_from (self, -1) >= 0;
}
