"""Help → Restore from backup: pick a verified copy; the current file is kept aside."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.format_helpers import counted

if TYPE_CHECKING:
    from app.storage.backup import BackupInfo


class RestoreDialog(QDialog):
    """Lists backups with their date and sessions."""

    def __init__(self, backups: list[BackupInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore from backup")
        self.setMinimumWidth(640)
        self.backups = backups
        explain = QLabel(
            "Pick a backup. Your current database is kept aside (nothing is deleted), "
            "and Dotstorm reopens on the copy you pick."
        )
        explain.setWordWrap(True)
        self.list = QListWidget()
        for index, info in enumerate(backups):
            titles = ", ".join(info.sessions[:4]) + ("…" if len(info.sessions) > 4 else "")
            count = len(info.sessions)
            reason = info.path.stem.split("-", 4)[4:]  # e.g. "periodic", "session-end"
            why = f" ({reason[0].replace('-', ' ')})" if reason else ""
            item = QListWidgetItem(
                f"{info.taken_at:%d %b %Y, %H:%M:%S}{why}  ·  {counted(count, 'session')}"
                f"{': ' + titles if titles else ''}"
            )
            item.setData(Qt.ItemDataRole.UserRole, index)
            item.setToolTip(str(info.path))
            self.list.addItem(item)
        if backups:
            self.list.setCurrentRow(0)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Restore")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(backups))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(self.list if backups else QLabel("There are no backups yet."))
        layout.addWidget(self.buttons)

    def chosen(self) -> BackupInfo | None:
        """The backup picked, if any."""
        item = self.list.currentItem()
        return None if item is None else self.backups[int(item.data(Qt.ItemDataRole.UserRole))]
