#!/usr/bin/env bash
# Installs PIF AI into ./.venv, with the Debian packages it needs when they are missing.
# Usage: bash scripts/setup.sh [--dev]     (--dev adds the test and lint tools)
set -euo pipefail
cd "$(dirname "$0")/.."

apt_install() {
    if [ "$(id -u)" -ne 0 ]; then
        echo "missing system packages: $*; install them (sudo apt-get install $*) and rerun" >&2
        exit 1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

missing=()
command -v python3 >/dev/null 2>&1 || missing+=(python3)
python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || missing+=(python3-venv)
# The PDF report: Pango/HarfBuzz for WeasyPrint, Noto CJK for Traditional Chinese, and
# poppler-utils (pdftotext, pdftoppm) to read and preview what was rendered.
python3 -c 'import ctypes.util, sys; sys.exit(0 if ctypes.util.find_library("pango-1.0") and ctypes.util.find_library("pangoft2-1.0") else 1)' \
    || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
# HarfBuzz-subset keeps the CJK fonts' subsetting fast (without it WeasyPrint falls back to
# fontTools, which walks all 65 k glyphs of Noto CJK: ~12 s per PDF instead of < 1 s).
python3 -c 'import ctypes.util, sys; sys.exit(0 if ctypes.util.find_library("harfbuzz-subset") else 1)' \
    || missing+=(libharfbuzz-subset0)
fc-list :lang=zh-tw 2>/dev/null | grep -q 'CJK' || missing+=(fonts-noto-cjk fontconfig)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
# The test tools (--dev): Debian's Chromium, driven headless by Playwright in the web tests.
if [ "${1:-}" = "--dev" ]; then
    command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fi
if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi

python3 - <<'PY'
import sys
if sys.version_info < (3, 11):
    sys.exit(f"PIF AI needs Python 3.11 or newer; this is {sys.version.split()[0]}")
PY

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
extras=""
[ "${1:-}" = "--dev" ] && extras="[dev]"
.venv/bin/python -m pip install --quiet -e ".${extras}"
echo "PIF AI installed in .venv ($(.venv/bin/pifai --help >/dev/null && echo ok))"
