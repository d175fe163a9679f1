"""The quiet hint under the capture bar: "Like: '…' (Jonas)", and one key to merge.

After Enter, the new note is compared with every note anyone can see. When one is very
like it, a line under the bar says so and Ctrl+Shift+M merges the two; otherwise
nothing at all happens, and typing the next idea goes on undisturbed.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal

from app.core.similar_pairs import SimilarCandidate
from app.core.stacks import MergeRefused, pair_key, quoted
from app.core.types import Note
from app.ui import shortcuts as K
from app.ui.capture_bar import CaptureBar
from app.ui.document import SessionDocument
from app.ui.qt_actions import make_action, set_available
from app.ui.similar.commands import push_merge
from app.ui.similar.matcher import SimilarNotes

NO_HINT = (
    f"No hint names a similar note now ({K.MERGE_HINTED.label} here merges the note "
    "just added into the one its hint names)."
)


class CaptureHint(QObject):
    """Says when the note just added is like an earlier one; merges them on one key."""

    message = Signal(str)
    """One line for the status bar (what a merge did)."""

    def __init__(self, document: SessionDocument, bar: CaptureBar, matcher: SimilarNotes) -> None:
        super().__init__(bar)
        self.document = document
        self.bar = bar
        self.matcher = matcher
        self.current: SimilarCandidate | None = None
        """The pair the hint names: the note just added (``a``) and the card it is like."""
        self.merge_action = make_action(
            self,
            "Merge into the simi&lar note",
            self.merge,
            keys=K.MERGE_HINTED,
            keys_work_in=bar,
            # The bar's own: on the board the same keys merge the selected notes.
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        set_available(self.merge_action, NO_HINT)
        # Bound slots: the document may outlive the window this belongs to.
        document.notes_removed.connect(self._follow_removed)
        document.notes_changed.connect(self._follow_changed)
        document.dismissals_changed.connect(self._follow_dismissals)
        document.reloaded.connect(self.clear)

    def after_capture(self, note_id: str) -> None:
        """A note was just added: hint at the card it is very like, or say nothing."""
        found = self.matcher.like(note_id)
        self.current = found
        set_available(self.merge_action, "" if found is not None else NO_HINT)
        if found is None:
            self.bar.show_hint("")
            return
        top = self.document.board.notes[found.b]
        author = self.document.people.get(top.author_id or "")
        said_by = f" ({author.name})" if author and not self.document.anonymous_ideas else ""
        keys = K.MERGE_HINTED.keys[0]
        self.bar.show_hint(f"Like: {quoted(top.text)}{said_by}  ·  {keys} merges them")

    def merge(self) -> None:
        """Merge the note just added into the card the hint names (one undo step)."""
        found = self.current
        self.clear()
        if found is None or found.a not in self.document.board.notes:
            return
        try:
            text = push_merge(self.document, found.a, found.b)
        except MergeRefused as refused:
            self.bar.show_message(str(refused))
            return
        self.bar.show_hint(text)
        self.message.emit(text)

    def clear(self) -> None:
        """No hint (the note it named is gone, merged, or the session was reread)."""
        self.current = None
        set_available(self.merge_action, NO_HINT)
        self.bar.show_hint("")

    def _follow_dismissals(self) -> None:
        found = self.current
        if found is not None and pair_key(found.a, found.b) in self.document.board.dismissed_pairs:
            self.clear()  # said not to be the same in the list: no hint for it

    def _follow_removed(self, note_ids: list[str]) -> None:
        found = self.current
        if found is not None and (found.a in note_ids or found.b in note_ids):
            self.clear()

    def _follow_changed(self, notes: list[Note]) -> None:
        found = self.current
        if found is None:
            return
        for note in notes:
            if note.id in (found.a, found.b) and note.text != (
                found.a_text if note.id == found.a else found.b_text
            ):
                self.clear()  # a text changed: the likeness may be gone
                return
