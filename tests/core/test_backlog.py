"""Backlog rules without Qt: overdue, status moves, filters, carry-over, recognition."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from app.core.backlog import (
    REVIEW_CLUSTER_TITLE,
    REVIEW_PHASE_TITLE,
    ActionEntry,
    BacklogFilter,
    CarryOver,
    IdeaEntry,
    IdeaStatus,
    carry_over,
    goal_key,
    idea_status_for_new_action,
    is_overdue,
    recognition,
    review_note_text,
    with_review_phase,
)
from app.core.demo import build_demo_session
from app.core.types import ActionStatus, PhaseKind

TODAY = date(2026, 11, 23)


def action(**changes: object) -> ActionEntry:
    base = ActionEntry(
        id="a1",
        session_id="s1",
        session_title="October sprint",
        session_goal="Halve repeat tickets",
        session_date=date(2026, 10, 1),
        title="Call back within a day",
        owner="Ana",
        department="Support",
        due_date=date(2026, 11, 1),
        status=ActionStatus.OPEN,
        hypothesis="Fewer repeats",
        success_metric="Repeat rate",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def idea(**changes: object) -> IdeaEntry:
    base = IdeaEntry(
        id="n1",
        session_id="s1",
        session_title="October sprint",
        session_goal="Halve repeat tickets",
        session_date=date(2026, 10, 1),
        text="A status page",
        author="Ben",
        department="Engineering",
        dots=3,
        status=IdeaStatus.NEW,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("status", "due", "late"),
    [
        (ActionStatus.OPEN, date(2026, 11, 22), True),
        (ActionStatus.DOING, date(2026, 11, 1), True),
        (ActionStatus.OPEN, TODAY, False),  # due today is not late yet
        (ActionStatus.OPEN, None, False),
        (ActionStatus.DONE, date(2026, 1, 1), False),
        (ActionStatus.DROPPED, date(2026, 1, 1), False),
    ],
)
def test_only_unfinished_actions_past_their_date_are_overdue(
    status: ActionStatus, due: date | None, late: bool
):
    assert is_overdue(status, due, TODAY) is late
    assert action(status=status, due_date=due).overdue(TODAY) is late


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (IdeaStatus.NEW, IdeaStatus.TRYING),
        (IdeaStatus.SHORTLISTED, IdeaStatus.TRYING),
        (IdeaStatus.DROPPED, IdeaStatus.TRYING),
        (IdeaStatus.TRYING, IdeaStatus.TRYING),
        (IdeaStatus.ADOPTED, IdeaStatus.ADOPTED),  # never moves an idea backwards
    ],
)
def test_making_an_action_moves_the_idea_to_trying(before: IdeaStatus, after: IdeaStatus):
    assert idea_status_for_new_action(before) is after


def test_goals_match_without_case_or_extra_spaces():
    assert goal_key("  Halve   repeat\nTickets ") == goal_key("halve repeat tickets")


def test_the_filter_combines_every_criterion():
    entries = [
        action(),
        action(id="a2", status=ActionStatus.DONE, owner="Ben", department="Engineering"),
        action(id="a3", session_goal="Grow revenue", due_date=None),
        action(id="a4", session_date=date(2026, 11, 20), title="Weekly digest"),
    ]

    def ids(criteria: BacklogFilter) -> list[str]:
        return [e.id for e in entries if criteria.accepts_action(e, TODAY)]

    assert ids(BacklogFilter()) == ["a1", "a2", "a3", "a4"]
    assert ids(BacklogFilter(statuses=frozenset({"done"}))) == ["a2"]
    assert ids(BacklogFilter(owner="Ana")) == ["a1", "a3", "a4"]
    assert ids(BacklogFilter(department="Engineering")) == ["a2"]
    assert ids(BacklogFilter(goal="GROW revenue")) == ["a3"]
    assert ids(BacklogFilter(date_from=date(2026, 11, 1))) == ["a4"]
    assert ids(BacklogFilter(date_to=date(2026, 10, 31))) == ["a1", "a2", "a3"]
    assert ids(BacklogFilter(text="digest")) == ["a4"]
    assert ids(BacklogFilter(text="REPEATS")) == ["a1", "a2", "a3", "a4"]  # the hypothesis
    assert ids(BacklogFilter(overdue_only=True)) == ["a1", "a4"]
    assert ids(BacklogFilter(owner="Ana", text="digest")) == ["a4"]


def test_ideas_filter_by_author_and_status_and_never_count_as_overdue():
    ideas = [idea(), idea(id="n2", status=IdeaStatus.ADOPTED, author="", department="")]
    assert [i.id for i in ideas if BacklogFilter(owner="Ben").accepts_idea(i)] == ["n1"]
    adopted = BacklogFilter(statuses=frozenset({"adopted"}))
    assert [i.id for i in ideas if adopted.accepts_idea(i)] == ["n2"]
    assert [i.id for i in ideas if BacklogFilter(department="No department").accepts_idea(i)] == [
        "n2"
    ]
    assert not [i for i in ideas if BacklogFilter(overdue_only=True).accepts_idea(i)]


def test_carry_over_takes_exactly_the_open_actions_and_shortlisted_ideas_of_that_goal():
    actions = [
        action(id="open"),
        action(id="doing", status=ActionStatus.DOING),
        action(id="done", status=ActionStatus.DONE),
        action(id="dropped", status=ActionStatus.DROPPED),
        action(id="other-goal", session_goal="Grow revenue"),
        action(id="this-session", session_id="new"),
    ]
    ideas = [
        idea(id="short", status=IdeaStatus.SHORTLISTED),
        idea(id="new", status=IdeaStatus.NEW),
        idea(id="adopted", status=IdeaStatus.ADOPTED),
        idea(id="elsewhere", status=IdeaStatus.SHORTLISTED, session_goal="Other"),
    ]
    carried = carry_over("halve repeat  tickets", actions, ideas, exclude_session_id="new")
    assert [a.id for a in carried.actions] == ["open", "doing"]
    assert [i.id for i in carried.ideas] == ["short"]
    assert carried.summary() == "2 open actions and 1 shortlisted idea"
    assert not carry_over("", actions, ideas)  # no goal, nothing in common


def test_a_review_phase_opens_the_agenda_with_one_note_per_carried_item():
    session = build_demo_session()
    carried = CarryOver(
        (action(id="a1"), action(id="a2", owner="", due_date=None, status=ActionStatus.DOING)),
        (idea(id="n1", status=IdeaStatus.SHORTLISTED),),
    )
    reviewed = with_review_phase(session, carried)
    first = reviewed.phases[0]
    assert (first.kind, first.title) == (PhaseKind.DISCUSS, REVIEW_PHASE_TITLE)
    assert reviewed.phases[1:] == session.phases
    review_notes = [n for n in reviewed.notes if n.phase_id == first.id]
    assert [n.text for n in review_notes] == [
        "Action: Call back within a day (Ana, open, due 2026-11-01)",
        "Action: Call back within a day (doing)",
        "Shortlisted idea: A status page",
    ]
    assert {n.cluster_id for n in review_notes} == {reviewed.clusters[0].id}
    assert reviewed.clusters[0].title == REVIEW_CLUSTER_TITLE
    assert [origin for _, origin in reviewed.carried_from] == ["a1", "a2", "n1"]
    # The session's own notes move below the review block and keep everything else.
    lowest_review = max(n.y for n in review_notes)
    own = [n for n in reviewed.notes if n.phase_id != first.id]
    assert len(own) == len(session.notes)
    assert min(n.y for n in own) > lowest_review
    assert with_review_phase(session, CarryOver((), ())) is session


def test_review_text_is_cut_to_a_note():
    assert len(review_note_text(idea(text="x" * 2000))) == 2000


def test_recognition_counts_ideas_and_adoptions_by_department_and_named_person():
    ideas = [
        idea(id="1", author="Ben", department="Engineering", status=IdeaStatus.ADOPTED),
        idea(id="2", author="Ben", department="Engineering"),
        idea(id="3", author="Ana", department="Support"),
        idea(id="4", author="Ana", department="Support"),
        idea(id="5", author="Ana", department="Support"),
        idea(id="6", author="", department="Sales", status=IdeaStatus.ADOPTED),  # anonymous
        idea(id="7", author="", department=""),
    ]
    credit = recognition(ideas)
    assert [(c.name, c.contributed, c.adopted) for c in credit.by_department] == [
        ("Engineering", 2, 1),
        ("Sales", 1, 1),
        ("Support", 3, 0),
        ("No department", 1, 0),
    ]
    assert [(c.name, c.department, c.contributed, c.adopted) for c in credit.by_person] == [
        ("Ben", "Engineering", 2, 1),
        ("Ana", "Support", 3, 0),
    ]


def test_a_stack_counts_once_as_an_idea_and_credits_each_author():
    from app.core.backlog import distinct_ideas

    top = IdeaEntry(
        "top", "s", "S", "", None, "Callback", "Jonas", "Support", 3, IdeaStatus.ADOPTED
    )
    again = IdeaEntry(
        "again",
        "s",
        "S",
        "",
        None,
        "Call back",
        "Maya",
        "Sales",
        0,
        IdeaStatus.ADOPTED,
        stacked_on="top",
    )
    assert distinct_ideas([top, again]) == [top]
    credit = recognition([top, again])
    assert {(c.name, c.adopted) for c in credit.by_person} == {("Jonas", 1), ("Maya", 1)}
