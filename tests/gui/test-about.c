/* test-about.c — the about window: version, licence and the research credited.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A process of its own: the about window takes GLib past 2048 quarks together with a loaded
 * timeline, and GLib then drops its first quark block on purpose (a leak report).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "vms-gui-test.h"

static void
test_about (void **state)
{
  g_autoptr (VmsApplication) app = vms_application_new ();
  g_autoptr (GError) error = NULL;
  GListModel *toplevels = gtk_window_get_toplevels (); /* transfer none */
  AdwAboutWindow *about = NULL;
  VmsWindow *window;

  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  window = vms_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  vms_test_spin_for (100);

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_ABOUT_WINDOW (w))
        about = ADW_ABOUT_WINDOW (w);
    }
  assert_non_null (about);
  assert_string_equal (adw_about_window_get_version (about), PACKAGE_VERSION);
  assert_int_equal (adw_about_window_get_license_type (about), GTK_LICENSE_GPL_2_0);
  assert_ptr_equal (gtk_window_get_transient_for (GTK_WINDOW (about)), GTK_WINDOW (window));
  gtk_window_destroy (GTK_WINDOW (about));
  gtk_window_destroy (GTK_WINDOW (window));
  vms_test_spin_for (50);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_about),
  };

  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
  if (!vms_test_have_display ())
    return 77;
  return cmocka_run_group_tests (tests, NULL, NULL);
}
