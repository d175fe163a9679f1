"""Rating and rank rounds from a phone, through the real window, its document and SQLite.

Each phone is real HTTP to the window's own server (tests/ui/phones/phone_client.py);
each answer comes from the window's thread; every change is read back from the database
and from the laptop's own results page. A phone's ballot is the laptop's: the same core
ballot, the same order, the same own ideas refused.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.rating import fresh_criteria
from app.core.session_ops import build_session
from app.core.types import (
    Cluster,
    Criterion,
    NewSessionSpec,
    Note,
    PhaseKind,
    RoundKind,
    RoundStatus,
    Session,
    VoteRound,
    VoteTarget,
    new_id,
    utc_now,
)
from app.core.voting import NOT_IN_ROUND, SELF_VOTE_REFUSAL, ballot_sections, voter_order
from app.storage.repository import SessionRepository
from app.ui.phones.room import ANOTHER_KIND
from app.ui.session_window import SessionWindow
from app.ui.settings import AppSettings
from app.ui.voting.ballot import BallotPage
from app.ui.voting.commands import CloseRoundCommand, OpenRoundCommand
from app.ui.voting.rank_ballot import RankBallotPage
from app.ui.voting.rating_ballot import RatingBallotPage
from app.web import app as web_app
from app.web.rate import RateLimiter
from tests.ui.phones.phone_client import Answer, Phone, joined_phone
from tests.ui.round_helpers import note_id, person, stored_round
from tests.ui.windows import open_session

LOCAL = "127.0.0.1"
IDEAS = (
    # text, author, cluster, x, y: made in this order; read cluster by cluster
    ("Welcome call", "Ann", "Later", 40, 700),
    ("Checklist", "Bo", "First", 40, 100),
    ("Pre-filled accounts", "Cy", None, 900, 1200),
    ("Video tour", "Ann", "First", 40, 300),
)
CRITERIA = fresh_criteria(
    (
        Criterion("", "Impact", 1, 5),
        Criterion("", "Effort", 1, 5, higher_is_better=False),
        Criterion("", "Confidence", 0, 10),  # eleven steps
    )
)
IMPACT, EFFORT, CONFIDENCE = CRITERIA


def clustered_session(repository: SessionRepository) -> Session:
    """Four ideas, each by someone, in two clusters and loose; stored."""
    made = build_session(
        NewSessionSpec(
            title="Faster onboarding",
            question="How might we halve onboarding time?",
            participants=(("Ann", "Sales"), ("Bo", "Sales"), ("Cy", "Support")),
            phases=((PhaseKind.VOTE, "Vote", 600),),
        )
    )
    people = {p.name: p.id for p in made.participants}
    clusters = {name: Cluster(new_id(), name, "#9FD3F5") for name in ("Later", "First")}
    notes = tuple(
        Note(
            new_id(),
            text,
            "#FFE08A",
            x,
            y,
            utc_now(),
            author_id=people[author],
            cluster_id=clusters[cluster].id if cluster else None,
        )
        for text, author, cluster, x, y in IDEAS
    )
    session = replace(made, notes=notes, clusters=tuple(clusters.values()))
    repository.add_session(session)
    return session


@pytest.fixture
def window(
    qtbot: QtBot,
    repository: SessionRepository,
    settings: AppSettings,
    monkeypatch: pytest.MonkeyPatch,
) -> SessionWindow:
    # A test taps faster than a thumb: the rate limit (tests/web/test_guards.py) stays out
    # of the way here.
    monkeypatch.setattr(web_app, "RateLimiter", lambda: RateLimiter(burst=1000))
    session = clustered_session(repository)
    opened = open_session(qtbot, repository, settings, session.id)
    opened.phones.start(LOCAL)
    return opened


def open_round(window: SessionWindow, kind: RoundKind, **controls: bool) -> VoteRound:
    vote_round = VoteRound(
        new_id(), "Decide", VoteTarget.NOTES, 3, 1, False, False, RoundStatus.OPEN, kind=kind
    )
    if kind is RoundKind.RATING:
        vote_round = replace(vote_round, title="Rate them", criteria=CRITERIA)
    if kind is RoundKind.RANK:
        vote_round = replace(vote_round, title="Rank them", rank_size=2)
    vote_round = replace(vote_round, **controls)  # type: ignore[arg-type]
    window.document.steps.push(OpenRoundCommand(window.document, vote_round))
    return vote_round


def rate(phone: Phone, round_id: str, item: str, criterion: str, value: int | None) -> Answer:
    body = {"round_id": round_id, "item_id": item, "criterion_id": criterion, "value": value}
    return phone.ask("POST", "/api/rate", body)


def put(phone: Phone, round_id: str, item: str, position: int | None) -> Answer:
    body = {"round_id": round_id, "item_id": item, "position": position}
    return phone.ask("POST", "/api/rank", body)


def refused(answer: Answer) -> str:
    assert answer.status == 409, answer
    message = answer.data["message"]
    assert isinstance(message, str) and "\n" not in message
    return message


def texts(window: SessionWindow, items: list[str]) -> list[str]:
    return [window.document.board.notes[item].text for item in items]


@pytest.mark.parametrize(
    ("kind", "shuffle"),
    [(kind, shuffle) for kind in RoundKind for shuffle in (False, True)],
)
def test_a_voter_sees_the_same_order_and_own_ideas_on_the_phone_as_on_the_laptop(
    qtbot: QtBot, window: SessionWindow, kind: RoundKind, shuffle: bool
):
    vote_round = open_round(window, kind, shuffle=shuffle, no_self_votes=True)
    phone = joined_phone(qtbot, window, "Ann")
    ballot = phone.state()["ballot"]
    assert (ballot["kind"], ballot["status"]) == (kind.value, "voting")
    on_phone = [item["id"] for item in ballot["items"]]
    refused_ids = {item["id"] for item in ballot["items"] if item["refused"]}
    assert {i["refused"] for i in ballot["items"] if i["refused"]} == {SELF_VOTE_REFUSAL}
    # The phone lets Ann go; the laptop opens her ballot on the curtain.
    panel = window.phones.dock.panel
    qtbot.mouseClick(panel.release_buttons[person(window, "Ann")], Qt.MouseButton.LeftButton)
    window.voting_controller.vote()
    curtain = window.voting.curtain
    qtbot.mouseClick(curtain.name_buttons[person(window, "Ann")], Qt.MouseButton.LeftButton)
    page = window.voting.currentWidget()
    assert isinstance(page, (BallotPage, RatingBallotPage, RankBallotPage))
    on_laptop = list(page.ballot.items)
    assert on_phone == on_laptop
    assert refused_ids == set(page.ballot.own)
    assert set(texts(window, sorted(refused_ids))) == {"Welcome call", "Video tour"}
    items = window.document.voting.round_items(window.document.voting.vote_round(vote_round.id))
    if shuffle:
        assert on_phone == voter_order(vote_round.id, person(window, "Ann"), items)
    elif kind is RoundKind.DOTS:  # cluster by cluster, as on the board
        notes = list(window.document.board.notes.values())
        clusters = list(window.document.board.clusters.values())
        sections = ballot_sections(items, VoteTarget.NOTES, notes, clusters)
        assert on_phone == [item for s in sections for item in s.item_ids] != items
    else:
        assert on_phone == items


def test_a_phone_rates_by_the_laptops_rules_and_the_laptop_reads_it_back(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository
):
    vote_round = open_round(window, RoundKind.RATING, no_self_votes=True)
    steps = window.document.undo_stack.count()
    ann = joined_phone(qtbot, window, "Ann")
    ballot = ann.state()["ballot"]
    assert [(c["name"], c["min"], c["max"], c["direction"]) for c in ballot["criteria"]] == [
        ("Impact", 1, 5, "higher is better"),
        ("Effort", 1, 5, "lower is better"),
        ("Confidence", 0, 10, "higher is better"),
    ]
    rid = vote_round.id
    checklist, welcome = note_id(window, "Checklist"), note_id(window, "Welcome call")
    tour, filled = note_id(window, "Video tour"), note_id(window, "Pre-filled accounts")
    for criterion, value in ((IMPACT, 4), (EFFORT, 2), (CONFIDENCE, 0), (CONFIDENCE, 10)):
        assert rate(ann, rid, checklist, criterion.id, value).status == 200
    assert rate(ann, rid, filled, IMPACT.id, 5).status == 200
    assert rate(ann, rid, checklist, EFFORT.id, None).status == 200  # cleared
    answer = rate(ann, rid, filled, EFFORT.id, 1)
    assert answer.data["ballot"]["rated"] == 2
    shown = {item["id"]: item["values"] for item in answer.data["ballot"]["items"]}
    assert shown[filled] == {
        IMPACT.id: 5,
        EFFORT.id: 1,
        CONFIDENCE.id: None,
    }

    def stored() -> set[tuple[str, str, int]]:
        return {
            (r.item_id, r.criterion_id, r.value) for r in stored_round(repository, window).ratings
        }

    expected = {
        (checklist, IMPACT.id, 4),
        (checklist, CONFIDENCE.id, 10),
        (filled, IMPACT.id, 5),
        (filled, EFFORT.id, 1),
    }
    assert stored() == expected
    # Every refusal is core's sentence, and changes nothing.
    assert refused(rate(ann, rid, welcome, IMPACT.id, 3)) == SELF_VOTE_REFUSAL
    assert refused(rate(ann, rid, tour, IMPACT.id, None)) == SELF_VOTE_REFUSAL
    assert refused(rate(ann, rid, checklist, IMPACT.id, 6)) == (
        "Impact goes from 1 to 5; 6 is not on its scale."
    )
    assert refused(rate(ann, rid, checklist, CONFIDENCE.id, -1)) == (
        "Confidence goes from 0 to 10; -1 is not on its scale."
    )
    assert refused(rate(ann, rid, checklist, "no-such-criterion", 3)) == (
        "That criterion is not part of this round."
    )
    assert refused(rate(ann, rid, "no-such-item", IMPACT.id, 3)) == NOT_IN_ROUND
    assert refused(ann.dot(rid, checklist)) == ANOTHER_KIND
    assert refused(put(ann, rid, checklist, 1)) == ANOTHER_KIND
    assert refused(rate(ann, "another-round", checklist, IMPACT.id, 3)) == "This round is closed."
    assert stored() == expected
    assert stored_round(repository, window).dots == ()
    # The ballot goes on on Ann's phone only: let go, another phone cannot take it on.
    panel = window.phones.dock.panel
    qtbot.mouseClick(panel.release_buttons[person(window, "Ann")], Qt.MouseButton.LeftButton)
    stranger = joined_phone(qtbot, window)
    assert refused(stranger.pick(person(window, "Ann"))).startswith("Ann's ballot was started")
    assert ann.pick(person(window, "Ann")).status == 200
    assert ann.done(rid).data["ballot"]["status"] == "done"
    assert refused(rate(ann, rid, checklist, IMPACT.id, 1)) == (
        "Your ballot is in: you are done in this round."
    )
    ann_id = person(window, "Ann")
    after = stored_round(repository, window)
    assert after.phone_voter_ids == (ann_id,) and {r.voter_id for r in after.ratings} == {ann_id}
    assert stored() == expected
    # Not one value on the session's undo stack.
    assert window.document.undo_stack.count() == steps

    window.document.steps.push(
        CloseRoundCommand(window.document, window.document.voting.vote_round(rid))
    )
    window.voting_controller.show_voting()
    table = window.voting.results.rating_view.table
    rows = {
        table.item(row, 1).text(): [  # type: ignore[union-attr]
            table.item(row, column).text()  # type: ignore[union-attr]
            for column in range(table.columnCount())
        ]
        for row in range(table.rowCount())
    }
    # Place, item, Impact, Effort, Confidence, combined, n, discuss.
    assert rows["Pre-filled accounts"][2:7] == [
        "5.00 ± 0.00",
        "1.00 ± 0.00",
        "—",
        "5.00",
        "1",
    ]
    assert rows["Checklist"][2:7] == ["4.00 ± 0.00", "—", "10.00 ± 0.00", "7.00", "1"]


def test_a_phone_ranks_by_the_laptops_rules_and_the_laptop_reads_it_back(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository
):
    vote_round = open_round(window, RoundKind.RANK, no_self_votes=True)
    steps = window.document.undo_stack.count()
    bo = joined_phone(qtbot, window, "Bo")
    ballot = bo.state()["ballot"]
    assert (ballot["rank_size"], ballot["left"]) == (2, 2)
    rid = vote_round.id
    checklist, welcome = note_id(window, "Checklist"), note_id(window, "Welcome call")
    tour, filled = note_id(window, "Video tour"), note_id(window, "Pre-filled accounts")

    def places() -> dict[str, int]:
        return {
            window.document.board.notes[r.item_id].text: r.position
            for r in stored_round(repository, window).ranks
        }

    assert put(bo, rid, welcome, 1).status == 200
    assert put(bo, rid, tour, 2).data["ballot"]["left"] == 0
    assert places() == {"Welcome call": 1, "Video tour": 2}
    assert put(bo, rid, tour, 1).status == 200  # moved up: the two swap
    assert places() == {"Video tour": 1, "Welcome call": 2}
    # An item put where another is sends that one out, as on the laptop.
    assert put(bo, rid, filled, 2).status == 200
    assert places() == {"Video tour": 1, "Pre-filled accounts": 2}
    assert put(bo, rid, tour, None).status == 200  # taken out
    assert put(bo, rid, welcome, 1).status == 200
    expected = {"Welcome call": 1, "Pre-filled accounts": 2}
    assert places() == expected
    # Refusals: core's sentences, nothing changed.
    assert refused(put(bo, rid, checklist, 1)) == SELF_VOTE_REFUSAL
    assert refused(put(bo, rid, tour, 3)) == "Your ranking has places 1 to 2."
    assert refused(put(bo, rid, welcome, 0)) == "Your ranking has places 1 to 2."
    assert refused(put(bo, rid, "no-such-item", 1)) == NOT_IN_ROUND
    assert refused(bo.dot(rid, tour)) == ANOTHER_KIND
    assert refused(rate(bo, rid, tour, "c", 1)) == ANOTHER_KIND
    assert places() == expected
    answer = bo.done(rid)
    assert answer.data["ballot"]["status"] == "done"
    bo_id = person(window, "Bo")
    assert stored_round(repository, window).phone_voter_ids == (bo_id,)
    assert window.document.undo_stack.count() == steps

    window.document.steps.push(
        CloseRoundCommand(window.document, window.document.voting.vote_round(rid))
    )
    window.voting_controller.show_voting()
    chart = window.voting.results.chart
    assert [(label, entry.count) for entry, label in chart.rows if entry.count] == [
        ("Welcome call", 2),
        ("Pre-filled accounts", 1),
    ]


def test_a_dot_from_a_phone_on_ones_own_idea_is_refused_as_on_the_laptop(
    qtbot: QtBot, window: SessionWindow, repository: SessionRepository
):
    vote_round = open_round(window, RoundKind.DOTS, no_self_votes=True)
    ann = joined_phone(qtbot, window, "Ann")
    assert refused(ann.dot(vote_round.id, note_id(window, "Video tour"))) == SELF_VOTE_REFUSAL
    assert refused(put(ann, vote_round.id, note_id(window, "Checklist"), 1)) == ANOTHER_KIND
    assert stored_round(repository, window).dots == ()
    assert ann.dot(vote_round.id, note_id(window, "Checklist")).status == 200
    assert [d.item_id for d in stored_round(repository, window).dots] == [
        note_id(window, "Checklist")
    ]
