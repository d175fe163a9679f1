"""The notes as CSV: one row per note, UTF-8 with a header row (opens in a spreadsheet)."""

from __future__ import annotations

import csv
import io

from app.core.build_on import DELETED
from app.core.format_helpers import csv_safe
from app.core.session_format import format_time
from app.core.types import Note, Session, VoteRound
from app.core.voting import counts_shown, tally

HEADER = ["id", "text", "author", "department", "cluster", "phase", "created"]


def _dots_heading(vote_round: VoteRound) -> str:
    if counts_shown(vote_round):
        return f"dots: {vote_round.title}"
    return f"dots: {vote_round.title} (blind, still open)"


def _builds_on(note: Note, texts: dict[str, str]) -> str:
    """The whole text of the idea ``note`` builds on, "a deleted note", or nothing."""
    if note.builds_on is not None and note.builds_on in texts:
        return csv_safe(texts[note.builds_on])
    return DELETED if note.builds_on_deleted else ""


def build_notes_csv(session: Session) -> bytes:
    """Every note: its dots in each round, impact, effort, its stack, what it builds on.

    "builds on" holds the whole text of the idea the note grew from (as the backlog's
    *Builds on* column, but not cut short), or "a deleted note" once that idea is gone.

    A blind round still open has its column, named so, with no count in it
    (:func:`app.core.voting.counts_shown`). UTF-8 with a byte-order mark, so that
    spreadsheet programs read the accents right.
    """
    people = {p.id: p for p in session.participants}
    clusters = {c.id: c.title for c in session.clusters}
    phases = {p.id: p.title for p in session.phases}
    texts = {n.id: n.text for n in session.notes}
    rounds = [r for r in session.vote_rounds if r.target.value == "notes"]
    totals = [
        tally(r.dots, [n.id for n in session.notes]) if counts_shown(r) else {} for r in rounds
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(
        [
            *HEADER,
            *(_dots_heading(r) for r in rounds),
            "impact",
            "effort",
            "stacked on",
            "builds on",
        ]
    )
    for note in session.notes:
        author = people.get(note.author_id or "")
        hidden_author = session.anonymous_ideas or author is None
        writer.writerow(
            [
                note.id,
                csv_safe(note.text),
                "" if hidden_author or author is None else csv_safe(author.name),
                "" if author is None else csv_safe(author.department),
                csv_safe(clusters.get(note.cluster_id or "", "")),
                csv_safe(phases.get(note.phase_id or "", "")),
                format_time(note.created_at),
                *(total.get(note.id, "") for total in totals),
                note.impact or "",
                note.effort or "",
                note.merged_into or "",  # the id of the card whose stack it joined
                _builds_on(note, texts),  # as the backlog's "Builds on", but the whole text
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")
