"""Validation against the packaged JSON Schema, with errors in plain words."""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any

from app.core.session_format.errors import Json, SessionFormatError


@cache
def _schema() -> Json:
    text = resources.files("app.core").joinpath("session-v1.schema.json").read_text("utf-8")
    schema: Json = json.loads(text)
    return schema


def check_schema(document: Json) -> None:
    """Raise :class:`SessionFormatError` at the schema error met first in file order."""
    from jsonschema import Draft202012Validator  # imported late: it is slow to import

    validator = Draft202012Validator(_schema())
    errors = list(validator.iter_errors(document))
    if not errors:
        return
    first = min(
        enumerate(errors),
        key=lambda pair: (_document_order(document, list(pair[1].absolute_path)), pair[0]),
    )[1]
    raise SessionFormatError(pointer(first.absolute_path), _describe_schema_error(first))


def _document_order(document: object, path: Sequence[object]) -> list[int]:
    """Turn a path into positions so that sorting by it follows the file's own order."""
    order: list[int] = []
    node = document
    for part in path:
        if isinstance(node, dict):
            keys = list(node)
            order.append(keys.index(part) if part in keys else len(keys))
            node = node.get(str(part))
        elif isinstance(node, list) and isinstance(part, int):
            order.append(part)
            node = node[part] if part < len(node) else None
        else:
            break
    return order


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
    if kind == "minItems":
        return "must not be empty (leave it out, or null, for every item)"
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
    if kind == "anyOf":
        # A nullable reference: report what the non-null branch says.
        for sub in sorted(error.context, key=lambda e: -len(e.absolute_path)):
            if sub.validator != "type" or sub.validator_value != "null":
                return _describe_schema_error(sub)
    return str(error.message)[:200]


# -- rules a schema cannot express: text characters, real times, ids and references
