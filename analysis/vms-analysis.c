/* vms-analysis.c — the whole analysis: read once, synchronize, build.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include "vms-analysis.h"
#include "vms-model-builder.h"
#include "vms-sync.h"

struct _VmsAnalysis {
  GObject parent_instance;

  GStrv paths;
  char *reference;
  GHashTable *offsets; /* machine name → gint64* */
  GHashTable *ties;    /* guest name → pid */

  VmsTraceSet *set;
  VmsModel *model;
  VmsMemory *memory;
  VmsSync *sync;
  GPtrArray *errors; /* GError */
  gint64 origin;
  gboolean ran;
  VmsAnalysisTimings timings;
};

G_DEFINE_FINAL_TYPE (VmsAnalysis, vms_analysis, G_TYPE_OBJECT)

const char *
vms_analysis_phase_to_string (VmsAnalysisPhase phase)
{
  switch (phase)
    {
      case VMS_ANALYSIS_PHASE_READING:
        return "reading";
      case VMS_ANALYSIS_PHASE_SYNCHRONIZING:
        return "synchronizing";
      case VMS_ANALYSIS_PHASE_BUILDING:
        return "building";
      default:
        return "unknown";
    }
}

static void
vms_analysis_finalize (GObject *object)
{
  VmsAnalysis *self = VMS_ANALYSIS (object);

  g_strfreev (self->paths);
  g_free (self->reference);
  g_hash_table_unref (self->offsets);
  g_hash_table_unref (self->ties);
  g_clear_object (&self->set);
  g_clear_object (&self->model);
  g_clear_object (&self->memory);
  g_clear_pointer (&self->sync, vms_sync_free);
  g_ptr_array_unref (self->errors);

  G_OBJECT_CLASS (vms_analysis_parent_class)->finalize (object);
}

static void
vms_analysis_class_init (VmsAnalysisClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vms_analysis_finalize;
}

static void
vms_analysis_init (VmsAnalysis *self)
{
  self->offsets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->ties = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
}

/**
 * vms_analysis_new:
 * @paths: (array zero-terminated=1): trace folders, or folders above them
 *
 * Returns: (transfer full): a new analysis, not run yet
 */
VmsAnalysis *
vms_analysis_new (const char *const *paths)
{
  VmsAnalysis *self = g_object_new (VMS_TYPE_ANALYSIS, NULL);

  self->paths = g_strdupv ((char **) paths);
  return self;
}

void
vms_analysis_set_reference (VmsAnalysis *self, const char *machine)
{
  g_return_if_fail (VMS_IS_ANALYSIS (self));
  g_free (self->reference);
  self->reference = g_strdup (machine);
}

void
vms_analysis_add_offset (VmsAnalysis *self, const char *machine, gint64 offset_ns)
{
  g_return_if_fail (VMS_IS_ANALYSIS (self));
  g_return_if_fail (machine != NULL);
  g_hash_table_replace (self->offsets, g_strdup (machine),
                        g_memdup2 (&offset_ns, sizeof offset_ns));
}

void
vms_analysis_tie_vm (VmsAnalysis *self, const char *guest, int qemu_pid)
{
  g_return_if_fail (VMS_IS_ANALYSIS (self));
  g_return_if_fail (guest != NULL);
  g_hash_table_replace (self->ties, g_strdup (guest), GINT_TO_POINTER (qemu_pid));
}

/* ------------------------------------------------------------------------------------------ */

#define SECONDS_SINCE(t0) ((double) (g_get_monotonic_time () - (t0)) / G_USEC_PER_SEC)

typedef struct {
  VmsAnalysis *self;
  VmsModelBuilder *builder;
  VmsAnalysisProgressFunc progress;
  gpointer progress_data;
  gint64 last_report;
} RunContext;

static void
report (RunContext *ctx, VmsAnalysisPhase phase, double fraction)
{
  if (ctx->progress != NULL)
    ctx->progress (phase, CLAMP (fraction, 0.0, 1.0), ctx->progress_data);
}

static gboolean
on_batch (VmsTrace *trace, guint trace_index, const VmsEvent *events, gsize n_events, gpointer data)
{
  RunContext *ctx = data;
  VmsAnalysisTimings *t = &ctx->self->timings;
  gint64 t0 = g_get_monotonic_time ();
  gint64 t1, t2, t3;

  vms_sync_feed (ctx->self->sync, trace_index, events, n_events);
  t1 = g_get_monotonic_time ();
  vms_model_builder_feed (ctx->builder, trace_index, events, n_events);
  t2 = g_get_monotonic_time ();
  vms_memory_feed (ctx->self->memory, trace_index, events, n_events);
  t3 = g_get_monotonic_time ();
  t->feed_sync += (double) (t1 - t0) / G_USEC_PER_SEC;
  t->feed_model += (double) (t2 - t1) / G_USEC_PER_SEC;
  t->feed_memory += (double) (t3 - t2) / G_USEC_PER_SEC;
  return TRUE;
}

static void
on_read_progress (guint64 done, guint64 total, gpointer data)
{
  RunContext *ctx = data;
  gint64 now = g_get_monotonic_time ();

  /* The reader calls often: a few reports per second are plenty. */
  if (now - ctx->last_report < 50000 && done < total)
    return;
  ctx->last_report = now;
  report (ctx, VMS_ANALYSIS_PHASE_READING, total > 0 ? (double) done / (double) total : 0.0);
}

static const char *
lookup_name (guint32 id, gpointer data)
{
  return vms_string_table_lookup (data, id);
}

static const char *
lookup_name_memory (gpointer data, guint32 id)
{
  return vms_string_table_lookup (data, id);
}

static gint64
to_reference (guint machine, gint64 ts, gpointer data)
{
  return vms_sync_to_reference (data, machine, ts);
}

typedef struct {
  VmsSync *sync;
  guint machine;
} MemoryClock;

static gint64
memory_to_host (gint64 ts, gpointer data)
{
  MemoryClock *clock = data;

  return vms_sync_to_reference (clock->sync, clock->machine, ts);
}

/* Opens the paths; when one fails, keeps the others and remembers why. */
static VmsTraceSet *
open_paths (VmsAnalysis *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) good = NULL;
  VmsTraceSet *set;

  set = vms_trace_set_new ((const char *const *) self->paths, &error);
  if (set != NULL)
    return set;
  if (self->paths == NULL || self->paths[0] == NULL || self->paths[1] == NULL)
    {
      g_ptr_array_add (self->errors, g_steal_pointer (&error));
      return NULL;
    }
  g_clear_error (&error);
  good = g_ptr_array_new ();
  for (guint i = 0; self->paths[i] != NULL; i++)
    {
      const char *one[] = { self->paths[i], NULL };
      g_autoptr (VmsTraceSet) probe = vms_trace_set_new (one, &error);

      if (probe == NULL)
        g_ptr_array_add (self->errors, g_steal_pointer (&error));
      else
        g_ptr_array_add (good, self->paths[i]);
    }
  if (good->len == 0)
    return NULL;
  g_ptr_array_add (good, NULL);
  return vms_trace_set_new ((const char *const *) good->pdata, NULL);
}

static int
find_machine (VmsTraceSet *set, const char *name)
{
  for (guint i = 0; i < vms_trace_set_get_n_traces (set); i++)
    {
      VmsTrace *trace = vms_trace_set_get_trace (set, i);
      g_autofree char *base = g_path_get_basename (vms_trace_get_path (trace));

      if (g_strcmp0 (vms_trace_get_hostname (trace), name) == 0 || g_strcmp0 (base, name) == 0)
        return (int) i;
    }
  return -1;
}

static void
finish_memory (VmsAnalysis *self, guint n)
{
  g_autofree VmsMemoryTraceInfo *traces = g_new0 (VmsMemoryTraceInfo, MAX (n, 1));
  g_autofree MemoryClock *clocks = g_new0 (MemoryClock, MAX (n, 1));
  g_autoptr (GArray) vms = g_array_new (FALSE, TRUE, sizeof (VmsMemoryVmInfo));
  int host = vms_model_get_host (self->model);

  for (guint i = 0; i < n; i++)
    {
      const VmsMachine *m = vms_model_get_machine (self->model, i);

      clocks[i].sync = self->sync;
      clocks[i].machine = i;
      traces[i].name = m->name;
      traces[i].role = m->role;
      traces[i].to_host = memory_to_host;
      traces[i].to_host_data = &clocks[i];
    }
  for (guint i = 0; i < vms_model_get_n_vms (self->model) && host >= 0; i++)
    {
      const VmsVm *vm = vms_model_get_vm (self->model, i);
      VmsMemoryVmInfo info = { vm->name, (guint) host, vm->qemu_pid, vm->machine, 0 };

      g_array_append_val (vms, info);
    }
  vms_memory_finish (self->memory, traces, n, (const VmsMemoryVmInfo *) (gpointer) vms->data,
                     vms->len, lookup_name_memory, vms_trace_set_get_strings (self->set));
}

static gboolean
run (VmsAnalysis *self,
     VmsAnalysisProgressFunc progress,
     gpointer progress_data,
     GCancellable *cancellable,
     GError **error)
{
  RunContext ctx = { self, NULL, progress, progress_data, 0 };
  g_autoptr (GError) read_error = NULL;
  g_autoptr (GError) sync_error = NULL;
  GHashTableIter iter;
  gpointer key, value;
  gint64 t_start = g_get_monotonic_time ();
  gint64 t_read, t_sync, t_build, t_memory;
  guint n;

  g_return_val_if_fail (!self->ran, FALSE);
  self->ran = TRUE;

  report (&ctx, VMS_ANALYSIS_PHASE_READING, 0.0);
  self->set = open_paths (self);
  if (self->set == NULL)
    {
      g_propagate_error (error, g_error_copy (g_ptr_array_index (self->errors, 0)));
      return FALSE;
    }
  n = vms_trace_set_get_n_traces (self->set);

  self->sync = vms_sync_new ();
  self->memory = vms_memory_new ();
  ctx.builder = vms_model_builder_new (lookup_name, vms_trace_set_get_strings (self->set));
  for (guint i = 0; i < n; i++)
    {
      VmsTrace *trace = vms_trace_set_get_trace (self->set, i);

      vms_sync_add_trace (self->sync, i, vms_trace_get_hostname (trace),
                          vms_trace_get_role (trace));
      vms_model_builder_add_machine (ctx.builder, i, vms_trace_get_hostname (trace),
                                     vms_trace_get_path (trace));
    }

  t_read = g_get_monotonic_time ();
  if (!vms_trace_set_read (self->set, on_batch, &ctx, on_read_progress, &ctx, cancellable,
                           &read_error))
    {
      if (g_error_matches (read_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          vms_model_builder_free (ctx.builder);
          g_propagate_error (error, g_steal_pointer (&read_error));
          return FALSE;
        }
    }
  for (guint i = 0; i < n; i++)
    {
      VmsTrace *trace = vms_trace_set_get_trace (self->set, i);
      const GError *trace_error = vms_trace_get_error (trace);

      /* the roles are known once read */
      vms_sync_add_trace (self->sync, i, vms_trace_get_hostname (trace),
                          vms_trace_get_role (trace));

      if (trace_error != NULL)
        g_ptr_array_add (self->errors, g_error_copy (trace_error));
    }
  if (read_error != NULL && self->errors->len == 0)
    g_ptr_array_add (self->errors, g_error_copy (read_error));

  self->timings.read = SECONDS_SINCE (t_read);

  /* Synchronize */
  t_sync = g_get_monotonic_time ();
  report (&ctx, VMS_ANALYSIS_PHASE_SYNCHRONIZING, 0.0);
  if (!vms_sync_solve (self->sync, self->reference, self->offsets, &sync_error))
    {
      /* An unknown machine name: say so, and synchronize without the options */
      g_ptr_array_add (self->errors, g_error_copy (sync_error));
      vms_sync_solve (self->sync, NULL, NULL, NULL);
    }
  report (&ctx, VMS_ANALYSIS_PHASE_SYNCHRONIZING, 1.0);
  self->timings.sync = SECONDS_SINCE (t_sync);

  /* Build */
  report (&ctx, VMS_ANALYSIS_PHASE_BUILDING, 0.0);
  for (guint i = 0; i < n; i++)
    {
      VmsTrace *trace = vms_trace_set_get_trace (self->set, i);
      const VmsSyncResult *r = vms_sync_get_result (self->sync, i);
      const char *reference
        = r != NULL && r->reference != i
            ? vms_trace_get_hostname (vms_trace_set_get_trace (self->set, r->reference))
            : NULL;

      vms_model_builder_set_info (ctx.builder, i, vms_trace_get_role (trace),
                                  vms_trace_get_n_cpus (trace), vms_trace_get_n_events (trace));
      if (r != NULL)
        {
          vms_model_builder_set_clock (ctx.builder, i, r->alpha, r->beta, reference,
                                       vms_sync_quality_to_string (r->quality), r->accuracy,
                                       r->n_matches);
          vms_model_builder_set_clock_func (ctx.builder, i, to_reference, self->sync);
        }
    }
  g_hash_table_iter_init (&iter, self->ties);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      int machine = find_machine (self->set, key);

      if (machine >= 0)
        vms_model_builder_tie_vm (ctx.builder, (guint) machine, GPOINTER_TO_INT (value));
      else
        g_ptr_array_add (self->errors,
                         g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                      "--vm %s=%d: no trace is named “%s”", (const char *) key,
                                      GPOINTER_TO_INT (value), (const char *) key));
    }
  t_build = g_get_monotonic_time ();
  self->model = vms_model_builder_finish (g_steal_pointer (&ctx.builder));
  self->timings.build = SECONDS_SINCE (t_build);
  report (&ctx, VMS_ANALYSIS_PHASE_BUILDING, 0.7);

  t_memory = g_get_monotonic_time ();
  finish_memory (self, n);
  self->timings.memory = SECONDS_SINCE (t_memory);
  {
    int host = vms_model_get_host (self->model);
    guint ref = vms_sync_get_reference (self->sync);

    self->origin = vms_model_get_machine (self->model, host >= 0 ? (guint) host : ref)->begin;
  }
  report (&ctx, VMS_ANALYSIS_PHASE_BUILDING, 1.0);
  self->timings.total = SECONDS_SINCE (t_start);

  if (self->errors->len > 0)
    {
      g_propagate_error (error, g_error_copy (g_ptr_array_index (self->errors, 0)));
      return FALSE;
    }
  return TRUE;
}

gboolean
vms_analysis_run (VmsAnalysis *self,
                  VmsAnalysisProgressFunc progress,
                  gpointer progress_data,
                  GCancellable *cancellable,
                  GError **error)
{
  g_return_val_if_fail (VMS_IS_ANALYSIS (self), FALSE);
  return run (self, progress, progress_data, cancellable, error);
}

/* ------------------------------------------------------------------------------------------
 * Async: progress is coalesced into at most one pending idle on the caller's main context.
 */
typedef struct {
  GMutex lock;
  VmsAnalysisProgressFunc progress;
  gpointer progress_data;
  GDestroyNotify progress_data_destroy;
  GMainContext *context;
  VmsAnalysisPhase phase;
  double fraction;
  gboolean pending;
  gatomicrefcount refs;
} AsyncProgress;

static AsyncProgress *
async_progress_ref (AsyncProgress *p)
{
  g_atomic_ref_count_inc (&p->refs);
  return p;
}

static void
async_progress_unref (gpointer data)
{
  AsyncProgress *p = data;

  if (!g_atomic_ref_count_dec (&p->refs))
    return;
  if (p->progress_data_destroy != NULL)
    p->progress_data_destroy (p->progress_data);
  g_main_context_unref (p->context);
  g_mutex_clear (&p->lock);
  g_free (p);
}

static gboolean
async_progress_dispatch (gpointer data)
{
  AsyncProgress *p = data;
  VmsAnalysisPhase phase;
  double fraction;

  g_mutex_lock (&p->lock);
  phase = p->phase;
  fraction = p->fraction;
  p->pending = FALSE;
  g_mutex_unlock (&p->lock);
  if (p->progress != NULL)
    p->progress (phase, fraction, p->progress_data);
  return G_SOURCE_REMOVE;
}

static void
async_progress_post (VmsAnalysisPhase phase, double fraction, gpointer data)
{
  AsyncProgress *p = data;
  gboolean schedule;

  g_mutex_lock (&p->lock);
  p->phase = phase;
  p->fraction = fraction;
  schedule = !p->pending;
  p->pending = TRUE;
  g_mutex_unlock (&p->lock);
  if (schedule)
    {
      GSource *source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT_IDLE);
      g_source_set_callback (source, async_progress_dispatch, async_progress_ref (p),
                             async_progress_unref);
      g_source_set_static_name (source, "[vmscope] analysis progress");
      g_source_attach (source, p->context);
      g_source_unref (source);
    }
}

static void
run_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  VmsAnalysis *self = source;
  GError *error = NULL;

  if (run (self, async_progress_post, task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
vms_analysis_run_async (VmsAnalysis *self,
                        VmsAnalysisProgressFunc progress,
                        gpointer progress_data,
                        GDestroyNotify progress_data_destroy,
                        GCancellable *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  AsyncProgress *p;

  g_return_if_fail (VMS_IS_ANALYSIS (self));
  g_return_if_fail (!self->ran);

  p = g_new0 (AsyncProgress, 1);
  g_mutex_init (&p->lock);
  g_atomic_ref_count_init (&p->refs);
  p->progress = progress;
  p->progress_data = progress_data;
  p->progress_data_destroy = progress_data_destroy;
  p->context = g_main_context_ref_thread_default ();

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vms_analysis_run_async);
  g_task_set_name (task, "[vmscope] analysis");
  g_task_set_task_data (task, p, async_progress_unref);
  g_task_run_in_thread (task, run_thread);
}

gboolean
vms_analysis_run_finish (VmsAnalysis *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (VMS_IS_ANALYSIS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

VmsModel *
vms_analysis_get_model (VmsAnalysis *self)
{
  g_return_val_if_fail (VMS_IS_ANALYSIS (self), NULL);
  return self->model;
}

VmsMemory *
vms_analysis_get_memory (VmsAnalysis *self)
{
  g_return_val_if_fail (VMS_IS_ANALYSIS (self), NULL);
  return self->model != NULL ? self->memory : NULL;
}

VmsTraceSet *
vms_analysis_get_trace_set (VmsAnalysis *self)
{
  g_return_val_if_fail (VMS_IS_ANALYSIS (self), NULL);
  return self->set;
}

VmsSync *
vms_analysis_get_sync (VmsAnalysis *self)
{
  g_return_val_if_fail (VMS_IS_ANALYSIS (self), NULL);
  return self->sync;
}

GPtrArray *
vms_analysis_get_errors (VmsAnalysis *self)
{
  g_return_val_if_fail (VMS_IS_ANALYSIS (self), NULL);
  return self->errors;
}

gint64
vms_analysis_get_origin (VmsAnalysis *self)
{
  g_return_val_if_fail (VMS_IS_ANALYSIS (self), 0);
  return self->origin;
}

const VmsAnalysisTimings *
vms_analysis_get_timings (VmsAnalysis *self)
{
  g_return_val_if_fail (VMS_IS_ANALYSIS (self), NULL);
  return &self->timings;
}
