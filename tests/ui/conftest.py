"""UI fixtures: the app's look, settings in a temporary file, and modal-dialog helpers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QStandardPaths, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.ui.application import configure_application
from app.ui.settings import AppSettings


@pytest.fixture(autouse=True)
def dotstorm_look(qapp: QApplication) -> None:
    QStandardPaths.setTestModeEnabled(True)
    configure_application(qapp)


@pytest.fixture
def settings(tmp_path: Path) -> AppSettings:
    return AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


ModalHandler = Callable[[QWidget], None]


@pytest.fixture
def when_modal_opens(qtbot: QtBot) -> Iterator[Callable[[ModalHandler], None]]:
    """Run a handler on the next modal dialog, as a person would answer it."""
    seen: list[QWidget] = []

    def arrange(handler: ModalHandler) -> None:
        def attempt() -> None:
            widget = QApplication.activeModalWidget()
            # A person answers a dialog once it is up, with the keyboard in it.
            if widget is None or widget in seen or not widget.isActiveWindow():
                QTimer.singleShot(10, attempt)
                return
            seen.append(widget)
            handler(widget)

        QTimer.singleShot(0, attempt)

    yield arrange


def click_message_button(
    qtbot: QtBot, button: QMessageBox.StandardButton, record: list[str] | None = None
) -> ModalHandler:
    """A handler that reads a message box and clicks one of its buttons."""

    def handle(widget: QWidget) -> None:
        assert isinstance(widget, QMessageBox), widget
        if record is not None:
            record.append(widget.text())
        qtbot.mouseClick(widget.button(button), Qt.MouseButton.LeftButton)

    return handle
