"""JSON as the session format reads it: strict where Python's ``json`` is lenient.

Python's ``json`` reads ``1e999`` as infinity, ``NaN`` and ``Infinity`` as numbers, a
whole number of 400 digits as an integer no column can hold, and a key given twice as
its last value. A session file allows none of these: numbers are finite (a whole number
too large for a double is not) and keys unique (the format page says so). Offences
are named with the JSON pointer of the value, found in one pass over the parsed
document.
"""

from __future__ import annotations

import json
import math

from app.core import limits
from app.core.session_format.errors import Json, SessionFormatError
from app.core.session_format.schema import pointer


class _RepeatedKeys(dict[str, object]):
    """An object in which a key appeared more than once (the first such key is kept)."""

    repeated: str = ""


def _object(pairs: list[tuple[str, object]]) -> dict[str, object]:
    result = dict(pairs)
    if len(result) == len(pairs):
        return result
    marked = _RepeatedKeys(result)
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            marked.repeated = key
            break
        seen.add(key)
    return marked


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


_STRUCTURE = b'",[{'
_NOT_STRUCTURE = bytes(set(range(256)) - set(_STRUCTURE))
_CHUNK = 1 << 20
_DOUBLE_DIGITS = 308
"""A whole number of no more digits than this (a sign aside) is a finite double."""


def load_file(data: bytes) -> Json:
    """The JSON document a file's bytes hold, read as strictly as a session file is.

    Refused with :class:`SessionFormatError`: over the size limit, too many values
    (counted before parsing), not UTF-8 (a byte-order mark is allowed), or JSON that
    :func:`load_strict` refuses.
    """
    if len(data) > limits.MAX_FILE_BYTES:
        raise SessionFormatError(
            "",
            f"the file is {len(data) / 1048576:.1f} MiB; the limit is "
            f"{limits.MAX_FILE_BYTES // 1048576} MiB",
        )
    check_value_count(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SessionFormatError(
            "", f"the file is not UTF-8 text (bad byte at offset {error.start})"
        ) from None
    return load_strict(text)


def check_value_count(data: bytes) -> None:
    """Refuse a file of more values than any session holds, before it is parsed.

    Commas and opening brackets outside strings count the values. Counting them all
    is a cheap upper bound; only a file over the budget is counted exactly.
    """
    if _structure_count(data) <= limits.MAX_JSON_VALUES:
        return
    if _count_outside_strings(data) > limits.MAX_JSON_VALUES:
        raise SessionFormatError(
            "",
            f"the file holds more than {limits.MAX_JSON_VALUES:,} values; no session "
            "file holds that many",
        )


def _structure_count(scanned: bytes) -> int:
    return scanned.count(b",") + scanned.count(b"[") + scanned.count(b"{")


def _count_outside_strings(data: bytes) -> int:
    """Commas and brackets outside strings, in bounded memory at C speed.

    Quotes and backslashes never occur inside a multi-byte UTF-8 sequence, so bytes
    do. Escaped backslashes go first, then escaped quotes; every quote left opens or
    closes a string. Of what remains only quotes, commas and brackets are kept, and
    the text between quotes alternates outside, inside, outside...
    """
    kept = data.replace(b"\\\\", b"").replace(b'\\"', b"").translate(None, _NOT_STRUCTURE)
    count = 0
    inside = False
    for start in range(0, len(kept), _CHUNK):
        parts = kept[start : start + _CHUNK].split(b'"')
        count += _structure_count(b"".join(parts[1 if inside else 0 :: 2]))
        inside ^= (len(parts) - 1) % 2 == 1
    return count


def load_strict(text: str) -> Json:
    """Parse ``text``; raise :class:`SessionFormatError` for what a session file forbids.

    Syntax errors say where (line and column); a repeated key or a number too large
    to be finite names the value's JSON pointer.
    """
    flagged: list[bool] = []

    def checked_object(pairs: list[tuple[str, object]]) -> dict[str, object]:
        result = _object(pairs)
        if isinstance(result, _RepeatedKeys):
            flagged.append(True)
        return result

    def checked_float(literal: str) -> float:
        value = float(literal)
        if not math.isfinite(value):
            flagged.append(True)
        return value

    def checked_int(literal: str) -> int:
        value = int(literal)
        if len(literal) > _DOUBLE_DIGITS and _beyond_double(value):
            flagged.append(True)
        return value

    try:
        document: Json = json.loads(
            text,
            parse_constant=_refuse_constant,
            object_pairs_hook=checked_object,
            parse_float=checked_float,
            parse_int=checked_int,
        )
    except json.JSONDecodeError as error:
        raise SessionFormatError(
            "", f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from None
    except ValueError as error:
        raise SessionFormatError("", f"not valid JSON: {error}") from None
    except RecursionError:
        raise SessionFormatError("", "the file nests too deeply to be a session file") from None
    if flagged:  # only then is the document walked, to name the first offence's place
        _check_values(document)
    return document


def _beyond_double(value: int) -> bool:
    """Whether a whole number is too large for a double (it would be stored as infinity)."""
    try:
        float(value)
    except OverflowError:
        return True
    return False


def _check_values(document: object) -> None:
    """The first repeated key or non-finite number, in file order, without recursion.

    Each value remembers only its parent's place, so the walk stays linear however
    deep the nesting; the pointer is built for the offending value alone.
    """
    places: list[tuple[int, object]] = [(-1, "")]  # (parent's place, key or index)
    stack: list[tuple[object, int]] = [(document, 0)]
    while stack:
        node, place = stack.pop()
        problem = ""
        if (isinstance(node, float) and not math.isfinite(node)) or (
            type(node) is int and _beyond_double(node)
        ):
            problem = "is a number too large to be finite"
        elif isinstance(node, _RepeatedKeys):
            problem = f"has the key {node.repeated!r} twice"
        if problem:
            where = _pointer_of(places, place)
            raise SessionFormatError(where, problem if where else f"the file {problem}")
        children: list[tuple[object, object]] = []
        if isinstance(node, dict):
            children = list(node.items())
        elif isinstance(node, list):
            children = list(enumerate(node))
        for key, value in reversed(children):
            places.append((place, key))
            stack.append((value, len(places) - 1))


def _pointer_of(places: list[tuple[int, object]], place: int) -> str:
    path: list[object] = []
    while place > 0:
        parent, key = places[place]
        path.append(key)
        place = parent
    return pointer(path[::-1])
