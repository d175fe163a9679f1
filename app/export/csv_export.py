"""The notes as CSV: one row per note, UTF-8 with a header row (opens in a spreadsheet)."""

from __future__ import annotations

import csv
import io

from app.core.format_helpers import csv_safe
from app.core.session_format import format_time
from app.core.types import Session
from app.core.voting import tally

HEADER = ["id", "text", "author", "department", "cluster", "phase", "created"]


def build_notes_csv(session: Session) -> bytes:
    """Every note, with its dots in each round, impact, effort and the stack it joined.

    UTF-8 with a byte-order mark, so that spreadsheet programs read the accents right.
    """
    people = {p.id: p for p in session.participants}
    clusters = {c.id: c.title for c in session.clusters}
    phases = {p.id: p.title for p in session.phases}
    rounds = [r for r in session.vote_rounds if r.target.value == "notes"]
    totals = [tally(r.dots, [n.id for n in session.notes]) for r in rounds]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(
        [*HEADER, *(f"dots: {r.title}" for r in rounds), "impact", "effort", "stacked on"]
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
                *(total[note.id] for total in totals),
                note.impact or "",
                note.effort or "",
                note.merged_into or "",  # the id of the card whose stack it joined
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")
