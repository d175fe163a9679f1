"""A key that cannot act says why, instead of doing nothing.

An action that cannot act now is switched off with its reason
(:func:`app.ui.qt_actions.set_available`), so its menu entry is greyed. Qt then lets
its key through as an ordinary key press that no widget takes, and the press climbs
to the window. There this filter finds the switched-off action the key belongs to,
looking where Qt looks for shortcuts (the widget with the keyboard and its parents,
each action by its shortcut context), and says the action's reason.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from app.ui import shortcuts as K
from app.ui.qt_actions import why_not


class RefusedKeys(QObject):
    """Watches one window for keys of switched-off actions; ``said`` gives the reason."""

    said = Signal(str)
    """Why the key just pressed could not act."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A key press no widget took: if a switched-off action has it, say why."""
        if watched is not self._window or event.type() != QEvent.Type.KeyPress:
            return False
        assert isinstance(event, QKeyEvent)
        reason = self.reason_for(event)
        if not reason:
            return False
        self.said.emit(reason)
        return True

    def reason_for(self, event: QKeyEvent) -> str:
        """The reason of the switched-off action whose key ``event`` is, here; or ""."""
        focus = QApplication.focusWidget()
        inside = focus is not None and (focus is self._window or self._window.isAncestorOf(focus))
        widget: QWidget | None = focus if inside else self._window
        while widget is not None:
            for action in widget.actions():
                if _works_here(action, widget, focus) and K.pressed_any(action.shortcuts(), event):
                    reason = why_not(action)
                    if reason:
                        return reason
            if widget is self._window:
                break
            widget = widget.parentWidget()
        return ""


def _works_here(action: QAction, holder: QWidget, focus: QWidget | None) -> bool:
    """Whether ``action``'s keys would work with the keyboard on ``focus`` (Qt's rule)."""
    context = action.shortcutContext()
    if context is Qt.ShortcutContext.WidgetShortcut:
        return holder is focus
    return True  # a window's, or a pane's with its children: ``holder`` holds the focus
