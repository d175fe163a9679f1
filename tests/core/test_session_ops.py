"""Fresh ids for imports, templates, new sessions from the set-up dialog, pasted people."""

from __future__ import annotations

import itertools

import pytest

from app.core.limits import TextError
from app.core.session_format import parse_session_file
from app.core.session_ops import (
    as_template,
    build_session,
    copy_title,
    department_color_map,
    parse_people,
    summarize,
    validate_new_session,
    with_fresh_ids,
)
from app.core.types import NewSessionSpec, PhaseKind, PhaseStatus, Role, SessionStatus
from tests.conftest import EXAMPLE_FILE


def example():
    return parse_session_file(EXAMPLE_FILE.read_bytes())


def test_fresh_ids_replace_taken_ids_everywhere_they_are_referred_to():
    session = example()
    counter = itertools.count()
    fresh = with_fresh_ids(session, set(session.all_ids()), make_id=lambda: f"new-{next(counter)}")
    assert not set(fresh.all_ids()) & set(session.all_ids())
    people = {p.id for p in fresh.participants}
    notes = {n.id for n in fresh.notes}
    clusters = {c.id for c in fresh.clusters}
    assert all(n.author_id in people and n.cluster_id in clusters for n in fresh.notes)
    assert all(d.voter_id in people and d.item_id in notes for d in fresh.vote_rounds[0].dots)
    assert fresh.action_items[0].source_note_id in notes
    assert fresh.action_items[0].owner_id in people
    assert [n.text for n in fresh.notes] == [n.text for n in session.notes]


def test_fresh_ids_follow_a_runoff_to_its_round_and_items():
    from dataclasses import replace

    from app.core.types import VoteRound

    session = example()
    main = session.vote_rounds[0]
    tied = tuple(n.id for n in session.notes[:2])
    runoff = VoteRound(
        "runoff",
        "Runoff",
        main.target,
        1,
        1,
        True,
        True,
        main.status,
        item_ids=tied,
        voter_ids=(session.participants[0].id,),
        runoff_of=main.id,
    )
    with_runoff = replace(session, vote_rounds=(main, runoff))
    fresh = with_fresh_ids(with_runoff, set(with_runoff.all_ids()))
    new_main, new_runoff = fresh.vote_rounds
    notes = {n.id for n in fresh.notes}
    assert new_runoff.runoff_of == new_main.id != main.id
    assert set(new_runoff.item_ids) <= notes and len(new_runoff.item_ids) == 2
    assert new_runoff.voter_ids[0] == fresh.participants[0].id


def test_a_copy_keeps_who_voted_from_a_phone_and_which_ideas_came_from_one():
    from dataclasses import replace

    from app.core.session_ops import board_copy
    from app.core.types import Via

    session = example()
    people = [p.id for p in session.participants]
    (main,) = session.vote_rounds
    voted = replace(main, finished_voter_ids=tuple(people[:3]), phone_voter_ids=(people[1],))
    from_phone = replace(session.notes[2], via=Via.PHONE)
    notes = (*session.notes[:2], from_phone, *session.notes[3:])
    copy = board_copy(replace(session, notes=notes, vote_rounds=(voted,)))
    (copied,) = copy.vote_rounds
    new_ids = [p.id for p in copy.participants]
    assert copied.finished_voter_ids == tuple(new_ids[:3])
    assert copied.phone_voter_ids == (new_ids[1],) != voted.phone_voter_ids
    assert [n.via for n in copy.notes] == [n.via for n in notes]


def test_fresh_ids_follow_ratings_and_ranks_to_their_voters_and_items():
    from dataclasses import replace

    from app.core.types import Criterion, Rank, Rating, RoundKind

    session = example()
    (main,) = session.vote_rounds
    people = [p.id for p in session.participants]
    notes = [n.id for n in session.notes]
    criteria = (Criterion("useful", "Useful", 1, 5), Criterion("effort", "Effort", 1, 5, False))
    rated = replace(
        main,
        id="rated",
        dots=(),
        kind=RoundKind.RATING,
        criteria=criteria,
        ratings=(Rating(people[0], notes[1], "effort", 2),),
    )
    ranked = replace(
        main,
        id="ranked",
        dots=(),
        kind=RoundKind.RANK,
        rank_size=2,
        ranks=(Rank(people[1], notes[2], 1),),
    )
    fresh = with_fresh_ids(replace(session, vote_rounds=(rated, ranked)), set(session.all_ids()))
    new_people = [p.id for p in fresh.participants]
    new_notes = [n.id for n in fresh.notes]
    new_rated, new_ranked = fresh.vote_rounds
    assert new_rated.ratings == (Rating(new_people[0], new_notes[1], "effort", 2),)
    assert new_ranked.ranks == (Rank(new_people[1], new_notes[2], 1),)
    assert new_rated.criteria == criteria  # a criterion's id is its round's own
    assert (new_ranked.rank_size, new_ranked.kind) == (2, RoundKind.RANK)


def test_fresh_ids_follow_the_people_and_notes_a_technique_keeps_in_its_settings():
    from dataclasses import replace

    from app.core.types import Technique, TechniqueSettings

    session = example()
    ana, ben = (p.id for p in session.participants[:2])
    note = session.notes[0].id
    settings = TechniqueSettings.of(
        {
            "people": [ana, ben],
            "late_starts": {note: 1},  # an id as an object's key
            "pairs": [[ana, ben]],
            "order": [ben, None],
            "note_id": note,
            "step": "write",
            "round_seconds": 300,
        }
    )
    phase = replace(session.phases[0], technique=Technique.BRAINWRITING_635)
    with_settings = replace(
        session, phases=(replace(phase, technique_settings=settings), *session.phases[1:])
    )
    fresh = with_fresh_ids(with_settings, set(with_settings.all_ids()))
    new_ana, new_ben = (p.id for p in fresh.participants[:2])
    new_note = fresh.notes[0].id
    assert fresh.phases[0].technique_settings.as_mapping() == {
        "people": [new_ana, new_ben],
        "late_starts": {new_note: 1},
        "pairs": [[new_ana, new_ben]],
        "order": [new_ben, None],
        "note_id": new_note,
        "step": "write",
        "round_seconds": 300,
    }
    assert new_ana != ana and new_note != note


def test_fresh_ids_leave_a_session_alone_when_nothing_is_taken():
    session = example()
    assert with_fresh_ids(session, set()) is session


def test_template_keeps_people_and_agenda_only():
    session = example()
    template = as_template(session)
    assert template.title == "Fewer repeat support tickets (copy)"
    assert template.status is SessionStatus.PLANNED
    assert [p.name for p in template.participants] == [p.name for p in session.participants]
    assert [p.title for p in template.phases] == [p.title for p in session.phases]
    assert all(p.status is PhaseStatus.PENDING and p.elapsed_seconds == 0 for p in template.phases)
    assert not (
        template.notes or template.clusters or template.vote_rounds or template.action_items
    )
    assert not set(template.all_ids()) & set(session.all_ids())


def test_copy_title_stays_within_the_limit():
    assert len(copy_title("x" * 200)) == 200


def test_build_session_marks_the_facilitator_and_trims():
    spec = NewSessionSpec(
        title="  Faster onboarding ",
        goal="Happy customers",
        question="How might we halve onboarding time?",
        facilitator="Maya Chen",
        participants=(("Maya Chen", "Operations"), ("Jonas Weber", "Sales")),
        phases=((PhaseKind.IDEATE, "Ideate", 600),),
    )
    session = build_session(spec)
    assert session.title == "Faster onboarding"
    assert [p.role for p in session.participants] == [Role.FACILITATOR, Role.PARTICIPANT]
    assert session.phases[0].planned_seconds == 600
    assert session.created_at is not None


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (NewSessionSpec(title="   "), "The title must not be empty"),
        (NewSessionSpec(title="x" * 201), "The title is 201 characters long"),
        (NewSessionSpec(title="t", participants=(("", "Sales"),)), "Participant 1's name"),
        (
            NewSessionSpec(title="t", participants=(("A", "d" * 101),)),
            "Participant 1's department",
        ),
        (NewSessionSpec(title="t", goal="g\x00"), "The goal has a control character"),
        (
            NewSessionSpec(title="t", phases=((PhaseKind.BREAK, "Break", 0),)),
            "Phase 1 must last",
        ),
    ],
)
def test_invalid_set_ups_are_refused_with_the_field_named(spec: NewSessionSpec, message: str):
    with pytest.raises(TextError, match=message):
        validate_new_session(spec)


def test_pasted_people_accept_commas_tabs_and_blank_lines():
    text = "Maya Chen, Operations\n\nJonas Weber\tSales\nLuis Ortega\n  Amara Okafor ,  Support  "
    assert parse_people(text) == [
        ("Maya Chen", "Operations"),
        ("Jonas Weber", "Sales"),
        ("Luis Ortega", ""),
        ("Amara Okafor", "Support"),
    ]


def test_each_department_gets_its_own_colour():
    colors = department_color_map(example())
    assert len(set(colors.values())) == 4


def test_a_summary_counts_what_the_session_holds():
    session = example()
    summary = summarize(session)
    assert (summary.id, summary.title, summary.goal, summary.status) == (
        session.id,
        session.title,
        session.goal,
        session.status,
    )
    assert (summary.participants, summary.notes, summary.vote_rounds, summary.action_items) == (
        4,
        len(session.notes),
        1,
        1,
    )
