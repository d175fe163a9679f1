"""The child of scripts/screenshots.py: open the demo and grab each window.

Run through scripts/screenshots.py, which gives it a 1280×720 offscreen screen and a
scratch home. Arguments: OUT_DIR SCRATCH_DIR.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dataclasses import replace  # noqa: E402

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from app.core.types import PhaseKind, PhaseStatus, Session, SessionStatus  # noqa: E402


def settle(application: QApplication, turns: int = 8) -> None:
    """Let Qt lay out and paint what was just shown."""
    for _ in range(turns):
        application.processEvents()


def shoot(widget: QWidget, path: Path) -> None:
    """Save what ``widget`` shows now."""
    widget.grab().save(str(path))
    print(path)


def live(session: Session) -> Session:
    """The demo as it looked mid-session: on its clustering phase, four minutes in."""
    phases = []
    reached = False
    for phase in session.phases:
        if phase.kind is PhaseKind.CLUSTER and not reached:
            reached = True
            phases.append(replace(phase, status=PhaseStatus.PAUSED, elapsed_seconds=240))
        elif reached:
            phases.append(replace(phase, status=PhaseStatus.PENDING, elapsed_seconds=0))
        else:
            phases.append(phase)
    current = next(p.id for p in phases if p.status is PhaseStatus.PAUSED)
    return replace(
        session,
        status=SessionStatus.RUNNING,
        ended_at=None,
        phases=tuple(phases),
        current_phase_id=current,
    )


def main(out: Path, scratch: Path) -> None:
    """Every screenshot the README shows."""
    application = QApplication([])
    from app.core.demo import build_demo_session
    from app.core.types import ActionStatus
    from app.storage.database import open_database
    from app.storage.repository import SessionRepository
    from app.ui.application import configure_application, set_window_icon
    from app.ui.library.window import LibraryWindow
    from app.ui.settings import AppSettings
    from app.ui.workspace import Workspace

    configure_application(application)
    set_window_icon(application)
    database = open_database(f"sqlite:///{scratch}/dotstorm.sqlite3")
    repository = SessionRepository(database.engine)
    demo = live(build_demo_session())
    repository.add_session(demo)
    settings = AppSettings(QSettings(f"{scratch}/settings.ini", QSettings.Format.IniFormat))
    library = LibraryWindow(settings)
    library.resize(1280, 720)
    library.show()
    library.attach(Workspace(repository))
    window = library.sessions.open_session(demo.id)
    window.resize(1280, 720)
    settle(application)
    window.view.open_view()
    settle(application)
    shoot(window, out / "session-window.png")

    room = window.room_view.present()
    settle(application)
    shoot(room, out / "presentation-mode.png")
    room.close()
    settle(application)

    voting = window.voting_controller
    voting.show_voting()
    round_ = window.document.vote_rounds[-1]  # the demo's round, closed: its results
    window.voting.show_results(round_)
    settle(application)
    shoot(window, out / "voting-results.png")
    window.voting.show_curtain(round_)
    settle(application)
    shoot(window, out / "voting-curtain.png")
    # A round of sixteen (the first sixteen notes), as the README's caption says.
    from app.core.types import RoundStatus, VoteRound, VoteTarget, new_id, utc_now
    from app.ui.voting.commands import OpenRoundCommand

    document = window.document
    sixteen = VoteRound(
        new_id(),
        "Runner-up ideas",
        VoteTarget.NOTES,
        3,
        1,
        True,
        True,
        RoundStatus.OPEN,
        opened_at=utc_now(),
        item_ids=tuple(list(document.notes)[:16]),
    )
    document.undo_stack.push(OpenRoundCommand(document, sixteen))
    window.voting.show_curtain(document.vote_round(sixteen.id))
    first = next(iter(document.people))
    window.voting.start_ballot(first)
    settle(application)

    shoot(window, out / "voting-ballot.png")
    window.voting.show_curtain(round_)
    voting.show_board()
    settle(application)

    action = window.document.action_items[0]
    window.actions_controller.open_panel()
    panel = window.actions_dock.panel
    panel.list.setCurrentRow(0)
    window.view.centerOn(window.scene.note_items[action.source_note_id or ""])
    settle(application)
    shoot(window, out / "actions-panel.png")

    from app.ui.board.picture import board_image

    board_png = board_image(window.scene, window.view.zoom)
    window.close()
    repository.set_action_status(action.id, ActionStatus.DOING)
    library.show_backlog()
    settle(application)
    shoot(library, out / "backlog.png")

    from app.export.exports import export_file

    pdf = scratch / "minutes.pdf"
    session = repository.load_session(demo.id)
    export_file(session, "pdf", pdf, "a4", board_png)
    page = scratch / "minutes-page"  # pdftoppm adds the page number
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", str(pdf), str(page)], check=True
    )
    (made,) = scratch.glob("minutes-page*.png")
    made.replace(out / "minutes-page.png")
    print(out / "minutes-page.png")
    database.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
