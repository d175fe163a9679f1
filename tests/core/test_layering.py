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
        ".".join(("app", *path.relative_to(CORE.parent).with_suffix("").parts))
        for path in CORE.rglob("*.py")
        if path.stem != "__init__"
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


# ---------------------------------------------------------------------- static checks

APP = CORE.parent
FILE_IO_CALLS = {"open", "read_text", "read_bytes", "write_text", "write_bytes", "mkdir", "unlink"}
FILE_IO_MODULES = ("os", "shutil", "tempfile", "pathlib", "io", "sqlite3", "zipfile")


def _modules(package: str) -> list[Path]:
    return sorted((APP / package).rglob("*.py"))


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    import ast

    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _offenders(package: str, forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    bad: dict[str, list[str]] = {}
    for path in _modules(package):
        hits = sorted(
            name
            for name in _imports(path)
            if any(name == root or name.startswith(root + ".") for root in forbidden)
        )
        if hits:
            bad[str(path.relative_to(APP))] = hits
    return bad


# Which layer may import which is checked from the import graph by import-linter
# (the contracts in pyproject.toml, run by scripts/test.sh).


def test_core_touches_no_file_but_its_packaged_schema():
    import ast

    uses: dict[str, list[str]] = {}
    for path in _modules("core"):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            name = None
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name in FILE_IO_CALLS:
                uses.setdefault(str(path.relative_to(APP)), []).append(f"{name}()")
        for module in _imports(path):
            if module.split(".")[0] in FILE_IO_MODULES:
                uses.setdefault(str(path.relative_to(APP)), []).append(module)
    # One read, of the JSON Schema that ships inside app.core.
    assert uses == {"core/session_format/schema.py": ["read_text()"]}
    schema = (CORE / "session_format" / "schema.py").read_text("utf-8")
    assert 'resources.files("app.core").joinpath("session-v1.schema.json")' in schema


def test_exports_load_neither_qt_nor_storage():
    modules = sorted(
        f"app.export.{path.stem}" for path in _modules("export") if path.stem != "__init__"
    )
    code = (
        "import sys\n"
        + "".join(f"import {name}\n" for name in modules)
        + "heavy = ('PySide6', 'sqlalchemy', 'alembic')\n"
        + "bad = [m for m in sys.modules if m.split('.')[0] in heavy\n"
        + "       or m.startswith(('app.storage', 'app.ui'))]\n"
        + "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
