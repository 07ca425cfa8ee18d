#!/usr/bin/env bash
# Installs headless Chromium (Debian's `chromium`) and a font for the report's browser
# test (tests/report/). Idempotent (scripts/install-deps.sh --browser).
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/install-deps.sh --browser
/usr/bin/chromium --version
