/* vms-describe.c
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vms-describe.h"
#include "vms-render-private.h"
#include "vms-time.h"

static const char *
state_name (VmsRowKind kind, VmsState state)
{
  return vms_draw_state_get_name (_vms_render_draw_state (kind, state));
}

char *
vms_describe_interval (VmsModel *model, VmsSession *session, guint row, const VmsInterval *in)
{
  const VmsRow *r;
  g_autofree char *start = NULL;
  g_autofree char *dur = NULL;
  GString *s;

  g_return_val_if_fail (VMS_IS_MODEL (model), NULL);
  g_return_val_if_fail (VMS_IS_SESSION (session), NULL);
  g_return_val_if_fail (in != NULL, NULL);

  r = vms_model_get_row (model, row);
  start = vms_session_format_time (session, in->start);
  dur = vms_time_format_duration (in->end - in->start, 3);
  s = g_string_new (NULL);
  {
    g_autofree char *label = g_markup_escape_text (_vms_render_row_label (r), -1);

    g_string_append_printf (s, "<b>%s</b>  %s\n", state_name (r->kind, in->state), label);
  }
  g_string_append_printf (s, _ ("Start: %s\nDuration: %s"), start, dur);
  if (in->state == VMS_STATE_HYPERVISOR && in->exit_reason >= 0)
    {
      const char *name = vms_exit_reason_name (in->isa, (guint) in->exit_reason);

      g_string_append_printf (s, _ ("\nExit reason: %s (%d)"), name ? name : "?", in->exit_reason);
    }
  if (in->state == VMS_STATE_PREEMPTED && in->tid >= 0)
    {
      if (in->vm >= 0 && (guint) in->vm < vms_model_get_n_vms (model))
        {
          g_autofree char *vm = g_markup_escape_text (vms_model_get_vm (model, in->vm)->name, -1);

          g_string_append_printf (s, _ ("\nPreempted by: vCPU %d of %s"), in->vcpu, vm);
        }
      else
        g_string_append_printf (s, _ ("\nPreempted by: host thread %d"), in->tid);
    }
  if (in->state == VMS_STATE_APPEARED && in->cause != VMS_STATE_UNKNOWN)
    g_string_append_printf (s, _ ("\nIts vCPU was: %s"), state_name (VMS_ROW_VCPU, in->cause));
  return g_string_free (s, FALSE);
}

char *
vms_describe_item (VmsModel *model, VmsSession *session, guint row, const VmsModelItem *item)
{
  GString *s;

  g_return_val_if_fail (VMS_IS_MODEL (model), NULL);
  g_return_val_if_fail (VMS_IS_SESSION (session), NULL);
  g_return_val_if_fail (item != NULL, NULL);

  if (item->count <= 1)
    return NULL;
  s = g_string_new (NULL);
  g_string_append_printf (s, _ ("%u intervals in this pixel"), item->count);
  if (item->worst_state != VMS_STATE_UNKNOWN)
    {
      g_autofree char *d = vms_time_format_duration (item->worst_end - item->worst_start, 3);
      g_autofree char *at = vms_session_format_time (session, item->worst_start);

      g_string_append_printf (s, _ ("\nLongest %s: %s at %s"),
                              state_name (vms_model_get_row (model, row)->kind, item->worst_state),
                              d, at);
    }
  return g_string_free (s, FALSE);
}

char *
vms_describe_row_path (VmsModel *model, guint row)
{
  g_autoptr (GString) s = g_string_new (NULL);

  g_return_val_if_fail (VMS_IS_MODEL (model), NULL);

  for (int r = (int) row; r >= 0; r = vms_model_get_row (model, r)->parent)
    {
      if (s->len > 0)
        g_string_prepend_c (s, '/');
      g_string_prepend (s, vms_model_get_row (model, r)->label);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

char *
vms_describe_pixel (VmsModel *model,
                    VmsSession *session,
                    guint row,
                    const VmsInterval *interval,
                    gint64 px_begin,
                    gint64 px_end)
{
  g_autoptr (GArray) items = g_array_new (FALSE, FALSE, sizeof (VmsModelItem));
  char *markup = vms_describe_interval (model, session, row, interval);

  if (markup != NULL && px_end > px_begin
      && vms_model_query (model, row, px_begin, px_end, px_end - px_begin, items) > 0)
    {
      g_autofree char *more
        = vms_describe_item (model, session, row, &g_array_index (items, VmsModelItem, 0));

      if (more != NULL)
        {
          char *both = g_strconcat (markup, "\n\n", more, NULL);

          g_free (markup);
          markup = both;
        }
    }
  return markup;
}
