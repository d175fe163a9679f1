#!/usr/bin/env bash
# Quick start, command 1: set everything up, then start Dotstorm.
# Arguments go to dotstorm, e.g. `bash scripts/start.sh --demo`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/setup.sh"
if [ "$(uname -s)" = "Linux" ] && [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] \
   && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  echo "dotstorm: no display found (DISPLAY is not set): Dotstorm now runs on an invisible" \
       "virtual screen (Xvfb), so no window will appear here. Press Ctrl+C to stop it;" \
       "run this from a desktop session to see and use it." >&2
  # The virtual screen runs in a session of its own (setsid), so Ctrl+C reaches Dotstorm
  # alone: it closes its windows and ends quietly. (Under xvfb-run the X server is in the
  # terminal's process group too, dies of the same Ctrl+C, and takes Dotstorm down with
  # an X error.) -displayfd picks a free display, -terminate ends the server when
  # Dotstorm lets go of it; the trap ends it in any case.
  screen_dir="$(mktemp -d "${TMPDIR:-/tmp}/dotstorm-screen.XXXXXX")"
  screen_pid=""
  end_screen() {
    if [ -n "$screen_pid" ]; then
      kill "$screen_pid" 2>/dev/null || true
      wait "$screen_pid" 2>/dev/null || true
    fi
    rm -rf "$screen_dir"
  }
  trap end_screen EXIT
  cookie="$(mcookie)"
  touch "$screen_dir/Xauthority"
  xauth -q -f "$screen_dir/Xauthority" add :0 . "$cookie"  # the server reads every entry
  setsid Xvfb -displayfd 3 -terminate -nolisten tcp -auth "$screen_dir/Xauthority" \
    -screen 0 1280x720x24 3>"$screen_dir/display" 2>"$screen_dir/xvfb.log" &
  screen_pid=$!
  for _ in $(seq 100); do  # it writes its display's number once it takes connections
    if [ -s "$screen_dir/display" ] || ! kill -0 "$screen_pid" 2>/dev/null; then break; fi
    sleep 0.1
  done
  display="$(head -n 1 "$screen_dir/display")"
  if [ -z "$display" ]; then
    echo "dotstorm: the virtual screen did not start: $(tail -n 3 "$screen_dir/xvfb.log")" >&2
    exit 1
  fi
  xauth -q -f "$screen_dir/Xauthority" add ":$display" . "$cookie"  # for Dotstorm
  status=0
  DISPLAY=":$display" XAUTHORITY="$screen_dir/Xauthority" "$root/.venv/bin/dotstorm" "$@" \
    || status=$?
  exit "$status"
fi
exec "$root/.venv/bin/dotstorm" "$@"
