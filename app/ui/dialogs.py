"""The questions Dotstorm asks: before a step that cannot simply be undone, and where."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

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


def ask_save_path(
    parent: QWidget | None, title: str, suggested: Path, name_filter: str, suffix: str
) -> Path | None:
    """Where to save: the suggested name is typed in already, selected, with the keyboard.

    A typed path and Enter save; a name typed without its ending gets ``suffix``; the
    dialog asks before it overwrites a file.
    """
    dialog = QFileDialog(parent, title, str(suggested.parent), name_filter)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setDefaultSuffix(suffix)
    dialog.selectFile(suggested.name)
    if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    return Path(dialog.selectedFiles()[0])


def ask_open_path(
    parent: QWidget | None, title: str, folder: Path, name_filter: str
) -> Path | None:
    """Which existing file to open, with the keyboard in the file name field."""
    dialog = QFileDialog(parent, title, str(folder), name_filter)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    return Path(dialog.selectedFiles()[0])
