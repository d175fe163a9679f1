"""Dotstorm starts no slower with phones off: aiohttp and segno come only when phones go on."""

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


def test_starting_the_window_or_the_command_line_imports_neither_aiohttp_nor_segno():
    statements = ("import app.ui.application", "import app.ui.session_window", "import app.cli")
    for statement in statements:
        imported = _imported_by(statement)
        assert "aiohttp" not in imported, statement
        assert "segno" not in imported, statement


def test_the_phones_server_does_import_it():
    assert "aiohttp" in _imported_by("import app.web.runner")
