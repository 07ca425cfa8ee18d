#!/usr/bin/env bash
# Installs headless Chromium (Debian's `chromium` package) and a font for the report's
# browser test (tests/report/). Idempotent: apt is not touched when both are installed.
# Needs root (or sudo) only when something is missing.
#
#   scripts/ci/browser-deps.sh
set -euo pipefail

packages=(chromium fonts-dejavu-core)
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "browser-deps: ${packages[*]} already installed"
  exit 0
fi

sudo=""
[[ $(id -u) -eq 0 ]] || sudo="sudo"
echo "browser-deps: installing ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
/usr/bin/chromium --version
