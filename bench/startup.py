"""Start-up and memory, in fresh processes: Dotstorm beside a bare PySide6 window.

The first paint is seen from outside, by the X server (:mod:`bench.xmap`); the library
listing and memory are reported by the child itself (:mod:`bench.probe`).
"""

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
    env = {**_scratch_env(), "QT_QPA_PLATFORM": "offscreen"}
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


def _scratch_env() -> dict[str, str]:
    """This process's environment with settings and the log sent to a scratch home."""
    env = dict(os.environ)
    for variable in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        env[variable] = str(SCRATCH / variable.lower())
    return env


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


def first_paint_outside(db: Path, runs: int) -> Figure | None:
    """Spawn → the X server's MapNotify of the first window, Dotstorm beside a bare window.

    Measured from outside (:mod:`bench.xmap`) under a private Xvfb managed by openbox:
    ``python -m app --db DB``, exactly what the ``dotstorm`` command runs, against
    ``bench.probe shown bare``, a plain PySide6 window; alternating, each ended once
    its window is mapped. ``None`` when this machine has no Xvfb or openbox.
    """
    from bench import xmap

    if not xmap.available():
        return None
    with xmap.x_server() as (display, watcher):
        env = {**_scratch_env(), "QT_QPA_PLATFORM": "xcb", "DISPLAY": display}
        env.pop("WAYLAND_DISPLAY", None)
        ours = [sys.executable, "-m", "app", "--db", str(db)]
        bare = [sys.executable, "-m", "bench.probe", "shown", "bare", str(db)]

        def mapped(argv: list[str]) -> float:
            took = watcher.time_to_map(argv, env, str(ROOT))
            Path(f"{db}.lock").unlink(missing_ok=True)  # ended, as after a clean close
            return took

        mapped(ours)  # warm the disk cache for both
        mapped(bare)
        app_samples, bare_samples = alternate(runs, lambda: mapped(ours), lambda: mapped(bare))
    figure = Figure(
        "start → first paint of the main window (spawn → MapNotify, Xvfb + openbox)",
        median(app_samples),
        "s",
        median(bare_samples),
        "≤ 1.3× floor",
    )
    return _judged(figure, lambda f: f.ratio is not None and f.ratio <= 1.3)


def startup_figures(db: Path, runs: int) -> list[Figure]:
    """Start to first paint (seen by the X server), and start to the library listing.

    Without Xvfb and openbox the first paint falls back to the offscreen probe: the
    child's own report of its first paint event.
    """
    compile_bytecode()
    run_probe("first-paint", "app", str(db))  # warm the disk cache for both
    outside = first_paint_outside(db, 2 * runs + 1)  # 11 in the full run: it is noisy
    figures = []
    if outside is not None:
        figures.append(outside)
    else:
        paint_app, paint_bare = alternate(
            runs,
            lambda: run_probe("first-paint", "app", str(db))[0],
            lambda: run_probe("first-paint", "bare", str(db))[0],
        )
        first = Figure(
            "start → first paint of the main window (offscreen, the child's paint event)",
            median(paint_app),
            "s",
            median(paint_bare),
            "≤ 1.3× floor",
        )
        figures.append(_judged(first, lambda f: f.ratio is not None and f.ratio <= 1.3))
    list_app, list_bare = alternate(
        runs,
        lambda: run_probe("listing", "app", str(db))[0],
        lambda: run_probe("listing", "bare", str(db))[0],
    )
    listing = Figure(
        "start → library listing sessions",
        median(list_app),
        "s",
        median(list_bare),
        "≤ 1.2× floor",
    )
    figures.append(_judged(listing, lambda f: f.ratio is not None and f.ratio <= 1.2))
    return figures


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
