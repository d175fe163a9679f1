"""The session file's build-on links, prompts and phase techniques (issue 33's data).

A note's ``builds_on`` names a note of the file, never itself, and no chain loops;
``prompt`` is text of 0..200 characters; a phase's ``technique`` is one of the known
structures and ``technique_settings`` any JSON object, kept exactly. Each is left out
at its default, and files without them read as before.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from app.core.session_format import (
    SessionFormatError,
    dump_session,
    parse_session_file,
    session_to_document,
)
from app.core.session_ops import as_template, board_copy
from app.core.types import Technique, TechniqueSettings
from tests.core.test_session_format import (
    EXAMPLE,
    FAQ_NOTE,
    PAIRING_NOTE,
    UNKNOWN,
    Mutation,
    encode,
    set_at,
)

FIRST_NOTE = EXAMPLE["session"]["notes"][0]["id"]
SETTINGS = {"rounds": 6, "minutes": 5.5, "sheets": ["A", "B"], "ü/~": {"nested": None}}


def with_links(document: dict[str, Any]) -> dict[str, Any]:
    """The example with notes 1 and 2 building on note 0, note 3 on note 2, a prompt, a
    SCAMPER phase with settings."""
    linked = copy.deepcopy(document)
    notes = linked["session"]["notes"]
    notes[1]["builds_on"] = FIRST_NOTE.upper()  # ids are read in lower case
    notes[2]["builds_on"] = FIRST_NOTE
    notes[3]["builds_on"] = FAQ_NOTE
    notes[3]["prompt"] = "What could you combine it with?"
    phase = linked["session"]["phases"][0]
    phase["technique"] = "scamper"
    phase["technique_settings"] = SETTINGS
    return linked


def test_links_prompts_and_techniques_are_read_and_written_back_exactly():
    document = with_links(EXAMPLE)
    session = parse_session_file(encode(document))
    assert [n.builds_on for n in session.notes] == [None, FIRST_NOTE, FIRST_NOTE, FAQ_NOTE]
    assert session.notes[3].prompt == "What could you combine it with?"
    assert session.phases[0].technique is Technique.SCAMPER
    assert session.phases[0].technique_settings.as_mapping() == SETTINGS
    written = json.loads(dump_session(session))["session"]
    expected = copy.deepcopy(document["session"])
    expected["notes"][1]["builds_on"] = FIRST_NOTE
    assert written == expected
    # The settings' keys keep their order: a round trip is byte for byte.
    assert list(written["phases"][0]["technique_settings"]) == list(SETTINGS)
    assert parse_session_file(dump_session(session)) == session


def test_a_file_without_them_reads_with_defaults_and_writes_none_of_them():
    session = parse_session_file(encode(EXAMPLE))
    assert all(n.builds_on is None and n.prompt == "" for n in session.notes)
    assert all(p.technique is Technique.NONE for p in session.phases)
    assert all(p.technique_settings == TechniqueSettings() for p in session.phases)
    written = session_to_document(session)["session"]
    for note in written["notes"]:
        assert "builds_on" not in note and "prompt" not in note
    for phase in written["phases"]:
        assert "technique" not in phase and "technique_settings" not in phase


def loop(document: dict[str, Any]) -> None:
    notes = document["session"]["notes"]
    notes[0]["builds_on"] = notes[3]["id"]
    notes[3]["builds_on"] = notes[2]["id"]
    notes[2]["builds_on"] = notes[0]["id"]


BROKEN: list[tuple[str, Mutation, str]] = [
    (
        "a note building on an unknown note",
        set_at("/session/notes/1/builds_on", UNKNOWN),
        "/session/notes/1/builds_on: no note with this id",
    ),
    (
        "a note building on itself",
        set_at("/session/notes/3/builds_on", PAIRING_NOTE),
        "/session/notes/3/builds_on: a note cannot build on itself",
    ),
    (
        "notes building on each other in a loop",
        loop,
        "/session/notes/0/builds_on: these notes build on each other in a loop",
    ),
    (
        "a link that is no id",
        set_at("/session/notes/1/builds_on", 7),
        "/session/notes/1/builds_on",
    ),
    (
        "a prompt too long",
        set_at("/session/notes/1/prompt", "x" * 201),
        "/session/notes/1/prompt: is 201 characters long; the limit is 200",
    ),
    (
        "a prompt with a control character",
        set_at("/session/notes/1/prompt", "why\x07"),
        "/session/notes/1/prompt: has a control character (U+0007)",
    ),
    (
        "an unknown technique",
        set_at("/session/phases/1/technique", "six_hats"),
        "/session/phases/1/technique: must be one of",
    ),
    (
        "settings that are not an object",
        set_at("/session/phases/1/technique_settings", [1, 2]),
        "/session/phases/1/technique_settings: must be an object",
    ),
    (
        "settings with a control character inside",
        set_at("/session/phases/1/technique_settings", {"a/b": ["ok", "bad\x00"]}),
        "/session/phases/1/technique_settings/a~1b/1: has a control character (U+0000)",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "expected"), [(m, e) for _, m, e in BROKEN], ids=[name for name, _, _ in BROKEN]
)
def test_a_broken_link_prompt_or_technique_refuses_the_file(mutate: Mutation, expected: str):
    document = copy.deepcopy(EXAMPLE)
    mutate(document)
    with pytest.raises(SessionFormatError) as caught:
        parse_session_file(encode(document))
    assert str(caught.value).startswith(expected), str(caught.value)


def test_a_long_chain_is_no_loop():
    document = copy.deepcopy(EXAMPLE)
    notes = document["session"]["notes"]
    for child, parent in zip(notes[1:], notes, strict=False):
        child["builds_on"] = parent["id"]
    session = parse_session_file(encode(document))
    assert [n.builds_on for n in session.notes[1:]] == [n["id"] for n in notes[:-1]]


def test_copies_and_templates_keep_links_and_techniques_on_their_new_ids():
    session = parse_session_file(encode(with_links(EXAMPLE)))
    copy_ = board_copy(session)
    old_to_new = {old.id: new.id for old, new in zip(session.notes, copy_.notes, strict=True)}
    assert set(old_to_new).isdisjoint(old_to_new.values())
    assert [n.builds_on for n in copy_.notes] == [
        None if n.builds_on is None else old_to_new[n.builds_on] for n in session.notes
    ]
    assert [n.prompt for n in copy_.notes] == [n.prompt for n in session.notes]
    template = as_template(session)
    assert [(p.technique, p.technique_settings) for p in template.phases] == [
        (p.technique, p.technique_settings) for p in session.phases
    ]
    # The copy is a valid file: its links name notes of its own.
    assert parse_session_file(dump_session(copy_)) == copy_
