#!/usr/bin/env bash
# Quick start, command 2: set everything up, then lint, type-check and run every test.
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -k library`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/setup.sh"
cd "$root"
echo "== ruff (lint)"
.venv/bin/ruff check .
echo "== ruff (format)"
.venv/bin/ruff format --check .
echo "== mypy"
.venv/bin/mypy
echo "== pytest"
# pytest exits 5 when no test ran; set -e turns that (like any failure) into a failed run.
QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest "$@"
