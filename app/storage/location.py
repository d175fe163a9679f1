"""Where the database lives: ``--db``, then ``DOTSTORM_DB``, then the user data folder."""

from __future__ import annotations

import os
from pathlib import Path

from app.storage.errors import UnsupportedDatabase

DB_ENV_VAR = "DOTSTORM_DB"
DB_FILE_NAME = "dotstorm.sqlite3"


def default_data_dir() -> Path:
    """The platform's user data folder for Dotstorm (e.g. ``~/.local/share/dotstorm``)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("dotstorm", appauthor=False))


SUPPORTED = "Dotstorm works with SQLite database files: give a file path or a sqlite:/// URL"


def resolve_database_url(value: str | None = None) -> str:
    """Turn a ``--db`` value (a file path or a SQLAlchemy URL) into a SQLAlchemy URL.

    With no value, ``DOTSTORM_DB`` is used, then the default file in the user data
    folder. A value that names no database Dotstorm can keep sessions in (empty, an
    in-memory or foreign URL, URL options) raises :class:`UnsupportedDatabase`.
    """
    if value is not None and not value.strip():
        raise UnsupportedDatabase(f"--db is empty. {SUPPORTED}.")
    chosen = value or os.environ.get(DB_ENV_VAR) or str(default_data_dir() / DB_FILE_NAME)
    if "://" not in chosen:
        return "sqlite:///" + str(Path(chosen).expanduser().resolve())
    scheme, _, rest = chosen.partition("://")
    if scheme.split("+")[0].lower() != "sqlite":
        raise UnsupportedDatabase(f"{SUPPORTED}, not {scheme}://.")
    if not rest.startswith("/") or rest in ("/", "/:memory:"):
        raise UnsupportedDatabase(f"{chosen!r} keeps nothing once the command ends. {SUPPORTED}.")
    if "?" in rest:
        raise UnsupportedDatabase(f"URL options ('?...') are not supported. {SUPPORTED}.")
    return chosen


def database_file(url: str) -> Path | None:
    """The file behind a SQLite URL, or ``None`` for in-memory and non-SQLite URLs."""
    # The plain form is read without SQLAlchemy, which the library's first listing
    # must not wait for.
    plain = "sqlite:///"
    if url.startswith(plain) and "?" not in url and len(url) > len(plain):
        database = url[len(plain) :]
        return None if database == ":memory:" else Path(database)
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def backup_dir_for(url: str) -> Path:
    """Where automatic backups of the database at ``url`` go: a folder beside the file."""
    path = database_file(url)
    return (path.parent if path else default_data_dir()) / "backups"
