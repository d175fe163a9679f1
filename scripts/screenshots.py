"""Make the README's screenshots from the app as it is now, at 1280×720.

    .venv/bin/python scripts/screenshots.py            # writes docs/*.png
    .venv/bin/python scripts/screenshots.py OUT_DIR    # somewhere else

It runs Dotstorm on Qt's offscreen platform with one 1280×720 screen (the projector we
design for), in a temporary database and settings folder, on the demo session, and
grabs each window as it is drawn. Run it after every change to what the screen shows.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCREEN = {
    "synchronousWindowSystemEvents": True,
    "windowFrameMargins": False,
    "screens": [
        {
            "name": "projector",
            "x": 0,
            "y": 0,
            "width": 1280,
            "height": 720,
            "logicalDpi": 96,
            "logicalBaseDpi": 96,
            "dpr": 1,
        }
    ],
}
SHOTS = (
    "session-window",
    "presentation-mode",
    "voting-curtain",
    "voting-ballot",
    "voting-results",
    "actions-panel",
    "backlog",
    "goals-page",
    "minutes-page",
)


def main(argv: list[str]) -> int:
    """Set up a scratch home and a 1280×720 screen, then take every shot in a child."""
    out = Path(argv[0]) if argv else ROOT / "docs"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="dotstorm-shots-") as scratch:
        config = Path(scratch) / "screen.json"
        config.write_text(json.dumps(SCREEN))
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
            "XDG_DATA_HOME": f"{scratch}/data",
            "XDG_CONFIG_HOME": f"{scratch}/config",
            "XDG_STATE_HOME": f"{scratch}/state",
        }
        env.pop("DOTSTORM_DB", None)
        result = subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "take_screenshots.py"), str(out), scratch],
            cwd=ROOT,
            env=env,
            check=False,
        )
    return result.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
