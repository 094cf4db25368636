/* vms-window-panels.c — the panels under the timeline: memory, statistics, spikes,
 * synchronization, ballooning. Each observes the window's session (visible range, selection)
 * and is given the analysis once a set of traces is loaded.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vms-balloon-panel.h"
#include "vms-memory-panel.h"
#include "vms-sync-panel.h"
#include "vms-spike-panel.h"
#include "vms-stats-panel.h"
#include "vms-window-private.h"

typedef struct {
  const char *name;  /* page name, for actions and saved layouts */
  const char *title; /* translatable, shown on the switcher */
  GtkWidget *(*create) (VmsSession *session);
  void (*set_analysis) (GtkWidget *panel, VmsAnalysis *analysis);
} VmsPanelInfo;

/* One line per panel, in the order of the switcher. */
static const VmsPanelInfo panel_infos[] = {
  { "statistics", N_ ("Statistics"), vms_stats_panel_new, vms_stats_panel_set_analysis },
  { "spikes", N_ ("Spikes"), vms_spike_panel_new, vms_spike_panel_set_analysis },
  { NULL, NULL, NULL, NULL },
  { "memory", N_ ("Memory"), vms_memory_panel_new, vms_memory_panel_set_analysis },
  { "sync", N_ ("Synchronization"), vms_sync_panel_new,
    (void (*) (GtkWidget *, VmsAnalysis *)) vms_sync_panel_set_analysis },
  { "ballooning", N_ ("Ballooning"), vms_balloon_panel_new, vms_balloon_panel_set_analysis },
};

static const VmsPanelInfo *
find_info (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (panel_infos); i++)
    if (panel_infos[i].name != NULL && g_strcmp0 (panel_infos[i].name, name) == 0)
      return &panel_infos[i];
  return NULL;
}

GtkWidget *
_vms_window_panels_new (VmsWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *switcher = gtk_stack_switcher_new ();
  guint n_pages = 0;

  self->panels = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_vhomogeneous (self->panels, FALSE);
  gtk_stack_switcher_set_stack (GTK_STACK_SWITCHER (switcher), self->panels);
  gtk_widget_set_halign (switcher, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (switcher, 6);
  gtk_widget_set_margin_bottom (switcher, 6);
  gtk_box_append (GTK_BOX (box), switcher);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->panels));
  gtk_widget_add_css_class (box, "vms-panels");

  for (guint i = 0; i < G_N_ELEMENTS (panel_infos); i++)
    {
      if (panel_infos[i].create == NULL)
        continue;
      gtk_stack_add_titled (self->panels, panel_infos[i].create (self->session),
                            panel_infos[i].name, _ (panel_infos[i].title));
      n_pages++;
    }
  /* No panel built in: the timeline takes the whole height. */
  gtk_widget_set_visible (box, n_pages > 0);
  return box;
}

void
_vms_window_panels_set_analysis (VmsWindow *self, VmsAnalysis *analysis)
{
  GtkWidget *child;

  if (self->panels == NULL)
    return;
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->panels)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkStackPage *page = gtk_stack_get_page (self->panels, child);
      const VmsPanelInfo *info = find_info (gtk_stack_page_get_name (page));

      if (info != NULL && info->set_analysis != NULL)
        info->set_analysis (child, analysis);
    }
}
