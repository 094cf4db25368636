/* vms-reader-graph.c — a src.ctf.fs graph per stream group and the sink that converts events.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "vms-reader-graph.h"

static bt_component_class_sink *sink_class;

/* ---- the sink ---------------------------------------------------------------------------- */

static bt_component_class_initialize_method_status
sink_init (bt_self_component_sink *self,
           bt_self_component_sink_configuration *config,
           const bt_value *params,
           void *init_data)
{
  VmsReaderUnit *unit = init_data;

  bt_self_component_set_data (bt_self_component_sink_as_self_component (self), unit);
  for (guint i = 0; i < unit->streams->len; i++)
    {
      char name[32];

      g_snprintf (name, sizeof name, "in%u", i);
      if (bt_self_component_sink_add_input_port (self, name, NULL, NULL)
          != BT_SELF_COMPONENT_ADD_PORT_STATUS_OK)
        return BT_COMPONENT_CLASS_INITIALIZE_METHOD_STATUS_MEMORY_ERROR;
    }
  return BT_COMPONENT_CLASS_INITIALIZE_METHOD_STATUS_OK;
}

static bt_component_class_sink_graph_is_configured_method_status
sink_graph_is_configured (bt_self_component_sink *self)
{
  VmsReaderUnit *unit
    = bt_self_component_get_data (bt_self_component_sink_as_self_component (self));

  for (guint i = 0; i < unit->streams->len; i++)
    {
      VmsReaderStream *stream = g_ptr_array_index (unit->streams, i);
      bt_self_component_port_input *port
        = bt_self_component_sink_borrow_input_port_by_index (self, i);

      if (bt_message_iterator_create_from_sink_component (self, port, &stream->iter)
          != BT_MESSAGE_ITERATOR_CREATE_FROM_SINK_COMPONENT_STATUS_OK)
        return BT_COMPONENT_CLASS_SINK_GRAPH_IS_CONFIGURED_METHOD_STATUS_ERROR;
    }
  return BT_COMPONENT_CLASS_SINK_GRAPH_IS_CONFIGURED_METHOD_STATUS_OK;
}

static void
sink_finalize (bt_self_component_sink *self)
{
  VmsReaderUnit *unit
    = bt_self_component_get_data (bt_self_component_sink_as_self_component (self));

  for (guint i = 0; i < unit->streams->len; i++)
    {
      VmsReaderStream *stream = g_ptr_array_index (unit->streams, i);

      BT_MESSAGE_ITERATOR_PUT_REF_AND_RESET (stream->iter);
    }
}

static const VmsEventClassInfo *
lookup_class (VmsReaderUnit *unit, const bt_event_class *ec)
{
  const bt_stream_class *sc = bt_event_class_borrow_stream_class_const (ec);
  guint64 id = bt_event_class_get_id (ec);
  VmsEventClassInfo *info;

  if (G_UNLIKELY (sc != unit->last_sc))
    {
      unit->last_infos = g_hash_table_lookup (unit->classes, sc);
      if (unit->last_infos == NULL)
        {
          unit->last_infos = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (unit->classes, (gpointer) sc, unit->last_infos);
        }
      unit->last_sc = sc;
    }
  /* LTTng ids are small; anything larger (never seen) is kept by class in a side table. */
  if (G_UNLIKELY (id >= (1u << 16)))
    {
      info = g_hash_table_lookup (unit->big_ids, ec);
      if (info == NULL)
        {
          info = g_new0 (VmsEventClassInfo, 1);
          vms_event_class_resolve (bt_event_class_get_name (ec),
                                   bt_event_class_borrow_payload_field_class_const (ec),
                                   unit->local_strings, info);
          g_hash_table_insert (unit->big_ids, (gpointer) ec, info);
        }
      return info;
    }
  if (id < unit->last_infos->len && (info = g_ptr_array_index (unit->last_infos, id)) != NULL)
    return info;

  if (id >= unit->last_infos->len)
    g_ptr_array_set_size (unit->last_infos, id + 1);
  info = g_new0 (VmsEventClassInfo, 1);
  vms_event_class_resolve (bt_event_class_get_name (ec),
                           bt_event_class_borrow_payload_field_class_const (ec),
                           unit->local_strings, info);
  g_ptr_array_index (unit->last_infos, id) = info;
  return info;
}

static guint16
packet_cpu (const bt_packet *packet)
{
  const bt_field *ctx = bt_packet_borrow_context_field_const (packet);
  const bt_field_class *fc;
  guint64 n;

  if (ctx == NULL)
    return 0;
  fc = bt_field_borrow_class_const (ctx);
  n = bt_field_class_structure_get_member_count (fc);
  for (guint64 i = 0; i < n; i++)
    {
      const bt_field_class_structure_member *m
        = bt_field_class_structure_borrow_member_by_index_const (fc, i);
      const char *name = bt_field_class_structure_member_get_name (m);

      while (*name == '_')
        name++;
      if (strcmp (name, "cpu_id") == 0)
        {
          const bt_field *f = bt_field_structure_borrow_member_field_by_index_const (ctx, i);
          bt_field_class_type t = bt_field_get_class_type (f);

          if (bt_field_class_type_is (t, BT_FIELD_CLASS_TYPE_UNSIGNED_INTEGER))
            return (guint16) bt_field_integer_unsigned_get_value (f);
          if (bt_field_class_type_is (t, BT_FIELD_CLASS_TYPE_SIGNED_INTEGER))
            return (guint16) bt_field_integer_signed_get_value (f);
          return 0;
        }
    }
  return 0;
}

static inline void
handle_event (VmsReaderUnit *unit, VmsReaderStream *stream, const bt_message *msg)
{
  const bt_event *event = bt_message_event_borrow_event_const (msg);
  const VmsEventClassInfo *info = lookup_class (unit, bt_event_borrow_class_const (event));
  VmsTraceStats *st = &stream->stats;
  VmsChunk *chunk = unit->chunk;
  gint64 ts = 0;
  VmsEvent *ev;

  if (stream->has_clock)
    {
      const bt_clock_snapshot *cs = bt_message_event_borrow_default_clock_snapshot_const (msg);
      int64_t ns;

      if (G_LIKELY (bt_clock_snapshot_get_ns_from_origin (cs, &ns)
                    == BT_CLOCK_SNAPSHOT_GET_NS_FROM_ORIGIN_STATUS_OK))
        ts = ns;
      else
        {
          /* Overflow (damaged data): the call left an error on this thread, and the next
           * babeltrace2 call would abort on it. */
          bt_current_thread_clear_error ();
          ts = (gint64) bt_clock_snapshot_get_value (cs);
        }
    }
  /* The merge needs each stream in time order; damaged data can break it: hold the time. */
  if (G_UNLIKELY (ts < stream->last_ts))
    ts = stream->last_ts;
  stream->last_ts = ts;
  if (G_UNLIKELY (!st->has_events))
    {
      st->begin = st->end = ts;
      st->has_events = TRUE;
    }
  if (ts < st->begin)
    st->begin = ts;
  if (ts > st->end)
    st->end = ts;
  st->n_events++;
  if (G_UNLIKELY (!stream->cpu_marked))
    {
      st->cpus[stream->cpu >> 3] |= 1u << (stream->cpu & 7);
      stream->cpu_marked = TRUE;
    }
  if (info->kind == VMS_EV_NONE)
    return;

  if (G_UNLIKELY (chunk->n == chunk->cap))
    {
      chunk->cap = MAX (chunk->cap * 2, 256);
      chunk->events = g_renew (VmsEvent, chunk->events, chunk->cap);
    }
  ev = &chunk->events[chunk->n];
  ev->ts = ts;
  ev->cpu = stream->cpu;
  if (vms_event_class_convert (info, event, &unit->cache, ev))
    {
      chunk->n++;
      st->kind_counts[info->kind]++;
    }
}

static void
handle_message (VmsReaderUnit *unit, VmsReaderStream *stream, const bt_message *msg)
{
  guint64 count = 1;

  switch (bt_message_get_type (msg))
    {
      case BT_MESSAGE_TYPE_EVENT:
        if (G_UNLIKELY (stream->skip > 0))
          stream->skip--;
        else
          handle_event (unit, stream, msg);
        break;
      case BT_MESSAGE_TYPE_PACKET_BEGINNING:
        stream->cpu = packet_cpu (bt_message_packet_beginning_borrow_packet_const (msg));
        stream->cpu_marked = FALSE;
        break;
      case BT_MESSAGE_TYPE_STREAM_BEGINNING:
        {
          const bt_stream *s = bt_message_stream_beginning_borrow_stream_const (msg);

          stream->has_clock
            = bt_stream_class_borrow_default_clock_class_const (bt_stream_borrow_class_const (s))
              != NULL;
          break;
        }
      case BT_MESSAGE_TYPE_DISCARDED_EVENTS:
        if (stream->skip > 0)
          break;
        if (bt_message_discarded_events_get_count (msg, &count)
            != BT_PROPERTY_AVAILABILITY_AVAILABLE)
          count = 1; /* "some": at least one */
        stream->stats.discarded_events += count;
        break;
      case BT_MESSAGE_TYPE_DISCARDED_PACKETS:
        if (stream->skip > 0)
          break;
        if (bt_message_discarded_packets_get_count (msg, &count)
            != BT_PROPERTY_AVAILABILITY_AVAILABLE)
          count = 1;
        stream->stats.lost_packets += count;
        break;
      default:
        break;
    }
}

static bt_component_class_sink_consume_method_status
sink_consume (bt_self_component_sink *self)
{
  VmsReaderUnit *unit
    = bt_self_component_get_data (bt_self_component_sink_as_self_component (self));
  VmsReaderStream *stream = unit->target;
  bt_message_array_const msgs;
  uint64_t count = 0;

  if (stream == NULL || stream->ended)
    return BT_COMPONENT_CLASS_SINK_CONSUME_METHOD_STATUS_OK;

  switch (bt_message_iterator_next (stream->iter, &msgs, &count))
    {
      case BT_MESSAGE_ITERATOR_NEXT_STATUS_OK:
        for (uint64_t i = 0; i < count; i++)
          {
            handle_message (unit, stream, msgs[i]);
            bt_message_put_ref (msgs[i]);
          }
        return BT_COMPONENT_CLASS_SINK_CONSUME_METHOD_STATUS_OK;
      case BT_MESSAGE_ITERATOR_NEXT_STATUS_END:
        stream->ended = TRUE;
        return BT_COMPONENT_CLASS_SINK_CONSUME_METHOD_STATUS_OK;
      case BT_MESSAGE_ITERATOR_NEXT_STATUS_AGAIN:
        return BT_COMPONENT_CLASS_SINK_CONSUME_METHOD_STATUS_AGAIN;
      case BT_MESSAGE_ITERATOR_NEXT_STATUS_MEMORY_ERROR:
        return BT_COMPONENT_CLASS_SINK_CONSUME_METHOD_STATUS_MEMORY_ERROR;
      case BT_MESSAGE_ITERATOR_NEXT_STATUS_ERROR:
      default:
        return BT_COMPONENT_CLASS_SINK_CONSUME_METHOD_STATUS_ERROR;
    }
}

static const bt_component_class_sink *
get_sink_class (void)
{
  if (sink_class == NULL)
    {
      sink_class = bt_component_class_sink_create ("vmscope", sink_consume);
      bt_component_class_sink_set_initialize_method (sink_class, sink_init);
      bt_component_class_sink_set_graph_is_configured_method (sink_class, sink_graph_is_configured);
      bt_component_class_sink_set_finalize_method (sink_class, sink_finalize);
    }
  return sink_class;
}

/* ---- units ------------------------------------------------------------------------------- */

static gboolean
make_link_dir (VmsReaderUnit *unit,
               const char *trace_dir,
               const char *tmp_root,
               const VmsStreamGroup *group)
{
  g_autofree char *metadata = g_build_filename (trace_dir, "metadata", NULL);
  g_autofree char *link = NULL;

  unit->dir = g_strdup_printf ("%s/u%u", tmp_root, unit->index);
  if (g_mkdir (unit->dir, 0700) != 0)
    return FALSE;
  link = g_build_filename (unit->dir, "metadata", NULL);
  if (symlink (metadata, link) != 0)
    return FALSE;
  for (guint i = 0; i < group->files->len; i++)
    {
      const char *file = g_ptr_array_index (group->files, i);
      g_autofree char *base = g_path_get_basename (file);
      g_autofree char *flink = g_build_filename (unit->dir, base, NULL);

      if (symlink (file, flink) != 0)
        return FALSE;
    }
  return TRUE;
}

static void
remove_link_dir (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

static int
compare_port_names (gconstpointer a, gconstpointer b)
{
  const bt_port_output *pa = *(const bt_port_output *const *) a;
  const bt_port_output *pb = *(const bt_port_output *const *) b;

  return strcmp (bt_port_get_name (bt_port_output_as_port_const (pa)),
                 bt_port_get_name (bt_port_output_as_port_const (pb)));
}

static void
set_unit_error (VmsReaderUnit *unit, const char *fallback)
{
  g_autofree char *cause = vms_bt_take_error_text ();

  g_free (unit->error_text);
  unit->error_text = g_strdup (cause ? cause : fallback);
  /* Name the user's trace, not our folder of links. */
  if (unit->dir != NULL && strstr (unit->error_text, unit->dir) != NULL)
    {
      g_auto (GStrv) parts = g_strsplit (unit->error_text, unit->dir, -1);

      g_free (unit->error_text);
      unit->error_text = g_strjoinv (unit->trace_dir, parts);
    }
}

VmsReaderUnit *
vms_reader_unit_new (guint index,
                     const char *trace_dir,
                     const char *tmp_root,
                     const VmsStreamGroup *group)
{
  VmsReaderUnit *unit = g_new0 (VmsReaderUnit, 1);
  g_autoptr (GError) error = NULL;
  const bt_component_class_source *src_class;
  const bt_component_source *src = NULL;
  const bt_component_sink *sink = NULL;
  g_autoptr (GPtrArray) ports = g_ptr_array_new ();
  bt_value *params = NULL;
  bt_value *inputs = NULL;

  unit->index = index;
  unit->trace_dir = g_strdup (trace_dir);
  {
    g_autoptr (GString) desc = g_string_new (NULL);

    for (guint i = 0; i < group->files->len && i < 3; i++)
      {
        g_autofree char *base = g_path_get_basename (g_ptr_array_index (group->files, i));

        g_string_append_printf (desc, "%s“%s”", i > 0 ? ", " : "", base);
      }
    if (group->files->len > 3)
      g_string_append (desc, ", …");
    unit->files_desc = g_string_free (g_steal_pointer (&desc), FALSE);
  }
  unit->bytes = group->bytes;
  unit->local_strings = vms_string_table_new ();
  vms_intern_cache_init (&unit->cache, unit->local_strings);
  unit->id_map = g_array_new (FALSE, TRUE, sizeof (guint32));
  unit->streams = g_ptr_array_new ();
  unit->classes = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  unit->big_ids = g_hash_table_new_full (NULL, NULL, NULL, g_free);

  if (!make_link_dir (unit, trace_dir, tmp_root, group))
    {
      unit->error_text
        = g_strdup_printf ("cannot create links in %s: %s", tmp_root, g_strerror (errno));
      unit->error_at_init = TRUE;
      return unit;
    }

  vms_bt_lock ();
  src_class = vms_bt_ctf_fs_class (&error);
  if (src_class == NULL)
    {
      unit->error_text = g_strdup (error->message);
      unit->error_at_init = TRUE;
      goto out;
    }
  unit->graph = bt_graph_create (0);
  params = bt_value_map_create ();
  inputs = bt_value_array_create ();
  if (unit->graph == NULL || params == NULL || inputs == NULL)
    {
      unit->error_text = g_strdup ("out of memory");
      unit->error_at_init = TRUE;
      goto out;
    }
  bt_value_array_append_string_element (inputs, unit->dir);
  bt_value_map_insert_entry (params, "inputs", inputs);
  if (bt_graph_add_source_component (unit->graph, src_class, "src", params, BT_LOGGING_LEVEL_NONE,
                                     &src)
      != BT_GRAPH_ADD_COMPONENT_STATUS_OK)
    {
      set_unit_error (unit, "the source component could not be created");
      unit->error_at_init = TRUE;
      goto out;
    }
  for (guint64 i = 0; i < bt_component_source_get_output_port_count (src); i++)
    g_ptr_array_add (ports,
                     (gpointer) bt_component_source_borrow_output_port_by_index_const (src, i));
  g_ptr_array_sort (ports, compare_port_names);
  for (guint i = 0; i < ports->len; i++)
    {
      VmsReaderStream *stream = g_new0 (VmsReaderStream, 1);

      const char *port_name
        = bt_port_get_name (bt_port_output_as_port_const (g_ptr_array_index (ports, i)));
      g_auto (GStrv) parts = g_strsplit (port_name, unit->dir, -1);

      stream->name = g_strjoinv ("", parts);
      stream->unit = unit;
      stream->last_ts = G_MININT64;
      g_queue_init (&stream->chunks);
      g_ptr_array_add (unit->streams, stream);
    }
  if (bt_graph_add_sink_component_with_initialize_method_data (
        unit->graph, get_sink_class (), "sink", NULL, unit, BT_LOGGING_LEVEL_NONE, &sink)
      != BT_GRAPH_ADD_COMPONENT_STATUS_OK)
    {
      set_unit_error (unit, "the sink component could not be created");
      unit->error_at_init = TRUE;
      goto out;
    }
  for (guint i = 0; i < ports->len; i++)
    if (bt_graph_connect_ports (unit->graph, g_ptr_array_index (ports, i),
                                bt_component_sink_borrow_input_port_by_index_const (sink, i), NULL)
        != BT_GRAPH_CONNECT_PORTS_STATUS_OK)
      {
        set_unit_error (unit, "the graph could not be connected");
        unit->error_at_init = TRUE;
        goto out;
      }

out:
  bt_value_put_ref (inputs);
  bt_value_put_ref (params);
  if (unit->error_at_init)
    {
      BT_GRAPH_PUT_REF_AND_RESET (unit->graph);
      bt_current_thread_clear_error ();
    }
  vms_bt_unlock ();
  if (unit->error_at_init)
    {
      for (guint i = 0; i < unit->streams->len; i++)
        vms_reader_stream_free (g_ptr_array_index (unit->streams, i));
      g_ptr_array_set_size (unit->streams, 0);
    }
  if (unit->streams->len == 0)
    {
      vms_reader_unit_close (unit);
      unit->done = TRUE;
    }
  return unit;
}

void
vms_reader_unit_close (VmsReaderUnit *unit)
{
  if (unit->graph != NULL)
    {
      vms_bt_lock ();
      BT_GRAPH_PUT_REF_AND_RESET (unit->graph);
      bt_current_thread_clear_error ();
      vms_bt_unlock ();
    }
  if (unit->dir != NULL)
    {
      remove_link_dir (unit->dir);
      g_clear_pointer (&unit->dir, g_free);
    }
}

static void
chunk_free (VmsChunk *chunk)
{
  g_free (chunk->events);
  g_free (chunk);
}

void
vms_reader_stream_free (VmsReaderStream *stream)
{
  g_queue_clear_full (&stream->chunks, (GDestroyNotify) chunk_free);
  g_free (stream->name);
  g_free (stream);
}

void
vms_reader_unit_free (VmsReaderUnit *unit)
{
  if (unit == NULL)
    return;
  vms_reader_unit_close (unit);
  for (guint i = 0; i < unit->streams->len; i++)
    {
      VmsReaderStream *stream = g_ptr_array_index (unit->streams, i);

      vms_reader_stream_free (stream);
    }
  g_ptr_array_unref (unit->streams);
  g_hash_table_unref (unit->classes);
  g_hash_table_unref (unit->big_ids);
  vms_intern_cache_clear (&unit->cache);
  vms_string_table_free (unit->local_strings);
  g_array_unref (unit->id_map);
  g_free (unit->error_text);
  g_free (unit->trace_dir);
  g_free (unit->files_desc);
  g_free (unit);
}

guint32
vms_reader_unit_map_id (VmsReaderUnit *unit, VmsStringTable *strings, guint32 local)
{
  guint32 id;

  if (local >= unit->id_map->len)
    g_array_set_size (unit->id_map, local + 1);
  id = g_array_index (unit->id_map, guint32, local);
  if (id == 0)
    {
      id = vms_string_table_intern (strings, vms_string_table_lookup (unit->local_strings, local));
      g_array_index (unit->id_map, guint32, local) = id;
    }
  return id;
}

VmsDecodeStatus
vms_reader_unit_decode (VmsReaderUnit *unit,
                        VmsReaderStream *stream,
                        VmsChunk *chunk,
                        gsize want,
                        GCancellable *cancellable)
{
  guint spins = 0;

  unit->target = stream;
  unit->chunk = chunk;
  while (!stream->ended && chunk->n < want)
    {
      bt_graph_run_once_status status;

      if (G_UNLIKELY (!unit->configured))
        {
          /* The first run configures the graph: message iterators are created. */
          vms_bt_lock ();
          status = bt_graph_run_once (unit->graph);
          unit->configured = TRUE;
          if (status < 0)
            set_unit_error (unit, "the stream could not be opened");
          vms_bt_unlock ();
        }
      else
        {
          status = bt_graph_run_once (unit->graph);
          if (status < 0)
            set_unit_error (unit, "the stream could not be decoded");
        }
      if (status < 0)
        return VMS_DECODE_ERROR;
      if (status == BT_GRAPH_RUN_ONCE_STATUS_END)
        {
          stream->ended = TRUE;
          break;
        }
      if ((++spins & 63) == 0 && g_cancellable_is_cancelled (cancellable))
        return VMS_DECODE_CANCELLED;
      if (status == BT_GRAPH_RUN_ONCE_STATUS_AGAIN)
        g_usleep (100);
    }
  unit->target = NULL;
  unit->chunk = NULL;
  return VMS_DECODE_OK;
}
