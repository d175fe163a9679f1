"""One way to build a QAction: its text, what it does, its keys and where they work."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoGroup, QUndoStack
from PySide6.QtWidgets import QWidget

from app.ui.shortcuts import REDO, UNDO, Shortcut

Keys = str | QKeySequence | QKeySequence.StandardKey


def make_action(
    parent: QObject,
    text: str,
    handler: Callable[[], object] | None = None,
    *,
    keys: Shortcut | Keys | Sequence[Keys] | None = None,
    keys_work_in: QWidget | None = None,
    context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut,
    checkable: bool = False,
    checked: bool = False,
    on_toggle: Callable[[bool], object] | None = None,
    tip: str = "",
) -> QAction:
    """A QAction owned by ``parent``.

    ``keys`` work wherever ``keys_work_in`` (a window, or a pane with ``context``
    ``WidgetWithChildrenShortcut``) is, whether or not the action is in a menu.
    ``handler`` runs on trigger; ``on_toggle`` gets the new state of a checkable one.
    """
    action = QAction(text, parent)
    if isinstance(keys, Shortcut):
        keys = list(keys.keys)
    if keys is not None:
        shortcuts = (
            [keys] if isinstance(keys, str | QKeySequence | QKeySequence.StandardKey) else keys
        )
        action.setShortcuts([QKeySequence(shortcut) for shortcut in shortcuts])
        action.setShortcutContext(context)
        if keys_work_in is not None:
            keys_work_in.addAction(action)
    if checkable:
        action.setCheckable(True)
        action.setChecked(checked)
    if tip:
        action.setToolTip(tip)
        action.setStatusTip(tip)
    if handler is not None:
        # A lambda: triggered(bool) must not reach handlers that take other arguments.
        action.triggered.connect(lambda _checked=False: handler())
    if on_toggle is not None:
        action.toggled.connect(on_toggle)
    return action


WHY_NOT = "dotstormWhyNot"
"""The property of a switched-off action that says why it cannot act now."""


def set_available(action: QAction, why_not: str) -> None:
    """Switch ``action`` on when ``why_not`` is empty; else off, its keys then saying why.

    :class:`app.ui.refused_keys.RefusedKeys` says ``why_not`` when the key of an action
    switched off is pressed where it works (Qt lets such a key through unused).
    """
    action.setEnabled(not why_not)
    action.setProperty(WHY_NOT, why_not)


def why_not(action: QAction) -> str:
    """Why a switched-off action cannot act ("" when it can, or when it gave no reason)."""
    reason = action.property(WHY_NOT)
    return reason if isinstance(reason, str) and not action.isEnabled() else ""


def with_mnemonics(names: Sequence[str]) -> list[str]:
    """Menu texts for ``names``, each with its own Alt letter (the first one still free)."""
    taken: set[str] = set()
    texts: list[str] = []
    for name in names:
        at = next((i for i, c in enumerate(name) if c.isalnum() and c.lower() not in taken), None)
        if at is None:
            texts.append(name.replace("&", "&&"))
            continue
        taken.add(name[at].lower())
        texts.append(name[:at].replace("&", "&&") + "&" + name[at:].replace("&", "&&"))
    return texts


class UndoActions(QObject):
    """Undo and Redo for one undo stack, each named after the step it would take.

    They can be suspended: while a voter's ballot is on screen, nobody at the laptop
    may undo the facilitator's steps (or see their names in the Edit menu).

    The actions come from a QUndoGroup, so no Python slot listens to the stack. That
    matters: when a command's ``redo`` raises (a full disk), PySide6 hands the error to
    the next Python code that runs, and it must be the caller of ``push`` (which then
    keeps the idea typed and reports the failure), not a slot updating a menu. For the
    same reason the actions' own triggers go through Python (:meth:`undo`, :meth:`redo`):
    a step refused on the way back (changed on another laptop) is reported there.
    """

    def __init__(
        self,
        stack: QUndoStack,
        window: QWidget,
        undo_keys: Shortcut = UNDO,
        redo_keys: Shortcut = REDO,
    ) -> None:
        super().__init__(window)
        self._stack = stack
        self._group = QUndoGroup(self)
        self._group.addStack(stack)
        self._group.setActiveStack(stack)
        self.undo_action = self._group.createUndoAction(window, "&Undo")
        self.undo_action.setShortcuts(undo_keys.sequences)
        self.redo_action = self._group.createRedoAction(window, "&Redo")
        self.redo_action.setShortcuts(redo_keys.sequences)
        for action, step in ((self.undo_action, self.undo), (self.redo_action, self.redo)):
            action.triggered.disconnect()  # the group's own C++ slot
            action.triggered.connect(step)
            window.addAction(action)

    def undo(self) -> None:
        """Take the last step back (its error, if refused, goes to the exception hook)."""
        if self._group.activeStack() is self._stack:
            self._stack.undo()

    def redo(self) -> None:
        """Take the step undone last again."""
        if self._group.activeStack() is self._stack:
            self._stack.redo()

    def suspend(self, suspended: bool) -> None:
        """Switch both off (``True``) or back on."""
        self._group.setActiveStack(None if suspended else self._stack)  # type: ignore[arg-type]
