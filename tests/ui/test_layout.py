"""At 1280×720 and 1024×768, in every phase and with any panel open, nothing is cut.

The window must fit the screen's available area (its minimum size included, or the
window manager pushes part of it off the screen), and the board keeps at least half
of the window's height.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from PySide6.QtCore import QPoint, QPointF, QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.core.demo import build_demo_session
from app.storage.repository import SessionRepository
from app.ui.session_window import SessionWindow
from app.ui.settings import AppSettings, maximize_if_too_big
from app.ui.voting.matrix import MARKER_RADIUS, MatrixBoard
from app.ui.voting.results import two_lines
from tests.ui.windows import open_session

TITLE_BAR = 24
"""What a window manager's title bar takes from the screen's height (openbox: 18-24)."""
SCREENS = [QSize(1280, 720), QSize(1024, 768)]
LONG_QUESTION = (
    "How might we cut a whole day from the time between a customer's order and the "
    "first delivery, without hiring anyone new or buying new software this year?"
)


def settle() -> None:
    for _ in range(4):
        QApplication.processEvents()


@pytest.fixture
def demo_window(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings
) -> SessionWindow:
    demo = replace(build_demo_session(), question=LONG_QUESTION)
    repository.add_session(demo)
    window = open_session(qtbot, repository, settings, demo.id)
    window.setWindowState(Qt.WindowState.WindowNoState)
    return window


def on_screen(window: SessionWindow, screen: QSize) -> None:
    """The window as a maximized one is on ``screen`` under a window manager."""
    window.resize(screen.width(), screen.height() - TITLE_BAR)
    settle()


def board_only(window: SessionWindow) -> None:
    window.voting_controller.show_board()


def actions_panel(window: SessionWindow) -> None:
    window.actions_controller.open_panel()


def similar_panel(window: SessionWindow) -> None:
    window.similar_dock.show_docked()


def both_panels(window: SessionWindow) -> None:
    window.actions_controller.open_panel()
    window.similar_dock.show_docked()


def people_panel_hidden(window: SessionWindow) -> None:
    window.panel_action.setChecked(False)


BOARD_STATES: dict[str, Callable[[SessionWindow], None]] = {
    "board": board_only,
    "actions panel": actions_panel,
    "similar ideas panel": similar_panel,
    "both side panels": both_panels,
    "people panel hidden": people_panel_hidden,
}


def vote_start(window: SessionWindow) -> None:
    window.voting_controller.show_voting()
    window.voting.setCurrentWidget(window.voting.start_page)


def curtain(window: SessionWindow) -> None:
    window.voting_controller.show_voting()
    window.voting.show_curtain(window.document.voting.vote_rounds[-1])


def results(window: SessionWindow) -> None:
    window.voting_controller.show_voting()
    window.voting.show_results(window.document.voting.vote_rounds[-1])


def results_beside_actions(window: SessionWindow) -> None:
    results(window)
    window.actions_controller.open_panel()


VOTE_STATES: dict[str, Callable[[SessionWindow], None]] = {
    "vote start": vote_start,
    "curtain": curtain,
    "results": results,
    "results beside the actions panel": results_beside_actions,
}


def visible_cut(window: SessionWindow) -> list[str]:
    """Visible widgets whose minimum is larger than what they were given."""
    cut = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.width() == 0:
            continue
        place = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
        if not place.intersects(window.rect()):  # parked off the window (a spare tab bar)
            continue
        hint = widget.minimumSizeHint()
        least = widget.minimumSize()
        need = max(hint.width(), least.width())
        if need > widget.width() + 1 and widget.maximumWidth() >= need:
            cut.append(f"{type(widget).__name__} {widget.objectName()} {need}>{widget.width()}")
    return cut


@pytest.mark.parametrize("screen", SCREENS, ids=lambda s: f"{s.width()}x{s.height()}")
@pytest.mark.parametrize("state", [*BOARD_STATES, *VOTE_STATES])
def test_every_phase_and_panel_fits_the_screen(
    demo_window: SessionWindow, screen: QSize, state: str
):
    window = demo_window
    (BOARD_STATES | VOTE_STATES)[state](window)
    on_screen(window, screen)
    least = window.minimumSizeHint()
    assert least.width() <= screen.width(), f"{state}: needs {least.width()} px across"
    assert least.height() <= screen.height() - TITLE_BAR, f"{state}: needs {least.height()} px"
    assert window.width() == screen.width()
    assert window.height() == screen.height() - TITLE_BAR
    assert not visible_cut(window), visible_cut(window)
    if state in BOARD_STATES:
        assert window.view.height() >= window.height() / 2, (
            f"{state}: the board has {window.view.height()} of {window.height()} px"
        )


@pytest.mark.parametrize("screen", SCREENS, ids=lambda s: f"{s.width()}x{s.height()}")
def test_a_long_question_shrinks_to_two_lines_over_the_whole_width(
    demo_window: SessionWindow, screen: QSize
):
    window = demo_window
    window.actions_controller.open_panel()  # a side panel never narrows the question
    on_screen(window, screen)
    label = window.header.question_label
    assert label.width() >= window.width() - 40
    metrics = QFontMetrics(label.font())
    assert label.height() <= 2 * metrics.lineSpacing() + 2
    assert 20 <= label.pixel_size < 30


def test_a_short_question_keeps_its_full_size(demo_window: SessionWindow):
    window = demo_window
    on_screen(window, SCREENS[1])
    window.header.question_label.setText("Why?")
    assert window.header.question_label.pixel_size == 30


def test_the_people_panel_steps_aside_for_a_side_panel_on_a_narrow_window(
    demo_window: SessionWindow,
):
    window = demo_window
    on_screen(window, SCREENS[1])
    window.actions_controller.open_panel()
    settle()
    assert not window.panel.isVisible() and not window.panel_action.isChecked()
    assert "F9 brings it back" in window.statusBar().currentMessage()
    window.actions_dock.hide()
    settle()
    assert window.panel.isVisible() and window.panel_action.isChecked()


def test_the_people_panel_stays_on_a_wide_window(demo_window: SessionWindow):
    window = demo_window
    window.resize(2400, 1000)
    settle()
    window.actions_controller.open_panel()
    settle()
    assert window.panel.isVisible()


def test_a_window_too_big_for_its_screen_opens_maximized(qtbot: QtBot):
    fits, too_big = QWidget(), QWidget()
    for widget in (fits, too_big):
        qtbot.addWidget(widget)
    available = fits.screen().availableGeometry().size()
    fits.resize(available.width() - 200, available.height() - 200)
    too_big.resize(available)  # with a title bar, it would not fit
    maximize_if_too_big(fits)
    maximize_if_too_big(too_big)
    assert not fits.windowState() & Qt.WindowState.WindowMaximized
    assert too_big.windowState() & Qt.WindowState.WindowMaximized


def test_the_first_session_window_on_a_projector_is_maximized(
    qtbot: QtBot, repository: SessionRepository, settings: AppSettings
):
    demo = build_demo_session()
    repository.add_session(demo)
    window = open_session(qtbot, repository, settings, demo.id)
    assert window.isMaximized()
    available = window.screen().availableGeometry()
    assert available.contains(window.frameGeometry())


def test_markers_on_the_same_cell_of_the_2x2_never_cover_each_other(qtbot: QtBot):
    labels = {f"n{i}": f"Idea {i}" for i in range(7)}
    board = MatrixBoard(labels)
    qtbot.addWidget(board)
    board.resize(520, 420)
    board.scores = dict.fromkeys(labels, (5, 1))  # all seven on one cell
    board.scores["n6"] = (5, 5)  # and one in the far corner
    points = board.marker_points()
    placed = list(points.values())
    for index, here in enumerate(placed):
        for there in placed[index + 1 :]:
            gap = QPointF(here - there)
            assert (gap.x() ** 2 + gap.y() ** 2) ** 0.5 >= 2 * MARKER_RADIUS
    for point in placed:
        assert (
            board.rect()
            .adjusted(MARKER_RADIUS, MARKER_RADIUS, -MARKER_RADIUS, -MARKER_RADIUS)
            .contains(point.toPoint())
        )


def test_a_long_result_label_takes_two_lines_and_keeps_its_words(qtbot: QtBot):
    widget = QWidget()
    qtbot.addWidget(widget)
    metrics = QFontMetrics(widget.font())
    text = "Auto-create the install ticket when the order is signed by the customer"
    width = metrics.horizontalAdvance(text) * 2 // 3
    first, second = two_lines(metrics, text, width)
    assert metrics.horizontalAdvance(first) <= width
    assert f"{first} {second}" == text  # both lines fit: nothing elided
    assert two_lines(metrics, "Short", 500) == ["Short"]


def test_the_vote_start_page_shows_all_of_its_explanation(demo_window: SessionWindow):
    window = demo_window
    vote_start(window)
    on_screen(window, SCREENS[0])
    page = window.voting.start_page
    explain = next(
        label
        for label in page.findChildren(type(window.header.title_label))
        if "in secret" in label.text()
    )
    assert explain.height() >= explain.heightForWidth(explain.width())
