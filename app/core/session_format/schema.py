"""Validation against the packaged JSON Schema, with errors in plain words."""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any

from app.core.session_format.errors import Json, SessionFormatError
from app.core.session_format.fast_schema import Check, compile_schema
from app.core.session_format.json_semantics import ecma_pattern


@cache
def _schema() -> Json:
    text = resources.files("app.core").joinpath("session-v1.schema.json").read_text("utf-8")
    schema: Json = json.loads(text)
    return schema


def check_schema(document: Json) -> None:
    """Raise :class:`SessionFormatError` at the first schema error the check meets.

    The check stops there: a file with a million bad notes costs no more than one
    with a single bad note. A valid document is passed by the compiled check alone;
    only a refused one goes through jsonschema, whose errors the messages are made of.
    """
    check_against(document, _fast_check(), _validator())


def session_schema() -> Json:
    """The packaged session schema (its ``$defs`` serve the archive's ``goals.json`` too)."""
    return _schema()


def check_against(document: Json, fast_check: Check, validator: Any) -> None:
    """:func:`check_schema` with another schema: its compiled check and its validator."""
    found = fast_check(document)
    if found is None:
        return
    error = next(iter(validator.iter_errors(document)), None)
    if error is None:  # the two disagree: refuse all the same, never let the file in
        raise SessionFormatError(pointer(found), "does not match the session file schema")
    error = _innermost(error)
    raise SessionFormatError(pointer(error.absolute_path), _describe_schema_error(error))


@cache
def _fast_check() -> Check:
    """The packaged schema, compiled once into the fast check."""
    return compile_schema(_schema())


def _innermost(error: Any) -> Any:
    """For a nullable field (``anyOf`` null or something), the error inside that something.

    So a bad ``baseline`` inside a goal is reported at ``/session/goal_record/baseline``,
    not at the goal.
    """
    while error.validator == "anyOf" and error.context:
        branches = [
            sub
            for sub in error.context
            if sub.validator != "type" or sub.validator_value != "null"
        ]
        if not branches:
            break
        error = max(branches, key=lambda sub: len(sub.absolute_path))
    return error


@cache
def _validator() -> Any:
    """The session schema's validator (see :func:`validator_for`)."""
    return validator_for(_schema())


def validator_for(schema: Json) -> Any:
    """A Draft 2020-12 validator of ``schema`` whose patterns read as JSON Schema means.

    JSON Schema patterns are ECMA-262: ``$`` is the end of the text. Python's ``$``
    also matches before a final newline, so an id ending in a newline would pass and
    never be found again.
    """
    from jsonschema import Draft202012Validator, ValidationError, validators

    def pattern(validator: Any, wanted: str, instance: object, _schema: Json) -> Any:
        if isinstance(instance, str) and not ecma_pattern(wanted).search(instance):
            yield ValidationError(f"{instance[:80]!r} does not match {wanted!r}")

    checked = validators.extend(Draft202012Validator, {"pattern": pattern})
    return checked(schema)


def pointer(path: Sequence[object] | Any) -> str:
    """The JSON pointer (RFC 6901) of a path into the document."""
    parts = [str(part).replace("~", "~0").replace("/", "~1") for part in path]
    return "/" + "/".join(parts) if parts else ""


_PATTERN_NAMES = {
    "uuid": "is not a UUID",
    "time": "is not an RFC 3339 time with an offset or Z (e.g. 2026-11-23T14:05:00Z)",
    "date": "is not a YYYY-MM-DD date",
    "color": "is not a #RRGGBB colour",
}

_JSON_TYPE_NAMES = {
    "string": "a string",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "an array",
    "object": "an object",
    "null": "null",
}


def _json_type_of(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def _describe_schema_error(error: Any) -> str:
    """A plain-words message for one jsonschema error; never echoes a long value."""
    kind = error.validator
    value = error.validator_value
    instance = error.instance
    if kind == "required":
        missing = [name for name in value if name not in instance]
        return f"missing field {missing[0]!r}" if missing else "missing a field"
    if kind == "type":
        wanted = _JSON_TYPE_NAMES.get(value, str(value))
        return f"must be {wanted} (found {_json_type_of(instance)})"
    if kind in ("enum", "const"):
        allowed = value if kind == "enum" else [value]
        shown = ", ".join(str(item) for item in allowed)
        return f"must be one of: {shown}" if kind == "enum" else f"must be {shown!r}"
    if kind == "minLength":
        return "must not be empty" if value == 1 else f"needs at least {value} characters"
    if kind == "maxLength":
        return f"is {len(instance):,} characters long; the limit is {value:,}"
    if kind == "maxItems":
        return f"has {len(instance):,} entries; the limit is {value:,}"
    if kind == "minItems" and value == 1:
        return "must not be empty (leave it out, or null, for every item)"
    if kind == "minItems":
        entries = "entry" if len(instance) == 1 else "entries"
        return f"has {len(instance):,} {entries}; at least {value:,} are needed"
    if kind == "uniqueItems":
        return "lists the same item twice"
    if kind == "minimum":
        return f"must be at least {value} (found {instance})"
    if kind == "maximum":
        return f"must be at most {value} (found {instance})"
    if kind == "pattern":
        for name, definition in _schema()["$defs"].items():
            if definition.get("pattern") == value and name in _PATTERN_NAMES:
                return _PATTERN_NAMES[name]
        return "has the wrong form"
    return str(error.message)[:200]


# -- rules a schema cannot express: text characters, real times, ids and references
