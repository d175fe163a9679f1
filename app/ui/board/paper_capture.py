"""Typing up 6-3-5's paper sheets: a sheet at a time, each idea on the one before it.

In a 6-3-5 capture phase (:func:`app.core.techniques.brainwriting_notes.paper_slots`)
the capture bar names the slot ("Sheet 2, round 3, written by Ana"), chooses its
writer and builds on the sheet's previous idea. Enter adds the note (one undo step, as
ever) and, once the slot has its ideas, moves on; Enter on an empty box moves on to the
next slot. The place follows from the notes typed and the slot skipped to, kept in
the phase's settings (``skipped_to``) as soon as Enter moves on, so a reopened session
is at the same slot, a skipped one included.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, Signal

from app.core.build_on import first_words
from app.core.techniques.brainwriting import BrainwritingSettings, sheet_name
from app.core.techniques.brainwriting_notes import paper_idea, recorded
from app.core.techniques.brainwriting_phase import (
    CapturePlace,
    capture_place,
    phase_ideas,
    phase_settings,
    sheet_people,
)
from app.core.types import Note, Phase
from app.ui.board.controller import BoardController
from app.ui.capture_bar import CaptureBar
from app.ui.document import SessionDocument
from app.ui.timer.brainwriting import store_settings

ALL_TYPED = "Every sheet is typed up: move on to the next phase (N)."


class PaperCapture(QObject):
    """The paper capture's place, shown in the capture bar; takes Enter while it runs."""

    message = Signal(str)

    def __init__(
        self,
        document: SessionDocument,
        bar: CaptureBar,
        board: BoardController,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._document = document
        self._bar = bar
        self._board = board
        for signal in (
            document.notes_added,
            document.notes_removed,
            document.notes_changed,
        ):
            signal.connect(self.refresh)
        document.agenda_changed.connect(self.refresh)
        document.reloaded.connect(self.refresh)
        self.refresh()

    # ------------------------------------------------------------------ where it is

    def _settings(self) -> tuple[Phase, BrainwritingSettings] | None:
        phase = self._document.current_phase
        settings = phase_settings(phase)
        if phase is None or settings is None or settings.step != "capture":
            return None
        if not settings.people:
            people = sheet_people(self._document.phases, phase, self._document.people.values())
            if not people:
                return None
            settings = settings.with_people(people)
            store_settings(self._document, phase, settings)
        return phase, settings

    @property
    def active(self) -> bool:
        """Whether the current phase types up 6-3-5's paper sheets."""
        return self._settings() is not None

    def place(self) -> CapturePlace | None:
        """The slot typed now; ``None`` outside the capture or once every sheet is typed."""
        found = self._settings()
        if found is None:
            return None
        phase, settings = found
        ideas = phase_ideas(settings, phase.id, self._notes())
        return capture_place(settings, ideas, settings.skipped_to)

    def _notes(self) -> list[Note]:
        board = self._document.board
        return [*board.notes.values(), *board.stacked_notes.values()]

    def refresh(self, *_: object) -> None:
        """Show the slot in the bar: its words, its writer, what it builds on."""
        if not self.active:
            self._bar.set_slot("")
            return
        place = self.place()
        if place is None:
            self._bar.set_slot(ALL_TYPED)
            return
        slot = place.slot
        writer = self._document.people.get(slot.author_id)
        self._bar.set_slot(
            f"{sheet_name(slot.sheet)}, round {slot.round}, written by "
            f"{writer.name if writer else 'someone no longer in the session'}"
            f"  ·  slot {place.index + 1} of {place.count}"
            f"  ·  Enter on an empty box: next slot"
        )
        self._bar.set_author(slot.author_id)
        builds_on = self._document.board.note(place.builds_on or "")
        self._bar.set_builds_on(
            builds_on.id if builds_on else None, first_words(builds_on.text) if builds_on else ""
        )

    # ------------------------------------------------------------------ typing

    def capture(self, text: str) -> str | None:
        """Enter: add the slot's idea, or move on when the box is empty; the new note's id."""
        found = self._settings()
        place = self.place()
        if found is None or place is None:
            self.message.emit(ALL_TYPED)
            return None
        phase, settings = found
        if not text.strip():
            # Kept at once, as the notes are: a window killed now reopens past this slot.
            store_settings(self._document, phase, replace(settings, skipped_to=place.index + 1))
            self.refresh()
            return None
        document = self._document
        ideas = phase_ideas(settings, phase.id, self._notes())
        with document.trail.transaction():  # the note and what the rotation must keep
            note = self._board.add_typed_note(
                text, place.slot.author_id, builds_on=place.builds_on
            )
            if note is None:
                return None
            after = recorded(settings, paper_idea(settings, ideas, place.slot, note.id))
            if after != settings:
                store_settings(document, phase, after)
        self.refresh()
        return note.id
