"""The arranging controller: clusters made, renamed and dissolved, and the board tidied.

Like the board controller, it turns gestures and menu actions into undo commands on
the document; it shares the board's rule that a change which empties a cluster takes
the empty frame away in the same step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal

from app.core import limits
from app.core.board import tidy_by_cluster, tidy_grid
from app.core.format_helpers import counted
from app.core.palette import CLUSTER_COLORS
from app.core.placement import group_positions, settle, settle_drop
from app.core.types import Cluster, VoteTarget, new_id
from app.core.voting import blind_round_on, rated_or_ranked_in
from app.ui import shortcuts as K
from app.ui.board.cluster_chooser import NO_CLUSTER_YET, choose_cluster, cluster_choices
from app.ui.board.commands import (
    GroupCommand,
    UngroupCommand,
    UpdateClusterCommand,
    UpdateNotesCommand,
    push_board_change,
)
from app.ui.board.controller import NOTHING_CHOSEN
from app.ui.board.scene import BoardScene
from app.ui.board.view import BoardView
from app.ui.document import SessionDocument
from app.ui.qt_actions import make_action, set_available


class ArrangeController(QObject):
    """Group (Ctrl+G), ungroup (Ctrl+Shift+G), rename a cluster, tidy the board."""

    message = Signal(str)
    """One line of feedback for the status bar (why a cluster stays, a bad title)."""

    def __init__(
        self,
        document: SessionDocument,
        scene: BoardScene,
        view: BoardView,
        targets: Callable[[], list[str]] | None = None,
    ) -> None:
        super().__init__(view)
        self.document = document
        self.scene = scene
        self.view = view
        self._targets = targets or scene.selected_note_ids

        self.group_action = make_action(
            view,
            "&Group into a cluster",
            self.group_selected,
            keys=K.GROUP,
            keys_work_in=view,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        self.ungroup_action = make_action(
            view,
            "&Ungroup",
            self.ungroup_selected,
            keys=K.UNGROUP,
            keys_work_in=view,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        self.join_action = make_action(
            view,
            "&Put into a cluster…",
            self.put_into_chosen_cluster,
            keys=K.JOIN_CLUSTER,
            keys_work_in=view,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        self.tidy_grid_action = make_action(view, "&Tidy into a grid", self.tidy_into_grid)
        self.tidy_clusters_action = make_action(view, "Tidy &by cluster", self.tidy_by_cluster)
        scene.cluster_renamed.connect(self.rename_cluster)
        scene.selectionChanged.connect(self.update_actions)
        for signal in (document.notes_added, document.notes_changed, document.notes_removed):
            signal.connect(self.update_actions)
        self.update_actions()

    def update_actions(self, *_: object) -> None:
        """What can be done depends on the selection (or the keyboard's note)."""
        if not shiboken6.isValid(self.scene):
            return
        selected = self._targets()
        notes = self.document.board.notes
        nothing = "" if selected else NOTHING_CHOSEN
        set_available(self.group_action, nothing)
        in_one = any(notes[n].cluster_id for n in selected)
        set_available(
            self.ungroup_action, nothing or ("" if in_one else "No chosen note is in a cluster.")
        )
        no_cluster = "" if self.document.board.clusters else NO_CLUSTER_YET
        set_available(self.join_action, nothing or no_cluster)
        self.tidy_grid_action.setEnabled(bool(notes))
        self.tidy_clusters_action.setEnabled(bool(notes))

    def group_selected(self) -> None:
        """Group the selected notes into a new cluster where it has room; start naming it."""
        selected = self._targets()
        before = self.document.board.cards(selected)
        if not before:
            return
        number = len(self.document.board.clusters) + 1
        cluster = Cluster(
            new_id(), f"Cluster {number}", CLUSTER_COLORS[(number - 1) % len(CLUSTER_COLORS)]
        )
        places = group_positions(
            self.document.board.notes,
            self.document.board.cluster_titles(),
            selected,
            cluster.title,
        )
        after = [
            replace(note, cluster_id=cluster.id, x=places[note.id][0], y=places[note.id][1])
            for note in before
        ]
        push_board_change(
            self.document, GroupCommand(self.document, cluster, before, after), after=after
        )
        self.scene.start_cluster_rename(cluster.id)

    def put_into_chosen_cluster(self) -> None:
        """Ctrl+J: the chosen notes into a cluster picked from a list (one undo step)."""
        selected = [n for n in self._targets() if n in self.document.board.notes]
        choices = cluster_choices(self.document)
        if not selected or not choices:
            self.message.emit(NOTHING_CHOSEN if not selected else NO_CLUSTER_YET)
            return
        cluster_id = choose_cluster(self.view.window(), choices, len(selected))
        if cluster_id is not None:
            self.put_into_cluster(selected, cluster_id)

    def put_into_cluster(self, note_ids: list[str], cluster_id: str) -> None:
        """Notes join a cluster, each in the free slot of its grid nearest to it (one step)."""
        notes = self.document.board.notes
        cluster = self.document.board.clusters[cluster_id]
        name = f"“{cluster.title}”" if cluster.title else "that cluster"
        arriving = [n for n in note_ids if notes[n].cluster_id != cluster_id]
        if not arriving:
            self.message.emit(f"Already in {name}.")
            return
        titles = self.document.board.cluster_titles()
        dropped = {n: (notes[n].x, notes[n].y) for n in arriving}
        places = settle_drop(notes, titles, dropped, dict.fromkeys(arriving, cluster_id))
        before = self.document.board.cards(list(dict.fromkeys([*arriving, *places])))
        after = [
            replace(
                note,
                x=places.get(note.id, (note.x, note.y))[0],
                y=places.get(note.id, (note.x, note.y))[1],
                cluster_id=cluster_id if note.id in dropped else note.cluster_id,
            )
            for note in before
        ]
        text = f"Put {counted(len(arriving), 'note')} into {name}"
        push_board_change(
            self.document, UpdateNotesCommand(self.document, before, after, text), after=after
        )
        self.message.emit(f"{text}.")

    def ungroup_selected(self) -> None:
        """Dissolve the clusters of the selected notes (never one with dots, ratings or ranks)."""
        cluster_ids = dict.fromkeys(
            note.cluster_id
            for note in self.document.board.cards(self._targets())
            if note.cluster_id
        )
        for cluster_id in cluster_ids:
            assert cluster_id is not None
            cluster = self.document.board.clusters[cluster_id]
            blind = blind_round_on(
                self.document.voting.vote_rounds, cluster_id, VoteTarget.CLUSTERS
            )
            if blind is not None:  # whether it has dots there is nobody's to know yet
                self.message.emit(
                    f"“{cluster.title}” is voted on in “{blind.title}”, a blind round "
                    "still open; it stays a cluster until the round closes."
                )
                continue
            dots = self.document.board.cluster_dot_count(cluster_id)
            if dots:
                self.message.emit(
                    f"“{cluster.title}” has {counted(dots, 'dot')} on it; "
                    "ungrouping would lose them, so it stays."
                )
                continue
            voted = rated_or_ranked_in(self.document.voting.vote_rounds, cluster_id)
            if voted is not None:
                self.message.emit(
                    f"“{cluster.title}” is rated or ranked in “{voted.title}”; "
                    "ungrouping would lose that, so it stays."
                )
                continue
            before = self.document.board.cluster_members(cluster_id)
            after = [replace(note, cluster_id=None) for note in before]
            push_board_change(self.document, UngroupCommand(self.document, cluster, before, after))

    def rename_cluster(self, cluster_id: str, title: str) -> None:
        """Store a cluster's new title; a taller title pushes its neighbours aside."""
        cluster = self.document.board.clusters.get(cluster_id)
        cleaned = " ".join(title.split())
        if cluster is None or cleaned == cluster.title:
            return
        try:
            limits.check_text("The cluster's title", cleaned, max_length=limits.MAX_TITLE)
        except limits.TextError as error:
            self.message.emit(f"{error}. The title was not changed.")
            return
        titles = self.document.board.cluster_titles()
        notes = self.document.board.notes
        pushed = settle(notes, notes, titles, {**titles, cluster_id: cleaned})
        rename = UpdateClusterCommand(self.document, cluster, replace(cluster, title=cleaned))
        if not pushed:
            push_board_change(self.document, rename)
            return
        before = self.document.board.cards(list(pushed))
        after = [replace(n, x=pushed[n.id][0], y=pushed[n.id][1]) for n in before]
        with self.document.steps.gesture(rename.text()) as gesture:
            gesture.add(rename)
            gesture.add(UpdateNotesCommand(self.document, before, after, "Make room"))

    def _reposition(self, positions: dict[str, tuple[float, float]], text: str) -> None:
        before = self.document.board.cards(list(positions))
        after = [
            replace(note, x=positions[note.id][0], y=positions[note.id][1]) for note in before
        ]
        if after != before:
            push_board_change(
                self.document, UpdateNotesCommand(self.document, before, after, text)
            )

    def tidy_into_grid(self) -> None:
        """Lay every note out in one grid."""
        self._reposition(tidy_grid(list(self.document.board.notes)), "Tidy into a grid")

    def tidy_by_cluster(self) -> None:
        """Lay each cluster's notes out neatly, clusters side by side."""
        positions = tidy_by_cluster(
            list(self.document.board.notes.values()),
            list(self.document.board.clusters),
            self.document.board.cluster_titles(),
        )
        self._reposition(positions, "Tidy by cluster")
