"""Phones in the room: thirty phones at once against the session the window shows.

The phones are another process (:mod:`bench.phone_crowd`), as they are other devices
in a room: each joins and picks its person, then all send three ideas at once, and
once the facilitator opens a round, all place three dots and press Done at once. Each
request is timed from the phone's side (latency p50 and p99 of the ideas and the
ballots). Meanwhile the window's thread keeps a 5 ms timer: the longest gap between
two of its ticks is the longest frame the facilitator could have seen. Afterwards every
change is checked: stored in the database and on the board.

The floors: the same crowd against the same server with a desk that answers at once
on the server's own loop (HTTP, the guards and the phones' own process, no window),
and the longest gap of the same timer in the same window left alone as long.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QElapsedTimer, QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from app.core.session_ops import build_session
from app.core.types import (
    NewSessionSpec,
    PhaseKind,
    RoundStatus,
    Via,
    VoteRound,
    VoteTarget,
    new_id,
)
from app.storage.repository import SessionRepository
from app.ui.document import SessionDocument
from app.ui.session_window import SessionWindow
from app.ui.settings import AppSettings
from app.ui.voting.commands import OpenRoundCommand
from app.web.desk import CallKind, PhoneAnswer, PhoneCall
from bench.common import Figure, median, percentile
from bench.phone_crowd import DOTS_EACH, IDEAS_EACH

ROOT = Path(__file__).resolve().parents[1]


class _InstantDesk:
    """The floor's desk: every call answered at once, a three-item ballot when asked."""

    async def ask(self, call: PhoneCall) -> PhoneAnswer:
        if call.kind is CallKind.STATE:
            items = [{"id": item} for item in ("a", "b", "c")]
            return PhoneAnswer.ok({"ballot": {"round_id": "r", "items": items}})
        return PhoneAnswer.ok({})


def _floor_latencies(phones: int) -> list[float]:
    """The crowd's ideas and ballots against a server whose desk answers at once."""
    from app.web.runner import PhoneServer

    server = PhoneServer("127.0.0.1", desk=_InstantDesk())
    server.start()
    try:
        order: dict[str, Any] = {"join": server.join_address(), "people": ["p"] * phones}
        joined, _ = _crowd({**order, "step": "join"})
        order["cookies"] = joined["cookies"]
        ideas, _ = _crowd({**order, "step": "ideas"})
        votes, _ = _crowd({**order, "step": "vote"})
    finally:
        server.stop()
    return [float(value) for value in ideas["latencies"] + votes["latencies"]]


def _longest_frame(run_loop: Callable[[QEventLoop], None]) -> float:
    """The longest gap of a 5 ms timer while ``run_loop`` runs the window's event loop.

    ``run_loop`` gets the loop to run (and to quit): the window is idle between events,
    as in the app, never spinning.
    """
    clock = QElapsedTimer()
    clock.start()
    longest = [0.0]
    last = [clock.nsecsElapsed()]

    def tick() -> None:
        now = clock.nsecsElapsed()
        longest[0] = max(longest[0], (now - last[0]) / 1e9)
        last[0] = now

    ticker = QTimer()
    ticker.setInterval(5)
    ticker.timeout.connect(tick)
    ticker.start()
    run_loop(QEventLoop())
    ticker.stop()
    return longest[0]


def _idle_frame(seconds: float) -> float:
    """The longest frame of the window's event loop with nothing to do for ``seconds``."""

    def idle(loop: QEventLoop) -> None:
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        loop.exec()

    return _longest_frame(idle)


def _crowd(order: dict[str, Any]) -> tuple[dict[str, Any], float]:
    """Run one step of the crowd while the window's event loop turns.

    Returns the crowd's report and the window's longest frame meanwhile, in seconds.
    """
    application = QApplication.instance()
    assert isinstance(application, QApplication)
    child = subprocess.Popen(
        [sys.executable, "-m", "bench.phone_crowd"],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write(json.dumps(order))
    child.stdin.close()

    def until_done(loop: QEventLoop) -> None:
        watcher = QTimer()
        watcher.setInterval(10)
        watcher.timeout.connect(lambda: loop.quit() if child.poll() is not None else None)
        watcher.start()
        loop.exec()
        watcher.stop()

    frame = _longest_frame(until_done)
    report = child.stdout.read()
    if child.returncode != 0:
        raise RuntimeError(f"the phones failed ({child.returncode})")
    return json.loads(report), frame


def phone_figures(repository: SessionRepository, folder: Path, phones: int) -> list[Figure]:
    """Latency p50/p99 of the phones' requests, and the window's longest frame meanwhile."""
    session = build_session(
        NewSessionSpec(
            title="Phones at once",
            question="How might we answer every customer within the hour?",
            participants=tuple((f"Person {n + 1}", f"Team {n % 6}") for n in range(phones)),
            phases=((PhaseKind.IDEATE, "Ideas", 600), (PhaseKind.VOTE, "Vote", 300)),
        )
    )
    repository.add_session(session)
    settings = AppSettings(QSettings(str(folder / "phones.ini"), QSettings.Format.IniFormat))
    window = SessionWindow(SessionDocument(repository, session.id), settings)
    window.resize(1280, 720)
    window.show()
    settle = time.perf_counter() + 1.0  # the first paint is the window's, not the phones'
    while time.perf_counter() < settle:
        QApplication.processEvents()
    try:
        order: dict[str, Any] = {
            "join": window.phones.start("127.0.0.1"),
            "people": list(window.document.people),
        }
        joined, _ = _crowd({**order, "step": "join"})
        order["cookies"] = joined["cookies"]
        started = time.perf_counter()
        ideas, ideas_frame = _crowd({**order, "step": "ideas"})
        vote_round = VoteRound(
            new_id(), "Best", VoteTarget.NOTES, DOTS_EACH, 1, False, True, RoundStatus.OPEN
        )
        window.document.steps.push(OpenRoundCommand(window.document, vote_round))
        votes, vote_frame = _crowd({**order, "step": "vote"})
        busy = time.perf_counter() - started
        idle_frame = _idle_frame(busy)
        stored = repository.load_session(session.id)
        from_phones = [n for n in stored.notes if n.via is Via.PHONE]
        assert len(from_phones) == phones * IDEAS_EACH, len(from_phones)
        assert all(n.id in window.scene.note_items for n in from_phones)
        (final,) = stored.vote_rounds
        assert len(final.phone_voter_ids) == phones, final.phone_voter_ids
        assert sum(d.count for d in final.dots) == phones * DOTS_EACH
    finally:
        window.phones.stop()
        window.close()
        window.deleteLater()
        QApplication.processEvents()
    latencies = ideas["latencies"] + votes["latencies"]
    floor = _floor_latencies(phones)
    p99 = percentile(latencies, 0.99)
    frame = max(ideas_frame, vote_frame)
    return [
        Figure(
            f"{phones} phones at once: request latency p50 ({len(latencies)} requests)",
            median(latencies), "s", median(floor),
        ),
        Figure(
            f"{phones} phones at once: request latency p99", p99, "s", percentile(floor, 0.99),
            "≤ 150 ms", p99 <= 0.150,
        ),
        Figure(
            f"{phones} phones at once: the window's longest frame", frame, "s", idle_frame,
            "≤ 50 ms", frame <= 0.050,
        ),
    ]  # fmt: skip
