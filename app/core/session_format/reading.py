"""Reading a session file: bytes to a validated :class:`~app.core.types.Session`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from app.core.session_format.errors import FORMAT_NAME, FORMAT_VERSION, Json, SessionFormatError
from app.core.session_format.rules import check_rules
from app.core.session_format.schema import check_schema
from app.core.session_format.strict_json import load_file
from app.core.session_format.values import parse_date, parse_time, plain_number
from app.core.types import (
    ActionItem,
    ActionStatus,
    Cluster,
    Criterion,
    Decision,
    Dot,
    Goal,
    Note,
    Outcome,
    OutcomeResult,
    Participant,
    Phase,
    PhaseKind,
    PhaseStatus,
    Rank,
    Rating,
    Role,
    RoundKind,
    RoundStatus,
    Session,
    SessionStatus,
    Technique,
    TechniqueSettings,
    Via,
    VoteRound,
    VoteTarget,
)


def parse_session_file(data: bytes) -> Session:
    """Parse and validate the bytes of a session file; return the session it carries."""
    document = load_file(data)
    try:
        return session_from_document(document)
    except RecursionError:  # deep nesting inside a field the schema walks into
        raise SessionFormatError("", "the file nests too deeply to be a session file") from None


def session_from_document(document: object) -> Session:
    """Validate an already-decoded JSON document and convert it to a session."""
    _check_header(document)
    assert isinstance(document, dict)
    check_schema(document)
    check_rules(document["session"])
    return _session_from_json(document["session"])


def _check_header(document: object) -> None:
    if not isinstance(document, dict):
        raise SessionFormatError("", "the file must hold one JSON object")
    if document.get("format") != FORMAT_NAME:
        raise SessionFormatError(
            "/format", f"this is not a Dotstorm session file (expected {FORMAT_NAME!r})"
        )
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise SessionFormatError("/version", "must be a whole number")
    if version > FORMAT_VERSION:
        raise SessionFormatError(
            "/version",
            f"this file is format version {version}; this Dotstorm reads version "
            f"{FORMAT_VERSION} only. Update Dotstorm to open it.",
        )
    if version < FORMAT_VERSION:
        raise SessionFormatError("/version", f"format version {version} does not exist")


def _time(value: str | None) -> datetime | None:
    return None if value is None else parse_time(value)


def _canonical(raw_id: str | None) -> str | None:
    return None if raw_id is None else raw_id.lower()


def _merge_dots(raw_dots: Sequence[Mapping[str, Any]]) -> tuple[Dot, ...]:
    """Dots as stored: one entry per (voter, item), repeated entries added up."""
    merged: dict[tuple[str, str], int] = {}
    for raw in raw_dots:
        key = (raw["voter_id"].lower(), raw["item_id"].lower())
        merged[key] = merged.get(key, 0) + int(raw["count"])
    return tuple(Dot(voter, item, count) for (voter, item), count in merged.items())


def _session_from_json(raw: Json) -> Session:
    return Session(
        id=raw["id"].lower(),
        title=raw["title"],
        goal=raw["goal"],
        question=raw["question"],
        facilitator=raw["facilitator"],
        status=SessionStatus(raw["status"]),
        created_at=_time(raw["created_at"]),
        started_at=_time(raw["started_at"]),
        ended_at=_time(raw["ended_at"]),
        participants=tuple(
            Participant(p["id"].lower(), p["name"], p["department"], Role(p["role"]))
            for p in raw["participants"]
        ),
        phases=tuple(
            Phase(
                id=p["id"].lower(),
                kind=PhaseKind(p["kind"]),
                title=p["title"],
                planned_seconds=int(p["planned_seconds"]),
                started_at=_time(p["started_at"]),
                elapsed_seconds=plain_number(p["elapsed_seconds"]),
                status=PhaseStatus(p["status"]),
                technique=Technique(p.get("technique", Technique.NONE)),
                technique_settings=TechniqueSettings.of(p.get("technique_settings", {})),
            )
            for p in raw["phases"]
        ),
        clusters=tuple(Cluster(c["id"].lower(), c["title"], c["color"]) for c in raw["clusters"]),
        notes=tuple(
            Note(
                id=n["id"].lower(),
                text=n["text"],
                color=n["color"],
                x=plain_number(n["x"]),
                y=plain_number(n["y"]),
                created_at=parse_time(n["created_at"]) or datetime.now(UTC),
                author_id=_canonical(n["author_id"]),
                cluster_id=_canonical(n["cluster_id"]),
                phase_id=_canonical(n["phase_id"]),
                hidden=n["hidden"],
                impact=None if n["impact"] is None else int(n["impact"]),
                effort=None if n["effort"] is None else int(n["effort"]),
                merged_into=_canonical(n.get("merged_into")),
                via=Via(n.get("via", Via.LAPTOP)),
                builds_on=_canonical(n.get("builds_on")),
                prompt=n.get("prompt", ""),
            )
            for n in raw["notes"]
        ),
        vote_rounds=tuple(
            VoteRound(
                id=v["id"].lower(),
                title=v["title"],
                target=VoteTarget(v["target"]),
                dots_per_voter=int(v["dots_per_voter"]),
                max_dots_per_item=int(v["max_dots_per_item"]),
                anonymous=v["anonymous"],
                blind=v["blind"],
                status=RoundStatus(v["status"]),
                opened_at=_time(v["opened_at"]),
                closed_at=_time(v["closed_at"]),
                dots=_merge_dots(v["dots"]),
                item_ids=tuple(item.lower() for item in v.get("items") or ()),
                runoff_of=_canonical(v.get("runoff_of")),
                **_kind_fields(v),
            )
            for v in raw["vote_rounds"]
        ),
        anonymous_ideas=raw.get("anonymous_ideas", False),
        goal_record=_goal(raw.get("goal_record")),
        idea_statuses=tuple(
            (n["id"].lower(), n["idea_status"])
            for n in raw["notes"]
            if n.get("idea_status", "new") != "new"
        ),
        action_items=tuple(
            ActionItem(
                id=a["id"].lower(),
                title=a["title"],
                owner_id=_canonical(a["owner_id"]),
                due_date=None if a["due_date"] is None else parse_date(a["due_date"]),
                source_note_id=_canonical(a["source_note_id"]),
                status=ActionStatus(a["status"]),
                hypothesis=a["hypothesis"],
                success_metric=a["success_metric"],
                outcome=_outcome(a.get("outcome")),
            )
            for a in raw["action_items"]
        ),
    )


def _kind_fields(raw: Json) -> dict[str, Any]:
    """A round's optional fields of its kind and its bias controls, defaults when absent."""
    rank_size = raw.get("rank_size")
    return {
        "kind": RoundKind(raw.get("kind", RoundKind.DOTS)),
        "criteria": tuple(
            Criterion(
                c["id"].lower(), c["name"], int(c["min"]), int(c["max"]), c["higher_is_better"]
            )
            for c in raw.get("criteria") or ()
        ),
        "ratings": tuple(
            Rating(
                r["voter_id"].lower(),
                r["item_id"].lower(),
                r["criterion_id"].lower(),
                int(r["value"]),
            )
            for r in raw.get("ratings", ())
        ),
        "rank_size": None if rank_size is None else int(rank_size),
        "ranks": tuple(
            Rank(r["voter_id"].lower(), r["item_id"].lower(), int(r["position"]))
            for r in raw.get("ranks", ())
        ),
        "shuffle": raw.get("shuffle", False),
        "no_self_votes": raw.get("no_self_votes", False),
    }


def _number(value: float | int | None) -> float | None:
    return None if value is None else plain_number(value)


def _goal(raw: Json | None) -> Goal | None:
    if raw is None:
        return None
    return Goal(
        id=raw["id"].lower(),
        title=raw["title"],
        why=raw["why"],
        metric=raw["metric"],
        unit=raw["unit"],
        baseline=_number(raw["baseline"]),
        target=_number(raw["target"]),
        target_date=None if raw["target_date"] is None else parse_date(raw["target_date"]),
    )


def _outcome(raw: Json | None) -> Outcome | None:
    if raw is None:
        return None
    return Outcome(
        result=OutcomeResult(raw["result"]),
        measured=raw["measured"],
        learning=raw["learning"],
        decision=None if raw["decision"] is None else Decision(raw["decision"]),
        recorded_at=parse_time(raw["recorded_at"]),
    )
