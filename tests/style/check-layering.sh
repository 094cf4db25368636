#!/usr/bin/env bash
# The engine stays GTK-free and dependencies flow app -> widgets -> analysis, never back.
set -u
src=${1:?source dir}
cd "$src" || exit 1
status=0
if grep -rnE '#\s*include\s*[<"](gtk|gdk|adwaita|cairo)' analysis; then
  echo "analysis/ must not include GTK, GDK, libadwaita or cairo headers"
  status=1
fi
if grep -rnE '#\s*include\s*"vms-(application|window|cli)[^"]*\.h"' analysis widgets; then
  echo "analysis/ and widgets/ must not include app/ headers"
  status=1
fi
[ $status -eq 0 ] && echo "layering respected"
exit $status
