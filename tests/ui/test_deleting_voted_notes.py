"""Deleting rated or ranked notes: their votes go with them, and undo gives every one back.

Through the document and its undo stack, on SQLite and on PostgreSQL; the refusals
dots have (ungrouping, an emptied cluster) hold for ratings and ranks too.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.ranking import rank_ballot_for
from app.core.rating import rating_results
from app.core.results import final_ranking, round_totals
from app.core.types import Rank, Session
from app.storage.repository import SessionRepository
from app.ui.board.commands import DeleteNotesCommand
from app.ui.document import SessionDocument
from app.ui.settings import AppSettings
from tests.storage.rating_rounds import (
    CLUSTER_ROUND_ID,
    RANK_ROUND_ID,
    RATING_ROUND_ID,
    with_every_kind_of_round,
)
from tests.ui.windows import open_session

pytestmark = pytest.mark.both_backends


def stored(repository: SessionRepository, session_id: str) -> Session:
    return repository.load_session(session_id)


def same_votes(a: Session, b: Session) -> bool:
    """Whether two sessions hold the same rounds with the same votes (in any order)."""

    def votes(session: Session) -> list[object]:
        return [
            (
                r.id,
                Counter(r.dots),
                Counter(r.ratings),
                Counter(r.ranks),
                sorted(r.finished_voter_ids),
            )
            for r in session.vote_rounds
        ]

    return votes(a) == votes(b)


def in_memory_is_stored(document: SessionDocument, repository: SessionRepository) -> bool:
    """The document equals the database (who pressed Done compared as a set)."""

    def who(whole: Session) -> Session:
        rounds = tuple(
            replace(r, finished_voter_ids=tuple(sorted(r.finished_voter_ids)))
            for r in whole.vote_rounds
        )
        return replace(whole, vote_rounds=rounds)

    return who(document.session) == who(stored(repository, document.session_id))


@pytest.fixture
def session(repository: SessionRepository) -> Session:
    whole = with_every_kind_of_round()
    repository.add_session(whole)
    return whole


def test_deleting_a_rated_and_ranked_note_takes_its_votes_and_undo_gives_every_one_back(
    qapp: QApplication, repository: SessionRepository, session: Session
):
    n1, n2, n3, n4 = (n.id for n in session.notes)
    ana, ben, cho, _dev = (p.id for p in session.participants)
    document = SessionDocument(repository, session.id)
    voting = document.voting
    rank = voting.vote_round(RANK_ROUND_ID)
    assert Rank(ana, n1, 1) in rank.ranks
    assert {r.voter_id for r in voting.vote_round(RATING_ROUND_ID).ratings if r.item_id == n1} == {
        ana,
        ben,
    }

    document.undo_stack.push(DeleteNotesCommand(document, [n1]))
    for whole in (document.session, stored(repository, session.id)):
        held = {x.item_id for r in whole.vote_rounds for x in r.dots}
        held |= {x.item_id for r in whole.vote_rounds for x in r.ratings}
        held |= {x.item_id for r in whole.vote_rounds for x in r.ranks}
        assert n1 not in held
    assert in_memory_is_stored(document, repository)

    # The rank round reads right without the note: Ana's first place is free, her others stay.
    rank = voting.vote_round(RANK_ROUND_ID)
    items = voting.round_items(rank)
    ballot = rank_ballot_for(rank, ana, items)
    assert (ballot.position_of(n2), ballot.position_of(n3)) == (2, 3)
    assert (ballot.free_positions(), ballot.left) == ([1], 1)
    assert round_totals(rank, items) == {n4: 3, n3: 1, n2: 4, n1: 0}
    assert [e.item_id for e in final_ranking(rank, voting.vote_rounds, items)][:3] == [n2, n4, n3]
    rating = voting.vote_round(RATING_ROUND_ID)
    results = rating_results(rating, voting.round_items(rating))
    assert n1 not in {r.item_id for r in results}
    assert cho in {r.voter_id for r in rank.ranks}  # nobody else's ranks went

    document.undo_stack.undo()
    assert same_votes(document.session, session)
    assert in_memory_is_stored(document, repository)
    assert rank_ballot_for(voting.vote_round(RANK_ROUND_ID), ana, items).position_of(n1) == 1
    document.undo_stack.redo()
    assert in_memory_is_stored(document, repository)
    document.undo_stack.undo()
    assert same_votes(stored(repository, session.id), session)
    assert in_memory_is_stored(document, repository)


def test_a_place_its_voter_filled_meanwhile_keeps_the_later_choice(
    qapp: QApplication, repository: SessionRepository, session: Session
):
    n1, n2, n3, n4 = (n.id for n in session.notes)
    ana, _ben, cho, _dev = (p.id for p in session.participants)
    document = SessionDocument(repository, session.id)
    voting = document.voting
    document.undo_stack.push(DeleteNotesCommand(document, [n1]))
    # Ana (on her phone, say) puts another idea in the first place the note left free.
    voting.save_ranks(RANK_ROUND_ID, ana, (Rank(ana, n4, 1), Rank(ana, n2, 2), Rank(ana, n3, 3)))

    document.undo_stack.undo()
    assert n1 in document.board.notes
    ranks = voting.vote_round(RANK_ROUND_ID).ranks
    assert {r for r in ranks if r.voter_id == ana} == {
        Rank(ana, n4, 1),
        Rank(ana, n2, 2),
        Rank(ana, n3, 3),
    }
    assert {r for r in ranks if r.voter_id == cho} == {Rank(cho, n4, 1), Rank(cho, n2, 2)}
    # Its ratings and dots came back all the same.
    assert {r for r in voting.vote_round(RATING_ROUND_ID).ratings if r.item_id == n1} == {
        r for r in session.vote_rounds[1].ratings if r.item_id == n1
    }
    assert in_memory_is_stored(document, repository)


def test_a_failure_in_the_middle_of_a_delete_or_its_undo_loses_nothing(
    repository: SessionRepository, session: Session, monkeypatch: pytest.MonkeyPatch
):
    from app.storage import board_store, voting_store

    n1 = session.notes[0].id
    put_back = voting_store.put_back_ratings_and_ranks
    read_note = board_store.note_from_row

    def crash(*args: object, **kwargs: object) -> object:
        raise OSError("the disk is full")

    # The step fails once the ratings and ranks are taken, before the note goes: none is lost.
    monkeypatch.setattr(board_store, "note_from_row", crash)
    with pytest.raises(OSError):
        repository.board.delete_notes(session.id, [n1])
    assert same_votes(stored(repository, session.id), session)
    monkeypatch.setattr(board_store, "note_from_row", read_note)

    removed = repository.board.delete_notes(session.id, [n1])
    after_delete = stored(repository, session.id)
    # Undo fails after the notes and dots went back, before the ratings and ranks did.
    monkeypatch.setattr(board_store, "put_back_ratings_and_ranks", crash)
    with pytest.raises(OSError):
        repository.board.restore_notes(session.id, removed)
    assert stored(repository, session.id) == after_delete
    monkeypatch.setattr(board_store, "put_back_ratings_and_ranks", put_back)
    repository.board.restore_notes(session.id, removed)
    assert same_votes(stored(repository, session.id), session)


def test_a_rated_cluster_is_not_ungrouped_nor_dropped_when_emptied(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings, session: Session
):
    window = open_session(qtbot, repository, settings, session.id)
    c1 = session.clusters[0]
    theme = window.document.voting.vote_round(CLUSTER_ROUND_ID)
    assert c1.id in {r.item_id for r in theme.ratings}
    assert not any(d.item_id == c1.id for r in session.vote_rounds for d in r.dots)
    members = [n.id for n in session.notes if n.cluster_id == c1.id]
    window.scene.select_notes(members[:1])
    window.view.setFocus()
    qtbot.keyClick(
        window.view,
        Qt.Key.Key_G,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.statusBar().currentMessage() == (
        f"“{c1.title}” is rated or ranked in “{theme.title}”; "
        "ungrouping would lose that, so it stays."
    )
    assert c1.id in {c.id for c in stored(repository, session.id).clusters}
    assert window.banner.isHidden()

    # Deleting every note of it leaves the cluster, with its ratings, as one with dots is.
    window.scene.select_notes(members)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    after = stored(repository, session.id)
    assert not set(members) & {n.id for n in after.notes}
    assert c1.id in {c.id for c in after.clusters}
    assert next(r for r in after.vote_rounds if r.id == CLUSTER_ROUND_ID).ratings == theme.ratings
    assert window.banner.isHidden()
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert set(members) <= {n.id for n in stored(repository, session.id).notes}
