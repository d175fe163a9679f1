"""dotstorm backup: only of a database this Dotstorm wrote, never readable by more people."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from app.storage.schema_revision import HEAD_REVISION
from tests.cli.runner import Dotstorm, assert_one_line_error
from tests.conftest import EXAMPLE_FILE


def backup_under(dotstorm: Dotstorm, umask: int, folder: Path) -> list[Path]:
    """``dotstorm backup FOLDER`` run with ``umask``: the paths it printed."""
    done = subprocess.run(
        [sys.executable, "-m", "app", "backup", str(folder), "--db", dotstorm.db],
        capture_output=True,
        text=True,
        env=dotstorm.env,
        preexec_fn=lambda: os.umask(umask),
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return [Path(line) for line in done.stdout.split()]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_database_of_a_newer_dotstorm_is_not_backed_up(dotstorm: Dotstorm, tmp_path: Path):
    dotstorm.ok("import", str(EXAMPLE_FILE))
    dotstorm.execute("UPDATE alembic_version SET version_num = '9999'")
    listed = assert_one_line_error(dotstorm("list"))
    assert "was written by a newer Dotstorm (schema 9999), or its schema label was" in listed
    refused = assert_one_line_error(dotstorm("backup", str(tmp_path / "copies")))
    assert refused == listed  # the words every other command says
    assert not (tmp_path / "copies").exists()


def test_a_server_at_an_older_schema_is_not_archived_as_this_one(
    server_url: str, isolated_env: dict[str, str], tmp_path: Path
):
    server = Dotstorm(tmp_path / "not-used.sqlite3", isolated_env, server_url)
    server.ok("import", str(EXAMPLE_FILE))
    server.execute("UPDATE alembic_version SET version_num = '0001'")
    line = assert_one_line_error(server("backup", str(tmp_path / "copies")))
    assert line == (
        f"dotstorm: The database is at schema 0001, older than this Dotstorm's {HEAD_REVISION}; "
        "back it up with the Dotstorm that wrote it, or upgrade it with 'dotstorm init' first."
    )
    assert not (tmp_path / "copies").exists()


@pytest.mark.sqlite_only  # the file's own permissions
def test_a_copy_of_a_file_is_never_readable_by_more_than_the_file(
    dotstorm: Dotstorm, tmp_path: Path
):
    dotstorm.ok("import", str(EXAMPLE_FILE))
    for file_mode, umask, expected in ((0o600, 0o022, 0o600), (0o644, 0o077, 0o600)):
        dotstorm.db_path.chmod(file_mode)
        (copy,) = backup_under(dotstorm, umask, tmp_path / f"copies-{file_mode:o}")
        assert mode(copy) == expected, f"{file_mode:o} under umask {umask:03o}"
    assert Dotstorm(copy, dotstorm.env).ok("check").startswith("ok:")


def test_a_servers_archive_and_dump_follow_the_umask(
    server_url: str, isolated_env: dict[str, str], tmp_path: Path
):
    server = Dotstorm(tmp_path / "not-used.sqlite3", isolated_env, server_url)
    server.ok("import", str(EXAMPLE_FILE))
    for umask, expected in ((0o077, 0o600), (0o027, 0o640)):
        written = backup_under(server, umask, tmp_path / f"copies-{umask:o}")
        assert [mode(path) for path in written] == [expected] * len(written)
