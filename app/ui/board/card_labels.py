"""What each card says beside its text: who wrote it, its stack, its actions, its dots.

The author is a person, or, for a note written in a 1-2-4-All pair or four, the group
("Group A"), with the group's people and the writer in the tooltip. The group is never
stored: it follows from the phase the note was written in and that phase's groups
(:func:`app.core.techniques.phase_line.note_groups`, the minutes' source too).
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject

from app.core.techniques.one_two_four_all import Group, written_in_group
from app.core.techniques.phase_line import note_groups
from app.core.types import Note, Participant
from app.ui.board.note_item import NoteItem
from app.ui.document import SessionDocument


class CardLabels(QObject):
    """Keeps the cards' bylines, stack tooltips, action tabs and dots with the document.

    A child of the scene: the document outlives the window, and the connections to its
    signals go with the scene.
    """

    def __init__(
        self, document: SessionDocument, items: dict[str, NoteItem], parent: QObject
    ) -> None:
        super().__init__(parent)
        self.document = document
        self._items = items
        self._groups: dict[str, Group] = {}
        """The group of each card's note written in a pair or four, by note id."""

    def _author(self, note: Note) -> Participant | None:
        return self.document.people.get(note.author_id or "")

    def _names(self) -> dict[str, str]:
        return {person_id: person.name for person_id, person in self.document.people.items()}

    def _byline(self, note: Note, group: Group | None) -> tuple[str, str]:
        """The group's name and its tooltip words (both "" for a note of no group)."""
        if group is None or note.author_id is None:
            return "", ""
        return group.name, written_in_group(group, self._names(), note.author_id)

    def new_items(self, notes: list[Note]) -> list[NoteItem]:
        """Cards for ``notes``, each naming its author or group."""
        self._groups.update(note_groups(self.document.phases, notes))
        anonymous = self.document.anonymous_ideas
        return [
            NoteItem(
                note, self._author(note), anonymous, *self._byline(note, self._groups.get(note.id))
            )
            for note in notes
        ]

    def show_note(self, item: NoteItem, note: Note) -> None:
        """The card shows ``note`` as it is now (its author may have changed)."""
        group = note_groups(self.document.phases, [note]).get(note.id)
        if group is None:
            self._groups.pop(note.id, None)
        else:
            self._groups[note.id] = group
        item.set_note(
            note, self._author(note), self.document.anonymous_ideas, *self._byline(note, group)
        )

    def forget(self, note_ids: Iterable[str]) -> None:
        """These notes' cards are gone."""
        for note_id in note_ids:
            self._groups.pop(note_id, None)

    def clear(self) -> None:
        """Every card is gone (the board is rebuilt)."""
        self._groups.clear()

    def follow_agenda(self) -> None:
        """The agenda changed: a card whose phase's groups changed names its group anew."""
        notes = self.document.board.notes
        groups = note_groups(self.document.phases, list(notes.values()))
        changed = [
            note_id
            for note_id in set(groups) | set(self._groups)
            if groups.get(note_id) != self._groups.get(note_id) and note_id in self._items
        ]
        self._groups = groups
        for note_id in changed:
            self.show_note(self._items[note_id], notes[note_id])

    def sync_action_labels(self) -> None:
        """Each note that actions came from shows them in a tab above it."""
        labels: dict[str, list[str]] = {}
        for action in self.document.actions.action_items:
            if action.source_note_id is not None:
                labels.setdefault(action.source_note_id, []).append(action.title)
        for note_id, item in self._items.items():
            titles = labels.get(note_id, [])
            if len(titles) > 1:
                item.set_action_label(f"{len(titles)} actions: {titles[0]}…")
            else:
                item.set_action_label(titles[0] if titles else "")

    def sync_stacks(self, top_ids: list[str]) -> None:
        """These cards show their stacks: a count, and every other text in the tooltip."""
        anonymous = self.document.anonymous_ideas
        for top_id in top_ids:
            item = self._items.get(top_id)
            if item is None:
                continue
            members = self.document.board.stack_of(top_id)
            groups = note_groups(self.document.phases, members) if members else {}
            lines = []
            for member in members:
                author = self._author(member)
                said_by = ""
                if author is not None and not anonymous:
                    group = groups.get(member.id)
                    said_by = f" — {group.name} ({author.name})" if group else f" — {author.name}"
                lines.append(f"\n• {member.text}{said_by}")
            also = ("\n\nAlso said:" + "".join(lines)) if lines else ""
            item.set_stack(1 + len(members), also)

    def show_dots(self) -> None:
        """Each note shows its dots from the round on display (closed, or open and not blind)."""
        totals = self.document.voting.board_dot_totals()
        for note_id, item in self._items.items():
            item.set_dots(totals.get(note_id, 0))
