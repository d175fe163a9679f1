"""``goals.json``: every goal whole (its owner too) and every reading of its metric.

It is read under the session format's rules: strict JSON (finite numbers, no key
twice), a schema built on the session schema's own ``goal`` (so a goal here is
what a session file's ``goal_record`` is, with its owner and archived state), and
what a schema cannot say: the characters of text, real dates, ids used once, and
readings only of goals in the file. Each offence is a :class:`SessionFormatError` that
name the JSON pointer, e.g. ``/goals/3/title: must not be empty``.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict
from datetime import date
from functools import cache
from typing import Any

from app.core import limits
from app.core.session_format import Json, SessionFormatError
from app.core.session_format.fast_schema import Check, compile_schema
from app.core.session_format.schema import check_against, session_schema, validator_for
from app.core.session_format.strict_json import load_file
from app.core.session_format.values import parse_date, plain_number
from app.core.types import Goal, MetricReading

READING_NOTE_LIMIT = 200
"""A reading's note, in characters (its column's size)."""


def goals_file_bytes(goals: list[Goal], readings: list[MetricReading]) -> bytes:
    """``goals.json`` of these goals and readings.

    Raises ``ValueError`` naming the goal when a number is not finite (a database
    written by hand): such a file would never read back.
    """
    for goal in goals:
        for field, value in (("baseline", goal.baseline), ("target", goal.target)):
            if value is not None and not math.isfinite(value):
                raise ValueError(
                    f"the goal {goal.id[:8]} ({goal.title[:40]!r}) has a {field} "
                    f"that is not a finite number ({value})"
                )
    for reading in readings:
        if not math.isfinite(reading.value):
            raise ValueError(
                f"a reading of the goal {reading.goal_id[:8]} on {reading.measured_on} "
                f"is not a finite number ({reading.value})"
            )
    document = {
        # A goal's version is the database's own (which copy was read when), not the goal's.
        "goals": [
            {**_fields(goal, "version"), "target_date": _day(goal.target_date)} for goal in goals
        ],
        "readings": [
            {**_fields(reading), "measured_on": _day(reading.measured_on)} for reading in readings
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False).encode()


def _fields(record: Goal | MetricReading, *left_out: str) -> dict[str, object]:
    return {key: value for key, value in asdict(record).items() if key not in left_out}


def parse_goals_file(data: bytes) -> tuple[list[Goal], list[MetricReading]]:
    """The goals and readings of ``goals.json``, or :class:`SessionFormatError`."""
    document = load_file(data)
    if not isinstance(document, dict):
        raise SessionFormatError("", "the file must hold one JSON object")
    try:
        check_against(document, _fast_check(), _validator())
    except RecursionError:
        raise SessionFormatError("", "the file nests too deeply to be goals.json") from None
    _check_rules(document)
    goals = [_goal(raw) for raw in document["goals"]]
    readings = [
        MetricReading(
            id=raw["id"].lower(),
            goal_id=raw["goal_id"].lower(),
            measured_on=date.fromisoformat(raw["measured_on"]),
            value=plain_number(raw["value"]),
            note=raw["note"],
        )
        for raw in document["readings"]
    ]
    return goals, readings


def _goals_schema() -> Json:
    """The session schema's ``goal`` with an owner and an archived state, and a reading."""
    defs = session_schema()["$defs"]
    goal = defs["goal"]
    return {
        "$defs": {
            "uuid": defs["uuid"],
            "date": defs["date"],
            "archived_goal": {
                **goal,
                "required": [*goal["required"], "owner", "archived"],
                "properties": {
                    **goal["properties"],
                    "owner": {"type": "string", "maxLength": limits.MAX_NAME},
                    "archived": {"type": "boolean"},
                },
            },
            "reading": {
                "type": "object",
                "required": ["id", "goal_id", "measured_on", "value", "note"],
                "properties": {
                    "id": {"$ref": "#/$defs/uuid"},
                    "goal_id": {"$ref": "#/$defs/uuid"},
                    "measured_on": {"$ref": "#/$defs/date"},
                    "value": {"type": "number"},
                    "note": {"type": "string", "maxLength": READING_NOTE_LIMIT},
                },
            },
        },
        "type": "object",
        "required": ["goals", "readings"],
        "properties": {
            "goals": {"type": "array", "items": {"$ref": "#/$defs/archived_goal"}},
            "readings": {"type": "array", "items": {"$ref": "#/$defs/reading"}},
        },
    }


@cache
def _fast_check() -> Check:
    return compile_schema(_goals_schema())


@cache
def _validator() -> Any:
    return validator_for(_goals_schema())


def _check_rules(document: Json) -> None:
    """Characters, real dates, ids used once, readings of goals in the file."""
    goals: dict[str, int] = {}
    for index, goal in enumerate(document["goals"]):
        where = f"/goals/{index}"
        for name in ("title", "why", "metric", "unit", "owner"):
            _check_text(goal[name], f"{where}/{name}")
        if goal["target_date"] is not None and parse_date(goal["target_date"]) is None:
            raise SessionFormatError(f"{where}/target_date", "is not a real calendar date")
        key = goal["id"].lower()
        if key in goals:
            raise SessionFormatError(
                f"{where}/id", f"this id is already used at /goals/{goals[key]}"
            )
        goals[key] = index
    readings: dict[str, int] = {}
    for index, reading in enumerate(document["readings"]):
        where = f"/readings/{index}"
        _check_text(reading["note"], f"{where}/note")
        if parse_date(reading["measured_on"]) is None:
            raise SessionFormatError(f"{where}/measured_on", "is not a real calendar date")
        if reading["goal_id"].lower() not in goals:
            raise SessionFormatError(f"{where}/goal_id", "no goal in this file has this id")
        key = reading["id"].lower()
        if key in readings:
            raise SessionFormatError(
                f"{where}/id", f"this id is already used at /readings/{readings[key]}"
            )
        readings[key] = index


def _check_text(text: str, pointer: str) -> None:
    # Lengths were checked by the schema; here only the characters.
    problem = limits.text_problem(text, max_length=limits.MAX_FILE_BYTES)
    if problem is not None:
        raise SessionFormatError(pointer, problem)


def _goal(raw: Json) -> Goal:
    return Goal(
        id=raw["id"].lower(),
        title=raw["title"],
        why=raw["why"],
        metric=raw["metric"],
        unit=raw["unit"],
        baseline=None if raw["baseline"] is None else plain_number(raw["baseline"]),
        target=None if raw["target"] is None else plain_number(raw["target"]),
        target_date=None if raw["target_date"] is None else date.fromisoformat(raw["target_date"]),
        owner=raw["owner"],
        archived=raw["archived"],
    )


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()
