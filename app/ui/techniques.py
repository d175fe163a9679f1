"""The techniques' keys in the session window: SCAMPER's prompts and NGT's reveal.

SCAMPER works on one spotlit note (F8): F7 moves to the next prompt, Shift+F7 back.
The prompt's place is stored in the phase's settings as it changes, so a window
opened again (after a crash too) shows the same prompt. Notes captured meanwhile carry
the prompt and build on the note (through the capture bar's builds-on choice).

NGT's round robin: Ctrl+Shift+R turns up the next person's face-down notes, one
undo step with the turn counted in the phase's settings; what is face up follows
from the notes and the settings (:mod:`app.core.techniques.nominal_group`).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from app.core.techniques.nominal_group import reveal_next, reveal_order
from app.core.techniques.phase_line import (
    captured_now,
    nominal_group_settings,
    scamper_settings,
    turn_name,
    written_notes,
)
from app.core.techniques.scamper import (
    current_prompt,
    next_index,
    previous_index,
)
from app.core.types import Phase, TechniqueSettings
from app.ui import shortcuts as K
from app.ui.board.capture import CaptureController
from app.ui.board.commands import UpdateNotesCommand
from app.ui.document import SessionDocument
from app.ui.qt_actions import make_action, set_available
from app.ui.storage_step import StorageStep

NOT_SCAMPER = "This phase is not a SCAMPER phase."
NOT_SHARING = "This phase is not a Nominal Group Technique sharing phase."


class SetTechniqueSettingsCommand(StorageStep):
    """A phase's technique settings changed (NGT's turn counted); undo puts them back."""

    def __init__(
        self,
        document: SessionDocument,
        phase_id: str,
        before: TechniqueSettings,
        after: TechniqueSettings,
        text: str,
    ) -> None:
        super().__init__(text, document.trail)
        self._document = document
        self._phase_id = phase_id
        self._before = before
        self._after = after

    def apply(self) -> None:
        """The new settings."""
        self._document.set_technique_settings(self._phase_id, self._after)

    def revert(self) -> None:
        """The settings as they were."""
        self._document.set_technique_settings(self._phase_id, self._before)


class TechniqueController(QObject):
    """Owns the techniques' actions; follows the current phase of the document."""

    message = Signal(str)
    """One line for the status bar: what a key did, or why it did nothing."""

    def __init__(
        self, document: SessionDocument, capture: CaptureController, window: QWidget
    ) -> None:
        super().__init__(window)
        self.document = document
        self.capture = capture
        self.next_prompt_action = make_action(
            self,
            "SCAMPER: &next prompt",
            lambda: self.step_prompt(1),
            keys=K.SCAMPER_NEXT,
            keys_work_in=window,
        )
        self.previous_prompt_action = make_action(
            self,
            "SCAMPER: &previous prompt",
            lambda: self.step_prompt(-1),
            keys=K.SCAMPER_PREVIOUS,
            keys_work_in=window,
        )
        self.reveal_next_action = make_action(
            self,
            "Nominal Group Technique: &reveal the next person's ideas",
            self.reveal_next,
            keys=K.REVEAL_NEXT_PERSON,
            keys_work_in=window,
        )
        capture.prompt_source = self.capture_prompt
        for signal in (
            document.agenda_changed,
            document.reloaded,
            document.notes_added,
            document.notes_changed,
            document.notes_removed,
        ):
            signal.connect(self.update_actions)
        self.update_actions()

    @property
    def actions(self) -> list[QAction | None]:
        """The entries for the menu."""
        return [self.next_prompt_action, self.previous_prompt_action, self.reveal_next_action]

    def update_actions(self, *_: object) -> None:
        """Each key works in its technique's phase, and says why not elsewhere."""
        phase = self.document.current_phase
        scamper = scamper_settings(phase)
        if scamper is None:
            why, back = NOT_SCAMPER, NOT_SCAMPER
        else:
            index = scamper.prompt_index
            why = "" if next_index(index) is not None else "That is the last SCAMPER prompt."
            back = "" if previous_index(index) is not None else "That is the first prompt."
        set_available(self.next_prompt_action, why)
        set_available(self.previous_prompt_action, back)
        ngt = nominal_group_settings(phase)
        if ngt is None or ngt.step != "share":
            reveal = NOT_SHARING
        elif ngt.order and ngt.revealed >= len(ngt.order):
            reveal = "Everyone has shared their ideas."
        else:
            reveal = ""
        set_available(self.reveal_next_action, reveal)

    # ------------------------------------------------------------------ SCAMPER

    def follow_phase(self, phase: Phase | None) -> None:
        """Entering a SCAMPER phase: its note is what the next notes build on."""
        settings = scamper_settings(phase)
        if settings is not None and settings.note_id is not None:
            self.capture.set_builds_on(settings.note_id)
        self.update_actions()

    def follow_spotlight(self, note_id: str) -> None:
        """F8 on one note in a SCAMPER phase: that note is the one the prompts twist."""
        phase = self.document.current_phase
        settings = scamper_settings(phase)
        if phase is None or settings is None or not note_id or settings.note_id == note_id:
            return
        chosen = replace(settings, note_id=note_id)
        self.document.set_technique_settings(phase.id, TechniqueSettings.of(chosen.to_settings()))

    def step_prompt(self, step: int) -> None:
        """The next (1) or previous (-1) prompt, stored at once.

        Not an undo step: it changes nothing on the board, and the next key puts it
        back (as the timer's keys do).
        """
        phase = self.document.current_phase
        settings = scamper_settings(phase)
        if phase is None or settings is None:
            self.message.emit(NOT_SCAMPER)
            return
        index = settings.prompt_index
        target = next_index(index) if step > 0 else previous_index(index)
        if target is None:
            self.message.emit(
                "That is the last SCAMPER prompt." if step > 0 else "That is the first prompt."
            )
            return
        note_id = settings.note_id
        if note_id is None or self.document.board.note(note_id) is None:
            note_id = self.capture.bar.builds_on_id
        moved = replace(settings, prompt_index=target, note_id=note_id)
        self.document.set_technique_settings(phase.id, TechniqueSettings.of(moved.to_settings()))
        if note_id is not None:
            self.capture.set_builds_on(note_id)
        prompt = current_prompt(target)
        self.message.emit(f"SCAMPER: {prompt.name} ({target + 1} of 7).")

    def capture_prompt(self) -> str:
        """The prompt a note typed now answers ("" outside SCAMPER)."""
        return captured_now(self.document.current_phase).prompt

    # ------------------------------------------------------------------ NGT

    def reveal_next(self) -> None:
        """The next person's face-down notes turn up: one undo step, with the turn counted."""
        document = self.document
        phase = document.current_phase
        settings = nominal_group_settings(phase)
        if phase is None or settings is None or settings.step != "share":
            self.message.emit(NOT_SHARING)
            return
        board = document.board
        notes = written_notes(document.phases, list(board.notes.values()))
        if not settings.order:
            people = [person.id for person in document.people.values()]
            settings = replace(settings, order=reveal_order(people, notes))
        try:
            moved, up = reveal_next(settings, notes)
        except ValueError as error:
            self.message.emit(str(error))
            return
        turn = moved.order[moved.revealed - 1]
        name = turn_name(turn, {pid: person.name for pid, person in document.people.items()})
        before = [board.notes[note_id] for note_id in up]
        after = [replace(note, hidden=False) for note in before]
        with document.steps.gesture(f"Reveal {name}") as gesture:
            if before:
                gesture.add(UpdateNotesCommand(document, before, after, f"Reveal {name}"))
            gesture.add(
                SetTechniqueSettingsCommand(
                    document,
                    phase.id,
                    phase.technique_settings,
                    TechniqueSettings.of(moved.to_settings()),
                    f"Reveal {name}",
                )
            )
        self.message.emit(f"{name}: {len(after)} turned up.")
