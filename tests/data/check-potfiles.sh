#!/usr/bin/env bash
# Every source file with translatable strings is listed in po/POTFILES, and every listed file exists.
set -u
src=${1:?source dir}
cd "$src" || exit 1
status=0
while IFS= read -r f; do
  [ -z "$f" ] && continue
  case "$f" in \#*) continue ;; esac
  if [ ! -f "$f" ]; then
    echo "po/POTFILES lists $f, which does not exist"
    status=1
  fi
done < po/POTFILES
while IFS= read -r f; do
  if ! grep -qxF "$f" po/POTFILES; then
    echo "$f has translatable strings but is not in po/POTFILES"
    status=1
  fi
done < <(grep -lE '(^|[^A-Za-z0-9_])(N?_|C_|NC_|g_dngettext) ?\(' app/*.c widgets/*.c 2>/dev/null;
         grep -lE 'translatable="yes"' app/*.ui app/gtk/*.ui widgets/*.ui 2>/dev/null;
         ls data/*.desktop.in data/*.metainfo.xml.in data/*.gschema.xml 2>/dev/null)
[ $status -eq 0 ] && echo "po/POTFILES is complete"
exit $status
