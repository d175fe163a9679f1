"""What every benchmark shares: realistic sessions, statistics, and the result table.

Each figure is measured beside its floor (what the stack underneath needs for the same
work) in the same run, app and floor alternating, so that a noisy machine moves both.
"""

from __future__ import annotations

import random
import resource
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from app.core.board import tidy_by_cluster
from app.core.demo import build_demo_session
from app.core.types import (
    ActionItem,
    ActionStatus,
    Cluster,
    Dot,
    Note,
    Participant,
    RoundStatus,
    Session,
    VoteRound,
    VoteTarget,
    new_id,
)

WORDS = [
    "customer",
    "order",
    "ticket",
    "call",
    "email",
    "form",
    "checklist",
    "handover",
    "install",
    "delivery",
    "invoice",
    "sales",
    "support",
    "engineering",
    "operations",
    "weekly",
    "daily",
    "first",
    "page",
    "faster",
    "shared",
    "template",
    "reply",
    "portal",
    "status",
    "link",
    "contact",
    "welcome",
    "training",
    "report",
    "queue",
    "warehouse",
    "driver",
    "label",
    "postcode",
    "address",
    "rush",
    "priority",
    "escalation",
    "survey",
    "feedback",
    "onboarding",
    "demo",
    "contract",
    "renewal",
    "dashboard",
    "alert",
    "reminder",
    "script",
    "pairing",
    "buddy",
    "standup",
    "review",
]
DEPARTMENTS = ("Sales", "Customer Support", "Engineering", "Operations", "Finance", "Logistics")


@dataclass(frozen=True)
class Figure:
    """One line of the table: a measured figure, its floor, and its target."""

    name: str
    value: float
    unit: str
    floor: float | None = None
    target: str = "report"
    met: bool | None = None
    """``None`` when the figure is only reported."""

    @property
    def ratio(self) -> float | None:
        """How many times its floor the figure is."""
        return self.value / self.floor if self.floor else None


def make_session(notes: int, seed: int = 7) -> Session:
    """A session as a real room leaves it: people from six departments, notes of
    realistic lengths in clusters of about twenty, a closed dot vote, and actions."""
    rng = random.Random(seed)
    demo = build_demo_session(date(2026, 11, 2))
    people = tuple(
        Participant(new_id(), f"Person {i:02d}", DEPARTMENTS[i % len(DEPARTMENTS)])
        for i in range(18)
    )
    clusters = tuple(
        Cluster(new_id(), f"Theme {i + 1}", demo.clusters[i % len(demo.clusters)].color)
        for i in range(max(1, notes // 20))
    )
    template = demo.notes[0]
    made = []
    for i in range(notes):
        words = rng.choices(WORDS, k=rng.randint(3, 28))
        made.append(
            Note(
                id=new_id(),
                text=" ".join(words).capitalize(),
                color=template.color,
                x=0,
                y=0,
                created_at=template.created_at,
                author_id=people[i % len(people)].id,
                cluster_id=clusters[i % len(clusters)].id,
                phase_id=None,
            )
        )
    places = tidy_by_cluster(made, [c.id for c in clusters])
    placed = tuple(replace(n, x=places[n.id][0], y=places[n.id][1]) for n in made)
    dots = []
    for voter in people:
        for chosen in rng.sample(placed, k=min(5, len(placed))):
            dots.append(Dot(voter.id, chosen.id, 1))
    vote = VoteRound(
        id=new_id(),
        title="Which to try first",
        target=VoteTarget.NOTES,
        dots_per_voter=5,
        max_dots_per_item=1,
        anonymous=True,
        blind=True,
        status=RoundStatus.CLOSED,
        opened_at=demo.vote_rounds[0].opened_at,
        closed_at=demo.vote_rounds[0].closed_at,
        dots=tuple(dots),
    )
    actions = tuple(
        ActionItem(
            id=new_id(),
            title=f"Try {placed[i].text[:60]}",
            owner_id=people[i % len(people)].id,
            due_date=date(2026, 12, 1 + i),
            source_note_id=placed[i].id,
            status=ActionStatus.OPEN,
            hypothesis="It saves each customer a day",
            success_metric="Days from order to delivery",
        )
        for i in range(min(10, len(placed)))
    )
    return replace(
        demo,
        id=new_id(),
        title=f"A wall of {notes:,} notes",
        phases=tuple(replace(p, id=new_id()) for p in demo.phases),
        current_phase_id=None,
        participants=people,
        clusters=clusters,
        notes=placed,
        vote_rounds=(vote,),
        action_items=actions,
    )


def timed(step: Callable[[], object]) -> float:
    """Seconds one call of ``step`` takes."""
    start = time.perf_counter()
    step()
    return time.perf_counter() - start


def alternate(
    runs: int, app: Callable[[], float], floor: Callable[[], float]
) -> tuple[list[float], list[float]]:
    """Run the app and its floor by turns, ``runs`` times each; return both samples."""
    ours: list[float] = []
    theirs: list[float] = []
    for _ in range(runs):
        ours.append(app())
        theirs.append(floor())
    return ours, theirs


def median(samples: list[float]) -> float:
    """The middle sample."""
    return statistics.median(samples)


def percentile(samples: list[float], share: float) -> float:
    """The sample below which ``share`` of them fall (nearest rank)."""
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))
    return ordered[index]


def format_value(value: float, unit: str) -> str:
    """``0.0123`` s as ``12.3 ms``; megabytes and counts as they are."""
    if unit == "s":
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
    return f"{value:.0f} {unit}"


def table(figures: list[Figure]) -> Iterator[str]:
    """The result table, a line at a time (Markdown, so it pastes into docs)."""
    yield "| figure | Dotstorm | floor | ratio | target | met |"
    yield "| --- | ---: | ---: | ---: | --- | --- |"
    for f in figures:
        floor = format_value(f.floor, f.unit) if f.floor is not None else "—"
        ratio = f"{f.ratio:.2f}×" if f.ratio is not None else "—"
        met = "—" if f.met is None else ("yes" if f.met else "**no**")
        value = format_value(f.value, f.unit)
        yield f"| {f.name} | {value} | {floor} | {ratio} | {f.target} | {met} |"


def peak_megabytes() -> float:
    """This process's peak resident memory so far, in MB.

    ``VmHWM`` belongs to the process's own address space. ``ru_maxrss`` would not do:
    Linux carries the parent's peak across exec, so a child of a big benchmark process
    would report the parent's memory.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024  # kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
