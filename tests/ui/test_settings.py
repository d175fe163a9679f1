"""Window geometry comes back, and always onto a screen that exists now."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow
from pytestqt.qtbot import QtBot

from app.ui.settings import AppSettings, keep_on_screen


def test_geometry_is_remembered(qtbot: QtBot, settings: AppSettings):
    first = QMainWindow()
    qtbot.addWidget(first)
    first.setGeometry(100, 120, 700, 500)
    settings.save_geometry(first, "test")
    second = QMainWindow()
    qtbot.addWidget(second)
    settings.restore_geometry(second, "test")
    assert second.size().width() == 700 and second.size().height() == 500


def test_a_window_from_a_missing_screen_comes_back_on_this_one(qtbot: QtBot):
    window = QMainWindow()
    qtbot.addWidget(window)
    window.setGeometry(9000, 9000, 600, 400)
    keep_on_screen(window)
    screen = QGuiApplication.primaryScreen().availableGeometry()
    assert screen.intersects(window.frameGeometry())
    assert screen.contains(window.frameGeometry().center())


def test_a_window_on_screen_stays_where_it_is(qtbot: QtBot):
    window = QMainWindow()
    qtbot.addWidget(window)
    window.setGeometry(50, 60, 400, 300)
    before = window.pos()
    keep_on_screen(window)
    assert window.pos() == before
