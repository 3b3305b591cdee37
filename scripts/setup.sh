#!/usr/bin/env bash
# Installs what tilepilot needs: system packages (Debian/Ubuntu, only when root and missing), a
# virtual environment, the pinned CPU torch first (so no CUDA build is pulled), then the package
# with its extras under constraints.txt. Safe to rerun: what is there is kept.
#
# Usage: scripts/setup.sh [EXTRAS]        e.g. scripts/setup.sh dev,serve   (the default)
# Environment: VENV (default .venv), PYTHON (default python3, 3.11 or newer),
#              TORCH_INDEX_URL (an index to take torch from, e.g. PyTorch's CPU wheels).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
EXTRAS=${1:-dev,serve}
PY=${PYTHON:-python3}
TORCH_PIN="torch==2.13.0"  # keep in step with constraints.txt

say() { echo "setup: $*"; }
die() { echo "setup: $*" >&2; exit 1; }

# --- 1. system packages ----------------------------------------------------------------------------
# chromium: the browser tools and tests · fonts: Korean/CJK text in pages and PDFs · tesseract: OCR
# poppler-utils: pdftoppm for looking at PDFs · python3-venv: `python3 -m venv` on Debian's python
APT_PKGS="chromium fonts-nanum fonts-noto-cjk tesseract-ocr tesseract-ocr-kor tesseract-ocr-eng poppler-utils python3-venv"
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
if command -v dpkg-query >/dev/null 2>&1; then
  missing=""
  for p in $APT_PKGS; do installed "$p" || missing="$missing $p"; done
  if [ -n "$missing" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "apt-get install$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086  # the list is meant to split
    apt-get install -y -qq $missing >/dev/null
  elif [ -n "$missing" ]; then
    say "not root, so not installing:$missing (sudo apt-get install$missing); going on without them" >&2
  fi
else
  for cmd in tesseract chromium; do
    command -v "$cmd" >/dev/null 2>&1 || say "no '$cmd' on PATH: see README.md, 'On other machines'" >&2
  done
fi

# --- 2. the virtual environment --------------------------------------------------------------------
command -v "$PY" >/dev/null 2>&1 || die "no $PY on PATH: install Python 3.11+ or set PYTHON=/path/to/python3.11"
"$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
  || die "$PY is Python $("$PY" -c 'import platform; print(platform.python_version())'); tilepilot needs 3.11 or newer (set PYTHON=...)"
if [ -e "$VENV" ] && ! "$VENV/bin/python" -c 'import sys' >/dev/null 2>&1; then
  say "$VENV is broken (its python does not start): making it again"
  rm -rf "$VENV"
fi
if [ ! -x "$VENV/bin/python" ]; then
  say "creating $VENV with $PY"
  "$PY" -m venv "$VENV" || die "'$PY -m venv' failed: on Debian/Ubuntu install python3-venv"
fi
PIP=("$VENV/bin/python" -m pip --disable-pip-version-check)
# pip, less the warnings some machines print for each configured local index folder that lacks the
# package; pip's own exit status is kept (pipefail; the filter itself never fails).
pip_install() {
  "${PIP[@]}" install -q "$@" 2>&1 | { grep -v "is ignored: it is neither a file nor a directory" || true; }
}

# --- 3. torch first, pinned: anything that lets pip choose picks a multi-GB CUDA build -------------
torch_from=()
[ -n "${TORCH_INDEX_URL:-}" ] && torch_from=(--index-url "$TORCH_INDEX_URL")
say "pip install $TORCH_PIN"
pip_install -c constraints.txt ${torch_from[@]+"${torch_from[@]}"} "$TORCH_PIN"

# --- 4. the package and its extras ------------------------------------------------------------------
say "pip install -c constraints.txt -e .[$EXTRAS]"
pip_install -c constraints.txt -e ".[$EXTRAS]"

"$VENV/bin/python" - <<'EOF'
from importlib import metadata
cuda = sorted(d.metadata["Name"] for d in metadata.distributions() if d.metadata["Name"].lower().startswith("nvidia-"))
print(f"setup: torch {metadata.version('torch')}" + (f" with CUDA packages: {', '.join(cuda)}" if cuda else " (CPU)"))
EOF
say "ready ($VENV, extras: $EXTRAS)"
