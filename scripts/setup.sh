#!/usr/bin/env bash
# Sets up everything Dotstorm needs, and does nothing that is already done:
#   1. the system libraries Qt and the tests need (Debian/Ubuntu, through apt-get),
#   2. a virtual environment in .venv,
#   3. Dotstorm itself (editable) with its development tools.
# Called by scripts/start.sh, scripts/test.sh (with --tests: the packages only the
# tests need come too) and scripts/bundle.sh (with --bundle: what building and trying
# the packages needs); safe to run again and again.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
python_cmd="${PYTHON:-python3}"

say() { printf 'dotstorm setup: %s\n' "$*" >&2; }

# Qt's xcb platform plugin, audio for the chime, a font, a virtual screen, pdftotext,
# tesseract (the tests read the room's view back by OCR, as the back row would; in
# Chinese and Korean too, to see the bundled fonts draw them), and PostgreSQL: the tests
# start a throwaway server of their own (no system server is used).
system_packages=(
  xvfb xauth
  libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-xinerama0
  libxcb-randr0 libxcb-shape0 libxcb-xkb1 libxcb-cursor0 libxkbcommon-x11-0
  libegl1 libgl1 libfontconfig1 libdbus-1-3 libpulse0
  fonts-dejavu-core poppler-utils tesseract-ocr tesseract-ocr-eng
  tesseract-ocr-chi-sim tesseract-ocr-kor
  postgresql postgresql-client
)
# Only the tests need these: a real headless Chromium and its driver (the phones' page is
# tested in a browser, as a phone opens it) and zbarimg (the join QR code is read back).
if [ "${1:-}" = "--tests" ]; then
  system_packages+=(chromium chromium-driver zbar-tools)
fi
# scripts/bundle.sh (which CI runs after the tests) and its smoke test need these:
# objdump for PyInstaller, and what drives the bundle's windows (xdotool, xwd).
if [ "${1:-}" = "--bundle" ] || [ "${1:-}" = "--tests" ]; then
  system_packages+=(binutils xdotool x11-apps desktop-file-utils)
fi

install_system_packages() {
  command -v dpkg-query >/dev/null 2>&1 || return 0  # not Debian-like: see README
  local missing=() package
  for package in "${system_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo=(sudo)
    else
      say "missing system packages (install them as root): ${missing[*]}"
      return 0
    fi
  fi
  say "installing system packages: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}

make_virtualenv() {
  if ! "$python_cmd" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    say "Dotstorm needs Python 3.11 or newer; '$python_cmd' is $("$python_cmd" --version 2>&1)"
    exit 1
  fi
  if [ ! -x .venv/bin/python ]; then
    say "creating the virtual environment in .venv"
    "$python_cmd" -m venv .venv
  fi
  # Reinstall only when the project's requirements (or the Python) changed.
  local stamp
  stamp="$( (cat pyproject.toml; .venv/bin/python --version) | sha256sum | cut -d' ' -f1)"
  if [ "$(cat .venv/.setup-stamp 2>/dev/null)" != "$stamp" ]; then
    say "installing Dotstorm and its tools into .venv"
    # pip talks on stderr: a command run through start.sh keeps its stdout to itself.
    .venv/bin/python -m pip install --quiet --upgrade pip 2>&1 | grep -v '^WARNING: Location' >&2 || true
    .venv/bin/python -m pip install --quiet -e ".[dev]" 2>&1 | grep -v '^WARNING: Location' >&2 || true
    .venv/bin/python -c 'import app, PySide6, sqlalchemy, alembic, reportlab, pytestqt' \
      || { say "the installation failed; see the messages above"; exit 1; }
    echo "$stamp" > .venv/.setup-stamp
  fi
}

install_system_packages
make_virtualenv
