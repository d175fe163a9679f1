"""Rating and rank rounds in storage: stored whole, ballot by ballot, and guarded.

Each round of a kind reads back exactly as written (criteria in order, every rating
and rank in the order given, the bias controls); a voter's ballot is replaced on its
own; a vote again empties it and its undo gives it back; the database itself refuses
what no ballot may hold.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from app.core.session_format import parse_session_file
from app.core.types import (
    Criterion,
    Rank,
    Rating,
    RoundKind,
    RoundStatus,
    Session,
    VoteRound,
)
from app.storage.database import Database
from app.storage.errors import ClusterHasVotes, NoteHasVotes, StorageError
from app.storage.repository import SessionRepository
from tests.conftest import EXAMPLE_FILE, as_given
from tests.storage.rating_rounds import (
    CLUSTER_ROUND_ID,
    CONFIDENCE,
    EFFORT,
    IMPACT,
    RANK_ROUND_ID,
    RATING_ROUND_ID,
    theirs,
    with_every_kind_of_round,
)


@pytest.fixture
def session(repository: SessionRepository) -> Session:
    stored = with_every_kind_of_round()
    repository.add_session(stored)
    return stored


def round_of(repository: SessionRepository, session_id: str, round_id: str) -> VoteRound:
    return next(r for r in repository.load_session(session_id).vote_rounds if r.id == round_id)


def test_a_session_with_every_kind_of_round_reads_back_exactly(
    repository: SessionRepository, session: Session
):
    loaded = as_given(repository.load_session(session.id), session)
    assert loaded == session
    kinds = [r.kind for r in loaded.vote_rounds]
    assert kinds == [RoundKind.DOTS, RoundKind.RATING, RoundKind.RATING, RoundKind.RANK]


def test_an_imported_session_reads_back_as_the_file_gave_it(repository: SessionRepository):
    """What a session file's import stores is what its export reads (``load_session``)."""
    given = with_every_kind_of_round()
    stored = repository.import_session(given)
    assert stored == given  # its ids were free: taken as they are
    assert as_given(repository.load_session(given.id), given) == given


def test_a_file_imported_twice_gives_its_copy_its_own_ballots(repository: SessionRepository):
    given = with_every_kind_of_round()
    repository.import_session(given)
    copy = repository.import_session(given)
    people = {p.id for p in copy.participants}
    items = {n.id for n in copy.notes} | {c.id for c in copy.clusters}
    loaded = repository.load_session(copy.id)
    for vote_round in loaded.vote_rounds:
        pairs = [(r.voter_id, r.item_id) for r in vote_round.ratings]
        pairs += [(r.voter_id, r.item_id) for r in vote_round.ranks]
        assert all(voter in people and item in items for voter, item in pairs)


@pytest.mark.parametrize("round_id", [RATING_ROUND_ID, CLUSTER_ROUND_ID, RANK_ROUND_ID])
def test_a_round_removed_and_put_back_keeps_its_criteria_ratings_and_ranks(
    repository: SessionRepository, session: Session, round_id: str
):
    vote_round = round_of(repository, session.id, round_id)
    repository.voting.delete_vote_round(session.id, round_id)
    assert round_id not in {r.id for r in repository.load_session(session.id).vote_rounds}
    repository.voting.add_vote_round(session.id, vote_round)  # undoing its removal
    assert round_of(repository, session.id, round_id) == vote_round


def test_a_rounds_settings_and_criteria_are_stored_and_a_criterion_taken_off_takes_its_ratings(
    repository: SessionRepository, session: Session
):
    vote_round = round_of(repository, session.id, RATING_ROUND_ID)
    impact, confidence, _effort = vote_round.criteria
    ease = Criterion("c0c0c0c0-0000-4000-8000-00000000000e", "Ease", 1, 11)
    changed = replace(
        vote_round,
        title="Score it again",
        criteria=(replace(confidence, name="Sure", min=-3, max=3), impact, ease),
        shuffle=False,
        no_self_votes=False,
        status=RoundStatus.CLOSED,
        closed_at=vote_round.opened_at,
    )
    repository.voting.update_vote_round(session.id, changed)
    stored = round_of(repository, session.id, RATING_ROUND_ID)
    kept = tuple(r for r in vote_round.ratings if r.criterion_id != EFFORT)
    assert stored == replace(changed, ratings=kept)
    assert len(kept) < len(vote_round.ratings)

    rank = round_of(repository, session.id, RANK_ROUND_ID)
    bigger = replace(rank, rank_size=5, shuffle=True, no_self_votes=False)
    repository.voting.update_vote_round(session.id, bigger)
    assert round_of(repository, session.id, RANK_ROUND_ID) == bigger
    # A round turned into a rating round before anyone voted: its ballots are not touched.
    as_rating = replace(bigger, kind=RoundKind.RATING, rank_size=None, criteria=(impact, ease))
    repository.voting.update_vote_round(session.id, as_rating)
    assert round_of(repository, session.id, RANK_ROUND_ID) == as_rating


def test_saving_a_voters_ratings_replaces_theirs_only_and_keeps_each_value_as_given(
    repository: SessionRepository, session: Session
):
    before = round_of(repository, session.id, RATING_ROUND_ID)
    ana, ben = (p.id for p in session.participants[:2])
    n1, n2 = (n.id for n in session.notes[:2])
    ballot = (
        Rating(ana, n2, CONFIDENCE, -5),
        Rating(ana, n2, EFFORT, 0),
        Rating(ana, n1, IMPACT, 10),
    )
    repository.voting.save_ratings(RATING_ROUND_ID, ana, ballot)
    after = round_of(repository, session.id, RATING_ROUND_ID)
    others = tuple(r for r in before.ratings if r.voter_id != ana)
    assert after.ratings == others + ballot  # theirs after the others, as dots are
    assert theirs(after, ben) == theirs(before, ben)
    repository.voting.save_ratings(RATING_ROUND_ID, ana, ())  # every value cleared
    assert round_of(repository, session.id, RATING_ROUND_ID).ratings == others
    assert round_of(repository, session.id, CLUSTER_ROUND_ID) == next(
        r for r in session.vote_rounds if r.id == CLUSTER_ROUND_ID
    )


def test_saving_a_voters_ranks_replaces_theirs_only(
    repository: SessionRepository, session: Session
):
    before = round_of(repository, session.id, RANK_ROUND_ID)
    ana, _ben, cho = (p.id for p in session.participants[:3])
    n1, n2, n3, n4 = (n.id for n in session.notes)
    ballot = (Rank(ana, n4, 1), Rank(ana, n2, 3), Rank(ana, n3, 2))  # moved around
    repository.voting.save_ranks(RANK_ROUND_ID, ana, ballot)
    after = round_of(repository, session.id, RANK_ROUND_ID)
    assert after.ranks == tuple(r for r in before.ranks if r.voter_id != ana) + ballot
    assert theirs(after, cho) == theirs(before, cho)
    assert n1  # unranked now


def test_a_vote_again_empties_the_ballot_and_its_undo_gives_back_exactly_what_it_held(
    repository: SessionRepository, session: Session
):
    ana, ben, cho = (p.id for p in session.participants[:3])
    for round_id, voter, other in ((RATING_ROUND_ID, ben, ana), (RANK_ROUND_ID, ana, cho)):
        before = round_of(repository, session.id, round_id)
        ratings, ranks = theirs(before, voter)
        assert (ratings or ranks) and voter in before.finished_voter_ids
        repository.voting.set_ballot_finished(round_id, voter, False)  # vote again
        cleared = round_of(repository, session.id, round_id)
        assert theirs(cleared, voter) == ((), ())
        assert voter not in cleared.finished_voter_ids
        assert theirs(cleared, other) == theirs(before, other)
        repository.voting.restore_ballot(round_id, voter, (), True, ratings=ratings, ranks=ranks)
        back = round_of(repository, session.id, round_id)
        assert theirs(back, voter) == (ratings, ranks)
        assert theirs(back, other) == theirs(before, other)
        assert set(back.finished_voter_ids) == set(before.finished_voter_ids)


def test_a_finished_ballot_keeps_its_ratings(repository: SessionRepository, session: Session):
    ana = session.participants[0].id
    before = round_of(repository, session.id, RATING_ROUND_ID)
    repository.voting.set_ballot_finished(RATING_ROUND_ID, ana, True)  # Done
    after = round_of(repository, session.id, RATING_ROUND_ID)
    assert after.ratings == before.ratings
    assert after.finished_voter_ids[-1] == ana


def test_the_database_refuses_a_rank_place_or_an_item_twice_for_one_voter(
    repository: SessionRepository, session: Session, database: Database
):
    ana, ben = (p.id for p in session.participants[:2])
    n1, n2, n3, _n4 = (n.id for n in session.notes)
    before = round_of(repository, session.id, RANK_ROUND_ID)
    for refused in (
        (Rank(ana, n1, 1), Rank(ana, n2, 1)),  # one place, two items
        (Rank(ana, n1, 1), Rank(ana, n1, 2)),  # one item, two places
        (Rank(ana, n3, 0),),  # no place 0
    ):
        with pytest.raises(StorageError):
            repository.voting.save_ranks(RANK_ROUND_ID, ana, refused)
        assert round_of(repository, session.id, RANK_ROUND_ID) == before  # nothing changed
    # Two voters may give one place, and one item, each.
    repository.voting.save_ranks(RANK_ROUND_ID, ben, (Rank(ben, n1, 1), Rank(ben, n3, 2)))
    insert = text(
        "INSERT INTO ranks (round_id, voter_id, position, item_id, entry) "
        "VALUES (:round, :voter, :position, :item, 99)"
    )
    for position, item in ((1, n3), (3, n1)):  # ana holds place 1, and item n1 at 1
        with pytest.raises(IntegrityError), database.engine.begin() as connection:
            connection.execute(
                insert, {"round": RANK_ROUND_ID, "voter": ana, "position": position, "item": item}
            )


def test_the_database_refuses_a_rating_twice_a_scale_too_long_and_a_criterion_of_no_round(
    repository: SessionRepository, session: Session, database: Database
):
    ana = session.participants[0].id
    n1 = session.notes[0].id
    with pytest.raises(StorageError):  # one voter, item and criterion: one rating
        repository.voting.save_ratings(
            RATING_ROUND_ID, ana, (Rating(ana, n1, IMPACT, 2), Rating(ana, n1, IMPACT, 3))
        )
    with pytest.raises(StorageError):  # a criterion this round does not have
        repository.voting.save_ratings(
            RATING_ROUND_ID, ana, (Rating(ana, n1, "c0c0c0c0-0000-4000-8000-0000000000ff", 2),)
        )
    assert round_of(repository, session.id, RATING_ROUND_ID) == next(
        r for r in session.vote_rounds if r.id == RATING_ROUND_ID
    )
    statements = (
        # 12 steps (0..11), and a scale upside down
        "INSERT INTO round_criteria (round_id, id, position, name, min, max, higher_is_better) "
        f"VALUES ('{RATING_ROUND_ID}', 'long', 9, 'Long', 0, 11, true)",
        "INSERT INTO round_criteria (round_id, id, position, name, min, max, higher_is_better) "
        f"VALUES ('{RATING_ROUND_ID}', 'flip', 9, 'Flip', 5, 1, true)",
        f"UPDATE vote_rounds SET rank_size = 11 WHERE id = '{RANK_ROUND_ID}'",
        f"UPDATE vote_rounds SET rank_size = 1 WHERE id = '{RANK_ROUND_ID}'",
        f"UPDATE vote_rounds SET kind = 'poll' WHERE id = '{RANK_ROUND_ID}'",
    )
    for statement in statements:
        with pytest.raises(IntegrityError), database.engine.begin() as connection:
            connection.execute(text(statement))


def test_a_rated_or_ranked_note_or_cluster_is_not_merged_or_ungrouped(
    repository: SessionRepository, session: Session
):
    n1, _n2, _n3, n4 = session.notes
    c1, _c2 = session.clusters
    # n4 has no dots in the dot round: only its ratings and ranks stand in the way.
    assert all(d.item_id != n4.id for d in session.vote_rounds[0].dots)
    with pytest.raises(NoteHasVotes, match="merging it would lose them"):
        repository.stacks.stack_notes(session.id, [replace(n4, merged_into=n1.id)])
    members = [n for n in session.notes if n.cluster_id == c1.id]
    with pytest.raises(ClusterHasVotes, match="ratings or ranks"):
        repository.board.delete_cluster(
            session.id, c1.id, [replace(n, cluster_id=None) for n in members]
        )
    assert as_given(repository.load_session(session.id), session) == session


def test_a_note_rated_in_no_round_is_still_deleted_with_its_dots(
    repository: SessionRepository,
):
    example = parse_session_file(EXAMPLE_FILE.read_bytes())
    session = with_every_kind_of_round(example)
    n2 = session.notes[1]
    rounds = tuple(
        replace(
            r,
            ratings=tuple(x for x in r.ratings if x.item_id != n2.id),
            ranks=tuple(x for x in r.ranks if x.item_id != n2.id),
        )
        for r in session.vote_rounds
    )
    repository.add_session(replace(session, vote_rounds=rounds))
    removed = repository.board.delete_notes(session.id, [n2.id])
    assert [note.id for _, note in removed.notes] == [n2.id]
    assert removed.dots  # its dots went with it, for undo to give back
    assert (removed.ratings, removed.ranks) == ((), ())


def test_a_rated_and_ranked_note_is_deleted_with_them_and_put_back_with_them(
    repository: SessionRepository, session: Session
):
    n4 = session.notes[3]
    removed = repository.board.delete_notes(session.id, [n4.id])
    assert {r for _, r in removed.ratings} == {
        r for v in session.vote_rounds for r in v.ratings if r.item_id == n4.id
    }
    assert {r for _, r in removed.ranks} == {
        r for v in session.vote_rounds for r in v.ranks if r.item_id == n4.id
    }
    gone = repository.load_session(session.id)
    assert not any(x.item_id == n4.id for v in gone.vote_rounds for x in v.ratings)
    assert not any(x.item_id == n4.id for v in gone.vote_rounds for x in v.ranks)
    assert repository.board.restore_notes(session.id, removed) == removed
    back = repository.load_session(session.id)
    for stored_round, given in zip(back.vote_rounds, session.vote_rounds, strict=True):
        assert Counter(stored_round.ratings) == Counter(given.ratings)
        assert Counter(stored_round.ranks) == Counter(given.ranks)


def test_the_backlog_counts_the_dots_of_the_newest_closed_dot_round(
    repository: SessionRepository, session: Session
):
    """A closed rating round after the dot round gives no dots: the ideas keep theirs."""
    dot_round = session.vote_rounds[0]
    assert dot_round.status is RoundStatus.CLOSED
    expected = {
        n.id: sum(d.count for d in dot_round.dots if d.item_id == n.id) for n in session.notes
    }
    rating = round_of(repository, session.id, RATING_ROUND_ID)
    repository.voting.update_vote_round(
        session.id, replace(rating, status=RoundStatus.CLOSED, closed_at=rating.opened_at)
    )
    ideas = {e.id: e.dots for e in repository.backlog.idea_entries() if e.session_id == session.id}
    assert ideas == expected
    assert any(ideas.values())
