"""6-3-5: sheets rotate to the next person, rounds follow the clock, views keep secrets."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.techniques.brainwriting import (
    MAX_ROUNDS,
    BrainwritingSettings,
    RoundClock,
    SheetIdea,
    brainwriting_template,
    holder,
    holder_view,
    holders,
    idea_refusal,
    new_idea,
    room_view,
    round_clock,
    sheet_held,
)
from app.core.techniques.brainwriting_notes import (
    IdeaLink,
    PaperSlot,
    ideas_from_links,
    paper_idea,
    paper_slots,
    recorded,
)
from app.core.techniques.common import SettingsError, Technique
from app.core.types import PhaseKind

people_lists = st.integers(1, 12).map(lambda n: tuple(f"person-{i}" for i in range(n)))


def running(people: tuple[str, ...], **kwargs: int) -> BrainwritingSettings:
    return BrainwritingSettings(**kwargs).with_people(people)  # type: ignore[arg-type]


@given(people_lists)
def test_every_sheet_is_held_by_exactly_one_person_each_round(people):
    rules = running(people)
    for round_number in range(1, rules.round_count + 1):
        held = holders(people, round_number)
        assert sorted(held) == sorted(people)
        for sheet, person in enumerate(held):
            assert sheet_held(people, person, round_number) == sheet


@given(people_lists)
def test_nobody_gets_their_own_sheet_back_before_holding_every_other(people):
    for index, person in enumerate(people):
        held = [sheet_held(people, person, r) for r in range(1, len(people) + 1)]
        assert held[0] == index
        assert sorted(held) == list(range(len(people)))


def test_a_sheet_passes_to_the_left_that_is_the_next_person_in_order():
    people = ("ana", "ben", "chloe")
    assert [holder(people, 0, r) for r in (1, 2, 3)] == ["ana", "ben", "chloe"]
    assert holder(people, 2, 2) == "ana"


@given(people_lists)
def test_as_many_rounds_as_people_up_to_six(people):
    assert running(people).round_count == min(len(people), MAX_ROUNDS)


def test_the_clock_gives_the_round_and_the_seconds_left():
    rules = running(("a", "b", "c"))
    assert round_clock(rules, 0) == RoundClock(1, 3, 300, 300)
    assert round_clock(rules, 299.5) == RoundClock(1, 3, 0.5, 300)
    assert round_clock(rules, 300) == RoundClock(2, 3, 300, 300)
    assert round_clock(rules, 899) == RoundClock(3, 3, 1, 300)
    assert round_clock(rules, 900).finished
    assert round_clock(rules, 4000) == RoundClock(3, 3, 0, 300, True)


# Steps of running time in quarter seconds, so sums are exact in binary floating point.
# Whole rounds and halves too, so steps often end exactly where a round does.
steps = st.lists(
    st.sampled_from([15.0, 30.0, 60.0, 150.0, 300.0])
    | st.integers(0, 4 * 700).map(lambda q: q / 4),
    max_size=30,
)


@settings(max_examples=200, deadline=None)
@given(people_lists, st.sampled_from([30, 60, 300]), steps)
def test_the_state_after_a_crash_is_the_state_reached_step_by_step(people, length, pieces):
    rules = running(people, round_seconds=length)
    stepped = round_clock(rules, 0)
    elapsed = 0.0
    for piece in pieces:
        stepped = stepped.advanced(piece)
        elapsed += piece
        # A crash here: only the stored elapsed seconds come back.
        derived = round_clock(rules, elapsed)
        assert derived == stepped
        if not derived.finished:
            assert holders(people, derived.round) == holders(people, stepped.round)


def ideas_written(rules: BrainwritingSettings, plan: list[tuple[int, float]]) -> list[SheetIdea]:
    """Each (person index, elapsed) writes one idea, when the rules let them."""
    return written(rules, plan)[1]


def written(
    rules: BrainwritingSettings, plan: list[tuple[int, float]]
) -> tuple[BrainwritingSettings, list[SheetIdea]]:
    """The settings as stored after the plan's ideas, and the ideas."""
    ideas: list[SheetIdea] = []
    for number, (who, elapsed) in enumerate(plan):
        author = rules.people[who % len(rules.people)]
        if idea_refusal(rules, ideas, author, elapsed) is None:
            ideas.append(new_idea(rules, ideas, author, f"note-{number}", elapsed))
            rules = recorded(rules, ideas[-1])
    return rules, ideas


plans = st.lists(st.tuples(st.integers(0, 11), st.floats(0, 2000)), max_size=60).map(
    lambda plan: sorted(plan, key=lambda step: step[1])
)


@settings(max_examples=150, deadline=None)
@given(people_lists, plans)
def test_a_holder_sees_only_the_sheet_they_hold(people, plan):
    rules = running(people)
    ideas = ideas_written(rules, plan)
    elapsed = plan[-1][1] if plan else 0.0
    for person in people:
        view = holder_view(rules, ideas, person, elapsed)
        assert view is not None
        mine = [idea.note_id for idea in ideas if idea.sheet == view.sheet]
        assert list(view.idea_ids) == mine
        assert view.builds_on == (mine[-1] if mine else None)
    assert holder_view(rules, ideas, "stranger", elapsed) is None


@settings(max_examples=150, deadline=None)
@given(people_lists, plans)
def test_each_idea_builds_on_its_sheets_previous_idea_and_keeps_the_quota(people, plan):
    rules = running(people)
    ideas = ideas_written(rules, plan)
    for sheet in range(len(people)):
        on_sheet = [idea for idea in ideas if idea.sheet == sheet]
        previous = [None, *(idea.note_id for idea in on_sheet)][: len(on_sheet)]
        assert [idea.builds_on for idea in on_sheet] == previous
        for idea in on_sheet:
            assert idea.author_id == holder(people, sheet, idea.round)
        for round_number in range(1, rules.round_count + 1):
            count = sum(1 for idea in on_sheet if idea.round == round_number)
            assert count <= rules.ideas_per_round


@settings(max_examples=150, deadline=None)
@given(people_lists, plans)
def test_the_sheets_are_read_back_from_the_notes_links(people, plan):
    stored, ideas = written(running(people), plan)
    links = [IdeaLink(idea.note_id, idea.author_id, idea.builds_on) for idea in ideas]
    assert ideas_from_links(BrainwritingSettings.from_settings(stored.to_settings()), links) == (
        tuple(ideas)
    )


def test_a_full_sheet_refuses_a_fourth_idea_then_the_next_sheet_takes_it():
    rules = running(("ana", "ben"))
    ideas: list[SheetIdea] = []
    for number in range(3):
        ideas.append(new_idea(rules, ideas, "ana", f"n{number}", 10))
    refusal = idea_refusal(rules, ideas, "ana", 10)
    assert refusal is not None
    assert "3 ideas" in refusal
    with pytest.raises(ValueError, match="3 ideas"):
        new_idea(rules, ideas, "ana", "n3", 10)
    passed = new_idea(rules, ideas, "ana", "n3", 300)
    assert (passed.sheet, passed.round, passed.builds_on) == (1, 2, None)
    assert idea_refusal(rules, ideas, "ana", 600) == (
        "Every round is done: the sheets take no more ideas."
    )


def test_the_room_sees_counts_but_no_text_until_the_phase_ends():
    rules = running(("ana", "ben", "chloe"))
    ideas = [
        SheetIdea("n1", 0, 1, "ana", None),
        SheetIdea("n2", 0, 1, "ana", "n1"),
        SheetIdea("n3", 2, 1, "chloe", None),
    ]
    during = room_view(rules, ideas, 320)
    assert during.idea_counts == (2, 0, 1)
    assert during.clock.words() == "Round 2 of 3"
    assert during.shown_note_ids == ()
    after = room_view(rules, ideas, 900, phase_done=True)
    assert after.shown_note_ids == ("n1", "n2", "n3")
    assert after.clock.words() == "All 3 rounds done"


def test_paper_capture_goes_a_sheet_at_a_time_building_on_the_sheets_last_idea():
    rules = running(("ana", "ben", "chloe"))
    slots = paper_slots(rules)
    assert slots[:4] == (
        PaperSlot(0, 1, "ana"),
        PaperSlot(0, 2, "ben"),
        PaperSlot(0, 3, "chloe"),
        PaperSlot(1, 1, "ben"),
    )
    ideas: list[SheetIdea] = []
    for number, slot in enumerate((slots[0], slots[0], slots[1], slots[3])):
        ideas.append(paper_idea(rules, ideas, slot, f"n{number}"))
    assert [idea.builds_on for idea in ideas] == [None, "n0", "n1", None]
    assert [idea.author_id for idea in ideas] == ["ana", "ana", "ben", "ben"]
    ideas.append(paper_idea(rules, ideas, slots[0], "n4"))
    with pytest.raises(ValueError, match="Sheet 1 has its 3 ideas for round 1"):
        paper_idea(rules, ideas, slots[0], "n5")


@given(people_lists, st.integers(30, 3600), st.integers(1, 10), st.booleans())
def test_settings_round_trip(people, length, ideas, on_paper):
    rules = BrainwritingSettings(length, ideas, None, (), on_paper).with_people(people)
    assert BrainwritingSettings.from_settings(rules.to_settings()) == rules


@pytest.mark.parametrize(
    ("settings", "words"),
    [
        ({"round_seconds": 5}, "round_seconds must be a whole number from 30 to 3600, not 5."),
        (
            {"ideas_per_round": True},
            "ideas_per_round must be a whole number from 1 to 10, not True",
        ),
        ({"ideas_per_round": 0}, "ideas_per_round must be a whole number from 1 to 10"),
        ({"rounds": 7}, "rounds must be a whole number from 1 to 6, not 7."),
        ({"rounds": 3, "people": ["a", "b"]}, "rounds must be at most the 2 people"),
        ({"people": ["a", "a"]}, "people must be a list of at most 500 distinct ids"),
        ({"people": "a"}, "people must be a list"),
        ({"on_paper": "yes"}, "on_paper must be true or false, not 'yes'."),
        ({"step": "read"}, "step must be one of write, capture, not 'read'."),
        ({"colour": 1}, "unknown setting 'colour'"),
    ],
)
def test_bad_settings_are_refused_in_one_line(settings, words):
    with pytest.raises(SettingsError) as refused:
        BrainwritingSettings.from_settings(settings)
    message = str(refused.value)
    assert message.startswith("6-3-5 brainwriting: ")
    assert words in message
    assert "\n" not in message


def test_the_template_runs_a_round_per_person_and_on_paper_adds_the_typing_up():
    template = brainwriting_template(4)
    first = template.phases[0]
    assert (first.kind, first.technique, first.planned_seconds) == (
        PhaseKind.SILENT_IDEATE,
        Technique.BRAINWRITING_635,
        4 * 300,
    )
    assert BrainwritingSettings.from_settings(first.settings) == BrainwritingSettings()
    assert "pass your sheet to the left" in first.prompt
    assert brainwriting_template(9).phases[0].planned_seconds == 6 * 300
    paper = brainwriting_template(6, on_paper=True)
    steps = [BrainwritingSettings.from_settings(p.settings).step for p in paper.phases[:2]]
    assert steps == ["write", "capture"]
    assert len(paper.phases) == len(template.phases) + 1
