/* vms-reader-metadata.c — what the metadata text says before anything is decoded.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The text comes from src.ctf.fs's "metadata-info" query (which unpacks packetized LTTng
 * metadata but parses nothing), so reading it cannot crash.  From it we take the env block
 * (hostname, tracer, …), whether a clock is declared, and one hazard: libbabeltrace2 2.0.4
 * aborts (assertion `tgt_fc` in update_field_class_stored_value_index()) on a sequence or
 * variant inside a stream's event.context, because it does not resolve the event common
 * context (fixed upstream in 2.0.5 by "Fix: src.ctf.fs: Not resolving event common ctx").
 * Such traces are refused before libbabeltrace2 parses them.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "vms-reader-private.h"

typedef enum {
  TOK_IDENT,
  TOK_NUMBER,
  TOK_STRING,
  TOK_PUNCT,
} TokType;

typedef struct {
  TokType type;
  const char *start;
  gsize len;
} Tok;

static gboolean
tok_is (const Tok *t, const char *s)
{
  return t->len == strlen (s) && memcmp (t->start, s, t->len) == 0;
}

static GArray *
tokenize (const char *text)
{
  GArray *toks = g_array_new (FALSE, FALSE, sizeof (Tok));
  const char *p = text;

  while (*p)
    {
      Tok t = { 0 };

      if (g_ascii_isspace (*p))
        {
          p++;
          continue;
        }
      if (p[0] == '/' && p[1] == '*')
        {
          const char *end = strstr (p + 2, "*/");

          p = end ? end + 2 : p + strlen (p);
          continue;
        }
      if (p[0] == '/' && p[1] == '/')
        {
          while (*p && *p != '\n')
            p++;
          continue;
        }
      t.start = p;
      if (g_ascii_isalpha (*p) || *p == '_')
        {
          t.type = TOK_IDENT;
          while (g_ascii_isalnum (*p) || *p == '_')
            p++;
        }
      else if (g_ascii_isdigit (*p))
        {
          t.type = TOK_NUMBER;
          while (g_ascii_isalnum (*p))
            p++;
        }
      else if (*p == '"' || *p == '\'')
        {
          char quote = *p++;

          t.type = TOK_STRING;
          while (*p && *p != quote)
            {
              if (*p == '\\' && p[1])
                p++;
              p++;
            }
          if (*p)
            p++;
        }
      else if (p[0] == ':' && p[1] == '=')
        {
          t.type = TOK_PUNCT;
          p += 2;
        }
      else
        {
          t.type = TOK_PUNCT;
          p++;
        }
      t.len = p - t.start;
      g_array_append_val (toks, t);
    }
  return toks;
}

/* Index of the token after the '}' matching the '{' at @open. */
static guint
skip_block (GArray *toks, guint open)
{
  int depth = 0;

  for (guint i = open; i < toks->len; i++)
    {
      Tok *t = &g_array_index (toks, Tok, i);

      if (tok_is (t, "{"))
        depth++;
      else if (tok_is (t, "}") && --depth == 0)
        return i + 1;
    }
  return toks->len;
}

static char *
unquote (const Tok *t)
{
  g_autofree char *inner = g_strndup (t->start + 1, t->len >= 2 ? t->len - 2 : 0);

  return g_strcompress (inner);
}

static void
parse_env (GArray *toks, guint open, guint end, GHashTable *env)
{
  for (guint i = open + 1; i + 2 < end; i++)
    {
      Tok *k = &g_array_index (toks, Tok, i);
      Tok *eq = &g_array_index (toks, Tok, i + 1);
      Tok *v = &g_array_index (toks, Tok, i + 2);
      gboolean negative = FALSE;
      char *value;

      if (k->type != TOK_IDENT || !tok_is (eq, "="))
        continue;
      if (tok_is (v, "-") && i + 3 < end)
        {
          negative = TRUE;
          v = &g_array_index (toks, Tok, i + 3);
        }
      if (v->type == TOK_STRING)
        value = unquote (v);
      else
        value = g_strdup_printf ("%s%.*s", negative ? "-" : "", (int) v->len, v->start);
      g_hash_table_replace (env, g_strndup (k->start, k->len), value);
      i += negative ? 3 : 2;
    }
}

/* Does the struct starting at @open hold a sequence with a named length or a tagged
 * variant? */
static gboolean
struct_has_dynamic_field (GArray *toks, guint open, guint end)
{
  for (guint i = open; i + 1 < end; i++)
    {
      Tok *t = &g_array_index (toks, Tok, i);
      Tok *next = &g_array_index (toks, Tok, i + 1);

      if (tok_is (t, "[") && next->type == TOK_IDENT)
        return TRUE;
      if (t->type == TOK_IDENT && tok_is (t, "variant") && tok_is (next, "<"))
        return TRUE;
    }
  return FALSE;
}

VmsMetadataInfo *
vms_metadata_info_parse (const char *text)
{
  g_autoptr (VmsMetadataInfo) info = g_new0 (VmsMetadataInfo, 1);
  g_autoptr (GArray) toks = tokenize (text);
  guint i = 0;

  info->env = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  while (i < toks->len)
    {
      Tok *t = &g_array_index (toks, Tok, i);
      Tok *next = i + 1 < toks->len ? &g_array_index (toks, Tok, i + 1) : NULL;
      guint end;

      if (tok_is (t, "{"))
        {
          i = skip_block (toks, i);
          continue;
        }
      if (t->type != TOK_IDENT || next == NULL || !tok_is (next, "{"))
        {
          i++;
          continue;
        }
      end = skip_block (toks, i + 1);
      if (tok_is (t, "env"))
        parse_env (toks, i + 1, end, info->env);
      else if (tok_is (t, "clock"))
        info->has_clock = TRUE;
      else if (tok_is (t, "stream"))
        {
          /* event.context := struct { … } */
          for (guint j = i + 2; j + 4 < end; j++)
            {
              if (tok_is (&g_array_index (toks, Tok, j), "event")
                  && tok_is (&g_array_index (toks, Tok, j + 1), ".")
                  && tok_is (&g_array_index (toks, Tok, j + 2), "context")
                  && tok_is (&g_array_index (toks, Tok, j + 3), ":="))
                {
                  guint k = j + 4;

                  while (k < end && !tok_is (&g_array_index (toks, Tok, k), "{")
                         && !tok_is (&g_array_index (toks, Tok, k), ";"))
                    k++;
                  if (k < end && tok_is (&g_array_index (toks, Tok, k), "{")
                      && struct_has_dynamic_field (toks, k, skip_block (toks, k)))
                    info->hazard = g_strdup (
                      "its stream event context (event.context) holds a sequence or a "
                      "variant, which libbabeltrace2 2.0.4 cannot read without crashing "
                      "(fixed in babeltrace2 2.0.5)");
                }
            }
        }
      i = end;
    }
  return g_steal_pointer (&info);
}

void
vms_metadata_info_free (VmsMetadataInfo *info)
{
  if (info == NULL)
    return;
  g_clear_pointer (&info->env, g_hash_table_unref);
  g_free (info->hazard);
  g_free (info);
}

/**
 * vms_reader_read_metadata:
 * @trace_dir: a trace folder
 *
 * Returns: the facts of the metadata, or %NULL with %VMS_TRACE_ERROR naming the trace.
 */
VmsMetadataInfo *
vms_reader_read_metadata (const char *trace_dir, GError **error)
{
  g_autofree char *metadata = g_build_filename (trace_dir, "metadata", NULL);
  const bt_component_class_source *cls;
  bt_query_executor *exec = NULL;
  bt_value *params = NULL;
  const bt_value *result = NULL;
  const bt_value *text;
  VmsMetadataInfo *info = NULL;
  GStatBuf st;

  if (g_stat (metadata, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, VMS_TRACE_ERROR, VMS_TRACE_ERROR_UNREADABLE,
                   "The trace “%s” cannot be read: its “metadata” is %s: copy the trace again "
                   "from where it was recorded",
                   trace_dir,
                   g_stat (metadata, &st) != 0 ? "missing or a broken link" : "not a file");
      return NULL;
    }
  if (g_access (metadata, R_OK) != 0)
    {
      g_set_error (error, VMS_TRACE_ERROR, VMS_TRACE_ERROR_UNREADABLE,
                   "The trace “%s” cannot be read: you may not read its “metadata” file: "
                   "check its permissions",
                   trace_dir);
      return NULL;
    }

  vms_bt_lock ();
  cls = vms_bt_ctf_fs_class (error);
  if (cls != NULL)
    {
      params = bt_value_map_create ();
      bt_value_map_insert_string_entry (params, "path", trace_dir);
      exec = bt_query_executor_create (bt_component_class_source_as_component_class_const (cls),
                                       "metadata-info", params);
    }
  if (exec != NULL)
    {
      bt_query_executor_set_logging_level (exec, BT_LOGGING_LEVEL_NONE);
      if (bt_query_executor_query (exec, &result) != BT_QUERY_EXECUTOR_QUERY_STATUS_OK)
        {
          g_autofree char *cause = vms_bt_take_error_text ();

          g_set_error (error, VMS_TRACE_ERROR, VMS_TRACE_ERROR_METADATA,
                       "The metadata of the trace “%s” cannot be decoded (%s): the file is "
                       "damaged or not CTF 1.8 metadata; copy the trace again or record it "
                       "with LTTng 2.x",
                       trace_dir, cause ? cause : "unknown reason");
          result = NULL;
        }
    }
  else if (cls != NULL)
    g_set_error (error, VMS_TRACE_ERROR, VMS_TRACE_ERROR_FAILED,
                 "The trace “%s” cannot be read: babeltrace2 ran out of memory", trace_dir);

  if (result != NULL)
    {
      text = bt_value_get_type (result) == BT_VALUE_TYPE_MAP
               ? bt_value_map_borrow_entry_value_const (result, "text")
               : NULL;
      if (text != NULL && bt_value_get_type (text) == BT_VALUE_TYPE_STRING)
        info = vms_metadata_info_parse (bt_value_string_get (text));
      else
        g_set_error (error, VMS_TRACE_ERROR, VMS_TRACE_ERROR_METADATA,
                     "The metadata of the trace “%s” cannot be decoded: copy the trace again",
                     trace_dir);
    }
  bt_value_put_ref (result);
  bt_query_executor_put_ref (exec);
  bt_value_put_ref (params);
  vms_bt_unlock ();
  return info;
}
