"""How many connections the phones' server holds, and for how long.

aiohttp caps a request's size but not the connections that are open: a thousand
half-sent requests from one laptop on the Wi-Fi would hold a thousand of Dotstorm's
file handles, and the app could no longer open a file. Each connection is admitted
here first: at most :data:`MAX_PER_ADDRESS` from one address and :data:`MAX_CONNECTIONS`
in all (a phone's browser keeps a few), and none lives longer than
:data:`CONNECTION_LIFETIME` (a browser simply opens a new one for its next request;
a request sent a byte at a time is cut off). A connection refused is closed at once,
and logged once in a while, never once per attempt.

No Qt here, and nothing of the request: the wrapper sees only connections.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Callable
from typing import Any

MAX_CONNECTIONS = 200
"""Open connections in all: thirty phones keep a few each; far below the file handles."""
MAX_PER_ADDRESS = 12
"""Open connections from one address: a browser opens at most six to one server."""
CONNECTION_LIFETIME = 60.0
"""Seconds a connection may stay open, whatever it does."""

ProtocolFactory = Callable[[], asyncio.BaseProtocol]


class ConnectionLimits:
    """Admits connections within the caps and closes each after its lifetime."""

    def __init__(
        self,
        log: logging.Logger,
        *,
        total: int = MAX_CONNECTIONS,
        per_address: int = MAX_PER_ADDRESS,
        lifetime: float = CONNECTION_LIFETIME,
    ) -> None:
        self._log = log
        self._total = total
        self._per_address = per_address
        self.lifetime = lifetime
        self._open: Counter[str] = Counter()
        self._refused = 0

    @property
    def open_connections(self) -> int:
        """Connections admitted and not yet closed."""
        return sum(self._open.values())

    def admit(self, address: str) -> bool:
        """Count one more connection from ``address``; False (not counted) beyond a cap."""
        if self._open[address] >= self._per_address or self.open_connections >= self._total:
            self._refused += 1
            if self._refused in (1, 10) or self._refused % 1000 == 0:
                self._log.warning(
                    "refused connection from %s: too many open (%d refused so far)",
                    address,
                    self._refused,
                )
            return False
        self._open[address] += 1
        return True

    def release(self, address: str) -> None:
        """One connection from ``address`` closed."""
        self._open[address] -= 1
        if self._open[address] <= 0:
            del self._open[address]

    def wrap(self, factory: ProtocolFactory) -> Callable[[], asyncio.Protocol]:
        """A protocol factory for ``loop.create_server``: ``factory``'s protocols, guarded."""
        return lambda: _Guarded(factory(), self)


class _Guarded(asyncio.Protocol):
    """One connection: admitted or closed at once, closed at the end of its lifetime."""

    def __init__(self, inner: asyncio.BaseProtocol, limits: ConnectionLimits) -> None:
        self._inner: Any = inner
        self._limits = limits
        self._address: str | None = None
        self._timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        peer = transport.get_extra_info("peername")
        address = str(peer[0]) if peer else "an unknown address"
        if not self._limits.admit(address):
            if isinstance(transport, asyncio.WriteTransport):
                transport.abort()  # no goodbye: a flood is not worth a byte
            else:
                transport.close()
            return
        self._address = address
        loop = asyncio.get_running_loop()
        self._timer = loop.call_later(self._limits.lifetime, transport.close)
        self._inner.connection_made(transport)

    def data_received(self, data: bytes) -> None:
        if self._address is not None:
            self._inner.data_received(data)

    def eof_received(self) -> bool | None:
        if self._address is None:
            return None
        result: bool | None = self._inner.eof_received()
        return result

    def pause_writing(self) -> None:
        if self._address is not None:
            self._inner.pause_writing()

    def resume_writing(self) -> None:
        if self._address is not None:
            self._inner.resume_writing()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._address is None:
            return
        if self._timer is not None:
            self._timer.cancel()
        self._limits.release(self._address)
        self._address = None
        self._inner.connection_lost(exc)
