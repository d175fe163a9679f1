"""Issue 32's check of rank rounds: a session nobody has seen, through the real window.

The session file is written and imported as a user would; the round's dialog sets a
top 3 with the bias controls on; each voter takes the laptop through the curtain and
puts their top items in order with Up, Down and a digit (Backspace takes one out);
the round is closed. The session file must hold every place given, and the minutes
(Markdown, and the PDF through ``pdftotext``) the points worked out here by hand
(N + 1 - place), with the dot rounds' rule for ties: equal points share a place and
the next place is skipped, items nobody ranked are not a tie.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.types import RoundKind
from app.storage.repository import SessionRepository
from app.ui.settings import AppSettings
from app.ui.voting.rank_ballot import RankBallotPage
from app.ui.voting.round_dialog import RoundDialog
from tests.cli.runner import Dotstorm
from tests.ui.round_helpers import Arrange, start_round
from tests.ui.voting.acceptance import (
    curtain_to,
    exported,
    markdown_rows,
    markdown_section,
    pdf_table,
    place,
    squeezed,
)
from tests.ui.voting.rating_flow import (
    BOTH_CONTROLS,
    COFFEE,
    DEPARTMENTS,
    FAQ,
    KIT,
    LUNCH,
    MAIL,
    MENTOR,
    PRINT,
    RECORD,
    REFUSED_OWN,
    close_round,
    onboarding_file,
    set_text,
    tick,
)
from tests.ui.windows import open_session

TITLE = "Top 3 — who's first?"
# Each voter's top 3, best first (María-José fills two places). Nobody ranks their own:
# Zhao wrote the kit, Ngozi the mentor stack, Ëlla the e-mail and the FAQ, Øyvind the
# coffee. Pita never votes.
RANKINGS = {
    "Øyvind Brække-Hansen": [KIT, MAIL, RECORD],
    "Zhao Lěi": [MAIL, RECORD, LUNCH],
    "Ngozi O'Neill": [KIT, RECORD, MAIL],
    "María-José Ñúñez": [MAIL, KIT],
    "Ásgeir Þórsson": [RECORD, KIT, COFFEE],
    "Ëlla van der Berg": [KIT, COFFEE, RECORD],
}
ITEMS = [KIT, COFFEE, MENTOR, RECORD, MAIL, FAQ, LUNCH, PRINT]


def points(rankings: dict[str, list[str]], size: int) -> Counter[str]:
    """N + 1 - place for each item ranked, summed over the voters."""
    total: Counter[str] = Counter()
    for order in rankings.values():
        for place_, item in enumerate(order, start=1):
            total[item] += size + 1 - place_
    return total


@pytest.fixture
def dotstorm(db_path: Path, isolated_env: dict[str, str]) -> Dotstorm:
    """The ``dotstorm`` command on the test's database, as a user runs it."""
    return Dotstorm(db_path, isolated_env)


@pytest.mark.slow
def test_a_rank_round_reads_back_as_placed_and_its_points_as_computed(
    qtbot: QtBot,
    repository: SessionRepository,
    settings: AppSettings,
    when_modal_opens: Arrange,
    dotstorm: Dotstorm,
    tmp_path: Path,
):
    session_id = onboarding_file().imported(tmp_path, dotstorm)
    window = open_session(qtbot, repository, settings, session_id)

    def top_three(dialog: RoundDialog) -> None:
        set_text(qtbot, dialog.title_edit, TITLE)
        tick(qtbot, dialog.anonymous_box, False)
        set_text(qtbot, dialog.rank_spin, "3")

    start_round(
        qtbot,
        window,
        when_modal_opens,
        RoundKind.RANK,
        arrange=top_three,
        shuffle=True,
        no_self_votes=True,
    )
    vote_round = window.document.voting.open_round()
    assert vote_round is not None and vote_round.rank_size == 3
    labels = {
        i: window.document.voting.item_label(vote_round, i)
        for i in window.document.voting.round_items(vote_round)
    }
    orders = {}
    for name, ranking in RANKINGS.items():
        page = curtain_to(qtbot, window, name)
        assert isinstance(page, RankBallotPage)
        assert [b.text() for b in page.place_buttons] == ["1.  ", "2.  ", "3.  "]
        shown = [labels[i] for i in page.item_ids]
        orders[name] = shown
        if name == "Zhao Lěi":  # his own idea: refused, with the reason
            own = shown.index(KIT)  # the keyboard starts on his first rankable item
            while page.row != own:
                qtbot.keyClick(page, Qt.Key.Key_Down if page.row < own else Qt.Key.Key_Up)
            qtbot.keyClick(page, Qt.Key.Key_1)
            assert page.message.text() == REFUSED_OWN
        if name == "Ásgeir Þórsson":  # the price list first, then Backspace takes it out
            place(qtbot, page, labels, [PRINT])
            qtbot.keyClick(page, Qt.Key.Key_Backspace)
            assert page.rows[shown.index(PRINT)][0].text() == "—"
        place(qtbot, page, labels, ranking)
        assert page.counter.text() == f"{len(ranking)} of 3 placed"
        qtbot.keyClick(page, Qt.Key.Key_Return)
    assert len({tuple(order) for order in orders.values()}) > 1  # orders of their own
    close_round(qtbot, window, when_modal_opens)

    # The session file: every place as given.
    file = json.loads(exported(dotstorm, session_id, "json", tmp_path / "out.json"))
    session = file["session"]
    stored = session["vote_rounds"][-1]
    people = {p["id"]: p["name"] for p in session["participants"]}
    notes = {n["id"]: n["text"] for n in session["notes"]}
    assert stored["kind"] == "rank" and stored["rank_size"] == 3 and stored["dots"] == []
    assert stored["shuffle"] is True and stored["no_self_votes"] is True
    assert {
        (people[r["voter_id"]], notes[r["item_id"]], r["position"]) for r in stored["ranks"]
    } == {
        (name, item, place_)
        for name, ranking in RANKINGS.items()
        for place_, item in enumerate(ranking, start=1)
    }

    # By hand: N..1 points; equal points share a place, the next place is skipped.
    total = points(RANKINGS, 3)
    assert total[MAIL] == total[RECORD]  # a tie
    ordered = sorted((i for i in ITEMS if total[i]), key=lambda i: -total[i])
    places: dict[str, int] = {}
    for index, item in enumerate(ordered):
        same = index and total[item] == total[ordered[index - 1]]
        places[item] = places[ordered[index - 1]] if same else index + 1
    tied = {i for i in ordered if list(total.values()).count(total[i]) > 1}
    expected = {
        item: [
            f"{places[item]} (tie)" if item in tied else str(places[item]),
            item,
            f"{total[item]} point" + ("s" if total[item] != 1 else ""),
        ]
        for item in ordered
    }
    nobody = [i for i in ITEMS if not total[i]]
    assert nobody == [MENTOR, FAQ, PRINT]

    markdown = exported(dotstorm, session_id, "md", tmp_path / "minutes.md")
    final = markdown[markdown.index("## Final ranking") : markdown.index("## Vote results")]
    assert f"The ideas by their points in “{TITLE}”" in final
    rows = markdown_rows(final, "Place")
    assert rows == expected
    assert list(rows) == ordered
    assert f"Still tied (no runoff): {MAIL}; {RECORD}" in final or (
        f"Still tied (no runoff): {RECORD}; {MAIL}" in final
    )
    assert f"No points: {'; '.join(nobody)}" in final
    section = markdown_section(markdown, TITLE)
    assert BOTH_CONTROLS in section
    # The departments' points, by hand.
    for department in ("Ops & Logistik", "R&D", "Sales"):
        theirs = {n: r for n, r in RANKINGS.items() if DEPARTMENTS[n] == department}
        mine = points(theirs, 3)
        best = max(mine.values())
        picks = ", ".join(i for i in ITEMS if mine[i] == best)
        detail = "; ".join(f"{i} {mine[i]}" for i in ITEMS if mine[i])
        assert f"- {department}: top pick {picks} ({detail})" in section.splitlines()
    assert "Anonymous round" not in section

    pdf = exported(dotstorm, session_id, "pdf", tmp_path / "minutes.pdf")
    assert BOTH_CONTROLS in squeezed(pdf)
    chart = pdf_table(pdf, ["Place", "Item", "Points"], key=0)
    assert chart == [expected[item] for item in ordered]
    assert f"No points: {'; '.join(nobody)}" in squeezed(pdf)
