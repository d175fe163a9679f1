"""Storage fixtures: a real SQLite file through the real engine and migrations."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.storage.database import Database, open_database
from app.storage.repository import SessionRepository


@pytest.fixture
def database(db_url: str) -> Iterator[Database]:
    opened = open_database(db_url)
    yield opened
    opened.close()


@pytest.fixture
def repository(database: Database) -> SessionRepository:
    return SessionRepository(database.engine)
