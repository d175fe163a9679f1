"""What the command writes and prints is safe: links kept, modes narrow, names escaped."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.runner import Dotstorm
from tests.conftest import EXAMPLE_FILE
from tests.machine import obeying_file_permissions

EXAMPLE_ID = "65da769a"


def run(
    dotstorm: Dotstorm, *args: str, mask: int = 0o022, strict: bool = False
) -> subprocess.CompletedProcess[str]:
    """The command under ``mask``; ``strict``: file permissions apply even to root."""
    command = [sys.executable, "-m", "app", *args, "--db", dotstorm.db]
    return subprocess.run(
        obeying_file_permissions(command) if strict else command,
        capture_output=True,
        text=True,
        env=dotstorm.env,
        preexec_fn=lambda: os.umask(mask),
        timeout=120,
        check=False,
    )


@pytest.mark.sqlite_only
def test_export_onto_a_link_writes_beside_the_file_it_points_to(
    dotstorm: Dotstorm, tmp_path: Path
):
    """The link's own folder may not be written: the temporary file goes beside the target."""
    dotstorm.ok("import", str(EXAMPLE_FILE))
    links, files = tmp_path / "links", tmp_path / "files"
    files.mkdir()
    links.mkdir()
    (files / "session.json").write_text("old")
    (links / "session.json").symlink_to(files / "session.json")
    links.chmod(0o555)
    try:
        result = run(
            dotstorm,
            "export",
            EXAMPLE_ID,
            "--format",
            "json",
            "-o",
            str(links / "session.json"),
            strict=True,
        )
    finally:
        links.chmod(0o755)
    assert result.returncode == 0, result.stderr
    assert (links / "session.json").is_symlink()
    assert json.loads((files / "session.json").read_text())["format"] == "dotstorm.session"
    assert sorted(p.name for p in files.iterdir()) == ["session.json"]


@pytest.mark.sqlite_only
def test_export_onto_a_link_to_nothing_is_one_line(dotstorm: Dotstorm, tmp_path: Path):
    dotstorm.ok("import", str(EXAMPLE_FILE))
    link = tmp_path / "minutes.md"
    link.symlink_to(tmp_path / "nowhere" / "minutes.md")
    result = run(dotstorm, "export", EXAMPLE_ID, "--format", "md", "-o", str(link))
    assert result.returncode == 1
    assert result.stderr == (
        f"dotstorm: {link} is a link to {tmp_path / 'nowhere' / 'minutes.md'}, which does not "
        "exist; write to a file that does, or remove the link.\n"
    )
    assert link.is_symlink() and not (tmp_path / "nowhere").exists()


@pytest.mark.sqlite_only
@pytest.mark.parametrize("mask", [0o022, 0o077])
def test_a_private_database_makes_private_exports_and_backups(
    dotstorm: Dotstorm, tmp_path: Path, mask: int
):
    dotstorm.ok("import", str(EXAMPLE_FILE))
    dotstorm.db_path.chmod(0o600)
    export = tmp_path / "minutes.md"
    exported = run(dotstorm, "export", EXAMPLE_ID, "--format", "md", "-o", str(export), mask=mask)
    assert exported.returncode == 0, exported.stderr
    backed_up = run(dotstorm, "backup", str(tmp_path / "copies"), mask=mask)
    assert backed_up.returncode == 0, backed_up.stderr
    copy = Path(backed_up.stdout.strip())
    assert copy.parent == tmp_path / "copies"
    assert stat.S_IMODE(export.stat().st_mode) == 0o600
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600


@pytest.mark.sqlite_only
def test_backup_prints_a_folder_with_a_newline_or_a_tab_escaped(
    dotstorm: Dotstorm, tmp_path: Path
):
    dotstorm.ok("import", str(EXAMPLE_FILE))
    folder = tmp_path / "copies\nof\tmine"
    said = dotstorm.ok("backup", str(folder))
    (copy,) = folder.iterdir()
    assert said == str(copy).replace("\n", "\\n").replace("\t", "\\t") + "\n"


def test_actions_print_user_text_with_control_characters_escaped(
    dotstorm: Dotstorm, tmp_path: Path
):
    document = json.loads(EXAMPLE_FILE.read_text())
    action = document["session"]["action_items"][0]
    action["title"] = "Publish the FAQ\nthen\tannounce it"
    document["session"]["title"] = "Repeat\ntickets"
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(document))
    dotstorm.ok("import", str(edited))
    said = dotstorm.ok("actions")
    line = next(line for line in said.splitlines() if "Publish" in line)
    assert "Publish the FAQ\\nthen\\tannounce it" in line
    assert "Repeat\\ntickets" in line
    assert len(said.splitlines()) == len(document["session"]["action_items"])
