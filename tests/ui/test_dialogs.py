"""Every dialog answers Enter with its default button and Esc with Cancel, from the keyboard."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QPushButton
from pytestqt.qtbot import QtBot

from app.core.demo import build_demo_session
from app.storage.backup import BackupInfo
from app.storage.repository import SessionRepository
from app.ui.document import SessionDocument
from app.ui.export_flow import ExportDialog
from app.ui.new_session_dialog import NewSessionDialog
from app.ui.restore_dialog import RestoreDialog
from app.ui.settings import AppSettings
from app.ui.shortcut_help import ShortcutHelp
from app.ui.timer.agenda_dialog import AgendaDialog
from app.ui.voting.matrix import MatrixDialog
from app.ui.voting.round_dialog import RoundDialog
from tests.ui.windows import show_active

Maker = Callable[[SessionRepository, AppSettings], QDialog]


def new_session(_repository: SessionRepository, _settings: AppSettings) -> QDialog:
    dialog = NewSessionDialog()
    dialog.title_edit.setText("Faster onboarding")  # valid, so that Enter creates it
    return dialog


def agenda(_repository: SessionRepository, _settings: AppSettings) -> QDialog:
    return AgendaDialog(build_demo_session().phases)


def vote_round(repository: SessionRepository, _settings: AppSettings) -> QDialog:
    demo = build_demo_session()
    repository.add_session(demo)
    return RoundDialog(SessionDocument(repository, demo.id))


def export(_repository: SessionRepository, settings: AppSettings) -> QDialog:
    return ExportDialog(settings)


def restore(_repository: SessionRepository, _settings: AppSettings) -> QDialog:
    backup = BackupInfo(Path("/backups/dotstorm-1.db"), datetime(2026, 12, 1, 9, 30), ("Demo",))
    return RestoreDialog([backup])


def matrix(_repository: SessionRepository, _settings: AppSettings) -> QDialog:
    return MatrixDialog([("a", "Self-serve returns"), ("b", "One-page onboarding")], {})


def shortcuts(_repository: SessionRepository, _settings: AppSettings) -> QDialog:
    return ShortcutHelp()


DIALOGS: dict[str, Maker] = {
    "new session": new_session,
    "agenda": agenda,
    "vote round": vote_round,
    "export": export,
    "restore": restore,
    "impact and effort": matrix,
    "keyboard shortcuts": shortcuts,
}


@pytest.mark.parametrize("name", DIALOGS)
def test_enter_is_the_default_button_wherever_the_keyboard_starts(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings, name: str
):
    dialog = show_active(qtbot, DIALOGS[name](repository, settings))
    defaults = [b for b in dialog.findChildren(QPushButton) if b.isDefault() and b.isVisible()]
    assert len(defaults) == 1, [b.text() for b in defaults]
    start = QApplication.focusWidget()
    assert start is not None and dialog.isAncestorOf(start)
    qtbot.keyClick(start, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted and not dialog.isVisible()


@pytest.mark.parametrize("name", DIALOGS)
def test_esc_cancels(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings, name: str
):
    dialog = show_active(qtbot, DIALOGS[name](repository, settings))
    start = QApplication.focusWidget()
    assert start is not None
    qtbot.keyClick(start, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected and not dialog.isVisible()


def test_the_agenda_dialog_starts_on_the_phases_not_on_the_template_picker(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings
):
    # The picker sits above the phases; an arrow key on it would replace the whole agenda.
    dialog = show_active(qtbot, agenda(repository, settings))
    assert isinstance(dialog, AgendaDialog)
    assert QApplication.focusWidget() is dialog.editor.table
