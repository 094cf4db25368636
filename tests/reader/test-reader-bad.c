/* test-reader-bad.c — bad input gives a GError naming the trace, never a crash or a leak.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vms-test-util.h"
#include "vms-trace.h"

static gboolean
count_batch (VmsTrace *trace, guint trace_index, const VmsEvent *events, gsize n, gpointer data)
{
  *(guint64 *) data += n;
  return TRUE;
}

static gboolean
hash_batch (VmsTrace *trace, guint trace_index, const VmsEvent *events, gsize n, gpointer data)
{
  guint64 *hash = data;

  for (gsize i = 0; i < n; i++)
    {
      const guint64 *w = (const guint64 *) &events[i];

      for (guint k = 0; k < 4; k++)
        *hash = (*hash ^ w[k]) * 0x100000001b3ull;
    }
  return TRUE;
}

/* Reads @path and expects a failure whose message names @path; returns the error. */
static GError *
read_fails (const char *path, guint64 *delivered)
{
  const char *paths[] = { path, NULL };
  g_autoptr (VmsTraceSet) set = NULL;
  g_autofree char *canonical = g_canonicalize_filename (path, NULL);
  GError *error = NULL;
  guint64 n = 0;

  set = vms_trace_set_new (paths, &error);
  if (set != NULL)
    {
      assert_false (vms_trace_set_read (set, count_batch, &n, NULL, NULL, NULL, &error));
      for (guint i = 0; i < vms_trace_set_get_n_traces (set); i++)
        assert_non_null (vms_trace_get_error (vms_trace_set_get_trace (set, i)));
    }
  assert_non_null (error);
  assert_true (error->domain == VMS_TRACE_ERROR);
  if (strstr (error->message, path) == NULL && strstr (error->message, canonical) == NULL)
    fail_msg ("the message does not name %s: %s", path, error->message);
  if (delivered != NULL)
    *delivered = n;
  return error;
}

static void
test_babeltrace_fail (void **state)
{
  static const char *const fail[] = {
    "fail1",
    "fail2",
    "integer-range",
    "invalid-packet-size",
    "invalid-sequence-length-field-class",
    "invalid-variant-selector-field-class",
    "lttng-modules-2.0-pre1",
    "metadata-syntax-error",
    "packet-based-metadata",
    "smalltrace",
    "valid-events-then-invalid-events",
  };

  for (guint i = 0; i < G_N_ELEMENTS (fail); i++)
    {
      g_autofree char *rel = g_strdup_printf ("babeltrace/fail/%s", fail[i]);
      g_autofree char *path = vms_test_trace_path (rel);
      g_autoptr (GError) error = NULL;

      if (path == NULL)
        continue;
      error = read_fails (path, NULL);
      if (g_str_equal (fail[i], "invalid-packet-size")
          || g_str_equal (fail[i], "valid-events-then-invalid-events"))
        assert_int_equal (error->code, VMS_TRACE_ERROR_CORRUPT);
      else
        assert_int_equal (error->code, VMS_TRACE_ERROR_METADATA);
    }
}

/* Corrupted after two good events: the error says so, the two events were read. */
static void
test_corrupted_after_events (void **state)
{
  static const char *const corrupted[] = { "a-corrupted", "c-corrupted" };

  for (guint i = 0; i < G_N_ELEMENTS (corrupted); i++)
    {
      g_autofree char *rel = g_strdup_printf ("babeltrace/deterministic-ordering/%s", corrupted[i]);
      g_autofree char *path = vms_test_trace_path (rel);
      const char *paths[] = { path, NULL };
      g_autoptr (VmsTraceSet) set = NULL;
      g_autoptr (GError) error = NULL;
      guint64 n = 0;

      if (path == NULL)
        continue;
      set = vms_trace_set_new (paths, &error);
      assert_non_null (set);
      assert_false (vms_trace_set_read (set, count_batch, &n, NULL, NULL, NULL, &error));
      assert_true (g_error_matches (error, VMS_TRACE_ERROR, VMS_TRACE_ERROR_CORRUPT));
      assert_non_null (
        strstr (error->message, vms_trace_get_path (vms_trace_set_get_trace (set, 0))));
      assert_int_equal (vms_trace_get_n_events (vms_trace_set_get_trace (set, 0)), 2);
    }
}

/* libbabeltrace2 2.0.4 aborts on this one: vmscope refuses it and lives on. */
static void
test_meta_ctx_sequence (void **state)
{
  g_autofree char *path = vms_test_trace_path ("babeltrace/succeed/meta-ctx-sequence");
  g_autoptr (GError) error = NULL;

  if (path == NULL)
    return;
  error = read_fails (path, NULL);
  assert_int_equal (error->code, VMS_TRACE_ERROR_METADATA);
  assert_non_null (strstr (error->message, "event context"));
}

static void
test_not_a_trace (void **state)
{
  g_autofree char *tmp = g_dir_make_tmp ("vms-test-XXXXXX", NULL);
  g_autofree char *empty = g_build_filename (tmp, "empty", NULL);
  g_autofree char *file = g_build_filename (tmp, "file.txt", NULL);
  g_autofree char *notrace = g_build_filename (tmp, "notrace", NULL);
  g_autofree char *notrace_sub = g_build_filename (notrace, "sub", NULL);
  g_autofree char *notrace_file = g_build_filename (notrace_sub, "channel0_0", NULL);
  g_autofree char *missing = g_build_filename (tmp, "missing", NULL);
  g_autofree char *dangling = g_build_filename (tmp, "dangling", NULL);
  GError *error;

  g_assert_no_errno (g_mkdir (empty, 0755));
  g_assert_no_errno (g_mkdir_with_parents (notrace_sub, 0755));
  g_assert_true (g_file_set_contents (file, "hello", -1, NULL));
  g_assert_true (g_file_set_contents (notrace_file, "not ctf", -1, NULL));
  g_assert_no_errno (symlink (missing, dangling));

  error = read_fails (empty, NULL);
  assert_int_equal (error->code, VMS_TRACE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  error = read_fails (file, NULL);
  assert_int_equal (error->code, VMS_TRACE_ERROR_UNREADABLE);
  assert_non_null (strstr (error->message, "not a folder"));
  g_clear_error (&error);
  error = read_fails (notrace, NULL);
  assert_int_equal (error->code, VMS_TRACE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  error = read_fails (missing, NULL);
  assert_int_equal (error->code, VMS_TRACE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  error = read_fails (dangling, NULL);
  assert_int_equal (error->code, VMS_TRACE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_unlink (dangling);
  g_unlink (notrace_file);
  g_rmdir (notrace_sub);
  g_rmdir (notrace);
  g_unlink (file);
  g_rmdir (empty);
  g_rmdir (tmp);
}

static void
test_unreadable (void **state)
{
  g_autofree char *tmp = g_dir_make_tmp ("vms-test-XXXXXX", NULL);
  g_autofree char *locked = g_build_filename (tmp, "locked", NULL);
  g_autofree char *fifo_trace = g_build_filename (tmp, "fifo", NULL);
  g_autofree char *fifo = g_build_filename (fifo_trace, "metadata", NULL);
  GError *error;

  /* A FIFO named metadata must not block the reader. */
  g_assert_no_errno (g_mkdir (fifo_trace, 0755));
  g_assert_no_errno (mkfifo (fifo, 0644));
  error = read_fails (fifo_trace, NULL);
  assert_int_equal (error->code, VMS_TRACE_ERROR_UNREADABLE);
  g_clear_error (&error);

  g_assert_no_errno (g_mkdir (locked, 0000));
  if (geteuid () == 0)
    print_message ("# running as root: a folder with mode 000 is readable; that case is "
                   "skipped (the FIFO case above covers an unreadable trace)\n");
  else
    {
      error = read_fails (locked, NULL);
      assert_int_equal (error->code, VMS_TRACE_ERROR_UNREADABLE);
      g_clear_error (&error);
    }
  g_rmdir (locked);
  g_unlink (fifo);
  g_rmdir (fifo_trace);
  g_rmdir (tmp);
}

static char *
copy_trace (const char *src, const char *dst_parent)
{
  g_autoptr (GDir) dir = g_dir_open (src, 0, NULL);
  char *dst = g_build_filename (dst_parent, "trace", NULL);
  const char *name;

  g_assert_no_errno (g_mkdir (dst, 0755));
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *from = g_build_filename (src, name, NULL);
      g_autofree char *to = g_build_filename (dst, name, NULL);
      g_autofree char *contents = NULL;
      gsize len;

      if (!g_file_test (from, G_FILE_TEST_IS_REGULAR))
        continue;
      g_assert_true (g_file_get_contents (from, &contents, &len, NULL));
      g_assert_true (g_file_set_contents (to, contents, len, NULL));
    }
  return dst;
}

static void
remove_trace (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

/* A stream file cut at an arbitrary byte: an error naming the trace, no crash. */
static void
test_truncated (void **state)
{
  g_autofree char *src = vms_test_trace_path ("kernel/flipping-endianness");
  g_autofree char *tmp = NULL;
  static const double cuts[] = { 0.5, 0.9731, 0.0001 };

  if (src == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    {
      g_autofree char *trace = NULL;
      g_autofree char *stream = NULL;
      g_autoptr (GError) error = NULL;
      GStatBuf st;

      tmp = g_dir_make_tmp ("vms-test-XXXXXX", NULL);
      trace = copy_trace (src, tmp);
      stream = g_build_filename (trace, "channel-context-switches_0", NULL);
      g_assert_no_errno (g_stat (stream, &st));
      g_assert_no_errno (truncate (stream, (off_t) (st.st_size * cuts[i]) + 13));
      error = read_fails (trace, NULL);
      assert_true (error->code == VMS_TRACE_ERROR_CORRUPT);
      remove_trace (trace);
      g_rmdir (tmp);
      g_clear_pointer (&tmp, g_free);
    }
}

/* Damaged bytes inside a stream file of an 8-stream trace (found by fuzzing: at 95 % of
 * channel0_5 a timestamp overflows, which once left an error on the thread and made
 * libbabeltrace2 abort).  An error naming the trace and the file, the events before the
 * damage and those of the other streams read, in time order. */
static void
test_damaged_stream (void **state)
{
  g_autofree char *src = vms_test_trace_path ("kernel/many-threads");
  static const double offsets[] = { 0.5, 0.95 };

  if (src == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
    {
      g_autofree char *tmp = g_dir_make_tmp ("vms-test-XXXXXX", NULL);
      g_autofree char *trace = copy_trace (src, tmp);
      g_autofree char *stream = g_build_filename (trace, "channel0_5", NULL);
      g_autofree char *contents = NULL;
      const char *paths[] = { trace, NULL };
      g_autoptr (VmsTraceSet) set = NULL;
      g_autoptr (GError) error = NULL;
      gsize len;
      guint64 n = 0, events;

      g_assert_true (g_file_get_contents (stream, &contents, &len, NULL));
      memset (contents + (gsize) (len * offsets[i]), 0xff, 200);
      g_assert_true (g_file_set_contents (stream, contents, len, NULL));

      set = vms_trace_set_new (paths, &error);
      assert_non_null (set);
      assert_false (vms_trace_set_read (set, count_batch, &n, NULL, NULL, NULL, &error));
      assert_true (g_error_matches (error, VMS_TRACE_ERROR, VMS_TRACE_ERROR_CORRUPT));
      assert_non_null (strstr (error->message, trace));
      events = vms_trace_get_n_events (vms_trace_set_get_trace (set, 0));
      assert_non_null (strstr (error->message, "“channel0_5”"));
      /* babeltrace2 (with its muxer) stops at 134904 and 228212 events; vmscope reads the
       * other 7 streams to their end and channel0_5 up to the damage. */
      assert_true (events > (i == 0 ? 225000 : 235000) && events < 240644);
      assert_true (n > 0);

      /* Deterministic even when streams are moved to new graphs after the failure. */
      {
        guint64 h1 = 0, h2 = 0;

        g_clear_error (&error);
        assert_false (vms_trace_set_read (set, hash_batch, &h1, NULL, NULL, NULL, &error));
        g_clear_error (&error);
        vms_trace_set_set_n_workers (set, 1);
        assert_false (vms_trace_set_read (set, hash_batch, &h2, NULL, NULL, NULL, &error));
        assert_true (h1 == h2);
        assert_int_equal (vms_trace_get_n_events (vms_trace_set_get_trace (set, 0)), events);
      }
      remove_trace (trace);
      g_rmdir (tmp);
    }
}

/* One bad trace among good ones: the good ones are read fully, the error names the bad. */
static void
test_bad_among_good (void **state)
{
  g_autofree char *good0 = vms_test_trace_path ("kernel/flipping-endianness");
  g_autofree char *bad0 = vms_test_trace_path ("babeltrace/deterministic-ordering/a-corrupted");
  g_autofree char *bad20 = vms_test_trace_path ("babeltrace/succeed/meta-ctx-sequence");
  g_autofree char *good = good0 ? g_canonicalize_filename (good0, NULL) : NULL;
  g_autofree char *bad = bad0 ? g_canonicalize_filename (bad0, NULL) : NULL;
  g_autofree char *bad2 = bad20 ? g_canonicalize_filename (bad20, NULL) : NULL;
  const char *paths[] = { good, bad, bad2, NULL };
  g_autoptr (VmsTraceSet) set = NULL;
  g_autoptr (GError) error = NULL;
  guint64 n = 0;

  if (good == NULL || bad == NULL || bad2 == NULL)
    return;
  set = vms_trace_set_new (paths, &error);
  assert_non_null (set);
  assert_int_equal (vms_trace_set_get_n_traces (set), 3);
  assert_false (vms_trace_set_read (set, count_batch, &n, NULL, NULL, NULL, &error));
  assert_non_null (strstr (error->message, bad));
  assert_non_null (strstr (error->message, bad2));
  assert_null (strstr (error->message, good));
  for (guint i = 0; i < 3; i++)
    {
      VmsTrace *trace = vms_trace_set_get_trace (set, i);

      if (g_str_equal (vms_trace_get_path (trace), good))
        {
          assert_null (vms_trace_get_error (trace));
          assert_int_equal (vms_trace_get_n_events (trace), 14310);
        }
      else
        assert_non_null (vms_trace_get_error (trace));
    }
  /* Every event of the good trace but its 12 lttng_statedump_interrupt (not analyzed). */
  assert_int_equal (n, 14310 - 12);
}

/* The valid edge cases of babeltrace's test set: read, with their event counts. */
static void
test_babeltrace_succeed (void **state)
{
  static const struct {
    const char *path;
    guint64 events;
    guint64 discarded;
    guint64 lost_packets;
  } ok[] = {
    { "succeed/2packets", 2, 0, 0 },
    { "succeed/array-align-elem", 1, 0, 0 },
    { "succeed/barectf-event-before-packet", 2, 0, 0 },
    { "succeed/crlf-metadata", 5, 0, 0 },
    { "succeed/debug-info", 4, 0, 0 },
    { "succeed/env-warning", 7809, 0, 0 },
    { "succeed/ev-disc-no-ts-begin-end", 3, 17, 0 },
    { "succeed/lf-metadata", 5, 0, 0 },
    { "succeed/lttng-crash", 400, 0, 0 },
    { "succeed/lttng-event-after-packet", 2, 0, 0 },
    { "succeed/meta-variant-no-underscore", 1, 0, 0 },
    { "succeed/meta-variant-one-underscore", 1, 0, 0 },
    { "succeed/meta-variant-reserved-keywords", 1, 0, 0 },
    { "succeed/meta-variant-same-with-underscore", 1, 0, 0 },
    { "succeed/meta-variant-two-underscores", 1, 0, 0 },
    { "succeed/no-packet-context", 3, 0, 0 },
    { "succeed/sequence", 10, 0, 0 },
    { "succeed/smalltrace", 2, 0, 0 },
    { "succeed/struct-array-align-elem", 1, 0, 0 },
    { "succeed/succeed1", 7809, 0, 0 },
    { "succeed/succeed4", 0, 0, 0 },
    { "succeed/trace-with-index", 4000, 0, 0 },
    { "succeed/warnings", 7809, 0, 0 },
    { "succeed/wk-heartbeat-u", 20, 0, 0 },
    { "packet-seq-num/2-lost-before-last", 3, 0, 2 },
    { "packet-seq-num/2-streams-lost-in-1", 8, 0, 2 },
    { "packet-seq-num/2-streams-lost-in-2", 8, 0, 6 },
    { "packet-seq-num/7-lost-between-2-with-index", 2, 0, 7 },
    { "packet-seq-num/no-lost", 3, 0, 0 },
    { "intersection/3eventsintersect", 8, 0, 0 },
    { "intersection/nostream", 0, 0, 0 },
    { "deterministic-ordering/b-not-corrupted", 3, 0, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      g_autofree char *rel = g_strdup_printf ("babeltrace/%s", ok[i].path);
      g_autofree char *path = vms_test_trace_path (rel);
      const char *paths[] = { path, NULL };
      g_autoptr (VmsTraceSet) set = NULL;
      g_autoptr (GError) error = NULL;
      guint64 n = 0, total = 0, discarded = 0, lost = 0;

      if (path == NULL)
        continue;
      set = vms_trace_set_new (paths, &error);
      assert_non_null (set);
      if (!vms_trace_set_read (set, count_batch, &n, NULL, NULL, NULL, &error))
        fail_msg ("%s: %s", ok[i].path, error->message);
      for (guint t = 0; t < vms_trace_set_get_n_traces (set); t++)
        {
          VmsTrace *trace = vms_trace_set_get_trace (set, t);

          total += vms_trace_get_n_events (trace);
          discarded += vms_trace_get_discarded_events (trace);
          lost += vms_trace_get_lost_packets (trace);
        }
      if (total != ok[i].events || discarded != ok[i].discarded || lost != ok[i].lost_packets)
        fail_msg ("%s: %" G_GUINT64_FORMAT " events, %" G_GUINT64_FORMAT
                  " discarded, %" G_GUINT64_FORMAT " lost packets",
                  ok[i].path, total, discarded, lost);
    }
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_babeltrace_fail),    cmocka_unit_test (test_corrupted_after_events),
    cmocka_unit_test (test_meta_ctx_sequence),  cmocka_unit_test (test_not_a_trace),
    cmocka_unit_test (test_unreadable),         cmocka_unit_test (test_truncated),
    cmocka_unit_test (test_damaged_stream),     cmocka_unit_test (test_bad_among_good),
    cmocka_unit_test (test_babeltrace_succeed),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
