"""A company-sized program: the backlog, the goals page and the library at 1× and 8×.

Two generated databases (:mod:`bench.program_data`), 1× and 8× the sessions (the full
run: 125 and 1,000 sessions, 6,250 and 50,000 ideas), on SQLite and on a PostgreSQL
server. The pages are driven through the real window in a process of their own
(:mod:`bench.program_probe`) and timed in that process's CPU seconds. Each line gives
the 8× figure, and in the floor column the same step at 1×: the ratio is how the step
grows with eight times the program (near 1× for what a keystroke does).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import Figure, alternate, median
from bench.program_data import IDEAS_PER_SESSION, write_program
from bench.startup import ROOT, SCRATCH, compile_bytecode, run_probe

TARGETS: dict[str, tuple[str, float, str]] = {
    # step: (what it is, target, unit)
    "backlog": ("backlog opens (Ctrl+2)", 0.300, "s"),
    "sort": ("backlog: sort the ideas by a column", 0.100, "s"),
    "keystroke": ("backlog: a letter typed in the search applies", 0.016, "s"),
    "clear": ("backlog: the search cleared", 0.300, "s"),
    "goals": ("goals page, first Ctrl+3", 0.200, "s"),
    "next goal": ("goals page: the next goal", 0.050, "s"),
    "peak MB": ("peak memory of the whole app, backlog and goals read", 300.0, "MB"),
}


def probe(url: str) -> dict[str, float]:
    """Run :mod:`bench.program_probe` on ``url``; its figures."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    for variable in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        env[variable] = str(SCRATCH / variable.lower())
    done = subprocess.run(
        [sys.executable, "-m", "bench.program_probe", url],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the program probe failed: {done.stderr.strip()[-2000:]}")
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def _medians(url: str, runs: int) -> dict[str, float]:
    samples = [probe(url) for _ in range(runs)]
    return {step: median([sample[step] for sample in samples]) for step in samples[0]}


def _figures(
    small: dict[str, float], large: dict[str, float], ideas: int, where: str
) -> list[Figure]:
    figures = []
    for step, (what, target, unit) in TARGETS.items():
        limit = f"≤ {target * 1000:g} ms" if unit == "s" else f"≤ {target:g} {unit}"
        figures.append(
            Figure(
                f"{what}, {ideas:,} ideas{where} (floor: the same at 1/8)",
                large[step],
                unit,
                small[step],
                limit,
                large[step] <= target,
            )
        )
    return figures


def program_figures(sessions: tuple[int, int], runs: int) -> list[Figure]:
    """The program's pages on SQLite, and start → library listing of the 8× database."""
    small, large = sessions
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        measured = {}
        for count in sessions:
            path = folder / f"program-{count}.sqlite3"
            write_program(f"sqlite:///{path}", count)
            measured[count] = _medians(f"sqlite:///{path}", runs)
        figures = _figures(measured[small], measured[large], large * IDEAS_PER_SESSION, "")
        figures.append(_listing(folder / f"program-{large}.sqlite3", large, runs))
    return figures


def program_server_figures(sessions: tuple[int, int], runs: int) -> list[Figure]:
    """The program's pages on a throwaway PostgreSQL server on this machine."""
    from tests.postgres_server import start_server

    small, large = sessions
    server = start_server()
    try:
        measured = {}
        for count in sessions:
            url = server.url(server.new_database())
            write_program(url, count)
            measured[count] = _medians(url, runs)
    finally:
        server.stop()
    return _figures(measured[small], measured[large], large * IDEAS_PER_SESSION, " on PostgreSQL")


def _listing(db: Path, sessions: int, runs: int) -> Figure:
    """Start → the library listing the program's sessions, beside a bare window's query."""
    compile_bytecode()
    run_probe("listing", "app", str(db))  # warm the disk cache for both
    ours, bare = alternate(
        runs,
        lambda: run_probe("listing", "app", str(db))[0],
        lambda: run_probe("listing", "bare", str(db))[0],
    )
    figure = Figure(
        f"start → library listing {sessions:,} sessions",
        median(ours),
        "s",
        median(bare),
        "≤ 1.2× floor",
    )
    return Figure(
        figure.name,
        figure.value,
        figure.unit,
        figure.floor,
        figure.target,
        figure.ratio is not None and figure.ratio <= 1.2,
    )
