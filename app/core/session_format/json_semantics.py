"""JSON values as JSON Schema sees them: its patterns, its equality, its numbers.

Python's own ``==``, ``re`` and ``isinstance`` differ from JSON Schema in small ways
(``True == 1``, ``$`` before a final newline, ``1.0`` not an ``int``). Both schema
checks of the session format (the fast one and jsonschema's) go by these.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache
from numbers import Number


@cache
def ecma_pattern(wanted: str) -> re.Pattern[str]:
    """A JSON Schema (ECMA-262) pattern as a Python regular expression.

    ECMA's ``$`` is the end of the text; Python's ``$`` also matches before a final
    newline, so an id ending in a newline would pass and never be found again.
    """
    if wanted.endswith("$") and not wanted.endswith("\\$"):
        wanted = wanted[:-1] + r"\Z"
    return re.compile(wanted)


def json_equal(one: object, two: object) -> bool:
    """Whether two JSON values are equal as JSON Schema compares them (jsonschema's way).

    Unlike ``==``, ``True`` is not ``1`` and ``False`` is not ``0``, also inside arrays
    and objects; ``1`` and ``1.0`` are equal.
    """
    if one is two:
        return True
    if isinstance(one, str) or isinstance(two, str):
        return one == two
    if isinstance(one, Sequence) and isinstance(two, Sequence):
        return len(one) == len(two) and all(
            json_equal(a, b) for a, b in zip(one, two, strict=True)
        )
    if isinstance(one, Mapping) and isinstance(two, Mapping):
        return len(one) == len(two) and all(
            key in two and json_equal(value, two[key]) for key, value in one.items()
        )
    if isinstance(one, bool) or isinstance(two, bool):
        return False  # the same boolean twice is caught by ``is`` above
    return bool(one == two)


def _equality_key(value: object) -> object:
    """A hashable stand-in: equal for two values exactly when :func:`json_equal` is."""
    if isinstance(value, str):
        return ("s", value)
    if isinstance(value, bool):
        return ("b", value)
    if isinstance(value, Sequence):
        return ("a", tuple(_equality_key(item) for item in value))
    if isinstance(value, Mapping):
        return ("o", frozenset((key, _equality_key(item)) for key, item in value.items()))
    return ("v", value)


def unique_items(values: Sequence[object]) -> bool:
    """Whether no two of ``values`` are :func:`json_equal`.

    jsonschema sorts and compares neighbours, which misses a repeat when the sort is no
    true order (``NaN``; ``[1]``, ``[true]``, ``[1]``); this never does.
    """
    if all(isinstance(value, str) for value in values):
        return len(set(values)) == len(values)
    try:
        return len({_equality_key(value) for value in values}) == len(values)
    except TypeError:  # something unhashable that is no JSON value: compare pairwise
        return not any(
            json_equal(values[i], values[j])
            for i in range(len(values))
            for j in range(i + 1, len(values))
        )


def is_number(value: object) -> bool:
    """JSON Schema's ``number``: any number but a boolean."""
    return not isinstance(value, bool) and isinstance(value, Number)


def is_integer(value: object) -> bool:
    """JSON Schema's ``integer``: an int but a boolean, or a float with a whole value."""
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())
