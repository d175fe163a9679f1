"""What the minutes say, from the spec's example."""

from __future__ import annotations

from dataclasses import replace

from app.core.minutes import build_minutes
from app.core.session_format import parse_session_file
from tests.conftest import EXAMPLE_FILE


def test_the_example_minutes():
    minutes = build_minutes(parse_session_file(EXAMPLE_FILE.read_bytes()))
    assert minutes.title == "Fewer repeat support tickets"
    assert minutes.people["Customer Support"] == ["Amara Okafor"]
    assert minutes.people["Operations"] == ["Maya Chen (facilitator)"]
    first = minutes.agenda[0]
    assert (first.title, first.planned, first.actual) == ("Silent ideas", "8:00", "8:32")
    (result,) = minutes.rounds
    assert [(label, e.count) for e, label in result.ranking] == [
        ("Shared checklist for shift handover", 4),
        ("FAQ page for the top 10 tickets", 3),
        ("Auto-fill the order form from the last order", 2),
        ("Pair a support agent with an engineer once a week", 0),
    ]
    assert result.breakdown is None  # anonymous round
    assert "blind" in result.explanation
    assert [heading for heading, _ in minutes.ideas] == ["Handovers", "Self-service"]
    assert minutes.matrix == [("FAQ page for the top 10 tickets", 4, 2)]
    assert minutes.dots_by_department["Customer Support"] == 3
    assert minutes.top_contributors is not None


def test_anonymous_ideas_have_no_authors_and_no_contributors():
    session = replace(parse_session_file(EXAMPLE_FILE.read_bytes()), anonymous_ideas=True)
    minutes = build_minutes(session)
    assert all(line.author == "" for _, lines in minutes.ideas for line in lines)
    assert minutes.top_contributors is None


def test_recognition_counts_the_ideas_adopted_since_the_session():
    session = parse_session_file(EXAMPLE_FILE.read_bytes())
    people = {p.id: p for p in session.participants}
    adopted = session.notes[0]
    author = people[adopted.author_id or ""]
    with_status = replace(
        session, idea_statuses=((adopted.id, "adopted"), (session.notes[1].id, "trying"))
    )
    minutes = build_minutes(with_status)
    assert minutes.adopted_by_department == {author.department: 1}
    assert minutes.adopted_by_person == [(author.name, 1)]
    anonymous = build_minutes(replace(with_status, anonymous_ideas=True))
    assert anonymous.adopted_by_person is None
    assert anonymous.adopted_by_department == {author.department: 1}
    assert build_minutes(session).adopted_by_department == {}
