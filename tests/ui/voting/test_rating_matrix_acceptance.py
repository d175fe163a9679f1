"""Issue 32's check: a NUF round put on the 2×2, its quick wins made experiments."""

from __future__ import annotations

import json
import math
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.types import RoundKind
from app.storage.repository import SessionRepository
from app.ui.settings import AppSettings
from app.ui.voting.matrix import MatrixDialog
from app.ui.voting.quick_wins import QuickWinsDialog
from app.ui.voting.round_dialog import RoundDialog
from tests.cli.runner import Dotstorm
from tests.ui.round_helpers import Arrange, activate, start_round
from tests.ui.voting.acceptance import (
    Scale,
    Values,
    by_hand,
    exported,
    markdown_section,
    mean,
    new_uuid,
)
from tests.ui.voting.rating_flow import (
    check_markdown_table,
    choose,
    close_round,
    clusters_file,
    set_text,
    vote_all,
)
from tests.ui.windows import open_session

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
            == f"If we try “{text}”, we expect days to first order to improve."
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
