"""The backlog as queries: pages, sort, search, counts and recognition, on both backends."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from alembic import command

from app.core.backlog import (
    BacklogFilter,
    IdeaStatus,
    distinct_ideas,
    recognition,
)
from app.core.backlog_view import BacklogOrder
from app.core.demo import build_demo_session
from app.core.session_ops import as_template
from app.core.types import FIRST_VERSION, Session
from app.storage.backlog_query import BacklogQuery
from app.storage.database import Database
from app.storage.errors import DatabaseUnavailable
from app.storage.repository import SessionRepository
from app.storage.schema_revision import alembic_config
from app.ui.backlog.models import action_columns, idea_columns

pytestmark = pytest.mark.both_backends

TODAY = date(2026, 11, 23)


def with_texts(session: Session, texts: list[str], hidden: int | None = None) -> Session:
    """``session`` with its first notes saying ``texts`` (the one at ``hidden`` face down)."""
    notes = list(session.notes)
    for number, text in enumerate(texts):
        notes[number] = replace(notes[number], text=text, hidden=number == hidden)
    return replace(session, notes=tuple(notes))


@pytest.fixture
def two_sessions(repository: SessionRepository) -> tuple[Session, Session]:
    demo = build_demo_session(date(2026, 10, 20))
    repository.add_session(demo)
    later = as_template(demo, "Follow-up")
    repository.add_session(later)
    return demo, later


def read_all(query: BacklogQuery, kind: str, order: BacklogOrder, limit: int) -> list[str]:
    """Every id, a page of ``limit`` at a time, each page starting after the last."""
    ids: list[str] = []
    after = None
    for _ in range(100):  # far more pages than there are rows
        if kind == "actions":
            page = query.action_page(BacklogFilter(), TODAY, order, after, limit)
        else:
            page = query.idea_page(BacklogFilter(), order, after, limit)  # type: ignore[assignment]
        ids += [entry.id for entry in page.entries]
        if page.mark is None:
            return ids
        after = page.mark
    raise AssertionError("the pages never end")


@pytest.mark.usefixtures("two_sessions")
def test_pages_read_every_row_once_in_every_order(repository: SessionRepository):
    query = BacklogQuery(repository)
    ideas = distinct_ideas(repository.backlog.idea_entries())
    actions = repository.backlog.action_entries()
    for kind, columns, every in (
        ("ideas", idea_columns(), {i.id for i in ideas}),
        ("actions", action_columns(lambda: TODAY), {a.id for a in actions}),
    ):
        for column in columns:
            for descending in (False, True):
                order = BacklogOrder(column.title, descending)
                whole = read_all(query, kind, order, 1000)
                assert set(whole) == every and len(whole) == len(every)
                assert read_all(query, kind, order, 3) == whole, (kind, order)
    by_dots = query.idea_page(BacklogFilter(), BacklogOrder("Dots", True)).entries
    dots = {i.id: i.dots for i in ideas}
    assert [i.dots for i in by_dots] == sorted(dots.values(), reverse=True)
    assert all(i.dots == dots[i.id] for i in by_dots)


def search(query: BacklogQuery, text: str) -> set[str]:
    return {
        i.text for i in query.idea_page(BacklogFilter(text=text), BacklogOrder("Idea")).entries
    }


def test_text_sorts_without_case_beyond_ascii(repository: SessionRepository, backend):
    texts = ["émile's idea", "Zebra crossing", "ÉLAN for all", "apple pie", "ärger less"]
    session = with_texts(build_demo_session(), texts)
    repository.add_session(session)
    order = BacklogOrder("Idea", False)
    page = BacklogQuery(repository).idea_page(BacklogFilter(), order, None, 500)
    shown = [entry.text for entry in page.entries if entry.text in texts]
    # Upper and lower case sort as one on both ("ÉLAN" beside "émile", in any collation).
    assert shown.index("émile's idea") == shown.index("ÉLAN for all") + 1
    if backend == "sqlite":  # Python's casefold, as every list of the app sorts
        assert shown == sorted(texts, key=str.casefold)


def test_search_finds_words_without_accents_and_substrings(repository: SessionRepository):
    texts = [
        "Un café pour chaque client",
        "Send the invoice sooner",
        "客户服务更快",
        "Zebra crossing",
    ]
    session = with_texts(build_demo_session(), texts, hidden=3)
    repository.add_session(session)
    query = BacklogQuery(repository)
    assert search(query, "cafe") == {texts[0]}
    assert search(query, "CAFÉ pour") == {texts[0]}
    assert search(query, "voic") == {texts[1]}  # inside a word
    assert search(query, "客户服") == {texts[2]}
    assert search(query, "zebra") == set()  # face down: never found
    assert search(query, session.title) == search(query, "")  # the session's title: all


def test_two_chinese_characters_find_a_note_on_a_server(repository: SessionRepository, backend):
    session = with_texts(build_demo_session(), ["客户服务更快"])
    repository.add_session(session)
    found = search(BacklogQuery(repository), "服务")
    assert found == (set() if backend == "sqlite" else {"客户服务更快"})


def indexed(database: Database, word: str) -> int:
    """How many notes the database's own index finds ``word`` in (no other filter)."""
    with database.engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            sql = "SELECT count(*) FROM notes_search WHERE notes_search MATCH ?"
            return int(connection.exec_driver_sql(sql, (word,)).scalar_one())
        sql = "SELECT count(*) FROM notes WHERE search_words @@ to_tsquery('dotstorm_search', %s)"
        return int(connection.exec_driver_sql(sql, (word,)).scalar_one())


def test_the_index_follows_edits_and_notes_turned_face_up_or_down(
    repository: SessionRepository, database: Database
):
    session = with_texts(build_demo_session(), ["Zebra crossing"], hidden=0)
    repository.add_session(session)
    query = BacklogQuery(repository)
    note = session.notes[0]
    assert search(query, "zebra") == set() and indexed(database, "zebra") == 0
    repository.board.update_notes(session.id, [replace(note, hidden=False)])
    assert search(query, "zebra") == {"Zebra crossing"} and indexed(database, "zebra") == 1
    repository.board.update_notes(session.id, [replace(note, hidden=False, text="Giraffe")])
    assert search(query, "zebra") == set() and search(query, "giraf") == {"Giraffe"}
    repository.board.update_notes(session.id, [replace(note, hidden=True, text="Giraffe")])
    assert search(query, "giraffe") == set() and indexed(database, "giraffe") == 0
    repository.board.update_notes(session.id, [replace(note, hidden=False, text="Giraffe")])
    repository.board.delete_notes(session.id, [note.id])
    assert search(query, "giraffe") == set() and indexed(database, "giraffe") == 0


def search_triggers(database: Database) -> list[str]:
    """The SQLite triggers that keep the search indexes current (none on a server)."""
    with database.engine.connect() as connection:
        if connection.dialect.name != "sqlite":
            return []
        sql = "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
        return [n for (n,) in connection.exec_driver_sql(sql) if "_search" in n]


def test_an_import_is_indexed_in_one_go_and_the_index_follows_it_after(
    repository: SessionRepository, database: Database, backend
):
    triggers = search_triggers(database)
    assert len(triggers) == (18 if backend == "sqlite" else 0)
    session = with_texts(build_demo_session(), ["Zebra crossing", "Quokka café"], hidden=1)
    stored = repository.import_session(session)
    again = repository.import_session(session)  # every id taken: renewed
    assert search_triggers(database) == triggers
    query = BacklogQuery(repository)
    assert search(query, "zebra") == {"Zebra crossing"} and indexed(database, "zebra") == 2
    assert search(query, "quokka") == set() and indexed(database, "quokka") == 0  # face down
    assert search(query, "crossi") == {"Zebra crossing"}
    note = again.notes[0]
    repository.board.update_notes(again.id, [replace(note, text="Giraffe")])  # triggers back
    assert indexed(database, "zebra") == 1 and indexed(database, "giraffe") == 1
    assert stored.id != again.id


def test_a_refused_restore_keeps_the_search_triggers(
    repository: SessionRepository, database: Database
):
    demo = build_demo_session()
    repository.add_session(demo)
    triggers = search_triggers(database)
    with pytest.raises(DatabaseUnavailable, match="restore into an empty one"):
        repository.restore_archive([], [], [with_texts(build_demo_session(), ["Zebra"])])
    assert search_triggers(database) == triggers
    repository.board.update_notes(demo.id, [replace(demo.notes[0], text="Zebra crossing")])
    assert indexed(database, "zebra") == 1


def test_counts_and_recognition_are_those_of_the_rows(
    repository: SessionRepository, two_sessions: tuple[Session, Session]
):
    demo, _ = two_sessions
    head, merged = demo.notes[0], demo.notes[1]
    repository.stacks.stack_notes(demo.id, [replace(merged, merged_into=head.id)])
    repository.actions.set_idea_status(head.id, IdeaStatus.ADOPTED, FIRST_VERSION)
    query = BacklogQuery(repository)
    every = repository.backlog.idea_entries()
    listed = distinct_ideas(every)
    for criteria in (BacklogFilter(), BacklogFilter(text=demo.notes[2].text.split()[0])):
        counts = query.idea_counts(criteria)
        wanted: dict[str, int] = {}
        for idea in listed:
            if criteria.accepts_idea(idea):
                wanted[idea.status.value] = wanted.get(idea.status.value, 0) + 1
        assert counts == wanted
        assert query.recognition(criteria) == recognition(
            i for i in every if criteria.accepts_idea(i)
        )
    actions = repository.backlog.action_entries()
    counted = query.action_counts(BacklogFilter(), TODAY)
    assert sum(counted.values()) == len(actions) == query.totals()[0]
    assert query.totals()[1] == len(listed)


def test_autogenerate_leaves_the_search_indexes_be(database: Database):
    config = alembic_config()
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.check(config)  # raises when it would change the schema
