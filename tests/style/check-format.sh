#!/usr/bin/env bash
# Fails, naming the files, when a C source is not formatted as .clang-format says.
# Fix with: clang-format -i FILE...
set -u
src=${1:?source dir}
cd "$src" || exit 1
bad=()
while IFS= read -r -d '' f; do
  if ! clang-format --dry-run -Werror "$f" >/dev/null 2>&1; then
    bad+=("$f")
  fi
done < <(find analysis widgets app tools tests bench -name '*.[ch]' -print0 2>/dev/null | sort -z)
if [ ${#bad[@]} -gt 0 ]; then
  echo "Not formatted (run clang-format -i on them):"
  printf '  %s\n' "${bad[@]}"
  exit 1
fi
echo "all C sources formatted"
