"""dotstorm similar: the notes of one session that may be the same idea, from a shell."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.core.palette import DEFAULT_NOTE_COLOR
from app.core.similarity import DEFAULT_MIN_SCORE
from app.core.types import Note, Participant, Session, new_id
from app.storage.database import open_database
from app.storage.repository import SessionRepository
from tests.cli.runner import Dotstorm, assert_one_line_error
from tests.damage import damage_a_middle_page, fingerprint

AMARA = Participant(new_id(), "Amara Okafor", "Customer Support")
JONAS = Participant(new_id(), "Jonas Berg", "Sales")
LEE = Participant(new_id(), "Lee Wong", "Warehouse")  # of a second session: ids are unique
START = datetime(2026, 11, 19, 16, tzinfo=UTC)

CALLBACK = "Offer a callback instead of hold music"
CALLBACK_TOO = "Maybe we could offer customers a callback instead of the hold music"
FAQ = "Publish a FAQ page for the top ten questions"
FAQ_TOO = "Publish an FAQ page with the top ten questions"
LABELS = "Print shipping labels at the warehouse door"


def note(
    text: str, author: Participant = AMARA, *, hidden: bool = False, merged_into: str | None = None
) -> Note:
    return Note(
        id=new_id(),
        text=text,
        color=DEFAULT_NOTE_COLOR,
        x=0,
        y=0,
        created_at=START + timedelta(seconds=len(text)),
        author_id=author.id,
        hidden=hidden,
        merged_into=merged_into,
    )


@contextmanager
def stored(db_url: str) -> Iterator[SessionRepository]:
    """The repository over the test's database (made if missing), closed after."""
    database = open_database(db_url)
    try:
        yield SessionRepository(database.engine)
    finally:
        database.close()


def add_session(
    db_url: str,
    *notes: Note,
    title: str = "Fewer repeat tickets",
    people: tuple[Participant, ...] = (AMARA, JONAS),
) -> Session:
    session = Session(id=new_id(), title=title, participants=people, notes=notes)
    with stored(db_url) as repository:
        repository.add_session(session)
    return session


@pytest.fixture
def board(db_url: str) -> dict[str, Note]:
    """Two pairs of near-duplicates (one closer than the other) and a note like neither."""
    notes = {
        "callback": note(CALLBACK),
        "callback too": note(CALLBACK_TOO, JONAS),
        "faq": note(FAQ, JONAS),
        "faq too": note(FAQ_TOO),
        "labels": note(LABELS),
    }
    add_session(db_url, *notes.values())
    return notes


def similar(dotstorm: Dotstorm, *args: str) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = json.loads(dotstorm.ok("similar", *args, "--json"))
    return rows


def score(row: dict[str, object]) -> float:
    value = row["score"]
    assert isinstance(value, float), row
    return value


def test_the_pairs_come_best_first_in_the_documented_json_shape(
    dotstorm: Dotstorm, board: dict[str, Note]
):
    rows = similar(dotstorm, "Fewer repeat tickets")
    assert [set(row) for row in rows] == [{"a", "b", "score", "a_text", "b_text"}] * 2
    faq, callback = rows
    assert (faq["a"], faq["b"]) == (board["faq"].id, board["faq too"].id)
    assert (faq["a_text"], faq["b_text"]) == (FAQ, FAQ_TOO)
    assert (callback["a"], callback["b"]) == (board["callback"].id, board["callback too"].id)
    assert (callback["a_text"], callback["b_text"]) == (CALLBACK, CALLBACK_TOO)
    scores = [score(row) for row in rows]
    assert all(DEFAULT_MIN_SCORE <= s <= 1 for s in scores), scores
    assert scores[0] > scores[1]
    assert all(round(s, 3) == s for s in scores)
    assert LABELS not in json.dumps(rows)


def test_the_plain_listing_shows_scores_texts_and_authors(
    dotstorm: Dotstorm, board: dict[str, Note]
):
    rows = similar(dotstorm, "Fewer repeat tickets")
    out = dotstorm.ok("similar", "Fewer repeat tickets")
    faq, callback = (f"{score(row):.0%}" for row in rows)
    assert out == (
        f"{faq:>4}  “{FAQ}” — Jonas Berg\n"
        f"      “{FAQ_TOO}” — Amara Okafor\n"
        "\n"
        f"{callback:>4}  “{CALLBACK}” — Amara Okafor\n"
        f"      “{CALLBACK_TOO}” — Jonas Berg\n"
        "\n"
        "2 pairs of notes may be the same idea (score ≥ 0.70).\n"
    )


# The command as the user runs it, its search given one step (a hook the tests use:
# run_similar's ``bounds``), so that a five-note board stops early as a huge one does.
ONE_STEP = (
    "import sys; from functools import partial; from app import cli; "
    "from app.cli_program import run_similar; from app.core.pair_search import SearchBounds; "
    "cli._COMMANDS['similar'] = partial(run_similar, bounds=SearchBounds(work=1)); "
    "sys.exit(cli.main(sys.argv[1:]))"
)


def test_a_search_that_stops_early_says_so_in_one_line_on_stderr(
    dotstorm: Dotstorm, board: dict[str, Note]
):
    command = [sys.executable, "-c", ONE_STEP, "similar", "Fewer repeat tickets", "--json"]
    result = subprocess.run(
        [*command, "--db", dotstorm.db],
        capture_output=True,
        text=True,
        env=dotstorm.env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "Stopped early: 1 of 5 notes looked for their like within the time and memory "
        "allowed; some pairs may be missing."
    ]
    rows = json.loads(result.stdout)  # stdout stays one JSON document
    assert [(row["a_text"], row["b_text"]) for row in rows] == [(CALLBACK, CALLBACK_TOO)]
    # Within the default bounds, the same board goes through and says nothing more.
    whole = dotstorm("similar", "Fewer repeat tickets", "--json")
    assert whole.returncode == 0 and whole.stderr == ""
    assert len(json.loads(whole.stdout)) == 2


def test_an_anonymous_session_names_nobody(
    dotstorm: Dotstorm, db_url: str, board: dict[str, Note]
):
    (session,) = dotstorm.sessions()
    with stored(db_url) as repository:
        repository.set_anonymous_ideas(str(session["id"]), True)
    out = dotstorm.ok("similar", str(session["id"]))
    assert CALLBACK in out and FAQ in out
    assert "Amara" not in out and "Jonas" not in out and "—" not in out


def test_a_higher_score_lists_fewer_and_the_count_says_so(
    dotstorm: Dotstorm, board: dict[str, Note]
):
    everything = similar(dotstorm, "Fewer repeat tickets")
    strict = similar(dotstorm, "Fewer repeat tickets", "--min-score", "0.99")
    assert len(strict) < len(everything)
    assert all(score(row) >= 0.99 for row in strict)
    out = dotstorm.ok("similar", "Fewer repeat tickets", "--min-score", "0.99")
    assert out.endswith(f"{len(strict)} pair of notes may be the same idea (score ≥ 0.99).\n")
    assert CALLBACK not in out


def test_a_dismissed_pair_is_left_out(dotstorm: Dotstorm, db_url: str, board: dict[str, Note]):
    (session,) = dotstorm.sessions()
    with stored(db_url) as repository:
        repository.stacks.dismiss_pair(str(session["id"]), board["faq too"].id, board["faq"].id)
    rows = similar(dotstorm, "Fewer repeat tickets")
    assert [(row["a"], row["b"]) for row in rows] == [
        (board["callback"].id, board["callback too"].id)
    ]
    assert FAQ not in dotstorm.ok("similar", "Fewer repeat tickets")


def test_a_stacked_note_makes_no_pair_with_its_own_top(
    dotstorm: Dotstorm, db_url: str, board: dict[str, Note]
):
    (session,) = dotstorm.sessions()
    top, member = board["callback"], board["callback too"]
    with stored(db_url) as repository:
        repository.stacks.stack_notes(str(session["id"]), [replace(member, merged_into=top.id)])
    rows = similar(dotstorm, "Fewer repeat tickets")
    assert [(row["a"], row["b"]) for row in rows] == [(board["faq"].id, board["faq too"].id)]
    out = dotstorm.ok("similar", "Fewer repeat tickets")
    assert CALLBACK_TOO not in out
    assert out.endswith("1 pair of notes may be the same idea (score ≥ 0.70).\n")


def test_a_face_down_notes_text_never_appears(dotstorm: Dotstorm, db_url: str):
    secret = "Offer a callback instead of hold music, the secret version"
    add_session(db_url, note(CALLBACK), note(secret, JONAS, hidden=True), note(LABELS))
    for args in ((), ("--json",), ("--min-score", "0")):
        result = dotstorm("similar", "Fewer repeat tickets", *args)
        assert result.returncode == 0, result.stderr
        assert "secret" not in result.stdout and "secret" not in result.stderr
    assert similar(dotstorm, "Fewer repeat tickets", "--min-score", "0") == []


def test_a_face_down_stack_top_keeps_its_secret_even_when_its_stack_pairs(
    dotstorm: Dotstorm, db_url: str
):
    # A file can carry a face-down card whose stack holds a note anyone can see.
    top = note("The secret text of the top card", hidden=True)
    member = note(CALLBACK, merged_into=top.id)
    add_session(db_url, top, member, note(CALLBACK_TOO, JONAS))
    for args in ((), ("--json",)):
        out = dotstorm.ok("similar", "Fewer repeat tickets", *args)
        assert "secret" not in out
    assert similar(dotstorm, "Fewer repeat tickets") == []


def test_no_pairs_is_one_line_naming_the_session_and_the_score(dotstorm: Dotstorm, db_url: str):
    add_session(db_url, note(CALLBACK), note(LABELS), title="Quiet board")
    assert dotstorm.ok("similar", "Quiet board") == (
        "No similar notes in “Quiet board” at score ≥ 0.70.\n"
    )
    assert dotstorm.ok("similar", "Quiet board", "--min-score", "0.955") == (
        "No similar notes in “Quiet board” at score ≥ 0.955.\n"
    )
    assert similar(dotstorm, "Quiet board") == []
    assert dotstorm.ok("similar", "Quiet board", "--json") == "[]\n"


def test_control_characters_and_escape_sequences_never_reach_the_terminal(
    dotstorm: Dotstorm, db_url: str
):
    hostile = "Offer a callback\x1b[2J\x1b]0;pwned\x07 instead of\r hold music\n"
    eve = Participant(new_id(), "Eve\x1b[31m", "Sales")
    session = Session(
        id=new_id(),
        title="Tickets\x1b[2J",
        participants=(AMARA, eve),
        notes=(note(hostile, eve), note(CALLBACK), note(LABELS)),
    )
    with stored(db_url) as repository:
        repository.add_session(session)
    # The escape sequences' letters are words of the note: the score is a little lower.
    out = dotstorm.ok("similar", session.id, "--min-score", "0.5")
    assert "\x1b" not in out and "\x07" not in out and "\r" not in out
    shown = r"“Offer a callback\x1b[2J\x1b]0;pwned\x07 instead of\r hold music\n”"
    assert f"{shown} — Eve\\x1b[31m" in out
    quiet = dotstorm.ok("similar", session.id, "--min-score", "1")
    assert quiet == "No similar notes in “Tickets\\x1b[2J” at score ≥ 1.00.\n"
    (row,) = similar(dotstorm, session.id, "--min-score", "0.5")
    assert row["a_text"] == hostile  # JSON escapes it itself, and keeps it whole


def test_the_session_is_found_by_id_prefix_and_title_and_only_there(
    dotstorm: Dotstorm, db_url: str, board: dict[str, Note]
):
    add_session(db_url, note(FAQ, LEE), note(FAQ_TOO, LEE), title="Other session", people=(LEE,))
    (mine,) = [s for s in dotstorm.sessions() if s["title"] == "Fewer repeat tickets"]
    by_title = similar(dotstorm, "Fewer repeat tickets")
    assert similar(dotstorm, str(mine["id"])) == by_title
    assert similar(dotstorm, str(mine["id"])[:8]) == by_title
    ids = {board[name].id for name in board}
    assert {row["a"] for row in by_title} | {row["b"] for row in by_title} <= ids


def test_an_unknown_or_ambiguous_session_is_one_line(
    dotstorm: Dotstorm, db_url: str, board: dict[str, Note]
):
    line = assert_one_line_error(dotstorm("similar", "zzz"))
    assert line == "dotstorm: No session has the id or title 'zzz'."
    add_session(db_url, note(FAQ, LEE), title="Fewer repeat tickets", people=(LEE,))
    line = assert_one_line_error(dotstorm("similar", "Fewer repeat tickets", "--json"))
    assert "2 sessions are titled" in line


@pytest.mark.parametrize("value", ["abc", "1.5", "-0.1", "nan", "inf", "", "0,7", "\x1b[2J"])
@pytest.mark.sqlite_only  # its bytes; the parser refuses before any database opens
def test_a_bad_min_score_is_one_line_and_changes_nothing(
    dotstorm: Dotstorm, db_path: Path, board: dict[str, Note], value: str
):
    before = db_path.read_bytes()
    files = fingerprint(db_path)
    for args in (("--min-score", value), (f"--min-score={value}",)):
        result = dotstorm("similar", "Fewer repeat tickets", *args)
        line = assert_one_line_error(result, code=2)
        assert line == (
            f"dotstorm similar: argument --min-score: {value!r} is not a number from 0 to 1 "
            "(see 'dotstorm similar --help')"
        )
        assert result.stdout == ""
        assert "\x1b" not in result.stderr
    assert db_path.read_bytes() == before
    assert fingerprint(db_path) == files


@pytest.mark.parametrize("value", ["0", "1", "0.5", "1e-1", " 0.8 "])
def test_every_number_from_0_to_1_is_a_min_score(
    dotstorm: Dotstorm, board: dict[str, Note], value: str
):
    rows = similar(dotstorm, "Fewer repeat tickets", "--min-score", value)
    assert all(score(row) >= float(value) - 0.0005 for row in rows)


@pytest.mark.parametrize(
    "args", [["similar"], ["similar", "a", "b"], ["similar", "x", "--min-score"]]
)
def test_usage_errors_are_one_line(dotstorm: Dotstorm, board: dict[str, Note], args: list[str]):
    line = assert_one_line_error(dotstorm(*args), code=2)
    assert re.match(r"dotstorm( similar)?: ", line) and line.endswith("--help')"), line


def test_the_help_says_what_it_is_for_and_the_default_score(dotstorm: Dotstorm):
    assert "similar" in dotstorm("--help", db=False).stdout
    help_text = " ".join(dotstorm("similar", "--help", db=False).stdout.split())
    assert f"(default: {DEFAULT_MIN_SCORE})" in help_text  # the help and the app agree
    assert "SESSION" in help_text and "--json" in help_text


@pytest.mark.sqlite_only
def test_no_database_is_one_line_and_creates_nothing(dotstorm: Dotstorm, tmp_path: Path):
    missing = tmp_path / "nowhere" / "dotstorm.sqlite3"
    line = assert_one_line_error(dotstorm("similar", "x", "--db", str(missing), db=False))
    assert "there is no database at" in line and str(missing) in line
    assert not missing.parent.exists()


@pytest.mark.sqlite_only
def test_a_damaged_database_is_refused_in_one_line_and_left_as_it_was(
    dotstorm: Dotstorm, db_path: Path, db_url: str
):
    from app.core.demo import DEMO_SESSION_ID, build_demo_session

    with stored(db_url) as repository:
        repository.add_session(build_demo_session())
    damage_a_middle_page(db_path)
    damaged = fingerprint(db_path)
    line = assert_one_line_error(dotstorm("similar", DEMO_SESSION_ID))
    assert "is damaged" in line, line
    assert fingerprint(db_path) == damaged


@pytest.mark.sqlite_only
def test_a_foreign_database_is_refused_and_left_byte_identical(dotstorm: Dotstorm, tmp_path: Path):
    foreign = tmp_path / "theirs" / "crm.sqlite3"
    foreign.parent.mkdir()
    connection = sqlite3.connect(foreign)
    connection.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    connection.commit()
    connection.close()
    before = {p.name: p.read_bytes() for p in foreign.parent.iterdir()}
    line = assert_one_line_error(dotstorm("similar", "x", "--db", str(foreign), db=False))
    assert "not a Dotstorm database" in line, line
    assert {p.name: p.read_bytes() for p in foreign.parent.iterdir()} == before


@pytest.mark.sqlite_only
def test_reading_the_pairs_changes_no_byte_of_the_database(
    dotstorm: Dotstorm, db_path: Path, board: dict[str, Note]
):
    before = fingerprint(db_path)
    dotstorm.ok("similar", "Fewer repeat tickets")
    dotstorm.ok("similar", "Fewer repeat tickets", "--json")
    assert fingerprint(db_path) == before
