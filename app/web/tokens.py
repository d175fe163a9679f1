"""Who may talk to the phones' server: the join token and the device cookies.

The join token sits in the fragment of the join address (``#t=TOKEN``), so no request
line, log or Referer carries it: the page reads it and exchanges it, once, for a device
cookie. A new token can be made at any time; the old one stops working and every phone
joined with it is let go. Every comparison with a secret takes constant time.

Nothing here imports aiohttp: the window can hold a :class:`Tokens` with phones off.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import threading

TOKEN_BYTES = 32
"""Random bytes in a join token or a device cookie (256 bits; at least 128 are needed)."""
MASK = "***"
_SECRET_SHAPE = re.compile(r"[A-Za-z0-9_-]{20,}")
"""A run of URL-safe characters as long as a secret: masked in every line logged."""


def masked(text: str) -> str:
    """``text`` with anything shaped like a token or a cookie masked (``***``).

    By shape, not by value: an old token, a stolen cookie or one a phone made up is
    masked as well as the current ones.
    """
    return _SECRET_SHAPE.sub(MASK, text)


MAX_PHONES = 300
"""Phones one join code lets in: a big room, and a bound on what one person can open."""


class RoomFull(Exception):
    """Every place for a phone is taken; the message says so in one sentence."""


def _digest(cookie: str) -> str:
    """What the server keeps of a cookie: its SHA-256."""
    return hashlib.sha256(cookie.encode("utf-8", "replace")).hexdigest()


def _same(secret: str, candidate: str) -> bool:
    """Whether ``candidate`` is ``secret``, in time that does not depend on where they differ."""
    return hmac.compare_digest(secret.encode(), candidate.encode("utf-8", "replace"))


class Tokens:
    """The current join token and the device cookies of the phones that joined with it.

    Shared by the window's thread and the server's: every method holds a lock.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._token = secrets.token_urlsafe(TOKEN_BYTES)
        self._devices: dict[str, str] = {}
        """Each joined phone's cookie (its SHA-256, never the cookie itself), and the name
        the desk knows it by. Looked up by that digest: one dictionary probe a request,
        whatever the number of phones, and what it could leak by its timing is a digest
        of a 256-bit secret, not the secret."""
        self._joined = 0

    @property
    def token(self) -> str:
        """The join token in force."""
        with self._lock:
            return self._token

    @property
    def device_count(self) -> int:
        """How many phones have joined (and not been let go)."""
        with self._lock:
            return len(self._devices)

    def renew(self) -> str:
        """A new join token, returned: the old one stops working and every phone is let go."""
        with self._lock:
            self._token = secrets.token_urlsafe(TOKEN_BYTES)
            self._devices.clear()
            return self._token

    def join(self, candidate: str) -> str | None:
        """A new device cookie if ``candidate`` is the token in force, else None.

        Raises :class:`RoomFull` once :data:`MAX_PHONES` phones have joined with it.
        """
        with self._lock:
            if not _same(self._token, candidate):
                return None
            if len(self._devices) >= MAX_PHONES:
                raise RoomFull(f"This room takes {MAX_PHONES} phones, and all have joined.")
            cookie = secrets.token_urlsafe(TOKEN_BYTES)
            self._joined += 1
            self._devices[_digest(cookie)] = f"phone {self._joined}"
            return cookie

    def device_of(self, cookie: str | None) -> str | None:
        """The name of the phone whose cookie this is ("phone 3"); None if no joined phone's."""
        if not cookie:
            return None
        with self._lock:
            return self._devices.get(_digest(cookie))

    def knows(self, cookie: str | None) -> bool:
        """Whether ``cookie`` is the cookie of a phone that joined and was not let go."""
        return self.device_of(cookie) is not None

    def let_go(self, cookie: str) -> bool:
        """Forget one phone's cookie (its next request is refused); False if it was unknown."""
        with self._lock:
            return self._devices.pop(_digest(cookie), None) is not None
