#!/usr/bin/env bash
# Quick start, command 1: set everything up, then start Dotstorm.
# Arguments go to dotstorm, e.g. `bash scripts/start.sh --demo`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/setup.sh"
if [ "$(uname -s)" = "Linux" ] && [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] \
   && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  echo "dotstorm: no display found (DISPLAY is not set): Dotstorm now runs on an invisible" \
       "virtual screen (xvfb-run), so no window will appear here. Press Ctrl+C to stop it;" \
       "run this from a desktop session to see and use it." >&2
  exec xvfb-run -a -s "-screen 0 1280x720x24" "$root/.venv/bin/dotstorm" "$@"
fi
exec "$root/.venv/bin/dotstorm" "$@"
