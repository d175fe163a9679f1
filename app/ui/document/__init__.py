"""The open session's document: its state, its undo stack and the signals views follow."""

from app.ui.document.actions import ActionsPart
from app.ui.document.board import BoardPart, RemovedFromBoard
from app.ui.document.session import SessionDocument
from app.ui.document.voting import VotingPart

__all__ = [
    "ActionsPart",
    "BoardPart",
    "RemovedFromBoard",
    "SessionDocument",
    "VotingPart",
]
