"""A technique's phases whose settings leave something out, with it filled in.

The session file lets a phase name its technique and nothing else (``technique`` with
no ``technique_settings``): another tool, or a facilitator writing a file by hand,
says "these four phases run 1-2-4-All" and stops there. Read literally, every such
phase would be a technique's first step, and a 1-2-4-All would have no pairs. So:

- a 1-2-4-All or NGT phase that names no ``step`` takes the step of its place in its
  run (the phases of that technique in a row: the first is 1-2-4-All's "alone" or
  NGT's silent writing, the second the next step, and so on, as the templates lay
  them out; a run longer than the steps starts over);
- a run of 1-2-4-All phases none of which has groups gets the pairs and fours made
  from the people who take part (the same rule as the set-up's one step: the
  facilitator too only when nobody else is listed), all the run's phases the same
  groups; a run where one phase has them lends them to the others.

Everything else a phase keeps exactly as written, and settings a technique refuses
are left as they are (they are refused where they are read).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from app.core.techniques import nominal_group, one_two_four_all
from app.core.techniques.one_two_four_all import OneTwoFourAllSettings, make_fours, make_pairs
from app.core.types import Participant, Phase, Role, Technique, TechniqueSettings

STEPPED: Mapping[Technique, tuple[str, ...]] = {
    Technique.ONE_TWO_FOUR_ALL: one_two_four_all.STEPS,
    Technique.NOMINAL_GROUP: nominal_group.STEPS,
}
"""The techniques whose phases are steps of one run, and their steps in order."""


def completed_phases(phases: Sequence[Phase], people: Sequence[Participant]) -> tuple[Phase, ...]:
    """``phases`` with what their techniques' settings leave out filled in (see above)."""
    done = list(phases)
    for technique, run in _runs(phases):
        steps = STEPPED[technique]
        settings = [dict(done[at].technique_settings.as_mapping()) for at in run]
        for place, found in enumerate(settings):
            found.setdefault("step", steps[place % len(steps)])
        if technique is Technique.ONE_TWO_FOUR_ALL:
            _lend_groups(settings, people)
        for at, found in zip(run, settings, strict=True):
            if found != done[at].technique_settings.as_mapping():
                done[at] = replace(done[at], technique_settings=TechniqueSettings.of(found))
    return tuple(done)


def _runs(phases: Sequence[Phase]) -> list[tuple[Technique, list[int]]]:
    """The stepped techniques' runs: (technique, the places of its phases in a row)."""
    runs: list[tuple[Technique, list[int]]] = []
    for at, phase in enumerate(phases):
        if phase.technique not in STEPPED:
            continue
        if runs and runs[-1][0] is phase.technique and runs[-1][1][-1] == at - 1:
            runs[-1][1].append(at)
        else:
            runs.append((phase.technique, [at]))
    return runs


def _lend_groups(settings: list[dict[str, object]], people: Sequence[Participant]) -> None:
    """Give every phase of a 1-2-4-All run the run's groups (made when none has any)."""
    if all(found.get("pairs") for found in settings):
        return
    given = next((found for found in settings if found.get("pairs")), settings[0])
    try:
        read = OneTwoFourAllSettings.from_settings(given)
    except ValueError:
        return  # refused where it is read, as written
    made = read.pairs
    if not made:
        taking_part = [person for person in people if person.role is Role.PARTICIPANT]
        made = make_pairs(taking_part or list(people), read.seed, read.mix_departments)
    fours = read.fours or make_fours(made)
    for found in settings:
        if not found.get("pairs"):
            found["pairs"] = [list(pair) for pair in made]
            found["fours"] = [list(four) for four in fours]
