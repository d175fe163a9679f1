"""The dotstorm command against a database of its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.runner import Dotstorm


@pytest.fixture
def dotstorm(db_path: Path, db_value: str, isolated_env: dict[str, str]) -> Dotstorm:
    return Dotstorm(db_path, isolated_env, db_value)
