#!/usr/bin/env bash
# Tests of vmscope-gen (suite "gen"): run the generator into a temporary folder and check what
# it wrote with the babeltrace2 CLI and check-truth.py.
#   gen-test.sh GEN CHECKER truth SCENARIO [generator options...]
#   gen-test.sh GEN CHECKER deterministic
#   gen-test.sh GEN CHECKER sync-modes
#   gen-test.sh GEN CHECKER event-limit
#   gen-test.sh GEN CHECKER demo-current    (data/demo is up to date)
#   gen-test.sh GEN CHECKER causality       (check-causality.py, beside CHECKER, on --net runs)
set -euo pipefail
gen=$1 checker=$2 mode=$3
shift 3
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vmscope-gen-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

die() {
  echo "FAIL: $*" >&2
  exit 1
}

# every trace folder reads with exit 0 and nothing on stderr
read_clean() { # DIR
  local d
  for d in "$1"/*/; do
    babeltrace2 "$d" >/dev/null 2>"$tmp/stderr" || die "babeltrace2 failed on $d: $(cat "$tmp/stderr")"
    [ ! -s "$tmp/stderr" ] || die "babeltrace2 warned on $d: $(head -c 500 "$tmp/stderr")"
  done
}

count() { # DIR EVENT
  babeltrace2 "$1" 2>/dev/null | grep -c " $2: " || true
}

case "$mode" in
  truth)
    scenario=$1
    shift
    "$gen" --scenario "$scenario" -o "$tmp/out" "$@"
    read_clean "$tmp/out"
    python3 "$checker" "$tmp/out"
    ;;
  deterministic)
    "$gen" --scenario seed --seed 7 --duration 700ms -o "$tmp/a"
    "$gen" --scenario seed --seed 7 --duration 700ms -o "$tmp/b"
    "$gen" --scenario seed --seed 8 --duration 700ms -o "$tmp/c"
    diff -r "$tmp/a" "$tmp/b" >/dev/null || die "same seed, different output"
    ! diff -r "$tmp/a" "$tmp/c" >/dev/null || die "different seeds, same output"
    echo "same seed: byte-identical; other seed: different"
    ;;
  sync-modes)
    "$gen" --scenario seed --duration 500ms --no-vmsync -o "$tmp/stock"
    read_clean "$tmp/stock"
    [ "$(count "$tmp/stock/host" 'vmsync_[a-z_]*')" -eq 0 ] || die "--no-vmsync: vmsync events on the host"
    [ "$(count "$tmp/stock/host" kvm_x86_hypercall)" -gt 0 ] || die "--no-vmsync: no hypercall on the host"
    [ "$(count "$tmp/stock/jessie" vmsync_gh_guest)" -gt 0 ] || die "--no-vmsync: no vmsync in the guest"
    python3 "$checker" "$tmp/stock"
    "$gen" --scenario seed --duration 500ms --no-sync -o "$tmp/none"
    read_clean "$tmp/none"
    [ "$(count "$tmp/none" 'vmsync_[a-z_]*')" -eq 0 ] || die "--no-sync: vmsync events"
    [ "$(count "$tmp/none" kvm_x86_hypercall)" -eq 0 ] || die "--no-sync: hypercalls"
    python3 "$checker" "$tmp/none"
    ;;
  event-limit)
    "$gen" --scenario big --events 50000 --packet-size 64 -o "$tmp/out"
    read_clean "$tmp/out"
    total=$(babeltrace2 "$tmp/out" 2>/dev/null | wc -l)
    [ "$total" -ge 50000 ] && [ "$total" -lt 52000 ] || die "--events 50000 wrote $total events"
    echo "--events 50000: $total events"
    ;;
  causality)
    # every TCP segment and vmsync message is received after it is sent, on the host's time
    # axis: seeds 1..10 with --net, and the --no-sync / --no-vmsync runs of seed 5
    dirs=()
    for seed in 1 2 3 4 5 6 7 8 9 10; do
      "$gen" --scenario seed --seed "$seed" --net --duration 1s -o "$tmp/s$seed" >/dev/null
      dirs+=("$tmp/s$seed")
    done
    "$gen" --scenario seed --seed 5 --net --no-sync --duration 1s -o "$tmp/nosync" >/dev/null
    "$gen" --scenario seed --seed 5 --net --no-vmsync --duration 1s -o "$tmp/stock" >/dev/null
    "$gen" --scenario noisy-neighbour --seed 5 --net --duration 1s -o "$tmp/noisy" >/dev/null
    python3 "$(dirname "$checker")/check-causality.py" "${dirs[@]}" "$tmp/nosync" "$tmp/stock" \
      "$tmp/noisy"
    ;;
  demo-current)
    demo=${VMS_SOURCE_DIR:?}/data/demo
    "$gen" --scenario seed --seed 1 --duration 3s --packet-size 16 -o "$tmp/demo"
    diff -r "$tmp/demo" "$demo" >/dev/null \
      || die "data/demo is not what vmscope-gen writes today: run tools/regenerate-demo.sh"
    read_clean "$demo"
    python3 "$checker" "$demo"
    ;;
  *)
    die "unknown mode $mode"
    ;;
esac
