"""One gesture, one transaction: a failure half-way stores nothing and shows what is stored.

Each test makes a gesture of several steps through the real window, with real keys,
and has the store fail on one of its later writes (as a full disk or a dropped server
would): the database, the board and the undo stack are then found as before the
gesture, and the banner says so in one sentence.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.core import limits
from app.core.session_ops import build_session
from app.core.types import NewSessionSpec, PhaseKind, Session
from app.storage.board_store import BoardStore
from app.storage.errors import StorageError
from app.storage.repository import SessionRepository
from app.storage.stack_store import StackStore
from app.ui import shortcuts as K
from app.ui.error_reporting import install_exception_hook
from app.ui.session_window import SessionWindow
from app.ui.settings import AppSettings
from app.ui.similar.suggest_dialog import SuggestDialog
from tests.ui.board_helpers import type_idea
from tests.ui.conftest import ModalHandler
from tests.ui.windows import open_session

FAILURE = "The server went away."
BANNER = f"Your last change was not saved: {FAILURE} Everything before it is saved."

SPEC = NewSessionSpec(
    title="Fewer calls on hold",
    goal="Answer faster",
    question="How might we cut the wait?",
    participants=(("Maya Chen", "Operations"), ("Jonas Weber", "Support")),
    phases=((PhaseKind.IDEATE, "Ideas", 600), (PhaseKind.CLUSTER, "Cluster", 300)),
)

IDEAS = (
    "Welcome call for new customers",
    "Welcome call in the first week",
    "Handover checklist for the night shift",
    "Shared handover checklist",
)

pytestmark = pytest.mark.qt_no_exception_capture  # the app's own hook reports the failure


@pytest.fixture
def window(qtbot: QtBot, repository: SessionRepository, settings: AppSettings) -> SessionWindow:
    session = build_session(SPEC)
    repository.add_session(session)
    opened = open_session(qtbot, repository, settings, session.id)
    for idea in IDEAS:
        type_idea(qtbot, opened, idea)
    return opened


@pytest.fixture
def reported(window: SessionWindow) -> Iterator[None]:
    """Errors reach the window as they do in the app: through ``sys.excepthook``."""
    previous = install_exception_hook(window.recover_from_error)
    yield
    sys.excepthook = previous


@contextmanager
def failing(
    monkeypatch: pytest.MonkeyPatch, store: type[object], method: str, on_call: int
) -> Iterator[list[int]]:
    """A store's ``method`` works until its ``on_call``-th call in the block, which fails."""
    real = getattr(store, method)
    calls = [0]

    def fail_once(self: object, *args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] == on_call:
            raise StorageError(FAILURE)
        return real(self, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(store, method, fail_once)
        yield calls


def press(qtbot: QtBot, widget: QWidget, keys: str) -> None:
    combination = QKeySequence(keys)[0]  # type: ignore[index]
    qtbot.keyClick(widget, combination.key(), combination.keyboardModifiers())


def stored(repository: SessionRepository, window: SessionWindow) -> Session:
    return repository.load_session(window.document.session_id)


def on_screen(window: SessionWindow) -> dict[str, object]:
    """What the board shows: each card's place and stack, and the clusters' frames."""
    return {
        "cards": {
            note_id: (item.pos().x(), item.pos().y(), item.stack_size)
            for note_id, item in window.scene.note_items.items()
        },
        "clusters": sorted(window.scene.cluster_items),
        "document": window.document.session,
    }


def select_by_text(window: SessionWindow, *texts: str) -> list[str]:
    ids = [note.id for note in window.document.board.notes.values() if note.text in texts]
    window.scene.select_notes(ids)
    window.view.setFocus()
    return ids


def assert_as_before(
    repository: SessionRepository,
    window: SessionWindow,
    database_before: Session,
    screen_before: dict[str, object],
    steps_before: int,
) -> None:
    assert stored(repository, window) == database_before
    assert on_screen(window) == screen_before
    assert window.document.undo_stack.count() == steps_before  # no step for what never was
    assert window.banner.isVisible() and window.banner.text() == BANNER


def make_the_suggested_clusters(
    qtbot: QtBot, window: SessionWindow, when_modal_opens: Callable[[ModalHandler], None]
) -> None:
    def keep_both(dialog: QWidget) -> None:
        assert isinstance(dialog, SuggestDialog)
        assert len(dialog.chosen()) == 2
        qtbot.keyClick(dialog.tree, Qt.Key.Key_Return)

    when_modal_opens(keep_both)
    press(qtbot, window.capture_bar.idea_edit, K.SUGGEST_CLUSTERS.keys[0])


@pytest.mark.usefixtures("reported")
def test_making_two_suggested_clusters_fails_whole_when_the_second_cannot_be_stored(
    qtbot: QtBot,
    window: SessionWindow,
    repository: SessionRepository,
    monkeypatch: pytest.MonkeyPatch,
    when_modal_opens: Callable[[ModalHandler], None],
):
    database_before, screen_before = stored(repository, window), on_screen(window)
    steps = window.document.undo_stack.count()
    with failing(monkeypatch, BoardStore, "add_cluster", on_call=2) as calls:
        make_the_suggested_clusters(qtbot, window, when_modal_opens)
    assert calls == [2]  # the first cluster was written, in the gesture's transaction
    assert_as_before(repository, window, database_before, screen_before, steps)
    # The store works again: the same gesture is one step, and one undo takes it back.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    make_the_suggested_clusters(qtbot, window, when_modal_opens)
    assert len(stored(repository, window).clusters) == 2
    assert window.document.undo_stack.count() == steps + 1


@pytest.mark.usefixtures("reported")
def test_undoing_a_gesture_that_fails_half_way_leaves_it_stored_and_off_the_stack(
    qtbot: QtBot,
    window: SessionWindow,
    repository: SessionRepository,
    monkeypatch: pytest.MonkeyPatch,
    when_modal_opens: Callable[[ModalHandler], None],
):
    make_the_suggested_clusters(qtbot, window, when_modal_opens)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    database_before, screen_before = stored(repository, window), on_screen(window)
    assert len(database_before.clusters) == 2
    steps = window.document.undo_stack.count()
    with failing(monkeypatch, BoardStore, "delete_cluster", on_call=2):
        press(qtbot, window.capture_bar.idea_edit, K.UNDO.keys[0])
    assert_as_before(repository, window, database_before, screen_before, steps - 1)


@pytest.mark.usefixtures("reported")
def test_merging_three_notes_stores_no_half_stack(
    qtbot: QtBot,
    window: SessionWindow,
    repository: SessionRepository,
    monkeypatch: pytest.MonkeyPatch,
):
    select_by_text(window, *IDEAS[:3])
    database_before, screen_before = stored(repository, window), on_screen(window)
    steps = window.document.undo_stack.count()
    with failing(monkeypatch, StackStore, "stack_notes", on_call=2) as calls:
        press(qtbot, window.view, K.MERGE_NOTES.keys[0])
    assert calls == [2]
    assert_as_before(repository, window, database_before, screen_before, steps)


@pytest.mark.usefixtures("reported")
def test_deleting_a_clusters_last_note_keeps_note_and_cluster_when_the_cluster_cannot_go(
    qtbot: QtBot,
    window: SessionWindow,
    repository: SessionRepository,
    monkeypatch: pytest.MonkeyPatch,
):
    select_by_text(window, IDEAS[0])
    press(qtbot, window.view, K.GROUP.keys[0])  # a cluster of one, named at once
    qtbot.keyClicks(window.view.viewport(), "Welcome")
    qtbot.keyClick(window.view.viewport(), Qt.Key.Key_Return)
    select_by_text(window, IDEAS[0])
    database_before, screen_before = stored(repository, window), on_screen(window)
    assert len(database_before.clusters) == 1
    steps = window.document.undo_stack.count()
    # Deleting the note is one step with taking away the cluster it leaves empty.
    with failing(monkeypatch, BoardStore, "delete_cluster", on_call=1) as calls:
        press(qtbot, window.view, K.DELETE_NOTES.keys[0])
    assert calls == [1]
    assert_as_before(repository, window, database_before, screen_before, steps)


def refused_for_size(kind: str, limit: int, have: int) -> str:
    return (
        f"Your last change was not saved: A session holds at most {limit:,} {kind}, and this "
        f"one has {have:,}. Everything before it is saved."
    )


@pytest.mark.usefixtures("reported")
def test_a_session_never_grows_past_its_formats_limit_and_the_typed_idea_stays(
    qtbot: QtBot,
    window: SessionWindow,
    repository: SessionRepository,
    monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.setattr(limits, "MAX_NOTES", len(IDEAS) + 1)
    QApplication.clipboard().setText("Two more\nlines pasted")
    database_before, screen_before = stored(repository, window), on_screen(window)
    steps = window.document.undo_stack.count()
    idea = window.capture_bar.idea_edit
    qtbot.keyClick(idea, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert window.banner.text() == refused_for_size("notes", len(IDEAS) + 1, len(IDEAS))
    assert stored(repository, window) == database_before and on_screen(window) == screen_before
    assert window.document.undo_stack.count() == steps
    type_idea(qtbot, window, "The last one that fits")
    assert len(stored(repository, window).notes) == len(IDEAS) + 1
    qtbot.keyClicks(idea, "One too many")
    qtbot.keyClick(idea, Qt.Key.Key_Return)
    assert window.banner.text() == refused_for_size("notes", len(IDEAS) + 1, len(IDEAS) + 1)
    assert idea.text() == "One too many"  # nothing the room said is thrown away
    assert len(stored(repository, window).notes) == len(IDEAS) + 1


@pytest.mark.usefixtures("reported")
def test_suggested_clusters_past_the_limit_are_refused_whole(
    qtbot: QtBot,
    window: SessionWindow,
    repository: SessionRepository,
    monkeypatch: pytest.MonkeyPatch,
    when_modal_opens: Callable[[ModalHandler], None],
):
    monkeypatch.setattr(limits, "MAX_CLUSTERS", 1)
    database_before, screen_before = stored(repository, window), on_screen(window)
    steps = window.document.undo_stack.count()
    make_the_suggested_clusters(qtbot, window, when_modal_opens)
    assert window.banner.text() == refused_for_size("clusters", 1, 1)
    assert stored(repository, window) == database_before and on_screen(window) == screen_before
    assert window.document.undo_stack.count() == steps
