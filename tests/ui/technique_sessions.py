"""Sessions set up from the techniques' templates, on the phase a test needs."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from app.core.agenda import agenda_templates
from app.core.session_ops import build_session
from app.core.techniques.common import Technique
from app.core.types import NewSessionSpec, Note, Session

PEOPLE = (
    ("Maya Chen", "Operations"),
    ("Ana Ruiz", "Sales"),
    ("Ben Okafor", "Support"),
    ("Cy Diaz", "Finance"),
    ("Dee Park", "Sales"),
)
WHEN = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def from_template(
    name: str, facilitator: str = "Maya Chen", people: tuple[tuple[str, str], ...] = PEOPLE
) -> Session:
    """A new session whose agenda is the template ``name``, set up in its one step."""
    steps = agenda_templates()[name]
    return build_session(
        NewSessionSpec(
            title=f"{name} session",
            question="How might we halve onboarding time?",
            facilitator=facilitator,
            participants=people,
            phases=tuple((s.kind, s.title, s.seconds) for s in steps),
            techniques=tuple((s.technique, s.settings) for s in steps),
        )
    )


def on_phase(session: Session, technique: Technique, index: int = 0) -> Session:
    """The session on the ``index``-th phase that runs ``technique``."""
    phase = [p for p in session.phases if p.technique is technique][index]
    return replace(session, current_phase_id=phase.id)


def with_notes(session: Session, *notes: tuple[str, str | None, bool, str | None]) -> Session:
    """``session`` with notes (text, author's name or None, face down, phase id)."""
    ids = {person.name: person.id for person in session.participants}
    made = tuple(
        Note(
            id=f"note-{number}",
            text=text,
            color="#FDE68A",
            x=40.0 + 200 * number,
            y=60.0,
            created_at=WHEN,
            author_id=ids[author] if author else None,
            hidden=hidden,
            phase_id=phase_id,
        )
        for number, (text, author, hidden, phase_id) in enumerate(notes)
    )
    return replace(session, notes=session.notes + made)


def scamper_session() -> Session:
    """A SCAMPER session on its prompts' phase, with the idea to twist on the board."""
    session = on_phase(from_template("SCAMPER"), Technique.SCAMPER)
    return with_notes(session, ("Welcome call on day one", "Ana Ruiz", False, None))


def ngt_sharing_session() -> Session:
    """An NGT session on its sharing phase: three people's notes face down."""
    session = from_template("Nominal Group Technique")
    writing = next(p for p in session.phases if p.technique is Technique.NOMINAL_GROUP)
    session = on_phase(session, Technique.NOMINAL_GROUP, 1)
    return with_notes(
        session,
        ("Checklist before kickoff", "Ben Okafor", True, writing.id),
        ("Shared onboarding channel", "Ana Ruiz", True, writing.id),
        ("Pre-filled contract", "Ana Ruiz", True, writing.id),
        ("Named buddy for each customer", "Dee Park", True, writing.id),
    )
