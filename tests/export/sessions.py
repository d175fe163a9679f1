"""Sessions for the export tests: the demo, and the demo with its tie settled by a runoff."""

from __future__ import annotations

from dataclasses import replace

from app.core.demo import build_demo_session
from app.core.types import Dot, RoundStatus, Session, Via, VoteRound, VoteTarget, new_id
from app.core.voting import rank, round_items, tally


def demo_with_runoff(title: str | None = None) -> tuple[Session, list[str]]:
    """The demo, its tie at place 2 settled by a runoff the board's last item wins.

    Returns the session and the tied notes' texts in the runoff's order.
    """
    demo = build_demo_session()
    main = demo.vote_rounds[0]
    ranked = rank(tally(main.dots, round_items(main, demo.notes, demo.clusters)))
    tied = [entry.item_id for entry in ranked if entry.rank == 2]
    assert len(tied) == 2, "the demo has two notes tied at place 2"
    people = [p.id for p in demo.participants]
    runoff = VoteRound(
        new_id(),
        "Runoff for place 2",
        VoteTarget.NOTES,
        1,
        1,
        True,
        True,
        RoundStatus.CLOSED,
        dots=(*(Dot(p, tied[1], 1) for p in people[:3]), Dot(people[3], tied[0], 1)),
        item_ids=tuple(tied),
        runoff_of=main.id,
    )
    session = replace(demo, vote_rounds=(main, runoff), title=title or demo.title)
    texts = {n.id: n.text for n in demo.notes}
    return session, [texts[tied[1]], texts[tied[0]]]


def demo_with_stack() -> tuple[Session, str, str]:
    """The demo with "Tag tickets caused by wrong addresses" (no dots) merged into the
    FAQ page's stack. Returns the session, the top's text and the merged note's text."""
    demo = build_demo_session()
    top = next(n for n in demo.notes if n.text.startswith("FAQ page"))
    again = next(n for n in demo.notes if n.text.startswith("Tag tickets"))
    notes = tuple(replace(n, merged_into=top.id) if n is again else n for n in demo.notes)
    return replace(demo, notes=notes), top.text, again.text


def demo_from_phones() -> Session:
    """The demo (its stack too) with three notes typed on phones, one of them stacked,
    and two of its first round's four ballots pressed on phones."""
    session, _, again = demo_with_stack()
    phones = {session.notes[0].id, session.notes[1].id}
    notes = tuple(
        replace(n, via=Via.PHONE) if n.id in phones or n.text == again else n
        for n in session.notes
    )
    people = [p.id for p in session.participants]
    main, *others = session.vote_rounds
    voted = replace(main, finished_voter_ids=tuple(people[:4]), phone_voter_ids=tuple(people[1:3]))
    return replace(session, notes=notes, vote_rounds=(voted, *others))
