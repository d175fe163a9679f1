"""Sessions that run 6-3-5 brainwriting, for the window's, the phones' and the kill's tests."""

from __future__ import annotations

from dataclasses import replace

from app.core.session_ops import build_session
from app.core.techniques.brainwriting import BrainwritingSettings
from app.core.techniques.brainwriting_phase import phase_settings, with_settings
from app.core.techniques.common import Technique
from app.core.types import NewSessionSpec, PhaseKind, PhaseStatus, Session

ROUND = 60
"""Seconds a round lasts in these sessions."""


def brainwriting_session(
    on_paper: bool, people: tuple[str, ...] = ("Ana", "Bo", "Cy"), capture_first: bool = False
) -> Session:
    """A session whose first phase is 6-3-5 (a round of a minute), then the capture on paper.

    ``capture_first``: the session is on the capture step already, the write phase done
    with ``people`` passing sheets in that order.
    """
    phases: list[tuple[PhaseKind, str, int]] = [
        (PhaseKind.SILENT_IDEATE, "6-3-5 brainwriting", len(people) * ROUND)
    ]
    if on_paper:
        phases.append((PhaseKind.IDEATE, "Type up the sheets", 600))
    phases.append((PhaseKind.VOTE, "Dot vote", 300))
    made = build_session(
        NewSessionSpec(
            title="Onboarding 6-3-5",
            question="How might we halve onboarding time?",
            participants=tuple(
                (name, "Sales" if i % 2 else "Support") for i, name in enumerate(people)
            ),
            phases=tuple(phases),
        )
    )
    write = BrainwritingSettings(round_seconds=ROUND, on_paper=on_paper)
    techniqued = [
        with_settings(replace(made.phases[0], technique=Technique.BRAINWRITING_635), write)
    ]
    if on_paper:
        capture = BrainwritingSettings(round_seconds=ROUND, on_paper=True, step="capture")
        techniqued.append(
            with_settings(replace(made.phases[1], technique=Technique.BRAINWRITING_635), capture)
        )
    made = replace(made, phases=(*techniqued, *made.phases[len(techniqued) :]))
    if capture_first:
        ids = tuple(p.id for p in made.participants)
        first = made.phases[0]
        settings = phase_settings(first)
        assert settings is not None
        done = replace(
            with_settings(first, settings.with_people(ids)),
            status=PhaseStatus.DONE,
            elapsed_seconds=first.planned_seconds,
        )
        made = replace(made, phases=(done, *made.phases[1:]), current_phase_id=made.phases[1].id)
    return made
