"""SCAMPER: seven prompts in order, each note captured carries its prompt and parent."""

from __future__ import annotations

import pytest

from app.core.limits import MAX_TITLE
from app.core.techniques.common import SettingsError, Technique
from app.core.techniques.scamper import (
    SCAMPER_PROMPTS,
    ScamperSettings,
    captured_fields,
    current_prompt,
    next_index,
    previous_index,
    progress_words,
    scamper_template,
)


def test_the_seven_prompts_in_order_each_with_a_question():
    assert [p.name for p in SCAMPER_PROMPTS] == [
        "Substitute",
        "Combine",
        "Adapt",
        "Modify/Magnify",
        "Put to another use",
        "Eliminate",
        "Reverse/Rearrange",
    ]
    assert "".join(p.letter for p in SCAMPER_PROMPTS) == "SCAMPER"
    assert all(p.question.endswith("?") for p in SCAMPER_PROMPTS)
    assert all(len(p.text) <= MAX_TITLE for p in SCAMPER_PROMPTS)


def test_a_key_moves_to_the_next_prompt_and_stops_after_the_last():
    walked = [0]
    while (following := next_index(walked[-1])) is not None:
        walked.append(following)
    assert walked == list(range(7))
    assert previous_index(0) is None
    assert previous_index(3) == 2
    assert progress_words(0) == "S · Substitute (1 of 7)"
    with pytest.raises(IndexError):
        current_prompt(7)


def test_a_note_captured_now_carries_the_prompt_and_builds_on_the_spotlighted_note():
    fields = captured_fields(ScamperSettings(prompt_index=5, note_id="spot"))
    assert fields.prompt == "Eliminate: " + SCAMPER_PROMPTS[5].question
    assert fields.builds_on == "spot"


def test_settings_round_trip_and_refusals():
    rules = ScamperSettings(6, "n1")
    assert ScamperSettings.from_settings(rules.to_settings()) == rules
    assert ScamperSettings.from_settings({}) == ScamperSettings()
    with pytest.raises(SettingsError, match=r"^SCAMPER: prompt_index must be .* 0 to 6, not 7\.$"):
        ScamperSettings.from_settings({"prompt_index": 7})
    with pytest.raises(SettingsError, match="note_id must be a note id or null"):
        ScamperSettings.from_settings({"note_id": ""})


def test_the_template_runs_the_prompts_on_one_idea():
    template = scamper_template()
    runs = [phase for phase in template.phases if phase.technique is Technique.SCAMPER]
    assert len(runs) == 1
    assert ScamperSettings.from_settings(runs[0].settings) == ScamperSettings()
