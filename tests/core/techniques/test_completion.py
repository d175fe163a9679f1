"""A technique named on phases with its settings left out: steps and groups filled in."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.core.techniques.common import Technique
from app.core.techniques.completion import completed_phases
from app.core.techniques.one_two_four_all import OneTwoFourAllSettings
from app.core.techniques.phase_line import nominal_group_settings, phase_groups
from app.core.types import Participant, Phase, PhaseKind, Role, TechniqueSettings

PEOPLE = (
    Participant("maya", "Maya", "Operations", Role.FACILITATOR),
    Participant("ana", "Ana", "Sales"),
    Participant("ben", "Ben", "Support"),
    Participant("cy", "Cy", "Sales"),
    Participant("dee", "Dee", "Support"),
)


def bare(pid: str, technique: Technique, settings: dict[str, object] | None = None) -> Phase:
    return Phase(
        pid,
        PhaseKind.IDEATE,
        pid,
        60,
        technique=technique,
        technique_settings=TechniqueSettings.of(settings or {}),
    )


def steps(phases: tuple[Phase, ...]) -> list[object]:
    return [p.technique_settings.as_mapping().get("step") for p in phases]


def test_a_bare_one_two_four_all_run_takes_its_steps_and_groups_from_its_places():
    run = tuple(bare(f"p{n}", Technique.ONE_TWO_FOUR_ALL) for n in range(4))
    done = completed_phases((bare("intro", Technique.NONE), *run), PEOPLE)
    assert steps(done) == [None, "one", "two", "four", "all"]
    pairs = phase_groups(done[2])
    assert len(pairs) == 2
    grouped = {person for group in pairs for person in group.member_ids}
    assert grouped == {"ana", "ben", "cy", "dee"}  # the facilitator stays out
    assert all(  # departments mixed: a pair is one from Sales, one from Support
        {next(x.department for x in PEOPLE if x.id == m) for m in group.member_ids}
        == {"Sales", "Support"}
        for group in pairs
    )
    same = {
        tuple(
            tuple(pair)
            for pair in OneTwoFourAllSettings.from_settings(
                p.technique_settings.as_mapping()
            ).pairs
        )
        for p in done[1:]
    }
    assert len(same) == 1  # every step of the run works in the same groups
    assert done[0] == bare("intro", Technique.NONE)


def test_what_a_phase_says_is_kept_and_lent_to_the_rest_of_its_run():
    pairs = [["ana", "dee"], ["ben", "cy"]]
    run = (
        bare("a", Technique.ONE_TWO_FOUR_ALL, {"step": "two", "pairs": pairs, "seed": 7}),
        bare("b", Technique.ONE_TWO_FOUR_ALL),
    )
    done = completed_phases(run, PEOPLE)
    assert steps(done) == ["two", "two"]  # the second's place in the run is "two"
    assert done[0] == run[0]  # what was written stays as written
    lent = done[1].technique_settings.as_mapping()
    assert lent["pairs"] == pairs and lent["fours"] == [["ana", "dee", "ben", "cy"]]


def test_a_bare_ngt_run_goes_write_share_clarify_rank_and_starts_over_after():
    run = tuple(bare(f"n{n}", Technique.NOMINAL_GROUP) for n in range(5))
    done = completed_phases(run, PEOPLE)
    assert steps(done) == ["write", "share", "clarify", "rank", "write"]
    share = nominal_group_settings(done[1])
    assert share is not None and share.step == "share"


def test_two_runs_apart_are_counted_apart_and_other_techniques_are_left_alone():
    phases = (
        bare("a", Technique.NOMINAL_GROUP),
        bare("x", Technique.SCAMPER),
        bare("b", Technique.NOMINAL_GROUP),
    )
    done = completed_phases(phases, PEOPLE)
    assert steps(done) == ["write", None, "write"]
    assert done[1] == phases[1]


def test_settings_a_technique_refuses_are_left_as_written():
    refused = bare("a", Technique.ONE_TWO_FOUR_ALL, {"step": "two", "seed": "seven"})
    assert completed_phases((refused,), PEOPLE) == (refused,)


@given(
    st.lists(
        st.sampled_from(
            [
                Technique.NONE,
                Technique.ONE_TWO_FOUR_ALL,
                Technique.NOMINAL_GROUP,
                Technique.SCAMPER,
            ]
        ),
        max_size=10,
    )
)
def test_filling_in_twice_changes_nothing_more(techniques: list[Technique]):
    phases = tuple(bare(f"p{n}", technique) for n, technique in enumerate(techniques))
    once = completed_phases(phases, PEOPLE)
    assert completed_phases(once, PEOPLE) == once
    assert [p.id for p in once] == [p.id for p in phases]
