"""UI fixtures: the app's look, settings in a temporary file, and modal-dialog helpers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QDeadlineTimer, QSettings, QStandardPaths, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.ui.look import configure_application
from app.ui.settings import AppSettings

if TYPE_CHECKING:
    from app.storage.repository import SessionRepository
    from tests.ui.shortcut_checks import Harness


@pytest.fixture(autouse=True)
def dotstorm_look(qapp: QApplication) -> None:
    QStandardPaths.setTestModeEnabled(True)
    configure_application(qapp)


@pytest.fixture
def settings(tmp_path: Path) -> AppSettings:
    return AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


ModalHandler = Callable[[QWidget], None]
MODAL_PATIENCE_MS = 5000


@pytest.fixture
def when_modal_opens(qtbot: QtBot) -> Iterator[Callable[[ModalHandler], None]]:
    """Run a handler on the next modal dialog, as a person would answer it.

    A dialog that never gets the keyboard (no active window) is rejected after a few
    seconds and the test fails, instead of waiting in its event loop for ever.
    """
    seen: list[QWidget] = []
    stuck: list[str] = []
    armed = [True]  # a handler whose dialog never came stops with its test

    def arrange(handler: ModalHandler) -> None:
        # The patience counts from when the dialog is up, however long it took to come.
        waiting_since: dict[int, QDeadlineTimer] = {}

        def attempt() -> None:
            if not armed[0]:
                return
            widget = QApplication.activeModalWidget()
            # A person answers a dialog once it is up, with the keyboard in it.
            if widget is None or widget in seen or not widget.isActiveWindow():
                if widget is not None and widget not in seen:
                    deadline = waiting_since.setdefault(
                        id(widget), QDeadlineTimer(MODAL_PATIENCE_MS)
                    )
                    if deadline.hasExpired():
                        stuck.append(type(widget).__name__)
                        seen.append(widget)
                        if isinstance(widget, QDialog):
                            widget.reject()
                        return
                QTimer.singleShot(10, attempt)
                return
            seen.append(widget)
            handler(widget)

        QTimer.singleShot(0, attempt)

    yield arrange
    armed[0] = False
    assert not stuck, f"these dialogs never became the active window: {stuck}"


@pytest.fixture(autouse=True)
def no_window_outlives_its_test(qapp: QApplication) -> Iterator[None]:
    """Whatever window a test left open is closed after it, so that none takes the next
    test's keyboard (a dialog that never becomes the active window) or its modal."""
    yield
    for widget in QApplication.topLevelWidgets():
        if widget.isVisible():
            widget.close()


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


@pytest.fixture
def harness(
    qtbot: QtBot,
    repository: SessionRepository,
    settings: AppSettings,
    when_modal_opens: Callable[[ModalHandler], None],
    tmp_path: Path,
) -> Harness:
    """The shortcut checks' harness: windows on the test's database, keys pressed for real."""
    from tests.ui.shortcut_checks import Harness

    return Harness(qtbot, repository, settings, when_modal_opens, tmp_path)
