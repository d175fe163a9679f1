"""A company's program, generated: sessions of 50 ideas, 5 actions and 6 people each.

Written in bulk into the app's own schema (a database its migrations made, with the
search indexes kept by the database), as years of a real program leave it: 20 goals,
ideas in every status, some face down, stacks, closed dot votes, actions with due
dates around today, some sessions keeping their ideas anonymous.
"""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert

from app.storage.database import open_database
from app.storage.models import (
    ActionItemRow,
    DotRow,
    GoalRow,
    NoteRow,
    ParticipantRow,
    SessionRow,
    VoteRoundRow,
)
from bench.common import DEPARTMENTS, WORDS

IDEAS_PER_SESSION = 50
ACTIONS_PER_SESSION = 5
PEOPLE_PER_SESSION = 6
GOALS = 20
NAMES = (
    "Ana Ruiz",
    "Ben Okafor",
    "Chloé Martin",
    "Dmitri Volkov",
    "Eva Nowak",
    "Farid Haddad",
    "Grace Lee",
    "Hiro Tanaka",
    "Inès Dubois",
    "Jonas Weber",
    "Kim Park",
    "Lars Berg",
    "Mei Chen",
    "Nora Smith",
    "Omar Aziz",
    "Priya Rao",
)
IDEA_STATUSES = ("new", "new", "shortlisted", "trying", "adopted", "dropped")
ACTION_STATUSES = ("open", "doing", "done", "dropped")


def _id(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def write_program(url: str, sessions: int, seed: int = 34) -> None:
    """Create the database at ``url`` and fill it with ``sessions`` sessions' program."""
    rng = random.Random(seed)
    database = open_database(url)
    goals = [
        {"id": _id(rng), "title": f"Goal {number + 1}: {rng.choice(WORDS)} faster"}
        for number in range(GOALS)
    ]
    rows: dict[type, list[dict[str, object]]] = {
        SessionRow: [],
        ParticipantRow: [],
        NoteRow: [],
        ActionItemRow: [],
        VoteRoundRow: [],
        DotRow: [],
    }
    now = datetime.now(UTC)
    first = now - timedelta(hours=20 * sessions)
    for number in range(sessions):
        session_id = _id(rng)
        held = first + timedelta(hours=20 * number)
        goal = rng.choice(goals)
        rows[SessionRow].append(
            {
                "id": session_id,
                "title": f"Session {number + 1}: {rng.choice(WORDS)} {rng.choice(WORDS)}",
                "goal": goal["title"],
                "goal_id": goal["id"],
                "status": "finished",
                "created_at": held,
                "started_at": held,
                "anonymous_ideas": number % 10 == 0,
            }
        )
        people: list[str] = []
        for place in range(PEOPLE_PER_SESSION):
            person = _id(rng)
            people.append(person)
            rows[ParticipantRow].append(
                {
                    "id": person,
                    "session_id": session_id,
                    "position": place,
                    "name": rng.choice(NAMES),
                    "department": rng.choice(DEPARTMENTS),
                    "role": "participant",
                }
            )
        notes: list[str] = []
        for place in range(IDEAS_PER_SESSION):
            note = _id(rng)
            stacked = notes[-1] if place % 17 == 16 else None  # a few stacks
            notes.append(note)
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 12)))
            rows[NoteRow].append(
                {
                    "id": note,
                    "session_id": session_id,
                    "position": place,
                    "text": text.capitalize(),
                    "author_id": rng.choice(people),
                    "color": "#FFE066",
                    "x": 20.0 * place,
                    "y": 0.0,
                    "created_at": held,
                    "hidden": place % 25 == 24,
                    "merged_into": stacked,
                    "idea_status": rng.choice(IDEA_STATUSES),
                }
            )
        for place in range(ACTIONS_PER_SESSION):
            rows[ActionItemRow].append(
                {
                    "id": _id(rng),
                    "session_id": session_id,
                    "position": place,
                    "title": " ".join(rng.choice(WORDS) for _ in range(5)).capitalize(),
                    "owner_id": rng.choice(people),
                    "due_date": (held + timedelta(days=rng.randint(5, 60))).date(),
                    "status": rng.choice(ACTION_STATUSES),
                    "hypothesis": f"If we try {rng.choice(WORDS)}, fewer {rng.choice(WORDS)}s",
                    "success_metric": "",
                }
            )
        vote_round = _id(rng)
        rows[VoteRoundRow].append(
            {
                "id": vote_round,
                "session_id": session_id,
                "position": 0,
                "target": "notes",
                "dots_per_voter": 3,
                "max_dots_per_item": 3,
                "anonymous": False,
                "blind": False,
                "status": "closed",
            }
        )
        for voter in people:
            for place, item in enumerate(rng.sample(notes[:24], 3)):
                rows[DotRow].append(
                    {
                        "round_id": vote_round,
                        "voter_id": voter,
                        "item_id": item,
                        "position": place,
                        "count": 1,
                    }
                )
    with database.engine.begin() as connection:
        connection.execute(insert(GoalRow), goals)
        for model, values in rows.items():
            connection.execute(insert(model), values)
    database.close()
