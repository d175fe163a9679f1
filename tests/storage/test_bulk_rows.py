"""Many rows at once, straight to the driver: converted as SQLAlchemy would, on both backends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.core.backlog import IdeaStatus
from app.core.session_format import parse_session_file
from app.core.types import Note, Session, new_id
from app.storage.bulk_rows import insert_rows
from app.storage.database import Database
from app.storage.models import NoteRow
from app.storage.repository import SessionRepository
from tests.conftest import EXAMPLE_FILE


@pytest.fixture
def stored(repository: SessionRepository) -> Session:
    session = parse_session_file(EXAMPLE_FILE.read_bytes())
    repository.add_session(session)
    return session


def _row(session: Session, position: int, **fields: object) -> dict[str, object]:
    row: dict[str, object] = {
        "id": new_id(),
        "session_id": session.id,
        "position": position,
        "created_at": datetime(2026, 11, 30, 23, 30, tzinfo=timezone(timedelta(hours=-5))),
        "text": "Tab\tnewline\nbackslash \\ quote ' and \"",
        "color": "#FFE08A",
        "x": 12.5,
        "y": -3.0,
        "author_id": session.participants[0].id,
        "cluster_id": None,
        "phase_id": None,
        "hidden": True,
        "impact": 4,
        "effort": None,
        "merged_into": None,
        "idea_status": IdeaStatus.SHORTLISTED,
        "carried_from": None,
    }
    return row | fields


def test_rows_read_back_as_the_orm_wrote_them(
    database: Database, repository: SessionRepository, stored: Session
):
    start = len(stored.notes)
    rows = [_row(stored, start + i) for i in range(3)]
    with database.engine.begin() as connection:
        insert_rows(connection, NoteRow, rows)
    loaded = repository.load_session(stored.id)
    assert loaded.notes[start:] == tuple(
        Note(
            id=str(row["id"]),
            text="Tab\tnewline\nbackslash \\ quote ' and \"",
            color="#FFE08A",
            x=12.5,
            y=-3.0,
            created_at=datetime(2026, 12, 1, 4, 30, tzinfo=UTC),  # the same instant, in UTC
            author_id=stored.participants[0].id,
            hidden=True,
            impact=4,
        )
        for row in rows
    )
    assert set(loaded.idea_statuses) >= {(str(row["id"]), "shortlisted") for row in rows}


def test_a_row_the_database_refuses_is_sqlalchemys_error_and_nothing_goes_in(
    database: Database, stored: Session
):
    rows = [_row(stored, 100), _row(stored, 101, impact=9)]  # impact is 1 to 5
    with pytest.raises(IntegrityError), database.engine.begin() as connection:
        insert_rows(connection, NoteRow, rows)
    with database.engine.connect() as connection:
        count = connection.scalar(select(func.count()).select_from(NoteRow))
    assert count == len(stored.notes)


def test_no_rows_is_no_statement(database: Database):
    from sqlalchemy import event

    statements: list[str] = []

    def seen(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        statements.append(statement)

    with database.engine.begin() as connection:
        event.listen(connection, "before_cursor_execute", seen)
        insert_rows(connection, NoteRow, [])
        event.remove(connection, "before_cursor_execute", seen)
    assert statements == []
