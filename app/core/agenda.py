"""The agenda a new session starts with."""

from __future__ import annotations

from app.core.types import PhaseKind

DEFAULT_AGENDA: tuple[tuple[PhaseKind, str, int], ...] = (
    (PhaseKind.IDEATE, "Ideate", 10 * 60),
    (PhaseKind.CLUSTER, "Cluster", 5 * 60),
    (PhaseKind.VOTE, "Vote", 5 * 60),
    (PhaseKind.ACTIONS, "Actions", 10 * 60),
)

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
