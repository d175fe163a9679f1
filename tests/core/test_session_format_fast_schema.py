"""The compiled schema check: it agrees with jsonschema, edge by edge and under fuzzing."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.session_format import SessionFormatError
from app.core.session_format import schema as schema_module
from app.core.session_format.fast_schema import SchemaCompileError, compile_schema
from app.core.session_format.json_semantics import json_equal, unique_items
from app.core.session_format.schema import check_schema
from tests.conftest import EXAMPLE_FILE
from tests.json_paths import paths

EXAMPLE: dict[str, Any] = json.loads(EXAMPLE_FILE.read_text("utf-8"))
SESSION_SCHEMA = schema_module._schema()
FAST = compile_schema(SESSION_SCHEMA)
SLOW = schema_module._validator()


def _with_every_optional_field() -> dict[str, Any]:
    document = copy.deepcopy(EXAMPLE)
    session = document["session"]
    notes = session["notes"]
    session["anonymous_ideas"] = True
    session["goal_record"] = {
        "id": "0f0e0d0c-0b0a-4908-8706-050403020100",
        "title": "Half the repeat tickets",
        "why": "",
        "metric": "tickets",
        "unit": "",
        "baseline": 120,
        "target": 60.5,
        "target_date": "2027-06-30",
    }
    notes[0]["idea_status"] = "trying"
    notes[1]["merged_into"] = notes[0]["id"]
    notes[2]["merged_into"] = None
    vote = session["vote_rounds"][0]
    vote["runoff_of"] = None
    vote["items"] = [note["id"] for note in notes[:3]]
    session["action_items"][0]["outcome"] = {
        "result": "worked",
        "measured": "-30%",
        "learning": "",
        "decision": "adopt",
        "recorded_at": "2026-12-20T09:00:00+01:00",
    }
    return document


RICH = _with_every_optional_field()


def fast_valid(document: object) -> bool:
    return FAST(document) is None


def slow_valid(document: object) -> bool:
    return next(iter(SLOW.iter_errors(document)), None) is None


BASES = [EXAMPLE, RICH]
# Deepest first: hypothesis draws early entries more often, and the deep ones are many.
BASE_PATHS = [sorted((p for p in paths(base) if p), key=len, reverse=True) for base in BASES]


def _node(base: object, path: tuple[Any, ...]) -> Any:
    node: Any = base
    for part in path:
        node = node[part]
    return node


def _is_leaf(base: object, path: tuple[Any, ...]) -> bool:
    node = _node(base, path)
    return not isinstance(node, dict | list) or not node


ARRAY_PATHS = [
    [p for p in ps if isinstance(_node(b, p), list)]
    for b, ps in zip(BASES, BASE_PATHS, strict=True)
]
LEAF_PATHS = [[p for p in ps if _is_leaf(b, p)] for b, ps in zip(BASES, BASE_PATHS, strict=True)]

WEIRD = st.one_of(
    st.none(),
    st.booleans(),
    st.sampled_from([0, 1, 1.0, 5, 5.0, 6, 99, 100, 86400, 86400.0, 86401, -1, 0.5, -0.0]),
    st.sampled_from([2**70, -(2**70), 1e308, -1e308, 2**53 + 1, float(2**63)]),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["", "\n", " ", "x" * 200, "x" * 201, "x" * 2000, "x" * 2001, "é" * 200]),
    st.sampled_from(["#FFFFFF", "#ffffff\n", "#FFFFFG", "2026-12-04", "2026-12-04\n"]),
    st.sampled_from(["2026-11-23T14:05:00Z", "2026-11-23 14:05:00.5+01:00", "2026-11-23T14:05Z"]),
    st.sampled_from(
        ["00000000-0000-4000-8000-000000000000", "00000000-0000-4000-8000-00000000000"]
    ),
    st.sampled_from(["planned", "running", "done", "notes", "open", "new", "dotstorm.session"]),
    st.text(max_size=12),
    st.lists(st.integers(0, 2), max_size=3),
    st.just({}),
    st.dictionaries(st.sampled_from(["id", "title", "x"]), st.none(), max_size=2),
)


def _tweaked(draw: st.DrawFn, value: object) -> object:
    """A value close to ``value``: the kind of slip a hand-edited file makes."""
    if isinstance(value, bool):
        return draw(st.sampled_from([int(value), float(value), str(value).lower(), None]))
    if isinstance(value, int | float):
        return draw(
            st.sampled_from([float(value), value + 0.5, value + 1, -value, str(value), True])
        )
    if isinstance(value, str):
        return draw(
            st.sampled_from(
                [
                    value + "\n",
                    "\n" + value,
                    value + " ",
                    value.upper(),
                    value[:-1],
                    "",
                    value + "é" * 2000,
                    value[:1],
                ]
            )
        )
    if isinstance(value, list):
        if value:
            # A duplicate (unique arrays refuse it), none, or too many.
            return draw(
                st.sampled_from(
                    [[*value, copy.deepcopy(value[0])], [], [copy.deepcopy(value[0])] * 101]
                )
            )
        return draw(st.sampled_from([[None], [1], [True], [{}]]))
    if isinstance(value, dict):
        if value:
            trimmed = dict(value)
            trimmed.pop(draw(st.sampled_from(sorted(trimmed))))
            return trimmed
        return {"x": 1}
    return draw(WEIRD)


@st.composite
def mutated_documents(draw: st.DrawFn) -> object:
    which = draw(st.sampled_from(range(len(BASES))))
    document: Any = copy.deepcopy(BASES[which])
    for _ in range(draw(st.integers(1, 2))):
        path = draw(
            st.sampled_from(
                draw(st.sampled_from([LEAF_PATHS, LEAF_PATHS, BASE_PATHS, ARRAY_PATHS]))[which]
            )
        )
        parent: Any = document
        try:
            for part in path[:-1]:
                parent = parent[part]
            current = parent[path[-1]]
            action = draw(
                st.sampled_from(["delete", "replace", "replace", "tweak", "tweak", "tweak", "add"])
            )
            if action == "delete" and isinstance(parent, dict):
                del parent[path[-1]]
            elif action == "add" and isinstance(parent, dict):
                parent[draw(st.sampled_from(["extra", "items", "outcome", "idea_status"]))] = draw(
                    WEIRD
                )
            elif action == "tweak":
                parent[path[-1]] = _tweaked(draw, current)
            else:
                parent[path[-1]] = draw(WEIRD)
        except (KeyError, IndexError, TypeError):
            continue
    return document


@given(document=mutated_documents())
@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_the_fast_check_agrees_with_jsonschema(document: object):
    assert fast_valid(document) == slow_valid(document)


@given(document=mutated_documents())
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_check_schema_reports_what_jsonschema_reports(document: Any):
    error = next(iter(SLOW.iter_errors(document)), None)
    if error is None:
        check_schema(document)
        return
    error = schema_module._innermost(error)
    with pytest.raises(SessionFormatError) as raised:
        check_schema(document)
    assert raised.value.pointer == schema_module.pointer(error.absolute_path)
    assert raised.value.reason == schema_module._describe_schema_error(error)


def test_both_bases_are_valid():
    assert fast_valid(EXAMPLE) and slow_valid(EXAMPLE)
    assert fast_valid(RICH) and slow_valid(RICH)


# ------------------------------------------------------------------ edges, one by one


def agree(schema: dict[str, Any], instance: object) -> bool:
    """Whether ``instance`` is valid; asserts the fast check and jsonschema agree."""
    fast = compile_schema(schema)(instance) is None
    slow = SLOW.__class__(schema).is_valid(instance)  # Draft 2020-12, ECMA patterns
    assert fast == slow, (schema, instance)
    return fast


@pytest.mark.parametrize(
    ("instance", "valid"),
    [(1, True), (1.0, True), (-3, True), (2**80, True), (1.5, False), (True, False),
     (False, False), ("1", False), (None, False), (float("inf"), False)],
)  # fmt: skip
def test_integer_takes_whole_floats_but_no_booleans(instance: object, valid: bool):
    assert agree({"type": "integer"}, instance) is valid


@pytest.mark.parametrize(
    ("instance", "valid"),
    [(0, True), (0.25, True), (-(2**80), True), (True, False), (False, False), ("0", False)],
)
def test_number_takes_no_booleans(instance: object, valid: bool):
    assert agree({"type": "number"}, instance) is valid


@pytest.mark.parametrize(
    ("instance", "valid"),
    [(1, True), (5, True), (5.0, True), (0, False), (6, False), (0.999, False), (True, True),
     ("9", True), (None, True), (2**70, False)],
)  # fmt: skip
def test_bounds_apply_to_numbers_only(instance: object, valid: bool):
    # No type: a boolean or a text is not a number, so the bounds do not apply.
    assert agree({"minimum": 1, "maximum": 5}, instance) is valid


def test_bounds_and_integer_together():
    schema = {"type": "integer", "minimum": 1, "maximum": 5}
    assert agree(schema, 5.0)
    assert not agree(schema, 4.5)
    assert not agree(schema, True)
    assert not agree(schema, 0)


@pytest.mark.parametrize(
    ("instance", "valid"),
    [(1, True), (1.0, True), (True, False), ("1", False), ([1], False)],
)
def test_const_compares_as_json(instance: object, valid: bool):
    assert agree({"const": 1}, instance) is valid


@pytest.mark.parametrize(
    ("instance", "valid"),
    [(True, True), (1, False), (0, False), (False, False), ([True], False)],
)
def test_const_true_is_not_one(instance: object, valid: bool):
    assert agree({"const": True}, instance) is valid


@pytest.mark.parametrize(
    ("instance", "valid"),
    [("a", True), ("a\n", False), ("A", False), (0, True), (0.0, True), (False, False),
     (None, True), ([1, True], True), ([1.0, 1], False), ([True, True], False),
     ({"k": 1.0}, True), ({"k": True}, False), ({}, False)],
)  # fmt: skip
def test_enum_compares_as_json(instance: object, valid: bool):
    schema = {"enum": ["a", 0, None, [1, True], {"k": 1}]}
    assert agree(schema, instance) is valid


@pytest.mark.parametrize(
    ("instance", "valid"),
    [([], True), (["a", "b"], True), (["a", "a"], False), ([1, True], True),
     ([1, 1.0], False), ([0, False], True), ([True, True], False), ([[1], [True]], True),
     ([[1], [1.0]], False), ([{"a": 1}, {"a": 1.0}], False), ([{"a": 1}, {"a": True}], True),
     ([None, None], False), (["1", 1], True), ("aa", True), ({"a": 1}, True)],
)  # fmt: skip
def test_unique_items_compares_as_json(instance: object, valid: bool):
    assert agree({"uniqueItems": True}, instance) is valid


def test_unique_items_catches_a_repeat_the_sort_would_miss():
    # jsonschema sorts and compares neighbours; [1] == [True] in the sort hides the repeat.
    assert not unique_items([[1], [True], [1]])
    assert json_equal([1, {"a": 2.0}], [1.0, {"a": 2}])
    assert not json_equal([1, {"a": 2}], [1, {"a": 2, "b": 3}])


@pytest.mark.parametrize(
    ("instance", "valid"),
    [("ab", True), ("abc", True), ("a", False), ("abcd", False), ("éé", True),
     ("😀😀", True), ("😀😀😀😀", False), (12345, True), (None, True), (["a"], True)],
)  # fmt: skip
def test_lengths_count_code_points_of_texts_only(instance: object, valid: bool):
    assert agree({"minLength": 2, "maxLength": 3}, instance) is valid


@pytest.mark.parametrize(
    ("instance", "valid"),
    [([], False), ([1], True), ([1, 2, 3], False), ("x", True), ({"0": 1}, True)],
)
def test_item_counts_apply_to_arrays_only(instance: object, valid: bool):
    assert agree({"minItems": 1, "maxItems": 2}, instance) is valid


@pytest.mark.parametrize(
    ("instance", "valid"),
    [({"a": 1}, True), ({"a": 1, "b": "x"}, True), ({"a": "1"}, False), ({}, False),
     ({"b": 1}, False), ({"a": 1, "b": 2}, False), (["a"], True), ("a", True), (None, True)],
)  # fmt: skip
def test_required_and_properties_apply_to_objects_only(instance: object, valid: bool):
    schema = {"required": ["a"], "properties": {"a": {"type": "integer"}, "b": {"type": "string"}}}
    assert agree(schema, instance) is valid


@pytest.mark.parametrize(
    ("instance", "valid"),
    [([1, 2], True), ([1, "2"], False), ([], True), ("12", True), ({"0": "x"}, True)],
)
def test_items_apply_to_arrays_only(instance: object, valid: bool):
    assert agree({"items": {"type": "integer"}}, instance) is valid


@pytest.mark.parametrize(
    ("instance", "valid"),
    [("abc", True), ("abc\n", False), ("xabc", False), (7, True), (None, True)],
)
def test_pattern_dollar_is_the_end_of_the_text(instance: object, valid: bool):
    # ECMA's $: Python's re would also match before a final newline.
    assert agree({"pattern": "^abc$"}, instance) is valid
    assert agree({"pattern": "^a\\$"}, "a$") is True  # an escaped $ is a dollar sign


def test_the_schema_uuid_refuses_a_final_newline():
    uuid = "00000000-0000-4000-8000-000000000000"
    document = copy.deepcopy(EXAMPLE)
    document["session"]["id"] = uuid + "\n"
    assert not fast_valid(document)
    assert not slow_valid(document)
    document["session"]["id"] = uuid
    assert fast_valid(document)


@pytest.mark.parametrize(
    ("instance", "valid"),
    [(None, True), ("x", True), (3, False), (True, True), (1.5, False), ([], False)],
)
def test_type_lists_and_any_of(instance: object, valid: bool):
    assert agree({"type": ["null", "string", "boolean"]}, instance) is valid
    schema = {"anyOf": [{"type": "null"}, {"type": "string"}, {"type": "boolean"}]}
    assert agree(schema, instance) is valid


def test_refs_reach_defs_and_may_recurse():
    schema = {
        "$defs": {"tree": {"type": "array", "items": {"$ref": "#/$defs/tree"}, "maxItems": 2}},
        "$ref": "#/$defs/tree",
    }
    assert agree(schema, [[], [[]]])
    assert not agree(schema, [[], [[], [], []]])
    assert not agree(schema, [[1]])


def test_the_offence_is_located():
    document = copy.deepcopy(EXAMPLE)
    document["session"]["notes"][2]["impact"] = 9
    assert FAST(document) == ("session", "notes", 2, "impact")


def test_a_disagreement_is_refused_all_the_same(monkeypatch: pytest.MonkeyPatch):
    refuse_all = compile_schema({"type": "null"})
    monkeypatch.setattr(schema_module, "_fast_check", lambda: refuse_all)
    with pytest.raises(SessionFormatError) as raised:
        check_schema(copy.deepcopy(EXAMPLE))
    assert raised.value.pointer == ""
    assert raised.value.reason == "does not match the session file schema"


# --------------------------------------------------------------- what it will not compile


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "string", "format": "date"},
        {"properties": {"a": {"type": "object", "additionalProperties": False}}},
        {"$defs": {"unused": {"oneOf": [{"type": "null"}]}}},
        {"anyOf": [{"type": "null"}, {"not": {"type": "string"}}]},
        {"items": {"prefixItems": [{"type": "null"}]}},
        {"type": "strnig"},
        {"$ref": "https://example.com/other.json"},
        {"$ref": "#/$defs/missing"},
        {"$schema": "http://json-schema.org/draft-07/schema#"},
        {"maxLength": -1},
    ],
)
def test_an_unknown_keyword_or_form_is_refused(schema: dict[str, Any]):
    with pytest.raises(SchemaCompileError):
        compile_schema(schema)


def test_the_session_schema_uses_only_keywords_it_compiles():
    changed = copy.deepcopy(SESSION_SCHEMA)
    changed["$defs"]["note"]["properties"]["text"]["multipleOf"] = 2
    with pytest.raises(SchemaCompileError, match="multipleOf"):
        compile_schema(changed)
    compile_schema(SESSION_SCHEMA)  # the packaged one compiles
