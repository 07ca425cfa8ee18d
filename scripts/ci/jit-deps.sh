#!/usr/bin/env bash
# Installs LLVM 15 (Debian's llvm-15-dev) for the optional JIT (ONB_JIT=ON, docs/jit.md).
# Idempotent (scripts/install-deps.sh --jit).
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/install-deps.sh --jit
/usr/lib/llvm-15/bin/llvm-config --version
