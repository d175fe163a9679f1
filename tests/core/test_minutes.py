"""What the minutes say, from the spec's example."""

from __future__ import annotations

from dataclasses import replace

from app.core.minutes import build_minutes
from app.core.session_format import parse_session_file
from app.core.types import Dot, RoundStatus, Via, VoteRound, VoteTarget, new_id
from tests.conftest import EXAMPLE_FILE


def test_the_example_minutes():
    minutes = build_minutes(parse_session_file(EXAMPLE_FILE.read_bytes()))
    assert minutes.title == "Fewer repeat support tickets"
    assert minutes.people["Customer Support"] == ["Amara Okafor"]
    assert minutes.people["Operations"] == ["Maya Chen (facilitator)"]
    first = minutes.agenda[0]
    assert (first.title, first.planned, first.actual) == ("Silent ideas", "8:00", "8:32")
    (result,) = minutes.rounds
    assert [(line.text, line.dots_label, line.place_text) for line in result.ranking] == [
        ("Shared checklist for shift handover", "4 dots", "1"),
        ("FAQ page for the top 10 tickets", "3 dots", "2"),
        ("Auto-fill the order form from the last order", "2 dots", "3"),
    ]
    assert result.no_dots == ["Pair a support agent with an engineer once a week"]
    assert "3 dots each" in result.explanation  # the example's round: 3 dots a voter
    assert minutes.final is not None
    assert minutes.final.ranking == result.ranking  # no runoff: the round is the result
    assert result.breakdown is None  # anonymous round
    assert "blind" in result.explanation
    assert [heading for heading, _ in minutes.ideas] == ["Handovers", "Self-service"]
    assert [(m.label, m.impact, m.effort) for m in minutes.matrix] == [
        ("FAQ page for the top 10 tickets", 4, 2)
    ]
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


def test_a_runoff_orders_the_final_ranking_and_every_round_keeps_its_own_result():
    session = parse_session_file(EXAMPLE_FILE.read_bytes())
    people = [p.id for p in session.participants]
    by_start = {n.text.split()[0]: n.id for n in session.notes}
    checklist, faq, autofill, pair = (by_start[w] for w in ("Shared", "FAQ", "Auto-fill", "Pair"))
    texts = {n.id: n.text for n in session.notes}
    main = VoteRound(
        new_id(),
        "Which first?",
        VoteTarget.NOTES,
        2,
        2,
        True,
        True,
        RoundStatus.CLOSED,
        dots=(
            Dot(people[0], checklist, 2),
            Dot(people[1], faq, 1),
            Dot(people[1], autofill, 1),
        ),
    )
    runoff = VoteRound(
        new_id(),
        "Runoff for place 2",
        VoteTarget.NOTES,
        1,
        1,
        True,
        True,
        RoundStatus.CLOSED,
        dots=(Dot(people[0], faq, 1), Dot(people[1], faq, 1)),
        item_ids=(faq, autofill),
        runoff_of=main.id,
    )
    minutes = build_minutes(replace(session, vote_rounds=(main, runoff)))
    final = minutes.final
    assert final is not None and final.round_title == "Which first?"
    assert [(line.text, line.place, line.tied, line.dots) for line in final.ranking] == [
        (texts[checklist], 1, False, 2),
        (texts[faq], 2, False, 1),  # the runoff put it ahead of the board's order
        (texts[autofill], 3, False, 1),
    ]
    assert final.ranking[1].settled_text == "2 dots in “Runoff for place 2”"
    assert final.runoffs == ["Runoff for place 2"] and final.unsettled == []
    assert [line.text for line in final.top] == [texts[checklist], texts[faq], texts[autofill]]
    assert texts[pair] in final.no_dots
    # The main round's own result still shows its tie; the runoff's its own dots.
    own, settling = minutes.rounds
    assert own.ties == [[texts[autofill], texts[faq]]]
    assert [(line.text, line.dots) for line in settling.ranking] == [(texts[faq], 2)]
    assert settling.no_dots == [texts[autofill]]
    assert "runoff to settle the tie in “Which first?”" in settling.explanation
    # All ideas: the main round's dots, ties in the runoff's order, never the runoff's dots.
    dots = {line.text: line.dots for _, lines in minutes.ideas for line in lines}
    assert dots[texts[checklist]] == 2 and dots[texts[faq]] == 1
    (self_service,) = [lines for heading, lines in minutes.ideas if heading == "Self-service"]
    assert [line.text for line in self_service] == [texts[faq], texts[autofill]]


def test_an_unsettled_tie_stays_a_tie_and_no_vote_means_no_final_ranking():
    session = parse_session_file(EXAMPLE_FILE.read_bytes())
    people = [p.id for p in session.participants]
    first, second = (n.id for n in session.notes[:2])
    tied = VoteRound(
        new_id(),
        "Tied",
        VoteTarget.NOTES,
        1,
        1,
        True,
        True,
        RoundStatus.CLOSED,
        dots=(Dot(people[0], first, 1), Dot(people[1], second, 1)),
    )
    final = build_minutes(replace(session, vote_rounds=(tied,))).final
    assert final is not None
    assert [line.place_text for line in final.ranking] == ["1 (tie)", "1 (tie)"]
    assert len(final.unsettled) == 1 and final.runoffs == []
    assert build_minutes(replace(session, vote_rounds=())).final is None


def test_a_stack_is_listed_once_and_credits_every_author():
    """The pairing note (no dots) is merged into the checklist, which is adopted."""
    session = parse_session_file(EXAMPLE_FILE.read_bytes())
    people = {p.id: p for p in session.participants}
    checklist, pairing = session.notes[0], session.notes[3]
    stacked = replace(
        session,
        notes=(*session.notes[:3], replace(pairing, merged_into=checklist.id)),
        idea_statuses=((checklist.id, "adopted"),),
    )
    minutes = build_minutes(stacked)
    lines = [line for _, group in minutes.ideas for line in group]
    assert [line.text for line in lines].count(pairing.text) == 0  # not a line of its own
    (line,) = [line for line in lines if line.text == checklist.text]
    (again,) = line.also
    pairing_author = people[pairing.author_id or ""]
    assert again.text == pairing.text
    assert again.author == f"{pairing_author.name}, {pairing_author.department}"
    # Both authors said the adopted idea: both are credited.
    credited = dict(minutes.adopted_by_person or [])
    assert credited == {people[checklist.author_id or ""].name: 1, pairing_author.name: 1}
    assert sum(minutes.ideas_by_department.values()) == 4  # every note said counts


def test_a_blind_round_still_open_says_how_many_voted_and_no_count():
    session = parse_session_file(EXAMPLE_FILE.read_bytes())
    (closed,) = session.vote_rounds
    one_done = closed.dots[0].voter_id
    named_open = replace(
        closed,
        anonymous=False,  # a breakdown by department would show, were it closed
        status=RoundStatus.OPEN,
        closed_at=None,
        finished_voter_ids=(one_done,),
    )
    minutes = build_minutes(replace(session, vote_rounds=(named_open,)))
    (result,) = minutes.rounds
    assert result.counts_hidden
    assert (result.ranking, result.no_dots, result.ties) == ([], [], [])
    assert (result.breakdown, result.top_picks) == (None, {})
    assert "still open" in result.explanation
    assert "1 of 4 have voted" in result.explanation
    assert "voter" not in result.explanation.replace("have voted", "")  # not counted by dots
    assert result.empty_text == "A blind round: no count is shown until it closes."
    assert minutes.final is None
    assert minutes.dots_by_department == {}
    assert all(line.dots == 0 for _, lines in minutes.ideas for line in lines)
    # The same round, open but not blind, shows its counts live.
    live = build_minutes(replace(session, vote_rounds=(replace(named_open, blind=False),)))
    assert [line.dots for line in live.rounds[0].ranking] == [4, 3, 2]
    assert live.rounds[0].breakdown
    assert sum(live.dots_by_department.values()) == 9


def test_the_minutes_say_how_many_ideas_and_ballots_came_from_phones():
    """A stacked note counts as well as its card, each once; a face-down note never."""
    session = parse_session_file(EXAMPLE_FILE.read_bytes())
    assert build_minutes(session).from_phones == ""  # nothing from a phone: not a word
    checklist, pairing = session.notes[0], session.notes[3]
    face_down = replace(session.notes[1], id=new_id(), hidden=True, via=Via.PHONE)
    notes = (
        replace(checklist, via=Via.PHONE),
        *session.notes[1:3],
        replace(pairing, merged_into=checklist.id, via=Via.PHONE),
        face_down,
    )
    (main,) = session.vote_rounds
    people = [p.id for p in session.participants]
    rounds = (
        replace(main, finished_voter_ids=tuple(people[:3]), phone_voter_ids=tuple(people[:2])),
        replace(
            main,
            id=new_id(),
            runoff_of=main.id,
            finished_voter_ids=(people[0],),
            phone_voter_ids=(people[0],),
        ),
    )
    both = build_minutes(replace(session, notes=notes, vote_rounds=rounds))
    assert both.from_phones == "2 ideas and 3 ballots"
    one_idea = build_minutes(replace(session, notes=notes[:3]))
    assert one_idea.from_phones == "1 idea"
    one_ballot = build_minutes(replace(session, vote_rounds=rounds[1:]))
    assert one_ballot.from_phones == "1 ballot"


def test_a_phase_titled_as_its_technique_is_named_once_in_the_agenda():
    from app.core.minutes import AgendaLine

    def line(title: str, technique: str) -> str:
        return AgendaLine(title, "Silent ideation", "5:00", "—", "pending", technique).phase_words

    brainwriting = "6-3-5 brainwriting: 3 rounds of 1 minute, 3 ideas per sheet a round"
    assert line("6-3-5 brainwriting", brainwriting) == brainwriting
    assert line("Warm-up", brainwriting) == f"Warm-up — {brainwriting}"
    assert line("Warm-up", "") == "Warm-up"
