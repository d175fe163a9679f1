"""Kill the real app with SIGKILL at 100 random moments: nothing acknowledged is lost.

The app runs in a subprocess on a temporary database and replays a script of actions
(notes added, moved, grouped, dots cast) through the same undo commands a person's
gestures push. It prints "ack N" once action N is committed. The test reads up to a
random acknowledgement, sometimes waits a few milliseconds more (so the kill lands in
the middle of the next commit), then sends SIGKILL. Afterwards the database must pass
``integrity_check`` and hold every acknowledged action.
"""

from __future__ import annotations

import json
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from app.core.session_ops import build_session
from app.core.types import NewSessionSpec, PhaseKind
from app.storage.database import open_database
from app.storage.repository import SessionRepository

KILLS = 100
ACTIONS = 60


def make_plan(session_id: str, people: list[str], rng: random.Random) -> list[dict[str, Any]]:
    actions: list[dict[str, Any]] = []
    notes: list[str] = []
    for number in range(ACTIONS):
        kind = rng.random()
        if notes and kind < 0.2:
            actions.append(
                {"op": "move", "id": rng.choice(notes), "x": number * 7.0, "y": number * 3.0}
            )
        elif len(notes) >= 6 and kind < 0.27:
            ids = notes[-2:]
            actions.append(
                {"op": "group", "ids": ids, "cluster": str(uuid.uuid4()), "title": f"g{number}"}
            )
        else:
            note_id = str(uuid.uuid4())
            notes.append(note_id)
            actions.append(
                {
                    "op": "add",
                    "id": note_id,
                    "text": f"idea {number}",
                    "author": rng.choice(people),
                }
            )
    round_id = str(uuid.uuid4())
    actions.append({"op": "round", "round": round_id})
    for voter in people:
        actions.append(
            {"op": "ballot", "round": round_id, "voter": voter, "items": rng.sample(notes, 3)}
        )
    return actions


def check(path: Path, plan: list[dict[str, Any]], acked: int) -> None:
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        notes = {
            row[0]: row[1:]
            for row in connection.execute("SELECT id, text, x, y, cluster_id FROM notes")
        }
        clusters = {row[0] for row in connection.execute("SELECT id FROM clusters")}
        ballots = {tuple(r) for r in connection.execute("SELECT round_id, voter_id FROM ballots")}
        rounds = {row[0] for row in connection.execute("SELECT id FROM vote_rounds")}
    finally:
        connection.close()
    for number, action in enumerate(plan[: acked + 1]):
        op = action["op"]
        if op == "add":
            assert notes[action["id"]][0] == action["text"], (number, action)
        elif op == "move":
            # The last move of this note that ran (acked, or committed just before the kill).
            later = [
                (a["x"], a["y"])
                for a in plan[number:]
                if a["op"] == "move" and a["id"] == action["id"]
            ]
            assert (notes[action["id"]][1], notes[action["id"]][2]) in later, (number, action)
        elif op == "group":
            assert action["cluster"] in clusters
            assert all(notes[i][3] is not None for i in action["ids"])
        elif op == "round":
            assert action["round"] in rounds
        elif op == "ballot":
            assert (action["round"], action["voter"]) in ballots


@pytest.mark.slow
def test_a_hundred_kills_lose_nothing_acknowledged(tmp_path: Path, isolated_env: dict[str, str]):
    rng = random.Random(20261123)
    base = tmp_path / "base.sqlite3"
    database = open_database(f"sqlite:///{base}")
    session = build_session(
        NewSessionSpec(
            title="Crash test",
            participants=(("Ann", "Sales"), ("Bo", "Support"), ("Cy", "Ops")),
            phases=((PhaseKind.IDEATE, "Ideate", 600),),
        )
    )
    SessionRepository(database.engine).add_session(session)
    database.close()
    people = [p.id for p in session.participants]
    env = dict(isolated_env, QT_QPA_PLATFORM="offscreen")
    survived_to_end = 0
    for kill in range(KILLS):
        plan = make_plan(session.id, people, rng)
        script = tmp_path / f"plan-{kill}.json"
        script.write_text(json.dumps({"session_id": session.id, "actions": plan}))
        path = tmp_path / f"run-{kill}.sqlite3"
        shutil.copy(base, path)
        target = rng.randrange(len(plan))
        acked = -1
        with subprocess.Popen(
            [sys.executable, "-m", "app", "--db", str(path), "--replay", str(script)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=env,
        ) as process:
            assert process.stdout is not None
            for line in process.stdout:
                acked = int(line.split()[1])
                if acked >= target:
                    break
            if rng.random() < 0.5:
                time.sleep(rng.uniform(0, 0.02))  # land in the middle of the next commit
            process.send_signal(signal.SIGKILL)
            process.wait()
        survived_to_end += acked == len(plan) - 1
        check(path, plan, acked)
    assert survived_to_end < KILLS  # most kills landed mid-run, not after the end
