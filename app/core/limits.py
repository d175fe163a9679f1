"""The limits of the session format v1, shared by validation, storage and the UI."""

from __future__ import annotations

import re
import unicodedata

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_JSON_VALUES = 3_000_000
"""Values (array entries and object members) a session file may hold. A full file of
real content holds at most about two million; the budget keeps a file of tiny values
(``[[],[],...]``) from costing gigabytes before any check can run."""
MAX_TITLE = 200
MAX_NOTE_TEXT = 2000
MAX_GOAL = 2000
MAX_QUESTION = 2000
MAX_NAME = 100
MAX_DEPARTMENT = 100
MAX_PARTICIPANTS = 500
MAX_PHASES = 50
MAX_NOTES = 20_000
MAX_CLUSTERS = 2000
MAX_VOTE_ROUNDS = 100
MAX_DOTS_PER_VOTER = 99
MAX_ACTION_ITEMS = 1000
MAX_ACTION_TEXT = 2000  # an action's hypothesis and success metric, an outcome's learning
MAX_METRIC = 200  # a goal's metric, an outcome's "measured"
MAX_PROMPT = 200  # the prompt a note answered (a SCAMPER question)
MAX_UNIT = 20
MAX_PHASE_SECONDS = 86_400
MIN_CRITERIA = 2
MAX_CRITERIA = 5
"""A rating round's criteria: 2 to 5 of them."""
MAX_CRITERION_NAME = 60
MAX_SCALE_SPAN = 10
"""A criterion's ``max - min``: at most 11 steps (0 to 10, or 1 to 11)."""
MIN_RANK_SIZE = 2
MAX_RANK_SIZE = 10
"""How many items each voter ranks in a rank round."""
_FORBIDDEN_CHARACTER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
"""Unicode's control characters (category Cc, a fixed set) but tab and newline, and
lone surrogates (Cs): one regular expression, not a category lookup per character."""


class LimitReached(ValueError):
    """A session would outgrow what its file format holds; the message says which limit."""


def session_limit(kind: str) -> int:
    """How many of ``kind`` ("notes", "clusters", "vote rounds", "actions") a session holds."""
    return {
        "notes": MAX_NOTES,
        "clusters": MAX_CLUSTERS,
        "vote rounds": MAX_VOTE_ROUNDS,
        "actions": MAX_ACTION_ITEMS,
    }[kind]


def check_room(kind: str, have: int, adding: int = 1) -> None:
    """Raise :class:`LimitReached` unless ``adding`` more of ``kind`` fit beside ``have``.

    Checked where a session grows, so that it never outgrows the file it exports to.
    """
    limit = session_limit(kind)
    if have + adding > limit:
        raise LimitReached(f"A session holds at most {limit:,} {kind}, and this one has {have:,}.")


class TextError(ValueError):
    """A piece of text breaks the format's rules; the message says how, in plain words."""


def text_problem(text: str, *, max_length: int, min_length: int = 0) -> str | None:
    """Say what is wrong with ``text`` under the format's text rules, or ``None``.

    Text is any Unicode except lone surrogates and control characters other than tab
    and newline. Lengths count code points, as the spec does.
    """
    if len(text) < min_length:
        return (
            "must not be empty" if min_length == 1 else f"needs at least {min_length} characters"
        )
    if len(text) > max_length:
        return f"is {len(text):,} characters long; the limit is {max_length:,}"
    found = _FORBIDDEN_CHARACTER.search(text)
    if found is None:
        return None
    char, index = found.group(), found.start()
    if unicodedata.category(char) == "Cc":
        return f"has a control character (U+{ord(char):04X}) at position {index + 1}"
    return f"has a lone surrogate (U+{ord(char):04X}) at position {index + 1}"


def check_text(label: str, text: str, *, max_length: int, min_length: int = 0) -> str:
    """Return ``text`` unchanged if it is valid, else raise :class:`TextError`."""
    problem = text_problem(text, max_length=max_length, min_length=min_length)
    if problem is not None:
        raise TextError(f"{label} {problem}")
    return text
