"""The Quick start's first command, on a machine with no display."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def without_a_display(tmp_path: Path) -> dict[str, str]:
    """The environment of a shell on a server: no display; user folders in ``tmp_path``."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "DOTSTORM_DB")
    }
    for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[variable] = str(tmp_path / "home" / variable.lower())
    return env


@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="scripts/setup.sh installs xvfb")
def test_start_without_a_display_says_what_happens_and_how_to_stop(tmp_path: Path):
    env = without_a_display(tmp_path)
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


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="start.sh uses Xvfb on Linux only")
@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="scripts/setup.sh installs xvfb")
def test_ctrl_c_ends_start_sh_quietly_without_a_display(tmp_path: Path):
    from tests.ui.test_interrupt import assert_ended_quietly, interrupt_once_up

    scratch = tmp_path / "tmp"  # where start.sh keeps its virtual screen's files
    scratch.mkdir()
    env = {**without_a_display(tmp_path), "TMPDIR": str(scratch)}
    db_path = tmp_path / "db.sqlite3"
    result = interrupt_once_up(
        ["bash", str(ROOT / "scripts" / "start.sh"), "--db", str(db_path)], env, db_path
    )
    assert "no display found" in result.stderr  # it ran on the virtual screen
    assert_ended_quietly(result, db_path)
    # The virtual screen is gone with it, and its files.
    left = []
    for process in Path("/proc").iterdir():
        with contextlib.suppress(OSError):
            if str(scratch) in (process / "cmdline").read_bytes().decode(errors="replace"):
                left.append(process.name)
    assert not left
    assert not list(scratch.iterdir())


@pytest.mark.slow  # the screenshot script, in a process of its own
def test_the_readmes_screenshots_can_be_made_again_from_the_app(tmp_path: Path):
    import importlib.util
    import sys

    from PySide6.QtGui import QImage

    spec = importlib.util.spec_from_file_location(
        "screenshots", ROOT / "scripts" / "screenshots.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    shots: tuple[str, ...] = module.SHOTS

    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "screenshots.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    readme = (ROOT / "README.md").read_text("utf-8")
    for name in shots:
        image = QImage(str(tmp_path / f"{name}.png"))
        assert not image.isNull(), name
        if name != "minutes-page":
            assert (image.width(), image.height()) == (1280, 720), name
        samples = {
            image.pixel(x, y)
            for x in range(0, image.width(), 9)
            for y in range(0, image.height(), 9)
        }
        assert len(samples) > 20, name  # drawn, not blank
        assert f"docs/{name}.png" in readme, name


def test_the_readmes_shortcut_table_is_the_registry():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "shortcut_table.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
