"""First paint seen from outside: a real X server, a window manager, and its MapNotify.

The start-up figure times a child process from ``spawn`` to the moment the X server
tells a watching client that the child's first top-level window was mapped (the
window manager's frame around it, which is what appears on the screen). Nothing runs
inside the child to report it, so the measurement cannot favour either side.

The server is a private ``Xvfb`` with ``openbox`` managing it (both Debian packages),
started for the benchmark and stopped after it. The watcher talks to the server
through Xlib with ``ctypes``: nothing to install beyond ``libX11``.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import select
import shutil
import subprocess
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

MAP_NOTIFY = 19
SUBSTRUCTURE_NOTIFY_MASK = 1 << 19


class _MapEvent(ctypes.Structure):
    """Xlib's ``XMapEvent``: the fields a MapNotify carries."""

    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("event", ctypes.c_ulong),
        ("window", ctypes.c_ulong),
        ("override_redirect", ctypes.c_int),
    ]


class _Event(ctypes.Union):
    """Xlib's ``XEvent``: 24 longs, read here as its type or as a map event."""

    _fields_ = [("type", ctypes.c_int), ("map", _MapEvent), ("pad", ctypes.c_long * 24)]


def available() -> bool:
    """Whether this machine has what the measurement needs (Xvfb, openbox, libX11)."""
    return bool(
        shutil.which("Xvfb") and shutil.which("openbox") and ctypes.util.find_library("X11")
    )


def _xlib() -> ctypes.CDLL:
    name = ctypes.util.find_library("X11")
    if name is None:
        raise RuntimeError("libX11 is not installed")
    xlib = ctypes.CDLL(name)
    xlib.XOpenDisplay.restype = ctypes.c_void_p
    xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    xlib.XDefaultRootWindow.restype = ctypes.c_ulong
    xlib.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    xlib.XSelectInput.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_long]
    xlib.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
    xlib.XPending.argtypes = [ctypes.c_void_p]
    xlib.XNextEvent.argtypes = [ctypes.c_void_p, ctypes.POINTER(_Event)]
    xlib.XConnectionNumber.argtypes = [ctypes.c_void_p]
    xlib.XInternAtom.restype = ctypes.c_ulong
    xlib.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    xlib.XGetSelectionOwner.restype = ctypes.c_ulong
    xlib.XGetSelectionOwner.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
    xlib.XCloseDisplay.argtypes = [ctypes.c_void_p]
    return xlib


class MapWatcher:
    """A client of the X server that hears every window mapped on the root."""

    def __init__(self, display_name: str) -> None:
        self._xlib = _xlib()
        self._display = self._xlib.XOpenDisplay(display_name.encode())
        if not self._display:
            raise RuntimeError(f"cannot open X display {display_name}")
        root = self._xlib.XDefaultRootWindow(self._display)
        self._xlib.XSelectInput(self._display, root, SUBSTRUCTURE_NOTIFY_MASK)
        self._xlib.XSync(self._display, 0)
        self._fd = self._xlib.XConnectionNumber(self._display)

    def has_window_manager(self) -> bool:
        """Whether a window manager owns screen 0 (ICCCM's ``WM_S0`` selection)."""
        atom = self._xlib.XInternAtom(self._display, b"WM_S0", 0)
        return bool(self._xlib.XGetSelectionOwner(self._display, atom))

    def _drain(self) -> list[_Event]:
        events = []
        while self._xlib.XPending(self._display):
            event = _Event()
            self._xlib.XNextEvent(self._display, ctypes.byref(event))
            events.append(event)
        return events

    def time_to_map(
        self, argv: Sequence[str], env: dict[str, str], cwd: str, timeout: float = 60.0
    ) -> float:
        """Seconds from spawning ``argv`` to the MapNotify of its first top-level window.

        The child is ended (SIGTERM) once its window is on the screen. Only a window
        mapped while the child lives counts, and nothing else maps windows on this
        private server.
        """
        self._xlib.XSync(self._display, 0)
        self._drain()
        start = time.perf_counter()
        child = subprocess.Popen(
            list(argv),
            env=env,
            cwd=cwd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            while True:
                for event in self._drain():
                    if event.type == MAP_NOTIFY and not event.map.override_redirect:
                        return time.perf_counter() - start
                if child.poll() is not None:
                    raise RuntimeError(f"{' '.join(argv)} ended before mapping a window")
                if time.perf_counter() - start > timeout:
                    raise RuntimeError(f"{' '.join(argv)} mapped no window in {timeout:.0f} s")
                select.select([self._fd], [], [], 0.05)
        finally:
            child.terminate()
            child.wait(timeout=30)
            self._xlib.XSync(self._display, 0)
            self._drain()

    def close(self) -> None:
        """Disconnect from the server."""
        self._xlib.XCloseDisplay(self._display)


@contextmanager
def x_server(width: int = 1280, height: int = 720) -> Iterator[tuple[str, MapWatcher]]:
    """A private Xvfb managed by openbox; yields its display name and a watcher on it."""
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        [
            "Xvfb",
            "-displayfd",
            str(write_end),
            "-screen",
            "0",
            f"{width}x{height}x24",
            "-nolisten",
            "tcp",
        ],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    manager: subprocess.Popen[bytes] | None = None
    watcher: MapWatcher | None = None
    try:
        with os.fdopen(read_end) as announced:
            number = announced.readline().strip()
        if not number:
            raise RuntimeError("Xvfb did not start")
        display = f":{number}"
        watcher = MapWatcher(display)
        manager = subprocess.Popen(
            ["openbox", "--sm-disable"],
            env={**os.environ, "DISPLAY": display},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.perf_counter() + 30
        while not watcher.has_window_manager():
            if time.perf_counter() > deadline or manager.poll() is not None:
                raise RuntimeError("openbox did not take the display")
            time.sleep(0.05)
        time.sleep(0.2)  # openbox settles (its own set-up windows), then we listen
        yield display, watcher
    finally:
        if watcher is not None:
            watcher.close()
        for process in (manager, server):
            if process is not None:
                process.terminate()
                process.wait(timeout=30)
