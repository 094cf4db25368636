/* vms-window.c — the Virtual Machine View window.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vms-window.h"

struct _VmsWindow {
  AdwApplicationWindow parent_instance;

  AdwWindowTitle *window_title;
  AdwStatusPage *empty_page;
};

G_DEFINE_FINAL_TYPE (VmsWindow, vms_window, ADW_TYPE_APPLICATION_WINDOW)

static void
vms_window_class_init (VmsWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/vmscope/VmScope/vms-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VmsWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, VmsWindow, empty_page);
}

static void
vms_window_init (VmsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

VmsWindow *
vms_window_new (VmsApplication *application)
{
  return g_object_new (VMS_TYPE_WINDOW, "application", application, NULL);
}

/**
 * vms_window_open:
 * @self: a #VmsWindow
 * @files: (array length=n_files): trace folders, or folders above them
 * @n_files: the number of @files
 *
 * Opens the traces found under @files in @self.
 */
void
vms_window_open (VmsWindow *self, GFile **files, int n_files)
{
  g_autoptr (GString) names = g_string_new (NULL);

  g_return_if_fail (VMS_IS_WINDOW (self));

  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *name = g_file_get_basename (files[i]);

      if (names->len > 0)
        g_string_append (names, ", ");
      g_string_append (names, name);
    }
  adw_window_title_set_subtitle (self->window_title, names->str);
}
