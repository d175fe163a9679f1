"""The phones' desk in the session window: each phone's call answered on the window's thread.

A change from a phone travels the laptop's own path: an idea is an undo step pushed
through the board controller (the facilitator can undo it, and it is on the board and
the room's view as soon as it is stored); a dot, a rating or a place goes through the
same core ballot the laptop's turn uses (:class:`~app.core.voting.Ballot`,
:class:`~app.core.rating.RatingBallot`, :class:`~app.core.ranking.RankBallot`, with the
voter's own ideas refused in a round without self-votes) and is stored at once through
the document, never on the undo stack (as on the curtain); *Done* finishes the ballot
as the curtain's button does. What a phone is shown is
:func:`app.core.phone_view.phone_state`'s.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping

from PySide6.QtCore import QObject, Signal

from app.core import limits
from app.core.goals import goal_line
from app.core.limits import LimitReached, TextError
from app.core.phone_view import RoomNow, Seats, idea_refusal, phone_state
from app.core.ranking import rank_ballot_for
from app.core.rating import rating_ballot_for
from app.core.techniques.phase_line import captured_now
from app.core.types import Note, RoundKind, Via, VoteRound
from app.core.voting import NOT_IN_ROUND, ballot_for, own_items
from app.ui.board.controller import BoardController
from app.ui.document import SessionDocument
from app.ui.phones.bridge import NOT_SAVED
from app.ui.phones.sheets import PhoneSheets
from app.ui.timer.phase_timer import PhaseTimer
from app.web.desk import CallKind, PhoneAnswer, PhoneCall

PICK_A_NAME = "Pick your name first."
ANOTHER_KIND = "This round is voted another way: your phone shows its ballot again."
"""A dot sent to a rating round, a rating to a rank round, and so on (an old page)."""


class PhoneRoom(QObject):
    """Answers the phones' calls from the open session (see :mod:`app.web.desk`)."""

    seats_changed = Signal()
    """A phone picked a person, or was let go: the curtain and the panel show who."""
    phones_changed = Signal()
    """A phone joined."""

    def __init__(
        self,
        document: SessionDocument,
        timer: PhaseTimer,
        board: BoardController,
        on_laptop: Callable[[], str | None],
        parent: QObject | None = None,
    ) -> None:
        """``on_laptop`` names the person whose ballot is open on the laptop, if any."""
        super().__init__(parent)
        self._document = document
        self._timer = timer
        self._board = board
        self._on_laptop = on_laptop
        self.seats = Seats()
        self.sheets = PhoneSheets(document, timer, board, self.seats)
        """6-3-5's sheets on phones: who holds which, an idea on the sheet held."""
        self._ideas_sent: Counter[str] = Counter()
        self._ballot_phone: dict[tuple[str, str], str] = {}
        """(round, person) → the phone that started that person's ballot: a ballot under way
        goes on only there (a phone let go, or a new join code, cannot hand it on)."""
        document.reloaded.connect(self._people_may_have_changed)

    # ------------------------------------------------------------------ the facilitator

    def release(self, person_id: str) -> None:
        """Let the phone speaking for ``person_id`` pick again (it keeps its own dots)."""
        if self.seats.release(person_id):
            self.seats_changed.emit()

    def let_everyone_go(self) -> None:
        """Every phone's seat forgotten (a new join code was made, or phones went off)."""
        self.seats.clear()
        self.sheets.forget()
        self._ideas_sent.clear()
        self._ballot_phone.clear()
        self.seats_changed.emit()

    def claimed(self) -> dict[str, str]:
        """Every person spoken for by a phone, and that phone's name."""
        return self.seats.claimed()

    def _people_may_have_changed(self) -> None:
        self.seats.forget(self._document.people)
        self.seats_changed.emit()

    # ------------------------------------------------------------------ the phones

    def answer(self, call: PhoneCall) -> PhoneAnswer:
        """The answer to one phone's call (runs on the window's thread)."""
        if call.kind is CallKind.JOINED:
            self.phones_changed.emit()
            return PhoneAnswer.ok({})
        if call.kind is CallKind.NAME:
            refusal = self._seat(call.device, call.body)
        elif call.kind is CallKind.IDEA:
            refusal = self._idea(call.device, call.body)
        elif call.kind is CallKind.DOT:
            refusal = self._dot(call.device, call.body)
        elif call.kind is CallKind.RATE:
            refusal = self._rate(call.device, call.body)
        elif call.kind is CallKind.RANK:
            refusal = self._rank(call.device, call.body)
        elif call.kind is CallKind.DONE:
            refusal = self._done(call.device, call.body)
        else:
            refusal = None
        if refusal is not None:
            return PhoneAnswer.refused(refusal)
        return PhoneAnswer.ok(self.state(call.device))

    def state(self, device: str) -> dict[str, object]:
        """What ``device`` shows now."""
        return phone_state(self._room_now(), self.seats, device, self._ideas_sent[device])

    def _room_now(self) -> RoomNow:
        document = self._document
        session = document.session
        phase = document.current_phase
        countdown = self._timer.countdown
        open_round = document.voting.open_round()
        items: list[str] = []
        labels: dict[str, str] = {}
        voters: frozenset[str] = frozenset()
        if open_round is not None:
            items = document.voting.round_items(open_round)
            labels = {item: document.voting.item_label(open_round, item) for item in items}
            voters = frozenset(p.id for p in document.voting.round_voters(open_round))
        return RoomNow(
            session_title=session.title,
            question=session.question,
            goal=goal_line(session),
            phase=phase,
            seconds_left=self._timer.remaining() if countdown is not None else None,
            running=self._timer.running,
            locked=self._timer.board_locked,
            people=list(document.people.values()),
            anonymous_allowed=document.anonymous_ideas,
            open_round=open_round,
            round_voter_ids=voters,
            round_items=items,
            item_labels=labels,
            notes=list(document.board.notes.values()),
            clusters=list(document.board.clusters.values()),
            on_laptop=self._on_laptop(),
            sheets=self.sheets.now(),
            line=document.technique_line(),
            builds_on=self._builds_on(),
        )

    def _builds_on(self) -> Note | None:
        """The note a phone's idea builds on now (SCAMPER's spotlit idea), if it is there."""
        note_id = captured_now(self._document.current_phase).builds_on
        return None if note_id is None else self._document.board.note(note_id)

    def _seat(self, device: str, body: Mapping[str, object]) -> str | None:
        wanted = body.get("person_id")
        if wanted is not None and not isinstance(wanted, str):
            return "Pick a name from the list."
        person = self._document.people.get(wanted) if wanted is not None else None
        if wanted is not None and person is None:
            return "That name is not in this session any more: pick again."
        if person is not None and person.id == self._on_laptop():
            return f"{person.name} is voting on the laptop now: wait until they are done."
        if person is not None and self._ballot_started_elsewhere(person.id, device):
            return (
                f"{person.name}'s ballot was started on another phone or the laptop: "
                f"ask the facilitator to let {person.name} vote again."
            )
        refusal = self.seats.claim(device, person, self._document.anonymous_ideas)
        if refusal is None:
            self.seats_changed.emit()
        return refusal

    def _ballot_started_elsewhere(self, person_id: str, device: str) -> bool:
        """Whether ``person_id``'s ballot in the open round was started by anyone but ``device``.

        Dots, values and places alike. Nobody learns another's ballot by picking their
        name, not even in a blind round.
        """
        open_round = self._document.voting.open_round()
        if open_round is None or person_id in open_round.finished_voter_ids:
            return False
        given = [
            *(dot.voter_id for dot in open_round.dots),
            *(rating.voter_id for rating in open_round.ratings),
            *(rank.voter_id for rank in open_round.ranks),
        ]
        if person_id not in given:
            return False
        return self._ballot_phone.get((open_round.id, person_id)) != device

    def _author(self, device: str) -> tuple[bool, str | None]:
        """Whether ``device`` may write, and as whom (None: anonymous)."""
        person = self.seats.person_of(device)
        if person is not None:
            return True, None if self._document.anonymous_ideas else person
        return self.seats.is_anonymous(device), None

    def _idea(self, device: str, body: Mapping[str, object]) -> str | None:
        seated, author = self._author(device)
        if not seated:
            return PICK_A_NAME
        text = body.get("text")
        if not isinstance(text, str):
            return "Type an idea first."
        refusal = idea_refusal(self._document.current_phase, self._timer.board_locked)
        if refusal is not None:
            return refusal
        if self.sheets.now() is not None:
            try:
                refusal = self.sheets.idea(device, text)
            except (TextError, LimitReached) as error:
                return str(error)
            if refusal is None:
                self._ideas_sent[device] += 1
            return refusal
        board = self._document.board
        try:
            # Before the step, as a refusal: a full board is the phone's answer, not a
            # failed change for the window to recover from (and reload) on every idea.
            limits.check_room("notes", len(board.notes) + len(board.stacked_notes))
            fields = captured_now(self._document.current_phase)
            parent = self._builds_on()
            note = self._board.add_typed_note(
                text,
                author,
                via=Via.PHONE,
                builds_on=None if parent is None else parent.id,
                prompt=fields.prompt,
            )
        except (TextError, LimitReached) as error:
            return str(error)
        if note is None:
            return "Type an idea first."
        if note.id not in self._document.board.notes:
            return NOT_SAVED
        self._ideas_sent[device] += 1
        return None

    def _ballot_round(
        self, device: str, body: Mapping[str, object], kind: RoundKind | None = None
    ) -> tuple[str, str] | str:
        """The open round the call is about and the phone's person; or why not.

        ``kind``: the kind of round the call is for (None: any, as *Done*).
        """
        person = self.seats.person_of(device)
        if person is None:
            return PICK_A_NAME
        open_round = self._document.voting.open_round()
        if open_round is None or body.get("round_id") != open_round.id:
            return "This round is closed."
        if person not in {p.id for p in self._document.voting.round_voters(open_round)}:
            return "You are not a voter in this round."
        if person in open_round.finished_voter_ids:
            return "Your ballot is in: you are done in this round."
        if person == self._on_laptop():
            return "Your ballot is open on the laptop now."
        if kind is not None and open_round.kind is not kind:
            return ANOTHER_KIND
        return open_round.id, person

    def _items_and_own(
        self, vote_round: VoteRound, person: str
    ) -> tuple[list[str], frozenset[str]]:
        """The round's items, and those the voter may not vote on (as the laptop has them)."""
        voting, board = self._document.voting, self._document.board
        own = own_items(
            vote_round, person, list(board.notes.values()), list(board.clusters.values())
        )
        return voting.round_items(vote_round), own

    def _started(self, round_id: str, person: str, device: str) -> None:
        """``device`` changed ``person``'s ballot: it goes on only there."""
        self._ballot_phone.setdefault((round_id, person), device)

    def _dot(self, device: str, body: Mapping[str, object]) -> str | None:
        found = self._ballot_round(device, body, RoundKind.DOTS)
        if isinstance(found, str):
            return found
        round_id, person = found
        item = body.get("item_id")
        change = body.get("change")
        # type(...) is int: JSON's true is Python's True, and True == 1.
        if not isinstance(item, str) or type(change) is not int or change not in (1, -1):
            return "That is not a dot on this ballot."
        vote_round = self._document.voting.vote_round(round_id)
        ballot = ballot_for(vote_round, person, *self._items_and_own(vote_round, person))
        if item not in ballot.items:
            return NOT_IN_ROUND
        if change == 1:
            refusal = ballot.refusal(item)
            if refusal is not None:
                return refusal
            changed = ballot.add(item)
        else:
            changed = ballot.remove(item)
        self._document.voting.save_ballot(round_id, person, changed.dots(person))
        self._started(round_id, person, device)
        return None

    def _rate(self, device: str, body: Mapping[str, object]) -> str | None:
        """A value given or cleared, by the rules of :class:`RatingBallot`."""
        found = self._ballot_round(device, body, RoundKind.RATING)
        if isinstance(found, str):
            return found
        round_id, person = found
        item, criterion, value = body.get("item_id"), body.get("criterion_id"), body.get("value")
        if not isinstance(item, str) or not isinstance(criterion, str):
            return "That is not a rating on this ballot."
        if value is not None and type(value) is not int:
            return "That is not a rating on this ballot."
        vote_round = self._document.voting.vote_round(round_id)
        ballot = rating_ballot_for(vote_round, person, *self._items_and_own(vote_round, person))
        scale = ballot.criterion(criterion)
        # Clearing asks the same rules with a value on the scale: a value it does not need.
        given = value if value is not None else scale.min if scale is not None else 0
        refusal = ballot.refusal(item, criterion, given)
        if refusal is not None:
            return refusal
        if value is None:
            changed = ballot.clear(item, criterion)
        else:
            changed = ballot.rate(item, criterion, value)
        if changed != ballot:
            self._document.voting.save_ratings(round_id, person, changed.ratings(person))
            self._started(round_id, person, device)
        return None

    def _rank(self, device: str, body: Mapping[str, object]) -> str | None:
        """An item placed, moved or taken out, as the laptop's rank ballot does it."""
        found = self._ballot_round(device, body, RoundKind.RANK)
        if isinstance(found, str):
            return found
        round_id, person = found
        item, position = body.get("item_id"), body.get("position")
        if not isinstance(item, str) or (position is not None and type(position) is not int):
            return "That is not a place on this ballot."
        vote_round = self._document.voting.vote_round(round_id)
        ballot = rank_ballot_for(vote_round, person, *self._items_and_own(vote_round, person))
        if item not in ballot.items:
            return NOT_IN_ROUND
        if position is None:
            changed = ballot.take_out(item)
        else:
            refusal = ballot.put_refusal(item, position)
            if refusal is not None:
                return refusal
            changed, _ = ballot.put(item, position)  # as the laptop's rank ballot does
        if changed != ballot:
            self._document.voting.save_ranks(round_id, person, changed.ranks(person))
            self._started(round_id, person, device)
        return None

    def _done(self, device: str, body: Mapping[str, object]) -> str | None:
        found = self._ballot_round(device, body)
        if isinstance(found, str):
            return found
        round_id, person = found
        self._document.voting.finish_ballot(round_id, person, via=Via.PHONE)
        return None
