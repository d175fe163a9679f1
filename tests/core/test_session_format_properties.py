"""Properties of the session format: valid sessions round-trip; the rest is refused cleanly."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.session_format import SessionFormatError, dump_session, parse_session_file
from app.core.types import Session
from tests.conftest import EXAMPLE_FILE
from tests.core.strategies import sessions

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@given(sessions())
@settings(max_examples=150, deadline=None)
def test_every_valid_session_reads_back_equal(session: Session):
    assert parse_session_file(dump_session(session)) == session


@given(json_values)
@settings(max_examples=300, deadline=None)
def test_arbitrary_json_is_refused_with_a_format_error_only(value: object):
    try:
        parse_session_file(json.dumps(value).encode())
    except SessionFormatError as error:
        assert str(error)
        assert "\n" not in str(error)


@given(st.lists(st.tuples(st.text(min_size=1, max_size=12), json_values), max_size=3))
@settings(max_examples=200, deadline=None)
def test_damaging_the_example_never_escapes_as_another_error(edits: list[tuple[str, object]]):
    document = json.loads(EXAMPLE_FILE.read_text("utf-8"))
    for key, value in edits:
        notes = document["session"].get("notes")
        if isinstance(notes, list) and notes and isinstance(notes[0], dict):  # still there
            notes[0][key] = value
        document["session"][key] = value
    try:
        parse_session_file(json.dumps(document).encode())
    except SessionFormatError as error:
        assert error.pointer.startswith("/session")
