"""Dotstorm starts no slower with phones off: only app.web imports aiohttp."""

from __future__ import annotations

import os
import subprocess
import sys


def _imported_by(statement: str) -> str:
    """What ``python -X importtime`` reports for ``statement`` (its standard error)."""
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", statement],
        capture_output=True,
        text=True,
        check=True,
        env=environment,
    )
    return result.stderr


def test_starting_the_window_or_the_command_line_imports_no_aiohttp():
    statements = ("import app.ui.application", "import app.ui.session_window", "import app.cli")
    for statement in statements:
        assert "aiohttp" not in _imported_by(statement), statement


def test_the_phones_server_does_import_it():
    assert "aiohttp" in _imported_by("import app.web.runner")
