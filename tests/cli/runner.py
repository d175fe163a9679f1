"""Running the dotstorm command as a user does: a subprocess with its own folders."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


class Dotstorm:
    """Runs ``python -m app`` against one database with an isolated environment."""

    def __init__(self, db_path: Path, env: dict[str, str]) -> None:
        self.db_path = db_path
        self.env = env

    def __call__(self, *args: str, db: bool = True) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "app", *args]
        if db:
            command += ["--db", str(self.db_path)]
        return subprocess.run(
            command, capture_output=True, text=True, env=self.env, timeout=120, check=False
        )

    def ok(self, *args: str) -> str:
        result = self(*args)
        assert result.returncode == 0, result.stderr
        return result.stdout

    def sessions(self) -> list[dict[str, object]]:
        rows: list[dict[str, object]] = json.loads(self.ok("list", "--json"))
        return rows


def assert_one_line_error(result: subprocess.CompletedProcess[str], code: int = 1) -> str:
    assert result.returncode == code, result
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]
