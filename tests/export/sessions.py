"""Sessions for the export tests: the demo, and the demo with its tie settled by a runoff."""

from __future__ import annotations

from dataclasses import replace

from app.core.demo import build_demo_session
from app.core.types import Dot, RoundStatus, Session, VoteRound, VoteTarget, new_id
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
