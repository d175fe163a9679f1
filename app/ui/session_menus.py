"""The session window's menu bar, put together from what each controller owns."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMenuBar

from app.ui import shortcuts as K
from app.ui.qt_actions import make_action
from app.ui.shortcut_help import show_shortcuts

if TYPE_CHECKING:
    from app.ui.session_window import SessionWindow


def build_menus(window: SessionWindow) -> None:
    """Session, Edit, Board, View, Timer and Vote, in that order."""
    bar = window.menuBar()
    board = window.board
    close = make_action(
        window,
        "&Close",
        window.close,
        keys=K.CLOSE,
        keys_work_in=window,
    )
    _menu(
        bar,
        "&Session",
        [
            board.anonymous_action,
            window.review.outcomes_action,
            None,
            window.exports.export_action,
            None,
            close,
        ],
    )
    window.find_action = make_action(
        window,
        "&Find notes",
        window.find_bar.focus_search,
        keys=K.FIND_NOTES,
        keys_work_in=window,
    )
    _menu(
        bar,
        "&Edit",
        [
            window.undo.undo_action,
            window.undo.redo_action,
            None,
            board.edit_action,
            board.duplicate_action,
            board.delete_action,
            board.select_all_action,
            board.paste_action,
            None,
            window.find_action,
        ],
    )
    arranging = window.arranging
    stacks = window.stacks
    board_menu = _menu(
        bar,
        "&Board",
        [
            arranging.group_action,
            arranging.ungroup_action,
            arranging.join_action,
            stacks.suggest_action,
            None,
            stacks.merge_action,
            stacks.open_action,
            window.capture_hint.merge_action,
            None,
        ],
    )
    _menu(board_menu, "&Colour", board.color_actions)
    for action in (
        None,
        arranging.tidy_grid_action,
        arranging.tidy_clusters_action,
        None,
        board.reveal_action,
        board.make_action_action,
    ):
        _add(board_menu, action)
    next_pane = make_action(
        window, "Next pan&e", lambda: window.next_pane(1), keys=K.NEXT_PANE, keys_work_in=window
    )
    previous_pane = make_action(
        window,
        "Pre&vious pane",
        lambda: window.next_pane(-1),
        keys=K.PREVIOUS_PANE,
        keys_work_in=window,
    )
    window.panel_action = make_action(
        window,
        "&People and agenda panel",
        keys=K.PEOPLE_PANEL,
        keys_work_in=window,
        checkable=True,
        checked=True,
        on_toggle=window.panel.setVisible,
    )
    _menu(
        bar,
        "&View",
        [
            *board.zoom_actions,
            None,
            window.panel_action,
            window.actions_controller.toggle_action,
            window.similar.toggle_action,
            window.capture.toggle_action,
            None,
            *window.room_view.actions,
            None,
            next_pane,
            previous_pane,
        ],
    )
    _menu(bar, "&Timer", window.timer_controller.actions)
    _menu(bar, "V&ote", window.voting_controller.actions)
    help_action = make_action(
        window,
        "&Keyboard shortcuts",
        lambda: show_shortcuts(window),
        keys=K.HELP,
        keys_work_in=window,
    )
    _menu(bar, "&Help", [help_action])


def _menu(parent: QMenuBar | QMenu, title: str, actions: Sequence[QAction | None]) -> QMenu:
    menu = parent.addMenu(title)
    for action in actions:
        _add(menu, action)
    return menu


def _add(menu: QMenu, action: QAction | None) -> None:
    if action is None:
        menu.addSeparator()
    else:
        menu.addAction(action)
