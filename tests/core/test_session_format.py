"""The session file format v1: the spec's example, round trips, and refused files."""

from __future__ import annotations

import copy
import json
import sys
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from app.core import limits
from app.core.demo import build_demo_session
from app.core.session_format import (
    SessionFormatError,
    dump_session,
    parse_session_file,
    session_to_document,
)
from app.core.types import RoundStatus, Via, VoteTarget
from tests.conftest import EXAMPLE_FILE

EXAMPLE: dict[str, Any] = json.loads(EXAMPLE_FILE.read_text("utf-8"))
FAQ_NOTE = "8724cff4-36e9-46dc-bb62-ff987fe0efce"
PAIRING_NOTE = "d21320f9-134b-4b24-bbfb-deca558c66f6"  # the one note without dots


def encode(document: object) -> bytes:
    return json.dumps(document).encode("utf-8")


def test_example_reads_with_everything_in_it():
    session = parse_session_file(EXAMPLE_FILE.read_bytes())
    assert session.title == "Fewer repeat support tickets"
    assert [p.department for p in session.participants] == [
        "Operations",
        "Sales",
        "Customer Support",
        "Engineering",
    ]
    assert [p.planned_seconds for p in session.phases] == [480, 600, 300, 600]
    assert len(session.notes) == 4
    (vote,) = session.vote_rounds
    assert vote.status is RoundStatus.CLOSED and vote.target is VoteTarget.NOTES
    assert sum(dot.count for dot in vote.dots) == 9
    assert session.action_items[0].due_date is not None
    assert session.action_items[0].due_date.isoformat() == "2026-12-04"


def test_example_writes_back_equal_ids_and_all():
    session = parse_session_file(EXAMPLE_FILE.read_bytes())
    written = json.loads(dump_session(session))
    assert written["session"] == EXAMPLE["session"]
    assert written["format"] == "dotstorm.session"
    assert written["version"] == 1
    assert written["exported_at"].endswith("Z")


def test_demo_session_survives_a_round_trip():
    demo = build_demo_session()
    assert parse_session_file(dump_session(demo)) == demo


def test_unknown_fields_inside_known_objects_are_ignored():
    document = copy.deepcopy(EXAMPLE)
    document["session"]["mood"] = "great"
    document["session"]["notes"][0]["votes_cache"] = 3
    session = parse_session_file(encode(document))
    assert session == parse_session_file(EXAMPLE_FILE.read_bytes())


def test_ids_are_read_in_canonical_lowercase():
    document = copy.deepcopy(EXAMPLE)
    upper = document["session"]["participants"][1]["id"].upper()
    document["session"]["participants"][1]["id"] = upper
    session = parse_session_file(encode(document))
    assert session.participants[1].id == upper.lower()
    assert session.notes[1].author_id == upper.lower()


def test_times_with_an_offset_are_kept_as_the_same_instant():
    document = copy.deepcopy(EXAMPLE)
    document["session"]["created_at"] = "2026-11-19T17:00:00+01:00"
    session = parse_session_file(encode(document))
    assert session_to_document(session)["session"]["created_at"] == "2026-11-19T16:00:00Z"


def test_markup_and_any_script_are_data():
    document = copy.deepcopy(EXAMPLE)
    text = "<b>x</b> & y 🚀 中文 مرحبا שלום &amp;"
    document["session"]["notes"][0]["text"] = text
    session = parse_session_file(encode(document))
    assert session.notes[0].text == text
    assert json.loads(dump_session(session))["session"]["notes"][0]["text"] == text


Mutation = Callable[[dict[str, Any]], object]


GOAL: dict[str, Any] = {
    "id": "0b6f1f8e-7a33-4c1e-9d7b-5b0c2f3a9e11",
    "title": "Be the easiest supplier to work with",
    "why": "Customers leave when support is slow.",
    "metric": "median first response",
    "unit": "min",
    "baseline": 14,
    "target": 8.5,
    "target_date": "2027-06-30",
}
OUTCOME: dict[str, Any] = {
    "result": "worked",
    "measured": "first response 14 → 9 min",
    "learning": "Customers read the FAQ before they write.",
    "decision": "adopt",
    "recorded_at": "2026-12-01T10:00:00Z",
}


def set_at(path: str, value: object) -> Mutation:
    def mutate(document: dict[str, Any]) -> None:
        *parents, last = path.strip("/").split("/")
        node: Any = document
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value

    return mutate


def delete_at(path: str) -> Mutation:
    def mutate(document: dict[str, Any]) -> None:
        *parents, last = path.strip("/").split("/")
        node: Any = document
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        del node[last]

    return mutate


def many_participants(document: dict[str, Any]) -> None:
    people = document["session"]["participants"]
    template = people[1]
    for number in range(limits.MAX_PARTICIPANTS + 1 - len(people)):
        person = dict(template)
        person["id"] = f"00000000-0000-4000-8000-{number:012d}"
        people.append(person)


def extra_dot(count: int) -> Mutation:
    def mutate(document: dict[str, Any]) -> None:
        session = document["session"]
        session["vote_rounds"][0]["dots"].append(
            {
                "voter_id": session["participants"][3]["id"],
                "item_id": session["notes"][1]["id"],
                "count": count,
            }
        )

    return mutate


UNKNOWN = "11111111-2222-4333-8444-555555555555"

BROKEN: list[tuple[str, Mutation, str]] = [
    # A pattern's $ is the end of the text (JSON Schema's meaning), not "before a \n".
    (
        "id ending in a newline",
        set_at("/session/notes/0/id", "54dfac15-1f25-459b-acb6-a3ad7c376df2\n"),
        "/session/notes/0/id: is not a UUID",
    ),
    (
        "colour ending in a newline",
        set_at("/session/notes/1/color", "#FFE27A\n"),
        "/session/notes/1/color: is not a #RRGGBB colour",
    ),
    (
        "due date ending in a newline",
        set_at("/session/action_items/0/due_date", "2026-12-01\n"),
        "/session/action_items/0/due_date: is not a YYYY-MM-DD date",
    ),
    (
        "time past the last day there is",
        set_at("/session/created_at", "9999-12-31T23:59:59-01:00"),
        "/session/created_at: is not a real date and time",
    ),
    ("newer version", set_at("/version", 2), "/version: this file is format version 2; "),
    ("version as text", set_at("/version", "1"), "/version: must be a whole number"),
    ("other format", set_at("/format", "trello.board"), "/format: this is not a Dotstorm"),
    (
        "unknown author",
        set_at("/session/notes/1/author_id", UNKNOWN),
        "/session/notes/1/author_id: no participant with this id",
    ),
    (
        "unknown cluster",
        set_at("/session/notes/2/cluster_id", UNKNOWN),
        "/session/notes/2/cluster_id: no cluster with this id",
    ),
    (
        "dot on a cluster in a notes round",
        set_at("/session/vote_rounds/0/dots/0/item_id", "d17da1bb-29e2-44a0-a3b4-122d65400bfd"),
        "/session/vote_rounds/0/dots/0/item_id: no note with this id",
    ),
    (
        "unknown action owner",
        set_at("/session/action_items/0/owner_id", UNKNOWN),
        "/session/action_items/0/owner_id: no participant with this id",
    ),
    (
        "duplicate id",
        set_at("/session/notes/3/id", "54dfac15-1f25-459b-acb6-a3ad7c376df2"),
        "/session/notes/3/id: this id is already used at /session/notes/0/id",
    ),
    ("missing title", delete_at("/session/title"), "/session: missing field 'title'"),
    ("empty title", set_at("/session/title", ""), "/session/title: must not be empty"),
    (
        "long title",
        set_at("/session/title", "t" * 201),
        "/session/title: is 201 characters long; the limit is 200",
    ),
    (
        "long note",
        set_at("/session/notes/0/text", "n" * 2001),
        "/session/notes/0/text: is 2,001 characters long; the limit is 2,000",
    ),
    (
        "control character",
        set_at("/session/notes/0/text", "bell\x07"),
        "/session/notes/0/text: has a control character (U+0007)",
    ),
    (
        "lone surrogate",
        set_at("/session/notes/0/text", "half \ud800 pair"),
        "/session/notes/0/text: has a lone surrogate (U+D800)",
    ),
    (
        "bad colour",
        set_at("/session/clusters/1/color", "blue"),
        "/session/clusters/1/color: is not a #RRGGBB colour",
    ),
    ("bad id", set_at("/session/id", "42"), "/session/id: is not a UUID"),
    (
        "impossible time",
        set_at("/session/created_at", "2026-13-01T00:00:00Z"),
        "/session/created_at: is not a real date and time",
    ),
    (
        "time without offset",
        set_at("/session/started_at", "2026-11-20T09:00:00"),
        "/session/started_at: is not an RFC 3339 time",
    ),
    (
        "impossible date",
        set_at("/session/action_items/0/due_date", "2026-02-30"),
        "/session/action_items/0/due_date: is not a real calendar date",
    ),
    (
        "zero-length phase",
        set_at("/session/phases/0/planned_seconds", 0),
        "/session/phases/0/planned_seconds: must be at least 1",
    ),
    (
        "bad status",
        set_at("/session/status", "paused"),
        "/session/status: must be one of: planned, running, finished",
    ),
    ("notes not a list", set_at("/session/notes", {}), "/session/notes: must be an array"),
    ("impact out of range", set_at("/session/notes/2/impact", 6), "/session/notes/2/impact"),
    (
        "too many participants",
        many_participants,
        "/session/participants: has 501 entries; the limit is 500",
    ),
    (
        "over the voter's budget",
        extra_dot(1),
        "/session/vote_rounds/0/dots/5: this voter now has 4 dots; the round allows 3",
    ),
    (
        "runoff of an unknown round",
        set_at("/session/vote_rounds/0/runoff_of", UNKNOWN),
        "/session/vote_rounds/0/runoff_of: no vote round with this id",
    ),
    (
        "a round that is its own runoff",
        set_at("/session/vote_rounds/0/runoff_of", "ef799b8e-5ba3-46f2-a474-b8ee4b1f0d43"),
        "/session/vote_rounds/0/runoff_of: a round cannot be its own runoff",
    ),
    (
        "a note merged into an unknown note",
        set_at("/session/notes/3/merged_into", UNKNOWN),
        "/session/notes/3/merged_into: no note with this id",
    ),
    (
        "a note merged into itself",
        set_at("/session/notes/3/merged_into", PAIRING_NOTE),
        "/session/notes/3/merged_into: a note cannot be merged into itself",
    ),
    (
        "two notes merged into each other",
        lambda d: (
            set_at("/session/notes/3/merged_into", FAQ_NOTE)(d),
            set_at("/session/notes/2/merged_into", PAIRING_NOTE)(d),
        ),
        "/session/notes/2/merged_into: these notes are merged into each other in a loop",
    ),
    (
        "a merged note with dots",
        set_at("/session/notes/0/merged_into", PAIRING_NOTE),
        "/session/vote_rounds/0/dots/1/item_id: is merged into another note's stack",
    ),
    (
        "a face-down note in a stack",
        lambda d: (
            set_at("/session/notes/3/merged_into", FAQ_NOTE)(d),
            set_at("/session/notes/3/hidden", True)(d),
        ),
        "/session/notes/3/merged_into: a face-down note is never in a stack",
    ),
    (
        "a note in a face-down note's stack",
        lambda d: (
            set_at("/session/notes/3/merged_into", FAQ_NOTE)(d),
            set_at("/session/notes/2/hidden", True)(d),
        ),
        "/session/notes/3/merged_into: a face-down note is never in a stack",
    ),
    (
        "merged into something not an id",
        set_at("/session/notes/3/merged_into", 5),
        "/session/notes/3/merged_into",
    ),
    (
        "a round limited to an unknown item",
        set_at("/session/vote_rounds/0/items", [UNKNOWN]),
        "/session/vote_rounds/0/items/0: no note with this id",
    ),
    (
        "an empty list of items",
        set_at("/session/vote_rounds/0/items", []),
        "/session/vote_rounds/0/items: must not be empty",
    ),
    (
        "a dot outside the round's items",
        set_at("/session/vote_rounds/0/items", ["54dfac15-1f25-459b-acb6-a3ad7c376df2"]),
        "/session/vote_rounds/0/dots/",
    ),
    (
        "zero dots",
        set_at("/session/vote_rounds/0/dots/0/count", 0),
        "/session/vote_rounds/0/dots/0/count: must be at least 1",
    ),
    (
        "a goal whose baseline is text",
        set_at("/session/goal_record", dict(GOAL, baseline="eleven")),
        "/session/goal_record/baseline: ",
    ),
    (
        "a goal with no title",
        set_at("/session/goal_record", dict(GOAL, title="")),
        "/session/goal_record/title: ",
    ),
    (
        "a goal with an impossible target date",
        set_at("/session/goal_record", dict(GOAL, target_date="2027-02-30")),
        "/session/goal_record/target_date: is not a real calendar date",
    ),
    (
        "a goal without its unit",
        set_at("/session/goal_record", {k: v for k, v in GOAL.items() if k != "unit"}),
        "/session/goal_record: ",
    ),
    (
        "an unknown idea status",
        set_at("/session/notes/0/idea_status", "maybe"),
        "/session/notes/0/idea_status: must be one of",
    ),
    (
        "an idea typed somewhere unknown",
        set_at("/session/notes/0/via", "tablet"),
        "/session/notes/0/via: must be one of",
    ),
    (
        "an outcome with an unknown result",
        set_at("/session/action_items/0/outcome", dict(OUTCOME, result="great")),
        "/session/action_items/0/outcome/result: must be one of",
    ),
    (
        "an outcome with an unknown decision",
        set_at("/session/action_items/0/outcome", dict(OUTCOME, decision="keep")),
        "/session/action_items/0/outcome/decision: ",
    ),
    (
        "an outcome recorded at no real time",
        set_at(
            "/session/action_items/0/outcome", dict(OUTCOME, recorded_at="2026-13-01T10:00:00Z")
        ),
        "/session/action_items/0/outcome/recorded_at: ",
    ),
    (
        "an outcome with a control character in its learning",
        set_at("/session/action_items/0/outcome", dict(OUTCOME, learning="a\x07b")),
        "/session/action_items/0/outcome/learning: has a control character",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "expected"), [(m, e) for _, m, e in BROKEN], ids=[name for name, _, _ in BROKEN]
)
def test_broken_files_are_refused_naming_the_first_offence(mutate: Mutation, expected: str):
    document = copy.deepcopy(EXAMPLE)
    mutate(document)
    with pytest.raises(SessionFormatError) as caught:
        parse_session_file(encode(document))
    assert str(caught.value).startswith(expected), str(caught.value)
    assert "\n" not in str(caught.value)


def test_per_item_cap_is_enforced():
    document = copy.deepcopy(EXAMPLE)
    document["session"]["vote_rounds"][0]["max_dots_per_item"] = 2
    with pytest.raises(SessionFormatError, match="one item; the round allows 2"):
        parse_session_file(encode(document))


def test_first_offence_follows_the_file_order():
    document = copy.deepcopy(EXAMPLE)
    document["session"]["notes"][3]["color"] = "red"
    document["session"]["notes"][1]["text"] = ""
    with pytest.raises(SessionFormatError, match=r"^/session/notes/1/text"):
        parse_session_file(encode(document))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "not valid JSON"),
        (b"{", "not valid JSON"),
        (b"[]", "the file must hold one JSON object"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b'{"format": "dotstorm.session", "version": NaN}', "not valid JSON"),
        (b'{"format": "dotstorm.session", "version": Infinity}', "not valid JSON"),
        (b'{"format": "dotstorm.session", "version": 1e999}', "^/version: is a number too"),
        (b'{"format": "dotstorm.session", "format": "x"}', "^the file has the key 'format' twice"),
        (b'{"a": [1, {"b": 1, "b": 2}]}', r"^/a/1: has the key 'b' twice"),
        (b'{"a~/": [0, -1e400]}', r"^/a~0~1/1: is a number too large"),
        (b'{"a": [0, -1' + b"0" * 400 + b"]}", r"^/a/1: is a number too large"),
    ],
)
def test_files_that_are_not_json_objects_are_refused(data: bytes, expected: str):
    with pytest.raises(SessionFormatError, match=expected):
        parse_session_file(data)


def test_a_whole_number_too_large_for_a_double_is_refused_where_it_stands():
    # It would be stored as a float column's value: no database can hold it.
    text = encode(EXAMPLE).decode()
    huge = "1" + "0" * 400
    assert '"x": 40,' in text
    with pytest.raises(SessionFormatError, match=r"^/session/notes/0/x: is a number too large"):
        parse_session_file(text.replace('"x": 40,', f'"x": {huge},', 1).encode())
    largest = str(int(sys.float_info.max))  # 309 digits, and a finite double
    assert parse_session_file(text.replace('"x": 40,', f'"x": {largest},', 1).encode())


def test_a_repeated_key_deep_in_a_real_file_is_named_by_its_pointer():
    text = encode(EXAMPLE).decode()
    repeated = text.replace('"text": ', '"text": "first", "text": ', 1)
    with pytest.raises(SessionFormatError, match=r"^/session/notes/0: has the key 'text' twice"):
        parse_session_file(repeated.encode())


def test_an_accepted_file_writes_back_as_strict_json_that_reads_back_the_same():
    session = parse_session_file(EXAMPLE_FILE.read_bytes())
    written = dump_session(session)
    json.loads(written, parse_constant=lambda name: pytest.fail(f"{name} written"))
    assert parse_session_file(written) == session


def test_oversized_file_is_refused_before_parsing():
    oversized = b" " * (limits.MAX_FILE_BYTES + 1)
    with pytest.raises(SessionFormatError, match="the limit is 50 MiB"):
        parse_session_file(oversized)


def test_repeated_dot_entries_are_added_up():
    document = copy.deepcopy(EXAMPLE)
    dots = document["session"]["vote_rounds"][0]["dots"]
    dots[0]["count"] = 1
    dots.append(dict(dots[0]))
    session = parse_session_file(encode(document))
    merged = [d for d in session.vote_rounds[0].dots if d.voter_id == dots[0]["voter_id"]]
    assert {d.item_id: d.count for d in merged}[dots[0]["item_id"]] == 2


def test_anonymous_ideas_is_optional_and_written_only_when_set():
    session = parse_session_file(EXAMPLE_FILE.read_bytes())
    assert session.anonymous_ideas is False
    assert "anonymous_ideas" not in session_to_document(session)["session"]
    from dataclasses import replace

    anonymous = replace(session, anonymous_ideas=True)
    document = session_to_document(anonymous)
    assert document["session"]["anonymous_ideas"] is True
    assert parse_session_file(dump_session(anonymous)) == anonymous


def test_a_runoff_and_its_items_survive_a_round_trip_and_stay_out_at_their_default():
    from dataclasses import replace

    from app.core.results import session_result
    from app.core.types import Dot, RoundStatus, VoteRound

    session = parse_session_file(EXAMPLE_FILE.read_bytes())
    assert "runoff_of" not in session_to_document(session)["session"]["vote_rounds"][0]
    main = session.vote_rounds[0]
    ranked = session_result(session)
    assert ranked is not None
    first, second = ranked[1][1].item_id, ranked[1][2].item_id
    voter = session.participants[0].id
    runoff = VoteRound(
        "0f7e3c55-5b1d-4a36-9d55-2a4f0b6c9e11",
        "Runoff",
        main.target,
        1,
        1,
        True,
        True,
        RoundStatus.CLOSED,
        dots=(Dot(voter, second, 1),),
        item_ids=(first, second),
        runoff_of=main.id,
    )
    with_runoff = replace(session, vote_rounds=(main, runoff))
    written = session_to_document(with_runoff)["session"]["vote_rounds"][1]
    assert written["runoff_of"] == main.id and written["items"] == [first, second]
    again = parse_session_file(dump_session(with_runoff))
    assert again == with_runoff


def test_a_goal_idea_statuses_and_an_outcome_are_read_and_written_back_exactly():
    document = copy.deepcopy(EXAMPLE)
    session_part = document["session"]
    session_part["goal_record"] = GOAL
    session_part["notes"][0]["idea_status"] = "adopted"
    session_part["action_items"][0]["outcome"] = OUTCOME
    session = parse_session_file(encode(document))
    assert session.goal_record is not None
    assert session.goal_record.title == GOAL["title"] and session.goal_record.baseline == 14
    assert session.goal_record.target_date == date(2027, 6, 30)
    assert dict(session.idea_statuses) == {session_part["notes"][0]["id"]: "adopted"}
    outcome = session.action_items[0].outcome
    assert outcome is not None and outcome.decision is not None
    assert (outcome.result.value, outcome.decision.value) == ("worked", "adopt")
    written = session_to_document(session, exported_at=None)["session"]
    assert written["goal_record"] == GOAL
    assert written["notes"][0]["idea_status"] == "adopted"
    assert "idea_status" not in written["notes"][1]  # left out at its default
    assert written["action_items"][0]["outcome"] == OUTCOME


def test_a_stack_is_read_and_written_back_and_left_out_at_its_default():
    document = copy.deepcopy(EXAMPLE)
    document["session"]["notes"][3]["merged_into"] = FAQ_NOTE.upper()
    session = parse_session_file(encode(document))
    assert session.notes[3].merged_into == FAQ_NOTE  # ids are read in lower case
    written = session_to_document(session)["session"]["notes"]
    assert written[3]["merged_into"] == FAQ_NOTE
    assert all("merged_into" not in note for note in written[:3])
    assert parse_session_file(dump_session(session)) == session


def test_where_an_idea_was_typed_is_read_and_written_back_and_left_out_at_laptop():
    document = copy.deepcopy(EXAMPLE)
    document["session"]["notes"][1]["via"] = "phone"
    document["session"]["notes"][2]["via"] = "laptop"
    session = parse_session_file(encode(document))
    assert [note.via for note in session.notes] == [
        Via.LAPTOP,
        Via.PHONE,
        Via.LAPTOP,
        Via.LAPTOP,  # a file without the field: typed at the laptop
    ]
    written = session_to_document(session)["session"]["notes"]
    assert written[1]["via"] == "phone"
    assert all("via" not in note for i, note in enumerate(written) if i != 1)
    assert parse_session_file(dump_session(session)) == session


def test_the_example_file_writes_no_optional_field():
    written = session_to_document(parse_session_file(encode(EXAMPLE)))["session"]
    assert "goal_record" not in written
    assert all("idea_status" not in note for note in written["notes"])
    assert all("merged_into" not in note for note in written["notes"])
    assert all("via" not in note for note in written["notes"])
    assert all("outcome" not in action for action in written["action_items"])
