"""Where the database lives: --db, then DOTSTORM_DB, then the user data folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.storage.location import database_file, default_data_dir, resolve_database_url


def test_explicit_value_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("DOTSTORM_DB", str(tmp_path / "env.sqlite3"))
    assert (
        resolve_database_url(str(tmp_path / "arg.sqlite3")) == f"sqlite:///{tmp_path}/arg.sqlite3"
    )


def test_environment_comes_next(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("DOTSTORM_DB", str(tmp_path / "env.sqlite3"))
    assert resolve_database_url(None) == f"sqlite:///{tmp_path}/env.sqlite3"


def test_default_is_in_the_user_data_folder(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("DOTSTORM_DB", raising=False)
    url = resolve_database_url(None)
    assert url == f"sqlite:///{default_data_dir() / 'dotstorm.sqlite3'}"


def test_urls_pass_through_and_relative_paths_become_absolute(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    assert resolve_database_url("sqlite:////a/b.sqlite3") == "sqlite:////a/b.sqlite3"
    monkeypatch.chdir(tmp_path)
    assert resolve_database_url("mine.sqlite3") == f"sqlite:///{tmp_path}/mine.sqlite3"


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("", "--db is empty"),
        ("  ", "--db is empty"),
        ("mysql://user@host/db", "not mysql://"),
        ("sqlite://", "keeps nothing"),
        ("sqlite:///:memory:", "keeps nothing"),
        ("sqlite:///file:x?mode=ro&uri=true", "URL options"),
    ],
)
def test_what_dotstorm_cannot_keep_sessions_in_is_refused_in_one_sentence(value: str, says: str):
    from app.storage.errors import UnsupportedDatabase

    with pytest.raises(UnsupportedDatabase, match=says) as refused:
        resolve_database_url(value)
    assert "SQLite database files" in str(refused.value) and "\n" not in str(refused.value)


def test_database_file():
    assert database_file("sqlite:////a/b.sqlite3") == Path("/a/b.sqlite3")
    assert database_file("sqlite://") is None
    assert database_file("sqlite:///:memory:") is None
