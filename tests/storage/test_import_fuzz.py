"""Import fuzzing: each mutated file imports whole or is refused, database untouched."""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.session_format import SessionFormatError, parse_session_file
from app.storage.database import Database
from app.storage.repository import SessionRepository
from tests.conftest import EXAMPLE_FILE
from tests.json_paths import paths
from tests.storage.contents import stored_contents

EXAMPLE: dict[str, Any] = json.loads(EXAMPLE_FILE.read_text("utf-8"))
WEIRD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.just("\ud800"),
    st.just("x" * 2001),
    st.just("00000000-0000-4000-8000-000000000000"),
    st.lists(st.integers(), max_size=3),
    st.recursive(st.none(), lambda inner: st.lists(inner, max_size=1), max_leaves=60),
)


ALL_PATHS = [p for p in paths(EXAMPLE) if p]


@st.composite
def mutated_files(draw: st.DrawFn) -> bytes:
    document = copy.deepcopy(EXAMPLE)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(ALL_PATHS))
        parent: Any = document
        try:
            for part in path[:-1]:
                parent = parent[part]
            action = draw(st.sampled_from(["delete", "replace", "duplicate"]))
            if action == "delete" and isinstance(parent, dict):
                parent.pop(path[-1], None)
            elif action == "duplicate" and isinstance(parent, list) and parent:
                parent.append(copy.deepcopy(parent[0]))
            else:
                parent[path[-1]] = draw(WEIRD_VALUES)
        except (KeyError, IndexError, TypeError):
            continue
    if draw(st.booleans()) and draw(st.booleans()):
        return json.dumps(document).replace("3", "NaN", 1).encode()
    return json.dumps(document, allow_nan=True).encode()


@given(data=mutated_files())
@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_a_file_imports_whole_or_changes_nothing(
    database: Database, repository: SessionRepository, data: bytes
):
    before = stored_contents(database)
    count = len(repository.list_sessions())
    try:
        session = parse_session_file(data)
    except SessionFormatError as error:
        assert "\n" not in str(error)
        assert stored_contents(database) == before  # refused: the database is unchanged
        return
    stored = repository.import_session(session)
    assert len(repository.list_sessions()) == count + 1
    assert repository.load_session(stored.id).notes == stored.notes


def test_deep_nesting_is_refused_cleanly():
    deep = "[" * 10_000 + "]" * 10_000
    document = json.dumps({"format": "dotstorm.session", "version": 1, "session": {}})
    data = document.replace("{}", deep).encode()
    with pytest.raises(SessionFormatError):
        parse_session_file(data)


def test_infinity_is_refused():
    text = json.dumps(EXAMPLE).replace('"x": 40', '"x": Infinity', 1)
    assert "Infinity" in text
    with pytest.raises(SessionFormatError, match="not valid JSON"):
        parse_session_file(text.encode())
    assert math.isinf(float("inf"))


def test_the_limit_on_size_is_checked_before_reading(tmp_path: Path):
    from app.export.session_file import SessionFileError, read_session_file

    big = tmp_path / "big.json"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024 + 1)
    with pytest.raises(SessionFileError, match="the limit is 50 MiB"):
        read_session_file(big)
