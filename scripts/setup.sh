#!/usr/bin/env bash
# Installs what tilepilot needs on a Debian machine: system packages (only when root and missing),
# a virtual environment, the pinned CPU torch first (so no CUDA build is pulled), then the package.
# Usage: scripts/setup.sh [EXTRAS]   e.g. scripts/setup.sh dev,serve
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
EXTRAS=${1:-dev,serve}
PY=${PYTHON:-python3}

apt_pkgs="chromium fonts-nanum fonts-noto-cjk tesseract-ocr tesseract-ocr-kor tesseract-ocr-eng poppler-utils"
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  missing=""
  for p in $apt_pkgs; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
  if [ -n "$missing" ]; then
    echo "setup: apt-get install$missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
  fi
elif ! command -v chromium >/dev/null 2>&1 && ! command -v tesseract >/dev/null 2>&1; then
  echo "setup: not root; install yourself: $apt_pkgs (or brew install --cask chromium; brew install tesseract tesseract-lang)" >&2
fi

[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
PIP="$VENV/bin/python -m pip --disable-pip-version-check"
$PIP install -q -c constraints.txt "torch==2.13.0" 2>&1 | grep -v "is ignored" || true
$PIP install -q -c constraints.txt -e ".[$EXTRAS]" 2>&1 | grep -v "is ignored" || true
"$VENV/bin/python" -c "import torch; print(\"setup: torch\", torch.__version__)"
echo "setup: ready ($VENV, extras: $EXTRAS)"
