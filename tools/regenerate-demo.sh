#!/usr/bin/env bash
# Rewrites data/demo/ (the seed scenario, 3 s) with the given vmscope-gen.
#   tools/regenerate-demo.sh build/tools/vmscope-gen
set -euo pipefail
gen=${1:?usage: $0 PATH/TO/vmscope-gen}
demo=$(dirname "$(readlink -f "$0")")/../data/demo
rm -rf "$demo/host" "$demo/jessie" "$demo/jessie-clone" "$demo/truth.json"
"$gen" --scenario seed --seed 1 --duration 3s --packet-size 16 -o "$demo"
du -sh --apparent-size "$demo"
