"""What a phone in the room may see and do: its seat, its ballot, when it may send ideas.

A phone speaks for one person of the session (picked from the session's people, one
phone per person) or, when the session takes anonymous ideas, for nobody. What it is
shown is built here and nowhere else, from what the laptop would show the room: the
phase, the question, the goal and the time; its own ballot in the round that is open,
of whatever kind (dots, rating or rank), in the order and with the own ideas the
laptop's ballot would show that person (:func:`laptop_order`,
:func:`app.core.voting.own_items`); the counts of others only when the laptop's ballot
would show them (:func:`app.core.voting.counts_shown`: a dot round's, never a rating's
or a rank's); never a face-down note, another voter's dots, values or places, or an
author's name. In a 6-3-5 phase with phones (:class:`SheetsNow`) a person is shown the
sheet they hold now and only that sheet's ideas (:mod:`app.core.phone_sheets`, built
on :func:`app.core.techniques.brainwriting.holder_view`): no text of another sheet
ever reaches a phone. The rules of a ballot are core's: :class:`app.core.voting.Ballot`,
:class:`app.core.rating.RatingBallot`, :class:`app.core.ranking.RankBallot`.

Plain data in, plain JSON-ready data out: no Qt, no database, no web server.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from app.core.build_on import first_words
from app.core.phone_sheets import Json, SheetsNow, phone_sheet
from app.core.ranking import RankBallot, rank_ballot_for
from app.core.rating import RatingBallot, rating_ballot_for
from app.core.techniques import brainwriting
from app.core.types import (
    Cluster,
    Criterion,
    Note,
    Participant,
    Phase,
    PhaseKind,
    RoundKind,
    VoteRound,
)
from app.core.voting import (
    SELF_VOTE_REFUSAL,
    ballot_for,
    ballot_sections,
    counts_shown,
    own_items,
    shown_order,
    tally,
)

IDEA_PHASES = frozenset({PhaseKind.IDEATE, PhaseKind.SILENT_IDEATE})
"""The phases in which a phone sends ideas."""


def idea_refusal(phase: Phase | None, locked: bool) -> str | None:
    """Why a phone cannot send an idea now, in words for its person; None when it can."""
    if phase is None:
        return "Every phase is done: the session takes no more ideas."
    if phase.kind not in IDEA_PHASES:
        return f"Ideas are sent during an ideas phase. Now: {phase.title}."
    if locked:
        return "Time is up and the board is locked."
    return None


class Seats:
    """Which phone speaks for whom: one phone a person, anonymous phones when allowed.

    The facilitator can release a person (their phone picks again); a new join code
    lets every phone go (:meth:`clear`).
    """

    def __init__(self) -> None:
        self._person_of: dict[str, str] = {}
        self._anonymous: set[str] = set()

    def person_of(self, device: str) -> str | None:
        """The person ``device`` speaks for, if it picked one."""
        return self._person_of.get(device)

    def is_anonymous(self, device: str) -> bool:
        """Whether ``device`` joined without a name."""
        return device in self._anonymous

    def is_seated(self, device: str) -> bool:
        """Whether ``device`` has picked a person or joined without a name."""
        return device in self._person_of or device in self._anonymous

    def seated(self) -> list[str]:
        """Every phone seated, with a name or without one (named ones first)."""
        return [*self._person_of, *sorted(self._anonymous)]

    def claimed(self) -> dict[str, str]:
        """Every person spoken for by a phone, and that phone."""
        return {person: device for device, person in self._person_of.items()}

    def claim(
        self, device: str, person: Participant | None, anonymous_allowed: bool
    ) -> str | None:
        """Seat ``device`` as ``person`` (or without a name); why not, or None when done."""
        if person is None:
            if not anonymous_allowed:
                return "This session's ideas carry their author's name: pick yours."
            self._person_of.pop(device, None)
            self._anonymous.add(device)
            return None
        holder = self.claimed().get(person.id)
        if holder is not None and holder != device:
            return f"{person.name} is already on another phone: ask the facilitator."
        self._anonymous.discard(device)
        self._person_of[device] = person.id
        return None

    def release(self, person_id: str) -> bool:
        """Let the phone speaking for ``person_id`` go back to picking; False if none did."""
        device = self.claimed().get(person_id)
        if device is None:
            return False
        del self._person_of[device]
        return True

    def forget(self, people: Mapping[str, Participant]) -> None:
        """Release the people no longer in the session."""
        for device, person in list(self._person_of.items()):
            if person not in people:
                del self._person_of[device]

    def clear(self) -> None:
        """Every phone let go."""
        self._person_of.clear()
        self._anonymous.clear()


@dataclass(frozen=True, slots=True)
class RoomNow:
    """What the room shows now, as a phone may learn it."""

    session_title: str
    question: str
    goal: str
    phase: Phase | None
    seconds_left: float | None
    """Seconds left in the phase (negative: over time); None without a countdown."""
    running: bool
    locked: bool
    people: Sequence[Participant]
    anonymous_allowed: bool
    open_round: VoteRound | None = None
    round_voter_ids: frozenset[str] = frozenset()
    """Who may vote in the open round."""
    round_items: Sequence[str] = ()
    """The open round's items, in the board's order."""
    item_labels: Mapping[str, str] = field(default_factory=dict)
    notes: Sequence[Note] = ()
    """The board's cards, as the laptop's ballot is given them (for its order and own ideas)."""
    clusters: Sequence[Cluster] = ()
    """The board's clusters, likewise."""
    on_laptop: str | None = None
    """The person whose ballot is open on the laptop now, if any."""
    sheets: SheetsNow | None = None
    """The 6-3-5 rotation phones write in now, if the phase runs one."""
    line: str = ""
    """The technique's line the room reads under the question now (a SCAMPER prompt, a
    1-2-4-All step's prompt, whose ideas NGT turned up last); "" for none."""
    builds_on: Note | None = None
    """The note an idea sent now builds on (SCAMPER's spotlit idea), if any."""


def phone_state(room: RoomNow, seats: Seats, device: str, ideas_sent: int) -> Json:
    """Everything ``device`` shows now, as JSON-ready data."""
    person_id = seats.person_of(device)
    people = {p.id: p for p in room.people}
    person = people.get(person_id) if person_id else None
    claimed = seats.claimed()
    me: Json | None
    if person is not None:
        me = {"person_id": person.id, "name": person.name}
    elif seats.is_anonymous(device):
        me = {"anonymous": True}
    else:
        me = None
    refusal = idea_refusal(room.phase, room.locked)
    holder = room.sheets.holder(device, person_id) if room.sheets is not None else None
    if refusal is None and room.sheets is not None:
        refusal = brainwriting.idea_refusal(
            room.sheets.settings,
            room.sheets.ideas,
            holder or "",
            room.sheets.elapsed_seconds,
        )
    return {
        "session": room.session_title,
        "question": room.question,
        "goal": room.goal,
        "phase": _phase(room.phase),
        "time": (
            None
            if room.seconds_left is None
            else {"left": round(room.seconds_left), "running": room.running}
        ),
        "me": me,
        "people": [
            {"id": p.id, "name": p.name, "taken": claimed.get(p.id, device) != device}
            for p in room.people
        ],
        "anonymous_allowed": room.anonymous_allowed,
        "ideas": {
            "open": refusal is None,
            "reason": refusal,
            "sent": ideas_sent,
            "builds_on": _builds_on_words(room.builds_on),
        },
        "line": room.line,
        "ballot": phone_ballot(room, person),
        "sheet": phone_sheet(room.sheets, holder),
    }


def _builds_on_words(note: Note | None) -> str | None:
    """The first words of the note a phone's idea builds on now; never a face-down one."""
    if note is None or note.hidden:
        return None
    return first_words(note.text)


def _phase(phase: Phase | None) -> Json | None:
    if phase is None:
        return None
    return {
        "title": phase.title,
        "ideas": phase.kind in IDEA_PHASES,
        "silent": phase.kind is PhaseKind.SILENT_IDEATE,
    }


def laptop_order(
    vote_round: VoteRound,
    voter_id: str,
    items: Sequence[str],
    notes: Sequence[Note],
    clusters: Sequence[Cluster],
) -> list[str]:
    """``items`` in the order the laptop's ballot shows them to ``voter_id``.

    The laptop's own choice (``VotingPage.start_ballot``), made with the same core
    functions: with ``shuffle`` on, the voter's own order (:func:`shown_order`); without
    it, a dot round cluster by cluster as on the board (:func:`ballot_sections`), a
    rating or rank round in the board's order. One voter sees one order on both.
    """
    if vote_round.kind is RoundKind.DOTS and not vote_round.shuffle:
        sections = ballot_sections(items, vote_round.target, notes, clusters)
        return [item for section in sections for item in section.item_ids]
    return shown_order(vote_round, voter_id, items)


def phone_ballot(room: RoomNow, person: Participant | None) -> Json | None:
    """The open round as ``person``'s phone shows it; None when no round is open.

    Only ``person``'s own dots, values or places; the others' dot totals only when the
    round shows counts (never in a blind round until it closes). A rating or rank
    ballot shows nobody else's numbers, as the laptop's does not. The voter's own ideas
    in a round without self-votes are listed, marked with the reason they are refused.
    """
    vote_round = room.open_round
    if vote_round is None:
        return None
    about: Json = {
        "round_id": vote_round.id,
        "title": vote_round.title,
        "kind": vote_round.kind.value,
        "blind": vote_round.blind,
    }
    if person is None:
        return {**about, "status": "no_name"}
    if person.id not in room.round_voter_ids:
        return {**about, "status": "not_a_voter"}
    if person.id in vote_round.finished_voter_ids:
        return {**about, "status": "done"}
    if room.on_laptop == person.id:
        return {**about, "status": "on_laptop"}
    order = laptop_order(vote_round, person.id, room.round_items, room.notes, room.clusters)
    own = own_items(vote_round, person.id, room.notes, room.clusters)
    if vote_round.kind is RoundKind.RATING:
        rating = rating_ballot_for(vote_round, person.id, order, own)
        return {**about, "status": "voting", **_rating(rating, room.item_labels)}
    if vote_round.kind is RoundKind.RANK:
        ranking = rank_ballot_for(vote_round, person.id, order, own)
        return {**about, "status": "voting", **_rank(ranking, room.item_labels)}
    ballot = ballot_for(vote_round, person.id, order, own)
    totals = tally(vote_round.dots, order) if counts_shown(vote_round) else None
    return {
        **about,
        "status": "voting",
        "dots_per_voter": vote_round.dots_per_voter,
        "max_per_item": vote_round.max_dots_per_item,
        "left": ballot.left,
        "items": [
            {
                **_item(item, room.item_labels, ballot.own),
                "mine": ballot.on(item),
                "total": None if totals is None else totals[item],
            }
            for item in order
        ],
    }


def _item(item: str, labels: Mapping[str, str], own: frozenset[str]) -> Json:
    """What every ballot says of an item: its id, its words, why it is refused (if it is)."""
    return {
        "id": item,
        "label": labels.get(item, ""),
        "refused": SELF_VOTE_REFUSAL if item in own else None,
    }


def _direction(criterion: Criterion) -> str:
    return "higher is better" if criterion.higher_is_better else "lower is better"


def _rating(ballot: RatingBallot, labels: Mapping[str, str]) -> Json:
    """A rating ballot: the criteria and, per item, the voter's own values (null: none)."""
    return {
        "criteria": [
            {
                "id": criterion.id,
                "name": criterion.name,
                "min": criterion.min,
                "max": criterion.max,
                "direction": _direction(criterion),
            }
            for criterion in ballot.criteria
        ],
        "rated": ballot.rated_items,
        "items": [
            {
                **_item(item, labels, ballot.own),
                "values": {c.id: ballot.value(item, c.id) for c in ballot.criteria},
            }
            for item in ballot.items
        ],
    }


def _rank(ballot: RankBallot, labels: Mapping[str, str]) -> Json:
    """A rank ballot: its size, the places left and, per item, the voter's own place."""
    return {
        "rank_size": ballot.rank_size,
        "left": ballot.left,
        "items": [
            {**_item(item, labels, ballot.own), "position": ballot.position_of(item)}
            for item in ballot.items
        ],
    }
