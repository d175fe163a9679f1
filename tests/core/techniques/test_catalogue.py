"""One entry for every technique: templates, settings' refusals, the minutes' words."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.agenda import AGENDA_TEMPLATES, PHASE_KIND_LABELS
from app.core.limits import MAX_TITLE
from app.core.techniques.catalogue import (
    TEMPLATE_NAMES,
    minutes_words,
    parse_settings,
    room_prompt,
    settings_refusal,
    technique_name,
    technique_templates,
)
from app.core.techniques.common import TECHNIQUE_NAMES, Technique, letters
from app.core.types import Participant


def test_every_technique_has_a_template_whose_phases_validate():
    people = [Participant(f"p{i}", f"P{i}", "Sales" if i % 2 else "Support") for i in range(5)]
    templates = technique_templates(people)
    assert tuple(templates) == TEMPLATE_NAMES
    assert not set(templates) & set(AGENDA_TEMPLATES)
    used = {phase.technique for t in templates.values() for phase in t.phases}
    assert used == set(Technique)
    ids = [person.id for person in people]
    for template in templates.values():
        assert any(phase.technique is template.technique for phase in template.phases)
        for phase in template.phases:
            assert settings_refusal(phase.technique, phase.settings, ids) is None
            assert phase.kind in PHASE_KIND_LABELS
            assert 1 <= phase.planned_seconds <= 86_400
            assert 0 < len(phase.title) <= MAX_TITLE
        agenda = template.as_agenda()
        assert [step[0] for step in agenda] == [phase.kind for phase in template.phases]


def test_the_six_person_brainwriting_runs_thirty_minutes_by_default():
    phase = technique_templates()["6-3-5 brainwriting"].phases[0]
    assert phase.planned_seconds == 30 * 60


@pytest.mark.parametrize(
    ("technique", "settings", "refusal"),
    [
        (
            "brainwriting_635",
            {"round_seconds": 10},
            "6-3-5 brainwriting: round_seconds must be a whole number from 30 to 3600, not 10.",
        ),
        (
            "one_two_four_all",
            {"step": 2},
            "1-2-4-All: step must be one of one, two, four, all, not 2.",
        ),
        (
            "nominal_group",
            {"revealed": 1},
            "Nominal Group Technique: revealed must be a whole number from 0 to 0, not 1.",
        ),
        (
            "scamper",
            {"prompt_index": -1},
            "SCAMPER: prompt_index must be a whole number from 0 to 6, not -1.",
        ),
        (
            "none",
            {"round_seconds": 300},
            "A phase without a technique: unknown setting 'round_seconds' (it keeps none).",
        ),
        (
            "brainstorm",
            {},
            "Unknown technique 'brainstorm': it is one of none, brainwriting_635, "
            "one_two_four_all, nominal_group, scamper.",
        ),
        ("scamper", [], "SCAMPER: its settings must be an object."),
    ],
)
def test_a_bad_value_gets_one_clear_line(technique, settings, refusal):
    assert settings_refusal(technique, settings) == refusal


def test_people_in_the_settings_must_be_the_sessions():
    known = ["a", "b"]
    assert settings_refusal("brainwriting_635", {"people": ["a", "b"]}, known) is None
    assert settings_refusal("brainwriting_635", {"people": ["a", "z"]}, known) == (
        "6-3-5 brainwriting: people names 'z', who is not one of the session's people."
    )
    assert "fours names 'z'" in str(
        settings_refusal("one_two_four_all", {"fours": [["a", "z"]]}, known)
    )
    assert settings_refusal("nominal_group", {"order": ["b", None]}, known) is None
    assert "order names 'q'" in str(settings_refusal("nominal_group", {"order": ["q"]}, known))
    assert settings_refusal("nominal_group", {"order": ["q"]}) is None


ids = st.sampled_from(["a", "b", "c", ""])
json_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-1, 400),
    st.sampled_from(["write", "two", "share", "x", ""]),
    st.lists(ids | st.none(), max_size=3),
    st.lists(st.lists(ids, max_size=3), max_size=2),
    st.dictionaries(ids, st.integers(-1, 3) | st.booleans(), max_size=2),
)
keys = st.sampled_from(
    [
        "round_seconds",
        "ideas_per_round",
        "rounds",
        "people",
        "on_paper",
        "step",
        "late_starts",
        "seed",
        "mix_departments",
        "pairs",
        "fours",
        "order",
        "revealed",
        "prompt_index",
        "note_id",
        "other",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(list(Technique)), st.dictionaries(keys, json_values, max_size=4))
def test_any_settings_are_accepted_or_refused_in_one_line_never_raised(technique, settings):
    refusal = settings_refusal(technique, settings)
    if refusal is None:
        parsed = parse_settings(technique, settings)
        if parsed is not None:
            assert settings_refusal(technique, parsed.to_settings()) is None
            assert parse_settings(technique, parsed.to_settings()) == parsed
    else:
        assert "\n" not in refusal
        assert refusal.endswith(".")


def test_the_minutes_name_the_technique_of_each_phase():
    assert technique_name("none") == ""
    assert minutes_words("none", {}) == ""
    assert minutes_words("brainwriting_635", {"people": list("abcdef")}) == (
        "6-3-5 brainwriting: 6 rounds of 5 minutes, 3 ideas per sheet a round"
    )
    assert minutes_words(
        "brainwriting_635", {"people": ["a", "b"], "round_seconds": 90, "on_paper": True}
    ) == ("6-3-5 brainwriting: 2 rounds of 90 seconds, 3 ideas per sheet a round, on paper")
    assert minutes_words("brainwriting_635", {"step": "capture"}) == (
        "6-3-5 brainwriting: typing up the sheets"
    )
    pairs = {"step": "two", "pairs": [["a", "b"], ["c", "d", "e"]]}
    assert minutes_words("one_two_four_all", pairs) == "1-2-4-All: in pairs (2 groups)"
    assert minutes_words("one_two_four_all", {"step": "all"}) == "1-2-4-All: all together"
    assert minutes_words("nominal_group", {"step": "share"}) == (
        "Nominal Group Technique: round-robin sharing"
    )
    assert minutes_words("scamper", {}) == "SCAMPER: seven prompts on one idea"
    assert minutes_words("scamper", {"prompt_index": 9}) == "SCAMPER"
    assert set(TECHNIQUE_NAMES) == set(Technique)


def test_the_rooms_prompt_follows_the_step_or_the_current_prompt():
    assert room_prompt("one_two_four_all", {"step": "all"}).startswith("What is one idea")
    assert room_prompt("scamper", {"prompt_index": 1}).startswith("Combine: ")
    assert room_prompt("nominal_group", {}) == ""
    assert room_prompt("scamper", {"prompt_index": "x"}) == ""


def test_group_letters_go_on_past_z():
    assert [letters(i) for i in (0, 25, 26, 27, 51, 52, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AB",
        "AZ",
        "BA",
        "ZZ",
        "AAA",
    ]
