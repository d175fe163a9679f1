"""Run a window in a real ``python -m`` process until it says it waits, then SIGKILL it.

The drivers (``tests/ui/*_kill_driver.py``) print one JSON object a line as they act,
and ``{"waiting": true}`` once what the test kills them for is done: nothing paused,
nothing saved on purpose.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[2]


def killed_while_waiting(
    driver: str, args: list[str], env: dict[str, str], tmp_path: Path
) -> list[dict[str, Any]]:
    """The lines ``driver`` printed before it was killed; the last one is its wait.

    Fails, with the driver's stderr, if it ended without saying it waits.
    """
    errors_path = tmp_path / "stderr.txt"
    lines: list[dict[str, Any]] = []
    with (
        errors_path.open("w") as errors,
        subprocess.Popen(
            [sys.executable, "-m", driver, *args],
            cwd=PROJECT,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
            env=dict(env, QT_QPA_PLATFORM="offscreen"),
        ) as process,
    ):
        assert process.stdout is not None
        for raw in process.stdout:
            lines.append(json.loads(raw))
            if "waiting" in lines[-1]:
                break
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert lines and lines[-1].get("waiting") is True, (lines[-1:], errors_path.read_text())
    return lines
