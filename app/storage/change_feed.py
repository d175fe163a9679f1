"""Other laptops' changes, as they happen: the server's notices on ``dotstorm_changes``.

Every change to a Dotstorm table on PostgreSQL sends a notice naming the writer (a
trigger; see migration 0008). The feed listens on a connection of its own and is
asked, a few times a minute, whether anyone else wrote: reading the notices that
arrived is a look at the socket, not a round trip to the server. A feed whose
connection dropped says "changed" once it is back, since notices sent meanwhile
were missed.
"""

from __future__ import annotations

import contextlib
import time
from typing import Any

from sqlalchemy import Engine

CHANNEL = "dotstorm_changes"
RETRY_AFTER_S = 30.0
"""How long the feed waits before it tries a server that was out of reach again."""


class ChangeFeed:
    """Whether another laptop changed the database since the last look."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._own_name = ""
        self._connection: Any = None
        self._missed = False
        self._next_try = 0.0
        self._listen()  # from now on: what is written after this is heard

    def changed_elsewhere(self) -> bool:
        """``True`` when another writer's notice arrived (or some may have been missed)."""
        if self._connection is None:
            # A server out of reach can take the connect timeout to say so: not at
            # every look, or the window would hang while the network is down.
            if time.monotonic() < self._next_try:
                return False
            if not self._listen():
                self._next_try = time.monotonic() + RETRY_AFTER_S
                return False
        try:
            writers = {notice.payload for notice in self._connection.notifies(timeout=0)}
        except Exception:  # psycopg's OperationalError, or the socket gone
            self.close()
            self._missed = True
            return False
        missed, self._missed = self._missed, False
        return missed or bool(writers - {self._own_name})

    def _listen(self) -> bool:
        import psycopg

        try:
            raw = self._engine.raw_connection()
        except Exception:
            return False
        driver = raw.driver_connection
        raw.detach()  # a connection of the feed's own, never handed back to the pool
        try:
            assert isinstance(driver, psycopg.Connection)
            driver.autocommit = True
            driver.execute(f"LISTEN {CHANNEL}")
            # The engine's writes are signed with the same name: they are not news.
            named = driver.execute("SHOW application_name").fetchone()
            self._own_name = str(named[0]) if named else ""
        except Exception:
            with contextlib.suppress(Exception):
                raw.close()
            return False
        self._connection = driver
        return True

    def close(self) -> None:
        """Stop listening."""
        if self._connection is not None:
            with contextlib.suppress(Exception):
                self._connection.close()
            self._connection = None


def change_feed(engine: Engine) -> ChangeFeed | None:
    """The feed of a shared server; ``None`` on SQLite (one laptop: nothing to hear)."""
    return None if engine.dialect.name == "sqlite" else ChangeFeed(engine)
