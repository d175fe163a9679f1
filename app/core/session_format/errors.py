"""What every part of the session file format shares: its name, version and error."""

from __future__ import annotations

from typing import Any

FORMAT_NAME = "dotstorm.session"
FORMAT_VERSION = 1

Json = dict[str, Any]


class SessionFormatError(ValueError):
    """A session file breaks the format; ``pointer`` says where, ``reason`` says what."""

    def __init__(self, pointer: str, reason: str) -> None:
        super().__init__(f"{pointer}: {reason}" if pointer else reason)
        self.pointer = pointer
        self.reason = reason


# ---------------------------------------------------------------------------- reading
