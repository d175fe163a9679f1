"""6-3-5 survives a kill in the middle of a rotation; the session file keeps it."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.core.countdown import SystemClock
from app.core.techniques.brainwriting import round_clock
from app.core.techniques.brainwriting_phase import phase_ideas, phase_settings, with_settings
from app.core.types import Note, PhaseStatus, utc_now
from app.storage.repository import SessionRepository
from app.ui.settings import AppSettings
from app.ui.timer.brainwriting import elapsed_of
from tests.cli.runner import Dotstorm
from tests.ui.brainwriting_sessions import ROUND, brainwriting_session
from tests.ui.killed_driver import killed_while_waiting
from tests.ui.windows import open_session


@pytest.fixture
def dotstorm(db_path: Path, isolated_env: dict[str, str]) -> Dotstorm:
    """The ``dotstorm`` command on the test's database, as a user runs it."""
    return Dotstorm(db_path, isolated_env)


@pytest.mark.slow
def test_a_window_killed_mid_rotation_comes_back_on_the_same_round_and_sheets(
    qtbot: QtBot,
    repository: SessionRepository,
    settings: AppSettings,
    dotstorm: Dotstorm,
    tmp_path: Path,
    isolated_env: dict[str, str],
):
    made = brainwriting_session(on_paper=True)
    ids = tuple(p.id for p in made.participants)
    write = made.phases[0]
    # Paused two seconds before round 2 ends: starting it, the sheets pass at once.
    write = replace(write, status=PhaseStatus.PAUSED, elapsed_seconds=2 * ROUND - 2)
    made = replace(made, phases=(write, *made.phases[1:]), current_phase_id=write.id)
    repository.add_session(made)
    lines = killed_while_waiting(  # mid-round 3: nobody paused or saved
        "tests.ui.brainwriting_kill_driver",
        [str(dotstorm.db_path), made.id, str(tmp_path / "settings.ini")],
        isolated_env,
        tmp_path,
    )
    shown = lines[-2]
    assert "Round 2 of 3" in shown["before"]
    assert "Round 3 of 3" in shown["state"]
    assert shown["message"] == "Pass your sheet to the left. Round 3 of 3."

    window = open_session(  # the wall clock: the killed window stored real times
        qtbot,
        repository,
        settings,
        made.id,
        clock=SystemClock(),
        ask_about_gap=lambda _phase, _gap: True,
    )
    stored = phase_settings(repository.load_session(made.id).phases[0])
    assert stored is not None
    assert stored.people == ids  # the order the sheets pass in, fixed at the start
    elapsed = elapsed_of(window.timer)
    assert elapsed >= 2 * ROUND  # the rotation the killed window showed was kept
    clock = round_clock(stored, elapsed)
    assert f"Round {clock.round} of 3" in window.timer_widget.state_label.text()
    assert clock.round == 3 or clock.finished


def test_the_session_file_carries_the_rotation_and_the_links(
    repository: SessionRepository, dotstorm: Dotstorm
):
    made = brainwriting_session(on_paper=True, capture_first=True)
    capture = made.phases[1]
    start = utc_now()
    people = [p.id for p in made.participants]

    def note(number: int, author: str, builds_on: str | None) -> Note:
        return Note(
            f"00000000-0000-4000-8000-00000000000{number}",
            f"Idea {number}",
            "#FFF9C4",
            40.0 * number,
            0,
            start + timedelta(seconds=number),
            author_id=author,
            phase_id=capture.id,
            builds_on=builds_on,
        )

    first = note(1, people[0], None)
    second = note(2, people[1], first.id)  # sheet 1, round 2, by Bo
    late = note(3, people[2], None)  # sheet 2 started in round 2, by Cy
    capture_settings = phase_settings(capture)
    assert capture_settings is not None
    kept = capture_settings.with_people(people)
    kept = replace(kept, late_starts=((late.id, 1),))
    made = replace(
        made,
        phases=(made.phases[0], with_settings(capture, kept), *made.phases[2:]),
        notes=(first, second, late),
    )
    repository.add_session(made)
    exported = json.loads(dotstorm.ok("export", made.id, "--format", "json"))["session"]
    phase = exported["phases"][1]
    assert phase["technique"] == "brainwriting_635"
    assert phase["technique_settings"]["people"] == people
    assert phase["technique_settings"]["late_starts"] == {late.id: 1}
    by_id = {n["id"]: n for n in exported["notes"]}
    assert by_id[second.id]["builds_on"] == first.id
    assert "builds_on" not in by_id[late.id] or by_id[late.id]["builds_on"] is None
    ideas = phase_ideas(kept, capture.id, (first, second, late))
    assert [(i.sheet, i.round) for i in ideas] == [(0, 1), (0, 2), (1, 2)]


@pytest.mark.slow
def test_a_window_killed_after_skipping_slots_reopens_past_them(
    qtbot: QtBot,
    repository: SessionRepository,
    settings: AppSettings,
    dotstorm: Dotstorm,
    tmp_path: Path,
    isolated_env: dict[str, str],
):
    made = brainwriting_session(on_paper=True, capture_first=True)
    repository.add_session(made)
    lines = killed_while_waiting(  # two slots skipped, nothing typed
        "tests.ui.brainwriting_kill_driver",
        [str(dotstorm.db_path), made.id, str(tmp_path / "settings.ini"), "skip"],
        isolated_env,
        tmp_path,
    )
    assert lines[-2]["slot"].startswith("Sheet 1, round 3, written by Cy")

    window = open_session(qtbot, repository, settings, made.id)
    assert window.capture_bar.slot_label.text().startswith("Sheet 1, round 3, written by Cy")
