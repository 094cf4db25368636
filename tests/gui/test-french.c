/* test-french.c — the window in French (LANGUAGE=fr, the build tree's catalog): the empty
 * page, the header bar, the main menu, the loading page and, once the demo is loaded, the
 * range shown, the legend's states, the panels' titles, and no label, tooltip or page title
 * of the window left in English.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A process of its own: the language is chosen before GTK starts and cannot change after.
 * po/fr.po is complete (the style suite checks it); this checks that it reaches the window.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "vms-gui-fixture.h"
#include "vms-palette.h"

#define NBSP "\u00a0"

/* The page of the window's stack named name (its pages: empty, loading, view). */
static GtkWidget *
find_page (GtkWidget *root, const char *name)
{
  if (GTK_IS_STACK (root) && gtk_stack_get_child_by_name (GTK_STACK (root), name) != NULL)
    return gtk_stack_get_child_by_name (GTK_STACK (root), name);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_page (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A button of the window that activates action, with that label. */
static gboolean
have_button (GtkWidget *root, const char *action, const char *label)
{
  if (GTK_IS_BUTTON (root)
      && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action) == 0
      && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (have_button (child, action, label))
      return TRUE;
  return FALSE;
}

static GtkWidget *
find_primary_menu_button (GtkWidget *root)
{
  if (GTK_IS_MENU_BUTTON (root) && gtk_menu_button_get_primary (GTK_MENU_BUTTON (root)))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_primary_menu_button (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Every item label of model, its sections and submenus, in order. */
static void
collect_labels (GMenuModel *model, GPtrArray *labels)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autoptr (GMenuModel) section = g_menu_model_get_item_link (model, i, G_MENU_LINK_SECTION);
      g_autoptr (GMenuModel) submenu = g_menu_model_get_item_link (model, i, G_MENU_LINK_SUBMENU);
      char *label = NULL;

      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_LABEL, "s", &label))
        g_ptr_array_add (labels, label);
      if (section != NULL)
        collect_labels (section, labels);
      if (submenu != NULL)
        collect_labels (submenu, labels);
    }
}

static gboolean
has_label (GPtrArray *labels, const char *label)
{
  for (guint i = 0; i < labels->len; i++)
    if (g_strcmp0 (g_ptr_array_index (labels, i), label) == 0)
      return TRUE;
  return FALSE;
}

static void
test_empty_page (void **state)
{
  GtkWidget *page = find_page (GTK_WIDGET (fx.window), "empty");

  assert_true (ADW_IS_STATUS_PAGE (page));
  assert_string_equal (adw_status_page_get_title (ADW_STATUS_PAGE (page)),
                       "Ouvrir des traces LTTng");
  assert_non_null (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (page)),
                           "Vous pouvez aussi déposer des dossiers ici."));
  assert_true (have_button (page, "win.open", "Ouvrir des _traces…"));
  assert_true (have_button (page, "win.open-demo", "Ouvrir la _démo"));
  /* The header bar's Open button */
  assert_true (have_button (GTK_WIDGET (fx.window), "win.open", "_Ouvrir"));
}

static void
test_main_menu (void **state)
{
  GtkWidget *button = find_primary_menu_button (GTK_WIDGET (fx.window));
  g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);

  assert_non_null (button);
  assert_string_equal (gtk_widget_get_tooltip_text (button), "Menu principal");
  collect_labels (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button)), labels);
  assert_true (has_label (labels, "_Exporter l’image…"));
  assert_true (has_label (labels, "_Copier l’image"));
  assert_true (has_label (labels, "_Aller à un instant…"));
  assert_true (has_label (labels, "_Raccourcis clavier"));
  assert_true (has_label (labels, "À _propos de vmscope"));
  assert_false (has_label (labels, "_Keyboard Shortcuts"));
}

/* Every text the progress bar showed while loading is a French phase. */
static gboolean
loading_in_french (gpointer data)
{
  gboolean *english = data;
  GtkWidget *page = find_page (GTK_WIDGET (fx.window), "loading");
  GtkWidget *bar = find_widget (page, GTK_TYPE_PROGRESS_BAR);
  const char *text = gtk_progress_bar_get_text (GTK_PROGRESS_BAR (bar));
  const char *phases[] = { "Recherche des traces…", "Lecture des traces…",
                           "Synchronisation des horloges…", "Construction de la chronologie…" };
  gboolean known = FALSE;

  if (text == NULL || *text == '\0')
    return !vms_window_get_loading (fx.window);
  for (guint i = 0; i < G_N_ELEMENTS (phases); i++)
    known |= g_str_has_prefix (text, phases[i]);
  if (!known)
    {
      g_printerr ("# progress text not in French: %s\n", text);
      *english = TRUE;
    }
  return !vms_window_get_loading (fx.window);
}

static void
test_loading_page (void **state)
{
  g_autoptr (GFile) file = g_file_new_for_path (fx.demo);
  GtkWidget *page = find_page (GTK_WIDGET (fx.window), "loading");
  gboolean english = FALSE;

  assert_true (ADW_IS_STATUS_PAGE (page));
  assert_string_equal (adw_status_page_get_title (ADW_STATUS_PAGE (page)), "Chargement des traces");
  assert_true (have_button (page, "win.cancel-load", "_Annuler"));

  vms_window_open (fx.window, &file, 1);
  assert_true (vms_test_spin_until (loading_in_french, &english, LOAD_TIMEOUT_S));
  assert_false (english);
  assert_non_null (vms_window_get_model (fx.window));
}

/* A label of the window whose text starts with prefix. */
static GtkWidget *
find_label_with_prefix (GtkWidget *root, const char *prefix)
{
  if (GTK_IS_LABEL (root) && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (root)), prefix))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label_with_prefix (child, prefix);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_loaded_view (void **state)
{
  /* French panel titles by page name; panels not listed must still have a title. */
  static const struct {
    const char *name;
    const char *title;
  } panels[] = {
    { "memory", "Mémoire" },       { "statistics", "Statistiques" }, { "spikes", "Pics" },
    { "sync", "Synchronisation" }, { "ballooning", "Ballooning" },
  };
  GtkStack *stack = NULL;

  vms_test_spin_for (200);
  /* The line above the timeline: "Affichage : début – fin (durée)" */
  assert_non_null (find_label_with_prefix (GTK_WIDGET (fx.window), "Affichage" NBSP ": "));
  assert_null (find_label_with_prefix (GTK_WIDGET (fx.window), "Showing "));

  /* The legend's states, as the legend and the tooltips draw them */
  assert_string_equal (vms_draw_state_get_name (VMS_DRAW_VCPU_RUNNING), "Exécution");
  assert_string_equal (vms_draw_state_get_name (VMS_DRAW_VCPU_HYPERVISOR), "Hyperviseur");
  assert_string_equal (vms_draw_state_get_name (VMS_DRAW_VCPU_PREEMPTED), "Préempté");
  assert_string_equal (vms_draw_state_get_name (VMS_DRAW_THREAD_RUNNABLE), "Attente de CPU");
  assert_string_equal (vms_draw_state_get_name (VMS_DRAW_THREAD_APPEARED), "Semblait s’exécuter");

  /* The panels' switcher */
  for (guint i = 0; i < G_N_ELEMENTS (panels) && stack == NULL; i++)
    {
      GtkWidget *page = find_page (GTK_WIDGET (fx.window), panels[i].name);

      if (page != NULL)
        stack = GTK_STACK (gtk_widget_get_parent (page));
    }
  for (GtkWidget *child = stack ? gtk_widget_get_first_child (GTK_WIDGET (stack)) : NULL;
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkStackPage *page = gtk_stack_get_page (stack, child);

      assert_non_null (gtk_stack_page_get_title (page));
      for (guint i = 0; i < G_N_ELEMENTS (panels); i++)
        if (g_strcmp0 (gtk_stack_page_get_name (page), panels[i].name) == 0)
          assert_string_equal (gtk_stack_page_get_title (page), panels[i].title);
    }
}

/* The English messages of po/fr.po whose French differs (not "vmscope", "VM", "Total"…). */
static GHashTable *
read_english_messages (void)
{
  g_autofree char *path = g_build_filename (SOURCE_DIR, "po", "fr.po", NULL);
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;
  GHashTable *english = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GString) msgid = g_string_new (NULL);
  g_autoptr (GString) msgstr = g_string_new (NULL);
  GString *field = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *quote = strchr (line, '"');

      if (line[0] == '\0')
        {
          if (msgid->len > 0 && msgstr->len > 0 && !g_str_equal (msgid->str, msgstr->str))
            g_hash_table_add (english, g_strdup (msgid->str));
          g_string_truncate (msgid, 0);
          g_string_truncate (msgstr, 0);
          field = NULL;
          continue;
        }
      if (g_str_has_prefix (line, "msgid "))
        field = msgid;
      else if (g_str_has_prefix (line, "msgstr"))
        field = msgstr;
      else if (line[0] != '"')
        {
          if (!g_str_has_prefix (line, "#"))
            field = NULL; /* msgctxt, msgid_plural */
          continue;
        }
      if (field != NULL && quote != NULL)
        {
          g_autofree char *inner = g_strndup (quote + 1, strlen (quote + 1) - 1);
          g_autofree char *text = g_strcompress (inner);

          g_string_append (field, text);
        }
    }
  return english;
}

/* Every label, tooltip and page title under root that is still an English message. */
static void
collect_english (GtkWidget *root, GHashTable *english, GPtrArray *found)
{
  const char *tooltip = gtk_widget_get_tooltip_text (root);

  if (GTK_IS_LABEL (root)
      && g_hash_table_contains (english, gtk_label_get_label (GTK_LABEL (root))))
    g_ptr_array_add (found, (gpointer) gtk_label_get_label (GTK_LABEL (root)));
  if (tooltip != NULL && g_hash_table_contains (english, tooltip))
    g_ptr_array_add (found, (gpointer) tooltip);
  if (GTK_IS_STACK (root))
    for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
         child = gtk_widget_get_next_sibling (child))
      {
        const char *title = gtk_stack_page_get_title (gtk_stack_get_page (GTK_STACK (root), child));

        if (title != NULL && g_hash_table_contains (english, title))
          g_ptr_array_add (found, (gpointer) title);
      }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_english (child, english, found);
}

/* Nothing of the loaded window (every panel, the details pane, the menus) is left in English:
 * a string marked for translation but shown without gettext fails here. */
static void
test_no_english_left (void **state)
{
  g_autoptr (GHashTable) english = read_english_messages ();
  g_autoptr (GPtrArray) found = g_ptr_array_new ();

  assert_true (g_hash_table_contains (english, "Open LTTng Traces"));
  collect_english (GTK_WIDGET (fx.window), english, found);
  for (guint i = 0; i < found->len; i++)
    g_printerr ("# still in English: “%s”\n", (const char *) g_ptr_array_index (found, i));
  assert_int_equal (found->len, 0);
}

int
main (void)
{
  /* In this order: the demo is loaded by test_loading_page. */
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_empty_page),      cmocka_unit_test (test_main_menu),
    cmocka_unit_test (test_loading_page),    cmocka_unit_test (test_loaded_view),
    cmocka_unit_test (test_no_english_left),
  };
  int status;

  /* French messages from the catalog compiled in this build tree, whatever the environment:
   * gettext ignores LANGUAGE in the "C" locale, so C.UTF-8. */
  g_setenv ("LANGUAGE", "fr", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, BUILD_DIR G_DIR_SEPARATOR_S "po");
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  status = vms_gui_fixture_open ("vmscope-french-XXXXXX");
  if (status != 0)
    return status;
  status = cmocka_run_group_tests (tests, NULL, NULL);
  vms_gui_fixture_close ();
  return status;
}
