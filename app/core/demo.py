"""A realistic demo session: a cross-functional micro-innovation session, finished.

Its ids are fixed (UUID v5 of readable names) so ``dotstorm --demo`` finds the demo it
created earlier instead of adding another.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from app.core.board import tidy_by_cluster
from app.core.palette import department_colors
from app.core.types import (
    ActionItem,
    ActionStatus,
    Cluster,
    Dot,
    Note,
    Participant,
    Phase,
    PhaseKind,
    PhaseStatus,
    Role,
    RoundStatus,
    Session,
    SessionStatus,
    VoteRound,
    VoteTarget,
)

_NAMESPACE = uuid.UUID("0b5e3f0e-6a8e-4c39-9d6e-5f4f2a1d7c11")
DEMO_SESSION_ID = str(uuid.uuid5(_NAMESPACE, "session"))

_PEOPLE = (
    ("Maya Chen", "Operations", Role.FACILITATOR),
    ("Jonas Weber", "Sales", Role.PARTICIPANT),
    ("Amara Okafor", "Customer Support", Role.PARTICIPANT),
    ("Luis Ortega", "Engineering", Role.PARTICIPANT),
    ("Priya Nair", "Customer Support", Role.PARTICIPANT),
    ("Tomás Silva", "Sales", Role.PARTICIPANT),
)

# (cluster title, colour, [(author index, idea), ...])
_BOARD: tuple[tuple[str, str, tuple[tuple[int, str], ...]], ...] = (
    (
        "Faster hand-offs",
        "#FFD54F",
        (
            (0, "Shared checklist for every order hand-off"),
            (1, "Sales fills the delivery notes field before closing the deal"),
            (3, "Auto-create the install ticket when the order is signed"),
            (4, "One named contact per new customer for the first month"),
            (0, "Daily 10-minute stand-up between sales and operations"),
            (5, "Flag rush orders in red in the order system"),
        ),
    ),
    (
        "Self-service",
        "#81D4FA",
        (
            (2, "FAQ page for the top 10 ticket reasons"),
            (3, "Order tracking link in every confirmation email"),
            (4, "Short how-to videos for the three most common set-ups"),
            (1, "Let customers book their own delivery slot"),
            (2, "Chatbot answers 'where is my order?' from live data"),
            (5, "Printable quick-start card in every box"),
        ),
    ),
    (
        "Fewer errors",
        "#A5D6A7",
        (
            (3, "Validate postcodes while the order is typed"),
            (0, "Pick list scanned against the order before packing"),
            (2, "Tag tickets caused by wrong addresses"),
            (1, "Auto-fill the order form from the last order"),
            (4, "Photo of every packed pallet attached to the order"),
            (3, "Warn when an order mixes incompatible parts"),
        ),
    ),
    (
        "Learning loops",
        "#CE93D8",
        (
            (4, "Pair a support agent with an engineer once a week"),
            (2, "Monthly 'top 5 annoyances' shared with all teams"),
            (5, "Sales shadows a support shift each quarter"),
            (0, "Post-delivery call on day 3 for new customers"),
            (1, "Share lost-deal reasons with product every month"),
        ),
    ),
    (
        "Tools and set-up",
        "#FFAB91",
        (
            (3, "One dashboard for order status across teams"),
            (5, "Template replies for the 20 most common questions"),
            (2, "Keyboard shortcuts in the ticket tool training"),
            (0, "Spare-parts kit in every delivery van"),
            (4, "Customer history visible in the phone system"),
        ),
    ),
)

_UNCLUSTERED = (
    (1, "Celebrate the fastest delivery of the month"),
    (5, "Ask customers what 'fast' means to them"),
)

# (voter index, (cluster number, note number), dots)
_DOTS = (
    (1, (1, 0), 1),
    (1, (0, 2), 1),
    (1, (2, 0), 1),
    (2, (1, 0), 1),
    (2, (1, 1), 1),
    (2, (2, 0), 1),
    (3, (0, 2), 1),
    (3, (2, 0), 1),
    (3, (1, 1), 1),
    (4, (1, 0), 1),
    (4, (3, 0), 1),
    (4, (0, 0), 1),
    (5, (0, 2), 1),
    (5, (1, 0), 1),
    (5, (4, 1), 1),
)


def _id(name: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, name))


def build_demo_session(today: date | None = None) -> Session:
    """Build the demo session, dated ``today`` (default: the current UTC date)."""
    day = today or datetime.now(UTC).date()
    start = datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC)
    departments = list(dict.fromkeys(department for _, department, _ in _PEOPLE))
    colors = dict(zip(departments, department_colors(len(departments)), strict=True))
    people = tuple(
        Participant(_id(f"person {i}"), name, department, role)
        for i, (name, department, role) in enumerate(_PEOPLE)
    )
    phases = (
        Phase(
            _id("phase goal"), PhaseKind.DISCUSS, "Goal recap", 180, start, 170, PhaseStatus.DONE
        ),
        Phase(
            _id("phase silent"),
            PhaseKind.SILENT_IDEATE,
            "Silent ideas",
            480,
            start + timedelta(minutes=3),
            495,
            PhaseStatus.DONE,
        ),
        Phase(
            _id("phase cluster"),
            PhaseKind.CLUSTER,
            "Share and cluster",
            600,
            start + timedelta(minutes=12),
            640,
            PhaseStatus.DONE,
        ),
        Phase(
            _id("phase vote"),
            PhaseKind.VOTE,
            "Dot vote",
            300,
            start + timedelta(minutes=23),
            280,
            PhaseStatus.DONE,
        ),
        Phase(
            _id("phase actions"),
            PhaseKind.ACTIONS,
            "Actions",
            600,
            start + timedelta(minutes=28),
            610,
            PhaseStatus.DONE,
        ),
    )
    silent_phase = phases[1].id
    clusters: list[Cluster] = []
    notes: list[Note] = []
    note_ids: dict[tuple[int, int], str] = {}
    for c, (title, color, ideas) in enumerate(_BOARD):
        cluster_id = _id(f"cluster {c}")
        clusters.append(Cluster(cluster_id, title, color))
        for n, (author, text) in enumerate(ideas):
            note_id = _id(f"note {c}.{n}")
            note_ids[c, n] = note_id
            notes.append(
                Note(
                    id=note_id,
                    text=text,
                    color=colors[people[author].department],
                    x=40 + c * 260,
                    y=80 + n * 170,
                    created_at=start + timedelta(minutes=4, seconds=17 * len(notes)),
                    author_id=people[author].id,
                    cluster_id=cluster_id,
                    phase_id=silent_phase,
                )
            )
    for n, (author, text) in enumerate(_UNCLUSTERED):
        notes.append(
            Note(
                id=_id(f"note loose {n}"),
                text=text,
                color=colors[people[author].department],
                x=40 + len(_BOARD) * 260,
                y=80 + n * 170,
                created_at=start + timedelta(minutes=10, seconds=20 * n),
                author_id=people[author].id,
                phase_id=silent_phase,
            )
        )
    impact_effort = {(1, 0): (4, 2), (0, 2): (5, 3), (2, 0): (4, 1), (1, 1): (3, 2)}
    notes = [_with_matrix(note, impact_effort, note_ids) for note in notes]
    places = tidy_by_cluster(
        notes, [cluster.id for cluster in clusters], {c.id: c.title for c in clusters}
    )
    notes = [replace(note, x=places[note.id][0], y=places[note.id][1]) for note in notes]
    vote = VoteRound(
        id=_id("round 1"),
        title="Which small change first?",
        target=VoteTarget.NOTES,
        dots_per_voter=3,
        max_dots_per_item=1,
        anonymous=True,
        blind=True,
        status=RoundStatus.CLOSED,
        opened_at=start + timedelta(minutes=23),
        closed_at=start + timedelta(minutes=27, seconds=40),
        dots=tuple(Dot(people[voter].id, note_ids[item], count) for voter, item, count in _DOTS),
    )
    due = day + timedelta(days=14)
    actions = (
        ActionItem(
            _id("action 0"),
            "Publish the top-10 FAQ page",
            owner_id=people[2].id,
            due_date=due,
            source_note_id=note_ids[1, 0],
            status=ActionStatus.DOING,
            hypothesis="A public FAQ answers a quarter of repeat questions",
            success_metric="Repeat tickets per week down 25% within a month",
        ),
        ActionItem(
            _id("action 1"),
            "Create the install ticket automatically on signature",
            owner_id=people[3].id,
            due_date=due,
            source_note_id=note_ids[0, 2],
            hypothesis="Installs get scheduled a day earlier",
            success_metric="Median days from signature to install",
        ),
        ActionItem(
            _id("action 2"),
            "Check postcodes as the order is typed",
            owner_id=people[1].id,
            due_date=day + timedelta(days=21),
            source_note_id=note_ids[2, 0],
            hypothesis="Wrong-address deliveries all but disappear",
            success_metric="Returned deliveries per month",
        ),
    )
    return Session(
        id=DEMO_SESSION_ID,
        title="Order to delivery: one day faster",
        goal="Be the supplier customers recommend to their peers",
        question="How might we cut a day from order to first delivery?",
        facilitator=people[0].name,
        status=SessionStatus.FINISHED,
        created_at=start - timedelta(days=1),
        started_at=start,
        ended_at=start + timedelta(minutes=39),
        participants=people,
        phases=phases,
        clusters=tuple(clusters),
        notes=tuple(notes),
        vote_rounds=(vote,),
        action_items=actions,
    )


def _with_matrix(
    note: Note,
    placements: dict[tuple[int, int], tuple[int, int]],
    note_ids: dict[tuple[int, int], str],
) -> Note:
    for key, (impact, effort) in placements.items():
        if note_ids[key] == note.id:
            return replace(note, impact=impact, effort=effort)
    return note
