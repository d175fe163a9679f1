"""Rules a schema cannot express: text characters, real times, ids and references.

The rules of a round's kind (criteria, ratings, ranks) are in :mod:`.round_rules`.
"""

from __future__ import annotations

from collections.abc import Iterator

from app.core import limits
from app.core.session_format.errors import Json, SessionFormatError
from app.core.session_format.round_rules import check_round_kinds
from app.core.session_format.values import parse_date, parse_time


def check_rules(session: Json) -> None:
    """Raise :class:`SessionFormatError` at the first rule ``session`` breaks."""
    _check_texts(session)
    _check_times(session)
    _check_unique_ids(session)
    _check_references(session)
    _check_runoffs(session)
    _check_stacks(session)
    _check_build_ons(session)
    _check_dot_budgets(session)
    check_round_kinds(session)


_TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "": ("title", "goal", "question", "facilitator"),
    "participants": ("name", "department"),
    "phases": ("title",),
    "clusters": ("title",),
    "notes": ("text", "prompt"),
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
                if name in item:  # an optional field (a note's prompt) may be absent
                    _check_text(item[name], f"{pointer}/{name}")
            if group == "action_items" and item.get("outcome") is not None:
                for name in ("measured", "learning"):
                    _check_text(item["outcome"][name], f"{pointer}/outcome/{name}")
    for pointer, vote_round in _objects(session, "vote_rounds"):
        for index, criterion in enumerate(vote_round.get("criteria") or ()):
            _check_text(criterion["name"], f"{pointer}/criteria/{index}/name")
    for pointer, phase in _objects(session, "phases"):
        _check_texts_within(phase.get("technique_settings"), f"{pointer}/technique_settings")
    goal = session.get("goal_record")
    if goal is not None:
        for name in ("title", "why", "metric", "unit"):
            _check_text(goal[name], f"/session/goal_record/{name}")


def _check_texts_within(value: object, pointer: str) -> None:
    """Every string inside a free JSON value (its keys too) is text as the format says."""
    if isinstance(value, str):
        _check_text(value, pointer)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_texts_within(item, f"{pointer}/{index}")
    elif isinstance(value, dict):
        for key, item in value.items():
            where = f"{pointer}/{_pointer_token(key)}"
            _check_text(key, where)
            _check_texts_within(item, where)


def _pointer_token(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def _check_text(text: str, pointer: str) -> None:
    # Lengths were checked by the schema; here only the characters.
    problem = limits.text_problem(text, max_length=limits.MAX_FILE_BYTES)
    if problem is not None:
        raise SessionFormatError(pointer, problem)


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
        if item["due_date"] is not None and parse_date(item["due_date"]) is None:
            raise SessionFormatError(f"{pointer}/due_date", "is not a real calendar date")
        outcome = item.get("outcome")
        if outcome is not None and parse_time(outcome["recorded_at"]) is None:
            raise SessionFormatError(
                f"{pointer}/outcome/recorded_at", "is not a real date and time"
            )
    goal = session.get("goal_record")
    target_date = None if goal is None else goal["target_date"]
    if target_date is not None and parse_date(target_date) is None:
        raise SessionFormatError("/session/goal_record/target_date", "is not a real calendar date")


def _check_unique_ids(session: Json) -> None:
    seen: dict[str, str] = {}
    groups = ("", "participants", "phases", "clusters", "notes", "vote_rounds", "action_items")
    for group in groups:
        for pointer, item in _objects(session, group):
            _claim_id(seen, item["id"], f"{pointer}/id")
    # A criterion belongs to its round, but its id is unique in the file as every id is.
    for pointer, vote_round in _objects(session, "vote_rounds"):
        for index, criterion in enumerate(vote_round.get("criteria") or ()):
            _claim_id(seen, criterion["id"], f"{pointer}/criteria/{index}/id")


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
        check(f"{pointer}/merged_into", note.get("merged_into"), notes, "note")
        check(f"{pointer}/builds_on", note.get("builds_on"), notes, "note")
        check(f"{pointer}/author_id", note["author_id"], people, "participant")
        check(f"{pointer}/cluster_id", note["cluster_id"], clusters, "cluster")
        check(f"{pointer}/phase_id", note["phase_id"], phases, "phase")
    for pointer, vote_round in _objects(session, "vote_rounds"):
        items, what = (notes, "note") if vote_round["target"] == "notes" else (clusters, "cluster")
        for index, dot in enumerate(vote_round["dots"]):
            check(f"{pointer}/dots/{index}/voter_id", dot["voter_id"], people, "participant")
            check(f"{pointer}/dots/{index}/item_id", dot["item_id"], items, what)
        limited = vote_round.get("items")
        if limited is not None:
            seen: set[str] = set()
            for index, item in enumerate(limited):
                check(f"{pointer}/items/{index}", item, items, what)
                if item.lower() in seen:
                    raise SessionFormatError(
                        f"{pointer}/items/{index}", "lists the same item twice"
                    )
                seen.add(item.lower())
            for index, dot in enumerate(vote_round["dots"]):
                if dot["item_id"].lower() not in seen:
                    raise SessionFormatError(
                        f"{pointer}/dots/{index}/item_id", "is not one of this round's items"
                    )
    for pointer, action in _objects(session, "action_items"):
        check(f"{pointer}/owner_id", action["owner_id"], people, "participant")
        check(f"{pointer}/source_note_id", action["source_note_id"], notes, "note")


def _check_runoffs(session: Json) -> None:
    """A runoff settles another round of the file, of its own target, and never loops."""
    rounds = {vote_round["id"].lower(): vote_round for vote_round in session["vote_rounds"]}
    for pointer, vote_round in _objects(session, "vote_rounds"):
        parent_id = vote_round.get("runoff_of")
        if parent_id is None:
            continue
        where = f"{pointer}/runoff_of"
        parent = rounds.get(parent_id.lower())
        if parent is None:
            raise SessionFormatError(where, "no vote round with this id")
        if parent is vote_round:
            raise SessionFormatError(where, "a round cannot be its own runoff")
        if parent["target"] != vote_round["target"]:
            raise SessionFormatError(where, "a runoff votes on the same kind of item as its round")
        seen = {vote_round["id"].lower()}
        while parent is not None:
            if parent["id"].lower() in seen:
                raise SessionFormatError(where, "these runoffs settle each other in a loop")
            seen.add(parent["id"].lower())
            above = parent.get("runoff_of")
            parent = rounds.get(above.lower()) if above is not None else None


def _check_stacks(session: Json) -> None:
    """A merged note joins another note's stack, never loops, and is no vote item."""
    notes = {note["id"].lower(): note for note in session["notes"]}
    merged: set[str] = set()
    for pointer, note in _objects(session, "notes"):
        into = note.get("merged_into")
        if into is None:
            continue
        where = f"{pointer}/merged_into"
        merged.add(note["id"].lower())
        if into.lower() == note["id"].lower():
            raise SessionFormatError(where, "a note cannot be merged into itself")
        if note["hidden"] or notes[into.lower()]["hidden"]:
            raise SessionFormatError(where, "a face-down note is never in a stack")
        seen = {note["id"].lower()}
        above: str | None = into.lower()
        while above is not None:
            if above in seen:
                raise SessionFormatError(where, "these notes are merged into each other in a loop")
            seen.add(above)
            parent = notes[above].get("merged_into")
            above = parent.lower() if parent is not None else None
    if not merged:
        return
    reason = "is merged into another note's stack, so it is no item of its own"
    for pointer, vote_round in _objects(session, "vote_rounds"):
        if vote_round["target"] != "notes":
            continue
        for index, item in enumerate(vote_round.get("items") or ()):
            if item.lower() in merged:
                raise SessionFormatError(f"{pointer}/items/{index}", reason)
        for index, dot in enumerate(vote_round["dots"]):
            if dot["item_id"].lower() in merged:
                raise SessionFormatError(f"{pointer}/dots/{index}/item_id", reason)


def _check_build_ons(session: Json) -> None:
    """A note builds on another note of the file, never on itself, and no chain loops."""
    parents = {
        note["id"].lower(): note["builds_on"].lower()
        for note in session["notes"]
        if note.get("builds_on") is not None
    }
    done: set[str] = set()  # notes whose chain is known to end: walked once in all
    for pointer, note in _objects(session, "notes"):
        start = note["id"].lower()
        if start not in parents:
            continue
        where = f"{pointer}/builds_on"
        if parents[start] == start:
            raise SessionFormatError(where, "a note cannot build on itself")
        path = [start]
        seen = {start}
        above = parents.get(start)
        while above is not None and above not in done:
            if above in seen:
                raise SessionFormatError(where, "these notes build on each other in a loop")
            seen.add(above)
            path.append(above)
            above = parents.get(above)
        done.update(path)


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
