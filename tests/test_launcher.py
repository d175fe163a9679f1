"""The windowed launcher: the window on the usual database, whatever the desktop passes."""

from __future__ import annotations

import sys

import pytest

import app.cli
from app.launcher import main


def test_it_opens_the_window_with_no_arguments_and_no_standard_streams(
    monkeypatch: pytest.MonkeyPatch,
):
    """pythonw and a windowed bundle have no stdout/stderr: a message must not fail."""
    calls: list[list[str]] = []

    def window(argv: list[str]) -> int:
        calls.append(argv)
        print("a message for a terminal nobody has")
        print("another", file=sys.stderr)
        return 0

    monkeypatch.setattr(app.cli, "main", window)
    monkeypatch.setattr(sys, "argv", ["dotstorm-window", "-psn_0_12345"])
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    assert main() == 0
    assert calls == [[]]  # what the desktop passed is not read as a command
    assert sys.stdout is not None and sys.stderr is not None
    sys.stdout.close()  # the null device the launcher opened
    sys.stderr.close()


def test_it_keeps_the_streams_a_terminal_gave(monkeypatch: pytest.MonkeyPatch, capsys):
    monkeypatch.setattr(app.cli, "main", lambda argv: print("said") or 3)
    assert main() == 3
    assert capsys.readouterr().out == "said\n"
