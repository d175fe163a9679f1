"""Issue 32's check of rating rounds: sessions nobody has seen, through the real window.

Each test writes a session file by hand (odd names, people in several departments,
notes, a stack, a cluster, a face-down note), imports it with ``dotstorm import``,
sets a rating round up in the round's dialog with the bias controls on, passes the
laptop voter by voter through the curtain and types the ballots with the keys (a
value no digit gives is clicked), skips and clears some, and closes the round. Then
``dotstorm export`` gives the session file, whose every rating must be the one typed,
and the minutes (Markdown, and the PDF through ``pdftotext``), whose every mean,
spread, combined score, n and "discuss" must be the one worked out here by hand.
"""

from __future__ import annotations

import json
import math
import signal
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.core.types import RoundKind
from app.storage.repository import SessionRepository
from app.ui.session_window import SessionWindow
from app.ui.settings import AppSettings
from app.ui.voting.criteria_editor import OWN
from app.ui.voting.matrix import MatrixDialog
from app.ui.voting.quick_wins import QuickWinsDialog
from app.ui.voting.rating_ballot import RatingBallotPage
from app.ui.voting.round_dialog import RoundDialog
from tests.cli.runner import Dotstorm
from tests.ui.conftest import click_message_button
from tests.ui.round_helpers import Arrange, activate, start_round
from tests.ui.voting.acceptance import (
    HandRow,
    Scale,
    SessionFile,
    Values,
    by_hand,
    curtain_to,
    department_scores,
    exported,
    go_to,
    markdown_rows,
    markdown_section,
    mean,
    new_uuid,
    pdf_table,
    rate,
    squeezed,
    type_text,
)
from tests.ui.windows import open_session

BOTH_CONTROLS = (
    "Bias controls: each voter saw the items in their own order; no votes on one's own ideas."
)
REFUSED_OWN = "That is your own idea, and in this round nobody votes on their own ideas."


@pytest.fixture
def dotstorm(db_path: Path, isolated_env: dict[str, str]) -> Dotstorm:
    """The ``dotstorm`` command on the test's database, as a user runs it."""
    return Dotstorm(db_path, isolated_env)


def set_text(qtbot: QtBot, edit, text: str) -> None:
    """Select what a field holds and type ``text`` over it."""
    edit.setFocus()
    line = edit.lineEdit() if hasattr(edit, "lineEdit") else edit
    line.selectAll()
    type_text(qtbot, edit, text)


def tick(qtbot: QtBot, box, on: bool) -> None:
    """Space on a check box until it is ``on``."""
    if box.isChecked() != on:
        box.setFocus()
        qtbot.keyClick(box, Qt.Key.Key_Space)


Turn = Callable[[RatingBallotPage, list[str]], None]
"""Something a voter does on their ballot besides the values planned (the items as shown)."""


def vote_all(
    qtbot: QtBot,
    window: SessionWindow,
    scales: Sequence[Scale],
    ballots: Mapping[str, Values],
    before: Mapping[str, Turn] | None = None,
    after: Mapping[str, Turn] | None = None,
) -> dict[str, list[str]]:
    """Each voter in turn: their name on the curtain, their values typed, Enter.

    Returns the order each voter saw the items in.
    """
    vote_round = window.document.voting.open_round()
    assert vote_round is not None
    labels = {
        item: window.document.voting.item_label(vote_round, item)
        for item in window.document.voting.round_items(vote_round)
    }
    orders = {}
    for name, values in ballots.items():
        page = curtain_to(qtbot, window, name)
        assert isinstance(page, RatingBallotPage)
        # Nothing of anyone else's shows.
        assert {cell.text() for row in page.cells for cell in row} <= {"·", "your idea"}
        orders[name] = [labels[i] for i in page.item_ids]
        (before or {}).get(name, lambda *_: None)(page, orders[name])
        rate(qtbot, page, scales, labels, values)
        (after or {}).get(name, lambda *_: None)(page, orders[name])
        qtbot.keyClick(page, Qt.Key.Key_Return)
        assert window.voting.currentWidget() is window.voting.curtain
    return orders


def close_round(
    qtbot: QtBot, window: SessionWindow, when_modal_opens: Arrange, everyone: bool = False
) -> list[str]:
    """Ctrl+Enter on the curtain; Yes to closing with people who did not vote. The question.

    ``everyone``: all have voted, so no question comes.
    """
    asked: list[str] = []
    if not everyone:
        when_modal_opens(click_message_button(qtbot, QMessageBox.StandardButton.Yes, asked))
    activate(qtbot, window)
    curtain = window.voting.curtain
    qtbot.keyClick(curtain.close_button, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.voting.currentWidget() is window.voting.results)
    return asked


def stored_ratings(
    file: dict[str, Any], round_index: int = -1
) -> tuple[dict[str, Any], set[tuple[str, str, str, int]]]:
    """A round of an exported session file, and its ratings as (voter, item, criterion, value)."""
    session = file["session"]
    vote_round = session["vote_rounds"][round_index]
    people = {p["id"]: p["name"] for p in session["participants"]}
    notes = {n["id"]: n["text"] for n in session["notes"]}
    notes.update({c["id"]: c["title"] for c in session["clusters"]})
    criteria = {c["id"]: c["name"] for c in vote_round["criteria"]}
    return vote_round, {
        (people[r["voter_id"]], notes[r["item_id"]], criteria[r["criterion_id"]], r["value"])
        for r in vote_round["ratings"]
    }


def typed(
    scales: Sequence[Scale], ballots: Mapping[str, Values]
) -> set[tuple[str, str, str, int]]:
    """Every value typed, as (voter, item, criterion, value)."""
    return {
        (voter, item, scales[column].name, value)
        for voter, values in ballots.items()
        for item, given in values.items()
        for column, value in enumerate(given)
        if value is not None
    }


def check_markdown_table(section: str, rows: list[HandRow], scales: Sequence[Scale]) -> None:
    """The round's table in the Markdown minutes holds exactly the hand-computed rows."""
    header = next(line for line in section.splitlines() if line.startswith("| Place |"))
    assert header == (
        "| Place | Item | " + " | ".join(s.heading for s in scales) + " | Combined | n | Discuss |"
    )
    table = markdown_rows(section, "Place")
    assert list(table) == [row.text for row in rows]  # best combined score first
    for row in rows:
        place = "—" if row.place is None else str(row.place)
        expected = [place, row.text, *row.cells, row.combined_text, str(row.voters)]
        assert table[row.text] == [*expected, "discuss" if row.discuss else ""], row.text


def check_pdf_tables(pdf: str, rows: list[HandRow], scales: Sequence[Scale]) -> None:
    """The PDF's chart (place, item, combined) and its table of numbers, row by row."""
    chart = pdf_table(pdf, ["Place", "Item", "Combined"], key=2)
    assert chart == [
        ["—" if row.place is None else str(row.place), row.text, row.combined_text] for row in rows
    ]
    words = [s.name.split()[0] for s in scales]
    table = pdf_table(pdf, ["Item", *words, "Combined", "n", "Discuss"], key=len(scales) + 1)
    assert table == [
        [
            row.text,
            *row.cells,
            row.combined_text,
            str(row.voters),
            "discuss" if row.discuss else "",
        ]
        for row in rows
    ]


# ---------------------------------------------------------------------- the session


SCALES = (Scale("Reach", 0, 10), Scale("Cost (k€)", 1, 5, True), Scale("Joy", 1, 3))
KIT = "Ship a « starter kit » by post"
COFFEE = "Free coffee ☕ for first-week buddies"
MENTOR = "Pair with 1 mentor — 30 days"
RECORD = "Record the onboarding calls"
MAIL = "Rewrite the welcome e-mail (shorter!)"
FAQ = "A FAQ wiki page"
LUNCH = "Lunch with the CEO"
PRINT = "Print the price list on A3"

# Who rates what (Reach 0-10, Cost 1-5 lower is better, Joy 1-3); Pita Te Rangi never
# votes. Nobody rates their own idea: Zhao wrote the kit, Ngozi the mentor stack (both
# its notes), Ëlla the e-mail and the FAQ, Øyvind the coffee. The recordings are a
# stack of María-José's and Ásgeir's notes: neither's own. Nobody rates the price list.
BALLOTS: dict[str, Values] = {
    "Øyvind Brække-Hansen": {
        KIT: (10, 2, 3),
        MENTOR: (7, 3, 2),
        RECORD: (4, None, 1),
        MAIL: (9, 1, 3),
        FAQ: (2, 5, 1),
    },
    "Zhao Lěi": {
        COFFEE: (8, 1, 3),
        MENTOR: (6, 4, 2),
        RECORD: (5, 2, None),
        MAIL: (10, 1, 2),
        FAQ: (3, 4, 1),
        LUNCH: (0, 5, 1),
    },
    "Ngozi O'Neill": {
        KIT: (9, 2, 3),
        COFFEE: (2, 1, 1),
        RECORD: (6, 2, 2),
        MAIL: (8, 2, 3),
        FAQ: (9, 1, 3),
        LUNCH: (1, 4, 1),
    },
    "María-José Ñúñez": {
        KIT: (10, 3, 3),
        COFFEE: (7, 2, 2),
        MENTOR: (7, 3, 2),
        MAIL: (9, 1, 3),
        FAQ: (1, 5, 1),
    },
    "Ásgeir Þórsson": {
        KIT: (8, 2, 2),
        COFFEE: (9, 1, 3),
        MENTOR: (5, 4, 1),
        RECORD: (7, 3, 2),
        MAIL: (9, 2, 3),
        FAQ: (0, 4, 1),
        LUNCH: (2, 5, None),
    },
    "Ëlla van der Berg": {
        KIT: (9, 1, 3),
        COFFEE: (3, 2, 1),
        MENTOR: (8, 2, 2),
        RECORD: (6, 3, 2),
        LUNCH: (1, 5, 1),
    },
}
DEPARTMENTS = {
    "Øyvind Brække-Hansen": "Ops & Logistik",
    "Zhao Lěi": "R&D",
    "Ngozi O'Neill": "R&D",
    "María-José Ñúñez": "Sales",
    "Ásgeir Þórsson": "Sales",
    "Pita Te Rangi": "",
    "Ëlla van der Berg": "Ops & Logistik",
}
TITLE = "Rate the shortlist — Tuesday's €-check"


def onboarding_file() -> SessionFile:
    """Seven people in three departments (one in none); eight items, a stack, a cluster."""
    file = SessionFile("Ünïcode onboarding: les « premiers jours »")
    ids = {
        name: file.person(name, department, "facilitator" if not ids_made else "participant")
        for ids_made, (name, department) in enumerate(DEPARTMENTS.items())
    }
    first = file.cluster("First contact")
    file.note(KIT, ids["Zhao Lěi"])
    file.note(COFFEE, ids["Øyvind Brække-Hansen"])
    mentor = file.note(MENTOR, ids["Ngozi O'Neill"])
    file.note("Mentor for the first month", ids["Ngozi O'Neill"], merged_into=mentor)
    record = file.note(RECORD, ids["María-José Ñúñez"])
    file.note("Record every call (with consent)", ids["Ásgeir Þórsson"], merged_into=record)
    file.note(MAIL, ids["Ëlla van der Berg"], cluster=first)
    file.note(FAQ, ids["Ëlla van der Berg"], cluster=first)
    file.note("Face-down: a secret idea", ids["Pita Te Rangi"], hidden=True)
    file.note(LUNCH, None)
    file.note(PRINT, ids["Pita Te Rangi"])
    return file


def own_criteria(qtbot: QtBot, scales: Sequence[Scale]):
    """The dialog's set-up: a title, named (not anonymous), criteria of one's own."""

    def arrange(dialog: RoundDialog) -> None:
        set_text(qtbot, dialog.title_edit, TITLE)
        tick(qtbot, dialog.anonymous_box, False)
        editor = dialog.criteria_editor
        editor.template_combo.setFocus()
        qtbot.keyClick(editor.template_combo, Qt.Key.Key_End)
        assert editor.template_combo.currentData() == OWN
        assert len(editor.rows) == len(scales)
        for row, scale in zip(editor.rows, scales, strict=True):
            set_text(qtbot, row.name, scale.name)
            set_text(qtbot, row.low, str(scale.low))
            set_text(qtbot, row.high, str(scale.high))
            tick(qtbot, row.lower_better, scale.lower_is_better)
        assert dialog.error_label.isHidden(), dialog.error_label.text()

    return arrange


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
    assert "Combined: the mean of the criteria, effort turned around." in section
    check_markdown_table(section, rows, SCALES)
    voters = {name: d or "No department" for name, d in DEPARTMENTS.items()}
    departments = department_scores(SCALES, BALLOTS, voters)
    assert list(departments) == ["Ops & Logistik", "R&D", "Sales"]
    for department, scores in departments.items():
        line = next(x for x in section.splitlines() if x.startswith(f"- {department}, combined: "))
        given = line.removeprefix(f"- {department}, combined: ").split("; ")
        assert dict(part.rsplit(" ", 1) for part in given) == scores, department
    assert "Anonymous round" not in section

    pdf = exported(dotstorm, session_id, "pdf", tmp_path / "minutes.pdf")
    text = squeezed(pdf)
    assert BOTH_CONTROLS in text
    check_pdf_tables(pdf, rows, SCALES)
    for department, scores in departments.items():
        line = text[text.index(f"{department}, combined: ") :]
        for item, score in scores.items():
            assert f"{item} {score}" in line[:400], (department, item, line[:400])


# ---------------------------------------------------------------------- anonymous, clusters

ICE = (Scale("Impact", 1, 10), Scale("Confidence", 1, 10), Scale("Ease", 1, 10))
PAPER = "Paperwork & forms"
FIRST = "First contact"
TOOLS = "Tools (internal)"
EMPTY = "Nobody's corner"
# Élodie wrote both notes of the first contact: hers. Bjørn wrote one of the tools'
# notes, nobody the other: not his. Nobody rates the empty cluster; Hemi never votes.
ICE_BALLOTS: dict[str, Values] = {
    "Aroha Ngata": {PAPER: (8, 7, 3), FIRST: (10, 9, 8), TOOLS: (4, 5, 6)},
    "Bjørn Ødegård": {PAPER: (7, 6, 2), FIRST: (9, 8, 9), TOOLS: (3, None, 7)},
    "Chidi Okeke": {PAPER: (9, 8, 4), FIRST: (10, 10, 7), TOOLS: (2, 4, 9)},
    "Dorota Wąs": {PAPER: (6, 7, 3), FIRST: (1, 2, 10), TOOLS: (5, 5, 5)},
    "Élodie Zoé": {PAPER: (8, 8, 4), TOOLS: (10, 1, 10)},
    "Farhan Qureshi": {PAPER: (7, 6, 3), FIRST: (8, 9, 8)},
    "Gül Yıldız": {PAPER: (9, 9, 2), FIRST: (9, 7, 9), TOOLS: (None, None, 8)},
}
PEOPLE_B = {
    "Aroha Ngata": "Ops",
    "Bjørn Ødegård": "Ops",
    "Chidi Okeke": "Finance",
    "Dorota Wąs": "Finance",
    "Élodie Zoé": "Legal",
    "Farhan Qureshi": "Legal",
    "Gül Yıldız": "Ops",
    "Hemi Walker": "",
}
IE = (Scale("Impact", 1, 5), Scale("Effort", 1, 5, True))
IE_BALLOTS: dict[str, Values] = {
    "Chidi Okeke": {
        "A bot for the FAQ": (4, 2),
        "A shared inbox": (3, 5),
        "Call on day one": (5, 1),
    },
    "Dorota Wąs": {"Call on day one": (2, 4), "A shared inbox": (3, 3)},
    "Gül Yıldız": {"Scan the forms": (5, 1), "Call on day one": (4, None), "Video hello": (1, 1)},
}


def clusters_file() -> SessionFile:
    """Eight people in three departments and none; four clusters, one of them empty."""
    file = SessionFile("Quarterly «kaizen» — Zürich & Łódź")
    ids = {
        name: file.person(name, department, "facilitator" if n == 0 else "participant")
        for n, (name, department) in enumerate(PEOPLE_B.items())
    }
    paper, first, tools = file.cluster(PAPER), file.cluster(FIRST), file.cluster(TOOLS)
    file.cluster(EMPTY)
    file.note("Scan the forms", ids["Chidi Okeke"], cluster=paper)
    file.note("Fewer signatures", ids["Dorota Wąs"], cluster=paper)
    file.note("Call on day one", ids["Élodie Zoé"], cluster=first)
    file.note("Video hello", ids["Élodie Zoé"], cluster=first)
    file.note("A shared inbox", ids["Bjørn Ødegård"], cluster=tools)
    file.note("A bot for the FAQ", None, cluster=tools)
    return file


def choose(qtbot: QtBot, combo, data: object) -> None:
    """Down (or Up) in a combo box until it shows the entry of ``data``."""
    combo.setFocus()
    wanted = combo.findData(data)
    while combo.currentIndex() != wanted:
        qtbot.keyClick(combo, Qt.Key.Key_Down if combo.currentIndex() < wanted else Qt.Key.Key_Up)


@pytest.mark.slow
def test_an_anonymous_ice_round_of_clusters_then_impact_and_effort_of_notes(
    qtbot: QtBot,
    repository: SessionRepository,
    settings: AppSettings,
    when_modal_opens: Arrange,
    dotstorm: Dotstorm,
    tmp_path: Path,
):
    session_id = clusters_file().imported(tmp_path, dotstorm)
    window = open_session(qtbot, repository, settings, session_id)

    def ice_of_clusters(dialog: RoundDialog) -> None:
        set_text(qtbot, dialog.title_edit, "ICE the clusters")
        choose(qtbot, dialog.target_combo, "clusters")
        assert dialog.anonymous_box.isChecked()  # anonymous, as a round starts
        assert dialog.criteria_editor.template_combo.currentData() == "ice"

    start_round(
        qtbot,
        window,
        when_modal_opens,
        RoundKind.RATING,
        arrange=ice_of_clusters,
        shuffle=True,
        no_self_votes=True,
    )

    def hers(page: RatingBallotPage, shown: list[str]) -> None:
        row = shown.index(FIRST)
        assert [cell.text() for cell in page.cells[row]] == ["your idea"] * 3
        go_to(qtbot, page, row, 1)
        qtbot.keyClick(page, Qt.Key.Key_5)
        assert page.message.text() == REFUSED_OWN

    def not_his(page: RatingBallotPage, shown: list[str]) -> None:
        # One note of the tools is Bjørn's, the other nobody's: the cluster is not his own.
        assert "your idea" not in {cell.text() for row in page.cells for cell in row}

    vote_all(
        qtbot,
        window,
        ICE,
        ICE_BALLOTS,
        before={"Élodie Zoé": hers, "Bjørn Ødegård": not_his},
    )
    close_round(qtbot, window, when_modal_opens)

    # The next round of the session starts with the same bias controls.
    def impact_and_effort(dialog: RoundDialog) -> None:
        assert dialog.shuffle_box.isChecked() and dialog.no_self_box.isChecked()
        set_text(qtbot, dialog.title_edit, "Impact and effort, notes")
        choose(qtbot, dialog.kind_combo, "rating")
        choose(qtbot, dialog.target_combo, "notes")
        choose(qtbot, dialog.criteria_editor.template_combo, "impact_effort")

    window.voting.results.new_button.setFocus()
    activate(qtbot, window)

    def set_up(dialog: QWidget) -> None:
        assert isinstance(dialog, RoundDialog)
        impact_and_effort(dialog)
        accept(qtbot, dialog)

    when_modal_opens(set_up)
    qtbot.keyClick(window.voting.results.new_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.voting.currentWidget() is window.voting.curtain)
    activate(qtbot, window)
    vote_all(qtbot, window, IE, IE_BALLOTS)
    close_round(qtbot, window, when_modal_opens)

    file = json.loads(exported(dotstorm, session_id, "json", tmp_path / "out.json"))
    first, ratings = stored_ratings(file, 0)
    assert ratings == typed(ICE, ICE_BALLOTS)
    assert first["target"] == "clusters" and first["anonymous"] is True
    assert first["shuffle"] is True and first["no_self_votes"] is True
    second, ratings = stored_ratings(file, 1)
    assert ratings == typed(IE, IE_BALLOTS)
    assert [
        (c["name"], c["min"], c["max"], c["higher_is_better"]) for c in second["criteria"]
    ] == [
        ("Impact", 1, 5, True),
        ("Effort", 1, 5, False),
    ]

    markdown = exported(dotstorm, session_id, "md", tmp_path / "minutes.md")
    pdf = exported(dotstorm, session_id, "pdf", tmp_path / "minutes.pdf")
    ice_rows = by_hand(ICE, ICE_BALLOTS, [PAPER, FIRST, TOOLS, EMPTY])
    section = markdown_section(markdown, "ICE the clusters")
    check_markdown_table(section, ice_rows, ICE)
    assert BOTH_CONTROLS in section
    assert "Anonymous round: no breakdown by department." in section
    assert ", combined:" not in section
    notes = ["Scan the forms", "Fewer signatures", "Call on day one", "Video hello"]
    ie_rows = by_hand(IE, IE_BALLOTS, [*notes, "A shared inbox", "A bot for the FAQ"])
    section = markdown_section(markdown, "Impact and effort, notes")
    check_markdown_table(section, ie_rows, IE)
    assert "Anonymous round: no breakdown by department." in section
    text = squeezed(pdf)
    assert ", combined:" not in text
    assert text.count("Anonymous round: no breakdown by department.") == 2
    assert text.count(BOTH_CONTROLS) == 2
    ice_part = pdf[pdf.index("ICE the clusters") : pdf.index("Impact and effort, notes")]
    check_pdf_tables(ice_part, ice_rows, ICE)
    check_pdf_tables(pdf[pdf.index("Impact and effort, notes") :], ie_rows, IE)


def accept(qtbot: QtBot, dialog) -> None:
    """Click the dialog's OK (Start the round)."""
    buttons = dialog.findChild(QDialogButtonBox)
    qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible(), dialog.error_label.text()


# ---------------------------------------------------------------------- on to the 2×2

BOT = "A bot for the FAQ"
NUF = (Scale("New", 1, 5), Scale("Useful", 1, 5), Scale("Feasible", 1, 5))
# Eight voters: the bot's Useful is 29/8 = 3.625, which people round to 3.63 (and to 4
# on the 2×2); its Feasible 37/8, effort 6 - 4.625 = 1.375 -> 1: a quick win.
NUF_BALLOTS: dict[str, Values] = {
    "Aroha Ngata": {BOT: (2, 4, 5), "Scan the forms": (3, 5, 4), "A shared inbox": (1, 2, 2)},
    "Bjørn Ødegård": {BOT: (3, 4, 4), "Scan the forms": (2, 5, 4), "Call on day one": (4, 4, 2)},
    "Chidi Okeke": {BOT: (2, 4, 5), "A shared inbox": (2, 3, 1), "Fewer signatures": (1, 3, 4)},
    "Dorota Wąs": {BOT: (1, 3, 4), "Scan the forms": (4, 4, 3), "Call on day one": (5, 5, 2)},
    "Élodie Zoé": {BOT: (3, 4, 5), "Scan the forms": (3, 5, 5), "A shared inbox": (2, 2, 2)},
    "Farhan Qureshi": {BOT: (2, 3, 5), "A shared inbox": (1, 3, 1)},
    "Gül Yıldız": {BOT: (4, 4, 4), "Scan the forms": (3, 4, 4), "Call on day one": (3, 4, 3)},
    "Hemi Walker": {BOT: (2, 3, 5)},
}


def half_up(value: Fraction) -> int:
    """A mean to a whole step of the 2×2: the nearest, halves up."""
    return math.floor(value + Fraction(1, 2))


@pytest.mark.slow
def test_a_nuf_round_on_the_2x2_and_its_quick_wins_made_experiments_in_one_step(
    qtbot: QtBot,
    repository: SessionRepository,
    settings: AppSettings,
    when_modal_opens: Arrange,
    dotstorm: Dotstorm,
    tmp_path: Path,
):
    file = clusters_file()
    file.goal_record = {
        "id": new_uuid(),
        "title": "Halve the time to a first order",
        "why": "",
        "metric": "Days to first order",
        "unit": "days",
        "baseline": None,
        "target": None,
        "target_date": None,
    }
    session_id = file.imported(tmp_path, dotstorm)
    window = open_session(qtbot, repository, settings, session_id)

    def nuf(dialog: RoundDialog) -> None:
        set_text(qtbot, dialog.title_edit, "NUF the notes")
        choose(qtbot, dialog.criteria_editor.template_combo, "nuf")

    start_round(qtbot, window, when_modal_opens, RoundKind.RATING, arrange=nuf, no_self_votes=True)
    vote_all(qtbot, window, NUF, NUF_BALLOTS)
    close_round(qtbot, window, when_modal_opens, everyone=True)

    # By hand: impact is Useful's mean, effort the mirror of Feasible's (6 - mean), each
    # rounded to a whole step, halves up; only the items someone rated go on the 2×2.
    rated = ["Scan the forms", "Fewer signatures", "Call on day one", "A shared inbox", BOT]
    expected = {}
    for text in rated:
        useful = [v[1] for v in (b.get(text) for b in NUF_BALLOTS.values()) if v and v[1]]
        feasible = [v[2] for v in (b.get(text) for b in NUF_BALLOTS.values()) if v and v[2]]
        expected[text] = (half_up(mean(useful)), half_up(6 - mean(feasible)))
    assert expected["A shared inbox"] == (3, 5)  # 2.5 -> 3, 6 - 1.5 = 4.5 -> 5
    quick = {t for t, (impact, effort) in expected.items() if impact >= 4 and effort <= 2}
    assert quick == {"Scan the forms", BOT}
    people = {p.name: p.id for p in window.document.people.values()}
    listed: list[str] = []
    offered: list[tuple[str, object]] = []

    def make_them(dialog) -> None:
        assert isinstance(dialog, QuickWinsDialog)
        for row in range(dialog.table.rowCount()):
            cell = dialog.table.item(row, 0)
            assert cell is not None
            offered.append((cell.text(), dialog.owners[row].currentData()))
        bot_row = next(r for r in range(len(offered)) if offered[r][0].startswith(BOT))
        choose(qtbot, dialog.owners[bot_row], people["Aroha Ngata"])  # nobody wrote it
        qtbot.mouseClick(dialog.make_button, Qt.MouseButton.LeftButton)

    def save_and_go_on(dialog) -> None:
        assert isinstance(dialog, MatrixDialog)
        listed.extend(dialog.item_list.item(i).text() for i in range(dialog.item_list.count()))
        when_modal_opens(make_them)
        qtbot.mouseClick(dialog.experiments_button, Qt.MouseButton.LeftButton)

    when_modal_opens(save_and_go_on)
    qtbot.mouseClick(window.voting.results.matrix_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(repository.load_session(session_id).action_items))
    rows = by_hand(NUF, NUF_BALLOTS, [*rated, "Video hello"])
    assert listed == [f"{n}.  {row.text}" for n, row in enumerate(rows[:-1], start=1)]
    assert [text.split("\n") for text, _ in offered] == [
        ["Scan the forms", f"quick win: impact {expected['Scan the forms'][0]}, effort 2"],
        [BOT, "quick win: impact 4, effort 1"],
    ]
    assert [owner for _, owner in offered] == [people["Chidi Okeke"], None]

    exported_file = json.loads(exported(dotstorm, session_id, "json", tmp_path / "out.json"))
    session = exported_file["session"]
    notes = {n["text"]: n for n in session["notes"]}
    assert {t: (notes[t]["impact"], notes[t]["effort"]) for t in rated} == expected
    assert (notes["Video hello"]["impact"], notes["Video hello"]["effort"]) == (None, None)
    due = (date.today() + timedelta(days=7)).isoformat()
    actions = {a["title"]: a for a in session["action_items"]}
    assert set(actions) == quick
    for text, owner in (("Scan the forms", "Chidi Okeke"), (BOT, "Aroha Ngata")):
        action = actions[text]
        assert action["owner_id"] == people[owner]
        assert action["due_date"] == due
        assert action["source_note_id"] == notes[text]["id"]
        assert (
            action["hypothesis"]
            == f"If we {text[0].lower()}{text[1:]}, we expect days to first order to improve."
        )
        assert action["success_metric"] == "Days to first order (days)"
        assert notes[text]["idea_status"] == "trying"

    # The minutes' numbers, with a mean people round half up.
    section = markdown_section(
        exported(dotstorm, session_id, "md", tmp_path / "m.md"), "NUF the notes"
    )
    check_markdown_table(section, rows, NUF)
    assert "3.63 ± 0.48" in section

    # One undo step takes every experiment back, and the ideas' "trying"; the 2×2 stays.
    assert window.undo.undo_action.text() == "&Undo Make 2 experiments from quick wins"
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    undone = repository.load_session(session_id)
    assert undone.action_items == () and dict(undone.idea_statuses) == {}
    assert {n.text: (n.impact, n.effort) for n in undone.notes if n.text in rated} == expected
    assert window.undo.undo_action.text() == "&Undo Put “NUF the notes” on the 2×2"


# ---------------------------------------------------------------------- a crash mid-ballot

PROJECT = Path(__file__).resolve().parents[3]


@pytest.mark.slow
def test_a_window_killed_mid_ballot_keeps_every_value_it_showed_and_the_voters_order(
    qtbot: QtBot,
    repository: SessionRepository,
    settings: AppSettings,
    dotstorm: Dotstorm,
    tmp_path: Path,
    isolated_env: dict[str, str],
):
    file = onboarding_file()
    people = {p["name"]: p["id"] for p in file.people}
    file.rounds.append(
        {
            "id": new_uuid(),
            "title": "Rated before the crash",
            "target": "notes",
            "dots_per_voter": 3,
            "max_dots_per_item": 1,
            "anonymous": False,
            "blind": True,
            "status": "open",
            "opened_at": "2026-12-03T09:30:00Z",
            "closed_at": None,
            "dots": [],
            "kind": "rating",
            "criteria": [
                {
                    "id": new_uuid(),
                    "name": s.name,
                    "min": s.low,
                    "max": s.high,
                    "higher_is_better": not s.lower_is_better,
                }
                for s in (Scale("Value", 1, 5), Scale("Risk", 1, 5, True))
            ],
            "ratings": [],
            "shuffle": True,
            "no_self_votes": True,
        }
    )
    session_id = file.imported(tmp_path, dotstorm)
    first, second = "Ngozi O'Neill", "Ëlla van der Berg"
    with (
        (tmp_path / "stderr.txt").open("w") as errors,
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.ui.voting.rating_kill_driver",
                str(dotstorm.db_path),
                session_id,
                str(tmp_path / "settings.ini"),
                first,
                second,
                "5",
            ],
            cwd=PROJECT,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
            env=dict(isolated_env, QT_QPA_PLATFORM="offscreen"),
        ) as process,
    ):
        assert process.stdout is not None
        lines = []
        for raw in process.stdout:
            lines.append(json.loads(raw))
            if "waiting" in lines[-1]:
                break
        process.send_signal(signal.SIGKILL)  # mid-ballot: Ëlla never pressed Enter
        process.wait()
    assert "waiting" in lines[-1], (tmp_path / "stderr.txt").read_text()
    last = lines[-2]
    assert last["ack"] == 5

    window = open_session(qtbot, repository, settings, session_id)
    activate(qtbot, window)
    qtbot.keyClick(
        window,
        Qt.Key.Key_V,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    curtain = window.voting.curtain
    assert not curtain.name_buttons[people[first]].isEnabled()  # she had pressed Enter
    assert curtain.name_buttons[people[second]].isEnabled()  # she had not
    page = curtain_to(qtbot, window, second)
    assert isinstance(page, RatingBallotPage)
    assert page.item_ids == last["order"] == lines[0]["order"]  # the same order again
    assert [[c.text() for c in row] for row in page.cells] == last["cells"]
    given = sum(c not in ("·", "your idea") for row in last["cells"] for c in row)
    assert given == 5
    stored = window.document.voting.vote_rounds[-1]
    assert len([r for r in stored.ratings if r.voter_id == people[second]]) == 5
    assert len([r for r in stored.ratings if r.voter_id == people[first]]) == 9
