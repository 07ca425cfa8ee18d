#!/usr/bin/env bash
# Installs LLVM 15 (Debian's llvm-15-dev) for the optional JIT (ONB_JIT=ON, docs/jit.md).
# Idempotent: apt is not touched when it is installed. Needs root (or sudo) only when
# something is missing.
#
#   scripts/ci/jit-deps.sh
set -euo pipefail

packages=(llvm-15-dev)
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "jit-deps: ${packages[*]} already installed"
  exit 0
fi

sudo=""
[[ $(id -u) -eq 0 ]] || sudo="sudo"
echo "jit-deps: installing ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
/usr/lib/llvm-15/bin/llvm-config --version
