"""Where a phone's request is answered: the desk, on the facilitator's side.

The server knows no session: each request a phone makes that reads or changes the room
becomes a :class:`PhoneCall`, and the :class:`Desk` answers it with a
:class:`PhoneAnswer`. In the app the desk is the session window's, on the window's
thread (``app.ui.phones.bridge``): the server's thread hands the call over and waits
for the answer, so every change from a phone travels the laptop's own path.

No aiohttp and no Qt here: a desk is plain Python, and tests give the server one of
their own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol


class CallKind(StrEnum):
    """What a phone asks of the room."""

    JOINED = "joined"
    """A phone has just joined (the count of phones changes)."""
    STATE = "state"
    """What the phone shows now: the phase, the time, its person, its ballot."""
    NAME = "name"
    """The phone speaks for a person of the session (``person_id``), or for nobody (null)."""
    IDEA = "idea"
    """A new idea (``text``)."""
    DOT = "dot"
    """A dot placed (``change`` 1) or taken back (-1) on ``item_id`` in ``round_id``."""
    RATE = "rate"
    """A value given to ``item_id`` on ``criterion_id`` in rating round ``round_id`` (``value``
    a whole number), or cleared (``value`` null)."""
    RANK = "rank"
    """``item_id`` put at place ``position`` in rank round ``round_id`` (placed, or moved with
    a swap), or taken out of the ranking (``position`` null)."""
    DONE = "done"
    """The phone's person has finished their ballot in ``round_id``."""


@dataclass(frozen=True, slots=True)
class PhoneCall:
    """One request of one phone, as the desk sees it.

    ``device`` names the phone (not its cookie: the desk never holds a secret);
    ``body`` is what the phone sent, as parsed JSON, unchecked.
    """

    device: str
    kind: CallKind
    body: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PhoneAnswer:
    """The desk's answer: an HTTP status and a JSON body (a refusal carries ``message``)."""

    status: int
    body: Mapping[str, object]

    @classmethod
    def ok(cls, body: Mapping[str, object]) -> PhoneAnswer:
        """A 200 answer."""
        return cls(200, body)

    @classmethod
    def refused(cls, message: str, status: int = 409) -> PhoneAnswer:
        """A refusal with one sentence for the phone's person (409 unless said)."""
        return cls(status, {"message": message})


class Desk(Protocol):
    """Answers phones' calls; ``ask`` may be awaited from the server's event loop."""

    async def ask(self, call: PhoneCall) -> PhoneAnswer:
        """The answer to ``call`` (it may change the session)."""
        ...


class ClosedDesk:
    """A desk that answers nothing: the server runs with no session behind it."""

    async def ask(self, call: PhoneCall) -> PhoneAnswer:
        """Every call refused with 503."""
        return PhoneAnswer.refused("The facilitator's laptop is not taking part now.", 503)
