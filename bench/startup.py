"""Start-up and memory, in fresh processes: Dotstorm beside a bare PySide6 window."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import Figure, alternate, median

ROOT = Path(__file__).resolve().parent.parent
SCRATCH = Path(tempfile.mkdtemp(prefix="dotstorm-bench-home-"))


def run_probe(*args: str) -> tuple[float, str]:
    """Launch ``bench.probe`` with ``args``; seconds until its line, and the line."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    # Settings and the log go to a scratch home, never the user's.
    for variable in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        env[variable] = str(SCRATCH / variable.lower())
    start = time.perf_counter()
    with subprocess.Popen(
        [sys.executable, "-m", "bench.probe", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
        env=env,
    ) as child:
        assert child.stdout is not None
        line = child.stdout.readline().strip()
        elapsed = time.perf_counter() - start
        child.wait(timeout=60)
    # The probe leaves with os._exit, and a lock left behind would make the next start
    # one after a crash (the full check, no early listing): clear it, as a clean close
    # does, so that every run measures an ordinary start.
    for arg in args:
        if arg.endswith(".sqlite3"):
            Path(f"{arg}.lock").unlink(missing_ok=True)
    if not line:
        raise RuntimeError(f"the probe {' '.join(args)} said nothing")
    return elapsed, line


def compile_bytecode() -> None:
    """Compile Dotstorm's modules, as installing a wheel does.

    PySide6 arrives with its bytecode; an editable checkout has none until Python
    writes it, and with PYTHONDONTWRITEBYTECODE set (as on this machine) it never
    does. Without this the app would pay for compiling its own source at every start
    while the bare window does not.
    """
    import compileall

    compileall.compile_dir(str(ROOT / "app"), quiet=1)
    compileall.compile_dir(str(ROOT / "resources"), quiet=1)


def startup_figures(db: Path, runs: int) -> list[Figure]:
    """Start to first paint, and start to the library listing sessions."""
    compile_bytecode()
    run_probe("first-paint", "app", str(db))  # warm the disk cache for both
    paint_app, paint_bare = alternate(
        runs,
        lambda: run_probe("first-paint", "app", str(db))[0],
        lambda: run_probe("first-paint", "bare", str(db))[0],
    )
    list_app, list_bare = alternate(
        runs,
        lambda: run_probe("listing", "app", str(db))[0],
        lambda: run_probe("listing", "bare", str(db))[0],
    )
    first = Figure(
        "start → first paint of the main window",
        median(paint_app),
        "s",
        median(paint_bare),
        "≤ 1.3× floor",
    )
    listing = Figure(
        "start → library listing sessions",
        median(list_app),
        "s",
        median(list_bare),
        "≤ 1.2× floor",
    )
    return [
        _judged(first, lambda f: f.ratio is not None and f.ratio <= 1.3),
        _judged(listing, lambda f: f.ratio is not None and f.ratio <= 1.2),
    ]


def memory_figure(db: Path, session_id: str, notes: int, runs: int) -> Figure:
    """Peak memory with a session of ``notes`` open, beside a bare PySide6 window."""
    ours, theirs = alternate(
        runs,
        lambda: float(run_probe("memory", "app", str(db), session_id)[1]),
        lambda: float(run_probe("memory", "bare", str(db))[1]),
    )
    figure = Figure(
        f"peak memory, {notes:,}-note session open",
        median(ours),
        "MB",
        median(theirs),
        "≤ 250 MB",
    )
    return _judged(figure, lambda f: f.value <= 250)


def _judged(figure: Figure, rule: object) -> Figure:
    from dataclasses import replace

    assert callable(rule)
    return replace(figure, met=bool(rule(figure)))
