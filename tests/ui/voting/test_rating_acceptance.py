"""Issue 32's check of rating rounds: sessions nobody has seen, through the real window.

Each test writes a session file by hand (odd names, people in several departments,
notes, a stack, a cluster, a face-down note), imports it with ``dotstorm import``,
sets a rating round up in the round's dialog with the bias controls on, passes the
laptop voter by voter through the curtain and types the ballots with the keys (a
value no digit gives is reached with + and -), skips and clears some, and closes the
round. Then ``dotstorm export`` gives the session file, whose every rating must be the one typed,
and the minutes (Markdown, and the PDF through ``pdftotext``), whose every mean,
spread, combined score, n and "discuss" must be the one worked out here by hand.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.types import RoundKind
from app.storage.repository import SessionRepository
from app.ui.settings import AppSettings
from app.ui.voting.rating_ballot import RatingBallotPage
from tests.cli.runner import Dotstorm
from tests.ui.round_helpers import Arrange, start_round
from tests.ui.voting.acceptance import (
    by_hand,
    department_scores,
    exported,
    go_to,
    markdown_section,
    squeezed,
)
from tests.ui.voting.rating_flow import (
    BALLOTS,
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
    SCALES,
    TITLE,
    check_markdown_table,
    check_pdf_tables,
    close_round,
    onboarding_file,
    own_criteria,
    stored_ratings,
    typed,
    vote_all,
)
from tests.ui.windows import open_session


@pytest.mark.slow
def test_a_rating_round_of_ones_own_criteria_reads_back_as_typed_and_as_computed(
    qtbot: QtBot,
    repository: SessionRepository,
    settings: AppSettings,
    when_modal_opens: Arrange,
    dotstorm: Dotstorm,
    tmp_path: Path,
):
    session_id = onboarding_file().imported(tmp_path, dotstorm)
    window = open_session(qtbot, repository, settings, session_id)
    start_round(
        qtbot,
        window,
        when_modal_opens,
        RoundKind.RATING,
        arrange=own_criteria(qtbot, SCALES),
        shuffle=True,
        no_self_votes=True,
    )

    def refusals(page: RatingBallotPage, shown: list[str]) -> None:
        """Zhao first tries his own idea and a value off the scale: refused, with the reason."""
        assert sorted(shown) == sorted([KIT, COFFEE, MENTOR, RECORD, MAIL, FAQ, LUNCH, PRINT])
        go_to(qtbot, page, shown.index(KIT), 0)
        assert page.cells[shown.index(KIT)][0].text() == "your idea"
        qtbot.keyClick(page, Qt.Key.Key_7)
        assert page.message.text() == REFUSED_OWN
        go_to(qtbot, page, shown.index(LUNCH), 2)
        qtbot.keyClick(page, Qt.Key.Key_4)
        assert page.message.text() == "Joy goes from 1 to 3; 4 is not on its scale."
        assert page.counter.text() == "0 of 8 rated"

    def second_thoughts(page: RatingBallotPage, shown: list[str]) -> None:
        """Ásgeir gives the lunch a Joy of 3, then clears it with Delete; a 9, Backspace."""
        go_to(qtbot, page, shown.index(LUNCH), 2)
        qtbot.keyClick(page, Qt.Key.Key_3)
        go_to(qtbot, page, shown.index(LUNCH), 2)
        qtbot.keyClick(page, Qt.Key.Key_Delete)
        go_to(qtbot, page, shown.index(PRINT), 0)
        qtbot.keyClick(page, Qt.Key.Key_9)
        go_to(qtbot, page, shown.index(PRINT), 0)
        qtbot.keyClick(page, Qt.Key.Key_Backspace)
        assert page.counter.text() == "7 of 8 rated"

    orders = vote_all(
        qtbot,
        window,
        SCALES,
        BALLOTS,
        before={"Zhao Lěi": refusals},
        after={"Ásgeir Þórsson": second_thoughts},
    )
    # Each voter had an order of their own.
    assert len({tuple(order) for order in orders.values()}) > 1
    assert all(sorted(order) == sorted(orders["Zhao Lěi"]) for order in orders.values())

    asked = close_round(qtbot, window, when_modal_opens)
    assert asked and "Pita Te Rangi" in asked[0]

    # The session file: every value as typed, and nothing else.
    file = json.loads(exported(dotstorm, session_id, "json", tmp_path / "out.json"))
    vote_round, ratings = stored_ratings(file)
    assert ratings == typed(SCALES, BALLOTS)
    assert vote_round["kind"] == "rating" and vote_round["dots"] == []
    assert vote_round["shuffle"] is True and vote_round["no_self_votes"] is True
    assert vote_round["anonymous"] is False and vote_round["status"] == "closed"
    assert [
        (c["name"], c["min"], c["max"], c["higher_is_better"]) for c in vote_round["criteria"]
    ] == [(s.name, s.low, s.high, not s.lower_is_better) for s in SCALES]

    # The minutes: every number worked out by hand from the values typed.
    items = [KIT, COFFEE, MENTOR, RECORD, MAIL, FAQ, LUNCH, PRINT]
    rows = by_hand(SCALES, BALLOTS, items)
    assert rows[-1].text == PRINT and rows[-1].place is None  # nobody rated it: last
    assert any(row.discuss for row in rows) and not all(row.discuss for row in rows)
    markdown = exported(dotstorm, session_id, "md", tmp_path / "minutes.md")
    section = markdown_section(markdown, TITLE)
    assert BOTH_CONTROLS in section
    assert (
        "Combined: the mean of the criteria; Cost (k€) turned around (lower is better)." in section
    )
    check_markdown_table(section, rows, SCALES)
    voters = {name: d or "No department" for name, d in DEPARTMENTS.items()}
    departments = department_scores(SCALES, BALLOTS, voters)
    assert list(departments) == ["Ops & Logistik", "R&D", "Sales"]
    # One column a department, one row an item in the combined order; "—" where a
    # department rated nothing of it.
    lines = section.splitlines()
    header = lines.index("| Item | " + " | ".join(departments) + " |")
    table = [line.strip("|").split(" | ") for line in lines[header + 2 : header + 2 + len(rows)]]
    assert [[cell.strip() for cell in cells] for cells in table] == [
        [row.text, *(scores.get(row.text, "—") for scores in departments.values())] for row in rows
    ]
    assert "Anonymous round" not in section

    pdf = exported(dotstorm, session_id, "pdf", tmp_path / "minutes.pdf")
    text = squeezed(pdf)
    assert BOTH_CONTROLS in text
    check_pdf_tables(pdf, rows, SCALES)
    by_department = text[text.index("Combined score by department") :]
    # The departments head the columns (a long name wraps within its heading).
    heading = by_department[: by_department.index(rows[0].text)]
    assert all(word in heading for d in departments for word in d.split()), heading
    for row in rows:
        scores = " ".join(d.get(row.text, "—") for d in departments.values())
        assert f"{row.text} {scores}" in by_department, (row.text, scores)
