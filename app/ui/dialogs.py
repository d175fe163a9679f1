"""The questions Dotstorm asks before it does something that cannot simply be undone."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

Button = QMessageBox.StandardButton


def confirm(
    parent: QWidget | None,
    title: str,
    question: str,
    *,
    default_yes: bool = True,
    no: Button = Button.Cancel,
) -> bool:
    """Ask a yes-or-no question; ``True`` when the answer is Yes.

    ``default_yes`` decides what Enter answers: Yes for a step that can be undone or
    is what the facilitator just asked for, ``no`` for one that loses something.
    """
    answer = QMessageBox.question(
        parent, title, question, Button.Yes | no, Button.Yes if default_yes else no
    )
    return answer == Button.Yes


def tell(parent: QWidget | None, title: str, sentence: str) -> None:
    """Say one thing that needs an OK (why a step cannot be taken now)."""
    QMessageBox.information(parent, title, sentence)
