"""What every technique shares: the names, a template's phase, and reading settings.

A phase's ``technique_settings`` is a JSON object. Each technique reads the keys it
keeps with the readers below, which refuse a bad value with :class:`SettingsError`
whose message is one line naming the technique, the key and the value.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from app.core.types import PhaseKind
from app.core.types import Technique as Technique  # a phase's field; named here too

Settings = Mapping[str, object]
"""A phase's ``technique_settings``: a JSON object, as the session file carries it."""


TECHNIQUE_NAMES: dict[Technique, str] = {
    Technique.NONE: "",
    Technique.BRAINWRITING_635: "6-3-5 brainwriting",
    Technique.ONE_TWO_FOUR_ALL: "1-2-4-All",
    Technique.NOMINAL_GROUP: "Nominal Group Technique",
    Technique.SCAMPER: "SCAMPER",
}
"""The name people know each technique by, as the minutes and the F1 list say it."""


def technique_of(value: str) -> Technique:
    """The technique a stored value names; raises ``ValueError`` for an unknown one."""
    try:
        return Technique(value)
    except ValueError:
        known = ", ".join(member.value for member in Technique)
        raise ValueError(f"Unknown technique {value!r}: it is one of {known}.") from None


class SettingsError(ValueError):
    """A technique's settings hold a value the technique cannot run with."""


@dataclass(frozen=True, slots=True)
class TemplatePhase:
    """One phase of a technique's agenda template, ready to become a :class:`Phase`."""

    kind: PhaseKind
    title: str
    planned_seconds: int
    technique: Technique = Technique.NONE
    settings: Mapping[str, object] = field(default_factory=dict)
    """The phase's ``technique_settings`` (JSON-ready)."""
    prompt: str = ""
    """What the room's view shows people to do during the phase."""


@dataclass(frozen=True, slots=True)
class TechniqueTemplate:
    """A technique's agenda: its name in the New session dialog and its phases."""

    name: str
    technique: Technique
    phases: tuple[TemplatePhase, ...]

    def as_agenda(self) -> tuple[tuple[PhaseKind, str, int], ...]:
        """The phases as :data:`app.core.agenda.AgendaTemplate` steps (kind, title, seconds)."""
        return tuple((phase.kind, phase.title, phase.planned_seconds) for phase in self.phases)


def letters(index: int) -> str:
    """``0`` → ``"A"``, ``25`` → ``"Z"``, ``26`` → ``"AA"``: a spreadsheet column's name."""
    if index < 0:
        raise ValueError(index)
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


# ------------------------------------------------------------------- reading settings


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


class SettingsReader:
    """Reads one technique's settings, refusing unknown keys and bad values."""

    def __init__(self, technique: Technique, settings: Settings, keys: Sequence[str]) -> None:
        """Check ``settings`` is an object holding no key but ``keys``."""
        self._name = TECHNIQUE_NAMES[technique] or "A phase without a technique"
        if not isinstance(settings, Mapping):
            raise SettingsError(f"{self._name}: its settings must be an object.")
        for key in settings:
            if key not in keys:
                known = ", ".join(keys) if keys else "none"
                raise SettingsError(
                    f"{self._name}: unknown setting {_shown(key)} (it keeps {known})."
                )
        self._settings = settings

    def refuse(self, key: str, rule: str) -> SettingsError:
        """The one-line refusal of the value under ``key``."""
        return SettingsError(
            f"{self._name}: {key} must be {rule}, not {_shown(self._settings.get(key))}."
        )

    def has(self, key: str) -> bool:
        """Whether the settings hold ``key`` at all."""
        return key in self._settings

    def integer(self, key: str, default: int, low: int, high: int) -> int:
        """A whole number from ``low`` to ``high``."""
        value = self._settings.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.refuse(key, f"a whole number from {low} to {high}")
        return value

    def flag(self, key: str, default: bool) -> bool:
        """``true`` or ``false``."""
        value = self._settings.get(key, default)
        if not isinstance(value, bool):
            raise self.refuse(key, "true or false")
        return value

    def choice(self, key: str, default: str, choices: Sequence[str]) -> str:
        """One of ``choices``."""
        value = self._settings.get(key, default)
        if not isinstance(value, str) or value not in choices:
            raise self.refuse(key, "one of " + ", ".join(choices))
        return value

    def optional_id(self, key: str) -> str | None:
        """An id (a non-empty string) or null."""
        value = self._settings.get(key)
        if value is not None and (not isinstance(value, str) or not value):
            raise self.refuse(key, "a note id or null")
        return value

    def ids(self, key: str, limit: int, nullable: bool = False) -> tuple[str | None, ...]:
        """A list of distinct ids (``nullable``: null may stand once for nobody)."""
        value = self._settings.get(key, [])
        rule = f"a list of at most {limit} distinct ids" + (
            " (null for nobody)" if nullable else ""
        )
        if not isinstance(value, list) or len(value) > limit:
            raise self.refuse(key, rule)
        for item in value:
            if not ((isinstance(item, str) and item) or (nullable and item is None)):
                raise self.refuse(key, rule)
        if len(set(value)) != len(value):
            raise self.refuse(key, rule)
        return tuple(value)

    def id_places(self, key: str, limit: int) -> tuple[tuple[str, int], ...]:
        """An object from ids to places (whole numbers from 0 to ``limit``)."""
        value = self._settings.get(key, {})
        rule = f"an object from note ids to sheet numbers 0 to {limit}"
        if not isinstance(value, Mapping):
            raise self.refuse(key, rule)
        places: list[tuple[str, int]] = []
        for item, place in value.items():
            if (
                not isinstance(item, str)
                or not item
                or isinstance(place, bool)
                or not isinstance(place, int)
                or not 0 <= place <= limit
            ):
                raise self.refuse(key, rule)
            places.append((item, place))
        return tuple(places)

    def id_sheet_rounds(
        self, key: str, sheets: int, rounds: int
    ) -> tuple[tuple[str, int, int], ...]:
        """A list of ``[id, sheet, round]``: distinct ids, a sheet from 0, a round from 1."""
        value = self._settings.get(key, [])
        rule = f"a list of [note id, sheet 0 to {sheets - 1}, round 1 to {rounds}], each note once"
        if not isinstance(value, list):
            raise self.refuse(key, rule)
        found: list[tuple[str, int, int]] = []
        for item in value:
            if not isinstance(item, list) or len(item) != 3:
                raise self.refuse(key, rule)
            note, sheet, round_number = item
            if (
                not isinstance(note, str)
                or not note
                or any(isinstance(n, bool) or not isinstance(n, int) for n in item[1:])
                or not 0 <= sheet < sheets
                or not 1 <= round_number <= rounds
            ):
                raise self.refuse(key, rule)
            found.append((note, sheet, round_number))
        if len({note for note, _, _ in found}) != len(found):
            raise self.refuse(key, rule)
        return tuple(found)

    def id_groups(self, key: str, limit: int) -> tuple[tuple[str, ...], ...]:
        """A list of groups, each a non-empty list of ids, no id in two groups."""
        value = self._settings.get(key, [])
        rule = f"a list of at most {limit} groups of ids, each person in one group"
        if not isinstance(value, list) or len(value) > limit:
            raise self.refuse(key, rule)
        seen: set[str] = set()
        groups: list[tuple[str, ...]] = []
        for group in value:
            if not isinstance(group, list) or not group:
                raise self.refuse(key, rule)
            for item in group:
                if not isinstance(item, str) or not item or item in seen:
                    raise self.refuse(key, rule)
                seen.add(item)
            groups.append(tuple(group))
        return tuple(groups)


def unknown_people(
    technique: Technique, key: str, ids: Sequence[str | None], known: Sequence[str]
) -> str | None:
    """A refusal naming the first id in ``ids`` that is not one of the session's people."""
    people = set(known)
    for person in ids:
        if person is not None and person not in people:
            return (
                f"{TECHNIQUE_NAMES[technique]}: {key} names {_shown(person)}, "
                "who is not one of the session's people."
            )
    return None
