/* vms-gen-ctf.c: a streaming CTF 1.8 writer laid out as lttng-modules 2.13 writes it
 *
 * One stream file per CPU (`channel0_N`), packets of a fixed size filled in memory and written
 * when full, so memory stays flat whatever the trace length.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <stdio.h>

#include "vms-gen-ctf-private.h"
#include "vms-gen-rng.h"

#define CTF_MAGIC 0xC1FC1FC1u
#define PACKET_HEADER_SIZE 32  /* magic, uuid[16], stream_id, stream_instance_id */
#define PACKET_CONTEXT_SIZE 52 /* 6 x 64 bits + cpu_id */
#define PACKET_PREAMBLE (PACKET_HEADER_SIZE + PACKET_CONTEXT_SIZE)
#define COMPACT_TS_BITS 27
#define COMPACT_ID_MAX 30

typedef struct {
  FILE *fp;
  FILE *index; /* index/channel0_N.idx, CTF index 1.1 as LTTng writes it */
  guint8 *buf;
  gsize pos; /* 0 when no packet is open */
  guint64 ts_begin;
  guint64 last_ts; /* cycles */
  guint64 seq;
  gboolean any;
  guint64 first_ts;
} VmsCtfStream;

struct _VmsCtfTrace {
  char *dir;
  guint n_cpus;
  gsize packet_size;
  guint64 clock_offset_ns;
  guint8 uuid[16];
  VmsCtfStream *streams;
  guint64 counts[VMS_EV_N];
  guint64 total;
  gboolean io_failed;
};

const char *
vms_ev_name (VmsEv ev)
{
  return vms_ctf_event_classes[ev].name;
}

static void
make_uuid (VmsRng *rng, guint8 out[16])
{
  for (guint i = 0; i < 16; i++)
    out[i] = (guint8) vms_rng_next (rng);
  out[6] = (out[6] & 0x0f) | 0x40;
  out[8] = (out[8] & 0x3f) | 0x80;
}

static char *
uuid_string (const guint8 u[16])
{
  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                          "%02x%02x%02x%02x%02x%02x",
                          u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11],
                          u[12], u[13], u[14], u[15]);
}

static char *
build_metadata (VmsCtfTrace *trace, const VmsCtfTraceInfo *info, VmsRng *rng)
{
  GString *s = g_string_new ("/* CTF 1.8 */\n\n");
  guint8 clock_uuid[16], product_uuid[16];
  g_autofree char *trace_uuid = uuid_string (trace->uuid);
  g_autofree char *clock_uuid_s = NULL;
  g_autofree char *product_uuid_s = NULL;
  g_autoptr (GDateTime) created = NULL;
  g_autofree char *created_s = NULL;

  make_uuid (rng, clock_uuid);
  make_uuid (rng, product_uuid);
  clock_uuid_s = uuid_string (clock_uuid);
  product_uuid_s = uuid_string (product_uuid);
  /* the session was created a little before the first event */
  created
    = g_date_time_new_from_unix_utc ((gint64) (info->clock_offset_ns / 1000000000u) + 3600 - 12);
  created_s = g_date_time_format (created, "%Y%m%dT%H%M%S+0000");

  g_string_append (s, "typealias integer { size = 8; align = 8; signed = false; } := uint8_t;\n"
                      "typealias integer { size = 16; align = 8; signed = false; } := uint16_t;\n"
                      "typealias integer { size = 32; align = 8; signed = false; } := uint32_t;\n"
                      "typealias integer { size = 64; align = 8; signed = false; } := uint64_t;\n"
                      "typealias integer { size = 64; align = 8; signed = false; } := unsigned "
                      "long;\n"
                      "typealias integer { size = 5; align = 1; signed = false; } := uint5_t;\n"
                      "typealias integer { size = 27; align = 1; signed = false; } := uint27_t;\n"
                      "\n");
  g_string_append_printf (s,
                          "trace {\n"
                          "\tmajor = 1;\n"
                          "\tminor = 8;\n"
                          "\tuuid = \"%s\";\n"
                          "\tbyte_order = le;\n"
                          "\tpacket.header := struct {\n"
                          "\t\tuint32_t magic;\n"
                          "\t\tuint8_t  uuid[16];\n"
                          "\t\tuint32_t stream_id;\n"
                          "\t\tuint64_t stream_instance_id;\n"
                          "\t};\n"
                          "};\n\n",
                          trace_uuid);
  g_string_append_printf (s,
                          "env {\n"
                          "\thostname = \"%s\";\n"
                          "\tdomain = \"kernel\";\n"
                          "\tsysname = \"Linux\";\n"
                          "\tkernel_release = \"%s\";\n"
                          "\tkernel_version = \"%s\";\n"
                          "\ttracer_name = \"lttng-modules\";\n"
                          "\ttracer_major = 2;\n"
                          "\ttracer_minor = 13;\n"
                          "\ttracer_patchlevel = 10;\n"
                          "\ttrace_buffering_scheme = \"global\";\n"
                          "\ttrace_name = \"%s\";\n"
                          "\ttrace_creation_datetime = \"%s\";\n"
                          "\tproduct_uuid = \"%s\";\n"
                          "};\n\n",
                          info->hostname, info->kernel_release, info->kernel_version,
                          info->trace_name, created_s, product_uuid_s);
  g_string_append_printf (s,
                          "clock {\n"
                          "\tname = \"monotonic\";\n"
                          "\tuuid = \"%s\";\n"
                          "\tdescription = \"Monotonic Clock\";\n"
                          "\tfreq = 1000000000; /* Frequency, in Hz */\n"
                          "\t/* clock value offset from Epoch is: offset * (1/freq) */\n"
                          "\tprecision = 1;\n"
                          "\toffset_s = %" G_GUINT64_FORMAT ";\n"
                          "\toffset = %" G_GUINT64_FORMAT ";\n"
                          "\tabsolute = FALSE;\n"
                          "};\n\n",
                          clock_uuid_s, info->clock_offset_ns / 1000000000u,
                          info->clock_offset_ns % 1000000000u);
  g_string_append (s, "typealias integer {\n"
                      "\tsize = 27; align = 1; signed = false;\n"
                      "\tmap = clock.monotonic.value;\n"
                      "} := uint27_clock_monotonic_t;\n\n"
                      "typealias integer {\n"
                      "\tsize = 32; align = 8; signed = false;\n"
                      "\tmap = clock.monotonic.value;\n"
                      "} := uint32_clock_monotonic_t;\n\n"
                      "typealias integer {\n"
                      "\tsize = 64; align = 8; signed = false;\n"
                      "\tmap = clock.monotonic.value;\n"
                      "} := uint64_clock_monotonic_t;\n\n"
                      "struct packet_context {\n"
                      "\tuint64_clock_monotonic_t timestamp_begin;\n"
                      "\tuint64_clock_monotonic_t timestamp_end;\n"
                      "\tuint64_t content_size;\n"
                      "\tuint64_t packet_size;\n"
                      "\tuint64_t packet_seq_num;\n"
                      "\tunsigned long events_discarded;\n"
                      "\tuint32_t cpu_id;\n"
                      "};\n\n"
                      "struct event_header_compact {\n"
                      "\tenum : uint5_t { compact = 0 ... 30, extended = 31 } id;\n"
                      "\tvariant <id> {\n"
                      "\t\tstruct {\n"
                      "\t\t\tuint27_clock_monotonic_t timestamp;\n"
                      "\t\t} compact;\n"
                      "\t\tstruct {\n"
                      "\t\t\tuint32_t id;\n"
                      "\t\t\tuint64_clock_monotonic_t timestamp;\n"
                      "\t\t} extended;\n"
                      "\t} v;\n"
                      "} align(8);\n\n"
                      "struct event_header_large {\n"
                      "\tenum : uint16_t { compact = 0 ... 65534, extended = 65535 } id;\n"
                      "\tvariant <id> {\n"
                      "\t\tstruct {\n"
                      "\t\t\tuint32_clock_monotonic_t timestamp;\n"
                      "\t\t} compact;\n"
                      "\t\tstruct {\n"
                      "\t\t\tuint32_t id;\n"
                      "\t\t\tuint64_clock_monotonic_t timestamp;\n"
                      "\t\t} extended;\n"
                      "\t} v;\n"
                      "} align(8);\n\n"
                      "stream {\n"
                      "\tid = 0;\n"
                      "\tevent.header := struct event_header_compact;\n"
                      "\tpacket.context := struct packet_context;\n"
                      "};\n\n");
  for (guint i = 0; i < VMS_EV_N; i++)
    {
      const VmsCtfEventClass *c = &vms_ctf_event_classes[i];

      g_string_append_printf (s,
                              "event {\n"
                              "\tname = \"%s\";\n"
                              "\tid = %u;\n"
                              "\tstream_id = 0;\n"
                              "\tfields := struct {\n"
                              "%s"
                              "\t};\n"
                              "};\n\n",
                              c->name, i, c->fields);
    }
  return g_string_free (s, FALSE);
}

#define INDEX_MAGIC 0xC1F1DCC1u
#define INDEX_ENTRY_SIZE (9 * 8)

static gboolean
open_index (VmsCtfTrace *trace, VmsCtfStream *st, const char *dir, const char *name, GError **error)
{
  g_autofree char *index_dir = g_build_filename (dir, "index", NULL);
  g_autofree char *file = g_strconcat (name, ".idx", NULL);
  g_autofree char *path = g_build_filename (index_dir, file, NULL);
  guint32 header[4] = { GUINT32_TO_BE (INDEX_MAGIC), GUINT32_TO_BE (1), GUINT32_TO_BE (1),
                        GUINT32_TO_BE (INDEX_ENTRY_SIZE) };

  if (g_mkdir_with_parents (index_dir, 0755) != 0 || (st->index = fopen (path, "wb")) == NULL)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   "Cannot create the index file %s: %s", path, g_strerror (errsv));
      return FALSE;
    }
  if (fwrite (header, sizeof header, 1, st->index) != 1)
    trace->io_failed = TRUE;
  return TRUE;
}

VmsCtfTrace *
vms_ctf_trace_new (
  const char *dir, const VmsCtfTraceInfo *info, guint n_cpus, gsize packet_size, GError **error)
{
  g_autoptr (VmsCtfTrace) trace = g_new0 (VmsCtfTrace, 1);
  g_autofree char *metadata = NULL;
  g_autofree char *metadata_path = NULL;
  VmsRng rng;

  g_return_val_if_fail (packet_size >= 4096 && packet_size % 8 == 0, NULL);

  vms_rng_init (&rng, info->seed ^ g_str_hash (info->hostname));
  trace->dir = g_strdup (dir);
  trace->n_cpus = n_cpus;
  trace->packet_size = packet_size;
  trace->clock_offset_ns = info->clock_offset_ns;
  make_uuid (&rng, trace->uuid);
  trace->streams = g_new0 (VmsCtfStream, n_cpus);

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   "Cannot create the trace folder %s: %s", dir, g_strerror (errsv));
      return NULL;
    }
  metadata = build_metadata (trace, info, &rng);
  metadata_path = g_build_filename (dir, "metadata", NULL);
  if (!g_file_set_contents (metadata_path, metadata, -1, error))
    return NULL;

  for (guint cpu = 0; cpu < n_cpus; cpu++)
    {
      g_autofree char *name = g_strdup_printf ("channel0_%u", cpu);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      VmsCtfStream *st = &trace->streams[cpu];

      st->fp = fopen (path, "wb");
      if (st->fp == NULL)
        {
          int errsv = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                       "Cannot create the stream file %s: %s", path, g_strerror (errsv));
          return NULL;
        }
      st->buf = g_malloc0 (packet_size);
      if (!open_index (trace, st, dir, name, error))
        return NULL;
    }
  return g_steal_pointer (&trace);
}

static void
put_le32 (guint8 *p, guint32 v)
{
  v = GUINT32_TO_LE (v);
  memcpy (p, &v, 4);
}

static void
put_le64 (guint8 *p, guint64 v)
{
  v = GUINT64_TO_LE (v);
  memcpy (p, &v, 8);
}

static void
stream_flush (VmsCtfTrace *trace, guint cpu)
{
  VmsCtfStream *st = &trace->streams[cpu];
  guint8 *b = st->buf;

  if (st->pos == 0)
    return;
  put_le32 (b, CTF_MAGIC);
  memcpy (b + 4, trace->uuid, 16);
  put_le32 (b + 20, 0);
  put_le64 (b + 24, cpu);
  put_le64 (b + 32, st->ts_begin);
  put_le64 (b + 40, st->last_ts);
  put_le64 (b + 48, (guint64) st->pos * 8);
  put_le64 (b + 56, (guint64) trace->packet_size * 8);
  put_le64 (b + 64, st->seq);
  put_le64 (b + 72, 0);
  put_le32 (b + 80, cpu);
  memset (b + st->pos, 0, trace->packet_size - st->pos);
  if (fwrite (b, 1, trace->packet_size, st->fp) != trace->packet_size)
    trace->io_failed = TRUE;
  {
    guint64 entry[9] = {
      GUINT64_TO_BE (st->seq * trace->packet_size),
      GUINT64_TO_BE ((guint64) trace->packet_size * 8),
      GUINT64_TO_BE ((guint64) st->pos * 8),
      GUINT64_TO_BE (st->ts_begin),
      GUINT64_TO_BE (st->last_ts),
      0, /* events_discarded */
      0, /* stream_id */
      GUINT64_TO_BE ((guint64) cpu),
      GUINT64_TO_BE (st->seq),
    };

    if (fwrite (entry, sizeof entry, 1, st->index) != 1)
      trace->io_failed = TRUE;
  }
  st->seq++;
  st->pos = 0;
}

void
vms_ctf_trace_append (
  VmsCtfTrace *trace, guint cpu, guint64 ts, VmsEv ev, const VmsCtfPayload *payload)
{
  VmsCtfStream *st;
  guint64 cycles;
  gboolean compact;
  gsize need;
  guint8 *p;

  g_assert (cpu < trace->n_cpus);
  g_assert (ts >= trace->clock_offset_ns);
  st = &trace->streams[cpu];
  cycles = ts - trace->clock_offset_ns;
  g_assert (!st->any || cycles >= st->last_ts);

  for (;;)
    {
      if (st->pos == 0)
        {
          st->pos = PACKET_PREAMBLE;
          st->ts_begin = cycles;
          st->last_ts = cycles;
        }
      /* A 27-bit timestamp updates the low bits of the clock and a smaller value means one
       * wrap: exact as long as less than 2^27 ns passed since the previous event. */
      compact = ev <= COMPACT_ID_MAX
                && cycles - st->last_ts < (G_GUINT64_CONSTANT (1) << COMPACT_TS_BITS);
      need = (compact ? 4 : 13) + payload->len;
      if (st->pos + need <= trace->packet_size)
        break;
      g_assert (st->pos > PACKET_PREAMBLE); /* one event always fits an empty packet */
      stream_flush (trace, cpu);
    }

  p = st->buf + st->pos;
  if (compact)
    {
      put_le32 (p, (guint32) ev | (guint32) ((cycles & ((1u << COMPACT_TS_BITS) - 1)) << 5));
      p += 4;
    }
  else
    {
      p[0] = 31;
      put_le32 (p + 1, ev);
      put_le64 (p + 5, cycles);
      p += 13;
    }
  memcpy (p, payload->data, payload->len);
  st->pos += need;
  st->last_ts = cycles;
  if (!st->any)
    st->first_ts = cycles;
  st->any = TRUE;
  trace->counts[ev]++;
  trace->total++;
}

guint64
vms_ctf_trace_last_ts (VmsCtfTrace *trace, guint cpu)
{
  VmsCtfStream *st = &trace->streams[cpu];

  return st->any ? st->last_ts + trace->clock_offset_ns : 0;
}

guint64
vms_ctf_trace_first_ts (VmsCtfTrace *trace, guint cpu)
{
  VmsCtfStream *st = &trace->streams[cpu];

  return st->any ? st->first_ts + trace->clock_offset_ns : 0;
}

guint64
vms_ctf_trace_end_ts (VmsCtfTrace *trace)
{
  guint64 end = 0;

  for (guint cpu = 0; cpu < trace->n_cpus; cpu++)
    end = MAX (end, vms_ctf_trace_last_ts (trace, cpu));
  return end;
}

guint64
vms_ctf_trace_count (VmsCtfTrace *trace, VmsEv ev)
{
  return trace->counts[ev];
}

guint64
vms_ctf_trace_total (VmsCtfTrace *trace)
{
  return trace->total;
}

gboolean
vms_ctf_trace_close (VmsCtfTrace *trace, GError **error)
{
  for (guint cpu = 0; cpu < trace->n_cpus; cpu++)
    {
      VmsCtfStream *st = &trace->streams[cpu];

      stream_flush (trace, cpu);
      if (st->fp != NULL && fclose (st->fp) != 0)
        trace->io_failed = TRUE;
      if (st->index != NULL && fclose (st->index) != 0)
        trace->io_failed = TRUE;
      st->fp = NULL;
      st->index = NULL;
    }
  if (trace->io_failed)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "Could not write the streams of %s (disk full?)", trace->dir);
      return FALSE;
    }
  return TRUE;
}

void
vms_ctf_trace_free (VmsCtfTrace *trace)
{
  if (trace == NULL)
    return;
  for (guint cpu = 0; cpu < trace->n_cpus; cpu++)
    {
      if (trace->streams[cpu].fp != NULL)
        fclose (trace->streams[cpu].fp);
      if (trace->streams[cpu].index != NULL)
        fclose (trace->streams[cpu].index);
      g_free (trace->streams[cpu].buf);
    }
  g_free (trace->streams);
  g_free (trace->dir);
  g_free (trace);
}
