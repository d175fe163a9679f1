"""Run every benchmark and print one table: figure, floor, ratio, target, met.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench            # the full run
    QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench --quick    # tiny, for the tests
    QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench --only startup,minutes  # some parts

Fixtures are generated here (realistic text lengths, clusters, six departments, a
closed vote, actions), never committed. The full run takes a few minutes.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@dataclass(frozen=True)
class Plan:
    """How much to measure: the full run, or the quick one that keeps the code alive."""

    runs: int
    open_sizes: tuple[int, ...]
    board_notes: int
    steps: int
    actions: int
    pdf_sizes: tuple[int, ...]
    json_notes: int
    library_sessions: int
    room_sizes: tuple[int, ...]
    similar_notes: int
    search_notes: int
    """Notes of the bounded similar-ideas list (ordinary, then hostile text)."""
    phones: int
    program_sessions: tuple[int, int]
    """Sessions of the program's databases, 1× and 8× (50 ideas each)."""


PARTS = (
    "startup",
    "memory",
    "open",
    "board",
    "actions",
    "minutes",
    "json",
    "damage",
    "room",
    "similar",
    "phones",
    "server",
    "program",
    "program-server",
)
"""The benchmark's parts, in the order they run; ``--only`` picks some of them."""


FULL = Plan(
    runs=5,
    open_sizes=(100, 1000, 2000, 5000),
    board_notes=2000,
    steps=60,
    actions=300,
    pdf_sizes=(100, 1000, 5000),
    json_notes=5000,
    library_sessions=20,
    room_sizes=(30, 300),
    similar_notes=2000,
    search_notes=10_000,
    phones=30,
    program_sessions=(125, 1000),
)
QUICK = Plan(
    runs=1,
    open_sizes=(20,),
    board_notes=30,
    steps=3,
    actions=3,
    pdf_sizes=(20,),
    json_notes=20,
    library_sessions=2,
    room_sizes=(10,),
    similar_notes=40,
    search_notes=60,
    phones=3,
    program_sessions=(2, 16),
)


def main(argv: list[str] | None = None) -> int:
    """Measure, print the table, and return 0 (targets are reported, never asserted)."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="tiny sizes, one run each")
    parser.add_argument(
        "--only",
        metavar="PART[,PART]",
        type=_parts,
        default=PARTS,
        help=f"run only these parts, of: {', '.join(PARTS)}",
    )
    options = parser.parse_args(argv)
    plan = QUICK if options.quick else FULL
    parts: tuple[str, ...] = options.only

    import PySide6

    from app.core.demo import build_demo_session
    from app.core.session_ops import as_template
    from app.storage.database import open_database
    from app.storage.repository import SessionRepository
    from bench.board import application, board_figures, open_figures
    from bench.common import Figure, make_session, table
    from bench.minutes import minutes_figures
    from bench.phones import phone_figures
    from bench.program import program_figures, program_server_figures
    from bench.room import f11_figure, layout_figures
    from bench.server import server_figures
    from bench.similar_search import board_quality_figures, search_figures
    from bench.similarity import similarity_figures, suggestion_figures
    from bench.startup import memory_figure, startup_figures
    from bench.storage import action_figures, damage_check_figure, json_figures

    started = time.perf_counter()
    application()
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        database = open_database(f"sqlite:///{folder / 'bench.sqlite3'}")
        repository = SessionRepository(database.engine)
        demo = build_demo_session()
        repository.add_session(demo)
        for index in range(plan.library_sessions - 1):
            repository.add_session(as_template(demo, f"Session {index + 2}"))
        board = make_session(plan.board_notes)
        repository.add_session(board)
        database.close()  # the start-up probes open it themselves
        db_path = folder / "bench.sqlite3"
        if "startup" in parts:
            figures += startup_figures(db_path, plan.runs)
        if "memory" in parts:
            figures.append(memory_figure(db_path, board.id, plan.board_notes, plan.runs))

        database = open_database(f"sqlite:///{db_path}")
        repository = SessionRepository(database.engine)
        if "open" in parts:
            sized = [make_session(n, seed=n) for n in plan.open_sizes]
            for session in sized:
                repository.add_session(session)
            figures += open_figures(repository, sized, folder, plan.runs)
        if "board" in parts:
            figures += board_figures(repository, board, folder, plan.steps)
        if "actions" in parts:
            figures += action_figures(repository, board, plan.actions)
        if "minutes" in parts:
            sessions = [make_session(n, seed=n) for n in plan.pdf_sizes]
            figures += minutes_figures(sessions, plan.runs)
        if "json" in parts:
            figures += json_figures(
                database.engine, repository, make_session(plan.json_notes, seed=3), plan.runs
            )
        if "damage" in parts:
            figures.append(damage_check_figure(db_path, plan.runs))
        if "room" in parts:
            rooms = [make_session(n, seed=n + 1) for n in plan.room_sizes]
            figures += layout_figures(rooms, plan.runs)
            repository.add_session(rooms[-1])
            figures.append(f11_figure(repository, rooms[-1], folder, plan.runs))
        if "similar" in parts:
            figures += similarity_figures(plan.similar_notes, plan.runs)
            figures += suggestion_figures(plan.similar_notes // 10, plan.runs)
            figures += search_figures(plan.search_notes, min(plan.runs, 3))
            figures += board_quality_figures(plan.search_notes)
        if "phones" in parts:
            figures += phone_figures(repository, folder, plan.phones)
        database.close()
    if "server" in parts:
        figures += server_figures(
            make_session(plan.board_notes),
            plan.actions,
            make_session(plan.json_notes, seed=3),
            plan.runs,
        )
    if "program" in parts:
        figures += program_figures(plan.program_sessions, min(plan.runs, 3))
    if "program-server" in parts:
        figures += program_server_figures(plan.program_sessions, min(plan.runs, 3))

    print(
        f"Dotstorm benchmarks, {time.strftime('%Y-%m-%d')}, {platform.machine()} "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        f"PySide6 {PySide6.__version__}{', quick mode' if options.quick else ''}"
    )
    print(f"medians of {plan.runs} runs, app and floor alternating\n")
    for line in table(figures):
        print(line)
    print(f"\n({time.perf_counter() - started:.0f} s in all)")
    return 0


def _parts(text: str) -> tuple[str, ...]:
    """``--only``'s value: known part names, in the order they run."""
    chosen = {name.strip() for name in text.split(",") if name.strip()}
    unknown = sorted(chosen - set(PARTS))
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(
            f"unknown part {', '.join(unknown) or '(none)'}; the parts are {', '.join(PARTS)}"
        )
    return tuple(part for part in PARTS if part in chosen)


if __name__ == "__main__":
    sys.exit(main())
