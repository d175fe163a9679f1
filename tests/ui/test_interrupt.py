"""Ctrl+C in the terminal that started the window ends Dotstorm quietly (app/ui/interrupt.py)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
X_TROUBLE = ("X11", "xcb", "X Error", "XIO")


def _ctrl_c_as_in_a_terminal() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def interrupt_once_up(
    command: list[str], env: dict[str, str], db_path: Path
) -> subprocess.CompletedProcess[str]:
    """Start ``command`` as a terminal starts a job (a process group of its own), press
    Ctrl+C once the window is up (it has painted and taken its database's lock), and
    wait for the end. Ctrl+C in a terminal is SIGINT to the foreground process group."""
    lock = db_path.with_name(db_path.name + ".lock")
    with subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        # A terminal's foreground job has Ctrl+C at its default; a test run started in
        # the background (`cmd &` in a script) would hand down "ignored", which Dotstorm
        # rightly keeps (nohup), and the test would wait for ever.
        preexec_fn=_ctrl_c_as_in_a_terminal,
    ) as child:
        try:
            while not lock.exists() and child.poll() is None:
                time.sleep(0.05)
            os.killpg(child.pid, signal.SIGINT)
            out, err = child.communicate(timeout=120)
        finally:
            if child.poll() is None:
                os.killpg(child.pid, signal.SIGKILL)
                child.communicate()
    return subprocess.CompletedProcess(command, child.returncode, out, err)


def assert_ended_quietly(result: subprocess.CompletedProcess[str], db_path: Path) -> None:
    """Status 130, no traceback, no X error, and a clean exit (the lock let go)."""
    assert result.returncode == 130, result.stderr
    assert "Traceback" not in result.stderr and "KeyboardInterrupt" not in result.stderr
    assert not any(word in result.stderr for word in X_TROUBLE), result.stderr
    # A lock file left behind would make the next start one after a crash.
    assert not db_path.with_name(db_path.name + ".lock").exists()


@pytest.fixture
def x_display(tmp_path: Path) -> Iterator[str]:
    """A throwaway X server (Xvfb) at 1280×720, in a session of its own."""
    if shutil.which("Xvfb") is None:
        pytest.skip("scripts/setup.sh installs xvfb")
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-nolisten", "tcp", "-screen", "0", "1280x720x24"],
        pass_fds=(write,),
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    os.close(write)
    with os.fdopen(read) as said:
        display = said.readline().strip()  # written once it takes connections
    try:
        assert display, "Xvfb did not start"
        yield f":{display}"
    finally:
        server.terminate()
        server.wait(timeout=60)


@pytest.mark.slow
def test_ctrl_c_ends_the_window_quietly_on_a_display(
    tmp_path: Path, isolated_env: dict[str, str], x_display: str
):
    db_path = tmp_path / "db.sqlite3"
    env = {**isolated_env, "DISPLAY": x_display, "QT_QPA_PLATFORM": "xcb"}
    env.pop("WAYLAND_DISPLAY", None)
    result = interrupt_once_up(
        [sys.executable, "-m", "app", "--db", str(db_path), "--demo"], env, db_path
    )
    assert_ended_quietly(result, db_path)
