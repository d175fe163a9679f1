"""What each part of the session document sees of the document and of the other parts.

The parts (``board``, ``voting``, ``actions``) each own their state. They reach the
session's id, its people, its agenda and the signals through the document, and
another part's state only through these few public methods, so that no part depends
on another's module (as the repository's parts depend only on its store).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Set
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

    from app.core.types import (
        Cluster,
        Dot,
        Note,
        Participant,
        Phase,
        Rank,
        Rating,
        Session,
        VoteRound,
    )
    from app.ui.storage_step import VersionTrail


class BoardView(Protocol):
    """What the other parts read of the board: which notes and clusters are here."""

    @property
    def notes(self) -> dict[str, Note]:
        """The cards by id, in board order."""

    @property
    def stacked_notes(self) -> dict[str, Note]:
        """The notes merged into stacks, by id."""

    @property
    def clusters(self) -> dict[str, Cluster]:
        """The clusters by id, in order."""

    def note(self, note_id: str) -> Note | None:
        """Any note of the session, a card or one in a stack."""


class VotingView(Protocol):
    """What the board needs of voting: the rounds, and the votes on notes deleted."""

    @property
    def vote_rounds(self) -> tuple[VoteRound, ...]:
        """The session's vote rounds, oldest first."""

    def take_votes(self, item_ids: Set[str]) -> None:
        """Forget the dots, ratings and ranks on these items (the database let go of them)."""

    def put_votes_back(
        self,
        dots: Iterable[tuple[str, Dot]],
        ratings: Iterable[tuple[str, Rating]] = (),
        ranks: Iterable[tuple[str, Rank]] = (),
    ) -> None:
        """Show dots, ratings and ranks the database holds again, each with its round's id."""


class ActionsView(Protocol):
    """What the board needs of actions: the statuses and links of notes deleted."""

    def forget_ideas(self, note_ids: Iterable[str]) -> None:
        """Forget the statuses of deleted notes."""

    def restore_ideas(
        self, statuses: Iterable[tuple[str, str]], versions: Iterable[tuple[str, int]]
    ) -> None:
        """Show the statuses of notes put back."""

    def link_sources(self, sources: Mapping[str, str | None]) -> None:
        """Point actions at the note each came from (``None``: its note is gone)."""


class Document(Protocol):
    """What a part sees of the session document."""

    @property
    def session_id(self) -> str:
        """The id of the open session."""

    @property
    def session(self) -> Session:
        """The session as last committed."""

    @property
    def people(self) -> dict[str, Participant]:
        """The participants by id, in the session's order."""

    @property
    def current_phase(self) -> Phase | None:
        """The phase the session is on."""

    @property
    def is_silent(self) -> bool:
        """Whether new notes go face down."""

    def color_for(self, author_id: str | None) -> str:
        """The default colour of a note by this author."""

    @property
    def trail(self) -> VersionTrail:
        """The versions this window's undo steps wrote."""

    @property
    def board(self) -> BoardView:
        """The board part."""

    @property
    def voting(self) -> VotingView:
        """The voting part."""

    @property
    def actions(self) -> ActionsView:
        """The actions part."""

    # The document's signals the parts emit (see SessionDocument for their meaning).

    @property
    def notes_added(self) -> SignalInstance:
        """See :attr:`SessionDocument.notes_added`."""

    @property
    def notes_changed(self) -> SignalInstance:
        """See :attr:`SessionDocument.notes_changed`."""

    @property
    def notes_removed(self) -> SignalInstance:
        """See :attr:`SessionDocument.notes_removed`."""

    @property
    def stacks_changed(self) -> SignalInstance:
        """See :attr:`SessionDocument.stacks_changed`."""

    @property
    def dismissals_changed(self) -> SignalInstance:
        """See :attr:`SessionDocument.dismissals_changed`."""

    @property
    def clusters_changed(self) -> SignalInstance:
        """See :attr:`SessionDocument.clusters_changed`."""

    @property
    def rounds_changed(self) -> SignalInstance:
        """See :attr:`SessionDocument.rounds_changed`."""

    @property
    def actions_changed(self) -> SignalInstance:
        """See :attr:`SessionDocument.actions_changed`."""

    @property
    def elsewhere_changed(self) -> SignalInstance:
        """See :attr:`SessionDocument.elsewhere_changed`."""

    @property
    def stale_copy_refused(self) -> SignalInstance:
        """See :attr:`SessionDocument.stale_copy_refused`."""
