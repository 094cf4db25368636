/* vms-trace.c — VmsTrace: what vmscope knows about one LTTng trace folder.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <string.h>

#include "vms-reader-private.h"

G_DEFINE_QUARK (vms - trace - error - quark, vms_trace_error)

struct _VmsTrace {
  GObject parent_instance;

  char *path;
  char *fallback_hostname;
  char *tracer;
  GHashTable *env;
  gboolean has_clock;
  char *hazard;
  GError *error;
  GError *metadata_error;
  VmsTraceStats stats;
  guint n_cpus;
};

G_DEFINE_FINAL_TYPE (VmsTrace, vms_trace, G_TYPE_OBJECT)

const char *
vms_trace_role_to_string (VmsTraceRole role)
{
  switch (role)
    {
      case VMS_TRACE_ROLE_HOST:
        return "host";
      case VMS_TRACE_ROLE_GUEST:
        return "guest";
      case VMS_TRACE_ROLE_MACHINE:
      default:
        return "machine";
    }
}

static void
vms_trace_finalize (GObject *object)
{
  VmsTrace *self = VMS_TRACE (object);

  g_free (self->path);
  g_free (self->fallback_hostname);
  g_free (self->tracer);
  g_free (self->hazard);
  g_clear_pointer (&self->env, g_hash_table_unref);
  g_clear_error (&self->error);
  g_clear_error (&self->metadata_error);

  G_OBJECT_CLASS (vms_trace_parent_class)->finalize (object);
}

static void
vms_trace_class_init (VmsTraceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vms_trace_finalize;
}

static void
vms_trace_init (VmsTrace *self)
{
  self->env = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

VmsTrace *
vms_trace_new (const char *path)
{
  VmsTrace *self = g_object_new (VMS_TYPE_TRACE, NULL);

  self->path = g_strdup (path);
  self->fallback_hostname = g_path_get_basename (path);
  return self;
}

/* Takes @info. */
void
vms_trace_set_metadata (VmsTrace *self, VmsMetadataInfo *info)
{
  const char *name, *major, *minor, *patch;

  g_clear_pointer (&self->env, g_hash_table_unref);
  self->env = g_steal_pointer (&info->env);
  self->has_clock = info->has_clock;
  g_free (self->hazard);
  self->hazard = g_steal_pointer (&info->hazard);
  vms_metadata_info_free (info);

  name = g_hash_table_lookup (self->env, "tracer_name");
  major = g_hash_table_lookup (self->env, "tracer_major");
  minor = g_hash_table_lookup (self->env, "tracer_minor");
  patch = g_hash_table_lookup (self->env, "tracer_patchlevel");
  g_clear_pointer (&self->tracer, g_free);
  if (name != NULL && major != NULL)
    self->tracer
      = g_strdup_printf ("%s %s.%s.%s", name, major, minor ? minor : "0", patch ? patch : "0");
  else if (name != NULL)
    self->tracer = g_strdup (name);
}

void
vms_trace_set_error (VmsTrace *self, const GError *error)
{
  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
}

const char *
vms_trace_get_hazard (VmsTrace *self)
{
  return self->hazard;
}

void
vms_trace_reset_stats (VmsTrace *self)
{
  memset (&self->stats, 0, sizeof self->stats);
  self->n_cpus = 0;
  g_clear_error (&self->error);
}

void
vms_trace_stats_merge (VmsTraceStats *into, const VmsTraceStats *from)
{
  if (from->has_events)
    {
      if (!into->has_events || from->begin < into->begin)
        into->begin = from->begin;
      if (!into->has_events || from->end > into->end)
        into->end = from->end;
      into->has_events = TRUE;
    }
  into->n_events += from->n_events;
  for (guint k = 0; k < VMS_EV_N_KINDS; k++)
    into->kind_counts[k] += from->kind_counts[k];
  into->discarded_events += from->discarded_events;
  into->lost_packets += from->lost_packets;
  for (guint i = 0; i < G_N_ELEMENTS (into->cpus); i++)
    into->cpus[i] |= from->cpus[i];
}

void
vms_trace_take_stats (VmsTrace *self, const VmsTraceStats *stats)
{
  vms_trace_stats_merge (&self->stats, stats);
  self->n_cpus = 0;
  for (guint i = 0; i < G_N_ELEMENTS (self->stats.cpus); i++)
    self->n_cpus += __builtin_popcount (self->stats.cpus[i]);
}

const char *
vms_trace_get_path (VmsTrace *self)
{
  g_return_val_if_fail (VMS_IS_TRACE (self), NULL);
  return self->path;
}

/**
 * vms_trace_get_hostname:
 *
 * Returns: the `hostname` of the env block, else the name of the trace folder.
 */
const char *
vms_trace_get_hostname (VmsTrace *self)
{
  const char *hostname;

  g_return_val_if_fail (VMS_IS_TRACE (self), NULL);
  hostname = g_hash_table_lookup (self->env, "hostname");
  return hostname != NULL && *hostname != '\0' ? hostname : self->fallback_hostname;
}

const char *
vms_trace_get_env (VmsTrace *self, const char *key)
{
  g_return_val_if_fail (VMS_IS_TRACE (self), NULL);
  return g_hash_table_lookup (self->env, key);
}

/**
 * vms_trace_get_env_keys:
 *
 * Returns: (transfer container): the keys of the env block, sorted.
 */
GPtrArray *
vms_trace_get_env_keys (VmsTrace *self)
{
  GPtrArray *keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->env);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, vms_compare_strings);
  return keys;
}

const char *
vms_trace_get_tracer (VmsTrace *self)
{
  g_return_val_if_fail (VMS_IS_TRACE (self), NULL);
  return self->tracer;
}

guint
vms_trace_get_n_cpus (VmsTrace *self)
{
  g_return_val_if_fail (VMS_IS_TRACE (self), 0);
  return self->n_cpus;
}

guint64
vms_trace_get_n_events (VmsTrace *self)
{
  g_return_val_if_fail (VMS_IS_TRACE (self), 0);
  return self->stats.n_events;
}

guint64
vms_trace_get_kind_count (VmsTrace *self, VmsEventKind kind)
{
  g_return_val_if_fail (VMS_IS_TRACE (self), 0);
  if ((guint) kind >= VMS_EV_N_KINDS)
    return 0;
  return self->stats.kind_counts[kind];
}

gint64
vms_trace_get_begin (VmsTrace *self)
{
  g_return_val_if_fail (VMS_IS_TRACE (self), 0);
  return self->stats.begin;
}

gint64
vms_trace_get_end (VmsTrace *self)
{
  g_return_val_if_fail (VMS_IS_TRACE (self), 0);
  return self->stats.end;
}

guint64
vms_trace_get_discarded_events (VmsTrace *self)
{
  g_return_val_if_fail (VMS_IS_TRACE (self), 0);
  return self->stats.discarded_events;
}

guint64
vms_trace_get_lost_packets (VmsTrace *self)
{
  g_return_val_if_fail (VMS_IS_TRACE (self), 0);
  return self->stats.lost_packets;
}

/**
 * vms_trace_get_role:
 *
 * Returns: host when KVM entry/exit/hypercall or vmsync_*_host events were read, guest when
 *   vmsync_*_guest events were read, else machine.
 */
VmsTraceRole
vms_trace_get_role (VmsTrace *self)
{
  const guint64 *k;

  g_return_val_if_fail (VMS_IS_TRACE (self), VMS_TRACE_ROLE_MACHINE);
  k = self->stats.kind_counts;
  if (k[VMS_EV_KVM_ENTRY] || k[VMS_EV_KVM_EXIT] || k[VMS_EV_KVM_HYPERCALL]
      || k[VMS_EV_VMSYNC_GH_HOST] || k[VMS_EV_VMSYNC_HG_HOST])
    return VMS_TRACE_ROLE_HOST;
  if (k[VMS_EV_VMSYNC_GH_GUEST] || k[VMS_EV_VMSYNC_HG_GUEST])
    return VMS_TRACE_ROLE_GUEST;
  return VMS_TRACE_ROLE_MACHINE;
}

/**
 * vms_trace_has_clock:
 *
 * Returns: %FALSE when the metadata declares no clock: timestamps are then raw cycle counts.
 */
/* The metadata could not be decoded at discovery: reading reports this error. */
void
vms_trace_set_metadata_error (VmsTrace *self, const GError *error)
{
  g_clear_error (&self->metadata_error);
  self->metadata_error = g_error_copy (error);
  vms_trace_set_error (self, error);
}

const GError *
vms_trace_get_metadata_error (VmsTrace *self)
{
  return self->metadata_error;
}

gboolean
vms_trace_has_clock (VmsTrace *self)
{
  g_return_val_if_fail (VMS_IS_TRACE (self), TRUE);
  return self->has_clock;
}

const GError *
vms_trace_get_error (VmsTrace *self)
{
  g_return_val_if_fail (VMS_IS_TRACE (self), NULL);
  return self->error;
}
