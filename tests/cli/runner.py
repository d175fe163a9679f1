"""Running the dotstorm command as a user does: a subprocess with its own folders."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


class Dotstorm:
    """Runs ``python -m app`` against one database with an isolated environment.

    ``db`` is what the user gives ``--db``: the file's path or a server's URL;
    ``db_path`` is the file an SQLite test looks at.
    """

    def __init__(self, db_path: Path, env: dict[str, str], db: str | None = None) -> None:
        self.db_path = db_path
        self.db = db or str(db_path)
        self.env = env

    def __call__(self, *args: str, db: bool = True) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "app", *args]
        if db:
            command += ["--db", self.db]
        return subprocess.run(
            command, capture_output=True, text=True, env=self.env, timeout=120, check=False
        )

    def ok(self, *args: str) -> str:
        result = self(*args)
        assert result.returncode == 0, result.stderr
        return result.stdout

    def execute(self, sql: str, **values: object) -> None:
        """Change the database behind Dotstorm's back, as another tool would."""
        from sqlalchemy import create_engine, text

        from app.storage.location import resolve_database_url

        engine = create_engine(resolve_database_url(self.db))
        try:
            with engine.begin() as connection:
                connection.execute(text(sql), values)
        finally:
            engine.dispose()

    def import_here(self, path: Path) -> None:
        """Import a session file through the command's own code, in this process (fast)."""
        from app.cli import main

        assert main(["import", str(path), "--db", self.db]) == 0

    def stored(self) -> dict[str, list[tuple[object, ...]]]:
        """Every row of the session tables, read behind Dotstorm's back."""
        from sqlalchemy import create_engine, text

        from app.storage.location import resolve_database_url

        engine = create_engine(resolve_database_url(self.db))
        try:
            with engine.connect() as connection:
                return {
                    table: sorted(
                        tuple(map(str, row))
                        for row in connection.execute(text(f"SELECT * FROM {table}"))
                    )
                    for table in ("sessions", "notes", "clusters", "vote_rounds", "action_items")
                }
        finally:
            engine.dispose()

    def sessions(self) -> list[dict[str, object]]:
        rows: list[dict[str, object]] = json.loads(self.ok("list", "--json"))
        return rows


def assert_one_line_error(result: subprocess.CompletedProcess[str], code: int = 1) -> str:
    assert result.returncode == code, result
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]
