"""An archive's own files: goals.json under the session format's rules, and the manifest."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from app.core.archive_format import (
    ArchiveFormatError,
    goals_file_bytes,
    manifest_bytes,
    parse_goals_file,
    parse_manifest,
)
from app.core.session_format import SessionFormatError
from app.core.types import Goal, MetricReading

GOAL_ID = "6a1e4c52-7d0f-4b7e-9f55-0f0d7f5b2a11"
OTHER_ID = "0b6f2f41-5a56-4f3c-8e0e-5e8e4e4b9c22"
READING_ID = "f3a7c0de-1f2e-4c5d-9a8b-7c6d5e4f3a21"
DIGEST = "ab" * 32

GOALS = [
    Goal(
        GOAL_ID,
        "Halve the time to first answer",
        why="Customers wait",
        metric="median first response",
        unit="min",
        baseline=14,
        target=7.5,
        target_date=date(2027, 6, 30),
        owner="Maya Chen",
    ),
    Goal(OTHER_ID, "Zero-touch onboarding", archived=True),
]
READINGS = [MetricReading(READING_ID, GOAL_ID, date(2026, 11, 2), 9.25, "week 44")]


def goals_document(**changes: Any) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(goals_file_bytes(GOALS, READINGS))
    for place, value in changes.items():
        group, index, field = place.split("__")
        document[group][int(index)][field] = value
    return document


def test_goals_and_readings_read_back_whole():
    assert parse_goals_file(goals_file_bytes(GOALS, READINGS)) == (GOALS, READINGS)
    assert parse_goals_file(goals_file_bytes([], [])) == ([], [])


def test_ids_read_in_any_case_and_are_kept_in_lower_case():
    document = goals_document(goals__0__id=GOAL_ID.upper(), readings__0__goal_id=GOAL_ID.upper())
    goals, readings = parse_goals_file(json.dumps(document).encode())
    assert goals[0].id == readings[0].goal_id == GOAL_ID


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"goals__0__id": "x"}, "/goals/0/id: is not a UUID"),
        ({"goals__0__title": ""}, "/goals/0/title: must not be empty"),
        ({"goals__0__title": "a" * 1_000_000}, "/goals/0/title: is 1,000,000 characters long"),
        ({"goals__0__owner": "Maya\x07"}, "/goals/0/owner: has a control character"),
        ({"goals__0__owner": "m" * 101}, "/goals/0/owner: is 101 characters long"),
        ({"goals__0__baseline": True}, "/goals/0/baseline: must be a number"),
        ({"goals__0__target": "7.5"}, "/goals/0/target: must be a number"),
        ({"goals__0__archived": 0}, "/goals/0/archived: must be true or false"),
        ({"goals__0__target_date": "2027-02-30"}, "/goals/0/target_date: is not a real calendar"),
        ({"goals__1__id": GOAL_ID.upper()}, "/goals/1/id: this id is already used at /goals/0"),
        ({"readings__0__goal_id": READING_ID}, "/readings/0/goal_id: no goal in this file has"),
        ({"readings__0__value": "9"}, "/readings/0/value: must be a number"),
        ({"readings__0__measured_on": None}, "/readings/0/measured_on: must be a string"),
        ({"readings__0__note": "n" * 201}, "/readings/0/note: is 201 characters long"),
    ],
)
def test_goals_json_breaking_a_rule_is_refused_where_it_does(
    change: dict[str, object], expected: str
):
    with pytest.raises(SessionFormatError) as refused:
        parse_goals_file(json.dumps(goals_document(**change)).encode())
    assert str(refused.value).startswith(expected)


@pytest.mark.parametrize(
    ("replaced", "by", "expected"),
    [
        ('"baseline": 14', '"baseline": NaN', "not valid JSON: NaN is not a number"),
        ('"baseline": 14', '"baseline": Infinity', "not valid JSON: Infinity"),
        ('"value": 9.25', '"value": -Infinity', "not valid JSON: -Infinity"),
        ('"value": 9.25', '"value": 1e999', "/readings/0/value: is a number too large"),
        ('"value": 9.25', '"value": 1' + "0" * 400, "/readings/0/value: is a number too large"),
        ('"unit": "min"', '"unit": "min", "unit": "h"', "/goals/0: has the key 'unit' twice"),
        ('"readings": [', '"goals": [], "readings": [', "the file has the key 'goals' twice"),
    ],
)
def test_numbers_json_cannot_hold_and_repeated_keys_are_refused(
    replaced: str, by: str, expected: str
):
    text = goals_file_bytes(GOALS, READINGS).decode()
    assert replaced in text
    with pytest.raises(SessionFormatError, match=expected):
        parse_goals_file(text.replace(replaced, by, 1).encode())


def test_a_goal_with_a_number_json_cannot_hold_is_named_not_written():
    broken = [Goal(GOAL_ID, "Halve it", baseline=float("nan"))]
    with pytest.raises(ValueError, match=r"the goal 6a1e4c52 \('Halve it'\) has a baseline"):
        goals_file_bytes(broken, [])
    reading = MetricReading(READING_ID, GOAL_ID, date(2026, 1, 5), float("inf"))
    with pytest.raises(ValueError, match="a reading of the goal 6a1e4c52 on 2026-01-05"):
        goals_file_bytes(GOALS, [reading])


def test_a_manifest_reads_back():
    data = manifest_bytes(
        schema="0009",
        database="postgresql://maya@db/team",
        written_at="2026-12-01T10:00:00+01:00",
        sessions={f"sessions/{GOAL_ID}.json": DIGEST},
        goals_digest=DIGEST,
    )
    manifest = parse_manifest(data)
    assert manifest.sessions == {f"sessions/{GOAL_ID}.json": DIGEST}
    assert manifest.goals == {"goals.json": DIGEST}


def test_a_manifest_from_before_goals_were_archived_lists_none():
    data = {"format": "dotstorm.archive", "version": 1, "sessions": {}}
    assert parse_manifest(json.dumps(data).encode()).goals == {}


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"{not json", "manifest.json is not valid JSON"),
        (b"\xff", "manifest.json is not UTF-8 text"),
        (b"[]", "manifest.json does not describe a Dotstorm archive"),
        (b'{"format": "dotstorm.session"}', "does not describe a Dotstorm archive"),
        (b'{"format": "dotstorm.archive", "version": true}', "gives no archive version"),
        (b'{"format": "dotstorm.archive", "version": 2}', "archive version 2; this Dotstorm"),
        (b'{"format": "dotstorm.archive", "version": 1}', "has no list of sessions files"),
        (b'{"format": "dotstorm.archive", "version": 1, "sessions": {"sessions/a.json": "x"}}',
         "gives 'sessions/a.json' no SHA-256"),
        (b'{"format": "dotstorm.archive", "version": 1, "sessions": {"../a.json": "%s"}}'
         % DIGEST.encode(), "lists '../a.json' as a session file"),
        (b'{"format": "dotstorm.archive", "version": 1, "sessions": {"sessions/a/b.json": "%s"}}'
         % DIGEST.encode(), "lists 'sessions/a/b.json' as a session file"),
        (b'{"format": "dotstorm.archive", "version": 1, "sessions": {}, "goals": {"x.json": "%s"}}'
         % DIGEST.encode(), "lists goals in a file other than goals.json"),
        (b'{"format": "dotstorm.archive", "version": 1, "sessions": {}, "sessions": {}}',
         "manifest.json is not valid: the file has the key 'sessions' twice"),
    ],
)  # fmt: skip
def test_a_manifest_that_is_not_ours_is_refused_in_one_sentence(data: bytes, expected: str):
    with pytest.raises(ArchiveFormatError, match=expected):
        parse_manifest(data)
