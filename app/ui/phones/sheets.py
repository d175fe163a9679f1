"""6-3-5 on phones, in the session window: who holds a sheet, and an idea on the sheet held.

The rules are core's (:mod:`app.core.techniques.brainwriting`); this part answers with
what the document holds. In a session that names its authors a sheet is held by a
person (the phone that picked their name). In a session that hides them the sheets
pass between phones: each phone seated when the rounds start is dealt a *hand*, a
made-up id stored in the phase's settings in passing order, and which phone has
which hand is kept here, in memory only. The notes then carry no author (each idea's
sheet and round are kept in the settings' ``placed``), no phone is told anything but
the sheet it holds, and nothing stored names who wrote what. After a restart or a new
join code, a seated phone without a hand takes the first hand nobody holds.
"""

from __future__ import annotations

import uuid
from dataclasses import replace

from app.core import limits
from app.core.phone_sheets import SheetsNow
from app.core.phone_view import Seats
from app.core.techniques.brainwriting import idea_refusal as sheet_refusal
from app.core.techniques.brainwriting import new_idea
from app.core.techniques.brainwriting_notes import recorded
from app.core.techniques.brainwriting_phase import phase_ideas
from app.core.types import Via
from app.ui.board.controller import BoardController
from app.ui.document import SessionDocument
from app.ui.phones.bridge import NOT_SAVED
from app.ui.timer.brainwriting import elapsed_of, store_settings, writing_settings
from app.ui.timer.phase_timer import PhaseTimer

ANONYMOUS_SHEETS = (
    "This session began its rounds with named sheets and now hides who wrote each idea: "
    "ask the facilitator."
)


class PhoneSheets:
    """The 6-3-5 rotation phones write in: the sheets dealt, what is shown, ideas taken."""

    def __init__(
        self,
        document: SessionDocument,
        timer: PhaseTimer,
        board: BoardController,
        seats: Seats,
    ) -> None:
        self._document = document
        self._timer = timer
        self._board = board
        self._seats = seats
        self._hands: dict[str, str] = {}
        """Phone → the hand it holds, in a session that hides authors (memory only)."""

    def deal(self) -> tuple[tuple[str, ...], bool]:
        """Who passes sheets as the rounds start, in order, and whether they are hands.

        Named: the people holding a phone, in the session's order. A session that hides
        authors: one new hand for each phone seated now (named or not).
        """
        if self._document.anonymous_ideas:
            self._hands = {device: str(uuid.uuid4()) for device in self._seats.seated()}
            return tuple(self._hands.values()), True
        holding = set(self._seats.claimed())
        return tuple(p for p in self._document.people if p in holding), False

    def forget(self) -> None:
        """Every hand free again (the phones were let go)."""
        self._hands.clear()

    def now(self) -> SheetsNow | None:
        """The 6-3-5 rotation phones write in now (rounds started, on phones, not paper)."""
        phase = self._document.current_phase
        settings = writing_settings(phase)
        if phase is None or settings is None or settings.on_paper or not settings.people:
            return None
        if settings.hands:
            self._hand_out(settings.people)
        board = self._document.board
        notes = [*board.notes.values(), *board.stacked_notes.values()]
        return SheetsNow(
            settings=settings,
            ideas=phase_ideas(settings, phase.id, notes),
            elapsed_seconds=elapsed_of(self._timer),
            texts={note.id: note.text for note in notes if note.phase_id == phase.id},
            hands=dict(self._hands),
        )

    def _hand_out(self, hands: tuple[str, ...]) -> None:
        """Hands of phones gone are free; a seated phone without one takes a free one."""
        seated = self._seats.seated()
        self._hands = {
            device: hand
            for device, hand in self._hands.items()
            if device in seated and hand in hands
        }
        free = [hand for hand in hands if hand not in self._hands.values()]
        for device in seated:
            if not free:
                break
            if device not in self._hands:
                self._hands[device] = free.pop(0)

    def idea(self, device: str, text: str) -> str | None:
        """An idea on the sheet ``device`` holds, on the sheet's previous idea; why not.

        The note and what the rotation must keep of it (:func:`recorded`) are stored in
        one transaction; the note is one undo step, as every phone's idea. Raises
        ``TextError`` or ``LimitReached`` for text or a board that cannot take it.
        """
        sheets = self.now()
        phase = self._document.current_phase
        assert sheets is not None and phase is not None
        settings = sheets.settings
        person = self._seats.person_of(device)
        if not settings.hands and self._document.anonymous_ideas:
            return ANONYMOUS_SHEETS
        holder = sheets.holder(device, person)
        refusal = sheet_refusal(settings, sheets.ideas, holder or "", sheets.elapsed_seconds)
        if refusal is not None or holder is None:
            return refusal
        board = self._document.board
        limits.check_room("notes", len(board.notes) + len(board.stacked_notes))
        idea = new_idea(settings, sheets.ideas, holder, "", sheets.elapsed_seconds)
        author = None if settings.hands else person
        with self._document.trail.transaction():
            note = self._board.add_typed_note(
                text, author, via=Via.PHONE, builds_on=idea.builds_on
            )
            if note is None:
                return "Type an idea first."
            after = recorded(settings, replace(idea, note_id=note.id))
            if after != settings:
                store_settings(self._document, phase, after)
        if note.id not in self._document.board.notes:
            return NOT_SAVED
        return None
