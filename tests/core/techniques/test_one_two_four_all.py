"""1-2-4-All: pairs and fours from the people, departments mixed, nobody alone."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.techniques.common import SettingsError, Technique
from app.core.techniques.one_two_four_all import (
    STEP_PROMPTS,
    Group,
    OneTwoFourAllSettings,
    author_label,
    four_sizes,
    grouped_people,
    make_fours,
    make_pairs,
    members_words,
    one_two_four_all_template,
    set_up,
    written_in_group,
)
from app.core.types import Participant, PhaseKind

DEPARTMENTS = ["Sales", "Support", "Engineering", "Finance", ""]

rooms = st.lists(st.sampled_from(DEPARTMENTS), max_size=40).map(
    lambda departments: [
        Participant(f"p{i}", f"Person {i}", department) for i, department in enumerate(departments)
    ]
)
seeds = st.integers(0, 2**31 - 1)


def departments_of(people: list[Participant]) -> dict[str, str]:
    return {person.id: person.department for person in people}


@settings(max_examples=300, deadline=None)
@given(rooms, seeds, st.booleans())
def test_pairs_hold_everyone_once_in_twos_and_at_most_one_trio(people, seed, mix):
    pairs = make_pairs(people, seed, mix)
    assert sorted(p for pair in pairs for p in pair) == sorted(p.id for p in people)
    if len(people) >= 2:
        assert {len(pair) for pair in pairs} <= {2, 3}
        assert sum(len(pair) == 3 for pair in pairs) == len(people) % 2


@settings(max_examples=300, deadline=None)
@given(rooms, seeds)
def test_pairs_mix_departments_as_much_as_the_room_allows(people, seed):
    department = departments_of(people)
    pairs = make_pairs(people, seed)
    mixed = sum(len({department[p] for p in pair}) > 1 for pair in pairs)
    largest = max(Counter(department.values()).values(), default=0)
    assert mixed == min(len(people) // 2, len(people) - largest)


@settings(max_examples=300, deadline=None)
@given(rooms, seeds, st.booleans())
def test_fours_hold_everyone_once_in_fours_or_fives_when_the_count_allows(people, seed, mix):
    fours = make_fours(make_pairs(people, seed, mix))
    assert sorted(p for four in fours for p in four) == sorted(p.id for p in people)
    count = len(people)
    if any(4 * g <= count <= 5 * g for g in range(1, count + 1)):
        assert {len(four) for four in fours} <= {4, 5}
    elif count >= 3:
        assert {len(four) for four in fours} <= {3, 4}


@settings(max_examples=300, deadline=None)
@given(rooms, seeds)
def test_fours_are_mixed_whenever_no_department_has_more_than_half(people, seed):
    department = departments_of(people)
    largest = max(Counter(department.values()).values(), default=0)
    fours = make_fours(make_pairs(people, seed))
    if len(people) >= 2 and 2 * largest <= len(people):
        assert all(len({department[p] for p in four}) > 1 for four in fours)


def test_fours_are_pairs_put_together():
    pairs = (("a", "b"), ("c", "d"), ("e", "f"), ("g", "h", "i"))
    assert make_fours(pairs) == (("a", "b", "c", "d"), ("e", "f", "g", "h", "i"))
    assert four_sizes(6) == (3, 3)
    assert four_sizes(7) == (3, 4)
    assert four_sizes(9) == (4, 5)
    assert four_sizes(3) == (3,)


@given(rooms, seeds)
def test_the_same_seed_gives_the_same_groups_another_may_not(people, seed):
    assert make_pairs(people, seed) == make_pairs(list(people), seed)


def test_different_seeds_shuffle_differently():
    people = [Participant(f"p{i}", f"P{i}", DEPARTMENTS[i % 4]) for i in range(12)]
    assert len({make_pairs(people, seed) for seed in range(10)}) > 1


def test_one_person_is_alone_and_nobody_makes_no_group():
    assert make_pairs([], 1) == ()
    assert make_pairs([Participant("a", "A")], 1) == (("a",),)


def test_groups_are_named_across_both_steps_and_notes_carry_their_group():
    people = [Participant(f"p{i}", f"P{i}", DEPARTMENTS[i % 2]) for i in range(8)]
    grouped = set_up(OneTwoFourAllSettings(step="two", seed=3), people)
    pairs, fours = grouped.groups()
    assert [group.name for group in pairs] == ["Group A", "Group B", "Group C", "Group D"]
    assert [group.name for group in fours] == ["Group E", "Group F"]
    someone = pairs[1].member_ids[0]
    assert author_label(grouped, someone) == "Group B"
    in_fours = OneTwoFourAllSettings("four", 3, True, grouped.pairs, grouped.fours)
    four = next(group for group in fours if someone in group.member_ids)
    assert author_label(in_fours, someone) == four.name
    alone = OneTwoFourAllSettings("one", 3, True, grouped.pairs, grouped.fours)
    assert author_label(alone, someone) is None
    assert members_words(Group("Group A", ("p0", "p1")), {"p0": "Ana", "p1": "Ben"}) == (
        "Group A: Ana, Ben"
    )


def test_the_template_has_four_timed_steps_each_with_its_prompt():
    people = [Participant(f"p{i}", f"P{i}", DEPARTMENTS[i % 3]) for i in range(9)]
    template = one_two_four_all_template(people, seed=5)
    assert [phase.planned_seconds for phase in template.phases] == [60, 120, 240, 300]
    assert [phase.kind for phase in template.phases] == [
        PhaseKind.SILENT_IDEATE,
        PhaseKind.IDEATE,
        PhaseKind.IDEATE,
        PhaseKind.DISCUSS,
    ]
    read = [OneTwoFourAllSettings.from_settings(phase.settings) for phase in template.phases]
    assert [s.step for s in read] == ["one", "two", "four", "all"]
    assert [phase.prompt for phase in template.phases] == list(STEP_PROMPTS.values())
    assert len(set(STEP_PROMPTS.values())) == 4
    assert all(phase.technique is Technique.ONE_TWO_FOUR_ALL for phase in template.phases)
    assert read[1].pairs == make_pairs(people, 5)
    assert "stood out" in STEP_PROMPTS["all"]


@given(rooms, seeds)
def test_settings_round_trip(people, seed):
    grouped = set_up(OneTwoFourAllSettings(step="four", seed=seed), people)
    assert OneTwoFourAllSettings.from_settings(grouped.to_settings()) == grouped


@pytest.mark.parametrize(
    ("settings", "words"),
    [
        ({"step": "three"}, "step must be one of one, two, four, all, not 'three'."),
        ({"seed": -1}, "seed must be a whole number from 0 to 2147483647, not -1."),
        ({"mix_departments": 1}, "mix_departments must be true or false, not 1."),
        ({"pairs": [["a", "b"], ["b", "c"]]}, "pairs must be a list of at most 500 groups"),
        ({"pairs": [[]]}, "pairs must be a list"),
        ({"pairs": [["a", "b"]], "fours": [["a", "c"]]}, "fours must be groups of the same"),
        ({"groups": []}, "unknown setting 'groups'"),
    ],
)
def test_bad_settings_are_refused_in_one_line(settings, words):
    with pytest.raises(SettingsError) as refused:
        OneTwoFourAllSettings.from_settings(settings)
    assert str(refused.value).startswith("1-2-4-All: ")
    assert words in str(refused.value)


@settings(max_examples=200, deadline=None)
@given(rooms, seeds)
def test_the_author_choices_walk_group_by_group_and_hold_everyone_once(people, seed):
    grouped = set_up(OneTwoFourAllSettings(step="two", seed=seed), people[1:])
    pairs, _fours = grouped.groups()
    everyone = [person.id for person in people]
    order = grouped_people(pairs, everyone)
    assert sorted(person for _group, person in order) == sorted(everyone)
    names = [group for group, _person in order if group]
    assert names == sorted(names, key=lambda name: (len(name), name))  # A..Z, AA..
    assert all(group == "" for group, _person in order[len(names) :])  # then no group
    assert [person for group, person in order if not group] == everyone[:1]


def test_a_group_of_people_no_longer_there_offers_only_those_who_are():
    groups = (Group("Group A", ("ana", "gone")), Group("Group B", ("ben", "cy")))
    assert grouped_people(groups, ["cy", "maya", "ana", "ben"]) == [
        ("Group A", "ana"),
        ("Group B", "ben"),
        ("Group B", "cy"),
        ("", "maya"),
    ]
    assert grouped_people((), ["cy", "maya"]) == [("", "cy"), ("", "maya")]


def test_a_note_written_in_a_group_names_the_group_its_people_and_the_writer():
    group = Group("Group A", ("ana", "ben"))
    words = written_in_group(group, {"ana": "Ana Ruiz", "ben": "Ben Okafor"}, "ben")
    assert words == "Group A: Ana Ruiz, Ben Okafor · written by Ben Okafor"
