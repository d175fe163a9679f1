"""A session file that names its phases' techniques and nothing more, run in the window.

The file is written here as another tool would write it (each phase's ``technique``,
no ``technique_settings``), imported with the real ``dotstorm import``, and driven by
keys: 1-2-4-All's steps follow the phases' order with groups made from the people,
NGT's sharing phase turns up one person's notes at a time, the minutes of the
untouched import say the same, and the first start of the timer stores what was
filled in, so the groups stay fixed.
"""

from __future__ import annotations

import copy
import json
import uuid
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.techniques.phase_line import phase_groups
from app.storage.repository import SessionRepository
from app.ui.settings import AppSettings
from tests.cli.runner import Dotstorm
from tests.conftest import EXAMPLE_FILE
from tests.ui.windows import open_session

CONTROL = Qt.KeyboardModifier.ControlModifier
STEPS = ("1: alone", "2: in pairs", "4: in fours", "All together")
NGT = ("Write in silence", "Share round robin", "Clarify", "Rank")


def bare_file(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    """The spec's example session with an agenda of bare 1-2-4-All and NGT phases.

    The example's notes stay (written in no phase); three of them are given to the
    silent writing, face down, by three people.
    """
    data = json.loads(EXAMPLE_FILE.read_text(encoding="utf-8"))
    session = data["session"]
    template = session["phases"][0]
    phases = []
    for technique, titles in (("one_two_four_all", STEPS), ("nominal_group", NGT)):
        for title in titles:
            phase = copy.deepcopy(template)
            phase.update(
                id=str(uuid.uuid4()),
                title=title,
                technique=technique,
                status="pending",
                started_at=None,
                elapsed_seconds=0,
            )
            phases.append(phase)
    session["phases"] = phases
    session["current_phase_id"] = phases[0]["id"]
    session["status"] = "planned"
    session["started_at"] = session["ended_at"] = None
    session["vote_rounds"] = []
    session["action_items"] = []
    writing = phases[4]["id"]
    writers = [p["id"] for p in session["participants"] if p["role"] == "participant"][:3]
    for note in session["notes"]:
        note["phase_id"] = None
    for note, writer in zip(session["notes"][:3], writers, strict=True):
        note.update(phase_id=writing, author_id=writer, hidden=True)
    path = tmp_path / "bare-techniques.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path, data


def test_a_file_naming_only_its_techniques_runs_them_step_by_step(
    qtbot: QtBot,
    db_path: Path,
    isolated_env: dict[str, str],
    repository: SessionRepository,
    settings: AppSettings,
    tmp_path: Path,
):
    path, data = bare_file(tmp_path)
    dotstorm = Dotstorm(db_path, isolated_env)
    dotstorm.ok("import", str(path))
    session_id = data["session"]["id"]
    minutes = dotstorm.ok("export", session_id, "--format", "md")
    assert "1-2-4-All: in pairs (" in minutes and "1-2-4-All: alone" in minutes
    assert minutes.count("1-2-4-All: alone") == 1  # one phase alone, not four

    window = open_session(qtbot, repository, settings, session_id)
    edit = window.capture_bar.idea_edit
    assert window.header.technique_label.text().startswith("On your own")
    qtbot.keyClick(edit, Qt.Key.Key_PageDown, CONTROL)  # 2: in pairs
    assert window.header.technique_label.text().startswith("In pairs:")
    combo = window.capture_bar.author_combo
    labels = [combo.itemText(index) for index in range(combo.count())]
    assert any(label.startswith("Group A · ") for label in labels), labels
    facilitator = next(
        p["name"] for p in data["session"]["participants"] if p["role"] != "participant"
    )
    assert not any(label.endswith(facilitator) and "Group" in label for label in labels)
    pairs = phase_groups(window.document.current_phase)
    assert pairs

    window.timer.toggle()  # the timer starts: the phases as filled in are stored
    stored = repository.load_session(session_id)
    assert phase_groups(stored.phases[1]) == pairs
    assert phase_groups(stored.phases[2])  # the fours, from the same pairs

    window.timer.toggle()  # paused, then on to NGT's sharing phase
    for _ in range(4):
        qtbot.keyClick(edit, Qt.Key.Key_PageDown, CONTROL)
    assert window.document.current_phase is not None
    assert window.document.current_phase.title == "Share round robin"
    face_down = lambda: sorted(n.id for n in window.document.board.notes.values() if n.hidden)  # noqa: E731
    before = face_down()
    qtbot.keyClick(edit, Qt.Key.Key_R, CONTROL | Qt.KeyboardModifier.ShiftModifier)
    turned = set(before) - set(face_down())
    assert len(turned) == 1  # one person's notes: one each here
    assert "1 of 3 people have shared" in window.header.technique_label.text()
