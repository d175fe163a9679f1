"""Build-on links through the session document's real undo stack, on both databases.

Deleting a note keeps the notes that built on it and marks them as built on a deleted
note, in memory and in the database alike; undo puts every link back, redo takes it
away again; a merge into a stack keeps the links to the merged note; a gesture that
fails half way leaves every link as it was.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtWidgets import QApplication

from app.core.session_format import parse_session_file
from app.core.types import Cluster, Session, new_id
from app.storage.errors import StorageError
from app.storage.repository import SessionRepository
from app.ui.board.commands import DeleteNotesCommand
from app.ui.document import SessionDocument
from tests.conftest import EXAMPLE_FILE

pytestmark = pytest.mark.both_backends


@pytest.fixture
def linked(repository: SessionRepository) -> Session:
    """The spec's example with notes 1 and 2 building on note 0, note 3 on note 1."""
    session = parse_session_file(EXAMPLE_FILE.read_bytes())
    notes = list(session.notes)
    notes[1] = replace(notes[1], builds_on=notes[0].id)
    notes[2] = replace(notes[2], builds_on=notes[0].id)
    notes[3] = replace(notes[3], builds_on=notes[1].id, prompt="Reverse: what if not?")
    session = replace(session, notes=tuple(notes))
    repository.add_session(session)
    return session


def links_in_memory(document: SessionDocument) -> dict[str, tuple[str | None, bool]]:
    notes = {**document.board.notes, **document.board.stacked_notes}
    return {i: (n.builds_on, n.builds_on_deleted) for i, n in notes.items()}


def links_stored(repository: SessionRepository, session_id: str) -> dict[str, object]:
    loaded = SessionRepository.load_session(repository, session_id)
    return {n.id: (n.builds_on, n.builds_on_deleted) for n in loaded.notes}


def test_deleting_what_ideas_built_on_keeps_them_and_undo_puts_the_links_back(
    qapp: QApplication, repository: SessionRepository, linked: Session
):
    document = SessionDocument(repository, linked.id)
    before = links_in_memory(document)
    assert before == links_stored(repository, linked.id)
    root, first, second, third = (n.id for n in linked.notes)
    changed: list[list[str]] = []
    document.notes_changed.connect(lambda notes: changed.append([n.id for n in notes]))
    stack = document.undo_stack
    stack.push(DeleteNotesCommand(document, [root]))
    after = links_in_memory(document)
    assert root not in after
    assert after[first] == after[second] == (None, True)
    assert after[third] == (first, False)  # its own parent stayed
    assert after == links_stored(repository, linked.id)
    assert sorted(changed[-1]) == sorted([first, second])  # the board redraws them
    stack.undo()
    assert links_in_memory(document) == before == links_stored(repository, linked.id)
    stack.redo()
    assert links_in_memory(document) == after == links_stored(repository, linked.id)
    stack.undo()
    assert links_in_memory(document) == before == links_stored(repository, linked.id)
    assert document.board.children_of(root) == [
        document.board.notes[first],
        document.board.notes[second],
    ]


def test_a_note_merged_into_a_stack_is_still_what_its_children_built_on(
    qapp: QApplication, repository: SessionRepository, linked: Session
):
    document = SessionDocument(repository, linked.id)
    top, pairing = linked.notes[2].id, linked.notes[3].id  # the pairing note has no dots
    (child,) = document.board.make_notes(["Pair across departments"], None)
    document.board.add_notes([replace(child, builds_on=pairing)])
    merged = replace(document.board.notes[pairing], merged_into=top)
    document.board.restack([merged])
    assert pairing in document.board.stacked_notes
    assert links_in_memory(document)[child.id] == (pairing, False)
    assert links_stored(repository, linked.id)[child.id] == (pairing, False)
    # Deleting the stack's card takes the stack: the children of both are marked.
    stack = document.undo_stack
    stack.push(DeleteNotesCommand(document, [top]))
    assert links_stored(repository, linked.id)[child.id] == (None, True)
    assert links_in_memory(document)[child.id] == (None, True)
    stack.undo()
    assert links_stored(repository, linked.id)[child.id] == (pairing, False)
    assert links_in_memory(document)[child.id] == (pairing, False)


def test_a_gesture_that_fails_half_way_leaves_every_link(
    qapp: QApplication, repository: SessionRepository, linked: Session
):
    before = links_stored(repository, linked.id)
    with pytest.raises(StorageError), repository.one_transaction():
        repository.board.delete_notes(linked.id, [linked.notes[0].id])
        repository.board.add_cluster("no-such-session", Cluster(new_id(), "X", "#FFD54F"), [])
    assert links_stored(repository, linked.id) == before
