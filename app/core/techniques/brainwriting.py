"""6-3-5 brainwriting: sheets that rotate, rounds kept by the phase's clock.

Six people write three ideas in five minutes on a sheet each, pass the sheet to the
left and build on what they receive. Here: one sheet per person of the phase, in a
stable order (``people``, fixed in the settings when the phase starts); in round
``r`` (from 1) sheet ``s`` is held by ``people[(s + r - 1) % n]``, so passing to the
left gives the sheet to the next person in order. There are as many rounds as
people, at most :data:`MAX_ROUNDS`, so nobody gets their own sheet back.

Nothing here is kept between calls: the round, the seconds left and who holds what
follow from the stored facts alone (the people's order, the round length and the
phase's elapsed seconds), so a crash mid-round comes back to the right round and
holder. The ideas are records the caller gives (:class:`SheetIdea`); each new idea
builds on the sheet's previous one, so the sheets can also be read back from the
notes' ``builds_on`` links (:func:`app.core.techniques.brainwriting_notes.ideas_from_links`).
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
from app.core.types import PhaseKind

ROUND_SECONDS = 5 * 60
IDEAS_PER_ROUND = 3
MAX_ROUNDS = 6
STEPS = ("write", "capture")
"""``write``: the rounds run; ``capture``: the paper sheets are typed in, a sheet at a time."""

PASS_WORDS = "Pass your sheet to the left."
NO_SHEET_LATE = (
    "The sheets were handed out when the rounds began: write on paper, or wait for the next phase."
)
"""What a phone that holds no sheet (it joined after the rounds began) is told, once."""


@dataclass(frozen=True, slots=True)
class BrainwritingSettings:
    """What a 6-3-5 phase keeps in its ``technique_settings``."""

    round_seconds: int = ROUND_SECONDS
    ideas_per_round: int = IDEAS_PER_ROUND
    rounds: int | None = None
    """``None``: as many rounds as people, at most :data:`MAX_ROUNDS`."""
    people: tuple[str, ...] = ()
    """The sheets' people in passing order, fixed when the phase starts (empty before)."""
    on_paper: bool = False
    """People write on paper; the laptop runs the rounds and the capture follows."""
    step: str = "write"
    late_starts: tuple[tuple[str, int], ...] = ()
    """(note id, sheet) of each idea that started a sheet after round 1: the one fact of
    the rotation a note's author and ``builds_on`` cannot tell (see :func:`recorded`)."""
    hands: bool = False
    """The session hides who wrote each idea: the sheets pass between phones, and
    ``people`` holds a made-up id per phone (a *hand*), never a person's. Which phone has
    which hand is known to the window only while it runs; the notes carry no author."""
    placed: tuple[tuple[str, int, int], ...] = ()
    """With ``hands``: (note id, sheet, round) of each idea, since its note names no author."""
    skipped_to: int = 0
    """The paper capture's slot the facilitator moved on to with an empty Enter (0: none)."""

    @classmethod
    def from_settings(cls, settings: Settings) -> BrainwritingSettings:
        """Read and check the settings; raises ``SettingsError`` with a one-line reason."""
        reader = SettingsReader(
            Technique.BRAINWRITING_635,
            settings,
            (
                "round_seconds",
                "ideas_per_round",
                "rounds",
                "people",
                "on_paper",
                "step",
                "late_starts",
                "hands",
                "placed",
                "skipped_to",
            ),
        )
        people = reader.ids("people", MAX_PARTICIPANTS)
        rounds = None
        if reader.has("rounds") and settings.get("rounds") is not None:
            rounds = reader.integer("rounds", 0, 1, MAX_ROUNDS)
            if people and rounds > len(people):
                raise reader.refuse("rounds", f"at most the {len(people)} people passing sheets")
        return cls(
            round_seconds=reader.integer("round_seconds", ROUND_SECONDS, 30, 3600),
            ideas_per_round=reader.integer("ideas_per_round", IDEAS_PER_ROUND, 1, 10),
            rounds=rounds,
            people=tuple(person for person in people if person is not None),
            on_paper=reader.flag("on_paper", False),
            step=reader.choice("step", "write", STEPS),
            late_starts=reader.id_places("late_starts", MAX_PARTICIPANTS - 1),
            hands=reader.flag("hands", False),
            placed=reader.id_sheet_rounds("placed", len(people) or 1, MAX_ROUNDS),
            skipped_to=reader.integer("skipped_to", 0, 0, MAX_PARTICIPANTS * MAX_ROUNDS),
        )

    def to_settings(self) -> dict[str, object]:
        """The JSON object :meth:`from_settings` reads back equal."""
        settings: dict[str, object] = {
            "round_seconds": self.round_seconds,
            "ideas_per_round": self.ideas_per_round,
            "people": list(self.people),
            "on_paper": self.on_paper,
            "step": self.step,
        }
        if self.rounds is not None:
            settings["rounds"] = self.rounds
        if self.late_starts:
            settings["late_starts"] = dict(self.late_starts)
        if self.hands:
            settings["hands"] = True
        if self.placed:
            settings["placed"] = [list(entry) for entry in self.placed]
        if self.skipped_to:
            settings["skipped_to"] = self.skipped_to
        return settings

    def with_people(self, people: Sequence[str]) -> BrainwritingSettings:
        """The settings once the phase starts with ``people`` passing sheets, in order."""
        rounds = None if self.rounds is None else max(1, min(self.rounds, len(people)))
        return replace(self, people=tuple(people), rounds=rounds)

    @property
    def round_count(self) -> int:
        """How many rounds run: the setting, else one per person up to :data:`MAX_ROUNDS`."""
        if self.rounds is not None:
            return self.rounds
        return max(1, min(len(self.people), MAX_ROUNDS))

    @property
    def phase_seconds(self) -> int:
        """The phase's planned time: every round."""
        return self.round_count * self.round_seconds


@dataclass(frozen=True, slots=True)
class SheetIdea:
    """An idea written on a sheet, as the caller keeps it (a note and its facts)."""

    note_id: str
    sheet: int
    """The sheet's index: the place in ``people`` of the person who started it."""
    round: int
    author_id: str
    builds_on: str | None


# ----------------------------------------------------------------------------- sheets


def sheet_name(sheet: int) -> str:
    """``0`` → ``"Sheet 1"``."""
    return f"Sheet {sheet + 1}"


def holder(people: Sequence[str], sheet: int, round_number: int) -> str:
    """Who holds ``sheet`` in round ``round_number`` (from 1)."""
    return people[(sheet + round_number - 1) % len(people)]


def sheet_held(people: Sequence[str], person_id: str, round_number: int) -> int:
    """The sheet ``person_id`` holds in round ``round_number``; ``ValueError`` if not a holder."""
    return (people.index(person_id) - (round_number - 1)) % len(people)


def holders(people: Sequence[str], round_number: int) -> tuple[str, ...]:
    """The holder of every sheet in round ``round_number``, by sheet."""
    return tuple(holder(people, sheet, round_number) for sheet in range(len(people)))


# ------------------------------------------------------------------------------ clock


@dataclass(frozen=True, slots=True)
class RoundClock:
    """Where the rounds are: the round (from 1), its seconds left, whether all are over."""

    round: int
    rounds: int
    seconds_left: float
    round_seconds: int
    finished: bool = False

    def advanced(self, seconds: float) -> RoundClock:
        """The clock after ``seconds`` more of running time, a round at a time."""
        clock = self
        while seconds > 0 and not clock.finished:
            if seconds < clock.seconds_left:
                return RoundClock(
                    clock.round, clock.rounds, clock.seconds_left - seconds, clock.round_seconds
                )
            seconds -= clock.seconds_left
            if clock.round == clock.rounds:
                clock = RoundClock(clock.round, clock.rounds, 0, clock.round_seconds, True)
            else:
                clock = RoundClock(
                    clock.round + 1, clock.rounds, clock.round_seconds, clock.round_seconds
                )
        return clock

    def words(self) -> str:
        """``"Round 2 of 6"``, or ``"All 6 rounds done"``."""
        if self.finished:
            return f"All {self.rounds} rounds done"
        return f"Round {self.round} of {self.rounds}"


def round_clock(settings: BrainwritingSettings, elapsed_seconds: float) -> RoundClock:
    """The clock after the phase has run ``elapsed_seconds`` (pauses excluded)."""
    length = settings.round_seconds
    rounds = settings.round_count
    elapsed = max(0.0, elapsed_seconds)
    done = int(elapsed // length)
    if done >= rounds:
        return RoundClock(rounds, rounds, 0, length, True)
    return RoundClock(done + 1, rounds, length - (elapsed - done * length), length)


# ------------------------------------------------------------------------------ views


def sheet_ideas(ideas: Sequence[SheetIdea], sheet: int) -> tuple[SheetIdea, ...]:
    """The ideas on ``sheet``, in the order they were written."""
    return tuple(idea for idea in ideas if idea.sheet == sheet)


def ideas_left(
    settings: BrainwritingSettings, ideas: Sequence[SheetIdea], sheet: int, round_number: int
) -> int:
    """How many more ideas ``sheet`` takes in round ``round_number``."""
    written = sum(1 for idea in ideas if idea.sheet == sheet and idea.round == round_number)
    return max(0, settings.ideas_per_round - written)


@dataclass(frozen=True, slots=True)
class HolderView:
    """What one person's phone shows: their sheet now and only that sheet's ideas."""

    clock: RoundClock
    sheet: int
    idea_ids: tuple[str, ...]
    """The notes already on the sheet held, oldest first (their texts may be shown)."""
    builds_on: str | None
    """What a new idea builds on: the sheet's previous idea."""
    ideas_left: int


def holder_view(
    settings: BrainwritingSettings,
    ideas: Sequence[SheetIdea],
    person_id: str,
    elapsed_seconds: float,
) -> HolderView | None:
    """What ``person_id`` may see now; ``None`` for someone who holds no sheet."""
    if person_id not in settings.people:
        return None
    clock = round_clock(settings, elapsed_seconds)
    sheet = sheet_held(settings.people, person_id, clock.round)
    on_sheet = sheet_ideas(ideas, sheet)
    left = 0 if clock.finished else ideas_left(settings, ideas, sheet, clock.round)
    return HolderView(
        clock=clock,
        sheet=sheet,
        idea_ids=tuple(idea.note_id for idea in on_sheet),
        builds_on=on_sheet[-1].note_id if on_sheet else None,
        ideas_left=left,
    )


@dataclass(frozen=True, slots=True)
class RoomView:
    """What the room's view shows: the round, the time, each sheet's count of ideas."""

    clock: RoundClock
    idea_counts: tuple[int, ...]
    """Per sheet, in sheet order."""
    shown_note_ids: tuple[str, ...]
    """The ideas whose texts may be shown: none until the phase ends."""


def room_view(
    settings: BrainwritingSettings,
    ideas: Sequence[SheetIdea],
    elapsed_seconds: float,
    phase_done: bool = False,
) -> RoomView:
    """The room's view of the rotation; texts only once the phase is done."""
    clock = round_clock(settings, elapsed_seconds)
    counts = tuple(len(sheet_ideas(ideas, sheet)) for sheet in range(len(settings.people)))
    shown = tuple(idea.note_id for idea in ideas) if phase_done else ()
    return RoomView(clock=clock, idea_counts=counts, shown_note_ids=shown)


# ------------------------------------------------------------------------ a new idea


def idea_refusal(
    settings: BrainwritingSettings,
    ideas: Sequence[SheetIdea],
    author_id: str,
    elapsed_seconds: float,
) -> str | None:
    """Why ``author_id`` cannot add an idea to the sheet they hold now; None when they can."""
    if author_id not in settings.people:
        return NO_SHEET_LATE
    clock = round_clock(settings, elapsed_seconds)
    if clock.finished:
        return "Every round is done: the sheets take no more ideas."
    sheet = sheet_held(settings.people, author_id, clock.round)
    if not ideas_left(settings, ideas, sheet, clock.round):
        return (
            f"This sheet has its {settings.ideas_per_round} ideas for round {clock.round}: "
            "wait for the next sheet."
        )
    return None


def new_idea(
    settings: BrainwritingSettings,
    ideas: Sequence[SheetIdea],
    author_id: str,
    note_id: str,
    elapsed_seconds: float,
) -> SheetIdea:
    """The record of an idea ``author_id`` writes now; ``ValueError`` when refused."""
    refusal = idea_refusal(settings, ideas, author_id, elapsed_seconds)
    if refusal is not None:
        raise ValueError(refusal)
    round_number = round_clock(settings, elapsed_seconds).round
    sheet = sheet_held(settings.people, author_id, round_number)
    on_sheet = sheet_ideas(ideas, sheet)
    builds_on = on_sheet[-1].note_id if on_sheet else None
    return SheetIdea(note_id, sheet, round_number, author_id, builds_on)


# ---------------------------------------------------------------------------- template

WRITE_PROMPT = (
    "Write {ideas} ideas on the sheet you hold, building on those already on it. "
    "When the round ends, pass your sheet to the left."
)


def brainwriting_template(people: int = 6, on_paper: bool = False) -> TechniqueTemplate:
    """6-3-5's agenda for ``people`` people: the rounds, (typing up the sheets,) cluster, vote."""
    settings = BrainwritingSettings(on_paper=on_paper)
    rounds = max(1, min(people, MAX_ROUNDS))
    phases = [
        TemplatePhase(
            PhaseKind.SILENT_IDEATE,
            "6-3-5 brainwriting",
            rounds * settings.round_seconds,
            Technique.BRAINWRITING_635,
            settings.to_settings(),
            WRITE_PROMPT.format(ideas=settings.ideas_per_round),
        )
    ]
    if on_paper:
        capture = BrainwritingSettings(on_paper=True, step="capture")
        phases.append(
            TemplatePhase(
                PhaseKind.IDEATE,
                "Type up the sheets",
                10 * 60,
                Technique.BRAINWRITING_635,
                capture.to_settings(),
                "Read each sheet aloud, idea by idea, in the order it was written.",
            )
        )
    phases += [
        TemplatePhase(PhaseKind.CLUSTER, "Read the sheets and cluster", 10 * 60),
        TemplatePhase(PhaseKind.VOTE, "Dot vote", 5 * 60),
    ]
    name = "6-3-5 brainwriting (paper)" if on_paper else "6-3-5 brainwriting"
    return TechniqueTemplate(name, Technique.BRAINWRITING_635, tuple(phases))
