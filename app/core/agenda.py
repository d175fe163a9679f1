"""Agendas: the templates a session starts from, and moving between phases."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from app.core.techniques.catalogue import technique_templates
from app.core.types import (
    Participant,
    Phase,
    PhaseKind,
    PhaseStatus,
    Technique,
    TechniqueSettings,
)

AgendaTemplate = tuple[tuple[PhaseKind, str, int], ...]

DEFAULT_AGENDA: tuple[tuple[PhaseKind, str, int], ...] = (
    (PhaseKind.IDEATE, "Ideate", 10 * 60),
    (PhaseKind.CLUSTER, "Cluster", 5 * 60),
    (PhaseKind.VOTE, "Vote", 5 * 60),
    (PhaseKind.ACTIONS, "Actions", 10 * 60),
)


def _minutes(*steps: tuple[PhaseKind, str, int]) -> AgendaTemplate:
    return tuple((kind, title, minutes * 60) for kind, title, minutes in steps)


AGENDA_TEMPLATES: dict[str, AgendaTemplate] = {
    "Classic brainstorm": DEFAULT_AGENDA,
    "Micro-innovation sprint": _minutes(
        (PhaseKind.DISCUSS, "Goal recap", 3),
        (PhaseKind.SILENT_IDEATE, "Silent ideas", 8),
        (PhaseKind.CLUSTER, "Share and cluster", 10),
        (PhaseKind.VOTE, "Dot vote", 5),
        (PhaseKind.DISCUSS, "Impact and effort", 7),
        (PhaseKind.ACTIONS, "Actions", 10),
    ),
    "Crazy 8s": _minutes(
        *((PhaseKind.SILENT_IDEATE, f"Sketch {number} of 8", 1) for number in range(1, 9)),
        (PhaseKind.DISCUSS, "Show the sketches", 8),
        (PhaseKind.VOTE, "Vote", 5),
    ),
    "Retrospective": _minutes(
        (PhaseKind.SILENT_IDEATE, "What went well", 7),
        (PhaseKind.SILENT_IDEATE, "What to improve", 7),
        (PhaseKind.CLUSTER, "Group and discuss", 10),
        (PhaseKind.VOTE, "Vote", 5),
        (PhaseKind.ACTIONS, "Actions", 10),
    ),
}
"""Agendas to start from; every one can be edited before and during the session.

The techniques' agendas (6-3-5, 1-2-4-All, NGT, SCAMPER) come with them in
:func:`agenda_templates`: their phases carry a technique and its settings.
"""


@dataclass(frozen=True, slots=True)
class AgendaStep:
    """One phase of a template: kind, title, time, and the technique it runs (if any)."""

    kind: PhaseKind
    title: str
    seconds: int
    technique: Technique = Technique.NONE
    settings: TechniqueSettings = field(default_factory=TechniqueSettings)


def agenda_templates(people: Sequence[Participant] = ()) -> dict[str, tuple[AgendaStep, ...]]:
    """Every template by name: the plain ones, then the techniques' for ``people``.

    A technique's phases carry its settings as its template makes them (6-3-5's
    rounds follow the count of people); 1-2-4-All's groups are made again from the
    session's people when it is created (:func:`app.core.session_ops.build_session`).
    """
    templates = {
        name: tuple(AgendaStep(kind, title, seconds) for kind, title, seconds in steps)
        for name, steps in AGENDA_TEMPLATES.items()
    }
    for name, template in technique_templates(people).items():
        templates[name] = tuple(
            AgendaStep(
                phase.kind,
                phase.title,
                phase.planned_seconds,
                phase.technique,
                TechniqueSettings.of(phase.settings),
            )
            for phase in template.phases
        )
    return templates


PHASE_KIND_LABELS: dict[PhaseKind, str] = {
    PhaseKind.IDEATE: "Ideate",
    PhaseKind.SILENT_IDEATE: "Silent ideation",
    PhaseKind.CLUSTER: "Cluster",
    PhaseKind.VOTE: "Vote",
    PhaseKind.DISCUSS: "Discuss",
    PhaseKind.ACTIONS: "Actions",
    PhaseKind.BREAK: "Break",
    PhaseKind.CUSTOM: "Custom",
}


def format_duration(seconds: float) -> str:
    """``605`` → ``"10:05"``; an hour or more → ``"1:00:05"``."""
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def has_started(phase: Phase) -> bool:
    """Whether the phase has ever run."""
    return phase.started_at is not None or phase.elapsed_seconds > 0


def go_to_phase(
    phases: Sequence[Phase], current_id: str | None, target_id: str
) -> tuple[Phase, ...]:
    """Phase statuses after the facilitator moves from the current phase to another.

    The phase left behind is done when moving on, paused when going back, and still
    pending if it never ran. The target becomes resumable (paused) if it had run, and
    keeps its time: nothing is lost by going back. The current phase must not be
    running (pause it first).
    """
    order = {phase.id: index for index, phase in enumerate(phases)}
    if target_id not in order:
        raise KeyError(target_id)
    moved: list[Phase] = []
    for phase in phases:
        if phase.id == current_id and current_id != target_id:
            if not has_started(phase):
                status = PhaseStatus.PENDING
            elif order[target_id] > order[phase.id]:
                status = PhaseStatus.DONE
            else:
                status = PhaseStatus.PAUSED
            phase = replace(phase, status=status, running_since=None)
        elif phase.id == target_id and phase.status is PhaseStatus.DONE:
            phase = replace(phase, status=PhaseStatus.PAUSED)
        moved.append(phase)
    return tuple(moved)


def current_phase_of(phases: Sequence[Phase], pointer: str | None) -> Phase | None:
    """The phase the session is on.

    That is the stored pointer; failing it (a session imported from a file has none),
    a running or paused phase, else the first pending one.
    """
    by_id = {phase.id: phase for phase in phases}
    if pointer in by_id:
        return by_id[pointer]
    for wanted in (PhaseStatus.RUNNING, PhaseStatus.PAUSED, PhaseStatus.PENDING):
        found = next((phase for phase in phases if phase.status is wanted), None)
        if found is not None:
            return found
    return None


def apply_agenda_edit(current: Sequence[Phase], wanted: Sequence[Phase]) -> tuple[Phase, ...]:
    """The agenda ``wanted`` describes, with the timer state each phase has now.

    ``wanted`` gives the phases, their order, kinds, titles, plans, locks and
    techniques (an edit, or the agenda as it was before one, for undo). A phase still
    in ``current`` keeps the time it has run since; a phase that only ``wanted`` knows
    comes back as it was, paused if it was running (the session has moved to another
    phase meanwhile).
    """
    live = {phase.id: phase for phase in current}
    edited: list[Phase] = []
    for phase in wanted:
        now = live.get(phase.id)
        if now is None and phase.status is PhaseStatus.RUNNING:
            edited.append(replace(phase, status=PhaseStatus.PAUSED, running_since=None))
        elif now is None:
            edited.append(phase)
        else:
            edited.append(
                replace(
                    now,
                    kind=phase.kind,
                    title=phase.title,
                    planned_seconds=phase.planned_seconds,
                    lock_at_zero=phase.lock_at_zero,
                    technique=phase.technique,
                    technique_settings=_settings_kept(now, phase),
                )
            )
    return tuple(edited)


def _settings_kept(now: Phase, wanted: Phase) -> TechniqueSettings:
    """The settings a phase keeps through an agenda edit.

    The live ones while its technique stays (a SCAMPER prompt moved, an NGT reveal
    made since the edit are not taken back by it); the edit's when the technique changed.
    """
    if now.technique is wanted.technique:
        return now.technique_settings
    return wanted.technique_settings


def pointer_after_edit(phases: Sequence[Phase], pointer: str | None) -> str | None:
    """The phase the session is on after an agenda edit.

    It stays where it was while that phase is still on the agenda; else it moves to
    the first phase that is not done (``None`` when every phase is done).
    """
    if pointer is None or any(phase.id == pointer for phase in phases):
        return pointer
    return next((phase.id for phase in phases if phase.status is not PhaseStatus.DONE), None)
