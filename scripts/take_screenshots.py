"""The child of scripts/screenshots.py: open the demo and grab each window.

Run through scripts/screenshots.py, which gives it a 1280×720 offscreen screen and a
scratch home. Arguments: OUT_DIR SCRATCH_DIR.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dataclasses import replace  # noqa: E402

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from app.core.types import PhaseKind, PhaseStatus, Session, SessionStatus  # noqa: E402

if TYPE_CHECKING:
    from app.storage.repository import SessionRepository
    from app.ui.session_window import SessionWindow


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


def program(repository: SessionRepository, session_id: str, action_id: str) -> None:
    """The demo's goal with a metric, a quarter of values, and its first action adopted."""
    from datetime import UTC, date, datetime

    from app.core.goals import action_after_outcome, idea_status_for
    from app.core.types import Decision, MetricReading, Outcome, OutcomeResult, new_id

    session = repository.load_session(session_id)
    assert session.goal_record is not None
    goal = replace(
        session.goal_record,
        metric="median order-to-delivery time",
        unit="days",
        baseline=4.2,
        target=3.2,
        target_date=date(2027, 3, 31),
        owner="Maya Chen",
    )
    repository.goals.update_goal(goal)
    for day, value in (
        (date(2026, 9, 1), 4.3),
        (date(2026, 10, 1), 4.1),
        (date(2026, 11, 1), 3.8),
        (date(2026, 11, 28), 3.6),
    ):
        repository.goals.add_reading(MetricReading(new_id(), goal.id, day, value))
    action = next(a for a in session.action_items if a.id == action_id)
    outcome = Outcome(
        OutcomeResult.WORKED,
        "picking errors 12 → 4 a week",
        "The checklist works when the shift lead owns it.",
        Decision.ADOPT,
        datetime(2026, 10, 20, 9, tzinfo=UTC),
    )
    after = action_after_outcome(action, outcome)
    idea = None
    decided = idea_status_for(outcome)
    if action.source_note_id is not None and decided is not None:
        version = repository.actions.idea_states(session_id)[action.source_note_id][1]
        idea = (decided, version)
    repository.actions.record_outcome(action.id, action.version, outcome, after.status, idea)


def similar_ideas(application: QApplication, window: SessionWindow, out: Path) -> None:
    """Two ideas said again: one merged into a stack (×2), one in the Similar ideas list."""
    window.actions_dock.hide()
    people = {person.name: person.id for person in window.document.people.values()}
    window.capture.capture("FAQ pages for the top ten ticket reasons", people["Priya Nair"])
    window.capture_hint.merge()
    window.capture.capture("Let customers book their delivery slot themselves", None)
    window.similar.toggle_action.trigger()
    settle(application)
    top = next(n for n in window.document.board.notes.values() if n.text.startswith("FAQ page"))
    window.view.centerOn(window.scene.note_items[top.id])
    settle(application)
    shoot(window, out / "similar-ideas.png")
    window.similar_dock.hide()
    window.capture_hint.clear()
    settle(application)


def main(out: Path, scratch: Path) -> None:
    """Every screenshot the README shows."""
    application = QApplication([])
    from app.core.demo import build_demo_session
    from app.core.types import ActionStatus
    from app.storage.database import open_database
    from app.storage.repository import SessionRepository
    from app.ui.library.window import LibraryWindow
    from app.ui.look import configure_application, set_window_icon
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
    round_ = window.document.voting.vote_rounds[-1]  # the demo's round, closed: its results
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
        item_ids=tuple(list(document.board.notes)[:16]),
    )
    document.undo_stack.push(OpenRoundCommand(document, sixteen))
    window.voting.show_curtain(document.voting.vote_round(sixteen.id))
    first = next(iter(document.people))
    window.voting.start_ballot(first)
    settle(application)

    shoot(window, out / "voting-ballot.png")
    window.voting.show_curtain(round_)
    voting.show_board()
    settle(application)

    action = window.document.actions.action_items[0]
    window.actions_controller.open_panel()
    panel = window.actions_dock.panel
    panel.list.setCurrentRow(0)
    window.view.centerOn(window.scene.note_items[action.source_note_id or ""])
    settle(application)
    shoot(window, out / "actions-panel.png")

    similar_ideas(application, window, out)

    from app.ui.board.picture import board_image

    board_png = board_image(window.scene, window.view.zoom)
    window.close()
    stored = next(a for a in repository.actions.action_items(demo.id) if a.id == action.id)
    repository.actions.set_action_status(action.id, ActionStatus.DOING, stored.version)
    library.show_backlog()
    settle(application)
    shoot(library, out / "backlog.png")

    program(repository, demo.id, action.id)
    library.show_goals()
    settle(application)
    shoot(library, out / "goals-page.png")

    from app.export.exports import export_file

    pdf = scratch / "minutes.pdf"
    session = repository.load_session(demo.id)
    export_file(
        session, "pdf", pdf, "a4", board_png, context=repository.goals.minutes_context(session)
    )
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
