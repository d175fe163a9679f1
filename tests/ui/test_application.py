"""Start-up: the window paints before SQLAlchemy or ReportLab load; --demo and --open."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.demo import DEMO_SESSION_ID
from app.core.session_format import parse_session_file
from app.ui.application import start_application
from app.ui.settings import AppSettings
from tests.conftest import EXAMPLE_FILE

FIRST_PAINT_PROBE = """
import sys
from PySide6.QtCore import QEvent, QObject, QSettings
from PySide6.QtWidgets import QApplication

application = QApplication([])
from app.ui.application import start_application
from app.ui.settings import AppSettings

seen = {}


class Probe(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not seen:
            seen["heavy"] = sorted(
                name for name in ("sqlalchemy", "reportlab", "alembic") if name in sys.modules
            )
            later = (
                "app.ui.library.contents",
                "app.ui.library.sessions",
                "platformdirs",
                "app.core.types",  # its dataclasses and enums cost 15 ms
            )
            seen["later"] = sorted(name for name in later if name in sys.modules)
        return False


settings = AppSettings(QSettings(sys.argv[2], QSettings.Format.IniFormat))
probe = Probe()
from app.ui.library.window import LibraryWindow
original_init = LibraryWindow.__init__
def patched(self, *args, **kwargs):
    original_init(self, *args, **kwargs)
    self.installEventFilter(probe)
LibraryWindow.__init__ = patched
window, loader = start_application(sys.argv[1], settings=settings)
while not window.attached and not loader.failed:
    application.processEvents()
print("heavy at first paint:", ",".join(seen["heavy"]) or "none")
print("built before the first paint:", ",".join(seen["later"]) or "none")
print("loaded:", "sqlalchemy" in sys.modules)
"""


def test_the_window_paints_before_storage_is_imported(
    tmp_path: Path, isolated_env: dict[str, str]
):
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            FIRST_PAINT_PROBE,
            str(tmp_path / "db.sqlite3"),
            str(tmp_path / "settings.ini"),
        ],
        capture_output=True,
        text=True,
        env=dict(isolated_env, QT_QPA_PLATFORM="offscreen"),
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "heavy at first paint: none" in result.stdout
    assert "built before the first paint: none" in result.stdout
    assert "loaded: True" in result.stdout


def test_demo_opens_the_demo_session_and_creates_it_once(
    qtbot: QtBot, settings: AppSettings, db_path: Path
):
    for _ in range(2):
        start_demo_and_wait(qtbot, settings, db_path)


def start_demo_and_wait(qtbot: QtBot, settings: AppSettings, db_path: Path) -> None:
    window, loader = start_application(str(db_path), settings=settings, demo=True)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: DEMO_SESSION_ID in window.sessions.open_windows())
    assert [s.id for s in window.workspace.repository.list_sessions()] == [DEMO_SESSION_ID]
    window.close()
    loader.close()


def test_open_goes_straight_to_a_session(qtbot: QtBot, settings: AppSettings, db_path: Path):
    window, loader = start_application(str(db_path), settings=settings)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.attached)
    session = window.workspace.repository.import_session(
        parse_session_file(EXAMPLE_FILE.read_bytes())
    )
    window.close()
    loader.close()

    window, loader = start_application(
        str(db_path), settings=settings, open_reference=session.id[:8]
    )
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: session.id in window.sessions.open_windows())
    window.close()
    loader.close()


HOLD_LOCK = """
import sys, time
from pathlib import Path
from app.storage.instance_lock import InstanceLock
lock = InstanceLock.take(Path(sys.argv[1]))
print("locked", flush=True)
time.sleep(60)
"""


def test_a_second_dotstorm_on_the_same_database_is_refused(
    qtbot: QtBot, settings: AppSettings, db_path: Path, when_modal_opens
):
    from PySide6.QtWidgets import QMessageBox

    from tests.ui.conftest import click_message_button

    db_path.parent.mkdir(parents=True)
    with subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(db_path)], stdout=subprocess.PIPE, text=True
    ) as other:
        try:
            assert other.stdout is not None and other.stdout.readline().strip() == "locked"
            messages: list[str] = []
            when_modal_opens(click_message_button(qtbot, QMessageBox.StandardButton.Ok, messages))
            window, loader = start_application(str(db_path), settings=settings)
            qtbot.addWidget(window)
            qtbot.waitUntil(lambda: loader.failed)
            assert messages and "Dotstorm is already open on" in messages[0]
            assert f"process {other.pid}" in messages[0]
        finally:
            other.kill()


def _window_process(db_path: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    """The real Dotstorm window, as a person starts it (offscreen)."""
    return subprocess.Popen(
        [sys.executable, "-m", "app", "--db", str(db_path)],
        env={**env, "QT_QPA_PLATFORM": "offscreen"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_until_it_holds(db_path: Path, window: subprocess.Popen[str]) -> None:
    """Until the window's process is the one the lock file names (it took the lock)."""
    from app.storage.instance_lock import holder_named_in, lock_path_for

    deadline = time.monotonic() + 120
    while (holder := holder_named_in(lock_path_for(db_path))) is None or holder.pid != window.pid:
        assert window.poll() is None, window.stderr.read() if window.stderr else ""
        assert time.monotonic() < deadline, "the window never took its lock"
        time.sleep(0.05)


def test_two_real_windows_on_one_database_the_second_names_the_first(
    db_path: Path, isolated_env: dict[str, str]
):
    db_path.parent.mkdir(parents=True)
    with _window_process(db_path, isolated_env) as first:
        try:
            _wait_until_it_holds(db_path, first)
            with _window_process(db_path, isolated_env) as second:
                try:
                    assert second.stderr is not None
                    refusal = ""
                    while not refusal.startswith("dotstorm:"):  # Qt's own notices first
                        refusal = second.stderr.readline().strip()
                        assert refusal or second.poll() is None, "it said nothing"
                finally:
                    second.kill()  # it waits on its message box
            assert refusal == (
                f"dotstorm: Dotstorm is already open on {db_path} (process {first.pid} on "
                f"{socket.gethostname()}); use that window, or close it first."
            )
        finally:
            first.kill()  # SIGKILL: the lock file stays, but nobody holds it any more
            first.wait()
    assert Path(f"{db_path}.lock").exists()
    with _window_process(db_path, isolated_env) as third:
        try:
            _wait_until_it_holds(db_path, third)  # at once: the kernel freed the lock
        finally:
            third.kill()


def test_a_lock_left_by_a_crash_means_a_quick_check_then_opening(
    qtbot: QtBot, settings: AppSettings, db_path: Path, when_modal_opens
):
    from PySide6.QtWidgets import QMessageBox

    from tests.ui.conftest import click_message_button

    db_path.parent.mkdir(parents=True)
    with subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(db_path)], stdout=subprocess.PIPE, text=True
    ) as crashed:
        assert crashed.stdout is not None and crashed.stdout.readline().strip() == "locked"
        crashed.kill()  # SIGKILL: the lock file stays behind, naming a dead process
        crashed.wait()
    assert Path(str(db_path) + ".lock").exists()
    refusals: list[str] = []
    when_modal_opens(click_message_button(qtbot, QMessageBox.StandardButton.Ok, refusals))
    window, loader = start_application(str(db_path), settings=settings)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.attached or loader.failed)
    assert refusals == [] and window.attached  # the kernel let go when it died
    assert loader.unclean_shutdown
    loader.close()


LEFT_BEHIND = [
    "empty",
    "empty, written this instant",
    "garbage",
    "an empty folder",
    "a dangling link",
    "a reused pid",
    "pid 0",
]


@pytest.mark.parametrize("left", LEFT_BEHIND)
def test_a_lock_that_no_running_dotstorm_holds_never_blocks_a_start(
    qtbot: QtBot, settings: AppSettings, db_path: Path, left: str, when_modal_opens
):
    from PySide6.QtWidgets import QMessageBox

    from tests.ui.conftest import click_message_button

    db_path.parent.mkdir(parents=True)
    lock = Path(str(db_path) + ".lock")
    host = socket.gethostname()
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) as stranger:
        try:
            if left == "an empty folder":
                lock.mkdir()
            elif left == "a dangling link":
                lock.symlink_to(db_path.parent / "nowhere")
            else:
                lock.write_bytes(
                    {
                        "empty": b"",
                        "empty, written this instant": b"",
                        "garbage": b"\x00\xff not a lock \n\n",
                        "a reused pid": f"{stranger.pid}\nDotstorm\n{host}\n".encode(),
                        "pid 0": f"0\n\n{host}\n".encode(),
                    }[left]
                )
            if left != "empty, written this instant" and left != "a dangling link":
                # Written well before the stranger started: its PID was given out since.
                long_ago = time.time() - 120
                os.utime(lock, (long_ago, long_ago))
            refusals: list[str] = []
            when_modal_opens(click_message_button(qtbot, QMessageBox.StandardButton.Ok, refusals))
            window, loader = start_application(str(db_path), settings=settings)
            qtbot.addWidget(window)
            qtbot.waitUntil(lambda: window.attached or loader.failed)
            assert refusals == [] and window.attached
            assert loader.unclean_shutdown and not loader.failed
            assert lock.is_file() and lock.read_text().split()[0] == str(os.getpid())
            loader.close()
        finally:
            stranger.kill()


def test_a_damaged_database_is_set_aside_and_the_newest_backup_opened(
    qtbot: QtBot, settings: AppSettings, db_path: Path, when_modal_opens
):
    from PySide6.QtWidgets import QMessageBox

    from app.core.demo import build_demo_session
    from app.storage.database import open_database
    from app.storage.repository import SessionRepository

    database = open_database(f"sqlite:///{db_path}")
    repository = SessionRepository(database.engine)
    repository.add_session(build_demo_session())
    assert repository.backup("session-end") is not None
    database.close()
    db_path.write_bytes(b"\x00garbage, not a database" * 100)  # damaged beyond repair
    for extra in ("-wal", "-shm"):
        Path(str(db_path) + extra).unlink(missing_ok=True)

    offers: list[str] = []

    def open_the_backup(widget) -> None:
        assert isinstance(widget, QMessageBox)
        offers.append(widget.text())
        (button,) = [b for b in widget.buttons() if b.text() == "Open the backup"]
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    when_modal_opens(open_the_backup)
    window, loader = start_application(str(db_path), settings=settings)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.attached)
    assert "is not a Dotstorm database" in offers[0] and "newest good backup" in offers[0]
    assert [s.id for s in window.workspace.repository.list_sessions()] == [build_demo_session().id]
    (aside,) = db_path.parent.glob(db_path.name + ".set-aside-*")
    assert aside.read_bytes().startswith(b"\x00garbage")
    loader.close()


def test_help_restore_from_backup(
    qtbot: QtBot, settings: AppSettings, db_path: Path, when_modal_opens
):
    from PySide6.QtWidgets import QDialogButtonBox

    from app.core.demo import build_demo_session
    from app.ui.restore_dialog import RestoreDialog

    window, loader = start_application(str(db_path), settings=settings)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.attached)
    window.workspace.repository.add_session(build_demo_session())
    assert window.workspace.repository.backup("session-end") is not None
    window.workspace.repository.import_session(parse_session_file(EXAMPLE_FILE.read_bytes()))
    window.refresh()
    assert window.proxy.rowCount() == 2
    shown: list[str] = []

    def restore(dialog) -> None:
        assert isinstance(dialog, RestoreDialog)
        shown.append(dialog.list.item(0).text())
        buttons = dialog.buttons
        qtbot.mouseClick(
            buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
        )

    when_modal_opens(restore)
    window.menus.restore_action.trigger()  # Help → Restore from backup…; no key
    assert "1 session: Order to delivery: one day faster" in shown[0]
    assert window.proxy.rowCount() == 1  # the state of the backup
    assert list(db_path.parent.glob(db_path.name + ".set-aside-*"))  # the current file kept
    assert "Restored the backup" in window.statusBar().currentMessage()
    loader.close()


def test_a_current_database_is_listed_before_storage_opens_then_everything_works(
    qtbot: QtBot, settings: AppSettings, db_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from app.core.demo import build_demo_session
    from app.core.types import SessionSummary
    from app.storage.database import open_database
    from app.storage.repository import SessionRepository
    from app.ui.library.window import LibraryWindow

    database = open_database(f"sqlite:///{db_path}")
    SessionRepository(database.engine).add_session(build_demo_session())
    database.close()
    early: list[tuple[int, bool]] = []
    show = LibraryWindow.show_sessions

    def watched(self: LibraryWindow, sessions: list[SessionSummary]) -> None:
        show(self, sessions)
        early.append((self.model.rowCount(), not self.attached))

    monkeypatch.setattr(LibraryWindow, "show_sessions", watched)
    window, loader = start_application(str(db_path), settings=settings)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.attached)
    assert early == [(1, True)]  # listed while storage was still opening
    assert window.model.rowCount() == 1 and window.new_action.isEnabled()
    loader.close()
