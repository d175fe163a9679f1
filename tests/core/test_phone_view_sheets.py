"""6-3-5 on phones (app/core/phone_view.py): each phone sees only the sheet it holds."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from app.core.phone_sheets import SheetsNow
from app.core.phone_view import RoomNow, Seats, phone_state
from app.core.techniques.brainwriting import BrainwritingSettings, SheetIdea, new_idea
from app.core.types import Participant, Phase, PhaseKind

PEOPLE = [Participant(pid, pid.title(), "Sales") for pid in ("ana", "bo", "cy", "di")]
WRITE = Phase("p1", PhaseKind.SILENT_IDEATE, "6-3-5 brainwriting", 4 * 300)
SETTINGS = BrainwritingSettings(people=("ana", "bo", "cy", "di"))


def _write(rounds: list[list[str]]) -> tuple[list[SheetIdea], dict[str, str]]:
    """Ideas written round by round: ``rounds[r]`` are the writers in round r+1, in order."""
    ideas: list[SheetIdea] = []
    texts: dict[str, str] = {}
    for number, writers in enumerate(rounds, start=1):
        for writer in writers:
            note_id = f"n{len(ideas)}"
            idea = new_idea(SETTINGS, ideas, writer, note_id, (number - 1) * 300 + 1)
            ideas.append(idea)
            texts[note_id] = f"secret {note_id} on sheet {idea.sheet}"
    return ideas, texts


def _state(ideas: list[SheetIdea], texts: dict[str, str], person: str, elapsed: float):
    seats = Seats()
    seats.claim("phone", next(p for p in PEOPLE if p.id == person), False)
    room = RoomNow(
        session_title="Onboarding",
        question="How might we?",
        goal="",
        phase=WRITE,
        seconds_left=600,
        running=True,
        locked=False,
        people=PEOPLE,
        anonymous_allowed=False,
        sheets=SheetsNow(SETTINGS, ideas, elapsed, texts),
    )
    return phone_state(room, seats, "phone", 0)


def test_a_phone_shows_the_sheet_it_holds_after_the_rotation_and_no_other_text():
    ideas, texts = _write([["ana", "bo", "cy", "di"], ["ana"]])
    # Round 2: Ana holds the sheet Di started (she passes hers to Bo).
    state = _state(ideas, texts, "ana", 301)
    sheet = state["sheet"]
    assert sheet["name"] == "Sheet 4"
    assert sheet["words"] == "Round 2 of 4"
    assert sheet["ideas"] == [texts["n3"], texts["n4"]]
    assert sheet["ideas_left"] == 2
    text = json.dumps(state)
    for note_id in ("n0", "n1", "n2"):
        assert texts[note_id] not in text
    assert state["ideas"]["open"] is True


def test_the_quota_of_a_round_closes_the_box():
    ideas, texts = _write([["bo", "bo", "bo"]])
    state = _state(ideas, texts, "bo", 10)
    assert state["sheet"]["ideas_left"] == 0
    assert state["ideas"]["open"] is False
    assert "has its 3 ideas for round 1" in state["ideas"]["reason"]


def test_after_the_last_round_the_sheets_take_no_more():
    ideas, texts = _write([["ana"]])
    state = _state(ideas, texts, "ana", 4 * 300 + 5)
    assert state["sheet"]["finished"] is True
    assert state["ideas"]["open"] is False


@given(
    st.lists(st.lists(st.sampled_from(["ana", "bo", "cy", "di"]), max_size=6), max_size=4),
    st.sampled_from(["ana", "bo", "cy", "di"]),
)
def test_no_text_of_a_sheet_not_held_ever_reaches_a_phone(rounds, person):
    ideas: list[SheetIdea] = []
    texts: dict[str, str] = {}
    for number, writers in enumerate(rounds, start=1):
        for writer in writers:
            note_id = f"n{len(ideas)}"
            try:
                idea = new_idea(SETTINGS, ideas, writer, note_id, (number - 1) * 300 + 1)
            except ValueError:
                continue  # the quota: refused, as the desk refuses it
            ideas.append(idea)
            texts[note_id] = f"<secret {note_id}>"
    elapsed = max(0, len(rounds) - 1) * 300 + 1
    state = _state(ideas, texts, person, elapsed)
    held = state["sheet"]["name"]
    text = json.dumps(state)
    for idea in ideas:
        on_held = f"Sheet {idea.sheet + 1}" == held
        assert (texts[idea.note_id] in text) == on_held
