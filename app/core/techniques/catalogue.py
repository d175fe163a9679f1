"""Every technique in one place: its templates, its settings' check, its words.

What the window, the session file's reader and the minutes ask of a technique without
knowing which one it is goes through here.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from app.core.techniques.brainwriting import BrainwritingSettings, brainwriting_template
from app.core.techniques.common import (
    TECHNIQUE_NAMES,
    Settings,
    SettingsReader,
    Technique,
    TechniqueTemplate,
    technique_of,
    unknown_people,
)
from app.core.techniques.nominal_group import NominalGroupSettings, nominal_group_template
from app.core.techniques.one_two_four_all import (
    STEP_PROMPTS as ONE_TWO_FOUR_ALL_PROMPTS,
)
from app.core.techniques.one_two_four_all import (
    OneTwoFourAllSettings,
    one_two_four_all_template,
)
from app.core.techniques.scamper import ScamperSettings, current_prompt, scamper_template
from app.core.types import Participant

TechniqueSettings = (
    BrainwritingSettings | OneTwoFourAllSettings | NominalGroupSettings | ScamperSettings | None
)
"""A phase's settings read by its technique (``None`` for a phase without one)."""

TEMPLATE_NAMES = (
    "6-3-5 brainwriting",
    "6-3-5 brainwriting (paper)",
    "1-2-4-All",
    "Nominal Group Technique",
    "SCAMPER",
)


def technique_templates(people: Sequence[Participant] = ()) -> dict[str, TechniqueTemplate]:
    """The techniques' agendas for ``people`` (6-3-5's rounds, 1-2-4-All's groups), by name."""
    made = (
        brainwriting_template(len(people) if people else 6),
        brainwriting_template(len(people) if people else 6, on_paper=True),
        one_two_four_all_template(people),
        nominal_group_template(),
        scamper_template(),
    )
    return {template.name: template for template in made}


def parse_settings(technique: str, settings: Settings) -> TechniqueSettings:
    """The settings as ``technique`` reads them; ``SettingsError``/``ValueError`` when bad."""
    kind = technique_of(technique)
    if kind is Technique.BRAINWRITING_635:
        return BrainwritingSettings.from_settings(settings)
    if kind is Technique.ONE_TWO_FOUR_ALL:
        return OneTwoFourAllSettings.from_settings(settings)
    if kind is Technique.NOMINAL_GROUP:
        return NominalGroupSettings.from_settings(settings)
    if kind is Technique.SCAMPER:
        return ScamperSettings.from_settings(settings)
    SettingsReader(kind, settings, ())
    return None


def settings_refusal(
    technique: str, settings: Settings, people: Collection[str] | None = None
) -> str | None:
    """Why ``settings`` cannot be ``technique``'s, in one line; ``None`` when they can.

    With ``people`` (the session's participant ids), ids of people in the settings must
    be among them.
    """
    try:
        parsed = parse_settings(technique, settings)
    except ValueError as error:
        return str(error)
    if people is None or parsed is None:
        return None
    known = tuple(people)
    kind = technique_of(technique)
    if isinstance(parsed, BrainwritingSettings):
        if parsed.hands:  # made-up ids of phones, never a person's (see ``hands``)
            return None
        return unknown_people(kind, "people", parsed.people, known)
    if isinstance(parsed, OneTwoFourAllSettings):
        return unknown_people(
            kind, "pairs", [p for pair in parsed.pairs for p in pair], known
        ) or unknown_people(kind, "fours", [p for four in parsed.fours for p in four], known)
    if isinstance(parsed, NominalGroupSettings):
        return unknown_people(kind, "order", parsed.order, known)
    return None


def technique_name(technique: str) -> str:
    """``"6-3-5 brainwriting"``...; ``""`` for a phase without a technique."""
    return TECHNIQUE_NAMES[technique_of(technique)]


def _duration(seconds: int) -> str:
    if seconds % 60:
        return f"{seconds} seconds"
    minutes = seconds // 60
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


_ONE_TWO_FOUR_ALL_WORDS = {
    "one": "alone",
    "two": "in pairs",
    "four": "in fours",
    "all": "all together",
}
_NOMINAL_GROUP_WORDS = {
    "write": "silent writing",
    "share": "round-robin sharing",
    "clarify": "clarification",
    "rank": "ranking",
}


def minutes_words(technique: str, settings: Settings) -> str:
    """How the minutes name what a phase ran: ``"6-3-5 brainwriting: 6 rounds of 5 minutes"``.

    ``""`` for a phase without a technique; the bare name when the settings are bad.
    """
    name = technique_name(technique)
    try:
        parsed = parse_settings(technique, settings)
    except ValueError:
        return name
    if isinstance(parsed, BrainwritingSettings):
        if parsed.step == "capture":
            return f"{name}: typing up the sheets"
        rounds = parsed.round_count
        words = (
            f"{name}: {rounds} round{'s' if rounds != 1 else ''} of "
            f"{_duration(parsed.round_seconds)}, {parsed.ideas_per_round} "
            f"idea{'s' if parsed.ideas_per_round != 1 else ''} per sheet a round"
        )
        return words + (", on paper" if parsed.on_paper else "")
    if isinstance(parsed, OneTwoFourAllSettings):
        groups = parsed.step_groups()
        count = f" ({len(groups)} group{'s' if len(groups) != 1 else ''})" if groups else ""
        return f"{name}: {_ONE_TWO_FOUR_ALL_WORDS[parsed.step]}{count}"
    if isinstance(parsed, NominalGroupSettings):
        return f"{name}: {_NOMINAL_GROUP_WORDS[parsed.step]}"
    if isinstance(parsed, ScamperSettings):
        return f"{name}: seven prompts on one idea"
    return name


def room_prompt(technique: str, settings: Settings) -> str:
    """What the room's view asks of people now, for phases whose prompt follows a setting.

    1-2-4-All's step prompt and SCAMPER's current prompt; ``""`` for the others (their
    template's prompt stays as written) and when the settings are bad.
    """
    try:
        parsed = parse_settings(technique, settings)
    except ValueError:
        return ""
    if isinstance(parsed, OneTwoFourAllSettings):
        return ONE_TWO_FOUR_ALL_PROMPTS[parsed.step]
    if isinstance(parsed, ScamperSettings):
        return current_prompt(parsed.prompt_index).text
    return ""
