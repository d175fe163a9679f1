"""The session file format v1: read, validate and write one session as JSON.

Reading is all or nothing. :func:`parse_session_file` either returns a whole
:class:`~app.core.types.Session` or raises :class:`SessionFormatError`, whose message
names the first offence with a JSON pointer, e.g.
``/session/notes/17/author_id: no participant with this id``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from functools import cache
from importlib import resources
from typing import Any

from app.core import limits
from app.core.types import (
    ActionItem,
    ActionStatus,
    Cluster,
    Dot,
    Note,
    Participant,
    Phase,
    PhaseKind,
    PhaseStatus,
    Role,
    RoundStatus,
    Session,
    SessionStatus,
    VoteRound,
    VoteTarget,
)

FORMAT_NAME = "dotstorm.session"
FORMAT_VERSION = 1

Json = dict[str, Any]


class SessionFormatError(ValueError):
    """A session file breaks the format; ``pointer`` says where, ``reason`` says what."""

    def __init__(self, pointer: str, reason: str) -> None:
        super().__init__(f"{pointer}: {reason}" if pointer else reason)
        self.pointer = pointer
        self.reason = reason


# ---------------------------------------------------------------------------- reading


def parse_session_file(data: bytes) -> Session:
    """Parse and validate the bytes of a session file; return the session it carries."""
    if len(data) > limits.MAX_FILE_BYTES:
        raise SessionFormatError(
            "",
            f"the file is {len(data) / 1048576:.1f} MiB; the limit is "
            f"{limits.MAX_FILE_BYTES // 1048576} MiB",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SessionFormatError(
            "", f"the file is not UTF-8 text (bad byte at offset {error.start})"
        ) from None
    try:
        document = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise SessionFormatError(
            "", f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from None
    except ValueError as error:
        raise SessionFormatError("", f"not valid JSON: {error}") from None
    except RecursionError:
        raise SessionFormatError("", "the file nests too deeply to be a session file") from None
    try:
        return session_from_document(document)
    except RecursionError:  # deep nesting inside a field the schema walks into
        raise SessionFormatError("", "the file nests too deeply to be a session file") from None


def session_from_document(document: object) -> Session:
    """Validate an already-decoded JSON document and convert it to a session."""
    _check_header(document)
    assert isinstance(document, dict)
    _check_schema(document)
    _check_rules(document["session"])
    return _session_from_json(document["session"])


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


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


@cache
def _schema() -> Json:
    text = resources.files("app.core").joinpath("session-v1.schema.json").read_text("utf-8")
    schema: Json = json.loads(text)
    return schema


def _check_schema(document: Json) -> None:
    from jsonschema import Draft202012Validator  # imported late: it is slow to import

    validator = Draft202012Validator(_schema())
    errors = list(validator.iter_errors(document))
    if not errors:
        return
    first = min(
        enumerate(errors),
        key=lambda pair: (_document_order(document, list(pair[1].absolute_path)), pair[0]),
    )[1]
    raise SessionFormatError(_pointer(first.absolute_path), _describe_schema_error(first))


def _document_order(document: object, path: Sequence[object]) -> list[int]:
    """Turn a path into positions so that sorting by it follows the file's own order."""
    order: list[int] = []
    node = document
    for part in path:
        if isinstance(node, dict):
            keys = list(node)
            order.append(keys.index(part) if part in keys else len(keys))
            node = node.get(str(part))
        elif isinstance(node, list) and isinstance(part, int):
            order.append(part)
            node = node[part] if part < len(node) else None
        else:
            break
    return order


def _pointer(path: Sequence[object] | Any) -> str:
    parts = [str(part).replace("~", "~0").replace("/", "~1") for part in path]
    return "/" + "/".join(parts) if parts else ""


_PATTERN_NAMES = {
    "uuid": "is not a UUID",
    "time": "is not an RFC 3339 time with an offset or Z (e.g. 2026-11-23T14:05:00Z)",
    "date": "is not a YYYY-MM-DD date",
    "color": "is not a #RRGGBB colour",
}

_JSON_TYPE_NAMES = {
    "string": "a string",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "an array",
    "object": "an object",
    "null": "null",
}


def _json_type_of(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def _describe_schema_error(error: Any) -> str:
    """A plain-words message for one jsonschema error; never echoes a long value."""
    kind = error.validator
    value = error.validator_value
    instance = error.instance
    if kind == "required":
        missing = [name for name in value if name not in instance]
        return f"missing field {missing[0]!r}" if missing else "missing a field"
    if kind == "type":
        wanted = _JSON_TYPE_NAMES.get(value, str(value))
        return f"must be {wanted} (found {_json_type_of(instance)})"
    if kind in ("enum", "const"):
        allowed = value if kind == "enum" else [value]
        shown = ", ".join(str(item) for item in allowed)
        return f"must be one of: {shown}" if kind == "enum" else f"must be {shown!r}"
    if kind == "minLength":
        return "must not be empty" if value == 1 else f"needs at least {value} characters"
    if kind == "maxLength":
        return f"is {len(instance):,} characters long; the limit is {value:,}"
    if kind == "maxItems":
        return f"has {len(instance):,} entries; the limit is {value:,}"
    if kind == "minimum":
        return f"must be at least {value} (found {instance})"
    if kind == "maximum":
        return f"must be at most {value} (found {instance})"
    if kind == "pattern":
        for name, definition in _schema()["$defs"].items():
            if definition.get("pattern") == value and name in _PATTERN_NAMES:
                return _PATTERN_NAMES[name]
        return "has the wrong form"
    if kind == "anyOf":
        # A nullable reference: report what the non-null branch says.
        for sub in sorted(error.context, key=lambda e: -len(e.absolute_path)):
            if sub.validator != "type" or sub.validator_value != "null":
                return _describe_schema_error(sub)
    return str(error.message)[:200]


# -- rules a schema cannot express: text characters, real times, ids and references


def _check_rules(session: Json) -> None:
    _check_texts(session)
    _check_times(session)
    _check_unique_ids(session)
    _check_references(session)
    _check_dot_budgets(session)


_TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "": ("title", "goal", "question", "facilitator"),
    "participants": ("name", "department"),
    "phases": ("title",),
    "clusters": ("title",),
    "notes": ("text",),
    "vote_rounds": ("title",),
    "action_items": ("title", "hypothesis", "success_metric"),
}


def _objects(session: Json, group: str) -> Iterator[tuple[str, Json]]:
    if not group:
        yield "/session", session
        return
    for index, item in enumerate(session[group]):
        yield f"/session/{group}/{index}", item


def _check_texts(session: Json) -> None:
    for group, fields in _TEXT_FIELDS.items():
        for pointer, item in _objects(session, group):
            for name in fields:
                # Lengths were checked by the schema; here only the characters.
                problem = limits.text_problem(item[name], max_length=limits.MAX_FILE_BYTES)
                if problem is not None:
                    raise SessionFormatError(f"{pointer}/{name}", problem)


_TIME_FIELDS: dict[str, tuple[str, ...]] = {
    "": ("created_at", "started_at", "ended_at"),
    "phases": ("started_at",),
    "notes": ("created_at",),
    "vote_rounds": ("opened_at", "closed_at"),
}


def _check_times(session: Json) -> None:
    for group, fields in _TIME_FIELDS.items():
        for pointer, item in _objects(session, group):
            for name in fields:
                if item[name] is not None and parse_time(item[name]) is None:
                    raise SessionFormatError(f"{pointer}/{name}", "is not a real date and time")
    for pointer, item in _objects(session, "action_items"):
        if item["due_date"] is not None and _parse_date(item["due_date"]) is None:
            raise SessionFormatError(f"{pointer}/due_date", "is not a real calendar date")


def _check_unique_ids(session: Json) -> None:
    seen: dict[str, str] = {}
    groups = ("", "participants", "phases", "clusters", "notes", "vote_rounds", "action_items")
    for group in groups:
        for pointer, item in _objects(session, group):
            _claim_id(seen, item["id"], f"{pointer}/id")


def _claim_id(seen: dict[str, str], raw_id: str, pointer: str) -> None:
    key = raw_id.lower()
    if key in seen:
        raise SessionFormatError(pointer, f"this id is already used at {seen[key]}")
    seen[key] = pointer


def _ids(session: Json, group: str) -> set[str]:
    return {item["id"].lower() for item in session[group]}


def _check_references(session: Json) -> None:
    people = _ids(session, "participants")
    clusters = _ids(session, "clusters")
    phases = _ids(session, "phases")
    notes = _ids(session, "notes")

    def check(pointer: str, value: str | None, allowed: set[str], what: str) -> None:
        if value is not None and value.lower() not in allowed:
            raise SessionFormatError(pointer, f"no {what} with this id")

    for pointer, note in _objects(session, "notes"):
        check(f"{pointer}/author_id", note["author_id"], people, "participant")
        check(f"{pointer}/cluster_id", note["cluster_id"], clusters, "cluster")
        check(f"{pointer}/phase_id", note["phase_id"], phases, "phase")
    for pointer, vote_round in _objects(session, "vote_rounds"):
        items, what = (notes, "note") if vote_round["target"] == "notes" else (clusters, "cluster")
        for index, dot in enumerate(vote_round["dots"]):
            check(f"{pointer}/dots/{index}/voter_id", dot["voter_id"], people, "participant")
            check(f"{pointer}/dots/{index}/item_id", dot["item_id"], items, what)
    for pointer, action in _objects(session, "action_items"):
        check(f"{pointer}/owner_id", action["owner_id"], people, "participant")
        check(f"{pointer}/source_note_id", action["source_note_id"], notes, "note")


def _check_dot_budgets(session: Json) -> None:
    for pointer, vote_round in _objects(session, "vote_rounds"):
        per_voter: dict[str, int] = {}
        per_item: dict[tuple[str, str], int] = {}
        for index, dot in enumerate(vote_round["dots"]):
            voter, item = dot["voter_id"].lower(), dot["item_id"].lower()
            per_voter[voter] = per_voter.get(voter, 0) + dot["count"]
            per_item[voter, item] = per_item.get((voter, item), 0) + dot["count"]
            if per_voter[voter] > vote_round["dots_per_voter"]:
                raise SessionFormatError(
                    f"{pointer}/dots/{index}",
                    f"this voter now has {per_voter[voter]} dots; the round allows "
                    f"{vote_round['dots_per_voter']} per voter",
                )
            if per_item[voter, item] > vote_round["max_dots_per_item"]:
                raise SessionFormatError(
                    f"{pointer}/dots/{index}",
                    f"this voter now has {per_item[voter, item]} dots on one item; the round "
                    f"allows {vote_round['max_dots_per_item']}",
                )


# -- conversion of a validated document to types


def parse_time(text: str) -> datetime | None:
    """Parse an RFC 3339 time into an aware UTC datetime, or ``None`` if it is not real."""
    normalized = text.upper().replace(" ", "T")
    try:
        moment = datetime.fromisoformat(normalized)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    return moment.astimezone(UTC)


def _parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


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
                elapsed_seconds=_plain_number(p["elapsed_seconds"]),
                status=PhaseStatus(p["status"]),
            )
            for p in raw["phases"]
        ),
        clusters=tuple(Cluster(c["id"].lower(), c["title"], c["color"]) for c in raw["clusters"]),
        notes=tuple(
            Note(
                id=n["id"].lower(),
                text=n["text"],
                color=n["color"],
                x=_plain_number(n["x"]),
                y=_plain_number(n["y"]),
                created_at=parse_time(n["created_at"]) or datetime.now(UTC),
                author_id=_canonical(n["author_id"]),
                cluster_id=_canonical(n["cluster_id"]),
                phase_id=_canonical(n["phase_id"]),
                hidden=n["hidden"],
                impact=None if n["impact"] is None else int(n["impact"]),
                effort=None if n["effort"] is None else int(n["effort"]),
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
            )
            for v in raw["vote_rounds"]
        ),
        anonymous_ideas=raw.get("anonymous_ideas", False),
        action_items=tuple(
            ActionItem(
                id=a["id"].lower(),
                title=a["title"],
                owner_id=_canonical(a["owner_id"]),
                due_date=None if a["due_date"] is None else _parse_date(a["due_date"]),
                source_note_id=_canonical(a["source_note_id"]),
                status=ActionStatus(a["status"]),
                hypothesis=a["hypothesis"],
                success_metric=a["success_metric"],
            )
            for a in raw["action_items"]
        ),
    )


def _plain_number(value: float) -> float:
    """Whole numbers stay ints so that a file reads back as it was written."""
    if isinstance(value, float) and value.is_integer() and math.isfinite(value):
        return int(value)
    return value


# ---------------------------------------------------------------------------- writing


def format_time(moment: datetime | None) -> str | None:
    """Format a time as RFC 3339 in UTC with a ``Z``; ``None`` stays ``None``."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def session_to_document(session: Session, exported_at: datetime | None = None) -> Json:
    """Build the JSON document (a dict) of the session file for ``session``.

    ``anonymous_ideas`` is an optional field that readers of v1 ignore; it is written
    only when set, so files of sessions without it are exactly as the spec shows.
    """
    document = _document(session, exported_at)
    if session.anonymous_ideas:
        document["session"]["anonymous_ideas"] = True
    return document


def _document(session: Session, exported_at: datetime | None) -> Json:
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported_at": format_time(exported_at or datetime.now(UTC).replace(microsecond=0)),
        "session": {
            "id": session.id,
            "title": session.title,
            "goal": session.goal,
            "question": session.question,
            "facilitator": session.facilitator,
            "status": session.status.value,
            "created_at": format_time(session.created_at),
            "started_at": format_time(session.started_at),
            "ended_at": format_time(session.ended_at),
            "participants": [
                {"id": p.id, "name": p.name, "department": p.department, "role": p.role.value}
                for p in session.participants
            ],
            "phases": [_phase_document(p, exported_at) for p in session.phases],
            "clusters": [
                {"id": c.id, "title": c.title, "color": c.color} for c in session.clusters
            ],
            "notes": [
                {
                    "id": n.id,
                    "text": n.text,
                    "author_id": n.author_id,
                    "color": n.color,
                    "x": _plain_number(n.x),
                    "y": _plain_number(n.y),
                    "cluster_id": n.cluster_id,
                    "phase_id": n.phase_id,
                    "created_at": format_time(n.created_at),
                    "hidden": n.hidden,
                    "impact": n.impact,
                    "effort": n.effort,
                }
                for n in session.notes
            ],
            "vote_rounds": [
                {
                    "id": v.id,
                    "title": v.title,
                    "target": v.target.value,
                    "dots_per_voter": v.dots_per_voter,
                    "max_dots_per_item": v.max_dots_per_item,
                    "anonymous": v.anonymous,
                    "blind": v.blind,
                    "status": v.status.value,
                    "opened_at": format_time(v.opened_at),
                    "closed_at": format_time(v.closed_at),
                    "dots": [
                        {"voter_id": d.voter_id, "item_id": d.item_id, "count": d.count}
                        for d in v.dots
                    ],
                }
                for v in session.vote_rounds
            ],
            "action_items": [
                {
                    "id": a.id,
                    "title": a.title,
                    "owner_id": a.owner_id,
                    "due_date": None if a.due_date is None else a.due_date.isoformat(),
                    "source_note_id": a.source_note_id,
                    "status": a.status.value,
                    "hypothesis": a.hypothesis,
                    "success_metric": a.success_metric,
                }
                for a in session.action_items
            ],
        },
    }


def _phase_document(phase: Phase, exported_at: datetime | None) -> Json:
    elapsed = phase.elapsed_seconds
    if phase.running_since is not None:  # a running phase: count up to the export
        moment = exported_at or datetime.now(UTC)
        elapsed += max(0.0, (moment - phase.running_since).total_seconds())
        elapsed = round(elapsed, 3)
    return {
        "id": phase.id,
        "kind": phase.kind.value,
        "title": phase.title,
        "planned_seconds": phase.planned_seconds,
        "started_at": format_time(phase.started_at),
        "elapsed_seconds": _plain_number(elapsed),
        "status": phase.status.value,
    }


def dump_session(session: Session, exported_at: datetime | None = None) -> bytes:
    """Serialise ``session`` as the UTF-8 bytes of a session file."""
    document = session_to_document(session, exported_at)
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
