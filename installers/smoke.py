"""Smoke test of a built Dotstorm: drive the installed programs as a user would.

    python installers/smoke.py --command PATH [--window-command PATH] --session FILE --work DIR

``--command`` is the console ``dotstorm`` of a bundle or of an installed package,
``--window-command`` the windowed launcher. Each program runs from ``--work`` (never from
a checkout) with a home folder of its own and no Python settings in its environment:
what it needs must be inside it. The checks, in order:

1. ``dotstorm --version``;
2. ``init`` a new database, ``import`` the session file, ``list`` shows it;
3. ``export --format pdf``: ``pdftotext`` reads the title, the goal and a note back,
   and ``pdffonts`` says every font is embedded;
4. ``check`` says the database is sound; ``backup`` writes to the backups folder;
5. the session's window opens on a screen and paints its board: on Linux under a
   private Xvfb, read back by OCR (tesseract), then Ctrl+Q ends it with status 0;
   elsewhere on the desktop the CI runner has, which must keep it open, unbroken;
6. the windowed launcher, on a first run with nothing set: it creates its database in
   the user data folder and its log in the user log folder, and (Linux) shows the
   library's first-run line.

Standard library only: it runs with whatever Python the machine has, with the checkout
hidden. Each step prints ``smoke: ok ...``; the first failure prints
``smoke: FAILED ...`` and exits 1.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

COMMAND_TIMEOUT = 120
"""Seconds a command may take (the first start of a bundle reads ~300 MB from disk)."""
WINDOW_TIMEOUT = 60
"""Seconds a window may take to appear."""
SCREEN = ("-screen", "0", "1280x720x24")
"""The private screen's size: a projector's."""


class SmokeFailed(Exception):
    """A check failed; the message says which and what was seen."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run every check; 0 when all pass."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--command", required=True, type=Path, help="the console dotstorm")
    parser.add_argument("--window-command", type=Path, help="the windowed launcher")
    parser.add_argument("--session", required=True, type=Path, help="a session file")
    parser.add_argument("--work", required=True, type=Path, help="an empty folder to work in")
    options = parser.parse_args(argv)
    try:
        run_checks(options.command, options.window_command, options.session, options.work)
    except SmokeFailed as failure:
        print(f"smoke: FAILED {failure}", file=sys.stderr, flush=True)
        return 1
    print("smoke: every check passed", flush=True)
    return 0


def run_checks(command: Path, window_command: Path | None, session: Path, work: Path) -> None:
    """The checks of the module's docstring, in order."""
    work.mkdir(parents=True, exist_ok=True)
    if any(work.iterdir()):
        raise SmokeFailed(f"before starting: {work} is not empty")
    # Absolute, not resolved: /usr/bin/dotstorm is a symbolic link to the bundle, and a
    # bundle must find its libraries when started through one.
    command = command.absolute()
    described = json.loads(session.read_text(encoding="utf-8"))["session"]
    title, goal = described["title"], described["goal"]
    note = next(n["text"] for n in described["notes"] if not n.get("hidden"))
    runner = Runner(command, work)

    version = runner.run("--version")
    _expect(re.fullmatch(r"dotstorm \d+\.\d+\.\d+\S*", version.strip()), "--version", version)
    ok(version.strip())

    database = work / "smoke.sqlite3"
    db = f"--db={database}"
    _expect("ready:" in runner.run(db, "init"), "init", "")
    session_id = runner.run(db, "import", str(session.resolve())).split()[0]
    listed = runner.run(db, "list")
    _expect(title in listed, "list", listed)
    ok(f"init, import and list ({session_id[:8]}: {title})")

    minutes = work / "minutes.pdf"
    runner.run(db, "export", session_id, "--format", "pdf", "--output", str(minutes))
    text = _tool("pdftotext", "-layout", str(minutes), "-")
    flat = " ".join(text.split())
    for wanted in (title, goal, note):
        _expect(" ".join(wanted.split()) in flat, f"the PDF minutes (no {wanted!r})", text[:400])
    fonts = _tool("pdffonts", str(minutes)).splitlines()[2:]
    _expect(fonts, "pdffonts (no font listed)", "")
    unembedded = [line for line in fonts if line.split()[-5] != "yes"]
    _expect(not unembedded, "pdffonts (fonts not embedded)", "\n".join(unembedded))
    ok(f"PDF minutes read back, {len(fonts)} fonts, all embedded")

    _expect("ok:" in runner.run(db, "check"), "check", "")
    backup = runner.run(db, "backup")
    _expect(any((work / "backups").glob("*")), "backup (nothing in backups/)", backup)
    ok("check and backup")

    board_words = _words(note) + _words(title)
    with screen(work) as display:
        shown = runner.window([db, "--open", session_id], display, _posix_escaped(title))
        if display is not None:
            _expect_read(shown, board_words, "the session's board")
        ok("the session window opened and painted its board")

        if window_command is not None:
            first_run = Runner(window_command.absolute(), work, home="first-run")
            shown = first_run.window([], display, "^Dotstorm$", quit_by="library")
            if display is not None:
                _expect_read(shown, ["No", "sessions", "demo"], "the first-run library")
            data = first_run.data_folder() / "dotstorm.sqlite3"
            log = first_run.log_folder() / "dotstorm.log"
            _expect(data.is_file(), f"first run (no database at {data})", "")
            _expect(log.is_file(), f"first run (no log at {log})", "")
            ok(f"first run: database in {data.parent}, log in {log.parent}")


def ok(what: str) -> None:
    """Say a check passed."""
    print(f"smoke: ok   {what}", flush=True)


def _expect(condition: object, what: str, seen: str) -> None:
    if not condition:
        raise SmokeFailed(f"{what}" + (f": saw {seen.strip()[:600]!r}" if seen.strip() else ""))


def _words(text: str) -> list[str]:
    """The words of ``text`` OCR can be asked to find (plain, long enough)."""
    words: list[str] = re.findall(r"[A-Za-z]{5,}", text)
    return words[:3]


def _expect_read(read: str, words: list[str], what: str) -> None:
    missing = [word for word in words if word.casefold() not in read.casefold()]
    _expect(not missing, f"{what}: OCR did not read {missing}", read)


def _tool(*arguments: str) -> str:
    """Run a tool the machine has (pdftotext, pdffonts, tesseract); its standard output."""
    if shutil.which(arguments[0]) is None:
        raise SmokeFailed(f"{arguments[0]} is not installed (poppler-utils, tesseract-ocr)")
    done = subprocess.run(
        arguments, capture_output=True, text=True, timeout=COMMAND_TIMEOUT, check=False
    )
    if done.returncode != 0:
        raise SmokeFailed(f"{arguments[0]} failed: {done.stderr.strip()}")
    return done.stdout


class Runner:
    """One Dotstorm program, run as a user would: its own home, no Python environment."""

    def __init__(self, program: Path, work: Path, home: str = "home") -> None:
        self._program = program
        self._work = work
        self._home = work / home
        self._home.mkdir()

    def environment(self, display: str | None = None) -> dict[str, str]:
        """A user's environment: the system's PATH, a home of its own, nothing of Python's."""
        keep = ("PATH", "LANG", "SYSTEMROOT", "WINDIR", "TEMP", "TMP", "TMPDIR", "USERNAME")
        environment = {name: os.environ[name] for name in keep if name in os.environ}
        environment["HOME"] = str(self._home)
        if sys.platform == "win32":
            # Windows names its folders itself (SHGetKnownFolderPath), whatever the
            # environment says: the runner's own, a fresh one on CI, are used.
            for name in ("LOCALAPPDATA", "APPDATA", "USERPROFILE"):
                if name in os.environ:
                    environment[name] = os.environ[name]
        if display is not None:
            environment["DISPLAY"] = display
        return environment

    def data_folder(self) -> Path:
        """Where the README says the database lives, for this home."""
        if sys.platform == "win32":
            return Path(os.environ["LOCALAPPDATA"]) / "dotstorm"
        if sys.platform == "darwin":
            return self._home / "Library" / "Application Support" / "dotstorm"
        return self._home / ".local" / "share" / "dotstorm"

    def log_folder(self) -> Path:
        """Where the README says the log is, for this home."""
        if sys.platform == "win32":
            return Path(os.environ["LOCALAPPDATA"]) / "dotstorm" / "Logs"
        if sys.platform == "darwin":
            return self._home / "Library" / "Logs" / "dotstorm"
        return self._home / ".local" / "state" / "dotstorm" / "log"

    def run(self, *arguments: str) -> str:
        """Run a command to its end; its standard output, or a failure with its stderr."""
        try:
            done = subprocess.run(
                [str(self._program), *arguments],
                cwd=self._work,
                env=self.environment(),
                capture_output=True,
                text=True,
                encoding="utf-8",
                timeout=COMMAND_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired as expired:
            raise SmokeFailed(
                f"dotstorm {' '.join(arguments)}: no end after {expired.timeout} s"
            ) from None
        if done.returncode != 0:
            raise SmokeFailed(
                f"dotstorm {' '.join(arguments)} (status {done.returncode}): {done.stderr.strip()}"
            )
        return done.stdout

    def window(
        self, arguments: list[str], display: str | None, title: str, quit_by: str = "session"
    ) -> str:
        """Start a window, wait until ``title`` is on screen; what OCR reads there.

        Without a private screen (not Linux), the window must stay up on the desktop for
        ten seconds with nothing in its log; then it is ended.
        """
        process = subprocess.Popen(
            [str(self._program), *arguments],
            cwd=self._work,
            env=self.environment(display),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            if display is None:
                time.sleep(10)
                if process.poll() is not None:
                    _, errors = process.communicate()
                    raise SmokeFailed(f"the window ended by itself: {errors.strip()}")
                return ""
            window_id = _wait_for_window(display, title, process)
            time.sleep(2)  # the board paints after the window maps
            read = _read_screen(display)
            # Ctrl+W closes a session window, Ctrl+Q the library (and with it Dotstorm),
            # typed as a person would, into the window that has the focus (no window
            # manager runs here to activate one).
            if quit_by == "session":
                _xdotool(display, "windowfocus", "--sync", window_id)
                _xdotool(display, "key", "ctrl+w")
                time.sleep(1)
            library = _wait_for_window(display, "^Dotstorm$", process)
            _xdotool(display, "windowfocus", "--sync", library)
            _xdotool(display, "key", "ctrl+q")
            status = process.wait(timeout=COMMAND_TIMEOUT)
            _, errors = process.communicate()
            _expect(status == 0, f"the window's exit status {status}", errors)
            return read
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()


def _posix_escaped(text: str) -> str:
    """``text`` as a POSIX regular expression that matches it (xdotool's --name)."""
    return re.sub(r"([.^$*+?()\[\]{}|\\])", r"\\\1", text)


def _wait_for_window(display: str, title: str, process: subprocess.Popen[str]) -> str:
    """The id of the first visible window whose name matches ``title`` (a POSIX regex)."""
    deadline = time.monotonic() + WINDOW_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            _, errors = process.communicate()
            raise SmokeFailed(f"the window ended before it showed {title!r}: {errors.strip()}")
        found = subprocess.run(
            ["xdotool", "search", "--onlyvisible", "--name", title],
            env={**os.environ, "DISPLAY": display},
            capture_output=True,
            text=True,
            check=False,
        ).stdout.split()
        if found:
            return found[0]
        time.sleep(0.3)
    raise SmokeFailed(f"no window named {title!r} after {WINDOW_TIMEOUT} s")


def _xdotool(display: str, *arguments: str) -> None:
    done = subprocess.run(
        ["xdotool", *arguments],
        env={**os.environ, "DISPLAY": display},
        check=False,
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT,
    )
    if done.returncode != 0:
        raise SmokeFailed(f"xdotool {' '.join(arguments)}: {done.stderr.strip()}")


def _read_screen(display: str) -> str:
    """What tesseract reads on the screen (``xwd`` grabs it, as a PPM for tesseract).

    The whole screen, then its middle left part, where a session window's board is:
    on the whole screen tesseract takes the coloured cards for pictures.
    """
    dump = subprocess.run(
        ["xwd", "-root", "-silent"],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        check=True,
        timeout=COMMAND_TIMEOUT,
    ).stdout
    whole = xwd_to_ppm(dump)
    read = []
    with tempfile.TemporaryDirectory() as folder:
        for name, picture in (("screen", whole), ("board", cropped(whole, 0.0, 0.25, 0.76, 0.85))):
            path = Path(folder) / f"{name}.ppm"
            path.write_bytes(picture)
            keep = os.environ.get("DOTSTORM_SMOKE_SHOTS")
            if keep:
                shutil.copy(path, Path(keep) / f"{name}-{time.monotonic_ns()}.ppm")
            read.append(_tool("tesseract", str(path), "-"))
    return "\n".join(read)


def xwd_to_ppm(dump: bytes) -> bytes:
    """A 24-bit TrueColor ``xwd`` dump (24 or 32 bits a pixel) as a binary PPM."""
    header = struct.unpack(">25I", dump[:100])
    header_size, _, _, depth, width, height = header[:6]
    byte_order, bits_per_pixel, bytes_per_line = header[7], header[11], header[12]
    colours = header[19]
    if depth != 24 or bits_per_pixel not in (24, 32):
        raise SmokeFailed(f"xwd: a {depth}-bit screen at {bits_per_pixel} bits a pixel")
    step = bits_per_pixel // 8
    start = header_size + 12 * colours
    pixels = bytearray()
    # Least significant byte first: blue, green, red (and padding); else the other way.
    red_at, green_at, blue_at = (2, 1, 0) if byte_order == 0 else (step - 3, step - 2, step - 1)
    for row in range(height):
        line = dump[start + row * bytes_per_line : start + row * bytes_per_line + step * width]
        row_pixels = bytearray(3 * width)
        row_pixels[0::3] = line[red_at::step]
        row_pixels[1::3] = line[green_at::step]
        row_pixels[2::3] = line[blue_at::step]
        pixels += row_pixels
    return b"P6\n%d %d\n255\n" % (width, height) + bytes(pixels)


def cropped(ppm: bytes, left: float, top: float, right: float, bottom: float) -> bytes:
    """The part of a binary PPM between fractions of its width and height."""
    _, size, _, pixels = ppm.split(b"\n", 3)
    width, height = (int(number) for number in size.split())
    x0, x1 = int(left * width), int(right * width)
    y0, y1 = int(top * height), int(bottom * height)
    rows = [pixels[(y * width + x0) * 3 : (y * width + x1) * 3] for y in range(y0, y1)]
    return b"P6\n%d %d\n255\n" % (x1 - x0, y1 - y0) + b"".join(rows)


@contextmanager
def screen(work: Path) -> Iterator[str | None]:
    """A private X screen on Linux (Xvfb at 1280x720), ``None`` elsewhere (the desktop)."""
    if not sys.platform.startswith("linux"):
        yield None
        return
    for tool in ("Xvfb", "xdotool", "xwd", "tesseract"):
        if shutil.which(tool) is None:
            raise SmokeFailed(f"{tool} is not installed (xvfb, xdotool, x11-apps, tesseract-ocr)")
    read_end, write_end = os.pipe()
    with (work / "xvfb.log").open("w") as log:
        server = subprocess.Popen(
            [*("Xvfb", "-displayfd", str(write_end), "-nolisten", "tcp"), *SCREEN],
            pass_fds=(write_end,),
            stderr=log,
        )
    os.close(write_end)
    try:
        with os.fdopen(read_end) as numbers:
            number = numbers.readline().strip()
        if not number:
            raise SmokeFailed("Xvfb did not start: " + (work / "xvfb.log").read_text()[-300:])
        yield f":{number}"
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    sys.exit(main())
