"""One gesture, one transaction: store methods join it, and it commits or rolls back whole."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from app.core.session_format import parse_session_file
from app.core.types import Cluster, Note, Session, new_id
from app.storage.errors import StorageError
from app.storage.repository import SessionRepository
from tests.conftest import EXAMPLE_FILE

NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


@pytest.fixture
def example(repository: SessionRepository) -> Session:
    session = parse_session_file(EXAMPLE_FILE.read_bytes())
    repository.add_session(session)
    return session


def new_note(text: str) -> Note:
    return Note(id=new_id(), text=text, color="#FFE08A", x=0, y=0, created_at=NOW)


def test_every_write_of_a_gesture_is_stored_at_its_end_and_read_back_inside_it(
    repository: SessionRepository, example: Session
):
    note = new_note("Callback instead of hold music")
    cluster = Cluster(new_id(), "Waiting", "#FFD54F")
    other_window = repository.for_view()
    with repository.one_transaction():
        repository.board.add_notes(example.id, [note])
        grouped = replace(note, cluster_id=cluster.id)
        repository.board.add_cluster(example.id, cluster, [grouped])
        # Inside, the gesture reads what it wrote; another window sees none of it yet.
        inside = repository.load_session(example.id)
        assert grouped in inside.notes and cluster in inside.clusters
        assert note.id not in {n.id for n in other_window.load_session(example.id).notes}
    after = other_window.load_session(example.id)
    assert grouped in after.notes and cluster in after.clusters


def test_a_failure_half_way_rolls_the_whole_gesture_back(
    repository: SessionRepository, example: Session
):
    note = new_note("Callback instead of hold music")
    before = repository.load_session(example.id)
    with pytest.raises(StorageError) as refused, repository.one_transaction():
        repository.board.add_notes(example.id, [note])
        repository.board.add_cluster("no-such-session", Cluster(new_id(), "X", "#FFD54F"), [])
    assert repository.load_session(example.id) == before
    # On either database, in words: no driver's constraint name, no "unavailable".
    assert str(refused.value) == (
        "The change refers to something the database no longer holds; nothing was written."
    )


def test_an_error_of_the_gestures_own_code_rolls_back_and_goes_on_as_it_is(
    repository: SessionRepository, example: Session
):
    """A bug between two writes is no database's fault: it is not described as one."""
    before = repository.load_session(example.id)
    with pytest.raises(KeyError, match="not a note"), repository.one_transaction():
        repository.board.add_notes(example.id, [new_note("First")])
        raise KeyError("not a note")
    assert repository.load_session(example.id) == before


def test_what_waits_for_the_commit_is_done_after_it_and_never_after_a_rollback(
    repository: SessionRepository, example: Session
):
    noted: list[str] = []
    repository.when_committed(lambda: noted.append("outside a gesture: at once"))
    assert noted == ["outside a gesture: at once"]
    with repository.one_transaction():
        repository.board.add_notes(example.id, [new_note("Kept")])
        repository.when_committed(lambda: noted.append("committed"))
        with repository.one_transaction():  # an inner gesture joins the outer one
            repository.when_committed(lambda: noted.append("inner, with the outer"))
        assert noted == ["outside a gesture: at once"]
    assert noted[1:] == ["committed", "inner, with the outer"]
    with pytest.raises(RuntimeError), repository.one_transaction():
        repository.when_committed(lambda: noted.append("rolled back"))
        raise RuntimeError("fails")
    assert "rolled back" not in noted
    repository.board.add_notes(example.id, [new_note("Next")])  # a later write notes nothing stale
    assert "rolled back" not in noted
