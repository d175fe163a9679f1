"""What the rating acceptance tests share: steps through the window, checks, sessions.

The onboarding session (criteria of one's own, eight items, departments) is voted on
by the rank round's acceptance test too; the clusters session by the 2×2's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.ui.session_window import SessionWindow
from app.ui.voting.criteria_editor import OWN
from app.ui.voting.rating_ballot import RatingBallotPage
from app.ui.voting.round_dialog import RoundDialog
from tests.ui.conftest import click_message_button
from tests.ui.round_helpers import Arrange, activate
from tests.ui.voting.acceptance import (
    HandRow,
    Scale,
    SessionFile,
    Values,
    curtain_to,
    markdown_rows,
    pdf_table,
    rate,
    type_text,
)

BOTH_CONTROLS = (
    "Bias controls: each voter saw the items in their own order; no votes on one's own ideas."
)
REFUSED_OWN = "That is your own idea, and in this round nobody votes on their own ideas."


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
