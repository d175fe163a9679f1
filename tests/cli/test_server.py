"""The dotstorm command on a PostgreSQL server: check, backup, restore, and no server at all."""

from __future__ import annotations

import json
import os
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from app.core.demo import build_demo_session
from app.core.session_format import dump_session
from app.core.types import Goal, MetricReading, new_id
from app.storage.database import open_database
from app.storage.repository import SessionRepository
from app.storage.schema_revision import HEAD_REVISION
from tests.cli.runner import Dotstorm, assert_one_line_error
from tests.conftest import EXAMPLE_FILE
from tests.postgres_server import PostgresServer


def on_server(url: str, env: dict[str, str], tmp_path: Path) -> Dotstorm:
    return Dotstorm(tmp_path / "not-used.sqlite3", env, url)


def stored_goals(url: str) -> tuple[list[Goal], list[MetricReading]]:
    """Every goal of the database at ``url`` whole, and every reading of its metrics."""
    database = open_database(url)
    try:
        repository = SessionRepository(database.engine)
        goals = sorted(repository.goals.all_goals(), key=lambda goal: goal.id)
        return goals, [r for goal in goals for r in repository.goals.readings(goal.id)]
    finally:
        database.close()


def stored_files(url: str) -> dict[str, object]:
    """Every session of the database at ``url`` as its session file says it (ids and all)."""
    database = open_database(url)
    try:
        repository = SessionRepository(database.engine)
        documents = {
            s.id: json.loads(dump_session(repository.load_session(s.id)))
            for s in repository.list_sessions()
        }
        for document in documents.values():
            document.pop("exported_at")
        return documents
    finally:
        database.close()


def test_check_reads_every_session_back_and_says_so(
    server_url: str, isolated_env: dict[str, str], tmp_path: Path
):
    dotstorm = on_server(server_url, isolated_env, tmp_path)
    dotstorm.ok("import", str(EXAMPLE_FILE))
    said = dotstorm.ok("check")
    assert said.startswith("ok: postgresql://postgres@/dotstorm_test_")
    assert said.rstrip().endswith(
        f"is sound (schema {HEAD_REVISION}, 1 session, 4 notes read back)"
    )


def test_a_backup_is_a_verified_archive_and_a_dump_and_restores_whole(
    postgres: PostgresServer,
    server_url: str,
    isolated_env: dict[str, str],
    tmp_path: Path,
):
    dotstorm = on_server(server_url, isolated_env, tmp_path)
    dotstorm.ok("import", str(EXAMPLE_FILE))
    database = open_database(server_url)
    repository = SessionRepository(database.engine)
    demo = build_demo_session()
    repository.add_session(demo)
    # What session files leave out: a goal's owner, its readings, a goal no session has.
    goal = repository.goals.goal_of_session(demo.id)
    assert goal is not None
    repository.goals.update_goal(replace(goal, owner="Maya Chen", target_date=date(2027, 6, 30)))
    repository.goals.add_reading(
        MetricReading(new_id(), goal.id, date(2026, 11, 2), 6.5, "week 44")
    )
    repository.goals.add_goal(Goal(new_id(), "Zero-touch onboarding", archived=True))
    database.close()
    archive, dump = (
        Path(line) for line in dotstorm.ok("backup", str(tmp_path / "copies")).split()
    )
    assert archive.suffix == ".zip" and dump.suffix == ".pgdump"
    assert archive.parent == dump.parent == tmp_path / "copies"
    with zipfile.ZipFile(archive) as opened:
        manifest = json.loads(opened.read("manifest.json"))
    assert manifest["schema"] == HEAD_REVISION and len(manifest["sessions"]) == 2
    before = stored_files(server_url)
    goals_before = stored_goals(server_url)
    assert len(goals_before[0]) == 3 and len(goals_before[1]) == 1

    # Into an empty server database, and into a laptop's SQLite file: the same sessions.
    empty = postgres.new_database()
    try:
        restored = on_server(postgres.url(empty), isolated_env, tmp_path)
        said = restored.ok("restore", str(archive))
        assert said.startswith("restored 2 sessions and 3 goals from ")
        assert stored_files(postgres.url(empty)) == before
        assert stored_goals(postgres.url(empty)) == goals_before
        line = assert_one_line_error(restored("restore", str(archive)))
        assert "already holds sessions" in line  # never over what is there
        assert stored_files(postgres.url(empty)) == before
    finally:
        postgres.drop_database(empty)
    laptop = Dotstorm(tmp_path / "laptop.sqlite3", isolated_env)
    laptop.ok("restore", str(archive))
    assert stored_files(f"sqlite:///{tmp_path / 'laptop.sqlite3'}") == before
    assert stored_goals(f"sqlite:///{tmp_path / 'laptop.sqlite3'}") == goals_before


def test_without_pg_dump_the_archive_is_the_backup_and_that_is_said(
    server_url: str, isolated_env: dict[str, str], tmp_path: Path
):
    import sys

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(sys.executable)
    env = dict(isolated_env, PATH=str(bin_dir))
    dotstorm = on_server(server_url, env, tmp_path)
    dotstorm.ok("import", str(EXAMPLE_FILE))
    result = dotstorm("backup", str(tmp_path / "copies"))
    assert result.returncode == 0, result.stderr
    (archive,) = result.stdout.split()
    assert Path(archive).suffix == ".zip"
    assert (
        result.stderr == "dotstorm: pg_dump is not on the PATH: the archive holds every session\n"
    )


@pytest.mark.parametrize(
    ("damaged_file", "said", "instead"),
    [("sessions/", b"Fewer", b"Fuller"), ("goals.json", b"easiest", b"hardest")],
)
def test_a_damaged_archive_is_refused_before_anything_is_written(
    server_url: str,
    isolated_env: dict[str, str],
    tmp_path: Path,
    damaged_file: str,
    said: bytes,
    instead: bytes,
):
    dotstorm = on_server(server_url, isolated_env, tmp_path)
    dotstorm.ok("import", str(EXAMPLE_FILE))
    archive = Path(dotstorm.ok("backup", str(tmp_path / "copies")).split()[0])
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith(damaged_file):
                assert said in data
                data = data.replace(said, instead)
            target.writestr(item, data)
    laptop = Dotstorm(tmp_path / "laptop.sqlite3", isolated_env)
    line = assert_one_line_error(laptop("restore", str(damaged)))
    assert "is not what was written" in line
    assert not (tmp_path / "laptop.sqlite3").exists()


def test_a_server_that_is_not_there_is_one_line_without_the_password(
    isolated_env: dict[str, str], tmp_path: Path
):
    url = "postgresql://maya:s3cret@127.0.0.1:9/dotstorm"
    for command in (["list"], ["check"], ["backup"], ["import", str(EXAMPLE_FILE)]):
        result = Dotstorm(tmp_path / "x", isolated_env, url)(*command)
        line = assert_one_line_error(result)
        assert (
            line
            == "dotstorm: Cannot reach the database server at 127.0.0.1:9: connection refused."
        )
        assert "s3cret" not in result.stdout + result.stderr


def test_check_names_a_database_that_is_not_dotstorms(
    postgres: PostgresServer, isolated_env: dict[str, str], tmp_path: Path
):
    foreign = postgres.new_database()
    try:
        postgres_url = postgres.url(foreign)
        import psycopg

        with psycopg.connect(postgres_url, autocommit=True) as connection:
            connection.execute("CREATE TABLE customers (id integer PRIMARY KEY)")
        line = assert_one_line_error(on_server(postgres_url, isolated_env, tmp_path)("check"))
        assert line.endswith("is not a Dotstorm database")
        line = assert_one_line_error(on_server(postgres_url, isolated_env, tmp_path)("list"))
        assert "holds other tables and is not a Dotstorm database" in line
    finally:
        postgres.drop_database(foreign)
    assert os.environ.get("DOTSTORM_DB") is None


def test_init_makes_the_schema_on_an_empty_server_database_once(
    postgres: PostgresServer, isolated_env: dict[str, str], tmp_path: Path
):
    empty = postgres.new_database()
    try:
        dotstorm = on_server(postgres.url(empty), isolated_env, tmp_path)
        said = dotstorm.ok("init")
        assert said.startswith("ready: postgresql://postgres@/dotstorm_test_")
        assert said.rstrip().endswith(f"at schema {HEAD_REVISION} (created)")
        current = f"at schema {HEAD_REVISION} (already current)"
        assert dotstorm.ok("init").rstrip().endswith(current)
        assert dotstorm.ok("check").startswith("ok: ")
        assert dotstorm.ok("list") == (
            "No sessions yet. Start the app with 'dotstorm', or try 'dotstorm --demo'.\n"
        )
    finally:
        postgres.drop_database(empty)


def test_init_makes_a_laptops_file_too(isolated_env: dict[str, str], tmp_path: Path):
    laptop = Dotstorm(tmp_path / "new" / "dotstorm.sqlite3", isolated_env)
    said = laptop.ok("init")
    new_file = tmp_path / "new" / "dotstorm.sqlite3"
    assert said == f"ready: {new_file} at schema {HEAD_REVISION} (created)\n"
    assert laptop.ok("check").startswith("ok: ")


def test_a_servers_backups_go_to_the_user_data_folder_by_default(
    server_url: str, isolated_env: dict[str, str], tmp_path: Path
):
    dotstorm = on_server(server_url, isolated_env, tmp_path)
    dotstorm.ok("import", str(EXAMPLE_FILE))
    archive = Path(dotstorm.ok("backup").split()[0])
    data_home = Path(isolated_env["XDG_DATA_HOME"])
    assert archive.parent == data_home / "dotstorm" / "backups"


def test_a_password_comes_from_pgpass_and_a_wrong_one_is_one_sentence(
    postgres: PostgresServer, server_url: str, isolated_env: dict[str, str], tmp_path: Path
):
    postgres.add_password_user("maya", "s3cret")  # returns once the server asks for it
    database = server_url.split("/")[3].split("?")[0]
    url = f"postgresql://maya@/{database}?host={postgres.socket_dir}&port={postgres.port}"
    passfile = tmp_path / "pgpass"
    env = dict(isolated_env, PGPASSFILE=str(passfile))
    env.pop("PGPASSWORD", None)
    passfile.write_text(f"*:*:{database}:maya:wrong\n")
    passfile.chmod(0o600)
    line = assert_one_line_error(on_server(url, env, tmp_path)("list"))
    assert "refused the user name or password" in line and "wrong" not in line
    passfile.write_text(f"*:*:{database}:maya:s3cret\n")
    assert on_server(url, env, tmp_path).ok("list", "--json") == "[]\n"
