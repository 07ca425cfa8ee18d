#!/bin/sh
# The install test: installs the build into a temporary prefix, then configures, builds and
# runs tests/install_consumer against it with find_package(onb), and checks that
#   - the consumer links libonb alone (no fmt, simdjson, date or zlib on its link line);
#   - libonb exports only the public API (onb::..., onb_...);
#   - the installed onb binary runs, and its `onb compile` writes the same artifact as
#     Program::artifact().
#
#   run.sh CMAKE BUILD_DIR PROGRAM.onb
set -eu
cmake=$1
build=$2
program=$3
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/onb_install_test.XXXXXX")
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix

fail() {
  echo "install test: $*" >&2
  exit 1
}

"$cmake" --install "$build" --prefix "$prefix" >"$work/install.log" || { cat "$work/install.log"; fail "cmake --install failed"; }
for f in include/onb/onb.hpp include/onb/onb.h bin/onb; do
  [ -e "$prefix/$f" ] || fail "not installed: $f"
done
config=$(find "$prefix" -name onbConfig.cmake)
[ -n "$config" ] || fail "onbConfig.cmake not installed"
[ -e "$(dirname "$config")/onbConfigVersion.cmake" ] || fail "onbConfigVersion.cmake not installed"
lib=$(find "$prefix" -name 'libonb.so.*.*.*' | head -n 1)
[ -n "$lib" ] || fail "libonb.so not installed"

# Only the public API is exported (plus the C++ runtime's vague-linkage symbols).
if nm -D --defined-only -C "$lib" | awk '{ $1 = ""; $2 = ""; print }' |
  grep -v -E '^ *(onb_|onb::(version|toJsonLine|recordKindName|pushStatusName|rejectKindName|Program::|Engine::)|(typeinfo|typeinfo name|vtable) for std::|std::)' \
    >"$work/extra_symbols"; then
  cat "$work/extra_symbols" >&2
  fail "libonb exports internal symbols"
fi

# The installed CLI finds its library.
"$prefix/bin/onb" --version >/dev/null || fail "the installed onb does not run"

"$cmake" -S "$here" -B "$work/build" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release \
  >"$work/configure.log" 2>&1 || { cat "$work/configure.log"; fail "configuring the consumer failed"; }
"$cmake" --build "$work/build" -j 2 >"$work/build.log" 2>&1 || { cat "$work/build.log"; fail "building the consumer failed"; }

for exe in consumer consumer_c; do
  link=$work/build/CMakeFiles/$exe.dir/link.txt
  if grep -E 'fmt|simdjson|date-tz|libz|onb_runtime|onb_compiler' "$link"; then
    fail "$exe links onb's internal dependencies"
  fi
done

"$work/build/consumer" "$program" "$work/api.onbc" >"$work/out.txt" || fail "consumer failed"
# The installed CLI and the library write the same artifact, and it runs the same.
"$prefix/bin/onb" compile "$program" -o "$work/cli.onbc" || fail "onb compile failed"
cmp "$work/cli.onbc" "$work/api.onbc" || fail "onb compile and Program::artifact() differ"
"$work/build/consumer" "$work/cli.onbc" >"$work/out_artifact.txt" || fail "consumer failed on the artifact"
cmp "$work/out.txt" "$work/out_artifact.txt" || fail "the artifact runs differently"
"$work/build/consumer_c" "$program" >>"$work/out.txt" || fail "consumer_c failed"
cat "$work/out.txt"
grep -q '"user":"c1","journey":"activation","kind":"enter"' "$work/out.txt" || fail "no enter record for c1"
grep -q '"user":"c2","journey":"activation","kind":"enter"' "$work/out.txt" || fail "no enter record for c2"
grep -q 'consumer: onb ' "$work/out.txt" || fail "no version line"
echo "install test: ok"
