"""1-2-4-All: alone, in pairs, in fours, then the whole room.

The four steps and their times follow Liberating Structures (liberatingstructures.com):
a minute of silent self-reflection on the question, two minutes generating ideas in
pairs, four minutes developing the pairs' ideas in fours (noticing similarities and
differences), five minutes in which each group shares one idea that stood out.

The pairs and fours are made once, in the set-up, from the people: shuffled with a
seed (the same seed and people give the same groups), departments mixed by default
(as many pairs of two departments as the people allow), an odd person making a trio
rather than working alone. Fours are pairs put together (a pair is cut only when the
count of people leaves no other way to keep fours of four or five). Groups are named
"Group A", "Group B"... across both steps, so a note's author label ("Group C") names
one group of the session.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.core.limits import MAX_PARTICIPANTS
from app.core.techniques.common import (
    Settings,
    SettingsReader,
    Technique,
    TechniqueTemplate,
    TemplatePhase,
    letters,
)
from app.core.types import Participant, PhaseKind

STEPS = ("one", "two", "four", "all")

STEP_TITLES = {"one": "1: alone", "two": "2: in pairs", "four": "4: in fours", "all": "All"}

STEP_PROMPTS = {
    "one": "On your own, in silence: note the ideas the question brings to mind.",
    "two": "In pairs: share your ideas and build new ones from them together.",
    "four": "In fours: develop your pairs' ideas; notice what is alike and what differs.",
    "all": "What is one idea that stood out in your conversation? Each group shares one.",
}
"""What the room's view asks of people in each step."""

STEP_MINUTES = {"one": 1, "two": 2, "four": 4, "all": 5}

STEP_KINDS = {
    "one": PhaseKind.SILENT_IDEATE,
    "two": PhaseKind.IDEATE,
    "four": PhaseKind.IDEATE,
    "all": PhaseKind.DISCUSS,
}


@dataclass(frozen=True, slots=True)
class Group:
    """A pair or a four: its name (``"Group A"``) and its people, by id."""

    name: str
    member_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OneTwoFourAllSettings:
    """What a 1-2-4-All phase keeps in its ``technique_settings``."""

    step: str = "one"
    seed: int = 0
    mix_departments: bool = True
    pairs: tuple[tuple[str, ...], ...] = ()
    fours: tuple[tuple[str, ...], ...] = ()

    @classmethod
    def from_settings(cls, settings: Settings) -> OneTwoFourAllSettings:
        """Read and check the settings; raises ``SettingsError`` with a one-line reason."""
        reader = SettingsReader(
            Technique.ONE_TWO_FOUR_ALL,
            settings,
            ("step", "seed", "mix_departments", "pairs", "fours"),
        )
        pairs = reader.id_groups("pairs", MAX_PARTICIPANTS)
        fours = reader.id_groups("fours", MAX_PARTICIPANTS)
        in_pairs = {person for pair in pairs for person in pair}
        if pairs and fours and in_pairs != {person for four in fours for person in four}:
            raise reader.refuse("fours", "groups of the same people as the pairs")
        return cls(
            step=reader.choice("step", "one", STEPS),
            seed=reader.integer("seed", 0, 0, 2**31 - 1),
            mix_departments=reader.flag("mix_departments", True),
            pairs=pairs,
            fours=fours,
        )

    def to_settings(self) -> dict[str, object]:
        """The JSON object :meth:`from_settings` reads back equal."""
        return {
            "step": self.step,
            "seed": self.seed,
            "mix_departments": self.mix_departments,
            "pairs": [list(pair) for pair in self.pairs],
            "fours": [list(four) for four in self.fours],
        }

    def groups(self) -> tuple[tuple[Group, ...], tuple[Group, ...]]:
        """The pairs and the fours, named: pairs from "Group A", fours after them."""
        return name_groups(self.pairs, self.fours)

    def step_groups(self) -> tuple[Group, ...]:
        """The groups people work in during this phase's step (none alone or all together)."""
        pairs, fours = self.groups()
        return {"two": pairs, "four": fours}.get(self.step, ())


# ----------------------------------------------------------------------------- groups


def _department(person: Participant) -> str:
    return person.department.strip().casefold()


def make_pairs(
    people: Sequence[Participant], seed: int, mix_departments: bool = True
) -> tuple[tuple[str, ...], ...]:
    """Pairs of people (one trio when the count is odd), the same for the same seed.

    With ``mix_departments`` the pairs of two departments are as many as possible:
    each pair takes someone from the department with the most people left and someone
    from the next one.
    """
    order = list(people)
    random.Random(seed).shuffle(order)
    if len(order) < 2:
        return (tuple(person.id for person in order),) if order else ()
    if not mix_departments:
        pairs = [[person.id for person in order[at : at + 2]] for at in range(0, len(order), 2)]
        if len(pairs[-1]) == 1:
            last = pairs.pop()
            pairs[-1] += last
        return tuple(tuple(pair) for pair in pairs)
    buckets: dict[str, list[Participant]] = {}
    for person in order:
        buckets.setdefault(_department(person), []).append(person)
    mixed: list[list[Participant]] = []
    while sum(len(bucket) for bucket in buckets.values()) >= 2:
        fullest = sorted(buckets.values(), key=len, reverse=True)
        first = fullest[0].pop()
        second = fullest[1].pop() if len(fullest) > 1 and fullest[1] else fullest[0].pop()
        mixed.append([first, second])
    left = [person for bucket in buckets.values() for person in bucket]
    if left:
        alone = left[0]
        trio = next(
            (pair for pair in mixed if all(_department(p) != _department(alone) for p in pair)),
            mixed[-1],
        )
        trio.append(alone)
        mixed.remove(trio)
        mixed.append(trio)
    return tuple(tuple(person.id for person in pair) for pair in mixed)


def four_sizes(count: int) -> tuple[int, ...]:
    """The sizes of the fours for ``count`` people: 4 or 5 when the count allows, else 3."""
    if count <= 0:
        return ()
    groups = count // 4
    if not (groups and count <= 5 * groups):
        groups = max(1, -(-count // 4))
    base, extra = divmod(count, groups)
    return (base,) * (groups - extra) + (base + 1,) * extra


def make_fours(pairs: Sequence[Sequence[str]]) -> tuple[tuple[str, ...], ...]:
    """Fours made by putting pairs together, in order (a trio counts as a pair)."""
    members = [person for pair in pairs for person in pair]
    ends = set()
    at = 0
    for pair in pairs:
        at += len(pair)
        ends.add(at)
    best: list[tuple[str, ...]] = []
    fewest_cuts = len(members) + 1
    sizes = four_sizes(len(members))
    for arrangement in (sizes, tuple(reversed(sizes))):
        fours, start, cuts = [], 0, 0
        for size in arrangement:
            fours.append(tuple(members[start : start + size]))
            start += size
            cuts += start not in ends
        if cuts < fewest_cuts:
            best, fewest_cuts = fours, cuts
    return tuple(best)


def name_groups(
    pairs: Sequence[Sequence[str]], fours: Sequence[Sequence[str]]
) -> tuple[tuple[Group, ...], tuple[Group, ...]]:
    """Pairs named "Group A", "Group B"..., the fours' names following on."""
    named_pairs = tuple(Group(f"Group {letters(i)}", tuple(pair)) for i, pair in enumerate(pairs))
    named_fours = tuple(
        Group(f"Group {letters(len(pairs) + i)}", tuple(four)) for i, four in enumerate(fours)
    )
    return named_pairs, named_fours


def set_up(
    settings: OneTwoFourAllSettings, people: Sequence[Participant]
) -> OneTwoFourAllSettings:
    """The settings with the pairs and fours made from ``people`` (the set-up's one step)."""
    pairs = make_pairs(people, settings.seed, settings.mix_departments)
    return OneTwoFourAllSettings(
        settings.step, settings.seed, settings.mix_departments, pairs, make_fours(pairs)
    )


def group_of(groups: Sequence[Group], person_id: str) -> Group | None:
    """The group ``person_id`` is in, if any."""
    return next((group for group in groups if person_id in group.member_ids), None)


def author_label(settings: OneTwoFourAllSettings, person_id: str | None) -> str | None:
    """The author a note captured now carries: the group's name in a pair or four step.

    ``None`` in the steps people work alone or all together (the note keeps its author),
    or for someone in no group.
    """
    if person_id is None:
        return None
    group = group_of(settings.step_groups(), person_id)
    return None if group is None else group.name


def members_words(group: Group, names: Mapping[str, str]) -> str:
    """``"Group A: Ana, Ben"``: a group and its people, for the room's view and the minutes."""
    return f"{group.name}: " + ", ".join(names.get(person, "?") for person in group.member_ids)


def written_in_group(group: Group, names: Mapping[str, str], author_id: str) -> str:
    """``"Group A: Ana, Ben · written by Ana"``: who a note written in a pair or four is by."""
    return f"{members_words(group, names)} · written by {names.get(author_id, '?')}"


def grouped_people(groups: Sequence[Group], person_ids: Sequence[str]) -> list[tuple[str, str]]:
    """Everyone of ``person_ids`` as ``(group name, person id)``, group by group.

    The groups in their order ("Group A" first), each one's people in its order; then
    the people in no group (the facilitator stays out of them) in their own order, with
    ``""`` for a group. A group's member who is not among ``person_ids`` is left out.
    """
    known = set(person_ids)
    placed: list[tuple[str, str]] = []
    seen: set[str] = set()
    for group in groups:
        for person in group.member_ids:
            if person in known and person not in seen:
                placed.append((group.name, person))
                seen.add(person)
    return placed + [("", person) for person in person_ids if person not in seen]


# ---------------------------------------------------------------------------- template


def one_two_four_all_template(
    people: Sequence[Participant] = (), seed: int = 0, mix_departments: bool = True
) -> TechniqueTemplate:
    """1-2-4-All's four phases, each with its prompt; the groups made from ``people``."""
    grouped = set_up(OneTwoFourAllSettings(seed=seed, mix_departments=mix_departments), people)
    phases = tuple(
        TemplatePhase(
            STEP_KINDS[step],
            STEP_TITLES[step],
            STEP_MINUTES[step] * 60,
            Technique.ONE_TWO_FOUR_ALL,
            OneTwoFourAllSettings(
                step, seed, mix_departments, grouped.pairs, grouped.fours
            ).to_settings(),
            STEP_PROMPTS[step],
        )
        for step in STEPS
    )
    return TechniqueTemplate("1-2-4-All", Technique.ONE_TWO_FOUR_ALL, phases)
