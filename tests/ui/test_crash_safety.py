"""Kill the real window with SIGKILL at random moments: nothing it showed as saved is lost.

Each run starts Dotstorm in a subprocess on a copy of one database, and a facilitator
made of key events (``tests/ui/crash_driver.py``) captures notes, nudges and groups
them, opens a dot vote and lets each person vote, dot by dot. After each step the
driver prints what the window shows. The test reads up to a random step, sometimes
waits a few milliseconds more (so the kill lands inside the next commit), and sends
SIGKILL. The database must then pass ``integrity_check`` and hold exactly what the
window last showed, or that plus the one step under way when the kill came.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from app.core.session_ops import build_session
from app.core.types import NewSessionSpec, PhaseKind
from app.storage.database import open_database
from app.storage.repository import SessionRepository

KILLS = 30
PROJECT = Path(__file__).resolve().parents[2]

Shown = dict[str, Any]


def stored(path: Path) -> Shown:
    """The database in the driver's terms; fails unless ``integrity_check`` is ok."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rounds: Shown = {
            round_id: {"dots": [], "finished": []}
            for (round_id,) in connection.execute("SELECT id FROM vote_rounds")
        }
        for round_id, voter, item, count in connection.execute(
            "SELECT round_id, voter_id, item_id, count FROM dots"
        ):
            rounds[round_id]["dots"].append([voter, item, count])
        for round_id, voter in connection.execute("SELECT round_id, voter_id FROM ballots"):
            rounds[round_id]["finished"].append(voter)
        for entry in rounds.values():
            entry["dots"].sort()
            entry["finished"].sort()
        return {
            "notes": {
                row[0]: [row[1], row[2], row[3], row[4]]
                for row in connection.execute("SELECT id, text, x, y, cluster_id FROM notes")
            },
            "clusters": dict(connection.execute("SELECT id, title FROM clusters").fetchall()),
            "rounds": rounds,
        }
    finally:
        connection.close()


EMPTY: Shown = {"notes": {}, "clusters": {}, "rounds": {}}


def without_places(state: Shown) -> Shown:
    return dict(state, notes={i: [n[0], n[3]] for i, n in state["notes"].items()})


def explained(db: Shown, last: Shown, under_way: dict[str, Any] | None) -> str | None:
    """Why ``db`` is not what the window last showed, plus the step under way (None: it is)."""
    if db == last:
        return None
    if under_way is None:
        return "the database differs from what the window last showed"
    op = under_way["op"]
    if op == "add":
        extra = set(db["notes"]) - set(last["notes"])
        if not extra:
            return "the database differs from what the window last showed"
        if len(extra) == 1 and db["notes"][extra.pop()][0] == under_way["text"]:
            trimmed = dict(db, notes={i: n for i, n in db["notes"].items() if i in last["notes"]})
            return None if trimmed == last else "an add changed other notes"
        return "the database has notes the window never showed"
    if op == "move":
        # A nudge may push neighbours out of the way: places may change, nothing else.
        return None if without_places(db) == without_places(last) else "a move changed more"
    if op == "group":
        new_clusters = set(db["clusters"]) - set(last["clusters"])
        if not new_clusters:
            return None if without_places(db) == without_places(last) else "a group changed more"
        (cluster,) = new_clusters
        # Ctrl+G stores the cluster with its numbered name; Enter stores the typed one.
        title = db["clusters"][cluster]
        if title != under_way["title"] and not re.fullmatch(r"Cluster \d+", title):
            return f"the new cluster has a title nobody typed: {db['clusters'][cluster]!r}"
        grouped = {i for i, n in db["notes"].items() if n[3] == cluster}
        if grouped != set(under_way["notes"]):
            return "the new cluster holds other notes"
        regrouped = dict(
            without_places(db),
            notes={i: [n[0], None if i in grouped else n[3]] for i, n in db["notes"].items()},
            clusters={c: t for c, t in db["clusters"].items() if c != cluster},
        )
        return None if regrouped == without_places(last) else "a group changed more"
    if op == "round":
        extra_rounds = set(db["rounds"]) - set(last["rounds"])
        if len(extra_rounds) == 1 and dict(db, rounds=last["rounds"]) == last:
            return None
        return "a round opened with more than a round"
    if op in ("dot", "done"):
        voter = under_way["voter"]
        if db["notes"] != last["notes"] or db["clusters"] != last["clusters"]:
            return "a vote changed the board"
        for round_id, entry in db["rounds"].items():
            before = last["rounds"].get(round_id)
            if before is None or entry == before:
                continue
            if op == "done" and entry["dots"] == before["dots"]:
                return (
                    None
                    if entry["finished"] == sorted([*before["finished"], voter])
                    else ("a ballot was finished for someone else")
                )
            if op == "dot" and entry["finished"] == before["finished"]:
                grown = [d for d in entry["dots"] if d not in before["dots"]]
                if len(grown) == 1 and grown[0][:2] == [voter, under_way["item"]]:
                    return None
            return "a vote stored more than the step under way"
        return "the database differs from what the window last showed"
    return f"the database changed during a step ({op}) that stores nothing"


def parsed(raw: str, errors: str) -> dict[str, Any]:
    """One line the driver printed."""
    try:
        line: dict[str, Any] = json.loads(raw)
    except json.JSONDecodeError:
        raise AssertionError(f"the driver printed {raw!r}; its errors: {errors[-2000:]}") from None
    return line


@pytest.mark.slow
def test_killing_the_window_at_random_loses_nothing_it_showed_as_saved(
    tmp_path: Path, isolated_env: dict[str, str]
):
    rng = random.Random(20261201)
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
    env = dict(isolated_env, QT_QPA_PLATFORM="offscreen")
    seen = {"add": 0, "move": 0, "group": 0, "round": 0, "dot": 0, "done": 0}
    killed_mid_step = 0
    for kill in range(KILLS):
        path = tmp_path / f"run-{kill}.sqlite3"
        shutil.copy(base, path)
        target = rng.randrange(80)
        error_file = tmp_path / f"stderr-{kill}.txt"
        lines: list[dict[str, Any]] = []
        with (
            error_file.open("w") as error_sink,
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "tests.ui.crash_driver",
                    str(path),
                    session.id,
                    str(rng.randrange(10**6)),
                    str(tmp_path / f"settings-{kill}.ini"),
                ],
                cwd=PROJECT,
                stdout=subprocess.PIPE,
                stderr=error_sink,
                text=True,
                env=env,
            ) as process,
        ):
            assert process.stdout is not None
            for raw in process.stdout:
                lines.append(parsed(raw, ""))
                if lines[-1].get("ack", -1) >= target or "finished" in lines[-1]:
                    break
            if rng.random() < 0.5:
                time.sleep(rng.uniform(0, 0.02))  # land in the middle of the next step
            process.send_signal(signal.SIGKILL)
            # The file object's own buffer may hold lines already: read through it.
            rest = process.stdout.read()
            process.wait()
        # What the window printed before it died counts too, up to the last whole line.
        errors = error_file.read_text(errors="replace")
        lines += [parsed(raw, errors) for raw in rest.split("\n")[:-1]]
        assert not any("stuck" in line for line in lines), (lines[-1], errors)
        acks = [line for line in lines if "ack" in line]
        last = acks[-1]["shown"] if acks else EMPTY
        begun = [line for line in lines if "begin" in line]
        under_way = (
            begun[-1] if begun and (not acks or begun[-1]["begin"] > acks[-1]["ack"]) else None
        )
        killed_mid_step += under_way is not None
        for line in acks:
            seen[line["op"]] = seen.get(line["op"], 0) + 1
        problem = explained(stored(path), last, under_way)
        assert problem is None, f"run {kill}: {problem} (under way: {under_way})"
    # The runs between them went through every kind of step, and some kills landed inside one.
    assert all(seen[op] > 0 for op in ("add", "move", "group", "round", "dot", "done")), seen
    assert killed_mid_step > 0
