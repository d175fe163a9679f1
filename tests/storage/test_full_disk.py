"""A real full disk: the write is refused in one sentence, and nothing acknowledged is lost."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.machine import on_a_small_disk

pytestmark = pytest.mark.sqlite_only  # about the SQLite file: its bytes, pages, folder


def test_a_full_disk_refuses_the_write_and_keeps_every_acknowledged_note(
    tmp_path: Path, isolated_env: dict[str, str]
):
    disk = tmp_path / "disk"
    disk.mkdir()
    command = on_a_small_disk(
        str(disk), "10m", [sys.executable, "-m", "tests.storage.full_disk_scenario", str(disk)]
    )
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        env=isolated_env,
        cwd=Path(__file__).parents[2],
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["refusal"] == f"The disk holding {disk / 'dotstorm.sqlite3'} is full."
    # The disk filled up, not the first write (the search indexes take their share).
    assert report["acknowledged"] > 40
    assert report["missing"] == []
    assert report["unacknowledged_stored"] == []
    assert report["integrity"] == []
    # With not one block free, a backup and an export each say why and leave nothing.
    assert "could not be made" in report["backup_on_full"], report["backup_on_full"]
    assert "No space left on device" in report["export_on_full"], report["export_on_full"]
    assert report["leftovers_on_full"] == []
    # Once space is free again, the same open database takes the next edit, and the
    # backup and the export work.
    assert report["edit_after"] == "kept" and report["edited_text_stored"]
    assert report["backup_after"] == "made"
    assert report["export_after"] == "written"
