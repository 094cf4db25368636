/* test-cli-export.c — `vmscope export`: PNG, SVG and PDF of the demo without a display, and
 * a non-zero exit with a clear message on bad input.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

#include "vms-test-util.h"

static struct {
  char *vmscope;
  char *demo;
  char *tmpdir;
} fx;

/* Runs vmscope with args (NULL-terminated) without a display; returns its exit status. */
static int
run (char **out, char **err, const char *first, ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_auto (GStrv) envp = g_get_environ ();
  g_autoptr (GError) error = NULL;
  int status = -1;
  va_list ap;

  g_ptr_array_add (argv, fx.vmscope);
  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  envp = g_environ_unsetenv (envp, "DISPLAY");
  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");

  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL, out, err, &status,
                &error);
  g_assert_no_error (error);
  if (err != NULL && *err != NULL && **err != '\0')
    g_printerr ("# stderr: %s", *err);
  return WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
}

static char *
read_head (const char *path, gsize *size)
{
  char *contents = NULL;

  assert_true (g_file_get_contents (path, &contents, size, NULL));
  return contents;
}

static void
test_export_formats (void **state)
{
  static const struct {
    const char *name;
    const char *magic;
  } formats[] = {
    { "demo.png", "\x89PNG\r\n\x1a\n" },
    { "demo.svg", "<?xml" },
    { "demo.pdf", "%PDF" },
  };

  if (fx.demo == NULL)
    skip ();
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *path = g_build_filename (fx.tmpdir, formats[i].name, NULL);
      g_autofree char *err = NULL;
      g_autofree char *contents = NULL;
      gsize size = 0;

      assert_int_equal (run (NULL, &err, "export", fx.demo, "-o", path, "--size", "1000x700", NULL),
                        0);
      contents = read_head (path, &size);
      assert_true (size > 1000);
      assert_memory_equal (contents, formats[i].magic, strlen (formats[i].magic));
      if (g_str_has_suffix (path, ".svg"))
        assert_non_null (strstr (contents, "<svg"));
    }
}

static void
test_export_options (void **state)
{
  g_autofree char *path = g_build_filename (fx.tmpdir, "range.png", NULL);
  g_autofree char *err = NULL;
  g_autofree char *contents = NULL;
  gsize size = 0;

  if (fx.demo == NULL)
    skip ();
  assert_int_equal (run (NULL, &err, "export", fx.demo, "-o", path, "--range", "+0.1s..+0.2s",
                         "--size", "640x400", "--scale", "2", "--rows", "vms,pcpus", NULL),
                    0);
  contents = read_head (path, &size);
  /* 2× scale: the PNG header says 1280 × 800 */
  assert_true (size > 24);
  assert_int_equal (GUINT32_FROM_BE (*(guint32 *) (contents + 16)), 1280);
  assert_int_equal (GUINT32_FROM_BE (*(guint32 *) (contents + 20)), 800);
}

static void
expect_failure (const char *what, const char *needle, const char *first, ...)
{
  g_autofree char *err = NULL;
  const char *args[16] = { 0 };
  guint n = 0;
  va_list ap;
  int status;

  va_start (ap, first);
  for (const char *a = first; a != NULL && n < G_N_ELEMENTS (args) - 1;
       a = va_arg (ap, const char *))
    args[n++] = a;
  va_end (ap);
  status = run (NULL, &err, args[0], args[1], args[2], args[3], args[4], args[5], args[6], args[7],
                NULL);
  g_printerr ("# %s: exit %d\n", what, status);
  assert_true (status != 0 && status < 128);
  assert_non_null (err);
  if (strstr (err, needle) == NULL)
    g_printerr ("# expected “%s” in the message\n", needle);
  assert_non_null (strstr (err, needle));
}

static void
test_bad_input (void **state)
{
  g_autofree char *png = g_build_filename (fx.tmpdir, "bad.png", NULL);
  g_autofree char *bmp = g_build_filename (fx.tmpdir, "bad.bmp", NULL);
  g_autofree char *unwritable = g_build_filename (fx.tmpdir, "no-such-folder", "x.png", NULL);
  g_autofree char *missing = g_build_filename (fx.tmpdir, "no-such-trace", NULL);
  const char *trace = fx.demo != NULL ? fx.demo : fx.tmpdir;

  expect_failure ("no output", "-o", "export", trace, NULL);
  expect_failure ("no trace", "PATH", "export", "-o", png, NULL);
  expect_failure ("unknown extension", "bad.bmp", "export", trace, "-o", bmp, NULL);
  expect_failure ("unwritable output", "no-such-folder", "export", trace, "-o", unwritable, NULL);
  expect_failure ("bad size", "--size", "export", trace, "-o", png, "--size", "big", NULL);
  expect_failure ("bad rows", "--rows", "export", trace, "-o", png, "--rows", "cats", NULL);
  expect_failure ("bad range", "--range", "export", trace, "-o", png, "--range", "5s..1s", NULL);
  expect_failure ("unreadable trace", "no-such-trace", "export", missing, "-o", png, NULL);
  assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
}

int
main (int argc, char **argv)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_export_formats),
    cmocka_unit_test (test_export_options),
    cmocka_unit_test (test_bad_input),
  };
  g_autofree char *demo = g_build_filename (SOURCE_DIR, "data", "demo", NULL);
  g_autoptr (GDir) dir = g_dir_open (demo, 0, NULL);
  int status;

  if (argc < 2)
    {
      g_printerr ("usage: %s PATH-TO-VMSCOPE\n", argv[0]);
      return 2;
    }
  fx.vmscope = argv[1];
  /* Keep babeltrace2's plugins loaded until exit, so LeakSanitizer can name their frames. */
  g_setenv ("LIBBABELTRACE2_NO_DLCLOSE", "1", FALSE);
  if (dir != NULL && g_dir_read_name (dir) != NULL)
    fx.demo = g_steal_pointer (&demo);
  else
    g_printerr ("# the demo traces (data/demo) are not in the tree yet; export tests skip\n");
  fx.tmpdir = g_dir_make_tmp ("vmscope-export-XXXXXX", NULL);
  assert_non_null (fx.tmpdir);

  status = cmocka_run_group_tests (tests, NULL, NULL);

  {
    g_autoptr (GDir) d = g_dir_open (fx.tmpdir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *path = g_build_filename (fx.tmpdir, name, NULL);

        g_unlink (path);
      }
    g_rmdir (fx.tmpdir);
  }
  g_free (fx.tmpdir);
  g_free (fx.demo);
  return status;
}
