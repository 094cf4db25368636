/* vms-stats-panel.c — the Statistics panel: state shares per VM and vCPU, exit reasons.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vms-state-bar.h"
#include "vms-stats-panel.h"
#include "vms-time.h"

/* ------------------------------------------------------------------------------------------
 * One row of the exit-reasons table
 */
#define VMS_TYPE_EXIT_ITEM (vms_exit_item_get_type ())
G_DECLARE_FINAL_TYPE (VmsExitItem, vms_exit_item, VMS, EXIT_ITEM, GObject)

struct _VmsExitItem {
  GObject parent_instance;

  VmsExitStats stats;
  char *vm_name;
};

G_DEFINE_FINAL_TYPE (VmsExitItem, vms_exit_item, G_TYPE_OBJECT)

static void
vms_exit_item_finalize (GObject *object)
{
  VmsExitItem *self = VMS_EXIT_ITEM (object);

  g_free (self->vm_name);
  g_free ((char *) self->stats.name);
  G_OBJECT_CLASS (vms_exit_item_parent_class)->finalize (object);
}

static void
vms_exit_item_class_init (VmsExitItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vms_exit_item_finalize;
}

static void
vms_exit_item_init (VmsExitItem *self)
{
}

static VmsExitItem *
vms_exit_item_new (const VmsExitStats *stats, const char *vm_name)
{
  VmsExitItem *self = g_object_new (VMS_TYPE_EXIT_ITEM, NULL);

  self->stats = *stats;
  self->stats.name = g_strdup (stats->name);
  self->vm_name = g_strdup (vm_name);
  return self;
}

typedef enum {
  COL_VM,
  COL_REASON,
  COL_COUNT,
  COL_TOTAL,
  COL_MIN,
  COL_MEAN,
  COL_MAX,
  COL_P99,
  N_COLS
} Column;

static const char *const column_titles[N_COLS] = {
  N_ ("VM"),  N_ ("Exit Reason"), N_ ("Count"), N_ ("Total"),
  N_ ("Min"), N_ ("Mean"),        N_ ("Max"),   N_ ("p99"),
};

static gint64
column_value (const VmsExitItem *item, Column col)
{
  switch (col)
    {
      case COL_COUNT:
        return (gint64) item->stats.count;
      case COL_TOTAL:
        return item->stats.total;
      case COL_MIN:
        return item->stats.min;
      case COL_MEAN:
        return item->stats.mean;
      case COL_MAX:
        return item->stats.max;
      case COL_P99:
        return item->stats.p99;
      case COL_VM:
        return item->stats.vm;
      case COL_REASON:
      case N_COLS:
      default:
        return 0;
    }
}

static int
compare_items (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const VmsExitItem *x = a;
  const VmsExitItem *y = b;
  Column col = GPOINTER_TO_INT (user_data);
  gint64 u, v;

  if (col == COL_REASON)
    return g_utf8_collate (x->stats.name, y->stats.name);
  u = column_value (x, col);
  v = column_value (y, col);
  return u < v ? GTK_ORDERING_SMALLER : u > v ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

static void
setup_cell (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer user_data)
{
  Column col = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), col <= COL_REASON ? 0 : 1);
  gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (list_item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer user_data)
{
  Column col = GPOINTER_TO_INT (user_data);
  VmsExitItem *item = gtk_list_item_get_item (list_item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (list_item));
  g_autofree char *text = NULL;

  switch (col)
    {
      case COL_VM:
        gtk_label_set_label (label, item->vm_name);
        return;
      case COL_REASON:
        gtk_label_set_label (label, item->stats.name);
        return;
      case COL_COUNT:
        text = g_strdup_printf ("%" G_GUINT64_FORMAT, item->stats.count);
        break;
      case COL_TOTAL:
      case COL_MIN:
      case COL_MEAN:
      case COL_MAX:
      case COL_P99:
      case N_COLS:
      default:
        text = vms_time_format_duration (column_value (item, col), 3);
        break;
    }
  gtk_label_set_label (label, text);
}

/* ------------------------------------------------------------------------------------------
 * The panel
 */
struct _VmsStatsPanel {
  GtkWidget parent_instance;

  /* Template widgets */
  GtkWidget *box;
  GtkLabel *range_label;
  GtkBox *legend_box;
  GtkGrid *bars_grid;
  GtkColumnView *exit_view;

  VmsSession *session;
  VmsAnalysis *analysis;
  VmsModel *model; /* the analysis' */

  GListStore *exits; /* VmsExitItem */
  GtkSortListModel *sorted;
  GPtrArray *bars;  /* VmsStateBar: per VM, the VM's then its vCPUs' */
  GArray *bar_vcpu; /* int: per bar, the vCPU index in the model, -1 for a VM */
  GArray *bar_vm;   /* guint: per bar, its VM */
  GPtrArray *bar_labels;

  guint update_id;
  GCancellable *cancellable; /* of the exit reasons being computed */
  gint64 begin, end;
  gboolean is_selection;

  int highlight_state;
  int highlight_reason;
  guint highlight_vm;
};

G_DEFINE_FINAL_TYPE (VmsStatsPanel, vms_stats_panel, GTK_TYPE_WIDGET)

static void update_actions (VmsStatsPanel *self);

/* The exit reasons of every VM over [begin, end), in a worker thread. */
typedef struct {
  VmsModel *model;
  gint64 begin, end;
} ExitJob;

static void
exit_job_free (gpointer data)
{
  ExitJob *job = data;

  g_object_unref (job->model);
  g_free (job);
}

static void
exit_job_run (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  ExitJob *job = data;
  GArray *all = g_array_new (FALSE, FALSE, sizeof (VmsExitStats));
  g_autoptr (GArray) one = g_array_new (FALSE, FALSE, sizeof (VmsRangeExitStats));

  for (guint vm = 0; vm < vms_model_get_n_vms (job->model); vm++)
    {
      if (!vms_model_get_exit_stats_range (job->model, vm, job->begin, job->end, one, cancellable))
        {
          g_array_unref (all);
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
          return;
        }
      for (guint i = 0; i < one->len; i++)
        g_array_append_val (all, g_array_index (one, VmsRangeExitStats, i).stats);
    }
  g_task_return_pointer (task, all, (GDestroyNotify) g_array_unref);
}

static void
fill_exits (VmsStatsPanel *self, const VmsExitStats *stats, guint n)
{
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (
      items, vms_exit_item_new (&stats[i], vms_model_get_vm (self->model, stats[i].vm)->name));
  g_list_store_splice (self->exits, 0, g_list_model_get_n_items (G_LIST_MODEL (self->exits)),
                       items->pdata, items->len);
}

static void
exit_job_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (VmsStatsPanel) self = user_data;
  g_autoptr (GArray) all = g_task_propagate_pointer (G_TASK (result), NULL);

  if (all == NULL || g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    return;
  g_clear_object (&self->cancellable);
  if (self->model != NULL)
    fill_exits (self, (const VmsExitStats *) (gpointer) all->data, all->len);
}

static void
update_exits (VmsStatsPanel *self)
{
  g_autoptr (GTask) task = NULL;
  ExitJob *job;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->model == NULL)
    {
      g_list_store_remove_all (self->exits);
      return;
    }
  /* The whole trace: the builder's figures, exact and ready */
  if (self->begin <= vms_model_get_begin (self->model)
      && self->end >= vms_model_get_end (self->model))
    {
      guint n = vms_model_get_n_exit_stats (self->model);

      fill_exits (self, n > 0 ? vms_model_get_exit_stats (self->model, 0) : NULL, n);
      return;
    }
  self->cancellable = g_cancellable_new ();
  job = g_new0 (ExitJob, 1);
  job->model = g_object_ref (self->model);
  job->begin = self->begin;
  job->end = self->end;
  task = g_task_new (NULL, self->cancellable, exit_job_done, g_object_ref (self));
  g_task_set_source_tag (task, update_exits);
  g_task_set_task_data (task, job, exit_job_free);
  g_task_run_in_thread (task, exit_job_run);
}

static char *
range_text (VmsStatsPanel *self)
{
  g_autofree char *a = vms_session_format_time (self->session, self->begin);
  g_autofree char *b = vms_session_format_time (self->session, self->end);
  g_autofree char *d = vms_time_format_duration (self->end - self->begin, 3);

  if (self->is_selection)
    /* Translators: the range the statistics cover: start, end, duration */
    return g_strdup_printf (_ ("Selection: %s – %s (%s)"), a, b, d);
  /* Translators: the range the statistics cover: start, end, duration */
  return g_strdup_printf (_ ("Visible range: %s – %s (%s)"), a, b, d);
}

static void
update_bars (VmsStatsPanel *self)
{
  gint64 vm_totals[VMS_N_STATES] = { 0 };

  /* Bars are in VM order, each VM's bar before its vCPUs': sum the vCPUs backwards */
  for (guint i = self->bars->len; i-- > 0;)
    {
      VmsStateBar *bar = g_ptr_array_index (self->bars, i);
      int vcpu = g_array_index (self->bar_vcpu, int, i);
      gint64 totals[VMS_N_STATES];
      g_autoptr (GString) text = g_string_new (NULL);
      const gint64 *shown = totals;
      double shares[VMS_N_STATES];

      if (vcpu >= 0)
        {
          const VmsVcpu *c = vms_model_get_vcpu (self->model, (guint) vcpu);

          vms_model_get_totals (self->model, (guint) c->row, self->begin, self->end, totals);
          for (guint s = 0; s < VMS_N_STATES; s++)
            vm_totals[s] += totals[s];
        }
      else
        {
          shown = vm_totals;
        }
      vms_state_bar_set_totals (bar, shown);
      vms_state_bar_set_highlight (bar, self->highlight_state);
      vms_state_bar_compute_shares (shown, shares);
      /* Translators: shares of hypervisor and preempted time (the overhead), short */
      g_string_printf (text, _ ("hyp %.1f %% · pre %.1f %%"), shares[VMS_STATE_HYPERVISOR],
                       shares[VMS_STATE_PREEMPTED]);
      gtk_label_set_label (g_ptr_array_index (self->bar_labels, i), text->str);
      if (vcpu < 0)
        for (guint s = 0; s < VMS_N_STATES; s++)
          vm_totals[s] = 0;
    }
}

static gboolean
update_cb (gpointer data)
{
  VmsStatsPanel *self = data;
  const VmsTimeSpan *visible = vms_session_get_visible (self->session);
  const VmsTimeSpan *selection = vms_session_get_selection (self->session);
  g_autofree char *text = NULL;

  self->update_id = 0;
  self->is_selection = selection != NULL && selection->end > selection->begin;
  self->begin = self->is_selection ? selection->begin : visible->begin;
  self->end = self->is_selection ? selection->end : visible->end;
  if (self->model == NULL)
    {
      gtk_label_set_label (self->range_label, "");
      update_exits (self);
      return G_SOURCE_REMOVE;
    }
  text = range_text (self);
  gtk_label_set_label (self->range_label, text);
  update_bars (self);
  update_exits (self);
  return G_SOURCE_REMOVE;
}

/* Coalesced: one update per main-loop idle however many notifications came. */
static void
queue_update (VmsStatsPanel *self)
{
  if (self->update_id == 0)
    self->update_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, update_cb, self, NULL);
}

static void
update_actions (VmsStatsPanel *self)
{
  gboolean chosen = self->highlight_state >= 0 || self->highlight_reason >= 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "stats.go-to-worst",
                                 chosen && self->model != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "stats.clear-highlight", chosen);
}

void
vms_stats_panel_choose (VmsStatsPanel *self, int state, guint vm, int exit_reason)
{
  g_return_if_fail (VMS_IS_STATS_PANEL (self));

  self->highlight_state = exit_reason >= 0 ? -1 : MAX (state, -1);
  self->highlight_reason = MAX (exit_reason, -1);
  self->highlight_vm = vm;
  for (guint i = 0; i < self->bars->len; i++)
    vms_state_bar_set_highlight (g_ptr_array_index (self->bars, i), self->highlight_state);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.highlight", "(ii)", self->highlight_state,
                              self->highlight_reason);
  update_actions (self);
}

static void
state_activated_cb (VmsStatsPanel *self, int state, VmsStateBar *bar)
{
  /* Choosing the chosen state again clears the highlight */
  vms_stats_panel_choose (self, state == self->highlight_state ? -1 : state, 0, -1);
}

static void
legend_clicked_cb (GtkButton *button, VmsStatsPanel *self)
{
  int state = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "state"));

  vms_stats_panel_choose (self, state == self->highlight_state ? -1 : state, 0, -1);
}

static void
exit_activated_cb (VmsStatsPanel *self, guint position, GtkColumnView *view)
{
  g_autoptr (VmsExitItem) item = g_list_model_get_item (G_LIST_MODEL (self->sorted), position);

  if (item != NULL)
    vms_stats_panel_choose (self, -1, item->stats.vm, (int) item->stats.reason);
}

static void
go_to_worst (GtkWidget *widget, const char *action, GVariant *param)
{
  VmsStatsPanel *self = VMS_STATS_PANEL (widget);
  VmsInterval best = { 0 };
  gboolean found = FALSE;
  gint64 d;

  if (self->model == NULL)
    return;
  for (guint c = 0; c < vms_model_get_n_vcpus (self->model); c++)
    {
      const VmsVcpu *vcpu = vms_model_get_vcpu (self->model, c);
      VmsInterval iv;
      VmsState state = self->highlight_reason >= 0 ? VMS_STATE_HYPERVISOR : self->highlight_state;

      if (vcpu->row < 0 || (self->highlight_reason >= 0 && vcpu->vm != self->highlight_vm))
        continue;
      if (vms_model_find_longest (self->model, (guint) vcpu->row, state, self->highlight_reason,
                                  self->begin, self->end, &iv)
          && (!found || iv.end - iv.start > best.end - best.start))
        {
          best = iv;
          found = TRUE;
        }
    }
  if (!found)
    return;
  /* The interval in the middle third of the view */
  d = MAX (best.end - best.start, VMS_SESSION_MIN_SPAN / 3 + 1);
  vms_session_set_visible (self->session, best.start - d, best.end + d);
}

static void
clear_highlight (GtkWidget *widget, const char *action, GVariant *param)
{
  vms_stats_panel_choose (VMS_STATS_PANEL (widget), -1, 0, -1);
}

static void
add_legend (VmsStatsPanel *self)
{
  GtkWidget *hint = gtk_label_new (_ ("Highlight:"));

  gtk_widget_add_css_class (hint, "dim-label");
  gtk_widget_set_tooltip_text (hint, _ ("Click a state, a bar or an exit reason to highlight its "
                                        "intervals on the timeline"));
  gtk_box_append (self->legend_box, hint);
  for (guint i = 0; vms_state_bar_states[i] >= 0; i++)
    {
      int s = vms_state_bar_states[i];
      GtkWidget *button = gtk_button_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *swatch = vms_state_bar_new ();
      const char *name = vms_state_bar_state_name (s);
      g_autofree char *tip = g_strdup_printf (_ ("Highlight “%s” on the timeline"), name);

      vms_state_bar_set_single (VMS_STATE_BAR (swatch), s);
      gtk_widget_set_size_request (swatch, 16, 12);
      gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
      gtk_widget_set_can_target (swatch, FALSE);
      gtk_box_append (GTK_BOX (box), swatch);
      gtk_box_append (GTK_BOX (box), gtk_label_new (name));
      gtk_button_set_child (GTK_BUTTON (button), box);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, tip);
      g_object_set_data (G_OBJECT (button), "state", GINT_TO_POINTER (s));
      g_signal_connect (button, "clicked", G_CALLBACK (legend_clicked_cb), self);
      gtk_box_append (self->legend_box, button);
    }
}

static void
add_bar (VmsStatsPanel *self, const char *name, guint vm, int vcpu, guint depth)
{
  GtkWidget *label = gtk_label_new (name);
  GtkWidget *bar = vms_state_bar_new ();
  GtkWidget *figures = gtk_label_new (NULL);
  int y = (int) self->bars->len;

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_start (label, 12 * (int) depth);
  if (depth == 0)
    gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_hexpand (bar, TRUE);
  gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_signal_connect_swapped (bar, "state-activated", G_CALLBACK (state_activated_cb), self);
  gtk_label_set_xalign (GTK_LABEL (figures), 1);
  gtk_widget_add_css_class (figures, "numeric");
  gtk_widget_add_css_class (figures, "dim-label");
  gtk_grid_attach (self->bars_grid, label, 0, y, 1, 1);
  gtk_grid_attach (self->bars_grid, bar, 1, y, 1, 1);
  gtk_grid_attach (self->bars_grid, figures, 2, y, 1, 1);
  g_ptr_array_add (self->bars, bar);
  g_ptr_array_add (self->bar_labels, figures);
  g_array_append_val (self->bar_vcpu, vcpu);
  g_array_append_val (self->bar_vm, vm);
}

static void
rebuild_bars (VmsStatsPanel *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->bars_grid))) != NULL)
    gtk_grid_remove (self->bars_grid, child);
  g_ptr_array_set_size (self->bars, 0);
  g_ptr_array_set_size (self->bar_labels, 0);
  g_array_set_size (self->bar_vcpu, 0);
  g_array_set_size (self->bar_vm, 0);
  if (self->model == NULL)
    return;
  for (guint vm = 0; vm < vms_model_get_n_vms (self->model); vm++)
    {
      const VmsVm *v = vms_model_get_vm (self->model, vm);

      add_bar (self, v->name, vm, -1, 0);
      for (guint k = 0; k < v->n_vcpus; k++)
        {
          const VmsVcpu *c = vms_model_get_vcpu (self->model, v->first_vcpu + k);
          /* Translators: a vCPU of a VM, %u is its number */
          g_autofree char *name = g_strdup_printf (_ ("vCPU %u"), c->id);

          add_bar (self, name, vm, (int) (v->first_vcpu + k), 1);
        }
    }
}

static void
add_columns (VmsStatsPanel *self)
{
  for (guint c = 0; c < N_COLS; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkCustomSorter *sorter = gtk_custom_sorter_new (compare_items, GINT_TO_POINTER (c), NULL);
      GtkColumnViewColumn *column;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GINT_TO_POINTER (c));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GINT_TO_POINTER (c));
      column = gtk_column_view_column_new (_ (column_titles[c]), factory);
      gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));
      gtk_column_view_column_set_expand (column, c == COL_REASON);
      gtk_column_view_append_column (self->exit_view, column);
      g_object_unref (sorter);
      g_object_unref (column);
    }
}

static void
vms_stats_panel_dispose (GObject *object)
{
  VmsStatsPanel *self = VMS_STATS_PANEL (object);

  g_clear_handle_id (&self->update_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VMS_TYPE_STATS_PANEL);
  g_clear_object (&self->sorted);
  g_clear_object (&self->exits);
  g_clear_object (&self->session);
  g_clear_object (&self->analysis);
  self->model = NULL;

  G_OBJECT_CLASS (vms_stats_panel_parent_class)->dispose (object);
}

static void
vms_stats_panel_finalize (GObject *object)
{
  VmsStatsPanel *self = VMS_STATS_PANEL (object);

  g_ptr_array_unref (self->bars);
  g_ptr_array_unref (self->bar_labels);
  g_array_unref (self->bar_vcpu);
  g_array_unref (self->bar_vm);

  G_OBJECT_CLASS (vms_stats_panel_parent_class)->finalize (object);
}

static void
vms_stats_panel_class_init (VmsStatsPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vms_stats_panel_dispose;
  object_class->finalize = vms_stats_panel_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/vmscope/VmScope/vms-stats-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, VmsStatsPanel, box);
  gtk_widget_class_bind_template_child (widget_class, VmsStatsPanel, range_label);
  gtk_widget_class_bind_template_child (widget_class, VmsStatsPanel, legend_box);
  gtk_widget_class_bind_template_child (widget_class, VmsStatsPanel, bars_grid);
  gtk_widget_class_bind_template_child (widget_class, VmsStatsPanel, exit_view);
  gtk_widget_class_install_action (widget_class, "stats.go-to-worst", NULL, go_to_worst);
  gtk_widget_class_install_action (widget_class, "stats.clear-highlight", NULL, clear_highlight);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "vmsstatspanel");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
vms_stats_panel_init (VmsStatsPanel *self)
{
  g_autoptr (GtkSingleSelection) selection = NULL;

  self->bars = g_ptr_array_new ();
  self->bar_labels = g_ptr_array_new ();
  self->bar_vcpu = g_array_new (FALSE, FALSE, sizeof (int));
  self->bar_vm = g_array_new (FALSE, FALSE, sizeof (guint));
  self->highlight_state = -1;
  self->highlight_reason = -1;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Statistics"), -1);
  add_legend (self);
  add_columns (self);
  self->exits = g_list_store_new (VMS_TYPE_EXIT_ITEM);
  self->sorted
    = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->exits)),
                               g_object_ref (gtk_column_view_get_sorter (self->exit_view)));
  selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->sorted)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_column_view_set_model (self->exit_view, GTK_SELECTION_MODEL (selection));
  g_signal_connect_swapped (self->exit_view, "activate", G_CALLBACK (exit_activated_cb), self);
  update_actions (self);
}

GtkWidget *
vms_stats_panel_new (VmsSession *session)
{
  VmsStatsPanel *self = g_object_new (VMS_TYPE_STATS_PANEL, NULL);

  g_return_val_if_fail (VMS_IS_SESSION (session), NULL);

  self->session = g_object_ref (session);
  g_signal_connect_object (session, "notify::visible", G_CALLBACK (queue_update), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::selection", G_CALLBACK (queue_update), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::time-mode", G_CALLBACK (queue_update), self,
                           G_CONNECT_SWAPPED);
  queue_update (self);
  return GTK_WIDGET (self);
}

void
vms_stats_panel_set_analysis (GtkWidget *panel, VmsAnalysis *analysis)
{
  VmsStatsPanel *self = VMS_STATS_PANEL (panel);

  g_return_if_fail (VMS_IS_STATS_PANEL (panel));

  g_set_object (&self->analysis, analysis);
  self->model = analysis != NULL ? vms_analysis_get_model (analysis) : NULL;
  rebuild_bars (self);
  /* Another set of traces: nothing chosen, nothing highlighted */
  vms_stats_panel_choose (self, -1, 0, -1);
  g_list_store_remove_all (self->exits);
  update_actions (self);
  queue_update (self);
}

gboolean
vms_stats_panel_get_range (VmsStatsPanel *self, gint64 *begin, gint64 *end)
{
  g_return_val_if_fail (VMS_IS_STATS_PANEL (self), FALSE);

  if (begin != NULL)
    *begin = self->begin;
  if (end != NULL)
    *end = self->end;
  return self->is_selection;
}

gboolean
vms_stats_panel_get_updating (VmsStatsPanel *self)
{
  g_return_val_if_fail (VMS_IS_STATS_PANEL (self), FALSE);

  return self->update_id != 0 || self->cancellable != NULL;
}

GtkWidget *
vms_stats_panel_get_bar (VmsStatsPanel *self, guint vm, int vcpu)
{
  g_return_val_if_fail (VMS_IS_STATS_PANEL (self), NULL);

  for (guint i = 0; i < self->bars->len; i++)
    {
      int index = g_array_index (self->bar_vcpu, int, i);

      if (g_array_index (self->bar_vm, guint, i) != vm)
        continue;
      if (vcpu < 0 && index < 0)
        return g_ptr_array_index (self->bars, i);
      if (vcpu >= 0 && index >= 0
          && (guint) index == vms_model_get_vm (self->model, vm)->first_vcpu + (guint) vcpu)
        return g_ptr_array_index (self->bars, i);
    }
  return NULL;
}

guint
vms_stats_panel_get_n_exits (VmsStatsPanel *self)
{
  g_return_val_if_fail (VMS_IS_STATS_PANEL (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
}

const VmsExitStats *
vms_stats_panel_get_exit (VmsStatsPanel *self, guint position)
{
  g_autoptr (VmsExitItem) item = NULL;

  g_return_val_if_fail (VMS_IS_STATS_PANEL (self), NULL);

  item = g_list_model_get_item (G_LIST_MODEL (self->sorted), position);
  /* The store keeps the item alive */
  return item != NULL ? &item->stats : NULL;
}
