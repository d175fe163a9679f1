"""The session document answers from memory, and stays equal to what the database holds."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtWidgets import QApplication

from app.core.backlog import IdeaStatus
from app.core.session_format import parse_session_file
from app.core.types import Cluster, Session, SessionStatus, new_id
from app.storage.repository import SessionRepository
from app.ui.board.commands import DeleteNotesCommand, GroupCommand, UngroupCommand
from app.ui.document import SessionDocument
from tests.conftest import EXAMPLE_FILE


@pytest.fixture
def example(repository: SessionRepository) -> Session:
    session = parse_session_file(EXAMPLE_FILE.read_bytes())
    repository.add_session(session)
    return session


@pytest.fixture
def counted_reads(repository: SessionRepository, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every whole-session read from now on."""
    reads: list[str] = []
    load = repository.load_session

    def counted(session_id: str) -> Session:
        reads.append(session_id)
        return load(session_id)

    monkeypatch.setattr(repository, "load_session", counted)
    return reads


def stored(repository: SessionRepository, session_id: str) -> Session:
    return SessionRepository.load_session(repository, session_id)


def test_deleting_a_voted_linked_note_and_undoing_reads_nothing_back(
    qapp: QApplication, repository: SessionRepository, example: Session, counted_reads: list[str]
):
    document = SessionDocument(repository, example.id)
    faq = example.notes[2]  # 3 dots on it, and the source of the action item
    document.actions.set_idea_status(
        faq.id, IdeaStatus.TRYING, document.actions.idea_state(faq.id)[1]
    )
    counted_reads.clear()
    stack = document.undo_stack
    stack.push(DeleteNotesCommand(document, [faq.id]))
    assert document.actions.action_items[0].source_note_id is None
    assert all(d.item_id != faq.id for d in document.voting.vote_rounds[0].dots)
    assert document.session == stored(repository, example.id)
    stack.undo()
    assert list(document.board.notes) == [note.id for note in example.notes]  # back in its place
    assert document.actions.action_items[0].source_note_id == faq.id
    assert document.actions.idea_status(faq.id) is IdeaStatus.TRYING
    assert document.session == stored(repository, example.id)
    stack.redo()
    stack.undo()
    assert document.session == stored(repository, example.id)
    assert counted_reads == []


def test_clusters_come_back_where_they_were_and_their_dots_are_counted_from_memory(
    qapp: QApplication, repository: SessionRepository, example: Session, counted_reads: list[str]
):
    document = SessionDocument(repository, example.id)
    stack = document.undo_stack
    # A cluster removed for good leaves a gap in the stored positions.
    gone = next(iter(document.board.clusters.values()))
    members = document.board.cluster_members(gone.id)
    stack.push(
        UngroupCommand(document, gone, members, [replace(n, cluster_id=None) for n in members])
    )
    loose = document.board.make_notes(["One", "Two", "Three"], None)
    document.board.add_notes(loose)
    for title, note in zip(("First", "Second", "Third"), loose, strict=True):
        cluster = Cluster(new_id(), title, "#FFD54F")
        stack.push(GroupCommand(document, cluster, [note], [replace(note, cluster_id=cluster.id)]))
    assert [c.title for c in document.board.clusters.values()][-3:] == ["First", "Second", "Third"]
    counted_reads.clear()
    assert all(document.board.cluster_dot_count(c) == 0 for c in document.board.clusters)
    second = next(c for c in document.board.clusters.values() if c.title == "Second")
    members = document.board.cluster_members(second.id)
    stack.push(
        UngroupCommand(document, second, members, [replace(n, cluster_id=None) for n in members])
    )
    assert [c.title for c in document.board.clusters.values()][-2:] == ["First", "Third"]
    stack.undo()  # the middle cluster comes back in the middle
    assert [c.title for c in document.board.clusters.values()][-3:] == ["First", "Second", "Third"]
    stack.undo()
    stack.undo()
    stack.redo()
    assert [c.title for c in document.board.clusters.values()][-2:] == ["First", "Second"]
    assert document.session == stored(repository, example.id)
    assert counted_reads == []


def test_ending_the_session_is_known_without_reading_it_again(
    qapp: QApplication, repository: SessionRepository, example: Session, counted_reads: list[str]
):
    document = SessionDocument(repository, example.id)
    counted_reads.clear()
    progressed: list[bool] = []
    document.progress_changed.connect(lambda: progressed.append(True))
    document.save_phases(document.phases, None, finish=True)
    assert document.session.status is SessionStatus.FINISHED
    assert document.current_phase is None
    assert progressed == [True]
    assert document.summary().status is SessionStatus.FINISHED
    assert document.session == stored(repository, example.id)
    assert counted_reads == []


def test_a_backup_whose_rotation_left_an_old_copy_says_so(
    repository: SessionRepository, example: Session, db_path
):
    from datetime import datetime, timedelta

    folder = db_path.parent / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = (datetime.now() - timedelta(days=30)).strftime("%Y%m%d-%H%M%S-%f")
    (folder / f"dotstorm-{stamp}-periodic.sqlite3").mkdir()  # cannot be deleted as a file
    for hours in range(1, 11):
        newer = (datetime.now() - timedelta(hours=hours)).strftime("%Y%m%d-%H%M%S-%f")
        (folder / f"dotstorm-{newer}-periodic.sqlite3").write_bytes(b"copy")
    report = SessionDocument(repository, example.id).backup("periodic")
    assert report.trouble  # the half-hourly backup speaks up: the status bar shows it
    assert report.text.startswith("Backed up to ")
    assert "old backups could not be removed" in report.text and stamp in report.text


def test_taking_the_middle_note_out_of_a_files_chain_leaves_the_database_as_the_board(
    qapp: QApplication, repository: SessionRepository, example: Session
):
    from app.ui.similar.commands import push_take_out

    card, middle, first = example.notes[:3]
    # A hand-written file may chain merges: first into middle, middle into the card.
    chained = replace(
        example,
        id=new_id(),
        notes=(
            card,
            replace(middle, merged_into=card.id),
            replace(first, merged_into=middle.id),
            *example.notes[3:],
        ),
        vote_rounds=(),
        action_items=(),
    )
    stored_chain = repository.import_session(chained)
    card, middle, first = stored_chain.notes[:3]
    document = SessionDocument(repository, stored_chain.id)
    assert {n.id for n in document.board.stack_of(card.id)} == {middle.id, first.id}
    push_take_out(document, middle.id)
    assert middle.id in document.board.notes and document.board.stack_of(middle.id) == []
    assert [n.id for n in document.board.stack_of(card.id)] == [first.id]
    reopened = SessionDocument(repository, stored_chain.id)
    assert [n.id for n in reopened.board.stack_of(card.id)] == [first.id]  # as on the board
    assert reopened.board.stack_of(middle.id) == []
    document.undo_stack.undo()
    again = SessionDocument(repository, stored_chain.id)
    assert {n.id for n in again.board.stack_of(card.id)} == {middle.id, first.id}


def test_a_vote_round_or_an_action_past_the_formats_limit_is_refused_and_nothing_stored(
    qapp: QApplication,
    repository: SessionRepository,
    example: Session,
    monkeypatch: pytest.MonkeyPatch,
):
    from app.core import limits
    from app.core.types import ActionItem, RoundStatus, VoteRound, VoteTarget

    document = SessionDocument(repository, example.id)
    monkeypatch.setattr(limits, "MAX_VOTE_ROUNDS", len(example.vote_rounds))
    monkeypatch.setattr(limits, "MAX_ACTION_ITEMS", len(example.action_items))
    extra_round = VoteRound(
        new_id(), "One more", VoteTarget.NOTES, 3, 2, False, False, RoundStatus.OPEN
    )
    with pytest.raises(limits.LimitReached, match="at most 1 vote rounds"):
        document.voting.add_round(extra_round)
    with pytest.raises(limits.LimitReached, match="at most 1 actions"):
        document.actions.add_action(ActionItem(new_id(), "One more"))
    assert document.session == stored(repository, example.id)
    assert len(document.voting.vote_rounds) == len(example.vote_rounds)
    assert len(document.actions.action_items) == len(example.action_items)


def test_what_came_from_a_phone_stays_so_in_memory_and_in_the_database_through_undo(
    qapp: QApplication, repository: SessionRepository, example: Session, counted_reads: list[str]
):
    from app.core.types import Via
    from app.ui.voting.commands import VoteAgainCommand

    document = SessionDocument(repository, example.id)
    counted_reads.clear()
    (sent,) = document.board.make_notes(["Sent from a phone"], None, via=Via.PHONE)
    (typed,) = document.board.make_notes(["Typed at the laptop"], None)
    document.board.add_notes([sent, typed])
    assert (sent.via, typed.via) == (Via.PHONE, Via.LAPTOP)
    (vote_round,) = document.voting.vote_rounds
    on_phone, at_laptop = (p.id for p in example.participants[:2])
    document.voting.finish_ballot(vote_round.id, on_phone, via=Via.PHONE)
    document.voting.finish_ballot(vote_round.id, at_laptop)

    def phones_and_finished() -> tuple[tuple[str, ...], set[str]]:
        in_memory = document.voting.vote_round(vote_round.id)
        (in_database,) = stored(repository, example.id).vote_rounds
        assert in_memory.phone_voter_ids == in_database.phone_voter_ids
        # Done pressed within one second reads back in either order: compare who.
        assert set(in_memory.finished_voter_ids) == set(in_database.finished_voter_ids)
        return in_memory.phone_voter_ids, set(in_memory.finished_voter_ids)

    assert phones_and_finished() == ((on_phone,), {on_phone, at_laptop})
    stack = document.undo_stack
    stack.push(
        VoteAgainCommand(document, document.voting.vote_round(vote_round.id), on_phone, "A")
    )
    assert phones_and_finished() == ((), {at_laptop})
    stack.undo()  # the phone's ballot comes back a phone's
    assert phones_and_finished() == ((on_phone,), {on_phone, at_laptop})
    stack.redo()
    assert phones_and_finished() == ((), {at_laptop})
    stack.undo()
    stack.push(
        VoteAgainCommand(document, document.voting.vote_round(vote_round.id), at_laptop, "B")
    )
    stack.undo()  # the laptop's ballot comes back the laptop's
    assert phones_and_finished() == ((on_phone,), {on_phone, at_laptop})
    notes = {n.id: n for n in stored(repository, example.id).notes}
    assert (notes[sent.id].via, notes[typed.id].via) == (Via.PHONE, Via.LAPTOP)
    assert counted_reads == []


def test_ratings_and_ranks_stay_the_same_in_memory_and_in_the_database(
    qapp: QApplication, repository: SessionRepository, counted_reads: list[str]
):
    from app.core.types import Rank, Rating
    from tests.storage.rating_rounds import (
        EFFORT,
        IMPACT,
        RANK_ROUND_ID,
        RATING_ROUND_ID,
        theirs,
        with_every_kind_of_round,
    )

    session = with_every_kind_of_round()
    repository.add_session(session)

    def same() -> bool:
        # Done pressed within one second reads back in either order: compare who.
        def who(whole: Session) -> Session:
            rounds = tuple(
                replace(r, finished_voter_ids=tuple(sorted(r.finished_voter_ids)))
                for r in whole.vote_rounds
            )
            return replace(whole, vote_rounds=rounds)

        return who(document.session) == who(stored(repository, session.id))

    document = SessionDocument(repository, session.id)
    counted_reads.clear()
    voting = document.voting
    ana, ben = (p.id for p in session.participants[:2])
    n1, n2, n3, _n4 = (n.id for n in session.notes)

    voting.save_ratings(
        RATING_ROUND_ID, ana, (Rating(ana, n3, EFFORT, 7), Rating(ana, n1, IMPACT, 2))
    )
    voting.save_ranks(RANK_ROUND_ID, ana, (Rank(ana, n2, 1), Rank(ana, n3, 2)))
    voting.finish_ballot(RATING_ROUND_ID, ana)
    assert theirs(voting.vote_round(RATING_ROUND_ID), ana)[0][0] == Rating(ana, n3, EFFORT, 7)
    assert same()

    for round_id, voter in ((RATING_ROUND_ID, ben), (RANK_ROUND_ID, ana)):
        before = voting.vote_round(round_id)
        ratings, ranks = theirs(before, voter)
        voting.redo_ballot(round_id, voter)  # vote again
        assert theirs(voting.vote_round(round_id), voter) == ((), ())
        assert same()
        voting.restore_ballot(
            round_id, voter, (), voter in before.finished_voter_ids, ratings=ratings, ranks=ranks
        )
        assert theirs(voting.vote_round(round_id), voter) == (ratings, ranks)
        assert same()

    rating = voting.vote_round(RATING_ROUND_ID)
    voting.update_round(replace(rating, criteria=rating.criteria[:2], shuffle=False))
    assert all(r.criterion_id != EFFORT for r in voting.vote_round(RATING_ROUND_ID).ratings)
    assert same()

    removed = voting.remove_round(RANK_ROUND_ID)
    voting.add_round(removed)  # its undo
    assert voting.vote_round(RANK_ROUND_ID) == removed
    assert same()
    assert counted_reads == []
