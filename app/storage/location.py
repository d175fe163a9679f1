"""Where the database lives: ``--db``, then ``DOTSTORM_DB``, then the user data folder.

It is an SQLite file (one facilitator's laptop) or a PostgreSQL server (a team).
"""

from __future__ import annotations

import os
from pathlib import Path

from app.storage.errors import UnsupportedDatabase
from app.storage.masking import masked

DB_ENV_VAR = "DOTSTORM_DB"
DB_FILE_NAME = "dotstorm.sqlite3"


def default_data_dir() -> Path:
    """The platform's user data folder for Dotstorm (e.g. ``~/.local/share/dotstorm``)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("dotstorm", appauthor=False))


SUPPORTED = (
    "Dotstorm works with SQLite database files (a path or a sqlite:/// URL) and "
    "PostgreSQL servers (postgresql://user@host/database)"
)
SERVER_SCHEMES = ("postgresql", "postgres")
SERVER_DRIVER = "postgresql+psycopg"
DEFAULT_SERVER_PORT = 5432


def resolve_database_url(value: str | None = None) -> str:
    """Turn a ``--db`` value (a file path or a URL) into a SQLAlchemy URL.

    With no value, ``DOTSTORM_DB`` is used, then the default file in the user data
    folder. A ``postgresql://`` URL names a server; it is given psycopg 3 as its
    driver. A value that names no database Dotstorm can keep sessions in (empty, an
    in-memory or foreign URL, options on an SQLite URL, a server URL without a
    database) raises :class:`UnsupportedDatabase`.
    """
    if value is not None and not value.strip():
        raise UnsupportedDatabase(f"--db is empty. {SUPPORTED}.")
    chosen = value or os.environ.get(DB_ENV_VAR) or str(default_data_dir() / DB_FILE_NAME)
    if "://" not in chosen:
        return "sqlite:///" + str(Path(chosen).expanduser().resolve())
    scheme, _, rest = chosen.partition("://")
    backend, _, driver = scheme.lower().partition("+")
    if backend in SERVER_SCHEMES:
        return _server_url(chosen, driver)
    if backend != "sqlite":
        raise UnsupportedDatabase(f"{SUPPORTED}, not {scheme}://.")
    if not rest.startswith("/") or rest in ("/", "/:memory:"):
        raise UnsupportedDatabase(f"{chosen!r} keeps nothing once the command ends. {SUPPORTED}.")
    if "?" in rest:
        raise UnsupportedDatabase(f"URL options ('?...') are not supported. {SUPPORTED}.")
    return chosen


def _server_url(chosen: str, driver: str) -> str:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    if driver not in ("", "psycopg"):
        raise UnsupportedDatabase(
            f"Dotstorm talks to PostgreSQL through psycopg 3; write postgresql://, "
            f"not postgresql+{driver}://."
        )
    try:
        parsed = make_url(chosen)
        port = parsed.port
    except (ArgumentError, ValueError):
        raise UnsupportedDatabase(
            "The PostgreSQL URL cannot be read; write it as "
            "postgresql://user:password@host:port/database."
        ) from None
    if not parsed.database:
        raise UnsupportedDatabase(
            f"The PostgreSQL URL names no database: add it after the server, as in "
            f"postgresql://{parsed.username or 'user'}@{parsed.host or 'host'}"
            f"{f':{port}' if port else ''}/dotstorm."
        )
    return parsed.set(drivername=SERVER_DRIVER).render_as_string(hide_password=False)


def is_server(url: str) -> bool:
    """Whether ``url`` names a PostgreSQL server rather than an SQLite file."""
    return url.partition("://")[0].partition("+")[0].lower() in SERVER_SCHEMES


def server_address(url: str) -> str:
    """Where a server URL points, as people say it: ``host:port`` (a socket folder too)."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    host = parsed.host or _first(parsed.query.get("host")) or "localhost"
    port = parsed.port or _first(parsed.query.get("port")) or DEFAULT_SERVER_PORT
    return f"{host}:{port}"


def _first(value: str | tuple[str, ...] | None) -> str | None:
    """A URL query value, which SQLAlchemy gives as a tuple when it is repeated."""
    return value[0] if isinstance(value, tuple) else value


def shown_url(url: str) -> str:
    """``url`` fit to print, log or store: a file's path, or a server URL with no secret.

    The one way a database's URL is shown. A server URL loses its driver name and every
    secret :func:`app.storage.masking.masked` knows (``user:***@``, ``?password=***``,
    ``?sslpassword=***``, and whatever ``PGPASSWORD`` or libpq's files hold).
    """
    if not is_server(url):
        path = database_file(url)
        return str(path) if path is not None else masked(url)
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        shown = make_url(url).set(drivername="postgresql").render_as_string(hide_password=True)
    except (ArgumentError, ValueError):  # not a URL SQLAlchemy reads: masked as it is
        return masked(url)
    return masked(shown, url)


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
