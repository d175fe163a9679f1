"""Board changes in the repository: notes, clusters, deletion with undo, phases."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from app.core.session_format import parse_session_file
from app.core.types import (
    FIRST_VERSION,
    Cluster,
    Note,
    PhaseStatus,
    Session,
    SessionStatus,
    Via,
    new_id,
)
from app.storage.database import Database
from app.storage.errors import ClusterHasVotes, StaleBoard
from app.storage.models import NoteRow
from app.storage.repository import SessionRepository
from tests.conftest import EXAMPLE_FILE

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


@pytest.fixture
def example(repository: SessionRepository) -> Session:
    session = parse_session_file(EXAMPLE_FILE.read_bytes())
    repository.add_session(session)
    return session


def new_note(text: str, x: float = 0, y: float = 0) -> Note:
    return Note(id=new_id(), text=text, color="#FFE08A", x=x, y=y, created_at=NOW)


def test_new_notes_come_after_the_others(
    repository: SessionRepository, example: Session, database: Database
):
    added = [new_note("one"), new_note("two"), new_note("three")]
    repository.board.add_notes(example.id, added)
    notes = repository.load_session(example.id).notes
    assert [n.text for n in notes[-3:]] == ["one", "two", "three"]
    assert notes[-1] == added[2]
    with database.engine.connect() as connection:
        positions = connection.execute(
            select(NoteRow.position)
            .where(NoteRow.session_id == example.id)
            .order_by(NoteRow.position)
        ).scalars()
        assert list(positions) == list(range(len(notes)))  # each its own place, in turn


def test_updates_are_stored(repository: SessionRepository, example: Session):
    changed = replace(example.notes[0], text="Edited", x=-50.5, color="#9FD3F5", cluster_id=None)
    repository.board.update_notes(example.id, [changed])
    assert repository.load_session(example.id).notes[0] == changed


def test_deleting_notes_takes_their_dots_and_undo_puts_everything_back(
    repository: SessionRepository, example: Session
):
    faq = example.notes[2]  # 3 dots on it and the source of the action item
    removed = repository.board.delete_notes(example.id, [faq.id])
    after = repository.load_session(example.id)
    assert faq.id not in {n.id for n in after.notes}
    assert all(d.item_id != faq.id for d in after.vote_rounds[0].dots)
    assert after.action_items[0].source_note_id is None
    assert {d.count for _, d in removed.dots} == {1, 2}

    repository.board.restore_notes(example.id, removed)
    restored = repository.load_session(example.id)
    assert restored.notes == example.notes
    assert sorted(restored.vote_rounds[0].dots, key=str) == sorted(
        example.vote_rounds[0].dots, key=str
    )
    assert restored.action_items == example.action_items


def test_grouping_and_ungrouping(repository: SessionRepository, example: Session):
    cluster = Cluster(new_id(), "Quick wins", "#FFD54F")
    members = [replace(n, cluster_id=cluster.id) for n in example.notes[:2]]
    repository.board.add_cluster(example.id, cluster, members)
    stored = repository.load_session(example.id)
    assert stored.clusters[-1] == cluster
    assert [n.cluster_id for n in stored.notes[:2]] == [cluster.id, cluster.id]

    repository.board.update_cluster(example.id, replace(cluster, title="Fast"))
    assert repository.load_session(example.id).clusters[-1].title == "Fast"

    position = repository.board.delete_cluster(
        example.id, cluster.id, [replace(n, cluster_id=None) for n in members]
    )
    stored = repository.load_session(example.id)
    assert cluster.id not in {c.id for c in stored.clusters}
    assert position == 2
    assert stored.vote_rounds == example.vote_rounds


def test_a_cluster_with_dots_is_not_ungrouped(repository: SessionRepository, example: Session):
    from app.core.types import Dot, RoundStatus, VoteRound, VoteTarget

    session = replace(
        example,
        id=new_id(),
        participants=(),
        phases=(),
        notes=(),
        action_items=(),
        clusters=(Cluster(new_id(), "Voted", "#FFD54F"),),
        vote_rounds=(),
    )
    voter = example.participants[0]
    session = replace(session, participants=(replace(voter, id=new_id()),))
    vote = VoteRound(
        new_id(),
        "R",
        VoteTarget.CLUSTERS,
        3,
        3,
        True,
        True,
        RoundStatus.OPEN,
        dots=(Dot(session.participants[0].id, session.clusters[0].id, 2),),
    )
    session = replace(session, vote_rounds=(vote,))
    repository.add_session(session)
    with pytest.raises(ClusterHasVotes):
        repository.board.delete_cluster(session.id, session.clusters[0].id, [])
    assert repository.load_session(session.id).clusters == session.clusters


def test_changes_to_notes_that_are_gone_are_refused(
    repository: SessionRepository, example: Session
):
    with pytest.raises(StaleBoard):
        repository.board.update_notes(example.id, [new_note("never stored")])


def test_anonymous_ideas_and_the_agenda_state(repository: SessionRepository, example: Session):
    repository.set_anonymous_ideas(example.id, True)
    assert repository.load_session(example.id).anonymous_ideas
    planned = replace(
        example,
        id=new_id(),
        status=SessionStatus.PLANNED,
        participants=(),
        notes=(),
        clusters=(),
        vote_rounds=(),
        action_items=(),
        phases=tuple(
            replace(p, id=new_id(), status=PhaseStatus.PENDING, started_at=None)
            for p in example.phases
        ),
    )
    repository.add_session(planned)
    started = replace(
        planned.phases[0],
        status=PhaseStatus.RUNNING,
        started_at=NOW,
        running_since=NOW,
        adjust_seconds=60,
        lock_at_zero=True,
    )
    extra = replace(planned.phases[0], id=new_id(), title="Added during the session")
    phases = (started, extra, *planned.phases[2:])  # phase 2 removed, one added
    repository.save_phases(planned.id, phases, started.id)
    stored = repository.load_session(planned.id)
    assert stored.phases == phases
    assert stored.current_phase_id == started.id
    assert repository.load_session(planned.id).status is SessionStatus.RUNNING

    repository.save_phases(planned.id, phases, None, finish=True)
    finished = repository.load_session(planned.id)
    assert finished.status is SessionStatus.FINISHED and finished.ended_at is not None
    assert finished.current_phase_id is None


def test_undoing_a_delete_brings_back_the_ideas_status(
    repository: SessionRepository, example: Session
):
    from app.core.backlog import IdeaStatus

    note = example.notes[0]
    version = repository.actions.set_idea_status(note.id, IdeaStatus.TRYING, FIRST_VERSION)
    removed = repository.board.delete_notes(example.id, [note.id])
    assert removed.idea_statuses == ((note.id, "trying"),)
    assert removed.idea_versions == ((note.id, version),)
    assert repository.actions.idea_statuses(example.id) == {}
    repository.board.restore_notes(example.id, removed)
    # Back one version past the one it went at: a copy read before is not current.
    assert repository.actions.idea_states(example.id)[note.id] == (IdeaStatus.TRYING, version + 1)


def test_storing_the_agenda_says_where_the_session_stands(repository: SessionRepository):
    from app.core.session_ops import build_session
    from app.core.types import NewSessionSpec, PhaseKind

    session = build_session(
        NewSessionSpec(title="Timing", phases=((PhaseKind.IDEATE, "Ideate", 600),))
    )
    repository.add_session(session)
    (phase,) = session.phases
    running = repository.save_phases(
        session.id, (replace(phase, status=PhaseStatus.RUNNING),), phase.id
    )
    assert running.status is SessionStatus.RUNNING and running.started_at is not None
    assert running.ended_at is None
    finished = repository.save_phases(session.id, session.phases, None, finish=True)
    assert finished.status is SessionStatus.FINISHED and finished.ended_at is not None
    assert finished.started_at == running.started_at
    assert repository.load_session(session.id).status is SessionStatus.FINISHED


def test_a_note_from_a_phone_stays_one_through_edits_a_stack_and_an_undone_delete(
    repository: SessionRepository, example: Session
):
    from_phone = replace(new_note("Sent from a phone"), via=Via.PHONE)
    typed = new_note("Typed at the laptop")
    repository.board.add_notes(example.id, [from_phone, typed])

    def via_of(note: Note) -> Via:
        return next(n.via for n in repository.load_session(example.id).notes if n.id == note.id)

    assert (via_of(from_phone), via_of(typed)) == (Via.PHONE, Via.LAPTOP)
    edited = replace(from_phone, text="Sent from a phone, edited", x=120)
    repository.board.update_notes(example.id, [edited])
    stacked = replace(edited, merged_into=typed.id)
    repository.stacks.stack_notes(example.id, [stacked])
    assert via_of(from_phone) is Via.PHONE
    removed = repository.board.delete_notes(example.id, [from_phone.id])
    repository.board.restore_notes(example.id, removed)
    (back,) = [n for n in repository.load_session(example.id).notes if n.id == from_phone.id]
    assert back == stacked
