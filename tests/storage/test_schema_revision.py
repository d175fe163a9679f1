"""The library's first listing, read with plain sqlite3, says what the repository says."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.demo import build_demo_session
from app.core.session_format import parse_session_file
from app.core.session_ops import as_template
from app.storage.database import open_database
from app.storage.repository import SessionRepository
from app.storage.schema_revision import HEAD_REVISION, on_disk_revision, quick_session_list
from tests.conftest import EXAMPLE_FILE, FIXTURES

pytestmark = pytest.mark.sqlite_only  # about the SQLite file: its bytes, pages, folder


def test_the_quick_list_is_the_repositorys_list(db_url: str, db_path: Path):
    database = open_database(db_url)
    repository = SessionRepository(database.engine)
    demo = build_demo_session()
    repository.add_session(demo)
    repository.add_session(parse_session_file(EXAMPLE_FILE.read_bytes()))
    repository.add_session(as_template(demo, "A copy, same day"))
    try:
        assert quick_session_list(db_path) == repository.list_sessions()
    finally:
        database.close()


def test_only_a_current_healthy_database_is_listed_early(tmp_path: Path):
    older = tmp_path / "older.sqlite3"
    shutil.copy(FIXTURES / "schemas" / "schema-0004.sqlite3", older)
    assert on_disk_revision(older) == "0004" != HEAD_REVISION
    assert quick_session_list(older) is None  # it must be migrated first
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    assert on_disk_revision(junk) is None and quick_session_list(junk) is None
    assert quick_session_list(tmp_path / "missing.sqlite3") is None


def test_the_first_listing_does_not_wait_for_sqlalchemy(db_url: str, db_path: Path):
    database = open_database(db_url)
    SessionRepository(database.engine).add_session(build_demo_session())
    database.close()
    probe = (
        "import sys\n"
        "from pathlib import Path\n"
        "from app.storage.schema_revision import quick_session_list\n"
        f"rows = quick_session_list(Path({str(db_path)!r}))\n"
        "print(len(rows), 'sqlalchemy' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.split() == ["1", "False"]
