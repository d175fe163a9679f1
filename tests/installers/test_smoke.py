"""The bundles' smoke test, run here on the development install as CI runs it on a bundle."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.installers.loaded import INSTALLERS, installer_script

ROOT = INSTALLERS.parent
SESSION = ROOT / "tests" / "fixtures" / "example-session.json"
TOOLS = ("Xvfb", "xdotool", "xwd", "tesseract", "pdftotext", "pdffonts")


def _smoke(command: Path, window: Path | None, work: Path) -> subprocess.CompletedProcess[str]:
    arguments = [sys.executable, str(INSTALLERS / "smoke.py"), "--command", str(command)]
    if window is not None:
        arguments += ["--window-command", str(window)]
    environment = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    return subprocess.run(
        [*arguments, "--session", str(SESSION), "--work", str(work)],
        capture_output=True,
        text=True,
        env=environment,
        cwd=work.parent,
        check=False,
        timeout=600,
    )


@pytest.mark.slow
@pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in TOOLS),
    reason="scripts/setup.sh --bundle installs the tools the smoke test drives windows with",
)
def test_every_check_passes_on_the_installed_commands(tmp_path: Path):
    """The commands, the PDF read back, the board painted and read by OCR, the first run."""
    programs = Path(sys.executable).parent
    done = _smoke(programs / "dotstorm", programs / "dotstorm-window", tmp_path / "work")
    assert done.returncode == 0, done.stdout + done.stderr
    said = done.stdout.splitlines()
    assert said[-1] == "smoke: every check passed"
    assert any("the session window opened and painted its board" in line for line in said)
    assert any(line.startswith("smoke: ok   first run: database in") for line in said)
    home = tmp_path / "work" / "first-run"
    assert (home / ".local/share/dotstorm/dotstorm.sqlite3").is_file()
    assert (home / ".local/state/dotstorm/log/dotstorm.log").is_file()


def test_a_broken_program_fails_the_smoke_test_in_one_line(tmp_path: Path):
    fake = tmp_path / "dotstorm"
    fake.write_text("#!/bin/sh\necho 'Traceback (most recent call last):' >&2\nexit 1\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    done = _smoke(fake, None, tmp_path / "work")
    assert done.returncode == 1
    assert done.stderr == (
        "smoke: FAILED dotstorm --version (status 1): Traceback (most recent call last):\n"
    )


def test_a_screen_dump_becomes_the_picture_tesseract_reads(tmp_path: Path):
    """xwd's dump of a real Xvfb screen, its pixels where the screen has them."""
    smoke = installer_script("smoke")
    if shutil.which("Xvfb") is None or shutil.which("xwd") is None:
        pytest.skip("Xvfb and xwd (scripts/setup.sh --bundle)")
    with smoke.screen(tmp_path) as display:
        dump = subprocess.run(
            ["xwd", "-root", "-silent"],
            env={**os.environ, "DISPLAY": display},
            capture_output=True,
            check=True,
        ).stdout
    picture = smoke.xwd_to_ppm(dump)
    assert picture.startswith(b"P6\n1280 720\n255\n")
    assert len(picture) == len(b"P6\n1280 720\n255\n") + 1280 * 720 * 3
    part = smoke.cropped(picture, 0.5, 0.5, 0.75, 1.0)
    assert part.startswith(b"P6\n320 360\n255\n")
    assert len(part) == len(b"P6\n320 360\n255\n") + 320 * 360 * 3
