"""Issue 32's check: a window killed mid-ballot keeps every value it showed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.storage.repository import SessionRepository
from app.ui.settings import AppSettings
from app.ui.voting.rating_ballot import RatingBallotPage
from tests.cli.runner import Dotstorm
from tests.ui.killed_driver import killed_while_waiting
from tests.ui.round_helpers import activate
from tests.ui.voting.acceptance import (
    Scale,
    curtain_to,
    new_uuid,
)
from tests.ui.voting.rating_flow import (
    onboarding_file,
)
from tests.ui.windows import open_session

# ---------------------------------------------------------------------- a crash mid-ballot


@pytest.mark.slow
def test_a_window_killed_mid_ballot_keeps_every_value_it_showed_and_the_voters_order(
    qtbot: QtBot,
    repository: SessionRepository,
    settings: AppSettings,
    dotstorm: Dotstorm,
    tmp_path: Path,
    isolated_env: dict[str, str],
):
    file = onboarding_file()
    people = {p["name"]: p["id"] for p in file.people}
    file.rounds.append(
        {
            "id": new_uuid(),
            "title": "Rated before the crash",
            "target": "notes",
            "dots_per_voter": 3,
            "max_dots_per_item": 1,
            "anonymous": False,
            "blind": True,
            "status": "open",
            "opened_at": "2026-12-03T09:30:00Z",
            "closed_at": None,
            "dots": [],
            "kind": "rating",
            "criteria": [
                {
                    "id": new_uuid(),
                    "name": s.name,
                    "min": s.low,
                    "max": s.high,
                    "higher_is_better": not s.lower_is_better,
                }
                for s in (Scale("Value", 1, 5), Scale("Risk", 1, 5, True))
            ],
            "ratings": [],
            "shuffle": True,
            "no_self_votes": True,
        }
    )
    session_id = file.imported(tmp_path, dotstorm)
    first, second = "Ngozi O'Neill", "Ëlla van der Berg"
    lines = killed_while_waiting(  # mid-ballot: Ëlla never pressed Enter
        "tests.ui.voting.rating_kill_driver",
        [str(dotstorm.db_path), session_id, str(tmp_path / "settings.ini"), first, second, "5"],
        isolated_env,
        tmp_path,
    )
    last = lines[-2]
    assert last["ack"] == 5

    window = open_session(qtbot, repository, settings, session_id)
    activate(qtbot, window)
    qtbot.keyClick(
        window,
        Qt.Key.Key_V,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    curtain = window.voting.curtain
    assert not curtain.name_buttons[people[first]].isEnabled()  # she had pressed Enter
    assert curtain.name_buttons[people[second]].isEnabled()  # she had not
    page = curtain_to(qtbot, window, second)
    assert isinstance(page, RatingBallotPage)
    assert page.item_ids == last["order"] == lines[0]["order"]  # the same order again
    assert [[c.text() for c in row] for row in page.cells] == last["cells"]
    given = sum(c not in ("·", "your idea") for row in last["cells"] for c in row)
    assert given == 5
    stored = window.document.voting.vote_rounds[-1]
    assert len([r for r in stored.ratings if r.voter_id == people[second]]) == 5
    assert len([r for r in stored.ratings if r.voter_id == people[first]]) == 9
