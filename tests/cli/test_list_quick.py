"""``dotstorm list`` of a current file is listed with one plain query, without SQLAlchemy.

That it still refuses a damaged, foreign or unwritable file is in test_damaged_database.py
and its neighbours, which run ``list`` too.
"""

from __future__ import annotations

import pytest

from tests.cli.runner import Dotstorm
from tests.conftest import EXAMPLE_FILE

pytestmark = pytest.mark.sqlite_only  # the quick listing reads an SQLite file


def loaded_modules(dotstorm: Dotstorm, *args: str) -> str:
    """What ``python -X importtime -m app ARGS`` imported (its import-time report)."""
    command = Dotstorm(dotstorm.db_path, {**dotstorm.env, "PYTHONPROFILEIMPORTTIME": "1"})
    result = command(*args)
    assert result.returncode == 0, result.stderr
    return result.stderr


def test_listing_a_current_file_imports_no_sqlalchemy(dotstorm: Dotstorm):
    dotstorm.ok("import", str(EXAMPLE_FILE))
    report = loaded_modules(dotstorm, "list")
    assert "app.storage.schema_revision" in report  # the quick listing ran
    assert "sqlalchemy" not in report and "alembic" not in report
