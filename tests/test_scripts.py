"""The Quick start's first command, on a machine with no display."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="scripts/setup.sh installs xvfb")
def test_start_without_a_display_says_what_happens_and_how_to_stop(tmp_path: Path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / "start.sh"), "--version"],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    said = " ".join(result.stderr.split())
    assert "no display found" in said
    assert "no window will appear here" in said and "Press Ctrl+C to stop it" in said
    assert result.stdout.startswith("dotstorm ")
