"""Migration 0014 and the stored build-on links, prompts and phase techniques.

A database at 0013 held no links, prompts nor techniques: after the upgrade every note
builds on nothing and every phase runs no technique, on SQLite and on a server alike.
What is stored reads back whole, through an import and a note added on the board.
Deleting a note keeps the notes that built on it, clears their links and marks them
as built on a deleted note (a link always names a note that exists); putting it back
restores every link exactly.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from app.core.demo import build_demo_session
from app.core.session_format import dump_session, parse_session_file
from app.core.session_ops import board_copy
from app.core.types import Note, Session, Technique, TechniqueSettings, new_id
from app.storage.database import open_database
from app.storage.repository import SessionRepository
from tests.storage.test_via_migration import down_to

SETTINGS = TechniqueSettings.of({"rounds": 6, "minutes": 5, "note": "pass to the left"})


def with_links(session: Session) -> Session:
    """``session`` with a chain of build-ons (1 on 0, 2 on 1, 3 on 1), a prompt and a
    technique on its first phase."""
    notes = list(session.notes)
    notes[1] = replace(notes[1], builds_on=notes[0].id, prompt="Substitute: what instead?")
    notes[2] = replace(notes[2], builds_on=notes[1].id)
    notes[3] = replace(notes[3], builds_on=notes[1].id)
    first, *rest = session.phases
    phase = replace(first, technique=Technique.SCAMPER, technique_settings=SETTINGS)
    return replace(session, notes=tuple(notes), phases=(phase, *rest))


def links(session: Session) -> dict[str, tuple[str | None, bool, str]]:
    return {n.id: (n.builds_on, n.builds_on_deleted, n.prompt) for n in session.notes}


def test_links_prompts_and_techniques_read_back_whole(repository: SessionRepository):
    session = with_links(build_demo_session())
    repository.add_session(session)
    loaded = repository.load_session(session.id)
    assert links(loaded) == links(session)
    assert loaded.phases == session.phases
    # And through a session file, imported as a new session.
    copy = parse_session_file(dump_session(loaded))
    assert links(copy) == links(session)


def test_a_note_added_on_the_board_keeps_its_link_and_prompt(repository: SessionRepository):
    session = build_demo_session()
    repository.add_session(session)
    parent = session.notes[0]
    child = Note(
        id=new_id(),
        text="A checklist per department",
        color="#FFE08A",
        x=10,
        y=10,
        created_at=parent.created_at,
        builds_on=parent.id,
        prompt="Adapt: what else is like this?",
    )
    repository.board.add_notes(session.id, [child])
    stored = {n.id: n for n in repository.load_session(session.id).notes}[child.id]
    assert (stored.builds_on, stored.prompt) == (parent.id, "Adapt: what else is like this?")
    repository.board.update_notes(session.id, [replace(stored, builds_on=None)])
    stored = {n.id: n for n in repository.load_session(session.id).notes}[child.id]
    assert stored.builds_on is None and stored.prompt == "Adapt: what else is like this?"


def test_deleting_a_note_keeps_its_children_and_undo_puts_the_links_back(
    repository: SessionRepository,
):
    session = with_links(build_demo_session())
    repository.add_session(session)
    parent = session.notes[1]
    removed = repository.board.delete_notes(session.id, [parent.id])
    loaded = repository.load_session(session.id)
    by_id = {n.id: n for n in loaded.notes}
    assert parent.id not in by_id
    for child in (session.notes[2], session.notes[3]):
        assert (by_id[child.id].builds_on, by_id[child.id].builds_on_deleted) == (None, True)
    # What the session file says stays true: every link names a note of the session.
    assert parse_session_file(dump_session(loaded)) is not None
    repository.board.restore_notes(session.id, removed)
    assert links(repository.load_session(session.id)) == links(session)


def test_a_note_and_its_child_deleted_together_come_back_together(
    repository: SessionRepository,
):
    session = with_links(build_demo_session())
    repository.add_session(session)
    gone = [session.notes[2].id, session.notes[1].id]  # the child first
    removed = repository.board.delete_notes(session.id, gone)
    by_id = {n.id: n for n in repository.load_session(session.id).notes}
    assert by_id[session.notes[3].id].builds_on_deleted
    repository.board.restore_notes(session.id, removed)
    assert links(repository.load_session(session.id)) == links(session)


def test_a_note_put_back_after_what_it_built_on_went_says_so(repository: SessionRepository):
    session = with_links(build_demo_session())
    repository.add_session(session)
    child, parent = session.notes[2], session.notes[1]
    removed_child = repository.board.delete_notes(session.id, [child.id])
    repository.board.delete_notes(session.id, [parent.id])
    repository.board.restore_notes(session.id, removed_child)
    back = {n.id: n for n in repository.load_session(session.id).notes}[child.id]
    assert (back.builds_on, back.builds_on_deleted) == (None, True)


def test_a_database_at_0013_upgrades_with_no_links_nor_techniques(db_url: str):
    session = build_demo_session()
    database = open_database(db_url)
    try:
        SessionRepository(database.engine).add_session(session)
        down_to(database.engine, "0013")
        columns = inspect(database.engine)
        note_columns = {c["name"] for c in columns.get_columns("notes")}
        assert not {"builds_on", "builds_on_deleted", "prompt"} & note_columns
        phase_columns = {c["name"] for c in columns.get_columns("phases")}
        assert not {"technique", "technique_settings"} & phase_columns
    finally:
        database.close()

    upgraded = open_database(db_url)
    try:
        loaded = SessionRepository(upgraded.engine).load_session(session.id)
        assert len(loaded.notes) == len(session.notes)
        assert all(n.builds_on is None and not n.builds_on_deleted for n in loaded.notes)
        assert all(n.prompt == "" for n in loaded.notes)
        assert all(p.technique is Technique.NONE for p in loaded.phases)
        assert all(p.technique_settings == TechniqueSettings() for p in loaded.phases)
        # The new columns work after the upgrade: links and a technique are stored.
        repository = SessionRepository(upgraded.engine)
        fresh = board_copy(with_links(build_demo_session()))
        repository.add_session(fresh)
        stored = repository.load_session(fresh.id)
        assert links(stored) == links(fresh)
        assert stored.phases[0].technique_settings == SETTINGS
    finally:
        upgraded.close()


@pytest.mark.parametrize(
    ("statement"),
    [
        "UPDATE phases SET technique = 'six_hats'",
        "UPDATE notes SET builds_on = '11111111-2222-4333-8444-555555555555'",
    ],
    ids=["an unknown technique", "a link to no note"],
)
def test_the_database_refuses_what_no_session_holds(db_url: str, statement: str):
    session = with_links(build_demo_session())
    database = open_database(db_url)
    try:
        SessionRepository(database.engine).add_session(session)
        with pytest.raises(IntegrityError), database.engine.begin() as connection:
            connection.execute(text(statement))
        loaded = SessionRepository(database.engine).load_session(session.id)
        assert links(loaded) == links(session)
        assert loaded.phases == session.phases
    finally:
        database.close()


def test_the_backlog_says_what_each_idea_builds_on(repository: SessionRepository):
    session = with_links(build_demo_session())
    repository.add_session(session)
    root, first = session.notes[0], session.notes[1]
    repository.board.delete_notes(session.id, [first.id])
    ideas = {i.id: i for i in repository.backlog.idea_entries()}
    words = " ".join(root.text.split()[:6])
    assert ideas[session.notes[2].id].builds_on == "a deleted note"
    assert ideas[root.id].builds_on == ""
    assert all(
        ideas[n.id].builds_on == "" for n in session.notes[4:] if n.id in ideas and not n.builds_on
    )
    relinked = replace(session.notes[3], builds_on=root.id, builds_on_deleted=False)
    repository.board.update_notes(session.id, [relinked])
    ideas = {i.id: i for i in repository.backlog.idea_entries()}
    assert ideas[relinked.id].builds_on.startswith(f"“{words}")
