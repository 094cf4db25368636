/* vms-loader.c — loads a set of trace folders into a state model in a worker.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "vms-loader.h"

struct _VmsLoader {
  GObject parent_instance;

  VmsAnalysis *analysis;
  double fraction;
  char *message;

  /* Written by the worker, read by the idle, under mutex */
  GMutex mutex;
  VmsAnalysisPhase phase;
  double phase_fraction;
  guint progress_source;
};

enum { PROP_0, PROP_FRACTION, PROP_MESSAGE, N_PROPS };

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (VmsLoader, vms_loader, G_TYPE_OBJECT)

static void
vms_loader_finalize (GObject *object)
{
  VmsLoader *self = VMS_LOADER (object);

  g_clear_object (&self->analysis);
  g_clear_pointer (&self->message, g_free);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (vms_loader_parent_class)->finalize (object);
}

static void
vms_loader_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  VmsLoader *self = VMS_LOADER (object);

  switch (prop_id)
    {
      case PROP_FRACTION:
        g_value_set_double (value, self->fraction);
        break;

      case PROP_MESSAGE:
        g_value_set_string (value, self->message);
        break;

      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vms_loader_class_init (VmsLoaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vms_loader_finalize;
  object_class->get_property = vms_loader_get_property;

  properties[PROP_FRACTION]
    = g_param_spec_double ("fraction", NULL, NULL, 0, 1, 0,
                           G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE]
    = g_param_spec_string ("message", NULL, NULL, NULL,
                           G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vms_loader_init (VmsLoader *self)
{
  g_mutex_init (&self->mutex);
}

VmsLoader *
vms_loader_new (const char *const *paths)
{
  VmsLoader *self = g_object_new (VMS_TYPE_LOADER, NULL);

  self->analysis = vms_analysis_new (paths);
  return self;
}

void
vms_loader_add_offset (VmsLoader *self, const char *machine, gint64 offset_ns)
{
  g_return_if_fail (VMS_IS_LOADER (self));
  g_return_if_fail (machine != NULL);

  vms_analysis_add_offset (self->analysis, machine, offset_ns);
}

double
vms_loader_get_fraction (VmsLoader *self)
{
  g_return_val_if_fail (VMS_IS_LOADER (self), 0);

  return self->fraction;
}

const char *
vms_loader_get_message (VmsLoader *self)
{
  g_return_val_if_fail (VMS_IS_LOADER (self), NULL);

  return self->message;
}

VmsAnalysis *
vms_loader_get_analysis (VmsLoader *self)
{
  g_return_val_if_fail (VMS_IS_LOADER (self), NULL);

  return self->analysis;
}

/* On the main loop: the latest progress, however many reports came since the last one.
 * Reading is most of the time: it gets 80 % of the bar, synchronizing 5 %, building 15 %. */
static gboolean
progress_idle (gpointer user_data)
{
  static const double start[] = { 0.0, 0.80, 0.85 };
  static const double share[] = { 0.80, 0.05, 0.15 };
  VmsLoader *self = user_data;
  VmsAnalysisPhase phase;
  const char *label;
  double fraction, total;
  guint i;

  g_mutex_lock (&self->mutex);
  self->progress_source = 0;
  phase = self->phase;
  fraction = CLAMP (self->phase_fraction, 0.0, 1.0);
  g_mutex_unlock (&self->mutex);

  switch (phase)
    {
      case VMS_ANALYSIS_PHASE_SYNCHRONIZING:
        label = _ ("Synchronizing clocks…");
        break;
      case VMS_ANALYSIS_PHASE_BUILDING:
        label = _ ("Building the timeline…");
        break;
      case VMS_ANALYSIS_PHASE_READING:
      default:
        label = _ ("Reading traces…");
        break;
    }
  i = MIN ((guint) phase, 2u);
  total = start[i] + share[i] * fraction;
  g_free (self->message);
  /* Translators: the phase of loading and how far it is, e.g. "Reading traces… 40 %" */
  self->message = g_strdup_printf (_ ("%s %.0f %%"), label, 100.0 * fraction);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
  if (total != self->fraction)
    {
      self->fraction = total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
    }
  return G_SOURCE_REMOVE;
}

/* On the worker thread, often: keep the latest, and have one idle at most pending. */
static void
progress_cb (VmsAnalysisPhase phase, double fraction, gpointer user_data)
{
  VmsLoader *self = user_data;

  g_mutex_lock (&self->mutex);
  self->phase = phase;
  self->phase_fraction = fraction;
  if (self->progress_source == 0)
    self->progress_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, progress_idle,
                                             g_object_ref (self), g_object_unref);
  g_mutex_unlock (&self->mutex);
}

/* The worker: a thread of its own, niced, so that the analysis' threads (which inherit its
 * priority) never take the CPU from the main loop on a busy machine. */
static gpointer
load_thread (gpointer data)
{
  g_autoptr (GTask) task = data;
  VmsLoader *self = g_task_get_source_object (task);
  GError *error = NULL;

#ifdef __linux__
  /* On Linux the nice value is per thread; threads created from here inherit it. */
  if (setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), 10) != 0)
    g_debug ("Could not lower the loader's priority: %s", g_strerror (errno));
#endif

  if (!vms_analysis_run (self->analysis, progress_cb, self, g_task_get_cancellable (task), &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
  return NULL;
}

void
vms_loader_load_async (VmsLoader *self,
                       GCancellable *cancellable,
                       GAsyncReadyCallback callback,
                       gpointer user_data)
{
  GTask *task;

  g_return_if_fail (VMS_IS_LOADER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vms_loader_load_async);
  g_thread_unref (g_thread_new ("vms-loader", load_thread, task));
}

VmsModel *
vms_loader_load_finish (VmsLoader *self, GAsyncResult *result, GError **error)
{
  VmsModel *model;
  GCancellable *cancellable;

  g_return_val_if_fail (VMS_IS_LOADER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  g_task_propagate_boolean (G_TASK (result), error);
  /* Whatever was read stays usable, even with an error; nothing after a cancel. */
  cancellable = g_task_get_cancellable (G_TASK (result));
  if (cancellable != NULL && g_cancellable_is_cancelled (cancellable))
    return NULL;
  model = vms_analysis_get_model (self->analysis);
  /* A model of nothing (no trace could be read) is no result: the window keeps what it
   * showed. */
  if (model != NULL
      && (vms_model_get_n_rows (model) == 0
          || vms_model_get_end (model) <= vms_model_get_begin (model)))
    return NULL;
  return model != NULL ? g_object_ref (model) : NULL;
}
