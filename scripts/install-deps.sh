#!/usr/bin/env bash
# Installs the Debian 12 packages onb needs to build and test. Idempotent: packages that
# are already installed are not fetched again, and apt is not touched at all when
# everything is present. Needs root (or sudo) only when something is missing.
#
#   scripts/install-deps.sh            build + test dependencies
#   scripts/install-deps.sh --jit      also LLVM 15 for the optional JIT (ONB_JIT=ON)
#   scripts/install-deps.sh --browser  also Chromium, for the report's browser test
set -euo pipefail

packages=(
  build-essential cmake pkg-config python3 time valgrind ccache
  tao-pegtl-dev libfmt-dev libcli11-dev libsimdjson-dev libhowardhinnant-date-dev tzdata
  libgtest-dev libgmock-dev libbenchmark-dev zlib1g-dev
)
for arg in "$@"; do
  case $arg in
    --jit) packages+=(llvm-15-dev) ;;
    --browser) packages+=(chromium fonts-dejavu-core) ;;
    --fuzz) packages+=(clang libclang-rt-14-dev) ;;
    *) echo "usage: $0 [--jit] [--browser] [--fuzz]" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
echo "installing: ${missing[*]}" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
