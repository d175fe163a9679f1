#!/usr/bin/env bash
# Quick start, command 2: set everything up, then lint, type-check and run every test;
# with no arguments (as CI runs it) it then builds the Linux packages and tries them
# (scripts/bundle.sh).
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -k library`.
# `bash scripts/test.sh --fast` is the tier to run while working (about two minutes on
# two cores): no PostgreSQL runs of the storage tests, no command-line subprocesses, no
# test marked slow. CI always runs everything.
set -euo pipefail
tier=()
coverage=()
if [ "${1:-}" = "--fast" ]; then
  shift
  tier=(-m "not slow" -k "not postgresql" --ignore=tests/cli)
  export DOTSTORM_HYPOTHESIS_PROFILE=fast  # fewer examples of each property (tests/conftest.py)
elif [ "$#" -eq 0 ]; then
  # The whole suite measures how much of app/ it runs; below the floor in
  # pyproject.toml ([tool.coverage.report] fail_under) the run fails.
  coverage=(--cov --cov-report=)
fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/setup.sh" --tests
cd "$root"
echo "== ruff (lint)"
.venv/bin/ruff check .
echo "== ruff (format)"
.venv/bin/ruff format --check .
echo "== mypy"
.venv/bin/mypy
echo "== import-linter (the layers' import rules)"
.venv/bin/lint-imports --no-cache
echo "== pytest"
# pytest exits 5 when no test ran; set -e turns that (like any failure) into a failed run.
# One worker per core (at most four): each has its own Qt, folders and PostgreSQL server.
QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest --numprocesses auto --maxprocesses 4 \
  "${tier[@]}" "${coverage[@]}" "$@"
if [ "${#coverage[@]}" -gt 0 ]; then
  floor="$(.venv/bin/python -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["tool"]["coverage"]["report"]["fail_under"])')"
  echo "== coverage: $(.venv/bin/coverage report --format=total) % of app/ run by the suite (floor: $floor %)"
  # The whole run (CI's) also builds the Linux packages and drives them as a user
  # would; as root it installs the .deb, tries it and removes it again.
  echo "== bundle (scripts/bundle.sh)"
  if [ "$(id -u)" -eq 0 ]; then
    bash "$root/scripts/bundle.sh"
  else
    bash "$root/scripts/bundle.sh" --no-install
  fi
fi
