"""Rules of a round's kind a schema cannot express: criteria, ratings and ranks.

A rating round has 2 to 5 criteria, each a scale that runs upwards over at most 11
steps, and ratings inside those scales, at most one per voter, item and criterion. A
rank round has its ``rank_size`` and ranks inside it, each place and each item at most
once per voter. Each kind keeps its ballots in its own field: ``dots`` stays empty in
the others, and ``criteria``, ``ratings``, ``rank_size`` and ``ranks`` stay out of the
rounds that are not theirs. Every voter, item and criterion named must exist.
"""

from __future__ import annotations

from collections.abc import Iterator

from app.core import limits
from app.core.session_format.errors import Json, SessionFormatError

_BALLOTS = {"rating": "ratings", "rank": "ranks"}
_MERGED = "is merged into another note's stack, so it is no item of its own"


def check_round_kinds(session: Json) -> None:
    """Raise :class:`SessionFormatError` at the first rule a round's kind breaks."""
    people = {person["id"].lower() for person in session["participants"]}
    notes = {note["id"].lower() for note in session["notes"]}
    clusters = {cluster["id"].lower() for cluster in session["clusters"]}
    merged = {note["id"].lower() for note in session["notes"] if note.get("merged_into")}
    for index, vote_round in enumerate(session["vote_rounds"]):
        pointer = f"/session/vote_rounds/{index}"
        _check_fields(vote_round, pointer)
        if vote_round["target"] == "notes":
            items = _Items(notes, merged, "note")
        else:
            items = _Items(clusters, set(), "cluster")
        limited = vote_round.get("items")
        if limited is not None:
            items.limit({item.lower() for item in limited})
        _check_ratings(vote_round, pointer, people, items)
        _check_ranks(vote_round, pointer, people, items)


class _Items:
    """The items a round's ballots may name, and why another is refused."""

    def __init__(self, known: set[str], merged: set[str], what: str) -> None:
        self.known = known
        self.merged = merged
        self.what = what
        self.limited: set[str] | None = None

    def limit(self, items: set[str]) -> None:
        """Only ``items`` (the round's own list) may be named."""
        self.limited = items

    def problem(self, raw_id: str) -> str | None:
        """Why a ballot may not name ``raw_id``, or ``None``."""
        item = raw_id.lower()
        if item not in self.known:
            return f"no {self.what} with this id"
        if self.limited is not None and item not in self.limited:
            return "is not one of this round's items"
        if item in self.merged:
            return _MERGED
        return None


def _check_fields(vote_round: Json, pointer: str) -> None:
    """Each kind's fields in its own rounds only; the fields a kind needs are there."""
    kind = vote_round.get("kind", "dots")
    if kind == "rating" and vote_round.get("criteria") is None:
        raise SessionFormatError(
            f"{pointer}/criteria",
            f"a rating round needs {limits.MIN_CRITERIA} to {limits.MAX_CRITERIA} criteria",
        )
    if kind == "rank" and vote_round.get("rank_size") is None:
        raise SessionFormatError(
            f"{pointer}/rank_size",
            f"a rank round needs its rank_size ({limits.MIN_RANK_SIZE} to {limits.MAX_RANK_SIZE})",
        )
    if kind != "rating" and vote_round.get("criteria") is not None:
        raise SessionFormatError(
            f"{pointer}/criteria", f"only a rating round has criteria; this is a {kind} round"
        )
    if kind != "rating" and vote_round.get("ratings"):
        raise SessionFormatError(
            f"{pointer}/ratings", f"only a rating round has ratings; this is a {kind} round"
        )
    if kind != "rank" and vote_round.get("rank_size") is not None:
        raise SessionFormatError(
            f"{pointer}/rank_size", f"only a rank round has a rank_size; this is a {kind} round"
        )
    if kind != "rank" and vote_round.get("ranks"):
        raise SessionFormatError(
            f"{pointer}/ranks", f"only a rank round has ranks; this is a {kind} round"
        )
    if kind != "dots" and vote_round["dots"]:
        raise SessionFormatError(
            f"{pointer}/dots",
            f"a {kind} round keeps its ballots in {_BALLOTS[kind]}; its dots stay empty",
        )
    for index, criterion in enumerate(vote_round.get("criteria") or ()):
        low, high = criterion["min"], criterion["max"]
        if high <= low:
            raise SessionFormatError(
                f"{pointer}/criteria/{index}/max", f"must be more than min, {low} (found {high})"
            )
        if high - low > limits.MAX_SCALE_SPAN:
            raise SessionFormatError(
                f"{pointer}/criteria/{index}/max",
                f"a scale from {low} to {high} has {high - low + 1} steps; a criterion "
                f"has at most {limits.MAX_SCALE_SPAN + 1}",
            )


def _entries(vote_round: Json, field: str, pointer: str) -> Iterator[tuple[str, Json]]:
    for index, entry in enumerate(vote_round.get(field) or ()):
        yield f"{pointer}/{field}/{index}", entry


def _check_voter_and_item(entry: Json, where: str, people: set[str], items: _Items) -> None:
    if entry["voter_id"].lower() not in people:
        raise SessionFormatError(f"{where}/voter_id", "no participant with this id")
    problem = items.problem(entry["item_id"])
    if problem is not None:
        raise SessionFormatError(f"{where}/item_id", problem)


def _check_ratings(vote_round: Json, pointer: str, people: set[str], items: _Items) -> None:
    scales = {c["id"].lower(): (c["min"], c["max"]) for c in vote_round.get("criteria") or ()}
    seen: dict[tuple[str, str, str], str] = {}
    for where, rating in _entries(vote_round, "ratings", pointer):
        _check_voter_and_item(rating, where, people, items)
        criterion = rating["criterion_id"].lower()
        if criterion not in scales:
            raise SessionFormatError(
                f"{where}/criterion_id", "no criterion of this round with this id"
            )
        low, high = scales[criterion]
        if not low <= rating["value"] <= high:
            raise SessionFormatError(
                f"{where}/value", f"must be from {low} to {high} (found {rating['value']})"
            )
        key = (rating["voter_id"].lower(), rating["item_id"].lower(), criterion)
        if key in seen:
            raise SessionFormatError(
                where, f"this voter already rated this item on this criterion at {seen[key]}"
            )
        seen[key] = where


def _check_ranks(vote_round: Json, pointer: str, people: set[str], items: _Items) -> None:
    size = vote_round.get("rank_size") or 0
    places: dict[tuple[str, int], str] = {}
    ranked: dict[tuple[str, str], str] = {}
    for where, rank in _entries(vote_round, "ranks", pointer):
        _check_voter_and_item(rank, where, people, items)
        voter, position = rank["voter_id"].lower(), rank["position"]
        if position > size:
            raise SessionFormatError(
                f"{where}/position",
                f"must be at most {size}, the round's rank_size (found {position})",
            )
        if (voter, position) in places:
            raise SessionFormatError(
                f"{where}/position",
                f"this voter already put an item at position {position} at "
                f"{places[voter, position]}",
            )
        item = rank["item_id"].lower()
        if (voter, item) in ranked:
            raise SessionFormatError(
                f"{where}/item_id", f"this voter already ranked this item at {ranked[voter, item]}"
            )
        places[voter, position] = where
        ranked[voter, item] = where
