/* test-sync-panel.c — the Synchronization panel on the demo: every guest accurate with the
 * analysis' formula (and the truth within its accuracy); a typed offset rebuilds the model in
 * the background, keeps the view, and the panel and the VM's header badge then say "manual".
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Given the generator (argv[1]), traces without any sync event: the guests' quality is absent,
 * with a warning badge on their rows, until an offset is typed.
 *
 * VMS_SCREENSHOT=FILE.png saves the window with the panel shown (FILE.png.rebuildN.png while
 * rebuilding, FILE.png.nosync.png on the traces without sync).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>

#include "vms-gui-fixture.h"
#include "vms-gui-lsan.h"
#include "vms-render-private.h"
#include "vms-sync-panel.h"
#include "vms-time.h"
#include "vms-timeline.h"

static VmsSyncPanel *
get_panel (void)
{
  GtkWidget *panel = find_widget (GTK_WIDGET (fx.window), VMS_TYPE_SYNC_PANEL);
  GtkWidget *stack = panel != NULL ? gtk_widget_get_parent (panel) : NULL;

  assert_non_null (panel);
  gtk_stack_set_visible_child (GTK_STACK (stack), panel);
  return VMS_SYNC_PANEL (panel);
}

/* The guests of truth.json and their true clock α. */
static JsonArray *
read_guests (JsonParser *parser)
{
  g_autofree char *path = g_build_filename (fx.demo, "truth.json", NULL);

  assert_true (json_parser_load_from_file (parser, path, NULL));
  return json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                       "guests");
}

static const VmsMachine *
find_machine (VmsModel *model, const char *name)
{
  for (guint i = 0; i < vms_model_get_n_machines (model); i++)
    if (g_strcmp0 (vms_model_get_machine (model, i)->name, name) == 0)
      return vms_model_get_machine (model, i);
  return NULL;
}

static const char *
header_badge (VmsModel *model, const char *guest, gboolean *warn)
{
  for (guint v = 0; v < vms_model_get_n_vms (model); v++)
    {
      const VmsVm *vm = vms_model_get_vm (model, v);

      if (g_strcmp0 (vm->name, guest) == 0)
        return _vms_render_row_badge (model, (guint) vm->row, warn);
    }
  return NULL;
}

static const char *generator;

static const char *
machine_badge (VmsModel *model, const char *name, gboolean *warn)
{
  const VmsMachine *m = find_machine (model, name);

  assert_non_null (m);
  assert_true (m->row >= 0);
  return _vms_render_row_badge (model, (guint) m->row, warn);
}

static void
test_load_demo (void **state)
{
  assert_true (vms_gui_fixture_load_demo ());
  vms_test_spin_for (200);
}

static void
test_guests_accurate (void **state)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonArray *guests = read_guests (parser);
  VmsSyncPanel *panel = get_panel ();
  VmsModel *model = vms_window_get_model (fx.window);
  const char *screenshot = g_getenv ("VMS_SCREENSHOT");

  assert_non_null (guests);
  assert_true (json_array_get_length (guests) > 0);
  for (guint g = 0; g < json_array_get_length (guests); g++)
    {
      JsonObject *guest = json_array_get_object_element (guests, g);
      const char *name = json_object_get_string_member (guest, "hostname");
      double true_alpha
        = json_object_get_double_member (json_object_get_object_member (guest, "clock"), "alpha");
      const VmsMachine *m = find_machine (model, name);
      g_autofree char *line = vms_sync_panel_dup_line_text (panel, name);
      g_autofree char *drift = g_strdup_printf ("%+.3f ppm", (m->alpha - 1.0) * 1e6);
      gboolean warn = TRUE;

      assert_non_null (m);
      assert_non_null (line);
      assert_string_equal (vms_sync_panel_get_quality (panel, name), "accurate");
      /* The panel shows the analysis' formula, and the truth is within its accuracy. */
      assert_non_null (strstr (line, drift));
      assert_true (fabs (m->alpha - true_alpha) <= m->accuracy + 1e-9);
      assert_string_equal (header_badge (model, name, &warn), "accurate");
      assert_false (warn);
    }
  if (screenshot != NULL)
    {
      vms_test_spin_for (300);
      save_png (GTK_WIDGET (fx.window), screenshot);
    }
}

static gboolean
model_is_not (gpointer old)
{
  return !vms_window_get_loading (fx.window) && vms_window_get_model (fx.window) != old;
}

/* The window's pages: empty, loading, view. */
static GtkStack *
page_stack (void)
{
  GtkWidget *stack = vms_window_get_timeline (fx.window);

  while ((stack = gtk_widget_get_ancestor (gtk_widget_get_parent (stack), GTK_TYPE_STACK)) != NULL)
    if (gtk_stack_get_child_by_name (GTK_STACK (stack), "loading") != NULL)
      return GTK_STACK (stack);
  fail ();
  return NULL;
}

/* Types text in the guest's offset entry and waits for the rebuilt model. */
static void
type_offset (const char *guest, const char *text)
{
  VmsModel *before = vms_window_get_model (fx.window);
  GtkEditable *entry = vms_sync_panel_get_offset_entry (get_panel (), guest);

  assert_non_null (entry);
  gtk_editable_set_text (entry, text);
  g_signal_emit_by_name (entry, "activate");
  /* In the background: the view stays on screen while the model is rebuilt. */
  assert_true (vms_window_get_loading (fx.window));
  assert_true (gtk_widget_get_mapped (vms_window_get_timeline (fx.window)));
  /* … no page switch to the loading page */
  vms_test_spin_for (50);
  if (vms_window_get_loading (fx.window))
    {
      GtkStack *pages = page_stack ();

      assert_string_equal (gtk_stack_get_visible_child_name (pages), "view");
    }
  if (g_getenv ("VMS_SCREENSHOT") != NULL && *text != '\0' && vms_window_get_loading (fx.window))
    {
      static int n_shots;
      g_autofree char *path
        = g_strdup_printf ("%s.rebuild%d.png", g_getenv ("VMS_SCREENSHOT"), ++n_shots);

      save_png (GTK_WIDGET (fx.window), path);
    }
  assert_true (vms_test_spin_until (model_is_not, before, LOAD_TIMEOUT_S));
  vms_test_spin_for (100);
}

static void
test_manual_offset (void **state)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonArray *guests = read_guests (parser);
  const char *guest
    = json_object_get_string_member (json_array_get_object_element (guests, 0), "hostname");
  VmsSession *session = vms_window_get_session (fx.window);
  VmsTimeSpan visible;
  const VmsMachine *m;
  gboolean warn = TRUE;
  GtkEditable *entry;

  assert_true (activate ("zoom-in"));
  assert_true (activate ("zoom-in"));
  visible = *vms_session_get_visible (session);

  /* Not a time: the entry says so and nothing is rebuilt */
  entry = vms_sync_panel_get_offset_entry (get_panel (), guest);
  gtk_editable_set_text (entry, "soon");
  g_signal_emit_by_name (entry, "activate");
  assert_false (vms_window_get_loading (fx.window));
  assert_true (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"));

  type_offset (guest, "-1.25s");
  assert_string_equal (vms_sync_panel_get_quality (get_panel (), guest), "manual");
  m = find_machine (vms_window_get_model (fx.window), guest);
  assert_non_null (m);
  assert_string_equal (m->sync_quality, "manual");
  assert_true (fabs (m->alpha - 1.0) < 1e-12);
  assert_string_equal (header_badge (vms_window_get_model (fx.window), guest, &warn), "manual");
  assert_false (warn);
  /* The view the user was looking at is kept */
  assert_int_equal (vms_session_get_visible (session)->begin, visible.begin);
  assert_int_equal (vms_session_get_visible (session)->end, visible.end);

  /* Emptied: synchronized again */
  type_offset (guest, "");
  assert_string_equal (vms_sync_panel_get_quality (get_panel (), guest), "accurate");
  assert_int_equal (vms_session_get_visible (session)->begin, visible.begin);
}

static void
test_no_sync (void **state)
{
  g_autofree char *out = g_build_filename (fx.tmpdir, "nosync", NULL);
  const char *argv[]
    = { generator, "--scenario", "seed", "--duration", "300ms", "--no-sync", "-o", out, NULL };
  g_autoptr (GFile) file = g_file_new_for_path (out);
  g_autoptr (GError) error = NULL;
  VmsModel *before = vms_window_get_model (fx.window);
  gboolean warn = FALSE;
  gint64 offset = 0;
  int status = -1;

  if (generator == NULL)
    skip ();
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL,
                &status, &error);
  g_assert_no_error (error);
  assert_true (g_spawn_check_wait_status (status, NULL));
  vms_window_open (fx.window, &file, 1);
  assert_true (vms_test_spin_until (model_is_not, before, LOAD_TIMEOUT_S));
  vms_test_spin_for (100);

  assert_string_equal (vms_sync_panel_get_quality (get_panel (), "jessie"), "⚠ absent");
  assert_string_equal (machine_badge (vms_window_get_model (fx.window), "jessie", &warn),
                       "⚠ no sync");
  assert_true (warn);

  type_offset ("jessie", "-300ms");
  assert_string_equal (vms_sync_panel_get_quality (get_panel (), "jessie"), "manual");
  /* The entry shows the offset in a form it reads back */
  assert_true (vms_time_parse (
    gtk_editable_get_text (vms_sync_panel_get_offset_entry (get_panel (), "jessie")), 0, &offset,
    NULL));
  assert_int_equal (offset, -300 * VMS_NS_PER_MS);
  assert_null (machine_badge (vms_window_get_model (fx.window), "jessie", &warn));
  assert_false (warn);
  /* The other guest still warns */
  assert_string_equal (vms_sync_panel_get_quality (get_panel (), "jessie-clone"), "⚠ absent");
  if (g_getenv ("VMS_SCREENSHOT") != NULL)
    {
      g_autofree char *path = g_strconcat (g_getenv ("VMS_SCREENSHOT"), ".nosync.png", NULL);

      vms_test_spin_for (300);
      save_png (GTK_WIDGET (fx.window), path);
    }
}

int
main (int argc, char **argv)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_load_demo),
    cmocka_unit_test (test_guests_accurate),
    cmocka_unit_test (test_manual_offset),
    cmocka_unit_test (test_no_sync),
  };
  int status = vms_gui_fixture_open ("vmscope-gui-sync-XXXXXX");

  generator = argc > 1 ? argv[1] : NULL;
  /* Screenshots show pages, not a cross-fade between them (under Xvfb a stack's transition may
   * not end before the next one) */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  if (status != 0)
    return status;
  status = cmocka_run_group_tests (tests, NULL, NULL);
  vms_gui_fixture_close ();
  return status;
}
