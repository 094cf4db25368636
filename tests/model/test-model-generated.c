/* test-model-generated.c — the whole analysis on vmscope-gen's scenarios against truth.json:
 * per-vCPU state totals, exit reasons, preemptions and their preemptors, the longest spike,
 * guest-thread totals and appeared-to-run time.
 *
 * Copyright 2026 The vmscope authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>

#include "vms-analysis.h"
#include "test-model-util.h"
#include "vms-test-util.h"

/* Totals must agree within 0.1 % of the traced time */
#define TOLERANCE 0.001

static const char *const vcpu_states[]
  = { "unknown", "running", "idle", "hypervisor", "preempted" };
static const VmsState vcpu_state_ids[] = { VMS_STATE_UNKNOWN, VMS_STATE_RUNNING, VMS_STATE_IDLE,
                                           VMS_STATE_HYPERVISOR, VMS_STATE_PREEMPTED };
static const char *const thread_states[]
  = { "running", "syscall", "interrupted", "runnable", "blocked", "unknown" };
static const VmsState thread_state_ids[]
  = { VMS_STATE_RUNNING,  VMS_STATE_SYSCALL, VMS_STATE_INTERRUPTED,
      VMS_STATE_RUNNABLE, VMS_STATE_BLOCKED, VMS_STATE_UNKNOWN };

static gint64
member_or_zero (JsonObject *object, const char *name)
{
  return object != NULL && json_object_has_member (object, name)
           ? json_object_get_int_member (object, name)
           : 0;
}

static int
find_vm (VmsModel *model, const char *name)
{
  for (guint i = 0; i < vms_model_get_n_vms (model); i++)
    if (g_strcmp0 (vms_model_get_vm (model, i)->name, name) == 0)
      return (int) i;
  return -1;
}

static const VmsVcpu *
find_vcpu (VmsModel *model, const VmsVm *vm, guint id)
{
  for (guint k = 0; k < vm->n_vcpus; k++)
    if (vms_model_get_vcpu (model, vm->first_vcpu + k)->id == id)
      return vms_model_get_vcpu (model, vm->first_vcpu + k);
  return NULL;
}

static guint
check_close (const char *what, gint64 got, gint64 want, gint64 span)
{
  if (llabs (got - want) <= (gint64) (TOLERANCE * (double) span))
    return 0;
  g_printerr ("# %s: %" G_GINT64_FORMAT " instead of %" G_GINT64_FORMAT " (off by %.3f %%)\n", what,
              got, want, 100.0 * (double) (got - want) / (double) span);
  return 1;
}

/* Exit reasons of a VM: the truth's per-vCPU figures summed. */
static guint
check_exits (VmsModel *model, guint vm_index, JsonArray *vcpus, const char *vm_name)
{
  gint64 count[1024] = { 0 };
  gint64 total[1024] = { 0 };
  guint bad = 0;

  for (guint k = 0; k < json_array_get_length (vcpus); k++)
    {
      JsonObject *exits
        = json_object_get_object_member (json_array_get_object_element (vcpus, k), "exits");
      g_autoptr (GList) members = exits != NULL ? json_object_get_members (exits) : NULL;

      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonObject *truth = json_object_get_object_member (exits, l->data);
          guint reason = (guint) atoi (l->data);

          assert_true (reason < G_N_ELEMENTS (count));
          count[reason] += member_or_zero (truth, "count");
          total[reason] += member_or_zero (truth, "total_ns");
        }
    }
  for (guint i = 0; i < vms_model_get_n_exit_stats (model); i++)
    {
      const VmsExitStats *st = vms_model_get_exit_stats (model, i);

      if (st->vm != vm_index)
        continue;
      assert_true (st->reason < G_N_ELEMENTS (count));
      /* exact: every exit, and its time in the hypervisor to the nanosecond */
      if ((gint64) st->count != count[st->reason] || st->total != total[st->reason])
        {
          g_printerr ("# %s exit %u (%s): %" G_GUINT64_FORMAT " exits, %" G_GINT64_FORMAT
                      " ns instead of %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT "\n",
                      vm_name, st->reason, st->name, st->count, st->total, count[st->reason],
                      total[st->reason]);
          bad++;
        }
      count[st->reason] = 0;
    }
  for (guint r = 0; r < G_N_ELEMENTS (count); r++)
    if (count[r] > 0)
      {
        g_printerr ("# %s exit %u missing\n", vm_name, r);
        bad++;
      }
  return bad;
}

/* The longest preemption of a vCPU: start, duration and who was switched in. */
static guint
check_longest_preemption (VmsModel *model, const VmsVcpu *vcpu, JsonObject *preemptions)
{
  JsonArray *longest = json_object_get_array_member (preemptions, "longest");
  JsonObject *top;
  VmsInterval in;
  g_autofree char *who = NULL;
  const VmsThread *th;

  if (longest == NULL || json_array_get_length (longest) == 0)
    return 0;
  top = json_array_get_object_element (longest, 0);
  if (!vms_model_hit_test (model, (guint) vcpu->row, json_object_get_int_member (top, "start"), &in)
      || in.state != VMS_STATE_PREEMPTED)
    {
      g_printerr ("# vCPU %u: no preemption at the truth's longest\n", vcpu->id);
      return 1;
    }
  th = vms_model_find_thread (model, (guint) vms_model_get_host (model), in.tid);
  if (in.vm >= 0)
    who = g_strdup_printf ("%s vCPU %d", vms_model_get_vm (model, (guint) in.vm)->name, in.vcpu);
  else
    who = g_strdup_printf ("%s (%d)", th != NULL ? th->name : "?", in.tid);
  if (llabs (in.end - in.start - json_object_get_int_member (top, "duration")) > 10
      || g_strcmp0 (who, json_object_get_string_member (top, "preempted_by")) != 0)
    {
      g_printerr ("# vCPU %u longest preemption: %" G_GINT64_FORMAT
                  " ns by %s instead of %" G_GINT64_FORMAT " by %s\n",
                  vcpu->id, in.end - in.start, who, json_object_get_int_member (top, "duration"),
                  json_object_get_string_member (top, "preempted_by"));
      return 1;
    }
  return 0;
}

static void check_scenario_sized (const char *scenario, const char *seed, const char *events);

static void
check_scenario (const char *scenario, const char *seed)
{
  check_scenario_sized (scenario, seed, NULL);
}

static void
check_scenario_sized (const char *scenario, const char *seed, const char *events)
{
  g_autofree char *gen = vms_test_build_path ("tools/vmscope-gen");
  g_autofree char *dir = NULL;
  g_autofree char *truth_path = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (VmsAnalysis) analysis = NULL;
  VmsModel *model;
  JsonObject *root;
  JsonArray *guests;
  gint64 longest_truth = 0;
  gint64 longest_model = 0;
  guint bad = 0;
  gint status = 0;

  if (!g_file_test (gen, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_printerr ("# %s is not built; skipping\n", gen);
      skip ();
    }
  dir = g_dir_make_tmp ("vms-model-XXXXXX", &error);
  assert_null (error);
  {
    const char *argv[]
      = { gen,    "--scenario", scenario, "--seed", seed, "-o", dir, events ? "--events" : NULL,
          events, NULL };
    g_autofree char *err_text = NULL;

    assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                               NULL, &err_text, &status, &error));
    if (status != 0)
      g_printerr ("# vmscope-gen: %s\n", err_text);
    assert_int_equal (status, 0);
  }
  truth_path = g_build_filename (dir, "truth.json", NULL);
  assert_true (json_parser_load_from_file (parser, truth_path, &error));
  root = json_node_get_object (json_parser_get_root (parser));
  guests = json_object_get_array_member (root, "guests");

  {
    const char *paths[] = { dir, NULL };

    analysis = vms_analysis_new (paths);
  }
  /* Guests without sync events are tied and placed in time by hand, as a user would */
  for (guint g = 0; g < json_array_get_length (guests); g++)
    {
      JsonObject *guest = json_array_get_object_element (guests, g);
      JsonObject *sync = json_object_get_object_member (guest, "sync");
      JsonObject *clock = json_object_get_object_member (guest, "clock");
      const char *name = json_object_get_string_member (guest, "hostname");

      if (member_or_zero (sync, "hypercalls") > 0)
        continue;
      vms_analysis_tie_vm (analysis, name, (int) json_object_get_int_member (guest, "qemu_pid"));
      vms_analysis_add_offset (analysis, name, member_or_zero (clock, "offset_ns"));
    }
  if (!vms_analysis_run (analysis, NULL, NULL, NULL, &error))
    fail_msg ("%s", error->message);
  model = vms_analysis_get_model (analysis);
  assert_non_null (model);
  assert_int_equal (vms_model_get_n_vms (model), json_array_get_length (guests));

  for (guint g = 0; g < json_array_get_length (guests); g++)
    {
      JsonObject *guest = json_array_get_object_element (guests, g);
      const char *name = json_object_get_string_member (guest, "hostname");
      JsonArray *vcpus = json_object_get_array_member (guest, "vcpus");
      JsonArray *threads = json_object_get_array_member (guest, "threads");
      int vi = find_vm (model, name);
      const VmsVm *vm;
      gint64 span;
      gint64 guest_gap;

      if (vi < 0)
        fail_msg ("VM %s not found", name);
      vm = vms_model_get_vm (model, (guint) vi);
      assert_int_equal (vm->qemu_pid, json_object_get_int_member (guest, "qemu_pid"));
      if (member_or_zero (json_object_get_object_member (guest, "sync"), "hypercalls") > 0)
        {
          assert_true (vm->has_vm_uid);
          assert_int_equal (vm->vm_uid, json_object_get_int_member (guest, "vm_uid"));
        }
      assert_int_equal (vm->n_vcpus, json_array_get_length (vcpus));
      guest_gap
        = json_object_get_int_member (json_object_get_object_member (root, "host"), "end_ns")
          - vms_model_get_machine (model, (guint) vm->machine)->end;
      span
        = json_object_get_int_member (json_object_get_object_member (root, "host"), "end_ns")
          - json_object_get_int_member (json_object_get_object_member (root, "host"), "begin_ns");

      for (guint k = 0; k < json_array_get_length (vcpus); k++)
        {
          JsonObject *tv = json_array_get_object_element (vcpus, k);
          JsonObject *states = json_object_get_object_member (tv, "states");
          JsonObject *preemptions = json_object_get_object_member (tv, "preemptions");
          const VmsVcpu *vcpu
            = find_vcpu (model, vm, (guint) json_object_get_int_member (tv, "id"));
          JsonArray *longest;

          assert_non_null (vcpu);
          assert_int_equal (vcpu->host_tid, json_object_get_int_member (tv, "tid"));
          for (guint s = 0; s < G_N_ELEMENTS (vcpu_states); s++)
            {
              g_autofree char *what
                = g_strdup_printf ("%s %s vCPU %u %s", scenario, name, vcpu->id, vcpu_states[s]);

              bad += check_close (what, vcpu->totals[vcpu_state_ids[s]],
                                  member_or_zero (states, vcpu_states[s]), span);
            }
          if ((gint64) vcpu->n_preemptions != member_or_zero (preemptions, "count"))
            {
              g_printerr (
                "# %s vCPU %u: %" G_GUINT64_FORMAT " preemptions instead of %" G_GINT64_FORMAT "\n",
                name, vcpu->id, vcpu->n_preemptions, member_or_zero (preemptions, "count"));
              bad++;
            }
          bad += check_longest_preemption (model, vcpu, preemptions);
          longest = json_object_get_array_member (preemptions, "longest");
          if (longest != NULL && json_array_get_length (longest) > 0)
            longest_truth = MAX (
              longest_truth,
              json_object_get_int_member (json_array_get_object_element (longest, 0), "duration"));
        }
      bad += check_exits (model, (guint) vi, vcpus, name);

      for (guint t = 0; t < json_array_get_length (threads); t++)
        {
          JsonObject *tt = json_array_get_object_element (threads, t);
          JsonObject *states = json_object_get_object_member (tt, "states");
          int tid = (int) json_object_get_int_member (tt, "tid");
          const VmsThread *th = vms_model_find_thread (model, (guint) vm->machine, tid);
          const VmsMachine *gm = vms_model_get_machine (model, (guint) vm->machine);
          g_autofree char *what = NULL;
          gint64 row_begin, row_end, unborn, gone;

          if (th == NULL)
            {
              g_printerr ("# %s thread %d missing\n", name, tid);
              bad++;
              continue;
            }
          /* truth.json counts a thread forked during the trace as unknown from the trace's
           * start until its sched_wakeup_new, and as exited from its last switch-out after
           * sched_process_exit to the trace's end (tools/README.md); the model has no
           * interval there at all: its row starts at the birth and ends at that switch-out. */
          vms_model_get_row_range (model, (guint) th->row, &row_begin, &row_end);
          unborn = MAX (row_begin - gm->begin, 0);
          gone = MAX (gm->end - row_end, 0);
          for (guint s = 0; s < G_N_ELEMENTS (thread_states); s++)
            {
              g_autofree char *w
                = g_strdup_printf ("%s %s thread %d %s", scenario, name, tid, thread_states[s]);
              gint64 got = th->totals[thread_state_ids[s]];

              if (thread_state_ids[s] == VMS_STATE_UNKNOWN)
                got += unborn;
              bad += check_close (w, got, member_or_zero (states, thread_states[s]), span);
            }
          {
            g_autofree char *w = g_strdup_printf ("%s %s thread %d exited", scenario, name, tid);

            bad += check_close (w, gone, member_or_zero (states, "exited"), span);
          }
          /* The truth counts appeared time until the host trace's end, while the guest trace
           * can stop earlier (its last event, when its vCPU stops running guest code): nothing
           * the guest trace shows past its end is counted here. */
          what = g_strdup_printf ("%s %s thread %d appeared", scenario, name, tid);
          if (llabs (th->totals[VMS_STATE_APPEARED] - member_or_zero (tt, "appeared_to_run_ns"))
              > MAX (guest_gap, 0))
            bad += check_close (what, th->totals[VMS_STATE_APPEARED],
                                member_or_zero (tt, "appeared_to_run_ns"), span);
        }
    }

  /* The longest preemption is the first preemption spike */
  for (guint i = 0; i < vms_model_get_n_spikes (model); i++)
    if (vms_model_get_spike (model, i)->kind == VMS_SPIKE_PREEMPTION)
      {
        longest_model = vms_model_get_spike (model, i)->duration;
        break;
      }
  if (llabs (longest_model - longest_truth) > 10)
    {
      g_printerr ("# longest preemption %" G_GINT64_FORMAT " instead of %" G_GINT64_FORMAT "\n",
                  longest_model, longest_truth);
      bad++;
    }

  test_rm_rf (dir);
  assert_int_equal (bad, 0);
}

static void
test_seed (void **state)
{
  check_scenario ("seed", "1");
}

static void
test_seed_other_seeds (void **state)
{
  check_scenario ("seed", "7");
  check_scenario ("seed", "42");
}

static void
test_noisy_neighbour (void **state)
{
  check_scenario ("noisy-neighbour", "1");
}

static void
test_idle (void **state)
{
  check_scenario ("idle", "3");
}

/* The benchmark's scenario (more VMs, longer), cut short */
static void
test_big (void **state)
{
  check_scenario_sized ("big", "5", "400000");
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_seed),
    cmocka_unit_test (test_seed_other_seeds),
    cmocka_unit_test (test_noisy_neighbour),
    cmocka_unit_test (test_idle),
    cmocka_unit_test (test_big),
  };

  return cmocka_run_group_tests_name ("model-generated", tests, NULL, NULL);
}
