"""``check`` and ``backup`` for a database on a PostgreSQL server.

A server's files are its own, so what SQLite's page checks do is done here by
reading: the schema revision, the constraints the server may hold unvalidated, and
every session read back whole. The backup is an archive of every session as a session
file (the format other tools read) and of every goal with what session files leave out
(its owner, its metric's readings, goals no session serves yet) in ``goals.json``,
verified by reading each file back; with ``pg_dump`` on the PATH a full dump of the
database goes beside it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import zipfile
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Engine, inspect, text

from app.core.types import Goal, MetricReading
from app.storage.errors import BackupFailed, DatabaseUnavailable
from app.storage.location import shown_url
from app.storage.models import Base
from app.storage.schema_revision import HEAD_REVISION

ARCHIVE_SUFFIX = ".zip"
MANIFEST = "manifest.json"
GOALS = "goals.json"
ARCHIVE_FORMAT = "dotstorm.archive"


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
    _, actions_left_out = repository.action_listing()
    _, ideas_left_out = repository.idea_listing()
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
    """Write every session to a verified archive in ``folder`` (and a ``pg_dump``)."""
    from app.core.session_format.writing import dump_session
    from app.storage.repository import SessionRepository

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
    files: dict[str, str] = {}
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as out:
            for summary in summaries:
                data = dump_session(repository.load_session(summary.id))
                name = f"sessions/{summary.id}.json"
                out.writestr(name, data)
                files[name] = hashlib.sha256(data).hexdigest()
            goals = repository.goals()
            readings = [r for goal in goals for r in repository.readings(goal.id)]
            goals_data = goals_document(goals, readings)
            out.writestr(GOALS, goals_data)
            manifest = {
                "format": ARCHIVE_FORMAT,
                "version": 1,
                "schema": HEAD_REVISION,
                "database": shown_url(url),
                "written_at": datetime.now().astimezone().isoformat(timespec="seconds"),
                "sessions": files,
                "goals": {GOALS: hashlib.sha256(goals_data).hexdigest()},
            }
            out.writestr(MANIFEST, json.dumps(manifest, indent=2))
        verify_archive(partial)
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
    return ServerBackup(archive, len(files), dump, problem)


def verify_archive(path: Path) -> list[str]:
    """Read every session file of an archive back; return their ids, or raise."""
    from app.core.session_format import SessionFormatError, parse_session_file

    try:
        with zipfile.ZipFile(path) as archive:
            manifest = json.loads(archive.read(MANIFEST))
            if manifest.get("format") != ARCHIVE_FORMAT:
                raise BackupFailed(f"{path} is not a Dotstorm archive.")
            ids = []
            for name, digest in manifest["sessions"].items():
                data = archive.read(name)
                if hashlib.sha256(data).hexdigest() != digest:
                    raise BackupFailed(f"{name} in {path} is not what was written.")
                ids.append(parse_session_file(data).id)
            for name, digest in manifest.get("goals", {}).items():  # none in older archives
                data = archive.read(name)
                if hashlib.sha256(data).hexdigest() != digest:
                    raise BackupFailed(f"{name} in {path} is not what was written.")
                goals_from_document(data)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, AttributeError) as error:
        raise BackupFailed(f"{path} is not a readable Dotstorm archive ({error}).") from None
    except SessionFormatError as error:
        raise BackupFailed(f"A session in {path} does not read back: {error}") from None
    return ids


def archived_sessions(path: Path) -> list[bytes]:
    """The session files of a verified archive, to import one by one."""
    verify_archive(path)
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read(MANIFEST))
        return [archive.read(name) for name in manifest["sessions"]]


def archived_goals(path: Path) -> tuple[list[Goal], list[MetricReading]]:
    """The goals and readings of a verified archive (none in an archive from before)."""
    verify_archive(path)
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read(MANIFEST))
        if GOALS not in manifest.get("goals", {}):
            return [], []
        return goals_from_document(archive.read(GOALS))


def goals_document(goals: list[Goal], readings: list[MetricReading]) -> bytes:
    """Every goal whole (its owner too) and every reading, as ``goals.json``."""
    document = {
        "goals": [{**asdict(goal), "target_date": _day(goal.target_date)} for goal in goals],
        "readings": [
            {**asdict(reading), "measured_on": _day(reading.measured_on)} for reading in readings
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False).encode()


def goals_from_document(data: bytes) -> tuple[list[Goal], list[MetricReading]]:
    """Read ``goals.json`` back (``ValueError``, ``KeyError`` or ``TypeError`` if it is not)."""
    document = json.loads(data)
    goals = []
    for fields in document["goals"]:
        goal = Goal(**{**fields, "target_date": _from_day(fields["target_date"])})
        if not isinstance(goal.title, str) or not isinstance(goal.archived, bool):
            raise TypeError(f"goal {goal.id!r} does not have the fields of a goal")
        goals.append(goal)
    readings = []
    for fields in document["readings"]:
        reading = MetricReading(**{**fields, "measured_on": _from_day(fields["measured_on"])})
        if not isinstance(reading.value, int | float) or reading.measured_on is None:
            raise TypeError(f"reading {reading.id!r} has no date or value")
        readings.append(reading)
    return goals, readings


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _from_day(value: object) -> date | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"{value!r} is not a date")
    return date.fromisoformat(value)


def _pg_dump(url: str, target: Path) -> tuple[Path | None, str | None]:
    """A full ``pg_dump`` (custom format), checked with ``pg_restore --list``."""
    program = shutil.which("pg_dump")
    if program is None:
        return None, "pg_dump is not on the PATH: the archive holds every session"
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    environment = dict(os.environ)
    if parsed.password:  # never on the command line, where every user could read it
        environment["PGPASSWORD"] = parsed.password
    libpq_url = parsed.set(drivername="postgresql", password=None).render_as_string(
        hide_password=False
    )
    partial = target.with_name(f".{target.name}.partial")
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


def refuse_unless_empty(engine: Engine) -> None:
    """A restore goes into an empty database only: nothing there is written over."""
    from app.storage.repository import SessionRepository

    repository = SessionRepository(engine)
    if repository.list_sessions() or repository.goals():
        raise DatabaseUnavailable(
            "The database already holds sessions or goals; restore into an empty one."
        )
