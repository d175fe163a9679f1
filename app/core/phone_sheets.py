"""A 6-3-5 sheet as a phone may see it: the one it holds now, and nothing of the others.

Built on :func:`app.core.techniques.brainwriting.holder_view`: only the texts of the
ideas on the held sheet ever reach a phone. Plain data in, JSON-ready data out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from app.core.techniques import brainwriting
from app.core.techniques.brainwriting import BrainwritingSettings, SheetIdea, sheet_name

Json = dict[str, object]
"""What a phone is sent, as JSON-ready data."""


@dataclass(frozen=True, slots=True)
class SheetsNow:
    """A 6-3-5 phase written on phones: its settings, its sheets' ideas, its time."""

    settings: BrainwritingSettings
    ideas: Sequence[SheetIdea]
    elapsed_seconds: float
    texts: Mapping[str, str]
    """Note id → text, for the phase's notes (only the held sheet's are ever sent)."""
    hands: Mapping[str, str] = field(default_factory=dict)
    """With ``settings.hands`` (a session that hides authors): phone → the hand it holds."""

    def holder(self, device: str, person_id: str | None) -> str | None:
        """Who ``device`` writes as on the sheets: its hand, or its person; None: nobody."""
        if self.settings.hands:
            return self.hands.get(device)
        return person_id


def phone_sheet(sheets: SheetsNow | None, person_id: str | None) -> Json | None:
    """The 6-3-5 sheet ``person_id`` (a person, or a phone's hand) holds now; None outside 6-3-5.

    Only the texts of the ideas on that sheet, oldest first, with no author; the round,
    its seconds left and how many more ideas the sheet takes this round. Someone who
    passes no sheet (joined after the rounds began) learns the round and why, in one line.
    """
    if sheets is None:
        return None
    settings = sheets.settings
    view = (
        brainwriting.holder_view(settings, sheets.ideas, person_id, sheets.elapsed_seconds)
        if person_id is not None
        else None
    )
    clock = brainwriting.round_clock(settings, sheets.elapsed_seconds)
    about: Json = {
        "round": clock.round,
        "rounds": clock.rounds,
        "words": clock.words(),
        "left": round(clock.seconds_left),
        "finished": clock.finished,
    }
    if view is None:
        reason = clock.words() + "." if clock.finished else brainwriting.NO_SHEET_LATE
        return {**about, "status": "no_sheet", "reason": reason}
    return {
        **about,
        "status": "holding",
        "name": sheet_name(view.sheet),
        "ideas": [sheets.texts.get(note_id, "") for note_id in view.idea_ids],
        "ideas_left": view.ideas_left,
        "builds_on": view.builds_on is not None,
    }
