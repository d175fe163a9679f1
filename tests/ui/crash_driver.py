"""A facilitator at the keyboard of the real Dotstorm window, for the crash test.

Run as ``python -m tests.ui.crash_driver DB SESSION_ID SEED SETTINGS_INI`` from the
project folder. It starts Dotstorm as ``dotstorm --db DB --open SESSION_ID`` does,
then captures notes, nudges them, groups them and runs a dot vote, each with the keys
a facilitator presses (QTest sends real key events through the event loop).

Before each step it prints ``{"begin": N, "op": ...}``; once the window shows the
step done, with no "not saved" banner, it prints ``{"ack": N, "shown": ...}`` with
everything the window shows: every note (text, place, cluster), cluster, round, dot
and finished ballot. The test kills it at any moment and compares the database with
the last state acknowledged.
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from app.ui.application import start_application
from app.ui.library.window import LibraryWindow
from app.ui.look import configure_application
from app.ui.session_window import SessionWindow
from app.ui.settings import AppSettings

BOARD_STEPS = 40
PATIENCE_S = 20.0


class Stuck(Exception):
    """The window did not show what a step should have shown."""


def wait_until(condition: Callable[[], object], what: str) -> None:
    """Let the event loop run until ``condition`` holds, as a person waits for the screen."""
    deadline = time.monotonic() + PATIENCE_S
    while not condition():
        if time.monotonic() > deadline:
            raise Stuck(f"the window never showed {what}")
        QApplication.processEvents()
        time.sleep(0.001)


def report(line: dict[str, Any]) -> None:
    """One JSON line on stdout, flushed, so that the test reads it before any kill."""
    print(json.dumps(line), flush=True)


def shown(window: SessionWindow) -> dict[str, Any]:
    """Everything the session window shows that the database must hold."""
    document = window.document
    assert set(window.scene.note_items) == set(document.board.notes)
    return {
        "notes": {
            note.id: [note.text, note.x, note.y, note.cluster_id]
            for note in document.board.notes.values()
        },
        "clusters": {cluster.id: cluster.title for cluster in document.board.clusters.values()},
        "rounds": {
            vote_round.id: {
                "dots": sorted([d.voter_id, d.item_id, d.count] for d in vote_round.dots),
                "finished": sorted(vote_round.finished_voter_ids),
            }
            for vote_round in document.voting.vote_rounds
        },
    }


class Facilitator:
    """Presses the keys, one step at a time, and says what the window showed."""

    def __init__(self, window: SessionWindow, rng: random.Random) -> None:
        self.window = window
        self.rng = rng
        self.step = 0

    def do(self, op: str, action: Callable[[], None], **detail: Any) -> None:
        report({"begin": self.step, "op": op, **detail})
        action()
        if self.window.banner.isVisible():
            raise Stuck(f"a banner instead of step {self.step} ({op})")
        report({"ack": self.step, "op": op, "shown": shown(self.window)})
        self.step += 1

    def run(self) -> None:
        for number in range(BOARD_STEPS):
            notes = list(self.window.document.board.notes.values())
            loose = [n.id for n in notes if n.cluster_id is None]
            chance = self.rng.random()
            if notes and chance < 0.25:
                note_id = self.rng.choice(notes).id
                self.do("move", partial(self.nudge, note_id), note=note_id)
            elif len(loose) >= 4 and chance < 0.4:
                pair = loose[-2:]
                title = f"Group {number}"
                self.do("group", partial(self.group, pair, title), notes=pair, title=title)
            else:
                text = f"Idea {number} from the room"
                self.do("add", partial(self.capture, text), text=text)
        self.do("round", self.open_round)
        open_round = self.window.document.voting.open_round()
        assert open_round is not None
        for voter in list(self.window.voting.curtain.name_buttons):
            self.vote(voter, open_round.dots_per_voter)

    def press(
        self, widget: QWidget, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier
    ) -> None:
        QTest.keyClick(widget, key, modifiers)

    def board_keyboard(self) -> None:
        """F6 until the board has the keyboard, as the status bar teaches."""
        for _ in range(8):
            if self.window.view.hasFocus():
                return
            self.press(QApplication.focusWidget() or self.window, Qt.Key.Key_F6)
        wait_until(self.window.view.hasFocus, "the board with the keyboard")

    def capture(self, text: str) -> None:
        edit = self.window.capture_bar.idea_edit
        if not edit.hasFocus():
            QTest.mouseClick(edit, Qt.MouseButton.LeftButton)
        before = set(self.window.scene.note_items)
        QTest.keyClicks(edit, text)
        self.press(edit, Qt.Key.Key_Return)
        wait_until(
            lambda: any(
                self.window.document.board.notes[i].text == text
                for i in set(self.window.scene.note_items) - before
            ),
            f"the note {text!r}",
        )

    def put_keyboard_on(self, note_id: str) -> None:
        keyboard = self.window.view.keyboard
        assert keyboard is not None
        for _ in range(len(self.window.document.board.notes) + 1):
            if keyboard.note_id == note_id:
                return
            self.press(self.window.view, Qt.Key.Key_Tab)
        raise Stuck(f"Tab never reached note {note_id}")

    def select_only(self, note_ids: list[str]) -> None:
        self.board_keyboard()
        items = self.window.scene.note_items
        unwanted = [i for i in self.window.scene.selected_note_ids() if i not in note_ids]
        for note_id in unwanted + note_ids:
            if items[note_id].isSelected() != (note_id in note_ids):
                self.put_keyboard_on(note_id)
                self.press(self.window.view, Qt.Key.Key_Space)  # in or out of the selection
        wait_until(
            lambda: sorted(self.window.scene.selected_note_ids()) == sorted(note_ids),
            "the selection",
        )

    def nudge(self, note_id: str) -> None:
        before = self.window.document.board.notes[note_id]
        self.select_only([note_id])
        self.press(self.window.view, self.rng.choice([Qt.Key.Key_Right, Qt.Key.Key_Down]))
        wait_until(
            lambda: (
                (
                    self.window.document.board.notes[note_id].x,
                    self.window.document.board.notes[note_id].y,
                )
                != (before.x, before.y)
            ),
            "the note nudged",
        )

    def group(self, note_ids: list[str], title: str) -> None:
        self.select_only(note_ids)
        self.press(self.window.view, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
        wait_until(lambda: self.window.scene.editor is not None, "the cluster's name field")
        viewport = self.window.view.viewport()
        QTest.keyClicks(viewport, title)
        self.press(viewport, Qt.Key.Key_Return)
        wait_until(
            lambda: title in {c.title for c in self.window.document.board.clusters.values()},
            f"the cluster {title!r}",
        )

    def open_round(self) -> None:
        def start_it() -> None:
            dialog = QApplication.activeModalWidget()
            if dialog is None:
                QTimer.singleShot(10, start_it)
                return
            self.press(dialog, Qt.Key.Key_Return)  # "Start the round" is the default

        QTimer.singleShot(10, start_it)
        self.press(
            QApplication.focusWidget() or self.window,
            Qt.Key.Key_V,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
        curtain = self.window.voting.curtain
        wait_until(lambda: self.window.voting.currentWidget() is curtain, "the curtain")
        self.window.activateWindow()  # a window manager hands the keyboard back

    def vote(self, voter: str, dots: int) -> None:
        voting = self.window.voting
        button = voting.curtain.name_buttons[voter]

        def open_ballot() -> None:
            wait_until(self.window.isActiveWindow, "the window active")
            button.setFocus(Qt.FocusReason.TabFocusReason)
            self.press(button, Qt.Key.Key_Space)
            wait_until(lambda: voting.currentWidget() is voting.ballot, "the ballot")

        self.do("open ballot", open_ballot, voter=voter)
        page = voting.ballot
        picks = sorted(self.rng.sample(range(len(page.cards)), min(dots, len(page.cards))))
        at = 0
        for pick in picks:
            while at < pick:
                self.press(page.cards[at], Qt.Key.Key_Right)
                at += 1
            card = page.cards[at]
            placed = page.ballot.used
            wait_until(card.hasFocus, "the card with the keyboard")
            self.do(
                "dot",
                partial(self.place_dot, card, placed),
                voter=voter,
                item=card.item_id,
            )
        self.do("done", partial(self.finish, voter), voter=voter)

    def place_dot(self, card: QWidget, placed: int) -> None:
        self.press(card, Qt.Key.Key_Space)
        wait_until(lambda: self.window.voting.ballot.ballot.used == placed + 1, "the dot")

    def finish(self, voter: str) -> None:
        voting = self.window.voting
        self.press(QApplication.focusWidget() or voting.ballot, Qt.Key.Key_Return)
        wait_until(
            lambda: (
                voting.currentWidget() is voting.curtain
                and not voting.curtain.name_buttons[voter].isEnabled()
            ),
            "the curtain after Done",
        )


def main(argv: list[str]) -> int:
    """Start Dotstorm on the session, drive it, and return 0 when every step was shown."""
    db, session_id, seed, settings_file = argv
    application = QApplication([sys.argv[0]])
    configure_application(application)
    settings = AppSettings(QSettings(settings_file, QSettings.Format.IniFormat))
    library, loader = start_application(db, settings=settings, open_reference=session_id)
    outcome: list[int] = []

    def drive() -> None:
        try:
            window = opened(library, session_id)
            Facilitator(window, random.Random(int(seed))).run()
            report({"finished": True})
            outcome.append(0)
        except Stuck as stuck:
            report({"stuck": str(stuck)})
            outcome.append(3)
        application.quit()

    QTimer.singleShot(0, drive)
    application.exec()
    loader.close()
    return outcome[0] if outcome else 4


def opened(library: LibraryWindow, session_id: str) -> SessionWindow:
    """The session window ``--open`` put up, once it has the keyboard."""
    wait_until(
        lambda: library.attached and session_id in library.sessions.open_windows(),
        "the session window",
    )
    window = library.sessions.open_windows()[session_id]
    window.activateWindow()
    wait_until(window.isActiveWindow, "the session window active")
    return window


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
