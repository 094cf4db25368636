/* vms-details-pane.c — what was happening at a clicked instant.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vms-details-pane.h"

struct _VmsDetailsPane {
  GtkWidget parent_instance;

  GtkWidget *scroller;
  GtkLabel *instant_label;
  GtkWidget *selection_group;
  GtkLabel *selection_label;
  GtkWidget *interval_group;
  GtkLabel *interval_label;
  GtkBox *states_box;

  /* The group rows are being appended to, and its title. */
  AdwPreferencesGroup *current_group;
  char *current_group_name;
  GString *states_text;
};

G_DEFINE_FINAL_TYPE (VmsDetailsPane, vms_details_pane, GTK_TYPE_WIDGET)

static void
vms_details_pane_dispose (GObject *object)
{
  VmsDetailsPane *self = VMS_DETAILS_PANE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), VMS_TYPE_DETAILS_PANE);
  self->current_group = NULL;

  G_OBJECT_CLASS (vms_details_pane_parent_class)->dispose (object);
}

static void
vms_details_pane_finalize (GObject *object)
{
  VmsDetailsPane *self = VMS_DETAILS_PANE (object);

  g_clear_pointer (&self->current_group_name, g_free);
  g_string_free (self->states_text, TRUE);

  G_OBJECT_CLASS (vms_details_pane_parent_class)->finalize (object);
}

static void
vms_details_pane_class_init (VmsDetailsPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vms_details_pane_dispose;
  object_class->finalize = vms_details_pane_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/vmscope/VmScope/vms-details-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, VmsDetailsPane, scroller);
  gtk_widget_class_bind_template_child (widget_class, VmsDetailsPane, instant_label);
  gtk_widget_class_bind_template_child (widget_class, VmsDetailsPane, selection_group);
  gtk_widget_class_bind_template_child (widget_class, VmsDetailsPane, selection_label);
  gtk_widget_class_bind_template_child (widget_class, VmsDetailsPane, interval_group);
  gtk_widget_class_bind_template_child (widget_class, VmsDetailsPane, interval_label);
  gtk_widget_class_bind_template_child (widget_class, VmsDetailsPane, states_box);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "vmsdetailspane");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
vms_details_pane_init (VmsDetailsPane *self)
{
  self->states_text = g_string_new (NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Details"), -1);
}

GtkWidget *
vms_details_pane_new (void)
{
  return g_object_new (VMS_TYPE_DETAILS_PANE, NULL);
}

void
vms_details_pane_set_instant (VmsDetailsPane *self, const char *time_text)
{
  g_autofree char *heading = NULL;

  g_return_if_fail (VMS_IS_DETAILS_PANE (self));

  if (time_text == NULL)
    {
      gtk_label_set_label (self->instant_label,
                           _ ("Click the timeline to see the state of every VM, vCPU and guest "
                              "thread at that instant."));
      return;
    }
  /* Translators: the heading of the details pane, %s is a time */
  heading = g_strdup_printf (_ ("At %s"), time_text);
  gtk_label_set_label (self->instant_label, heading);
}

static void
set_section (GtkWidget *group, GtkLabel *label, const char *text)
{
  gtk_widget_set_visible (group, text != NULL);
  gtk_label_set_label (label, text != NULL ? text : "");
}

void
vms_details_pane_set_interval (VmsDetailsPane *self, const char *text)
{
  g_return_if_fail (VMS_IS_DETAILS_PANE (self));

  set_section (self->interval_group, self->interval_label, text);
}

void
vms_details_pane_set_selection (VmsDetailsPane *self, const char *text)
{
  g_return_if_fail (VMS_IS_DETAILS_PANE (self));

  set_section (self->selection_group, self->selection_label, text);
}

void
vms_details_pane_clear_states (VmsDetailsPane *self)
{
  GtkWidget *child;

  g_return_if_fail (VMS_IS_DETAILS_PANE (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->states_box))) != NULL)
    gtk_box_remove (self->states_box, child);
  self->current_group = NULL;
  g_clear_pointer (&self->current_group_name, g_free);
  g_string_truncate (self->states_text, 0);
}

void
vms_details_pane_add_state (VmsDetailsPane *self,
                            const char *group,
                            const char *name,
                            const char *state)
{
  GtkWidget *row;

  g_return_if_fail (VMS_IS_DETAILS_PANE (self));
  g_return_if_fail (group != NULL && name != NULL && state != NULL);

  if (self->current_group == NULL || g_strcmp0 (group, self->current_group_name) != 0)
    {
      self->current_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      adw_preferences_group_set_title (self->current_group, group);
      gtk_box_append (self->states_box, GTK_WIDGET (self->current_group));
      g_free (self->current_group_name);
      self->current_group_name = g_strdup (group);
      g_string_append_printf (self->states_text, "%s\n", group);
    }

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), state);
  adw_preferences_group_add (self->current_group, row);
  g_string_append_printf (self->states_text, "  %s: %s\n", name, state);
}

char *
vms_details_pane_dup_text (VmsDetailsPane *self)
{
  GString *text;

  g_return_val_if_fail (VMS_IS_DETAILS_PANE (self), NULL);

  text = g_string_new (gtk_label_get_label (self->instant_label));
  g_string_append_c (text, '\n');
  if (gtk_widget_get_visible (self->selection_group))
    g_string_append_printf (text, "%s\n%s\n", _ ("Selection"),
                            gtk_label_get_label (self->selection_label));
  if (gtk_widget_get_visible (self->interval_group))
    g_string_append_printf (text, "%s\n%s\n", _ ("Interval"),
                            gtk_label_get_label (self->interval_label));
  g_string_append_len (text, self->states_text->str, self->states_text->len);
  return g_string_free (text, FALSE);
}
