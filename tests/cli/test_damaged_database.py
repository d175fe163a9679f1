"""Every command refuses a database with a damaged page in one line, and writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.demo import DEMO_SESSION_ID, build_demo_session
from app.storage.database import open_database
from app.storage.repository import SessionRepository
from tests.cli.runner import Dotstorm, assert_one_line_error
from tests.conftest import EXAMPLE_FILE
from tests.damage import damage_a_middle_page, fingerprint

pytestmark = pytest.mark.sqlite_only  # about the SQLite file: its bytes, pages, folder


@pytest.fixture
def damaged(db_path: Path) -> dict[str, str]:
    database = open_database(f"sqlite:///{db_path}")
    SessionRepository(database.engine).add_session(build_demo_session())
    database.close()
    damage_a_middle_page(db_path)
    return fingerprint(db_path)


COMMANDS = {
    "list": ["list"],
    "list --json": ["list", "--json"],
    "actions": ["actions"],
    "export json": ["export", DEMO_SESSION_ID, "--format", "json", "-o", "{out}/out.json"],
    "export pdf": ["export", DEMO_SESSION_ID, "--format", "pdf", "-o", "{out}/out.pdf"],
    "import": ["import", str(EXAMPLE_FILE)],
    "backup": ["backup", "{out}/backups"],
}


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_refuses_it_in_one_line_and_leaves_it_as_it_was(
    dotstorm: Dotstorm, db_path: Path, tmp_path: Path, damaged: dict[str, str], command: str
):
    out = tmp_path / "out"
    out.mkdir()
    args = [arg.format(out=out) for arg in COMMANDS[command]]
    line = assert_one_line_error(dotstorm(*args))
    assert "is damaged" in line, line
    assert fingerprint(db_path) == damaged
    assert [p for p in out.rglob("*") if p.is_file()] == []


def test_check_names_the_damage(dotstorm: Dotstorm, db_path: Path, damaged: dict[str, str]):
    line = assert_one_line_error(dotstorm("check"))
    assert f"{db_path} is damaged: " in line and "malformed" in line
    assert fingerprint(db_path) == damaged
