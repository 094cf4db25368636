/* vms-window-private.h — the window's parts shared by vms-window*.c.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "vms-details-pane.h"
#include "vms-loader.h"
#include "vms-model.h"
#include "vms-session.h"
#include "vms-window.h"

G_BEGIN_DECLS

struct _VmsWindow {
  AdwApplicationWindow parent_instance;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  AdwWindowTitle *window_title;
  GtkMenuButton *recent_button;
  GtkWidget *history_box;
  GtkWidget *zoom_box;
  GtkStack *stack;
  GtkWidget *demo_button;
  AdwStatusPage *loading_page;
  GtkProgressBar *progress_bar;
  GtkPaned *paned;
  GtkBox *view_box;
  GtkLabel *selection_label;
  VmsDetailsPane *details_pane;

  /* The timeline's widgets, all observing session */
  GtkWidget *ruler;
  GtkWidget *timeline;
  GtkWidget *legend;

  /* The panels under the timeline (vms-window-panels.c) */
  GtkWidget *panels_paned; /* the timeline above, the panels below */
  GtkStack *panels;        /* one page per panel */

  VmsSession *session;
  VmsModel *model;           /* what is shown, or NULL */
  VmsAnalysis *analysis;     /* the analysis model comes from (memory, sync), or NULL */
  VmsLoader *loader;         /* the load in progress, or NULL */
  GCancellable *cancellable; /* of that load: fired on close and when another set is opened */
  GPtrArray *shown_files;    /* GFile: the folders of model */
  GPtrArray *loading_files;  /* GFile: the folders being loaded */
  char *last_message;        /* the last error or notice shown, for tests */
  char *clicked_interval;    /* the details of the interval clicked last, or NULL */
  char *trace_names;         /* hostnames of the traces shown, for export captions */

  /* Manual clock offsets and rebuilding (vms-window-settings.c) */
  GHashTable *offsets;    /* machine name → gint64*: for the set offsets_key names */
  char *offsets_key;      /* the set the offsets belong to */
  gboolean rebuilding;    /* the load in progress rebuilds the set shown: the view stays */
  GtkWidget *rebuild_bar; /* its progress, over the timeline */
};

/* vms-window-actions.c */
void _vms_window_actions_init (VmsWindow *self);
void _vms_window_actions_update (VmsWindow *self);

/* vms-window-details.c: fill the details pane and the selection line from the model */
void _vms_window_details_init (VmsWindow *self);
void _vms_window_details_update (VmsWindow *self);
/* "vCPU 1\npreempted\npreempted by …\nStart: …\nDuration: …" */
char *_vms_window_describe_interval (VmsWindow *self, guint row_index, const VmsInterval *interval);

/* vms-window-panels.c: the panels under the timeline, all observing the window's session.
 * Each panel is a widget with vms_PANEL_new (VmsSession *) and
 * vms_PANEL_set_analysis (panel, VmsAnalysis * or NULL). */
GtkWidget *_vms_window_panels_new (VmsWindow *self);
void _vms_window_panels_set_analysis (VmsWindow *self, VmsAnalysis *analysis);

/* vms-window-settings.c: settings followed live, the view of each set, manual offsets */
void _vms_window_settings_init (VmsWindow *self);
void _vms_window_settings_save (VmsWindow *self);
void _vms_window_settings_prepare_load (VmsWindow *self, VmsLoader *loader);
void _vms_window_settings_progress (VmsWindow *self, VmsLoader *loader);
void _vms_window_settings_load_done (VmsWindow *self);
void _vms_window_view_state_save (VmsWindow *self);
void _vms_window_view_state_restore (VmsWindow *self);

/* vms-window.c */
void _vms_window_show_message (VmsWindow *self, const char *message);
void _vms_window_show_error (VmsWindow *self, const char *title, const char *message);
void _vms_window_show_notice (VmsWindow *self, const char *message);
void _vms_window_open_paths (VmsWindow *self, const char *const *paths);
void _vms_window_cancel_load (VmsWindow *self);

G_END_DECLS
