"""Exporting minutes from the session window, off the GUI thread."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QFileDialog, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from app.core.demo import build_demo_session
from app.storage.repository import SessionRepository
from app.ui.board.picture import board_image
from app.ui.export_flow import ExportDialog
from app.ui.session_window import SessionWindow
from app.ui.settings import AppSettings
from tests.ui.windows import open_session


@pytest.fixture
def window(qtbot: QtBot, repository: SessionRepository, settings: AppSettings) -> SessionWindow:
    demo = build_demo_session()
    repository.add_session(demo)
    return open_session(qtbot, repository, settings, demo.id)


def choose(qtbot: QtBot, fmt: str, page: str):
    def handle(dialog: QWidget) -> None:
        assert isinstance(dialog, ExportDialog)
        dialog.format_combo.setCurrentIndex(dialog.format_combo.findData(fmt))
        dialog.page_combo.setCurrentIndex(dialog.page_combo.findData(page))
        buttons = dialog.findChild(QDialogButtonBox)
        assert buttons is not None
        qtbot.mouseClick(
            buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
        )

    return handle


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_ctrl_e_exports_pdf_minutes_with_the_board(
    qtbot: QtBot,
    window: SessionWindow,
    when_modal_opens,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    settings: AppSettings,
):
    suggested: list[Path] = []

    def ask(path: Path, fmt: str) -> Path:
        suggested.append(path)
        return tmp_path / path.name

    monkeypatch.setattr(window.exports, "ask_path", ask)
    when_modal_opens(choose(qtbot, "pdf", "letter"))
    qtbot.keyClick(window.capture_bar.idea_edit, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    target = tmp_path / "order-to-delivery-one-day-faster.pdf"
    assert suggested[0].name == target.name
    qtbot.waitUntil(lambda: "Exported to" in window.statusBar().currentMessage(), timeout=20000)
    text = subprocess.run(
        ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "The board" in text and "Vote results" in text
    images = subprocess.run(
        ["pdfimages", "-list", str(target)], capture_output=True, text=True, check=True
    ).stdout
    assert len(images.splitlines()) >= 3  # header lines plus the board picture
    assert settings.string("minutes/page_size") == "letter"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_exporting_minutes_with_the_keyboard_alone(
    qtbot: QtBot, window: SessionWindow, when_modal_opens, tmp_path: Path, settings: AppSettings
):
    settings.set_string("export/folder", str(tmp_path))
    target = tmp_path / "minutes for the team"
    seen: dict[str, object] = {}

    def choose_pdf(dialog: QWidget) -> None:
        assert isinstance(dialog, ExportDialog)
        seen["first"] = dialog.focusWidget()
        seen["format"] = dialog.format_combo.currentText()
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)

    def type_the_path(dialog: QWidget) -> None:
        assert isinstance(dialog, QFileDialog)
        field = dialog.focusWidget()
        assert isinstance(field, QLineEdit)
        seen["suggested"] = field.selectedText()
        qtbot.keyClicks(field, str(target))  # replaces the selected suggestion
        qtbot.keyClick(field, Qt.Key.Key_Return)

    when_modal_opens(choose_pdf)
    when_modal_opens(type_the_path)
    qtbot.keyClick(window.capture_bar.idea_edit, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "Exported to" in window.statusBar().currentMessage(), timeout=20000)
    assert seen["format"] == "Minutes (PDF)"
    assert isinstance(seen["first"], QComboBox)
    assert seen["suggested"] == "order-to-delivery-one-day-faster.pdf"
    written = target.with_name(target.name + ".pdf")  # the ending is added when not typed
    text = subprocess.run(
        ["pdftotext", str(written), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert window.document.session.title in text and "Vote results" in text


def test_a_failed_export_says_so_in_one_line(
    qtbot: QtBot,
    window: SessionWindow,
    when_modal_opens,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
):
    monkeypatch.setattr(
        window.exports, "ask_path", lambda path, fmt: tmp_path / "gone" / path.name
    )
    when_modal_opens(choose(qtbot, "md", "a4"))
    qtbot.keyClick(window.capture_bar.idea_edit, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: "Nothing was written" in window.statusBar().currentMessage(), timeout=20000
    )
    assert "does not exist" in window.statusBar().currentMessage()
    assert not (tmp_path / "gone").exists()


def test_the_board_picture_is_print_resolution(window: SessionWindow):
    from PySide6.QtGui import QImage

    window.view.set_zoom(0.2)  # far out: the cards leave their drawing to the overview
    data = board_image(window.scene, window.view.zoom)
    assert data is not None
    image = QImage.fromData(data)
    assert image.width() >= 2000 or image.height() >= 2000
