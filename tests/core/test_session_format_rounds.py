"""Rating and rank rounds and the bias controls in the session file: round trips, refusals."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest

from app.core.session_format import (
    SessionFormatError,
    dump_session,
    parse_session_file,
    session_to_document,
)
from app.core.types import Criterion, Rank, Rating, RoundKind
from tests.conftest import EXAMPLE_FILE

MAYA = "6df21cc4-14ac-41b5-bdb8-e545ce643839"  # wrote the checklist
JONAS = "303c1c21-247a-4907-9270-6ec5772d828b"  # wrote auto-fill
LUIS = "37ca8b09-8fb2-47bd-bcad-b9c75574113f"
CHECKLIST = "54dfac15-1f25-459b-acb6-a3ad7c376df2"
FAQ = "8724cff4-36e9-46dc-bb62-ff987fe0efce"
PAIRING = "d21320f9-134b-4b24-bbfb-deca558c66f6"
HANDOVER = "d17da1bb-29e2-44a0-a3b4-122d65400bfd"  # a cluster
FORMS = "754c2c41-a19e-4b0c-8a97-8959c871206e"  # a cluster
USEFUL = "c0000000-0000-4000-8000-000000000001"
EFFORT = "c0000000-0000-4000-8000-000000000002"
UNKNOWN = "11111111-2222-4333-8444-555555555555"
RATING = "/session/vote_rounds/1"
RANK = "/session/vote_rounds/2"


def _round(round_id: str, target: str, **fields: object) -> dict[str, Any]:
    return {
        "id": round_id,
        "title": "Score the shortlist",
        "target": target,
        "dots_per_voter": 1,
        "max_dots_per_item": 1,
        "anonymous": False,
        "blind": False,
        "status": "closed",
        "opened_at": "2026-11-20T09:30:00Z",
        "closed_at": "2026-11-20T09:35:00Z",
        "dots": [],
        **fields,
    }


def rating(voter: str, item: str, criterion: str, value: object) -> dict[str, object]:
    return {"voter_id": voter, "item_id": item, "criterion_id": criterion, "value": value}


def rank(voter: str, item: str, position: object) -> dict[str, object]:
    return {"voter_id": voter, "item_id": item, "position": position}


RATING_ROUND = _round(
    "a0000000-0000-4000-8000-000000000001",
    "notes",
    kind="rating",
    criteria=[
        {"id": USEFUL, "name": "Useful", "min": 1, "max": 5, "higher_is_better": True},
        {"id": EFFORT, "name": "Effort", "min": 1, "max": 5, "higher_is_better": False},
    ],
    ratings=[
        rating(MAYA, FAQ, USEFUL, 5),
        rating(MAYA, FAQ, EFFORT, 2),
        rating(JONAS, FAQ, USEFUL, 3),  # Jonas left FAQ's effort unrated
        rating(JONAS, CHECKLIST, EFFORT, 4),  # and the checklist's usefulness
    ],
    shuffle=True,
    no_self_votes=True,
)
RANK_ROUND = _round(
    "a0000000-0000-4000-8000-000000000002",
    "clusters",
    kind="rank",
    rank_size=2,
    ranks=[rank(MAYA, HANDOVER, 1), rank(MAYA, FORMS, 2), rank(LUIS, FORMS, 1)],
)


def with_rounds() -> dict[str, Any]:
    """The spec's example with a rating round (notes) and a rank round (clusters) added."""
    document: dict[str, Any] = json.loads(EXAMPLE_FILE.read_text("utf-8"))
    document["session"]["vote_rounds"] += [copy.deepcopy(RATING_ROUND), copy.deepcopy(RANK_ROUND)]
    return document


def encode(document: object) -> bytes:
    return json.dumps(document).encode("utf-8")


def test_a_rating_round_reads_into_its_criteria_and_ratings():
    session = parse_session_file(encode(with_rounds()))
    rated = session.vote_rounds[1]
    assert rated.kind is RoundKind.RATING
    assert rated.criteria == (
        Criterion(USEFUL, "Useful", 1, 5, True),
        Criterion(EFFORT, "Effort", 1, 5, False),
    )
    assert rated.ratings[1] == Rating(MAYA, FAQ, EFFORT, 2) and len(rated.ratings) == 4
    assert (rated.shuffle, rated.no_self_votes, rated.rank_size, rated.ranks) == (
        True,
        True,
        None,
        (),
    )


def test_a_rank_round_reads_into_its_size_and_ranks():
    session = parse_session_file(encode(with_rounds()))
    ranked = session.vote_rounds[2]
    assert (ranked.kind, ranked.rank_size, ranked.criteria, ranked.ratings) == (
        RoundKind.RANK,
        2,
        (),
        (),
    )
    assert ranked.ranks == (Rank(MAYA, HANDOVER, 1), Rank(MAYA, FORMS, 2), Rank(LUIS, FORMS, 1))
    assert (ranked.shuffle, ranked.no_self_votes) == (False, False)  # absent: the defaults


def test_every_kind_of_round_writes_back_exactly_as_it_was_read():
    document = with_rounds()
    session = parse_session_file(encode(document))
    written = session_to_document(session)["session"]["vote_rounds"]
    assert written == document["session"]["vote_rounds"]
    assert parse_session_file(dump_session(session)) == session


def test_a_dot_round_writes_none_of_the_new_fields_and_reads_them_as_their_defaults():
    session = parse_session_file(EXAMPLE_FILE.read_bytes())
    dots = session.vote_rounds[0]
    assert (dots.kind, dots.criteria, dots.ratings, dots.rank_size, dots.ranks) == (
        RoundKind.DOTS,
        (),
        (),
        None,
        (),
    )
    assert (dots.shuffle, dots.no_self_votes) == (False, False)
    written = session_to_document(session)["session"]["vote_rounds"][0]
    new_fields = {"kind", "criteria", "ratings", "rank_size", "ranks", "shuffle", "no_self_votes"}
    assert not new_fields & set(written)


def test_the_bias_controls_of_a_dot_round_are_written_only_when_on():
    document = json.loads(EXAMPLE_FILE.read_text("utf-8"))
    document["session"]["vote_rounds"][0]["no_self_votes"] = True
    document["session"]["vote_rounds"][0]["shuffle"] = False  # the default, written out
    session = parse_session_file(encode(document))
    assert (session.vote_rounds[0].no_self_votes, session.vote_rounds[0].shuffle) == (True, False)
    written = session_to_document(session)["session"]["vote_rounds"][0]
    assert written["no_self_votes"] is True and "shuffle" not in written
    assert parse_session_file(dump_session(session)) == session


def test_ids_of_criteria_and_ballots_are_read_in_lower_case():
    document = with_rounds()
    rated = document["session"]["vote_rounds"][1]
    rated["criteria"][0]["id"] = USEFUL.upper()
    rated["ratings"][0] = rating(MAYA.upper(), FAQ.upper(), USEFUL.upper(), 5)
    document["session"]["vote_rounds"][2]["ranks"][0] = rank(MAYA.upper(), HANDOVER.upper(), 1)
    session = parse_session_file(encode(document))
    assert session.vote_rounds[1].criteria[0].id == USEFUL
    assert session.vote_rounds[1].ratings[0] == Rating(MAYA, FAQ, USEFUL, 5)
    assert session.vote_rounds[2].ranks[0] == Rank(MAYA, HANDOVER, 1)


Mutation = Callable[[dict[str, Any]], object]


def at(document: dict[str, Any], path: str) -> Any:
    node: Any = document
    for part in path.strip("/").split("/"):
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def set_at(path: str, value: object) -> Mutation:
    parent, _, last = path.rpartition("/")

    def mutate(document: dict[str, Any]) -> None:
        node = at(document, parent)
        if isinstance(node, list):
            node[int(last)] = copy.deepcopy(value)
        else:
            node[last] = copy.deepcopy(value)

    return mutate


def delete_at(path: str) -> Mutation:
    parent, _, last = path.rpartition("/")
    return lambda document: at(document, parent).pop(last)


def append_at(path: str, value: object) -> Mutation:
    return lambda document: at(document, path).append(copy.deepcopy(value))


def both(first: Mutation, second: Mutation) -> Mutation:
    return lambda document: (first(document), second(document))


A_DOT = {"voter_id": MAYA, "item_id": FAQ, "count": 1}
OTHER_CRITERIA = [
    dict(criterion, id=f"c0000000-0000-4000-8000-00000000010{n}")
    for n, criterion in enumerate(RATING_ROUND["criteria"])
]
CRITERION = {"id": USEFUL, "name": "Useful", "min": 1, "max": 5, "higher_is_better": True}

REFUSED: list[tuple[str, Mutation, str]] = [
    # The kind and the fields that go with it
    ("an unknown kind", set_at(f"{RATING}/kind", "score"), f"{RATING}/kind: must be one of"),
    (
        "a rating round without criteria",
        delete_at(f"{RATING}/criteria"),
        f"{RATING}/criteria: a rating round needs 2 to 5 criteria",
    ),
    (
        "a rating round with null criteria",
        set_at(f"{RATING}/criteria", None),
        f"{RATING}/criteria: a rating round needs 2 to 5 criteria",
    ),
    (
        "one criterion",
        set_at(f"{RATING}/criteria", [CRITERION]),
        f"{RATING}/criteria: has 1 entry; at least 2 are needed",
    ),
    (
        "six criteria",
        set_at(
            f"{RATING}/criteria",
            [dict(CRITERION, id=f"c0000000-0000-4000-8000-00000000001{n}") for n in range(6)],
        ),
        f"{RATING}/criteria: has 6 entries; the limit is 5",
    ),
    (
        "criteria in a dot round",
        set_at("/session/vote_rounds/0/criteria", OTHER_CRITERIA),
        "/session/vote_rounds/0/criteria: only a rating round has criteria; this is a dots round",
    ),
    (
        "criteria in a rank round",
        set_at(f"{RANK}/criteria", OTHER_CRITERIA),
        f"{RANK}/criteria: only a rating round has criteria; this is a rank round",
    ),
    (
        "ratings in a dot round",
        set_at("/session/vote_rounds/0/ratings", [rating(MAYA, FAQ, USEFUL, 1)]),
        "/session/vote_rounds/0/ratings: only a rating round has ratings; this is a dots round",
    ),
    (
        "dots in a rating round",
        append_at(f"{RATING}/dots", A_DOT),
        f"{RATING}/dots: a rating round keeps its ballots in ratings; its dots stay empty",
    ),
    (
        "dots in a rank round",
        append_at(f"{RANK}/dots", dict(A_DOT, item_id=FORMS)),
        f"{RANK}/dots: a rank round keeps its ballots in ranks; its dots stay empty",
    ),
    (
        "a rank round without its size",
        delete_at(f"{RANK}/rank_size"),
        f"{RANK}/rank_size: a rank round needs its rank_size (2 to 10)",
    ),
    (
        "a rank size in a rating round",
        set_at(f"{RATING}/rank_size", 3),
        f"{RATING}/rank_size: only a rank round has a rank_size; this is a rating round",
    ),
    (
        "a rank size in a dot round",
        set_at("/session/vote_rounds/0/rank_size", 3),
        "/session/vote_rounds/0/rank_size: only a rank round has a rank_size; this is a dots",
    ),
    ("a rank size of 1", set_at(f"{RANK}/rank_size", 1), f"{RANK}/rank_size: must be at least 2"),
    (
        "a rank size of 11",
        set_at(f"{RANK}/rank_size", 11),
        f"{RANK}/rank_size: must be at most 10",
    ),
    (
        "ranks in a rating round",
        set_at(f"{RATING}/ranks", [rank(MAYA, FAQ, 1)]),
        f"{RATING}/ranks: only a rank round has ranks; this is a rating round",
    ),
    (
        "ranks in a dot round",
        set_at("/session/vote_rounds/0/ranks", [rank(MAYA, FAQ, 1)]),
        "/session/vote_rounds/0/ranks: only a rank round has ranks; this is a dots round",
    ),
    (
        "shuffle that is not true or false",
        set_at("/session/vote_rounds/0/shuffle", 1),
        "/session/vote_rounds/0/shuffle: must be true or false",
    ),
    (
        "no_self_votes that is not true or false",
        set_at("/session/vote_rounds/0/no_self_votes", "yes"),
        "/session/vote_rounds/0/no_self_votes: must be true or false",
    ),
    # Criteria
    (
        "a scale that does not run upwards",
        set_at(f"{RATING}/criteria/1/min", 5),
        f"{RATING}/criteria/1/max: must be more than min, 5 (found 5)",
    ),
    (
        "a scale of twelve steps",
        both(set_at(f"{RATING}/criteria/0/min", 0), set_at(f"{RATING}/criteria/0/max", 11)),
        f"{RATING}/criteria/0/max: a scale from 0 to 11 has 12 steps; a criterion has at most 11",
    ),
    (
        "a scale that is not whole numbers",
        set_at(f"{RATING}/criteria/0/max", 4.5),
        f"{RATING}/criteria/0/max: must be a whole number",
    ),
    (
        "a criterion without a name",
        set_at(f"{RATING}/criteria/0/name", ""),
        f"{RATING}/criteria/0/name: must not be empty",
    ),
    (
        "a criterion's name of 61 characters",
        set_at(f"{RATING}/criteria/0/name", "n" * 61),
        f"{RATING}/criteria/0/name: is 61 characters long; the limit is 60",
    ),
    (
        "a criterion's name with a control character",
        set_at(f"{RATING}/criteria/0/name", "bell\x07"),
        f"{RATING}/criteria/0/name: has a control character (U+0007)",
    ),
    (
        "a criterion without its direction",
        delete_at(f"{RATING}/criteria/0/higher_is_better"),
        f"{RATING}/criteria/0: missing field 'higher_is_better'",
    ),
    (
        "two criteria of one id",
        set_at(f"{RATING}/criteria/1/id", USEFUL),
        f"{RATING}/criteria/1/id: this id is already used at {RATING}/criteria/0/id",
    ),
    (
        "a criterion with a note's id",
        set_at(f"{RATING}/criteria/0/id", CHECKLIST),
        f"{RATING}/criteria/0/id: this id is already used at /session/notes/0/id",
    ),
    (
        "a criterion id that is no UUID",
        set_at(f"{RATING}/criteria/0/id", "c1"),
        f"{RATING}/criteria/0/id: is not a UUID",
    ),
    # Ratings
    (
        "a value above the scale",
        set_at(f"{RATING}/ratings/0/value", 6),
        f"{RATING}/ratings/0/value: must be from 1 to 5 (found 6)",
    ),
    (
        "a value below the scale",
        set_at(f"{RATING}/ratings/1/value", 0),
        f"{RATING}/ratings/1/value: must be from 1 to 5 (found 0)",
    ),
    (
        "a value that is not whole",
        set_at(f"{RATING}/ratings/0/value", 2.5),
        f"{RATING}/ratings/0/value: must be a whole number",
    ),
    (
        "a rating on no criterion of the round",
        set_at(f"{RATING}/ratings/0/criterion_id", UNKNOWN),
        f"{RATING}/ratings/0/criterion_id: no criterion of this round with this id",
    ),
    (
        "a rating from nobody in the session",
        set_at(f"{RATING}/ratings/2/voter_id", UNKNOWN),
        f"{RATING}/ratings/2/voter_id: no participant with this id",
    ),
    (
        "a rating of an unknown note",
        set_at(f"{RATING}/ratings/2/item_id", UNKNOWN),
        f"{RATING}/ratings/2/item_id: no note with this id",
    ),
    (
        "a rating of a cluster in a notes round",
        set_at(f"{RATING}/ratings/2/item_id", HANDOVER),
        f"{RATING}/ratings/2/item_id: no note with this id",
    ),
    (
        "a rating outside the round's items",
        set_at(f"{RATING}/items", [FAQ]),
        f"{RATING}/ratings/3/item_id: is not one of this round's items",
    ),
    (
        "a rating of a note merged into a stack",
        both(
            set_at("/session/notes/3/merged_into", FAQ),
            set_at(f"{RATING}/ratings/3/item_id", PAIRING),
        ),
        f"{RATING}/ratings/3/item_id: is merged into another note's stack",
    ),
    (
        "a second rating of one item on one criterion by one voter",
        append_at(f"{RATING}/ratings", rating(MAYA.upper(), FAQ, USEFUL.upper(), 4)),
        f"{RATING}/ratings/4: this voter already rated this item on this criterion at "
        f"{RATING}/ratings/0",
    ),
    # Ranks
    (
        "a position past the rank size",
        set_at(f"{RANK}/ranks/2/position", 3),
        f"{RANK}/ranks/2/position: must be at most 2, the round's rank_size (found 3)",
    ),
    ("a position 0", set_at(f"{RANK}/ranks/0/position", 0), f"{RANK}/ranks/0/position: must be"),
    (
        "one voter's two items at one position",
        set_at(f"{RANK}/ranks/1/position", 1),
        f"{RANK}/ranks/1/position: this voter already put an item at position 1 at {RANK}/ranks/0",
    ),
    (
        "one voter's item at two positions",
        set_at(f"{RANK}/ranks/1/item_id", HANDOVER.upper()),
        f"{RANK}/ranks/1/item_id: this voter already ranked this item at {RANK}/ranks/0",
    ),
    (
        "a rank from nobody in the session",
        set_at(f"{RANK}/ranks/0/voter_id", UNKNOWN),
        f"{RANK}/ranks/0/voter_id: no participant with this id",
    ),
    (
        "a rank of an unknown cluster",
        set_at(f"{RANK}/ranks/0/item_id", FAQ),
        f"{RANK}/ranks/0/item_id: no cluster with this id",
    ),
    (
        "a rank outside the round's items",
        set_at(f"{RANK}/items", [FORMS]),
        f"{RANK}/ranks/0/item_id: is not one of this round's items",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "expected"), [(m, e) for _, m, e in REFUSED], ids=[name for name, _, _ in REFUSED]
)
def test_a_file_that_breaks_a_rule_of_its_rounds_is_refused_naming_where(
    mutate: Mutation, expected: str
):
    document = with_rounds()
    parse_session_file(encode(document))  # valid before the change
    mutate(document)
    with pytest.raises(SessionFormatError) as caught:
        parse_session_file(encode(document))
    assert str(caught.value).startswith(expected), str(caught.value)
    assert "\n" not in str(caught.value)


def test_each_voter_ranks_on_their_own_and_may_leave_places_free():
    document = with_rounds()
    ranks = at(document, f"{RANK}/ranks")
    ranks[:] = [rank(MAYA, FORMS, 2), rank(LUIS, FORMS, 2), rank(JONAS, HANDOVER, 2)]
    session = parse_session_file(encode(document))
    assert [r.position for r in session.vote_rounds[2].ranks] == [2, 2, 2]
