#!/usr/bin/env bash
# bench/analysis.sh [-n REPS] [--events N] [DIR] — the whole VM analysis against babeltrace2.
#
# Without DIR, generates a host + 2 guests set of about N events (default 10 million) with
# vmscope-gen (scenario big, --vms 2) in a temporary folder.  Then runs, alternately and REPS
# times each (default 3): `babeltrace2 --output-format=dummy` over the trace folders and
# `vmscope analyze --timing --quiet DIR` (read, synchronize, build the state model, memory,
# statistics, and drawing queries on every vCPU and CPU row).  Prints the median wall times and
# their ratio (target: at most 0.8), vmscope's peak memory per event (target: at most 48 bytes)
# and its query times for a 1920-pixel row (target: under 0.2 ms).  Binaries come from
# $VMS_BUILD_DIR (default: build/).
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."

reps=3
events=10000000
while [ $# -gt 0 ]; do
  case $1 in
    -n) reps=$2; shift 2 ;;
    --events) events=$2; shift 2 ;;
    *) break ;;
  esac
done
build=${VMS_BUILD_DIR:-build}
vmscope=$build/app/vmscope
gen=$build/tools/vmscope-gen
for bin in "$vmscope"; do
  [ -x "$bin" ] || { echo "bench/analysis.sh: $bin is missing: build first" >&2; exit 1; }
done
command -v babeltrace2 >/dev/null || { echo "bench/analysis.sh: babeltrace2 is not installed" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ $# -ge 1 ]; then
  dir=$1
else
  [ -x "$gen" ] || { echo "bench/analysis.sh: $gen is missing: build first" >&2; exit 1; }
  dir=$tmp/set
  "$gen" --scenario big --vms 2 --events "$events" -o "$dir" >/dev/null
fi
traces=()
for t in "$dir"/*/; do
  [ -f "$t/metadata" ] && traces+=("${t%/}")
done
[ ${#traces[@]} -gt 0 ] || { echo "bench/analysis.sh: no trace below $dir" >&2; exit 1; }

timer=()
[ -x /usr/bin/time ] && timer=(/usr/bin/time -v)

# run NAME CMD...: appends "wall_seconds rss_kb" to $tmp/NAME
run() {
  local name=$1
  shift
  local t0 t1 rss=0
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
  run bt2 babeltrace2 --output-format=dummy "${traces[@]}"
  run vms "$vmscope" analyze --timing --quiet "$dir"
done

bt2=$(median "$tmp/bt2" 1)
vms=$(median "$tmp/vms" 1)
rss=$(median "$tmp/vms" 2)
n=$(sed -n 's/^Timing: .* s in all, \([0-9]*\) events$/\1/p' "$tmp/vms.err" | tail -n 1)
echo "events:              ${n:-?} in ${#traces[@]} traces ($dir)"
echo "babeltrace2 dummy:   ${bt2} s (median of $reps)"
echo "vmscope analyze:     ${vms} s (median of $reps)"
awk -v a="$vms" -v b="$bt2" 'BEGIN { printf "ratio:               %.2f (target <= 0.80)\n", a / b }'
if [ "${rss:-0}" -gt 0 ] && [ -n "${n:-}" ]; then
  awk -v r="$rss" -v n="$n" \
    'BEGIN { printf "peak memory:         %.1f MiB, %.1f bytes per event (target <= 48)\n", r / 1024, r * 1024 / n }'
fi
echo "last run's detail:"
sed -n '/^Timing:/,/any zoom/p' "$tmp/vms.err" | sed 's/^/  /'
