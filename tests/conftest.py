"""Test-wide set-up: headless Qt, and every user path redirected into a temporary folder."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings

if TYPE_CHECKING:
    from app.core.types import Session
    from app.storage.database import Database
    from app.storage.repository import SessionRepository
    from tests.postgres_server import PostgresServer

# Before anything imports Qt: draw offscreen, with no display needed, on one screen of
# the projector's size (1280×720), as the room sees it.
os.environ["QT_QPA_PLATFORM"] = (
    f"offscreen:configfile={Path(__file__).parent / 'fixtures' / 'offscreen-screen.json'}"
)
os.environ.pop("DOTSTORM_DB", None)
_HOME = Path(tempfile.mkdtemp(prefix="dotstorm-test-home-"))
for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
    os.environ[variable] = str(_HOME / variable.lower())
# tesseract (the OCR read-backs) reads the same text on one thread 3-4 times faster than
# with OpenMP's threads, which spin against each other and the tests on a small machine.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

# The fast tier (scripts/test.sh --fast) tries fewer examples of each property; the
# whole run tries Hypothesis's usual hundred. A test that sets its own count keeps it.
settings.register_profile("fast", max_examples=20)
settings.load_profile(os.environ.get("DOTSTORM_HYPOTHESIS_PROFILE", "default"))

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


BACKENDS = ("sqlite", "postgresql")
BOTH_BACKENDS_FOLDERS = ("storage", "cli")
"""Whose tests run on both backends; elsewhere a module opts in with ``both_backends``."""


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only: about the SQLite file itself (its bytes, pages, folder)"
    )
    config.addinivalue_line(
        "markers", "both_backends: run this module's database tests on PostgreSQL too"
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every database test of storage, the CLI and the backlog runs on both backends."""
    if "backend" not in metafunc.fixturenames:
        return
    folder = Path(metafunc.definition.path).relative_to(Path(__file__).parent).parts[0]
    opted_in = folder in BOTH_BACKENDS_FOLDERS or any(
        mark.name == "both_backends" for mark in metafunc.definition.iter_markers()
    )
    file_only = any(mark.name == "sqlite_only" for mark in metafunc.definition.iter_markers())
    backends = BACKENDS if opted_in and not file_only else BACKENDS[:1]
    metafunc.parametrize("backend", backends, indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """Which database the test runs on: ``sqlite`` (a file) or ``postgresql`` (a server)."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """The throwaway PostgreSQL server of this test run, started on first use."""
    from tests.postgres_server import start_server

    server = start_server()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def postgres_template(postgres: PostgresServer) -> str:
    """A database at the newest schema, which each test's database is a copy of."""
    from app.storage.database import open_database

    name = postgres.new_database()
    open_database(postgres.url(name)).close()
    return name


@pytest.fixture
def db_url(request: pytest.FixtureRequest, backend: str, db_path: Path) -> Iterator[str]:
    """The SQLAlchemy URL of the test's own database: :func:`db_path`, or a new one on the
    test run's PostgreSQL server (at the newest schema already, as a team's would be)."""
    if backend == "sqlite":
        yield f"sqlite:///{db_path}"
        return
    server: PostgresServer = request.getfixturevalue("postgres")
    name = server.new_database(request.getfixturevalue("postgres_template"))
    try:
        yield server.url(name)
    finally:
        server.drop_database(name)


@pytest.fixture
def server_url(postgres: PostgresServer, postgres_template: str) -> Iterator[str]:
    """A database of the test's own on the server, for what only a server does."""
    name = postgres.new_database(postgres_template)
    try:
        yield postgres.url(name)
    finally:
        postgres.drop_database(name)


@pytest.fixture
def db_value(backend: str, db_path: Path, db_url: str) -> str:
    """What a user gives ``--db`` for the test's database: the file's path, or the URL."""
    return str(db_path) if backend == "sqlite" else db_url


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
    """A real, migrated database: an SQLite file in a temporary folder, or on the server."""
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
