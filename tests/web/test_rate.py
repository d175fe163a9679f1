"""How often one phone may ask (app/web/rate.py), on a clock moved by hand."""

from __future__ import annotations

import pytest

from app.web.rate import RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_passes_then_the_next_request_waits_for_the_bucket_to_refill():
    clock = Clock()
    limiter = RateLimiter(rate=2.0, burst=3, clock=clock)
    assert [limiter.allow("phone") for _ in range(4)] == [True, True, True, False]
    clock.now += 0.5  # one request earned back
    assert limiter.allow("phone")
    assert not limiter.allow("phone")
    clock.now += 60  # never more than the burst, however long the wait
    assert [limiter.allow("phone") for _ in range(4)] == [True, True, True, False]


def test_each_key_has_its_own_bucket():
    limiter = RateLimiter(rate=1.0, burst=1, clock=Clock())
    assert limiter.allow("one")
    assert not limiter.allow("one")
    assert limiter.allow("two")


def test_a_limit_that_lets_nothing_through_is_refused():
    with pytest.raises(ValueError, match="rate above 0"):
        RateLimiter(rate=0)
    with pytest.raises(ValueError, match="burst of at least 1"):
        RateLimiter(burst=0)
