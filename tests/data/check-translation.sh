#!/usr/bin/env bash
# po/LANG.po compiles with msgfmt --check and translates every string of the sources.
set -u
src=${1:?source dir}
lang=${2:?language}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$src" || exit 1
xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dngettext:2,3 --files-from=po/POTFILES -o "$tmp/vmscope.pot" || exit 1
msgmerge --quiet --no-fuzzy-matching "po/$lang.po" "$tmp/vmscope.pot" -o "$tmp/merged.po" || exit 1
msgfmt --check --statistics -o /dev/null "po/$lang.po" || exit 1
stats=$(LC_ALL=C msgfmt --statistics -o /dev/null "$tmp/merged.po" 2>&1)
echo "po/$lang.po against the sources: $stats"
case "$stats" in
  *untranslated*|*fuzzy*)
    echo "po/$lang.po is incomplete: run msgmerge and translate the new strings"
    exit 1 ;;
esac
exit 0
