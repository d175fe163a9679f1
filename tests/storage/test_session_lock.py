"""One window per session on a shared server, and two sessions at once for two laptops."""

from __future__ import annotations

import getpass
import socket
from collections.abc import Iterator

import pytest

from app.core.demo import build_demo_session
from app.core.session_ops import as_template
from app.storage.database import Database, open_database
from app.storage.errors import SessionHeld
from app.storage.repository import SessionRepository
from app.storage.session_lock import lock_key

pytestmark = pytest.mark.sqlite_only  # on the server (server_url), as only a server has it


@pytest.fixture
def laptops(server_url: str) -> Iterator[tuple[SessionRepository, SessionRepository]]:
    """Two laptops on one server, each with its own engine and connections."""
    first, second = open_database(server_url), open_database(server_url)
    yield SessionRepository(first.engine), SessionRepository(second.engine)
    first.close()
    second.close()


def test_a_second_laptop_is_refused_with_who_holds_the_session(
    laptops: tuple[SessionRepository, SessionRepository],
):
    mine, theirs = laptops
    demo = build_demo_session()
    mine.add_session(demo)
    held = mine.hold_session(demo.id)
    assert held is not None
    with pytest.raises(SessionHeld) as refused:
        theirs.hold_session(demo.id)
    message = str(refused.value)
    assert f"{getpass.getuser()}@{socket.gethostname()}" in message
    assert "another laptop" in message and ", since " in message and "\n" not in message
    held.release()
    again = theirs.hold_session(demo.id)  # let go: the other laptop may open it now
    assert again is not None
    again.release()


def test_two_laptops_run_two_sessions_at_once(
    laptops: tuple[SessionRepository, SessionRepository],
):
    mine, theirs = laptops
    demo = build_demo_session()
    other = as_template(demo, "Second team")
    mine.add_session(demo)
    mine.add_session(other)
    first, second = mine.hold_session(demo.id), theirs.hold_session(other.id)
    assert first is not None and second is not None
    assert first.held() and second.held()
    first.release()
    second.release()


def test_a_laptop_that_drops_off_frees_its_session(server_url: str):
    from sqlalchemy import text

    demo = build_demo_session()
    gone: Database = open_database(server_url)
    SessionRepository(gone.engine).add_session(demo)
    held = SessionRepository(gone.engine).hold_session(demo.id)
    assert held is not None
    admin = open_database(server_url)
    with admin.engine.begin() as connection:  # the server ends the crashed laptop's connection
        connection.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_locks "
                "WHERE locktype = 'advisory' AND objid = :low"
            ),
            {"low": (lock_key(demo.id) & 0xFFFFFFFFFFFFFFFF) & 0xFFFFFFFF},
        )
    assert not held.held()
    taken = SessionRepository(admin.engine).hold_session(demo.id)
    assert taken is not None
    taken.release()
    admin.close()
    gone.close()


def test_sqlite_needs_no_session_lock(repository: SessionRepository):
    demo = build_demo_session()
    repository.add_session(demo)
    assert repository.hold_session(demo.id) is None
