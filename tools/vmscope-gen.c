/* vmscope-gen: writes LTTng kernel traces of a simulated KVM host and its guests, with the
 * exact answers in truth.json
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <stdlib.h>

#include "vms-gen-sim.h"

static gboolean
parse_duration (const char *text, guint64 *out)
{
  char *end = NULL;
  double v = g_ascii_strtod (text, &end);
  double unit = 1e9;

  if (end == text || v < 0)
    return FALSE;
  if (g_str_equal (end, "") || g_str_equal (end, "s"))
    unit = 1e9;
  else if (g_str_equal (end, "ms"))
    unit = 1e6;
  else if (g_str_equal (end, "us"))
    unit = 1e3;
  else if (g_str_equal (end, "min"))
    unit = 60e9;
  else
    return FALSE;
  *out = (guint64) (v * unit);
  return *out > 0;
}

int
main (int argc, char **argv)
{
  g_autofree char *scenario = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *output = NULL;
  gint64 seed = 1, events = 0, offset = 0;
  gint64 preempt_state = 0;
  int vms = 0, vcpus = 0, host_cpus = 0, packet_kib = 256;
  double drift = 0;
  gboolean drift_set = FALSE, net = FALSE, no_vmsync = FALSE, no_sync = FALSE, list = FALSE;
  g_autofree char *drift_s = NULL;
  g_autofree char *offset_s = NULL;
  GOptionEntry entries[] = {
    { "scenario", 's', 0, G_OPTION_ARG_STRING, &scenario,
      "seed, idle, noisy-neighbour or big (default seed)", "NAME" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Random seed (default 1)", "N" },
    { "events", 'n', 0, G_OPTION_ARG_INT64, &events, "Stop after about N events", "N" },
    { "duration", 'd', 0, G_OPTION_ARG_STRING, &duration,
      "Simulated time, e.g. 3s, 500ms (default: the scenario's)", "D" },
    { "vms", 0, 0, G_OPTION_ARG_INT, &vms, "Number of VMs", "N" },
    { "vcpus", 0, 0, G_OPTION_ARG_INT, &vcpus, "vCPUs of every VM", "N" },
    { "host-cpus", 0, 0, G_OPTION_ARG_INT, &host_cpus, "Physical CPUs of the host", "N" },
    { "drift", 0, 0, G_OPTION_ARG_STRING, &drift_s, "Clock drift of every guest, in ppm", "PPM" },
    { "offset", 0, 0, G_OPTION_ARG_STRING, &offset_s, "Clock offset of every guest, in ns", "NS" },
    { "net", 0, 0, G_OPTION_ARG_NONE, &net, "TCP traffic between the host and each guest", NULL },
    { "no-vmsync", 0, 0, G_OPTION_ARG_NONE, &no_vmsync,
      "Stock lttng-modules on the host: only kvm_x86_hypercall there", NULL },
    { "no-sync", 0, 0, G_OPTION_ARG_NONE, &no_sync, "No sync hypercalls at all", NULL },
    { "preempt-state", 0, 0, G_OPTION_ARG_INT64, &preempt_state,
      "prev_state of a preempted task in sched_switch: 0 (default) or 256 (TASK_REPORT_MAX, as "
      "lttng-modules writes on kernels 4.14+)",
      "N" },
    { "packet-size", 0, 0, G_OPTION_ARG_INT, &packet_kib, "CTF packet size in KiB (default 256)",
      "KIB" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Output folder", "DIR" },
    { "list-scenarios", 0, 0, G_OPTION_ARG_NONE, &list, "List the scenarios", NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("-o DIR");
  g_autoptr (GError) error = NULL;
  VmsGenConfig config = { 0 };

  g_option_context_set_summary (ctx, "Write LTTng kernel traces (CTF 1.8, as lttng-modules 2.13)"
                                     " of a simulated KVM host and its guests,\n"
                                     "one folder per machine, and the exact answers in "
                                     "truth.json.");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      g_printerr ("vmscope-gen: %s\n", error->message);
      return 2;
    }
  if (list)
    {
      for (const char *const *n = vms_gen_scenario_names (); *n != NULL; n++)
        g_print ("%s\n", *n);
      return 0;
    }
  if (output == NULL)
    {
      g_printerr ("vmscope-gen: say where to write the traces with -o DIR\n");
      return 2;
    }
  config.scenario = scenario != NULL ? scenario : "seed";
  if (!vms_gen_scenario_known (config.scenario))
    {
      g_printerr ("vmscope-gen: unknown scenario “%s” (see --list-scenarios)\n", config.scenario);
      return 2;
    }
  if (duration != NULL && !parse_duration (duration, &config.duration_ns))
    {
      g_printerr ("vmscope-gen: cannot read the duration “%s” (try 3s or 500ms)\n", duration);
      return 2;
    }
  if (drift_s != NULL)
    {
      char *end = NULL;

      drift = g_ascii_strtod (drift_s, &end);
      if (end == drift_s || *end != '\0' || drift < -1000 || drift > 1000)
        {
          g_printerr ("vmscope-gen: the drift is in ppm, between -1000 and 1000\n");
          return 2;
        }
      drift_set = TRUE;
    }
  if (offset_s != NULL)
    {
      char *end = NULL;

      offset = g_ascii_strtoll (offset_s, &end, 10);
      if (end == offset_s || *end != '\0')
        {
          g_printerr ("vmscope-gen: the offset is an integer number of ns\n");
          return 2;
        }
      config.offset_set = TRUE;
      config.offset_ns = offset;
    }
  if (vms < 0 || vms > 64 || vcpus < 0 || vcpus > 64 || host_cpus < 0 || host_cpus > 256
      || preempt_state < 0 || (preempt_state & 0x7f) != 0 || packet_kib < 4 || packet_kib > 65536
      || events < 0 || seed < 0)
    {
      g_printerr ("vmscope-gen: an option is out of range\n");
      return 2;
    }
  config.seed = (guint64) seed;
  config.max_events = (guint64) events;
  config.n_vms = (guint) vms;
  config.n_vcpus = (guint) vcpus;
  config.n_host_cpus = (guint) host_cpus;
  config.drift_set = drift_set;
  config.drift_ppm = drift;
  config.net = net;
  config.preempt_state = preempt_state;
  config.sync = no_sync ? VMS_SYNC_NONE : no_vmsync ? VMS_SYNC_STOCK : VMS_SYNC_FULL;
  config.packet_size = (gsize) packet_kib * 1024;
  config.output_dir = output;
  if (!vms_gen_run (&config, &error))
    {
      g_printerr ("vmscope-gen: %s\n", error->message);
      return 1;
    }
  return 0;
}
