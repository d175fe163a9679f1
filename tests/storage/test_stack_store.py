"""Stacks in storage: merged notes keep everything, refuse dots, and "not the same" stays."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.core.backlog import IdeaStatus
from app.core.session_format import parse_session_file
from app.core.session_ops import with_fresh_ids
from app.core.types import FIRST_VERSION, Session
from app.storage.database import Database
from app.storage.errors import NoteHasDots
from app.storage.repository import SessionRepository
from tests.conftest import EXAMPLE_FILE

PAIRING = 3  # the example's one note without dots
FAQ = 2


@pytest.fixture
def example(repository: SessionRepository) -> Session:
    session = parse_session_file(EXAMPLE_FILE.read_bytes())
    repository.add_session(session)
    return session


def test_a_merged_note_is_stored_with_its_text_and_author_and_taken_out_again(
    repository: SessionRepository, example: Session
):
    pairing, faq = example.notes[PAIRING], example.notes[FAQ]
    repository.stacks.stack_notes(example.id, [replace(pairing, merged_into=faq.id)])
    stored = repository.load_session(example.id).notes[PAIRING]
    assert stored == replace(pairing, merged_into=faq.id)
    repository.stacks.stack_notes(example.id, [pairing])
    assert repository.load_session(example.id).notes[PAIRING] == pairing


def test_a_note_with_dots_is_refused_and_nothing_changes(
    repository: SessionRepository, example: Session
):
    faq, pairing = example.notes[FAQ], example.notes[PAIRING]
    before = repository.load_session(example.id)
    with pytest.raises(NoteHasDots, match="would lose them"):
        repository.stacks.stack_notes(
            example.id, [replace(pairing, text="moved too"), replace(faq, merged_into=pairing.id)]
        )
    assert repository.load_session(example.id) == before


def test_deleting_a_stacks_top_leaves_its_notes_as_cards(
    repository: SessionRepository, example: Session
):
    pairing, faq = example.notes[PAIRING], example.notes[FAQ]
    repository.stacks.stack_notes(example.id, [replace(pairing, merged_into=faq.id)])
    repository.board.delete_notes(example.id, [faq.id])
    left = {note.id: note for note in repository.load_session(example.id).notes}
    assert left[pairing.id].merged_into is None


def test_a_file_with_a_stack_imports_in_any_order_and_exports_the_same(
    repository: SessionRepository, example: Session
):
    """The stacked note comes before its top in the file: the check waits for the commit."""
    first, last = example.notes[0], example.notes[PAIRING]
    stacked = replace(
        example,
        id="0b0b0b0b-0000-4000-8000-000000000001",
        notes=(replace(first, merged_into=last.id), *example.notes[1:]),
        vote_rounds=(),
    )
    fresh = with_fresh_ids(stacked, set(example.all_ids()))
    repository.add_session(fresh)
    loaded = repository.load_session(fresh.id)
    assert loaded.notes[0].merged_into == loaded.notes[PAIRING].id
    assert loaded.notes == fresh.notes


def test_not_the_same_is_remembered_whichever_way_round_and_forgotten_on_undo(
    repository: SessionRepository, example: Session
):
    a, b = example.notes[0].id, example.notes[1].id
    repository.stacks.dismiss_pair(example.id, b, a)
    repository.stacks.dismiss_pair(example.id, a, b)  # said twice: still one
    assert repository.stacks.dismissed_pairs(example.id) == {tuple(sorted((a, b)))}
    repository.stacks.undismiss_pair(example.id, a, b)
    assert repository.stacks.dismissed_pairs(example.id) == set()


def test_deleting_the_session_forgets_its_dismissed_pairs(
    repository: SessionRepository, example: Session, database: Database
):
    repository.stacks.dismiss_pair(example.id, example.notes[0].id, example.notes[1].id)
    repository.delete_session(example.id)
    with database.engine.connect() as connection:
        left = connection.exec_driver_sql("SELECT count(*) FROM similarity_dismissals").scalar()
    assert left == 0


def test_the_backlog_lists_a_stacked_note_with_its_stacks_status(
    repository: SessionRepository, example: Session
):
    pairing, faq = example.notes[PAIRING], example.notes[FAQ]
    repository.stacks.stack_notes(example.id, [replace(pairing, merged_into=faq.id)])
    repository.actions.set_idea_status(faq.id, IdeaStatus.ADOPTED, FIRST_VERSION)
    ideas = {idea.id: idea for idea in repository.backlog.idea_entries()}
    assert ideas[pairing.id].stacked_on == faq.id
    assert ideas[pairing.id].status is IdeaStatus.ADOPTED  # adopted with its stack
    assert ideas[faq.id].stacked_on is None
