"""The session window's menu bar, put together from what each controller owns.

:func:`build_menus` takes the controllers and the window's own few actions
(:class:`WindowActions`), never the window: it reads nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu, QMenuBar

from app.ui import shortcuts as K
from app.ui.qt_actions import make_action
from app.ui.shortcut_help import show_shortcuts

if TYPE_CHECKING:
    from app.ui.actions.dock import ActionsController
    from app.ui.board.arranging import ArrangeController
    from app.ui.board.capture import CaptureController
    from app.ui.board.controller import BoardController
    from app.ui.export_flow import ExportFlow
    from app.ui.phones.controller import PhonesController
    from app.ui.qt_actions import UndoActions
    from app.ui.review import ReviewController
    from app.ui.room.controller import RoomView
    from app.ui.similar.dock import SimilarController
    from app.ui.similar.hint import CaptureHint
    from app.ui.similar.stacks import StackController
    from app.ui.techniques import TechniqueController
    from app.ui.timer.controller import TimerController
    from app.ui.voting.controller import VotingController


@dataclass(frozen=True)
class WindowActions:
    """The session window's own entries: closing, finding, panes, the panel, help."""

    close: QAction
    find: QAction
    panel: QAction
    next_pane: QAction
    previous_pane: QAction
    help: QAction


def make_window_actions(
    window: QMainWindow,
    *,
    focus_find: Callable[[], object],
    next_pane: Callable[[int], object],
    show_panel: Callable[[bool], object],
) -> WindowActions:
    """The window's own actions, its keys working anywhere in it."""

    def action(text: str, handler: Callable[[], object] | None, keys: K.Shortcut) -> QAction:
        return make_action(window, text, handler, keys=keys, keys_work_in=window)

    panel = make_action(
        window,
        "&People and agenda panel",
        keys=K.PEOPLE_PANEL,
        keys_work_in=window,
        checkable=True,
        checked=True,
        on_toggle=show_panel,
    )
    return WindowActions(
        close=action("&Close", window.close, K.CLOSE),
        find=action("&Find notes", focus_find, K.FIND_NOTES),
        panel=panel,
        next_pane=action("Next pan&e", lambda: next_pane(1), K.NEXT_PANE),
        previous_pane=action("Pre&vious pane", lambda: next_pane(-1), K.PREVIOUS_PANE),
        help=action("&Keyboard shortcuts", lambda: show_shortcuts(window), K.HELP),
    )


@dataclass(frozen=True)
class SessionControllers:
    """The controllers whose actions fill the menus."""

    board: BoardController
    arranging: ArrangeController
    stacks: StackController
    capture_hint: CaptureHint
    capture: CaptureController
    review: ReviewController
    exports: ExportFlow
    actions: ActionsController
    similar: SimilarController
    room_view: RoomView
    phones: PhonesController
    timer: TimerController
    voting: VotingController
    undo: UndoActions
    techniques: TechniqueController


def build_menus(bar: QMenuBar, own: WindowActions, parts: SessionControllers) -> None:
    """Session, Edit, Board, View, Timer, Vote and Help, in that order."""
    board = parts.board
    _menu(
        bar,
        "&Session",
        [
            board.anonymous_action,
            parts.review.outcomes_action,
            parts.phones.action,
            None,
            parts.exports.export_action,
            None,
            own.close,
        ],
    )
    _menu(
        bar,
        "&Edit",
        [
            parts.undo.undo_action,
            parts.undo.redo_action,
            None,
            board.edit_action,
            board.duplicate_action,
            board.delete_action,
            board.select_all_action,
            board.paste_action,
            None,
            own.find,
        ],
    )
    arranging = parts.arranging
    stacks = parts.stacks
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
            parts.capture_hint.merge_action,
            parts.capture.builds_on_action,
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
        None,
    ):
        _add(board_menu, action)
    _menu(board_menu, "Techni&que", parts.techniques.actions)
    _menu(
        bar,
        "&View",
        [
            *board.zoom_actions,
            None,
            own.panel,
            parts.actions.toggle_action,
            parts.similar.toggle_action,
            parts.phones.dock.toggle_action,
            parts.capture.toggle_action,
            None,
            *parts.room_view.actions,
            None,
            own.next_pane,
            own.previous_pane,
        ],
    )
    _menu(bar, "&Timer", parts.timer.actions)
    _menu(bar, "V&ote", parts.voting.actions)
    _menu(bar, "&Help", [own.help])


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
