"""Exports are written whole, onto what a link points to, and never more open than the database."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from app.export.atomic import ExportError, write_atomically


@contextmanager
def umask(mask: int) -> Iterator[None]:
    previous = os.umask(mask)
    try:
        yield
    finally:
        os.umask(previous)


def names(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    """Where the link is, and (elsewhere) where the file it points to is."""
    links, files = tmp_path / "links", tmp_path / "files"
    links.mkdir()
    files.mkdir()
    return links, files


def test_a_link_stays_a_link_and_the_file_it_points_to_is_written(folders: tuple[Path, Path]):
    links, files = folders
    (files / "minutes.md").write_text("old minutes")
    (files / "minutes.md").chmod(0o640)
    link = links / "minutes.md"
    link.symlink_to(files / "minutes.md")
    write_atomically(link, b"new minutes")
    assert link.is_symlink() and link.readlink() == files / "minutes.md"
    assert (files / "minutes.md").read_bytes() == b"new minutes"
    assert stat.S_IMODE((files / "minutes.md").stat().st_mode) == 0o640  # its own, kept
    assert names(links) == ["minutes.md"] and names(files) == ["minutes.md"]


def test_a_chain_of_links_is_followed_to_its_end(folders: tuple[Path, Path]):
    links, files = folders
    (files / "real.csv").write_text("old")
    (files / "middle.csv").symlink_to("real.csv")  # relative, as people make them
    (links / "first.csv").symlink_to(files / "middle.csv")
    write_atomically(links / "first.csv", b"new")
    assert (files / "real.csv").read_bytes() == b"new"
    assert (links / "first.csv").is_symlink() and (files / "middle.csv").is_symlink()
    assert names(files) == ["middle.csv", "real.csv"]


def test_a_link_to_nothing_is_refused_in_one_sentence(folders: tuple[Path, Path]):
    links, files = folders
    link = links / "minutes.pdf"
    link.symlink_to(files / "gone" / "minutes.pdf")
    with pytest.raises(ExportError) as refused:
        write_atomically(link, b"%PDF")
    said = str(refused.value)
    assert said.startswith(f"{link} is a link to {files / 'gone' / 'minutes.pdf'}, which does not")
    assert "\n" not in said
    assert link.is_symlink() and names(links) == ["minutes.pdf"] and names(files) == []


def test_a_link_to_nothing_at_the_end_of_a_chain_names_the_end(folders: tuple[Path, Path]):
    links, files = folders
    (files / "middle").symlink_to(files / "end")
    (links / "start").symlink_to(files / "middle")
    with pytest.raises(ExportError, match=f"is a link to {files / 'end'}, which does not"):
        write_atomically(links / "start", b"x")
    assert names(files) == ["middle"]


def test_a_loop_of_links_is_refused(folders: tuple[Path, Path]):
    links, _ = folders
    (links / "a").symlink_to(links / "b")
    (links / "b").symlink_to(links / "a")
    with pytest.raises(ExportError, match="leads back to itself"):
        write_atomically(links / "a", b"x")
    assert names(links) == ["a", "b"]


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal", ".lock"])
def test_a_link_to_the_database_or_its_working_files_is_refused(
    folders: tuple[Path, Path], suffix: str
):
    links, files = folders
    database = files / "dotstorm.sqlite3"
    for path in (database, files / f"dotstorm.sqlite3{suffix}"):
        path.write_bytes(b"SQLite format 3\x00")
    link = links / "out.json"
    link.symlink_to(files / f"dotstorm.sqlite3{suffix}")
    refusal = "is the database itself" if not suffix else "one of the database's working files"
    with pytest.raises(ExportError, match=refusal):
        write_atomically(link, b"{}", (database,))
    assert (files / f"dotstorm.sqlite3{suffix}").read_bytes() == b"SQLite format 3\x00"
    assert link.is_symlink()


@pytest.mark.parametrize("suffix", ["-shm", ".lock"])
def test_the_databases_shared_memory_and_lock_are_never_written_over(
    folders: tuple[Path, Path], suffix: str
):
    """Replacing them under a running Dotstorm would lose writes, or let a second one in."""
    _, files = folders
    database = files / "dotstorm.sqlite3"
    database.write_bytes(b"SQLite format 3\x00")
    with pytest.raises(ExportError, match="working files"):
        write_atomically(files / f"dotstorm.sqlite3{suffix}", b"{}", (database,))
    assert not (files / f"dotstorm.sqlite3{suffix}").exists()


@pytest.mark.parametrize(
    ("mask", "database_mode", "written_mode"),
    [
        (0o022, 0o600, 0o600),  # a private database makes private exports
        (0o077, 0o600, 0o600),
        (0o022, 0o644, 0o644),  # never narrower than the umask asks, either
        (0o077, 0o644, 0o600),
        (0o027, 0o660, 0o640),
    ],
)
def test_a_new_export_is_never_more_open_than_the_umask_or_the_database(
    tmp_path: Path, mask: int, database_mode: int, written_mode: int
):
    database = tmp_path / "dotstorm.sqlite3"
    database.write_bytes(b"SQLite format 3\x00")
    database.chmod(database_mode)
    target = tmp_path / "minutes.md"
    with umask(mask):
        write_atomically(target, b"# Minutes", (database,))
    assert stat.S_IMODE(target.stat().st_mode) == written_mode
