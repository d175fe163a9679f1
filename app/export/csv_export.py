"""The notes as CSV: one row per note, UTF-8 with a header row (opens in a spreadsheet)."""

from __future__ import annotations

import csv
import io

from app.core.format_helpers import csv_safe
from app.core.session_format import format_time
from app.core.types import Session, VoteRound
from app.core.voting import counts_shown, tally

HEADER = ["id", "text", "author", "department", "cluster", "phase", "created"]


def _dots_heading(vote_round: VoteRound) -> str:
    if counts_shown(vote_round):
        return f"dots: {vote_round.title}"
    return f"dots: {vote_round.title} (blind, still open)"


def build_notes_csv(session: Session) -> bytes:
    """Every note, with its dots in each round, impact, effort and the stack it joined.

    A blind round still open has its column, named so, with no count in it
    (:func:`app.core.voting.counts_shown`). UTF-8 with a byte-order mark, so that
    spreadsheet programs read the accents right.
    """
    people = {p.id: p for p in session.participants}
    clusters = {c.id: c.title for c in session.clusters}
    phases = {p.id: p.title for p in session.phases}
    rounds = [r for r in session.vote_rounds if r.target.value == "notes"]
    totals = [
        tally(r.dots, [n.id for n in session.notes]) if counts_shown(r) else {} for r in rounds
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(
        [*HEADER, *(_dots_heading(r) for r in rounds), "impact", "effort", "stacked on"]
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
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")
