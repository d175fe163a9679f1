"""One window per session on a shared server, and two sessions at once for two laptops."""

from __future__ import annotations

import getpass
import socket
from collections.abc import Iterator

import pytest

from app.core.demo import build_demo_session
from app.core.session_ops import as_template
from app.core.types import Note, new_id, utc_now
from app.storage.database import Database, open_database
from app.storage.errors import HoldLost, SessionHeld
from app.storage.repository import SessionRepository
from app.storage.session_lock import SessionLock, lock_key

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


def end_lock_connections(server_url: str, session_id: str) -> None:
    """The server ends the backend holding a session's lock (a restart, an idle timeout)."""
    import psycopg

    low = (lock_key(session_id) & 0xFFFFFFFFFFFFFFFF) & 0xFFFFFFFF
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid, 5000) FROM pg_locks "
            "WHERE locktype = 'advisory' AND objid = %s",
            (low,),
        )


def notes_of(repository: SessionRepository, session_id: str) -> set[str]:
    return {note.text for note in repository.load_session(session_id).notes}


def a_note(text: str) -> Note:
    return Note(id=new_id(), text=text, color="#fff3a8", x=40, y=40, created_at=utc_now())


@pytest.fixture
def held(
    laptops: tuple[SessionRepository, SessionRepository],
) -> Iterator[tuple[str, SessionLock]]:
    """The demo session, held by the first laptop's window; let go at the end."""
    demo = build_demo_session()
    laptops[0].add_session(demo)
    hold = laptops[0].hold_session(demo.id)
    assert hold is not None
    yield demo.id, hold
    hold.release()


def test_closing_and_reopening_a_session_at_once_works_also_under_load(
    laptops: tuple[SessionRepository, SessionRepository],
):
    """Letting a hold go frees it that moment (unlocked, not only its connection closed)."""
    mine, theirs = laptops
    demo = build_demo_session()
    mine.add_session(demo)
    for turn in range(40):  # two laptops passing one session back and forth, at once
        holder = (mine, theirs)[turn % 2]
        held = holder.hold_session(demo.id)
        assert held is not None
        held.release()


def test_a_window_whose_session_another_laptop_took_over_writes_nothing_more(
    laptops: tuple[SessionRepository, SessionRepository],
    server_url: str,
    held: tuple[str, SessionLock],
):
    mine, theirs = laptops
    session_id, hold = held
    window = mine.for_view(hold)
    window.board.add_notes(session_id, [a_note("Before the network blip")])
    end_lock_connections(server_url, session_id)  # the lock goes with its connection
    taken = theirs.hold_session(session_id)  # and another laptop opens the session at once
    assert taken is not None
    with pytest.raises(HoldLost, match="opened on another laptop") as refused:
        window.board.add_notes(session_id, [a_note("Typed after the other laptop took it")])
    assert refused.value.session_id == session_id
    assert "Typed after the other laptop took it" not in notes_of(theirs, session_id)
    assert "Before the network blip" in notes_of(theirs, session_id)
    with pytest.raises(HoldLost):  # every later write too, whatever it is
        window.set_anonymous_ideas(session_id, True)
    taken.release()
    with pytest.raises(HoldLost):  # even once the other laptop let it go: it changed meanwhile
        window.board.add_notes(session_id, [a_note("Typed once it was free again")])
    hold.acquire()  # taken back on purpose: the window reads it again, then writes
    window.board.add_notes(session_id, [a_note("Typed after taking it back")])
    assert "Typed after taking it back" in notes_of(theirs, session_id)


def test_without_the_fence_the_old_window_would_have_written_into_the_taken_session(
    laptops: tuple[SessionRepository, SessionRepository],
    server_url: str,
    held: tuple[str, SessionLock],
):
    """The control: the same steps, a store that does not check its hold, writes."""
    mine, theirs = laptops
    session_id, _ = held
    unfenced = mine.for_view()
    end_lock_connections(server_url, session_id)
    taken = theirs.hold_session(session_id)
    assert taken is not None
    unfenced.board.add_notes(session_id, [a_note("Written into a session no longer held")])
    assert "Written into a session no longer held" in notes_of(theirs, session_id)
    taken.release()


def test_a_lock_lost_while_nobody_took_the_session_is_taken_back_at_the_next_write(
    laptops: tuple[SessionRepository, SessionRepository],
    server_url: str,
    held: tuple[str, SessionLock],
):
    mine, theirs = laptops
    session_id, hold = held
    first_token = hold.token
    window = mine.for_view(hold)
    end_lock_connections(server_url, session_id)
    window.board.add_notes(
        session_id, [a_note("After a server restart")]
    )  # taken back, then written
    assert hold.token == (first_token or 0) + 1
    assert "After a server restart" in notes_of(theirs, session_id)
    with pytest.raises(SessionHeld):  # held again: the other laptop is refused
        theirs.hold_session(session_id)


def test_the_look_takes_a_lost_lock_back_only_if_nobody_took_the_session(
    laptops: tuple[SessionRepository, SessionRepository],
    server_url: str,
    held: tuple[str, SessionLock],
):
    theirs = laptops[1]
    session_id, hold = held
    end_lock_connections(server_url, session_id)
    taken = theirs.hold_session(session_id)
    assert taken is not None
    taken.release()  # opened and closed on the other laptop while this one was away
    with pytest.raises(HoldLost):
        hold.keep()
    assert hold.lost is not None
    again = theirs.hold_session(session_id)  # the window that lost it holds nothing
    assert again is not None
    again.release()


def test_a_session_held_by_another_real_process_refuses_the_window_that_lost_it(
    laptops: tuple[SessionRepository, SessionRepository],
    server_url: str,
    held: tuple[str, SessionLock],
):
    """The other laptop is a process of its own, holding the session on its connection."""
    import subprocess
    import sys

    mine = laptops[0]
    session_id, hold = held
    window = mine.for_view(hold)
    end_lock_connections(server_url, session_id)
    other = subprocess.Popen(
        [sys.executable, "-m", "tests.other_laptop", server_url, "hold", session_id],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert other.stdout is not None
        assert other.stdout.readline().strip() == "held"
        with pytest.raises(HoldLost):
            window.board.add_notes(session_id, [a_note("Typed while the other laptop holds it")])
        assert "Typed while the other laptop holds it" not in notes_of(mine, session_id)
    finally:
        assert other.stdin is not None and other.stdout is not None
        other.stdin.close()
        other.wait(timeout=60)
        other.stdout.close()
    with pytest.raises(HoldLost):  # let go, but changed meanwhile: taken back on purpose only
        window.board.add_notes(session_id, [a_note("Typed once it was let go")])


def test_a_session_open_on_another_laptop_is_not_deleted_from_under_it(
    laptops: tuple[SessionRepository, SessionRepository], held: tuple[str, SessionLock]
):
    _, theirs = laptops
    session_id, hold = held
    with pytest.raises(SessionHeld, match="it can be deleted once that window is closed"):
        theirs.delete_session(session_id)
    assert theirs.session_exists(session_id)
    hold.release()
    theirs.delete_session(session_id)  # let go: now it may go
    assert not theirs.session_exists(session_id)
