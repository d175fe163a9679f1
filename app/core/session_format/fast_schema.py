"""A fast JSON Schema check, compiled from the schema into closures.

jsonschema walks the schema afresh for every value and builds error objects as it
goes; on a file of thousands of notes that costs fifty times reading the file. Here
the schema is compiled once into nested closures, each of which checks one value and
returns ``None`` when it is valid, or the path (a tuple of keys and indexes, relative
to that value) of the first offence it met.

Only the part of Draft 2020-12 that the session schema uses is compiled; a schema
with any other keyword is refused (:class:`SchemaCompileError`), so that no check is
ever silently left out. The semantics are jsonschema's: booleans are neither numbers
nor integers, ``1.0`` is an integer, ``enum``, ``const`` and ``uniqueItems`` compare
as JSON does (``true`` is not ``1``, ``1`` is ``1.0``), lengths count code points, and
each keyword applies only to values of its own type.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from app.core.session_format.json_semantics import (
    ecma_pattern,
    is_integer,
    is_number,
    json_equal,
    unique_items,
)

Path = tuple[str | int, ...]
Check = Callable[[Any], Path | None]
"""A compiled schema: ``None`` for a valid value, else the path of the first offence."""

VALIDATION_KEYWORDS = frozenset(
    {
        "$ref",
        "anyOf",
        "const",
        "enum",
        "items",
        "maxItems",
        "minItems",
        "uniqueItems",
        "maxLength",
        "minLength",
        "maximum",
        "minimum",
        "pattern",
        "properties",
        "required",
        "type",
    }
)
"""The keywords the compiler checks."""

ANNOTATION_KEYWORDS = frozenset(
    {"$schema", "$id", "$defs", "$comment", "title", "description", "default", "examples"}
)
"""Keywords that check nothing (``$defs`` holds schemas reached by ``$ref``)."""

DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
_HERE: Path = ()
_VALID: Path | None = None


class SchemaCompileError(ValueError):
    """The schema uses something the compiler cannot check exactly as jsonschema does."""


_TYPES: dict[str, Callable[[Any], bool]] = {
    "string": lambda value: isinstance(value, str),
    "object": lambda value: isinstance(value, dict),
    "array": lambda value: isinstance(value, list),
    "boolean": lambda value: isinstance(value, bool),
    "null": lambda value: value is None,
    "number": is_number,
    "integer": is_integer,
}
_STRING_KEYWORDS = ("minLength", "maxLength", "pattern")
_NUMBER_KEYWORDS = ("minimum", "maximum")
_ARRAY_KEYWORDS = ("items", "minItems", "maxItems", "uniqueItems")
_OBJECT_KEYWORDS = ("required", "properties")


def compile_schema(schema: Mapping[str, Any] | bool) -> Check:
    """Compile a whole (root) schema into one :data:`Check`.

    Every schema under ``$defs`` is compiled too, reached or not, so that an unknown
    keyword anywhere is refused. Raises :class:`SchemaCompileError`.
    """
    return _Compiler(schema).compile_root()


class _Compiler:
    """Compiles the schemas of one root, sharing the closures of ``$ref`` targets."""

    def __init__(self, root: Mapping[str, Any] | bool) -> None:
        self.root = root
        self.done: dict[str, Check] = {}
        self.busy: set[str] = set()

    def compile_root(self) -> Check:
        if isinstance(self.root, Mapping):
            declared = self.root.get("$schema", DRAFT_2020_12)
            if declared != DRAFT_2020_12:
                raise SchemaCompileError(f"only Draft 2020-12 is compiled, not {declared!r}")
        return self.reference("#")

    def compile(self, schema: object, where: str) -> Check:
        if schema is True:
            return _always_valid
        if schema is False:
            return _never_valid
        if not isinstance(schema, Mapping):
            raise SchemaCompileError(f"{where}: a schema must be an object or a boolean")
        unknown = sorted(set(schema) - VALIDATION_KEYWORDS - ANNOTATION_KEYWORDS)
        if unknown:
            raise SchemaCompileError(f"{where}: cannot compile keyword {unknown[0]!r}")
        if "$id" in schema and where != "#":
            raise SchemaCompileError(f"{where}: '$id' inside a schema is not compiled")
        for name in schema.get("$defs", {}):
            self.reference(f"{where}/$defs/{_escape(name)}")
        return self._node(schema, where)

    def reference(self, ref: str) -> Check:
        """The closure of a ``$ref`` target; a forwarder while that target compiles."""
        if ref != "#" and not ref.startswith("#/"):
            raise SchemaCompileError(f"only references inside the schema are compiled: {ref}")
        if ref in self.done:
            return self.done[ref]
        if ref in self.busy:  # a recursive schema: look the closure up when it is called
            done = self.done
            return lambda value: done[ref](value)
        self.busy.add(ref)
        check = self.compile(self._resolve(ref), ref)
        self.busy.discard(ref)
        self.done[ref] = check
        return check

    def _resolve(self, ref: str) -> object:
        target: object = self.root
        for part in ref.split("/")[1:]:
            name = part.replace("~1", "/").replace("~0", "~")
            if isinstance(target, Mapping) and name in target:
                target = target[name]
            elif isinstance(target, list) and name.isdigit() and int(name) < len(target):
                target = target[int(name)]
            else:
                raise SchemaCompileError(f"reference {ref} leads nowhere")
        return target

    def _node(self, schema: Mapping[str, Any], where: str) -> Check:
        types = _types(schema.get("type"), where) if "type" in schema else None
        groups = {
            "string": any(key in schema for key in _STRING_KEYWORDS),
            "number": any(key in schema for key in _NUMBER_KEYWORDS),
            "array": any(key in schema for key in _ARRAY_KEYWORDS),
            "object": any(key in schema for key in _OBJECT_KEYWORDS),
        }
        checks: list[Check] = []
        # One type, and keywords only for that type: one closure checks the type too.
        only = types[0] if types is not None and len(types) == 1 else None
        group_of_only = {"integer": "number"}.get(only or "", only)
        fused = only is not None and not any(
            present for group, present in groups.items() if group != group_of_only
        )
        if types is not None and not (fused and group_of_only in groups):
            checks.append(_type_check(types))
        typed = only if fused else None
        if groups["string"] or (fused and only == "string"):
            checks.append(self._string(schema, where, typed == "string"))
        if groups["number"] or (fused and group_of_only == "number"):
            checks.append(_number(schema, where, typed))
        if groups["array"] or (fused and only == "array"):
            checks.append(self._array(schema, where, typed == "array"))
        if groups["object"] or (fused and only == "object"):
            checks.append(self._object(schema, where, typed == "object"))
        if "const" in schema:
            checks.append(_enum([schema["const"]]))
        if "enum" in schema:
            values = schema["enum"]
            if not isinstance(values, list):
                raise SchemaCompileError(f"{where}/enum: must be an array")
            checks.append(_enum(values))
        if "$ref" in schema:
            ref = schema["$ref"]
            if not isinstance(ref, str):
                raise SchemaCompileError(f"{where}/$ref: must be a string")
            checks.append(self.reference(ref))
        if "anyOf" in schema:
            checks.append(self._any_of(schema["anyOf"], f"{where}/anyOf"))
        return _all_of(checks)

    def _string(self, schema: Mapping[str, Any], where: str, typed: bool) -> Check:
        shortest = _count(schema, "minLength", where, 0)
        longest = _count(schema, "maxLength", where, None)
        wanted = schema.get("pattern")
        if wanted is not None and not isinstance(wanted, str):
            raise SchemaCompileError(f"{where}/pattern: must be a string")
        search = ecma_pattern(wanted).search if wanted is not None else None
        limit = math.inf if longest is None else longest

        def check(value: Any) -> Path | None:
            if not isinstance(value, str):
                return _HERE if typed else _VALID
            if not shortest <= len(value) <= limit:
                return _HERE
            if search is not None and search(value) is None:
                return _HERE
            return _VALID

        return check

    def _array(self, schema: Mapping[str, Any], where: str, typed: bool) -> Check:
        fewest = _count(schema, "minItems", where, 0)
        most = _count(schema, "maxItems", where, None)
        limit = math.inf if most is None else most
        unique = schema.get("uniqueItems", False)
        if not isinstance(unique, bool):
            raise SchemaCompileError(f"{where}/uniqueItems: must be true or false")
        item = self.compile(schema["items"], f"{where}/items") if "items" in schema else None

        def check(value: Any) -> Path | None:
            if not isinstance(value, list):
                return _HERE if typed else _VALID
            if not fewest <= len(value) <= limit:
                return _HERE
            if item is not None:
                for index, entry in enumerate(value):
                    inner = item(entry)
                    if inner is not None:
                        return (index, *inner)
            if unique and not unique_items(value):
                return _HERE
            return _VALID

        return check

    def _object(self, schema: Mapping[str, Any], where: str, typed: bool) -> Check:
        names = schema.get("required", [])
        if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
            raise SchemaCompileError(f"{where}/required: must be an array of strings")
        required = frozenset(names)
        given = schema.get("properties", {})
        if not isinstance(given, Mapping):
            raise SchemaCompileError(f"{where}/properties: must be an object")
        properties = tuple(
            (name, self.compile(sub, f"{where}/properties/{_escape(name)}"))
            for name, sub in given.items()
        )

        def check(value: Any) -> Path | None:
            if not isinstance(value, dict):
                return _HERE if typed else _VALID
            if required and not value.keys() >= required:
                return _HERE
            for name, sub in properties:
                if name in value:
                    inner = sub(value[name])
                    if inner is not None:
                        return (name, *inner)
            return _VALID

        return check

    def _any_of(self, branches: object, where: str) -> Check:
        if not isinstance(branches, list) or not branches:
            raise SchemaCompileError(f"{where}: must be a non-empty array")
        compiled = [self.compile(sub, f"{where}/{index}") for index, sub in enumerate(branches)]
        nullable = any(_is_null_type(sub) for sub in branches)
        others = tuple(
            check for check, sub in zip(compiled, branches, strict=True) if not _is_null_type(sub)
        )
        if nullable and len(others) == 1:
            (other,) = others

            # Null or one schema: report the offence inside that schema, as the slow
            # path's messages do.
            def null_or(value: Any) -> Path | None:
                return _VALID if value is None else other(value)

            return null_or
        if nullable:
            others = (_null_only, *others)

        def any_of(value: Any) -> Path | None:
            for branch in others:
                if branch(value) is None:
                    return _VALID
            return _HERE

        return any_of


def _always_valid(_value: Any) -> Path | None:
    return _VALID


def _never_valid(_value: Any) -> Path | None:
    return _HERE


def _null_only(value: Any) -> Path | None:
    return _VALID if value is None else _HERE


def _escape(name: str) -> str:
    return name.replace("~", "~0").replace("/", "~1")


def _is_null_type(schema: object) -> bool:
    """Whether a schema is just ``{"type": "null"}`` (annotations aside)."""
    if not isinstance(schema, Mapping) or schema.get("type") not in ("null", ["null"]):
        return False
    return set(schema) - ANNOTATION_KEYWORDS == {"type"} and "$defs" not in schema


def _types(wanted: object, where: str) -> tuple[str, ...]:
    names = [wanted] if isinstance(wanted, str) else wanted
    if not isinstance(names, list) or not names or not all(name in _TYPES for name in names):
        raise SchemaCompileError(f"{where}/type: not a JSON Schema type: {wanted!r}")
    return tuple(names)


def _count(schema: Mapping[str, Any], keyword: str, where: str, default: int | None) -> Any:
    value = schema.get(keyword, default)
    if value is not default and (not is_integer(value) or isinstance(value, float) or value < 0):
        raise SchemaCompileError(f"{where}/{keyword}: must be a whole number, 0 or more")
    return value


def _type_check(types: tuple[str, ...]) -> Check:
    tests = tuple(_TYPES[name] for name in types)
    if len(tests) == 1:
        (test,) = tests

        def one_type(value: Any) -> Path | None:
            return _VALID if test(value) else _HERE

        return one_type

    def some_type(value: Any) -> Path | None:
        return _VALID if any(test(value) for test in tests) else _HERE

    return some_type


def _number(schema: Mapping[str, Any], where: str, typed: str | None) -> Check:
    bounds: dict[str, Any] = {}
    for keyword in _NUMBER_KEYWORDS:
        if keyword in schema:
            bound = schema[keyword]
            if not is_number(bound):
                raise SchemaCompileError(f"{where}/{keyword}: must be a number")
            bounds[keyword] = bound
    low = bounds.get("minimum")
    high = bounds.get("maximum")
    whole = typed == "integer"

    def check(value: Any) -> Path | None:
        kind = value.__class__
        if kind is int or kind is float:
            if whole and kind is float and not value.is_integer():
                return _HERE
        elif not is_number(value):
            return _HERE if typed else _VALID
        elif whole and not is_integer(value):
            return _HERE
        if low is not None and value < low:
            return _HERE
        if high is not None and value > high:
            return _HERE
        return _VALID

    return check


def _enum(values: list[Any]) -> Check:
    # A text equals only a text, so texts are looked up in a set.
    texts = frozenset(value for value in values if isinstance(value, str))
    others = tuple(value for value in values if not isinstance(value, str))

    def check(value: Any) -> Path | None:
        if isinstance(value, str):
            return _VALID if value in texts else _HERE
        for allowed in others:
            if json_equal(allowed, value):
                return _VALID
        return _HERE

    return check


def _all_of(checks: list[Check]) -> Check:
    if not checks:
        return _always_valid
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        first, second = checks

        def both(value: Any) -> Path | None:
            found = first(value)
            return found if found is not None else second(value)

        return both
    every = tuple(checks)

    def each(value: Any) -> Path | None:
        for check in every:
            found = check(value)
            if found is not None:
                return found
        return _VALID

    return each
