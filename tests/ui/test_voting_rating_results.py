"""A rating round's and a rank round's results in the window, against numbers worked by hand."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.storage.repository import SessionRepository
from app.ui.settings import AppSettings
from app.ui.voting.results import count_label
from tests.core.rating_sessions import (
    EXPECTED_POINTS,
    EXPECTED_RATING_ROWS,
    RANK_ROUND_ID,
    RATING_ROUND_ID,
    TEXTS,
    X,
    Y,
    Z,
    rating_session,
)
from tests.ui.windows import open_session


def test_the_window_shows_the_hand_computed_rating_and_rank_results(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings
):
    session = rating_session()
    repository.add_session(session)
    window = open_session(qtbot, repository, settings, session.id)
    window.voting_controller.show_voting()
    page = window.voting
    results = page.results
    assert page.currentWidget() is results
    assert results.heading.text() == "Score on NUF"  # the last round, a rating round
    assert results.rating_view.isVisible() and not results.chart.isVisible()
    assert "Bias controls: each voter saw the items in their own order" in (
        results.subtitle.text()
    )
    view = results.rating_view
    assert "Combined: the mean of the criteria." in view.definition.text()
    table = view.table
    headings = [
        cell.text() if (cell := table.horizontalHeaderItem(c)) else ""
        for c in range(table.columnCount())
    ]
    assert headings == [
        "Place",
        "Item",
        "New 1-5",
        "Useful 1-5",
        "Feasible 1-5",
        "Combined",
        "n",
        "Discuss",
    ]
    shown = [
        [
            cell.text() if (cell := table.item(row, column)) else ""
            for column in range(table.columnCount())
        ]
        for row in range(table.rowCount())
    ]
    assert shown == [
        [place, TEXTS[item], new, useful, feasible, combined, str(n), "discuss" if d else ""]
        for place, item, new, useful, feasible, combined, n, d in EXPECTED_RATING_ROWS
    ]
    assert [line.text for line in view.chart.lines] == [TEXTS[r[1]] for r in EXPECTED_RATING_ROWS]
    departments = view.department_table
    assert view.breakdown.isVisible() and departments.isVisible()
    department_headings = [
        cell.text() if (cell := departments.horizontalHeaderItem(c)) else "" for c in range(4)
    ]
    assert department_headings == [
        "Place",
        "Item",
        "Sales",
        "Support",
    ]
    by_department = [
        [cell.text() if (cell := departments.item(row, c)) else "" for c in range(1, 4)]
        for row in range(departments.rowCount())
    ]
    assert by_department[:3] == [
        [TEXTS[Y], "4.17", "3.67"],
        [TEXTS[X], "3.67", "3.67"],
        [TEXTS[Z], "2.67", "—"],
    ]
    assert not results.runoff_buttons  # no ranking by count, so no runoff

    # The rank round: points, places, the tie and its runoff, as a dot round's.
    results.round_combo.activated.emit(results.round_combo.findData(RANK_ROUND_ID))
    assert results.heading.text() == "Rank the top 3"
    assert results.chart.isVisible() and not results.rating_view.isVisible()
    rows = [
        (entry.rank, entry.tied, label, count_label(entry, results.chart.unit))
        for entry, label in results.chart.rows
    ]
    assert rows == [
        (1, False, TEXTS[EXPECTED_POINTS[0][1]], "6 points"),
        (2, True, TEXTS[EXPECTED_POINTS[1][1]], "5 points  tie"),
        (2, True, TEXTS[EXPECTED_POINTS[2][1]], "5 points  tie"),
        (4, False, TEXTS[EXPECTED_POINTS[3][1]], "2 points"),
    ]
    (runoff,) = results.runoff_buttons
    assert runoff.text() == "Runoff between the 2 items tied at place 2"
    assert "Bias controls: none." in results.subtitle.text()
    assert "top 3 ranked, 3 points to 1" in results.subtitle.text()
    assert results.round_combo.itemData(2) == RATING_ROUND_ID
