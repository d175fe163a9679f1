"""The dotstorm command, run as a user runs it: in a subprocess."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.cli.runner import Dotstorm, assert_one_line_error
from tests.conftest import EXAMPLE_FILE


def test_version_and_help(dotstorm: Dotstorm):
    assert dotstorm("--version", db=False).stdout.startswith("dotstorm ")
    help_text = dotstorm("--help", db=False).stdout
    for word in ("list", "import", "export", "check", "backup", "--demo", "--open", "--db"):
        assert word in help_text


def test_every_command_and_argument_says_what_it_is_for():
    import argparse

    from app.cli import build_parser

    parser = build_parser()
    (commands,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    silent = [
        f"{name} {' / '.join(action.option_strings) or action.dest}"
        for name, sub in [("dotstorm", parser), *commands.choices.items()]
        for action in sub._actions
        if action.help is None and not isinstance(action, argparse._SubParsersAction)
    ]
    assert silent == []
    backup_help = " ".join(commands.choices["backup"].format_help().split())
    assert "beside the database" in backup_help


def test_import_then_export_gives_back_the_same_document(dotstorm: Dotstorm, tmp_path: Path):
    session_id = dotstorm.ok("import", str(EXAMPLE_FILE)).strip()
    assert session_id == "65da769a-d733-40d0-a5ac-ffbe93594acc"
    exported = json.loads(dotstorm.ok("export", session_id, "--format", "json"))
    original = json.loads(EXAMPLE_FILE.read_text("utf-8"))
    # The goal became a goal record on import; the file now carries it, and nothing else.
    goal = exported["session"].pop("goal_record")
    assert goal["title"] == original["session"]["goal"]
    assert exported["session"] == original["session"]
    assert {k: v for k, v in exported.items() if k != "exported_at"} == {
        k: v for k, v in original.items() if k != "exported_at"
    }
    out = tmp_path / "out.json"
    dotstorm.ok("export", "Fewer repeat support tickets", "--format", "json", "-o", str(out))
    # That file goes into another database and comes back out byte for byte.
    elsewhere = Dotstorm(tmp_path / "elsewhere.sqlite3", dotstorm.env)
    again = elsewhere.ok("import", str(out)).strip()
    back = json.loads(elsewhere.ok("export", again, "--format", "json"))
    assert back["session"] == json.loads(out.read_text("utf-8"))["session"]


def test_list_json_has_the_documented_fields(dotstorm: Dotstorm):
    assert dotstorm.sessions() == []
    dotstorm.ok("import", str(EXAMPLE_FILE))
    (row,) = dotstorm.sessions()
    assert row == {
        "id": "65da769a-d733-40d0-a5ac-ffbe93594acc",
        "title": "Fewer repeat support tickets",
        "status": "finished",
        "created_at": "2026-11-19T16:00:00Z",
        "participants": 4,
        "notes": 4,
        "vote_rounds": 1,
        "action_items": 1,
    }
    assert "Fewer repeat support tickets" in dotstorm.ok("list")


def test_list_escapes_control_characters_in_a_title(dotstorm: Dotstorm):
    """Files refuse them; a database another tool wrote may still hold one."""
    dotstorm.ok("import", str(EXAMPLE_FILE))
    dotstorm.execute("UPDATE sessions SET title = :title", title="Tickets\u001b[2J wiped")
    listed = dotstorm.ok("list")
    assert "\x1b" not in listed and "Tickets\\x1b[2J wiped" in listed


def test_importing_twice_gives_two_sessions(dotstorm: Dotstorm):
    first = dotstorm.ok("import", str(EXAMPLE_FILE)).strip()
    second = dotstorm.ok("import", str(EXAMPLE_FILE)).strip()
    assert first != second
    assert len(dotstorm.sessions()) == 2
    line = assert_one_line_error(
        dotstorm("export", "Fewer repeat support tickets", "--format", "json")
    )
    assert "2 sessions are titled" in line
    assert (
        json.loads(dotstorm.ok("export", second[:8], "--format", "json"))["session"]["id"]
        == second
    )


def test_a_bad_file_writes_nothing_and_names_the_offence(dotstorm: Dotstorm, tmp_path: Path):
    dotstorm.ok("import", str(EXAMPLE_FILE))
    before = dotstorm.sessions()
    document = json.loads(EXAMPLE_FILE.read_text("utf-8"))
    document["session"]["id"] = "0f0f0f0f-0000-4000-8000-000000000000"
    document["session"]["notes"][3]["author_id"] = "11111111-2222-4333-8444-555555555555"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document))
    line = assert_one_line_error(dotstorm("import", str(bad)))
    assert line == ("dotstorm: bad.json: /session/notes/3/author_id: no participant with this id")
    assert dotstorm.sessions() == before


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"not json", "not valid JSON"),
        (b'{"format": "dotstorm.session", "version": 7, "session": {}}', "format version 7"),
    ],
)
def test_unreadable_files_are_refused(
    dotstorm: Dotstorm, tmp_path: Path, content: bytes, fragment: str
):
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    assert fragment in assert_one_line_error(dotstorm("import", str(bad)))
    assert dotstorm.sessions() == []


def test_missing_file_and_folder(dotstorm: Dotstorm, tmp_path: Path):
    assert "cannot read" in assert_one_line_error(dotstorm("import", str(tmp_path / "nope.json")))
    assert "is a folder" in assert_one_line_error(dotstorm("import", str(tmp_path)))


def test_minutes_in_every_format(dotstorm: Dotstorm, tmp_path: Path):
    dotstorm.ok("import", str(EXAMPLE_FILE))
    for fmt in ("md", "csv", "pdf"):
        out = tmp_path / f"minutes.{fmt}"
        dotstorm.ok("export", "65da769a", "--format", fmt, "-o", str(out), "--page-size", "letter")
        assert out.stat().st_size > 0
    assert "Fewer repeat support tickets" in (tmp_path / "minutes.md").read_text("utf-8")
    assert (tmp_path / "minutes.csv").read_bytes().startswith(b"\xef\xbb\xbfid,text,")
    assert (tmp_path / "minutes.pdf").read_bytes().startswith(b"%PDF")
    info = subprocess.run(
        ["pdfinfo", str(tmp_path / "minutes.pdf")], capture_output=True, text=True, check=True
    ).stdout
    assert "612 x 792 pts (letter)" in info  # --page-size reached the PDF
    line = assert_one_line_error(
        dotstorm("export", "65da769a", "--format", "pdf", "-o", str(tmp_path / "no" / "x.pdf"))
    )
    assert "does not exist" in line
    assert not (tmp_path / "no").exists()


def test_the_commands_pdf_has_the_board_picture_even_with_no_screen(
    dotstorm: Dotstorm, tmp_path: Path
):
    for variable in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        dotstorm.env.pop(variable, None)
    dotstorm.ok("import", str(EXAMPLE_FILE))
    out = tmp_path / "minutes.pdf"
    dotstorm.ok("export", "65da769a", "--format", "pdf", "-o", str(out))
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "The board" in text
    images = subprocess.run(
        ["pdfimages", "-list", str(out)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    (board,) = images
    width, height = (int(value) for value in board.split()[3:5])
    assert max(width, height) >= 1000  # print resolution, not a thumbnail


def test_actions_across_sessions_in_the_documented_json_shape(dotstorm: Dotstorm):
    assert dotstorm.ok("actions") == "No actions yet.\n"
    first = dotstorm.ok("import", str(EXAMPLE_FILE)).strip()
    second = dotstorm.ok("import", str(EXAMPLE_FILE)).strip()
    rows = json.loads(dotstorm.ok("actions", "--json"))
    assert len(rows) == 2
    assert {row["session_id"] for row in rows} == {first, second}
    row = next(row for row in rows if row["session_id"] == first)
    assert row == {
        "id": "c8df8f43-4d27-48a7-939e-2e8561a69ab3",
        "session_id": first,
        "session_title": "Fewer repeat support tickets",
        "title": "Publish the top-10 FAQ page",
        "owner": "Amara Okafor",
        "department": "Customer Support",
        "due_date": "2026-12-04",
        "status": "open",
        "hypothesis": "A public FAQ answers a quarter of repeat tickets",
        "success_metric": "Repeat tickets per week, -25% in a month",
        "goal_id": row["goal_id"],
        "outcome": None,
    }
    # Both sessions have the same goal: one goal record, made at the first import.
    (goal,) = json.loads(dotstorm.ok("goals", "--json"))
    assert {r["goal_id"] for r in rows} == {goal["id"]}
    assert goal["title"] == "Be the easiest supplier to work with"
    assert len(json.loads(dotstorm.ok("actions", "--json", "--status", "open"))) == 2
    assert json.loads(dotstorm.ok("actions", "--json", "--status", "done")) == []
    assert len(json.loads(dotstorm.ok("actions", "--json", "--owner", "amara okafor"))) == 2
    assert json.loads(dotstorm.ok("actions", "--json", "--owner", "Nobody")) == []
    lines = dotstorm.ok("actions").splitlines()
    assert len(lines) == 2
    assert "Publish the top-10 FAQ page" in lines[0] and "Amara Okafor" in lines[0]
    assert dotstorm.ok("actions", "--status", "dropped") == "No actions match.\n"


def test_an_action_past_its_date_is_marked_overdue_and_one_ahead_is_not(
    dotstorm: Dotstorm, tmp_path: Path
):
    document = json.loads(EXAMPLE_FILE.read_bytes())
    (action,) = document["session"]["action_items"]
    late, ahead = dict(action), dict(action, id=str(uuid.uuid4()), title="Still ahead")
    late["due_date"] = (date.today() - timedelta(days=1)).isoformat()
    ahead["due_date"] = (date.today() + timedelta(days=1)).isoformat()
    document["session"]["action_items"] = [late, ahead]
    source = tmp_path / "dated.json"
    source.write_text(json.dumps(document))
    dotstorm.ok("import", str(source))
    lines = dotstorm.ok("actions").splitlines()
    (late_line,) = [line for line in lines if late["title"] in line]
    (ahead_line,) = [line for line in lines if "Still ahead" in line]
    assert late_line.endswith("OVERDUE") and "OVERDUE" not in ahead_line


def test_unknown_session_and_usage_errors(dotstorm: Dotstorm):
    dotstorm.ok("import", str(EXAMPLE_FILE))
    assert "No session has" in assert_one_line_error(dotstorm("export", "zzz", "--format", "json"))
    result = dotstorm("export", "x")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert dotstorm("frobnicate").returncode == 2
    assert dotstorm("list", "--demo").returncode == 2


@pytest.mark.sqlite_only  # the server's check and backup: tests/cli/test_server.py
def test_check_and_backup(dotstorm: Dotstorm, tmp_path: Path):
    dotstorm.ok("import", str(EXAMPLE_FILE))
    assert dotstorm.ok("check").startswith("ok:")
    copy = Path(dotstorm.ok("backup", str(tmp_path / "copies")).strip())
    assert copy.parent == tmp_path / "copies" and copy.exists()
    again = Dotstorm(copy, dotstorm.env)
    assert again.ok("check").startswith("ok:")
    assert len(again.sessions()) == 1


def test_check_refuses_a_file_that_is_not_a_database(dotstorm: Dotstorm, tmp_path: Path):
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"hello" * 1000)
    line = assert_one_line_error(Dotstorm(garbage, dotstorm.env)("check"))
    same = f"dotstorm: {garbage} is not a Dotstorm database (it is not SQLite at all)."
    assert line == same  # the sentence the window shows too
    assert garbage.read_bytes() == b"hello" * 1000
    line = assert_one_line_error(Dotstorm(garbage, dotstorm.env)("list"))
    assert "not SQLite at all" in line


def test_the_environment_variable_chooses_the_database(
    isolated_env: dict[str, str], tmp_path: Path
):
    env = dict(isolated_env, DOTSTORM_DB=str(tmp_path / "env.sqlite3"))
    result = subprocess.run(
        [sys.executable, "-m", "app", "import", str(EXAMPLE_FILE)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert result.stdout.strip()
    assert (tmp_path / "env.sqlite3").exists()


def test_the_default_database_lives_in_the_user_data_folder(
    isolated_env: dict[str, str], tmp_path: Path
):
    subprocess.run(
        [sys.executable, "-m", "app", "import", str(EXAMPLE_FILE)],
        capture_output=True,
        env=isolated_env,
        check=True,
    )
    data_home = Path(isolated_env["XDG_DATA_HOME"])
    assert (data_home / "dotstorm" / "dotstorm.sqlite3").exists()


def test_an_unexpected_error_is_one_line_with_the_traceback_in_the_log(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    isolated_env: dict[str, str],
):
    from app.cli import main
    from app.storage import schema_revision

    for name, value in isolated_env.items():
        monkeypatch.setenv(name, value)

    def broken(_path: object) -> None:
        raise RuntimeError("a bug nobody foresaw")

    assert main(["import", str(EXAMPLE_FILE), "--db", str(tmp_path / "x.sqlite3")]) == 0
    monkeypatch.setattr(schema_revision, "quick_session_list", broken)  # what list reads with
    assert main(["list", "--db", str(tmp_path / "x.sqlite3")]) == 1
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("dotstorm: unexpected error (RuntimeError: a bug nobody foresaw)")
    log = Path(line.rsplit("the details are in ", 1)[1])
    assert log.is_relative_to(tmp_path)
    assert "Traceback" in log.read_text("utf-8")


HOSTILE = [
    (["import"], 2),
    (["import", "a.json", "b.json"], 2),
    (["import", "/dev/null"], 1),
    (["import", "/"], 1),
    (["import", "--db", "/dev/null/x.sqlite3", "x.json"], 1),
    (["export"], 2),
    (["export", "x", "--format"], 2),
    (["export", "x", "--format", "docx"], 2),
    (["export", "", "--format", "json"], 1),
    (["export", "'; DROP TABLE sessions; --", "--format", "json"], 1),
    (["export", "%s%n%x", "--format", "json"], 1),
    (["export", "65da769a", "--format", "json", "-o", "/"], 1),
    (["export", "65da769a", "--format", "pdf", "--page-size", "a0"], 2),
    (["list", "--json", "--json", "extra"], 2),
    (["check", "extra"], 2),
    (["actions", "--status", "finished"], 2),
    (["actions", "--owner"], 2),
    (["actions", "--json", "surplus"], 2),
    (["backup", "/dev/null/nope"], 1),
    (["--open"], 2),
    (["--demo", "--open", "x"], 2),
    (["--db"], 2),
    (["--no-such-option"], 2),
    (["list", "--db", ""], 1),
    (["list", "--db", "mysql://user@host/db"], 1),
    (["list", "--db", "postgresql://user@host/db"], 1),
    (["import", "--db", "http://example.com/x", "x.json"], 1),
    (["list", "--db", "sqlite://"], 1),
    (["import", "--db", "sqlite:///:memory:", "x.json"], 1),
    (["list", "--db", "sqlite:///file:x.sqlite3?mode=ro&uri=true"], 1),
    (["export", "%%%%%%%%", "--format", "json"], 1),
    (["export", "________", "--format", "json"], 1),
]


REFUSED_BY_THE_PARSER = [args for args, code in HOSTILE if code == 2]
REFUSED_WHEN_RUN = [args for args, code in HOSTILE if code == 1]


@pytest.mark.parametrize("args", REFUSED_BY_THE_PARSER, ids=" ".join)
def test_arguments_the_parser_refuses_get_one_line_and_touch_nothing(
    args: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    isolated_env: dict[str, str],
    tmp_path: Path,
):
    """Refused while parsing, before any database is named: tested in this process."""
    from app.cli import main

    for name, value in isolated_env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)
    before = sorted(tmp_path.rglob("*"))
    with pytest.raises(SystemExit) as exited:
        main(args)
    assert exited.value.code == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert re.match(r"dotstorm( \w+)?: ", line), line
    assert line.endswith("--help')"), line  # what was wrong, and where to read more
    assert sorted(tmp_path.rglob("*")) == before


@pytest.mark.parametrize("args", REFUSED_WHEN_RUN, ids=" ".join)
def test_hostile_arguments_get_one_line_and_change_nothing(dotstorm: Dotstorm, args: list[str]):
    dotstorm.import_here(EXAMPLE_FILE)
    before = dotstorm.stored()
    result = dotstorm(*args, db="--db" not in args)  # a --db of the test's own is the point
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert re.match(r"dotstorm( \w+)?: ", line), line
    assert dotstorm.stored() == before


@pytest.mark.sqlite_only
def test_reading_commands_never_create_a_database(dotstorm: Dotstorm, tmp_path: Path):
    missing = tmp_path / "nowhere" / "dotstorm.sqlite3"
    assert "there is no database at" in dotstorm.ok("list", "--db", str(missing))
    assert dotstorm.ok("list", "--json", "--db", str(missing)).strip() == "[]"
    assert dotstorm.ok("actions", "--db", str(missing)) == "No actions yet.\n"
    for command in (["export", "x", "--format", "json"], ["check"], ["backup"]):
        line = assert_one_line_error(dotstorm(*command, "--db", str(missing), db=False))
        assert str(missing.parent) in line, line
    assert not missing.parent.exists()
    created = dotstorm("import", str(EXAMPLE_FILE), "--db", str(missing), db=False)
    assert created.returncode == 0 and missing.exists()  # import may create it


@pytest.mark.sqlite_only
def test_exports_write_only_regular_files_and_never_the_database(
    dotstorm: Dotstorm, tmp_path: Path
):
    dotstorm.ok("import", str(EXAMPLE_FILE))
    before = dotstorm.db_path.read_bytes()
    line = assert_one_line_error(
        dotstorm("export", "65da769a", "--format", "json", "-o", str(dotstorm.db_path))
    )
    assert "is the database itself" in line
    assert dotstorm.db_path.read_bytes() == before
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    line = assert_one_line_error(
        dotstorm("export", "65da769a", "--format", "json", "-o", str(pipe))
    )
    assert "is not a regular file" in line
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]


def test_exports_respect_the_umask_and_an_existing_files_mode(dotstorm: Dotstorm, tmp_path: Path):
    dotstorm.ok("import", str(EXAMPLE_FILE))
    fresh, kept = tmp_path / "fresh.json", tmp_path / "kept.json"
    kept.write_text("old")
    kept.chmod(0o640)
    for out in (fresh, kept):
        result = subprocess.run(
            [
                *(sys.executable, "-m", "app", "export", "65da769a", "--format", "json"),
                *("-o", str(out), "--db", dotstorm.db),
            ],
            capture_output=True,
            text=True,
            env=dotstorm.env,
            preexec_fn=lambda: os.umask(0o077),
            check=True,
        )
        assert result.stderr == ""
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o600
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640
    assert json.loads(kept.read_text())["format"] == "dotstorm.session"


def test_four_imports_of_one_file_at_once_all_land_with_their_own_ids(dotstorm: Dotstorm):
    from app.storage.database import open_database
    from app.storage.location import resolve_database_url

    dotstorm.db_path.parent.mkdir(parents=True)
    open_database(resolve_database_url(dotstorm.db)).close()  # empty: the file's ids are free
    command = [sys.executable, "-m", "app", "import", str(EXAMPLE_FILE)]
    command += ["--db", dotstorm.db]
    running = [
        subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dotstorm.env
        )
        for _ in range(4)
    ]
    results = [process.communicate(timeout=120) for process in running]
    assert [process.returncode for process in running] == [0] * 4, results
    ids = {out.strip() for out, _ in results}
    assert len(ids) == 4
    assert {row["id"] for row in dotstorm.sessions()} == ids


@pytest.mark.sqlite_only  # PostgreSQL enforces the checks a hand edit skips here
def test_one_bad_row_is_named_and_the_other_sessions_stay_usable(dotstorm: Dotstorm):
    import sqlite3

    good = dotstorm.ok("import", str(EXAMPLE_FILE)).strip()
    bad = dotstorm.ok("import", str(EXAMPLE_FILE)).strip()
    connection = sqlite3.connect(dotstorm.db_path)
    connection.execute("PRAGMA ignore_check_constraints = ON")  # as a hand edit would
    connection.execute("UPDATE sessions SET status = 'bogus' WHERE id = ?", (bad,))
    connection.commit()
    connection.close()
    listed = dotstorm("list")
    assert listed.returncode == 1
    assert good[:8] in listed.stdout and bad[:8] not in listed.stdout
    line = assert_one_line_error(listed)
    assert bad[:8] in line and "'bogus'" in line
    assert json.loads(dotstorm("list", "--json").stdout)[0]["id"] == good
    line = assert_one_line_error(dotstorm("export", bad, "--format", "json"))
    assert "'bogus'" in line and "does not know" in line
    assert json.loads(dotstorm.ok("export", good, "--format", "json"))["session"]["id"] == good


@pytest.mark.sqlite_only  # PostgreSQL enforces the checks a hand edit skips here
def test_one_bad_action_row_is_named_and_the_other_actions_stay_listed(dotstorm: Dotstorm):
    import sqlite3

    for _ in range(2):
        dotstorm.ok("import", str(EXAMPLE_FILE))
    actions = json.loads(dotstorm.ok("actions", "--json"))
    assert len(actions) == 2
    bad, session_id = actions[0]["id"], actions[1]["session_id"]
    connection = sqlite3.connect(dotstorm.db_path)
    connection.execute("PRAGMA ignore_check_constraints = ON")  # as a hand edit would
    connection.execute("UPDATE action_items SET status = 'someday' WHERE id = ?", (bad,))
    # A session row with an unknown status does not hide its actions either.
    connection.execute("UPDATE sessions SET status = 'bogus' WHERE id = ?", (session_id,))
    connection.commit()
    connection.close()
    for args in (("actions",), ("actions", "--json")):
        result = dotstorm(*args)
        line = assert_one_line_error(result)
        assert line.startswith("dotstorm: left out: action ") and bad[:8] in line
        assert "'someday'" in line and "does not know" in line
    listed = json.loads(dotstorm("actions", "--json").stdout)
    assert [a["id"] for a in listed] == [a["id"] for a in actions[1:]]
    assert bad[:8] not in dotstorm("actions").stdout
