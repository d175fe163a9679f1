"""How often one phone may ask: a token bucket per device (or per address before joining).

Each key holds up to ``burst`` requests and earns ``rate`` more a second; a request
finding its bucket empty is refused. The clock is given, so tests move time by hand.
No aiohttp here: the rule is plain arithmetic.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

RATE_PER_SECOND = 5.0
"""Requests a second one phone may keep up: a tap, a poll and its page, with room to spare."""
BURST = 12
"""Requests one phone may make at once: the page, its script and style sheet, joining, a poll."""
_MAX_KEYS = 4096
"""Buckets kept before the full (idle) ones are dropped: a flood of addresses costs no memory."""


@dataclass(slots=True)
class _Bucket:
    tokens: float
    at: float


class RateLimiter:
    """A token bucket per key; :meth:`allow` says whether one more request may pass."""

    def __init__(
        self,
        rate: float = RATE_PER_SECOND,
        burst: int = BURST,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("A rate limit needs a rate above 0 and a burst of at least 1.")
        self._rate = rate
        self._burst = float(burst)
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        """Take one request from ``key``'s bucket; False if it is empty."""
        now = self._clock()
        with self._lock:
            bucket = self._buckets.get(key)
            if bucket is None:
                if len(self._buckets) >= _MAX_KEYS:
                    self._forget_full(now)
                bucket = self._buckets[key] = _Bucket(self._burst, now)
            else:
                bucket.tokens = min(self._burst, bucket.tokens + (now - bucket.at) * self._rate)
                bucket.at = now
            if bucket.tokens < 1.0:
                return False
            bucket.tokens -= 1.0
            return True

    def _forget_full(self, now: float) -> None:
        """Drop the buckets that have filled up again: forgetting them changes nothing."""
        full = [
            key
            for key, bucket in self._buckets.items()
            if bucket.tokens + (now - bucket.at) * self._rate >= self._burst
        ]
        for key in full:
            del self._buckets[key]
