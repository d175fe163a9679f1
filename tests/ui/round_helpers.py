"""A session with authored ideas, and a round of any kind set up through the real dialog."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QInputDialog, QWidget
from pytestqt.qtbot import QtBot

from app.core.session_ops import build_session
from app.core.types import (
    NewSessionSpec,
    Note,
    PhaseKind,
    RoundKind,
    Session,
    VoteRound,
    new_id,
    utc_now,
)
from app.storage.repository import SessionRepository
from app.ui import shortcuts as K
from app.ui.session_window import SessionWindow
from app.ui.voting.round_dialog import KINDS, RoundDialog

Arrange = Callable[[Callable[[QWidget], None]], None]
PEOPLE = (("Ann", "Sales"), ("Bo", "Sales"), ("Cy", "Support"))
IDEAS = (
    ("Welcome call", "Ann"),
    ("Checklist", "Bo"),
    ("Pre-filled accounts", "Cy"),
    ("Video tour", "Ann"),
    ("A buddy for week one", "Bo"),
    ("Office hours", "Cy"),
    ("Templates to copy", "Ann"),
    ("A status page", "Bo"),
)
"""Who wrote what: Ann's own ideas are the welcome call, the video tour and the templates."""


def authored_session(
    repository: SessionRepository,
    ideas: int = 4,
    participants: tuple[tuple[str, str], ...] = PEOPLE,
) -> Session:
    """A session about to vote, with ``ideas`` ideas in a row on the board, each by someone."""
    made = build_session(
        NewSessionSpec(
            title="Faster onboarding",
            question="How might we halve onboarding time?",
            participants=participants,
            phases=((PhaseKind.IDEATE, "Ideate", 600), (PhaseKind.VOTE, "Vote", 300)),
        )
    )
    people = {p.name: p.id for p in made.participants}
    notes = tuple(
        Note(new_id(), text, "#FFE08A", 40 + 260 * i, 100, utc_now(), author_id=people[author])
        for i, (text, author) in enumerate(IDEAS[:ideas])
    )
    session = replace(made, notes=notes)
    repository.add_session(session)
    return session


def person(window: SessionWindow, name: str) -> str:
    """The id of the participant called ``name``."""
    return next(p.id for p in window.document.people.values() if p.name == name)


def note_id(window: SessionWindow, text: str) -> str:
    """The id of the note that says ``text``."""
    return next(n.id for n in window.document.board.notes.values() if n.text == text)


def stored_round(repository: SessionRepository, window: SessionWindow) -> VoteRound:
    """The session's newest round, as the database has it."""
    return repository.load_session(window.document.session_id).vote_rounds[-1]


def activate(qtbot: QtBot, window: SessionWindow) -> None:
    """Offscreen Qt does not hand activation back after a dialog."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def start_round(
    qtbot: QtBot,
    window: SessionWindow,
    when_modal_opens: Arrange,
    kind: RoundKind,
    *,
    arrange: Callable[[RoundDialog], None] = lambda _dialog: None,
    shuffle: bool = False,
    no_self_votes: bool = False,
) -> None:
    """Ctrl+Shift+V, the kind chosen with the keyboard, ``arrange`` for the rest, Start."""

    def set_up(dialog: QWidget) -> None:
        assert isinstance(dialog, RoundDialog)
        try:
            answer(dialog)
        except BaseException:
            dialog.reject()  # the test fails here, not in a dialog left open for ever
            raise

    def answer(dialog: RoundDialog) -> None:
        dialog.kind_combo.setFocus()
        wanted = [k for k, _ in KINDS].index(kind)
        while dialog.kind_combo.currentIndex() != wanted:
            qtbot.keyClick(dialog.kind_combo, Qt.Key.Key_Down)
        for box, on in ((dialog.shuffle_box, shuffle), (dialog.no_self_box, no_self_votes)):
            if box.isChecked() != on:
                box.setFocus()
                qtbot.keyClick(box, Qt.Key.Key_Space)
        arrange(dialog)
        buttons = dialog.findChild(QDialogButtonBox)
        assert buttons is not None
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible(), dialog.error_label.text()

    activate(qtbot, window)
    when_modal_opens(set_up)
    qtbot.keyClick(
        QApplication.focusWidget() or window,
        Qt.Key.Key_V,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert K.VOTE.keys == ("Ctrl+Shift+V",)
    assert window.voting.currentWidget() is window.voting.curtain
    activate(qtbot, window)


def open_ballot(qtbot: QtBot, window: SessionWindow, name: str) -> QWidget:
    """Click a voter's name on the curtain; the ballot page that opens."""
    qtbot.mouseClick(
        window.voting.curtain.name_buttons[person(window, name)], Qt.MouseButton.LeftButton
    )
    page = window.voting.currentWidget()
    assert page is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page)
    return page


def press(qtbot: QtBot, widget: QWidget, keys: str) -> None:
    """Each character a key: digits, and ``<`` ``>`` ``^`` ``v`` for arrows, ``x`` Backspace."""
    named = {
        "<": Qt.Key.Key_Left,
        ">": Qt.Key.Key_Right,
        "^": Qt.Key.Key_Up,
        "v": Qt.Key.Key_Down,
        "x": Qt.Key.Key_Backspace,
        "!": Qt.Key.Key_Return,
    }
    for char in keys:
        key = named.get(char) or Qt.Key(Qt.Key.Key_0.value + int(char))
        qtbot.keyClick(widget, key)


def let_vote_again(
    qtbot: QtBot, window: SessionWindow, when_modal_opens: Arrange, name: str
) -> None:
    """The curtain's *Vote again…*, answered with ``name``."""

    def pick(dialog: QWidget) -> None:
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue(name)
        dialog.accept()

    when_modal_opens(pick)
    qtbot.mouseClick(window.voting.curtain.redo_button, Qt.MouseButton.LeftButton)


def press_undo(qtbot: QtBot, window: SessionWindow) -> None:
    """Ctrl+Z in the window (Edit → Undo)."""
    activate(qtbot, window)
    qtbot.keyClick(
        QApplication.focusWidget() or window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier
    )
