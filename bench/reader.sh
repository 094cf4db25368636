#!/usr/bin/env bash
# bench/reader.sh [-n REPS] TRACE... — the vmscope reader against babeltrace2 on the same input.
#
# Runs, alternately and REPS times each (default 3): `babeltrace2 --output-format=dummy TRACE...`
# and `vms-bench-read TRACE...` (every event delivered to a callback), then prints the median
# wall times, vmscope's events/s, peak RSS of each (with /usr/bin/time -v when installed) and the
# ratio vmscope / babeltrace2.  The reader binary is taken from $VMS_BUILD_DIR (default: build/).
#
# Note: babeltrace2 uses flt.utils.muxer, which stops early on traces with overlapping packets
# (sync/scp_src); compare on traces it reads fully.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."

reps=3
if [ "${1:-}" = "-n" ]; then
  reps=$2
  shift 2
fi
if [ $# -eq 0 ]; then
  echo "usage: bench/reader.sh [-n REPS] TRACE..." >&2
  exit 2
fi
build=${VMS_BUILD_DIR:-build}
reader=$build/bench/vms-bench-read
if [ ! -x "$reader" ]; then
  echo "bench/reader.sh: $reader is missing: build first (meson setup $build && ninja -C $build)" >&2
  exit 1
fi
command -v babeltrace2 >/dev/null || { echo "bench/reader.sh: babeltrace2 is not installed" >&2; exit 1; }

timer=()
if [ -x /usr/bin/time ]; then
  timer=(/usr/bin/time -v)
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# run NAME CMD...: appends "wall_seconds rss_kb" to $tmp/NAME
run() {
  local name=$1
  shift
  local t0 t1 rss=""
  t0=$(date +%s.%N)
  if [ ${#timer[@]} -gt 0 ]; then
    "${timer[@]}" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/$name.err")
  else
    "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
  fi
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" -v r="${rss:-0}" 'BEGIN { printf "%.3f %d\n", b - a, r }' >>"$tmp/$name"
}

median() { # FILE COLUMN
  sort -g -k"$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END { print v[int((NR + 1) / 2)] }'
}

for ((i = 0; i < reps; i++)); do
  run bt2 babeltrace2 --output-format=dummy "$@"
  run vms "$reader" "$@"
done

bt_s=$(median "$tmp/bt2" 1)
vms_s=$(median "$tmp/vms" 1)
bt_rss=$(median "$tmp/bt2" 2)
vms_rss=$(median "$tmp/vms" 2)
events=$(sed -n 's/^events \([0-9]*\) .*/\1/p' "$tmp/vms.out")

printf 'input:        %s\n' "$*"
printf 'events:       %s (read by vmscope)\n' "$events"
printf 'babeltrace2:  %.3f s (median of %d)' "$bt_s" "$reps"
[ "$bt_rss" != 0 ] && printf ', peak RSS %d MiB' $((bt_rss / 1024))
printf '\n'
printf 'vmscope:      %.3f s, %.0f events/s' "$vms_s" "$(awk -v e="$events" -v s="$vms_s" 'BEGIN { print e / s }')"
[ "$vms_rss" != 0 ] && printf ', peak RSS %d MiB' $((vms_rss / 1024))
printf '\n'
printf 'ratio:        %.2f (vmscope / babeltrace2 wall time; target <= 0.70)\n' \
  "$(awk -v a="$vms_s" -v b="$bt_s" 'BEGIN { print a / b }')"
