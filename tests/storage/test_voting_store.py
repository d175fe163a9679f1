"""Rounds in storage: settings, ballots dot by dot, turnout, redo, runoffs."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from app.core.session_format import parse_session_file
from app.core.types import Dot, RoundStatus, Via, VoteRound, VoteTarget, new_id
from app.storage.repository import SessionRepository
from tests.conftest import EXAMPLE_FILE

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def test_a_round_with_voters_items_turnout_and_runoff_reads_back(repository: SessionRepository):
    example = parse_session_file(EXAMPLE_FILE.read_bytes())
    repository.add_session(example)
    people = [p.id for p in example.participants]
    notes = [n.id for n in example.notes]
    runoff = VoteRound(
        id=new_id(),
        title="Runoff",
        target=VoteTarget.NOTES,
        dots_per_voter=1,
        max_dots_per_item=1,
        anonymous=True,
        blind=True,
        status=RoundStatus.OPEN,
        opened_at=NOW,
        voter_ids=tuple(people[1:]),
        item_ids=tuple(notes[:2]),
        runoff_of=example.vote_rounds[0].id,
    )
    repository.voting.add_vote_round(example.id, runoff)
    assert repository.load_session(example.id).vote_rounds[1] == runoff

    repository.voting.save_ballot(runoff.id, people[1], [Dot(people[1], notes[0], 1)])
    repository.voting.save_ballot(runoff.id, people[1], [Dot(people[1], notes[1], 1)])  # moved it
    repository.voting.set_ballot_finished(runoff.id, people[1], True)
    repository.voting.save_ballot(runoff.id, people[2], [Dot(people[2], notes[0], 1)])
    stored = repository.load_session(example.id).vote_rounds[1]
    assert stored.dots == (Dot(people[1], notes[1], 1), Dot(people[2], notes[0], 1))
    assert stored.finished_voter_ids == (people[1],)

    repository.voting.set_ballot_finished(runoff.id, people[1], False)  # the facilitator's redo
    stored = repository.load_session(example.id).vote_rounds[1]
    assert stored.finished_voter_ids == ()
    assert stored.dots == (Dot(people[2], notes[0], 1),)

    closed = replace(stored, status=RoundStatus.CLOSED, closed_at=NOW)
    repository.voting.update_vote_round(example.id, closed)
    assert repository.load_session(example.id).vote_rounds[1] == closed
    assert repository.load_session(example.id).vote_rounds[0] == example.vote_rounds[0]


def test_a_round_removed_and_put_back_keeps_its_dots_and_ballots(repository: SessionRepository):
    example = parse_session_file(EXAMPLE_FILE.read_bytes())
    repository.add_session(example)
    (vote_round,) = repository.load_session(example.id).vote_rounds
    repository.voting.delete_vote_round(example.id, vote_round.id)
    assert repository.load_session(example.id).vote_rounds == ()
    repository.voting.add_vote_round(example.id, vote_round)
    assert repository.load_session(example.id).vote_rounds == (vote_round,)


def test_a_vote_again_undone_gives_the_voter_back_their_dots(repository: SessionRepository):
    example = parse_session_file(EXAMPLE_FILE.read_bytes())
    repository.add_session(example)
    (vote_round,) = repository.load_session(example.id).vote_rounds
    voter = vote_round.dots[0].voter_id
    theirs = tuple(d for d in vote_round.dots if d.voter_id == voter)
    repository.voting.set_ballot_finished(vote_round.id, voter, True)
    repository.voting.set_ballot_finished(vote_round.id, voter, False)
    cleared = repository.load_session(example.id).vote_rounds[0]
    assert all(d.voter_id != voter for d in cleared.dots)
    repository.voting.restore_ballot(vote_round.id, voter, theirs, finished=True)
    back = repository.load_session(example.id).vote_rounds[0]
    assert sorted(back.dots, key=str) == sorted(vote_round.dots, key=str)
    assert voter in back.finished_voter_ids


def test_a_ballot_finished_on_a_phone_reads_back_as_one_and_keeps_it_through_a_vote_again(
    repository: SessionRepository,
):
    example = parse_session_file(EXAMPLE_FILE.read_bytes())
    repository.add_session(example)
    (vote_round,) = example.vote_rounds
    people = [p.id for p in example.participants]
    repository.voting.set_ballot_finished(vote_round.id, people[0], True, via=Via.PHONE)
    repository.voting.set_ballot_finished(vote_round.id, people[1], True)  # at the laptop
    repository.voting.set_ballot_finished(vote_round.id, people[2], True, via=Via.PHONE)

    def finished_and_phones() -> tuple[set[str], set[str]]:
        # Done pressed within one second reads back in either order: compare who.
        stored = repository.load_session(example.id).vote_rounds[0]
        return set(stored.finished_voter_ids), set(stored.phone_voter_ids)

    assert finished_and_phones() == (set(people[:3]), {people[0], people[2]})
    theirs = tuple(d for d in vote_round.dots if d.voter_id == people[0])
    repository.voting.set_ballot_finished(vote_round.id, people[0], False)  # vote again
    assert finished_and_phones() == ({people[1], people[2]}, {people[2]})
    repository.voting.restore_ballot(vote_round.id, people[0], theirs, True, via=Via.PHONE)
    assert finished_and_phones() == (set(people[:3]), {people[0], people[2]})
    repository.voting.restore_ballot(vote_round.id, people[1], (), True)  # a laptop's stays one
    assert finished_and_phones() == (set(people[:3]), {people[0], people[2]})


def test_a_round_stored_whole_keeps_its_phones_ballots(repository: SessionRepository):
    """A session added whole (a copy, a restore of the database) and a round put back."""
    example = parse_session_file(EXAMPLE_FILE.read_bytes())
    people = [p.id for p in example.participants]
    (vote_round,) = example.vote_rounds
    voted = replace(
        vote_round, finished_voter_ids=tuple(people[:3]), phone_voter_ids=(people[0], people[2])
    )
    session = replace(example, vote_rounds=(voted,))
    repository.add_session(session)
    assert repository.load_session(example.id).vote_rounds == (voted,)
    repository.voting.delete_vote_round(example.id, voted.id)
    repository.voting.add_vote_round(example.id, voted)  # undoing its removal
    assert repository.load_session(example.id).vote_rounds == (voted,)
