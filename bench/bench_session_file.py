"""How long a session of the spec's maximum size takes to read, write, store and load.

Each step is printed beside the floor of its stack (what the library underneath needs
for the same data), so the ratio shows what Dotstorm adds:

    .venv/bin/python -m bench.bench_session_file
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from app.core.demo import build_demo_session
from app.core.session_format import dump_session, parse_session_file
from app.core.types import Note, Participant, Session, new_id
from app.storage.database import open_database
from app.storage.repository import SessionRepository

NOTES = 20_000
PEOPLE = 500


def biggest_session() -> Session:
    demo = build_demo_session()
    people = tuple(
        Participant(new_id(), f"Person {i}", f"Department {i % 12}") for i in range(PEOPLE)
    )
    template = demo.notes[0]
    notes = tuple(
        Note(
            id=new_id(),
            text=f"Idea number {i}: " + "a small concrete improvement " * 3,
            color=template.color,
            x=(i % 100) * 240,
            y=(i // 100) * 160,
            created_at=template.created_at,
            author_id=people[i % PEOPLE].id,
        )
        for i in range(NOTES)
    )
    return replace(
        demo, participants=people, notes=notes, clusters=(), vote_rounds=(), action_items=()
    )


def timed(step: Callable[[], object]) -> float:
    start = time.perf_counter()
    step()
    return time.perf_counter() - start


def main() -> None:
    session = biggest_session()
    data = dump_session(session)
    print(f"session file: {len(data) / 1e6:.1f} MB, {NOTES:,} notes, {PEOPLE} people")

    parse = timed(lambda: parse_session_file(data))
    parse_floor = timed(lambda: json.loads(data))
    dump = timed(lambda: dump_session(session))
    dump_floor = timed(lambda: json.dumps(json.loads(data), ensure_ascii=False, indent=2))

    with tempfile.TemporaryDirectory() as folder:
        database = open_database(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        repository = SessionRepository(database.engine)
        store = timed(lambda: repository.add_session(session))
        load = timed(lambda: repository.load_session(session.id))
        database.close()

        raw = sqlite3.connect(Path(folder) / "raw.sqlite3")
        raw.execute("CREATE TABLE notes (id TEXT PRIMARY KEY, text TEXT, x REAL, y REAL)")
        rows = [(n.id, n.text, n.x, n.y) for n in session.notes]

        def store_raw() -> None:
            raw.executemany("INSERT INTO notes VALUES (?, ?, ?, ?)", rows)
            raw.commit()

        store_floor = timed(store_raw)
        load_floor = timed(lambda: raw.execute("SELECT * FROM notes").fetchall())
        raw.close()

    for name, seconds, floor in (
        ("parse + validate", parse, parse_floor),
        ("write file", dump, dump_floor),
        ("store in SQLite", store, store_floor),
        ("load from SQLite", load, load_floor),
    ):
        print(
            f"{name:<18} {seconds * 1000:8.0f} ms   floor {floor * 1000:6.0f} ms   "
            f"ratio {seconds / floor:5.1f}x"
        )


if __name__ == "__main__":
    main()
