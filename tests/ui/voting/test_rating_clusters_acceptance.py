"""Issue 32's check: an anonymous ICE round of clusters, then impact and effort of notes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from app.core.types import RoundKind
from app.storage.repository import SessionRepository
from app.ui.settings import AppSettings
from app.ui.voting.rating_ballot import RatingBallotPage
from app.ui.voting.round_dialog import RoundDialog
from tests.cli.runner import Dotstorm
from tests.ui.round_helpers import Arrange, activate, start_round
from tests.ui.voting.acceptance import (
    by_hand,
    exported,
    go_to,
    markdown_section,
    squeezed,
)
from tests.ui.voting.rating_flow import (
    BOTH_CONTROLS,
    EMPTY,
    FIRST,
    ICE,
    ICE_BALLOTS,
    IE,
    IE_BALLOTS,
    PAPER,
    REFUSED_OWN,
    TOOLS,
    check_markdown_table,
    check_pdf_tables,
    choose,
    close_round,
    clusters_file,
    set_text,
    stored_ratings,
    typed,
    vote_all,
)
from tests.ui.windows import open_session


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
