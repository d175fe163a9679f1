"""A database where this user may not write: one sentence, exit 1, nothing changed.

CI runs as root, who writes anywhere; :mod:`tests.machine` takes that bypass away, so
the folders below really refuse the process.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_FILE
from tests.machine import obeying_file_permissions

pytestmark = pytest.mark.sqlite_only  # about the SQLite file: its bytes, pages, folder


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    command = obeying_file_permissions([sys.executable, "-m", "app", *args])
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "read-only"
    folder.mkdir()
    yield folder
    folder.chmod(0o755)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_new_database_in_a_folder_nobody_may_write(
    read_only_folder: Path, isolated_env: dict[str, str]
):
    read_only_folder.chmod(0o555)
    database = read_only_folder / "dotstorm.sqlite3"
    listed = run(isolated_env, "list", "--db", str(database))
    assert listed.returncode == 0 and "there is no database at" in listed.stdout
    line = one_line(run(isolated_env, "import", str(EXAMPLE_FILE), "--db", str(database)))
    assert line == (
        f"dotstorm: Dotstorm cannot write in the folder {read_only_folder}; "
        "fix its permissions, or choose another place with --db."
    )
    assert list(read_only_folder.iterdir()) == []


def test_an_existing_database_in_a_read_only_folder_is_left_as_it_was(
    read_only_folder: Path, isolated_env: dict[str, str]
):
    database = read_only_folder / "dotstorm.sqlite3"
    made = run(isolated_env, "import", str(EXAMPLE_FILE), "--db", str(database))
    assert made.returncode == 0, made.stderr
    before = digest(database)
    read_only_folder.chmod(0o555)
    line = one_line(run(isolated_env, "import", str(EXAMPLE_FILE), "--db", str(database)))
    assert "cannot write in the folder" in line
    assert digest(database) == before


def test_a_read_only_database_file_is_refused_by_name(
    tmp_path: Path, isolated_env: dict[str, str]
):
    database = tmp_path / "dotstorm.sqlite3"
    made = run(isolated_env, "import", str(EXAMPLE_FILE), "--db", str(database))
    assert made.returncode == 0, made.stderr
    before = digest(database)
    database.chmod(0o444)
    line = one_line(run(isolated_env, "list", "--db", str(database)))
    assert line == (
        f"dotstorm: Dotstorm needs to read and write {database}, and may not; "
        "check its permissions."
    )
    assert digest(database) == before
