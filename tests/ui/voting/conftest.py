"""The acceptance tests' ``dotstorm`` command, on each test's own database."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.runner import Dotstorm


@pytest.fixture
def dotstorm(db_path: Path, isolated_env: dict[str, str]) -> Dotstorm:
    """The ``dotstorm`` command on the test's database, as a user runs it."""
    return Dotstorm(db_path, isolated_env)
