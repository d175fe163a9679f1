"""``check`` and ``backup`` for a database on a PostgreSQL server.

A server's files are its own, so what SQLite's page checks do is done here by
reading: the schema revision, the constraints the server may hold unvalidated, and
every session read back whole. The backup is an archive of every session as a session
file (the format other tools read) and of every goal with what session files leave out
(its owner, its metric's readings, goals no session serves yet) in ``goals.json``,
verified by reading each file back as a restore reads it (:mod:`archive`); with
``pg_dump`` on the PATH a full dump of the database goes beside it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, inspect, text

from app.storage.errors import (
    BackupFailed,
    DatabaseUnavailable,
    NotADotstormDatabase,
    UnreadableArchive,
)
from app.storage.location import shown_url
from app.storage.models import Base
from app.storage.schema_revision import HEAD_REVISION

ARCHIVE_SUFFIX = ".zip"


@dataclass(frozen=True)
class ServerCheck:
    """What ``check`` read on the server: how much, and what was wrong (empty: sound)."""

    revision: str | None
    sessions: int
    notes: int
    problems: list[str]


def check_server(engine: Engine) -> ServerCheck:
    """Verify what can be verified on a server database; nothing is written."""
    from app.storage.repository import SessionRepository
    from app.storage.stored_values import non_finite_values

    problems: list[str] = []
    with engine.connect() as connection:
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        if revision != HEAD_REVISION:
            problems.append(f"the schema is {revision}, this Dotstorm's is {HEAD_REVISION}")
        tables = set(inspect(connection).get_table_names())
        missing = sorted(set(Base.metadata.tables) - tables)
        if missing:
            problems.append(f"tables missing: {', '.join(missing)}")
        unchecked = connection.execute(
            text(
                "SELECT conrelid::regclass::text || '.' || conname FROM pg_constraint "
                "WHERE NOT convalidated AND connamespace = 'public'::regnamespace"
            )
        ).scalars()
        problems.extend(f"constraint {name} was never validated" for name in unchecked)
        if not missing:
            problems.extend(non_finite_values(connection))
        connection.rollback()
    repository = SessionRepository(engine)
    summaries, left_out = repository.session_listing()
    problems.extend(left_out)
    notes = 0
    for summary in summaries:
        try:
            notes += len(repository.load_session(summary.id).notes)
        except Exception as error:  # one unreadable session is named, the rest still read
            problems.append(f"session {summary.id[:8]} cannot be read whole ({error})")
    _, actions_left_out = repository.backlog.action_listing()
    _, ideas_left_out = repository.backlog.idea_listing()
    problems.extend(actions_left_out + ideas_left_out)
    return ServerCheck(revision, len(summaries), notes, problems)


@dataclass(frozen=True)
class ServerBackup:
    """What ``backup`` wrote: the verified archive, and the dump if ``pg_dump`` made one."""

    archive: Path
    sessions: int
    dump: Path | None
    dump_problem: str | None


def backup_server(engine: Engine, url: str, folder: Path) -> ServerBackup:
    """Write every session to a verified archive in ``folder`` (and a ``pg_dump``).

    A database at another schema than this Dotstorm's is refused: an archive of what
    this Dotstorm reads of a newer one would leave out what the newer one added.
    """
    from app.core.session_format.writing import dump_session
    from app.storage.archive import open_archive, write_archive
    from app.storage.repository import SessionRepository

    _refuse_other_schema(engine, url)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BackupFailed(f"Cannot create the folder {folder}: {error.strerror}.") from None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    archive = folder / f"dotstorm-{stamp}{ARCHIVE_SUFFIX}"
    partial = folder / f".{archive.name}.partial"
    repository = SessionRepository(engine)
    summaries, left_out = repository.session_listing()
    if left_out:
        raise BackupFailed(
            f"{left_out[0]}; an archive without it would be no backup (see 'dotstorm check')."
        )
    goals = repository.goals.all_goals()
    readings = [r for goal in goals for r in repository.goals.readings(goal.id)]
    session_files = (
        (summary.id, dump_session(repository.load_session(summary.id))) for summary in summaries
    )
    try:
        try:
            sessions = write_archive(
                partial, session_files, goals, readings, database=shown_url(url)
            )
        except ValueError as error:  # a number the database holds that JSON cannot
            said = str(error)
            raise BackupFailed(f"{said[:1].upper()}{said[1:]}; fix it, then back up.") from None
        try:
            with open_archive(partial) as written:
                written.verify()
        except UnreadableArchive as error:
            raise BackupFailed(f"The archive does not read back: {error}") from None
        with partial.open("rb") as handle:
            os.fsync(handle.fileno())
        partial.replace(archive)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise BackupFailed(f"The archive could not be written: {error.strerror}.") from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    dump, problem = _pg_dump(url, folder / f"dotstorm-{stamp}.pgdump")
    return ServerBackup(archive, sessions, dump, problem)


def _services_with_key_password(
    environment: dict[str, str], named: str | None, ssl_password: str
) -> str:
    """A private service file that gives pg_dump the key's password (libpq has no variable).

    With no service in the URL, a service of its own; with one, the user's service file
    copied, the password added to that service (libpq then reads the rest from it).
    Nowhere but here does the password go: not on pg_dump's command line.
    """
    if named is None:
        return f"[dotstorm]\nsslpassword={ssl_password}\n"
    users = Path(environment.get("PGSERVICEFILE") or Path.home() / ".pg_service.conf")
    try:
        lines = users.read_text(encoding="utf-8").splitlines()
    except OSError:
        lines = []
    written: list[str] = []
    section = ""
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            section = stripped[1:-1].strip()
            written.append(line)
            if section == named:
                written.append(f"sslpassword={ssl_password}")
            continue
        if section == named and stripped.split("=", 1)[0].strip() == "sslpassword":
            continue  # the URL's own wins, as it would have on the command line
        written.append(line)
    # A service only the system's file defines stays there: a section of the same name
    # here would hide it (libpq reads the first file that has it).
    return "\n".join(written) + "\n"


def _one(value: str | tuple[str, ...] | None) -> str | None:
    """A URL query value given once (or the last of several)."""
    if isinstance(value, tuple):
        return value[-1] if value else None
    return value


def _refuse_other_schema(engine: Engine, url: str) -> None:
    """Only a database at this Dotstorm's schema is archived, labelled with it."""
    from app.storage.database import refuse_newer_schema

    with engine.connect() as connection:
        if "alembic_version" not in inspect(connection).get_table_names():
            raise NotADotstormDatabase(f"{shown_url(url)} is not a Dotstorm database.")
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        connection.rollback()
    refuse_newer_schema(None, revision)
    if revision != HEAD_REVISION:
        raise DatabaseUnavailable(
            f"The database is at schema {revision}, older than this Dotstorm's "
            f"{HEAD_REVISION}; back it up with the Dotstorm that wrote it, or upgrade it "
            "with 'dotstorm init' first."
        )


def _pg_dump(url: str, target: Path) -> tuple[Path | None, str | None]:
    """A full ``pg_dump`` (custom format), checked with ``pg_restore --list``."""
    program = shutil.which("pg_dump")
    if program is None:
        return None, "pg_dump is not on the PATH: the archive holds every session"
    from sqlalchemy.engine import URL, make_url

    parsed = make_url(url)
    query = dict(parsed.query)
    password = _one(query.pop("password", None)) or parsed.password
    ssl_password = _one(query.pop("sslpassword", None))
    environment = dict(os.environ)
    # Secrets never go on the command line, where every user of the machine reads them:
    # the password through the environment, the key's through a private service file.
    if password:
        environment["PGPASSWORD"] = str(password)
    # URL.set() keeps what it is given None for: the URL is built anew, without password.
    libpq_url = URL.create(
        "postgresql",
        username=parsed.username,
        host=parsed.host,
        port=parsed.port,
        database=parsed.database,
        query=query,
    ).render_as_string(hide_password=False)
    partial = target.with_name(f".{target.name}.partial")
    with tempfile.TemporaryDirectory(prefix="dotstorm-pg-") as private:
        if ssl_password:
            named = _one(query.get("service"))
            services = _services_with_key_password(environment, named, ssl_password)
            service = Path(private) / "pg_service.conf"
            descriptor = os.open(service, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.write(services)
            environment["PGSERVICEFILE"] = str(service)
            if named is None:
                environment["PGSERVICE"] = "dotstorm"
        done = subprocess.run(
            [program, "--format=custom", f"--file={partial}", f"--dbname={libpq_url}"],
            capture_output=True,
            text=True,
            env=environment,
            check=False,
            timeout=3600,
        )
    listed = (
        subprocess.run(
            [shutil.which("pg_restore") or "pg_restore", "--list", str(partial)],
            capture_output=True,
            check=False,
            timeout=600,
        )
        if done.returncode == 0
        else None
    )
    if done.returncode != 0 or listed is None or listed.returncode != 0:
        partial.unlink(missing_ok=True)
        said = (done.stderr or "").strip().splitlines()
        return None, f"pg_dump failed ({said[0] if said else 'no reason given'})"
    partial.replace(target)
    return target, None
