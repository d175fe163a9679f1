"""Core never imports Qt, SQLAlchemy or ReportLab."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import app.core
from tests.conftest import EXAMPLE_FILE

CORE = Path(app.core.__file__).parent


def test_core_modules_import_nothing_heavy():
    modules = sorted(
        f"app.core.{path.stem}" for path in CORE.glob("*.py") if path.stem != "__init__"
    )
    code = (
        "import sys\n"
        + "".join(f"import {name}\n" for name in modules)
        + "from app.core.session_format import parse_session_file\n"
        + f"parse_session_file(open({str(EXAMPLE_FILE)!r}, 'rb').read())\n"
        + "heavy = ('PySide6', 'sqlalchemy', 'reportlab', 'alembic')\n"
        + "bad = [m for m in sys.modules if m.split('.')[0] in heavy]\n"
        + "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
