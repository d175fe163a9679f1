"""Test-wide set-up: headless Qt, and every user path redirected into a temporary folder."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from app.core.types import Session
    from app.storage.database import Database
    from app.storage.repository import SessionRepository

# Before anything imports Qt: draw offscreen, with no display needed.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.pop("DOTSTORM_DB", None)
_HOME = Path(tempfile.mkdtemp(prefix="dotstorm-test-home-"))
for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
    os.environ[variable] = str(_HOME / variable.lower())

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLE_FILE = FIXTURES / "example-session.json"


@pytest.fixture
def example_bytes() -> bytes:
    """The spec's example session file, as bytes."""
    return EXAMPLE_FILE.read_bytes()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A path for a fresh database file."""
    return tmp_path / "data" / "dotstorm.sqlite3"


@pytest.fixture
def db_url(db_path: Path) -> str:
    """The SQLAlchemy URL of :func:`db_path`."""
    return f"sqlite:///{db_path}"


@pytest.fixture
def isolated_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    """An environment for subprocesses whose user folders all live in ``tmp_path``."""
    env = dict(os.environ)
    for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[variable] = str(tmp_path / "home" / variable.lower())
    env.pop("DOTSTORM_DB", None)
    yield env


@pytest.fixture
def database(db_url: str) -> Iterator[Database]:
    """A real, migrated SQLite database in a temporary folder."""
    from app.storage.database import open_database

    opened = open_database(db_url)
    yield opened
    opened.close()


@pytest.fixture
def repository(database: Database) -> SessionRepository:
    """The repository over :func:`database`."""
    from app.storage.repository import SessionRepository

    return SessionRepository(database.engine)


def as_given(loaded: Session, given: Session) -> Session:
    """``loaded`` with the goal record storage made for ``given``'s wording taken off.

    Every session with a goal serves a goal record; one stored with only its goal's
    wording gets a record of that title, which the comparison leaves aside.
    """
    if given.goal_record is None and given.goal.strip():
        assert loaded.goal_record is not None
        assert (
            loaded.goal_record.title.rstrip("…").casefold()
            in " ".join(given.goal.split()).casefold()
        )
        return replace(loaded, goal_record=None)
    return loaded
