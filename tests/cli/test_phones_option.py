"""``dotstorm --open SESSION --phones ADDRESS[:PORT]``: the window with phones on, one line out."""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.cli.runner import Dotstorm

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def dotstorm(tmp_path: Path, isolated_env: dict[str, str]) -> Dotstorm:
    """The command on a database file of its own: phones work alike on every backend."""
    return Dotstorm(tmp_path / "dotstorm.sqlite3", isolated_env)


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--open", "x", "--phones", "10.0.0.300"], "'10.0.0.300' is not an IPv4 address"),
        (["--open", "x", "--phones", "127.0.0.1:99999"], "'99999' is not a port"),
        (["--open", "x", "--phones", "127.0.0.1:"], "'' is not a port"),
        (["--open", "x", "--phones", "0.0.0.0"], "one address of this computer, not 0.0.0.0"),
        (["--phones", "127.0.0.1"], "--phones goes with --open SESSION"),
        (["list", "--phones", "127.0.0.1"], "unrecognized arguments"),
    ],
)
def test_a_wrong_phones_option_is_one_line_and_starts_nothing(
    dotstorm: Dotstorm, args: list[str], said: str
):
    result = dotstorm(*args)
    assert result.returncode == 2
    assert said in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not dotstorm.db_path.exists()


def _start(dotstorm: Dotstorm, *args: str) -> subprocess.Popen[str]:
    env = {**dotstorm.env, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.Popen(
        [sys.executable, "-m", "app", "--db", dotstorm.db, *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def _first_line(child: subprocess.Popen[str], seconds: float = 120) -> str:
    """The child's first line of standard output ('' if it ended without one)."""
    assert child.stdout is not None
    line: list[str] = []
    reader = threading.Thread(target=lambda: line.append(child.stdout.readline()))  # type: ignore[union-attr]
    reader.start()
    reader.join(seconds)
    return line[0] if line else ""


@pytest.mark.slow
def test_the_window_opens_with_phones_on_and_prints_the_join_address(dotstorm: Dotstorm):
    child = _start(dotstorm, "--demo", "--phones", "127.0.0.1")
    try:
        line = _first_line(child)
        assert line.startswith("Phones: http://127.0.0.1:"), (line, child.poll())
        address = line.removeprefix("Phones: ").strip()
        parts = urlsplit(address)
        assert parts.path == "/" and parts.fragment.startswith("t=")
        assert len(parts.fragment) >= 2 + 22  # at least 128 random bits, URL-safe
        host, port = parts.hostname, parts.port
        assert host and port
        connection = http.client.HTTPConnection(host, port, timeout=60)
        body = json.dumps({"token": parts.fragment.removeprefix("t=")})
        connection.request(
            "POST",
            "/api/join",
            body=body,
            headers={
                "Host": f"{host}:{port}",
                "Origin": f"http://{host}:{port}",
                "Content-Type": "application/json",
            },
        )
        joined = connection.getresponse()
        joined.read()
        assert joined.status == 200
        cookie = (joined.getheader("Set-Cookie") or "").split(";")[0]
        connection.request(
            "GET", "/api/state", headers={"Host": f"{host}:{port}", "Cookie": cookie}
        )
        state = json.loads(connection.getresponse().read())
        connection.close()
        assert state["session"] and state["me"] is None
    finally:
        os.killpg(child.pid, signal.SIGINT)
        out, err = child.communicate(timeout=120)
    assert child.returncode == 130, err
    assert "Traceback" not in err
    assert out == ""  # the one line, and nothing more


@pytest.mark.slow
def test_an_address_that_is_not_this_computers_is_said_in_one_line(dotstorm: Dotstorm):
    child = _start(dotstorm, "--demo", "--phones", "192.0.2.99:8080")
    try:
        out, err = child.communicate(timeout=120)
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
    assert child.returncode == 1
    # (Qt's offscreen platform talks on stderr too: only Dotstorm's own lines count.)
    assert [line for line in err.splitlines() if line.startswith("dotstorm")] == [
        "dotstorm: Phones could not start on 192.0.2.99:8080: Cannot assign requested address."
    ]
    assert out == ""
