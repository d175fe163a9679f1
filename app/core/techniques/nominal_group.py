"""Nominal Group Technique: silent writing, round-robin reveal, clarification, ranking.

People write in silence, face down. Then, one person at a time, in a fixed order, a
key turns that person's notes face up on the board and the room's view. The order
and how many turns are done are the phase's settings (``order``, ``revealed``); which
notes are face up follows from them, so a crash between two reveals comes back with
the same notes up and the same person next. Anonymous ideas (no author) have one
turn of their own, last.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from app.core.limits import MAX_PARTICIPANTS
from app.core.techniques.common import (
    Settings,
    SettingsReader,
    Technique,
    TechniqueTemplate,
    TemplatePhase,
)
from app.core.types import Note, PhaseKind

STEPS = ("write", "share", "clarify", "rank")

RANK_SIZE = 5
"""How many ideas each person ranks in the closing round (the classic NGT vote)."""


@dataclass(frozen=True, slots=True)
class NominalGroupSettings:
    """What an NGT phase keeps in its ``technique_settings``."""

    step: str = "write"
    order: tuple[str | None, ...] = ()
    """The people in the order they reveal (``None``: the anonymous ideas' turn)."""
    revealed: int = 0
    """How many turns of ``order`` are done."""

    @classmethod
    def from_settings(cls, settings: Settings) -> NominalGroupSettings:
        """Read and check the settings; raises ``SettingsError`` with a one-line reason."""
        reader = SettingsReader(Technique.NOMINAL_GROUP, settings, ("step", "order", "revealed"))
        order = reader.ids("order", MAX_PARTICIPANTS + 1, nullable=True)
        return cls(
            step=reader.choice("step", "write", STEPS),
            order=order,
            revealed=reader.integer("revealed", 0, 0, len(order)),
        )

    def to_settings(self) -> dict[str, object]:
        """The JSON object :meth:`from_settings` reads back equal."""
        return {"step": self.step, "order": list(self.order), "revealed": self.revealed}


def reveal_order(people: Sequence[str], notes: Sequence[Note]) -> tuple[str | None, ...]:
    """Who reveals, in the people's order: everyone who wrote a note, the anonymous last.

    ``notes`` are the silent writing's notes. An author who is not among ``people``
    comes after them, in the notes' order.
    """
    authors = {note.author_id for note in notes}
    order: list[str | None] = [person for person in people if person in authors]
    for note in notes:
        if note.author_id is not None and note.author_id not in order:
            order.append(note.author_id)
    if None in authors:
        order.append(None)
    return tuple(order)


@dataclass(frozen=True, slots=True)
class Turn:
    """One person's reveal: their place in the order and their notes."""

    index: int
    author_id: str | None
    note_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RoundRobin:
    """The round robin after some reveals, derived from the settings and the notes."""

    revealed: int
    turns: tuple[Turn, ...]
    face_up_ids: frozenset[str]
    """The notes that are face up after the turns done."""
    still_hidden_ids: tuple[str, ...]
    """Notes of the turns done that are still face down: what a reveal must turn up
    (empty unless a crash came between the settings and the notes)."""

    @property
    def next_turn(self) -> Turn | None:
        """The next person to reveal; ``None`` when everyone has."""
        return self.turns[self.revealed] if self.revealed < len(self.turns) else None

    @property
    def finished(self) -> bool:
        """Whether every turn is done."""
        return self.revealed >= len(self.turns)

    def words(self) -> str:
        """``"3 of 7 people have shared"``, for the room's view and the header."""
        return f"{self.revealed} of {len(self.turns)} people have shared"


def turns(order: Sequence[str | None], notes: Sequence[Note]) -> tuple[Turn, ...]:
    """Each person's turn in ``order``, with their notes in the order given."""
    return tuple(
        Turn(index, author, tuple(note.id for note in notes if note.author_id == author))
        for index, author in enumerate(order)
    )


def round_robin(settings: NominalGroupSettings, notes: Sequence[Note]) -> RoundRobin:
    """The round robin after ``settings.revealed`` turns, over the silent writing's notes."""
    every = turns(settings.order, notes)
    done = min(settings.revealed, len(every))
    up = frozenset(note_id for turn in every[:done] for note_id in turn.note_ids)
    hidden = tuple(note.id for note in notes if note.id in up and note.hidden)
    return RoundRobin(done, every, up, hidden)


def reveal_next(
    settings: NominalGroupSettings, notes: Sequence[Note]
) -> tuple[NominalGroupSettings, tuple[str, ...]]:
    """The key's step: the settings one turn on, and the notes to turn face up.

    Those are the next person's face-down notes and any a crash left down from the
    turns done. ``ValueError`` when everyone has revealed.
    """
    state = round_robin(settings, notes)
    turn = state.next_turn
    if turn is None:
        raise ValueError("Everyone has shared their ideas.")
    hidden = {note.id for note in notes if note.hidden}
    up = state.still_hidden_ids + tuple(i for i in turn.note_ids if i in hidden)
    return replace(settings, revealed=state.revealed + 1), up


def revealed_from_notes(order: Sequence[str | None], notes: Sequence[Note]) -> int:
    """How many turns are done, read from the notes alone: the leading turns all face up."""
    hidden_authors = {note.author_id for note in notes if note.hidden}
    done = 0
    for author in order:
        if author in hidden_authors:
            break
        done += 1
    return done


# ---------------------------------------------------------------------------- template

STEP_PROMPTS = {
    "write": "In silence, write your ideas on the question, one per note. Nobody sees them yet.",
    "share": "One person at a time: their ideas are turned up and read out. No discussion yet.",
    "clarify": "Ask what an idea means, one at a time in the spotlight; explain, don't argue.",
    "rank": f"Each of you ranks your top {RANK_SIZE} ideas, in silence.",
}


def nominal_group_template() -> TechniqueTemplate:
    """NGT's agenda: silent writing, round-robin sharing, clarification, a rank round."""
    steps = (
        ("write", PhaseKind.SILENT_IDEATE, "Silent writing", 10),
        ("share", PhaseKind.DISCUSS, "Round-robin sharing", 10),
        ("clarify", PhaseKind.DISCUSS, "Clarification", 10),
        ("rank", PhaseKind.VOTE, "Rank the ideas", 5),
    )
    return TechniqueTemplate(
        "Nominal Group Technique",
        Technique.NOMINAL_GROUP,
        tuple(
            TemplatePhase(
                kind,
                title,
                minutes * 60,
                Technique.NOMINAL_GROUP,
                NominalGroupSettings(step=step).to_settings(),
                STEP_PROMPTS[step],
            )
            for step, kind, title, minutes in steps
        ),
    )
