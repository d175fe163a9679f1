"""Agenda templates and moving between phases without losing anything."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from app.core.agenda import (
    AGENDA_TEMPLATES,
    apply_agenda_edit,
    current_phase_of,
    format_duration,
    go_to_phase,
    pointer_after_edit,
)
from app.core.session_format import session_to_document
from app.core.types import Phase, PhaseKind, PhaseStatus, Session

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def agenda() -> tuple[Phase, ...]:
    return tuple(
        Phase(f"p{i}", kind, title, seconds)
        for i, (kind, title, seconds) in enumerate(AGENDA_TEMPLATES["Classic brainstorm"])
    )


def test_templates_are_the_ones_people_know():
    minutes = {name: [s // 60 for _, _, s in steps] for name, steps in AGENDA_TEMPLATES.items()}
    assert minutes["Classic brainstorm"] == [10, 5, 5, 10]
    assert minutes["Micro-innovation sprint"] == [3, 8, 10, 5, 7, 10]
    assert "Brainwriting" not in AGENDA_TEMPLATES  # 6-3-5's templates take its place
    crazy = AGENDA_TEMPLATES["Crazy 8s"]
    assert [s for k, _, s in crazy if k is PhaseKind.SILENT_IDEATE] == [60] * 8
    assert crazy[-1][0] is PhaseKind.VOTE
    retro = [title for _, title, _ in AGENDA_TEMPLATES["Retrospective"]]
    assert retro[0] == "What went well" and retro[1] == "What to improve"
    assert retro[-1] == "Actions"


def test_moving_on_marks_the_phase_done_and_going_back_keeps_its_time():
    phases = agenda()
    ran = replace(phases[0], status=PhaseStatus.PAUSED, started_at=NOW, elapsed_seconds=610)
    phases = (ran, *phases[1:])
    onward = go_to_phase(phases, "p0", "p1")
    assert [p.status for p in onward[:2]] == [PhaseStatus.DONE, PhaseStatus.PENDING]
    back = go_to_phase(onward, "p1", "p0")
    assert back[0].status is PhaseStatus.PAUSED and back[0].elapsed_seconds == 610
    assert back[1].status is PhaseStatus.PENDING  # never ran: nothing to keep


def test_skipping_ahead_leaves_unstarted_phases_pending():
    moved = go_to_phase(agenda(), "p0", "p3")
    assert [p.status for p in moved] == [PhaseStatus.PENDING] * 4
    with pytest.raises(KeyError):
        go_to_phase(agenda(), "p0", "nope")


def test_the_current_phase_without_a_pointer():
    phases = agenda()
    assert current_phase_of(phases, None) == phases[0]
    assert current_phase_of(phases, "p2") == phases[2]
    paused = (phases[0], replace(phases[1], status=PhaseStatus.PAUSED), *phases[2:])
    assert current_phase_of(paused, None) == paused[1]
    done = tuple(replace(p, status=PhaseStatus.DONE) for p in phases)
    assert current_phase_of(done, None) is None


def test_a_running_phase_exports_the_time_up_to_the_export():
    running = replace(
        agenda()[0],
        status=PhaseStatus.RUNNING,
        started_at=NOW,
        elapsed_seconds=100,
        running_since=NOW + timedelta(seconds=100),
    )
    session = Session(id="s", title="T", phases=(running,))
    document = session_to_document(session, exported_at=NOW + timedelta(seconds=130))
    assert document["session"]["phases"][0]["elapsed_seconds"] == 130
    assert "running_since" not in document["session"]["phases"][0]


def test_format_duration():
    assert format_duration(605) == "10:05"
    assert format_duration(3605) == "1:00:05"


def test_an_agenda_edit_keeps_the_time_each_phase_has_run_since():
    before = agenda()
    edited = (
        replace(before[1], title="Group the ideas", planned_seconds=420),
        before[0],
        Phase("new", PhaseKind.BREAK, "Coffee", 300),
    )
    # Meanwhile the first phase ran for two minutes and is running now.
    now = tuple(
        replace(p, status=PhaseStatus.RUNNING, elapsed_seconds=120, running_since=NOW)
        if p.id == "p0"
        else p
        for p in before
    )
    applied = apply_agenda_edit(now, edited)
    assert [p.id for p in applied] == ["p1", "p0", "new"]
    assert applied[0].title == "Group the ideas" and applied[0].planned_seconds == 420
    assert applied[1].elapsed_seconds == 120 and applied[1].status is PhaseStatus.RUNNING
    assert applied[2] == edited[2]


def test_undoing_an_edit_brings_removed_phases_back_paused():
    before = (
        replace(agenda()[0], status=PhaseStatus.RUNNING, elapsed_seconds=90, running_since=NOW),
        *agenda()[1:],
    )
    after = before[1:]  # the running phase was removed
    back = apply_agenda_edit(after, before)
    assert [p.id for p in back] == ["p0", "p1", "p2", "p3"]
    assert back[0].status is PhaseStatus.PAUSED and back[0].running_since is None
    assert back[0].elapsed_seconds == 90


def test_the_session_stays_on_its_phase_unless_it_was_removed():
    phases = agenda()
    assert pointer_after_edit(phases, "p2") == "p2"
    assert pointer_after_edit(phases, None) is None
    done_first = (replace(phases[1], status=PhaseStatus.DONE), phases[2], phases[3])
    assert pointer_after_edit(done_first, "p0") == "p2"  # the first phase not done
    all_done = tuple(replace(p, status=PhaseStatus.DONE) for p in phases[1:])
    assert pointer_after_edit(all_done, "p0") is None
