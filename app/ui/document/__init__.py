"""The open session's document: its state, its undo stack and the signals views follow."""

from app.ui.document.board import RemovedFromBoard
from app.ui.document.session import SessionDocument

__all__ = ["RemovedFromBoard", "SessionDocument"]
