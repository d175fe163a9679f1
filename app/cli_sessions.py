"""The ``dotstorm`` commands on sessions and on the database file itself.

``list``, ``import`` and ``export`` deal in sessions; ``check`` and ``backup`` in the
file that holds them. Each runs with the parsed options and the ``--db`` value.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from app.cli_common import (
    CommandError,
    NoDatabaseYet,
    offscreen_application,
    open_repository,
    refuse_left_out,
)
from app.core.format_helpers import counted, printable

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy import Engine

    from app.core.types import SessionSummary

EXPORT_FORMATS = ("json", "md", "csv", "pdf")


def run_list(options: argparse.Namespace, db_value: str | None) -> None:
    """``dotstorm list``: every session, newest first, or a JSON array of them.

    A file at the newest schema is checked as every open checks it, then listed with
    the library's one plain query, without SQLAlchemy; anything else (a server, a file
    to upgrade, a row to name as left out) is listed through the repository.
    """
    try:
        quick = _quick_listing(db_value)
    except NoDatabaseYet as missing:
        _say_no_database(missing, options.json)
        return
    if quick is not None:
        _print_sessions(quick, options.json)
        return
    try:
        database, repository = open_repository(db_value)
    except NoDatabaseYet as missing:
        _say_no_database(missing, options.json)
        return
    try:
        summaries, unreadable = repository.session_listing()
    finally:
        database.close()
    _print_sessions(summaries, options.json)
    refuse_left_out(unreadable)


def _quick_listing(db_value: str | None) -> list[SessionSummary] | None:
    """The sessions of a sound SQLite file at the newest schema; ``None``: ask the repository.

    The file passes the checks every open makes (a damaged, foreign or unwritable
    one is refused in the same words) before one plain query lists it.
    """
    from app.storage.file_checks import check_database_file
    from app.storage.location import backup_dir_for, database_file, resolve_database_url
    from app.storage.schema_revision import quick_session_list

    url = resolve_database_url(db_value)
    path = database_file(url)
    if path is None:
        return None
    if not path.exists():
        raise NoDatabaseYet(path)
    check_database_file(path, backup_dir_for(url))
    return quick_session_list(path)


def _say_no_database(missing: NoDatabaseYet, as_json: bool) -> None:
    if as_json:
        print("[]")
    else:
        print(
            f"No sessions yet: there is no database at {printable(missing.path)}. "
            "Start the app with 'dotstorm', or try 'dotstorm --demo'."
        )


def _print_sessions(summaries: list[SessionSummary], as_json: bool) -> None:
    from app.core.session_format import format_time

    if as_json:
        rows = [
            {
                "id": s.id,
                "title": s.title,
                "status": s.status.value,
                "created_at": format_time(s.created_at),
                "participants": s.participants,
                "notes": s.notes,
                "vote_rounds": s.vote_rounds,
                "action_items": s.action_items,
            }
            for s in summaries
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not summaries:
        print("No sessions yet. Start the app with 'dotstorm', or try 'dotstorm --demo'.")
        return
    for s in summaries:
        created = s.created_at.strftime("%Y-%m-%d") if s.created_at else "—"
        print(
            f"{s.id[:8]}  {created}  {s.status.value:<8}  {printable(s.title)}  "
            f"({counted(s.participants, 'person', 'people')}, {counted(s.notes, 'note')}, "
            f"{counted(s.vote_rounds, 'round')}, {counted(s.action_items, 'action')})"
        )


def run_import(options: argparse.Namespace, db_value: str | None) -> None:
    """``dotstorm import FILE``: store a session file; print the new session's id."""
    from app.export.session_file import SessionFileError, read_session_file

    try:
        session = read_session_file(options.file)
    except SessionFileError as error:
        raise CommandError(str(error)) from None
    database, repository = open_repository(db_value, create=True)
    try:
        stored = repository.import_session(session)
    finally:
        database.close()
    print(stored.id)


def run_export(options: argparse.Namespace, db_value: str | None) -> None:
    """``dotstorm export SESSION``: the minutes, the notes or the session file."""
    from app.export.atomic import ExportError, write_atomically
    from app.export.exports import export_bytes

    database, repository = open_repository(db_value)
    try:
        session = repository.load_session(repository.resolve(options.session))
        context = (
            repository.goals.minutes_context(session) if options.format in ("pdf", "md") else None
        )
        board_png = None
        if options.format == "pdf":
            # The same board picture the window puts in its minutes, drawn offscreen.
            from app.ui.board.picture import stored_board_image

            offscreen_application()
            board_png = stored_board_image(repository, session.id)
    finally:
        database.close()
    data = export_bytes(
        session, options.format, page_size=options.page_size, board_png=board_png, context=context
    )
    if options.output is None:
        if options.format == "pdf" and sys.stdout.isatty():
            raise CommandError("a PDF is not for the terminal; give a file with -o OUT.pdf")
        _write_all(data)
        return
    database_path = repository.database_path
    try:
        write_atomically(options.output, data, (database_path,) if database_path else ())
    except ExportError as error:
        raise CommandError(str(error)) from None


def _write_all(data: bytes) -> None:
    """Write ``data`` to stdout whole, or raise.

    A write that the pipe or the disk cut short returns the count written, not an
    error: the rest is written again, and that write raises (``BrokenPipeError`` when
    the reader went away, ``OSError`` when the disk is full).
    """
    sys.stdout.flush()  # what was printed comes first
    stream = sys.stdout.buffer
    rest = memoryview(data)
    while rest:
        written = stream.write(rest)
        if not written:
            raise OSError("stdout took nothing")
        rest = rest[written:]
    stream.flush()


def run_check(_options: argparse.Namespace, db_value: str | None) -> None:
    """``dotstorm check``: the database's integrity, without changing a byte of it or beside it.

    It finds what every command and the window refuse (a damaged page, a broken
    reference, a schema label that does not fit the tables), in the same sentence,
    and the values no read could convert.
    """
    from app.storage.backup import integrity_problems, untouched_copy
    from app.storage.errors import damaged
    from app.storage.location import database_file, is_server, resolve_database_url
    from app.storage.schema_label import label_problems
    from app.storage.schema_revision import foreign_tables

    url = resolve_database_url(db_value)
    if is_server(url):
        _check_server(url)
        return
    path = database_file(url)
    if path is None:
        raise CommandError("check works on SQLite files and PostgreSQL servers only")
    if not path.exists():
        raise NoDatabaseYet(path)
    with untouched_copy(path) as copy:
        problems = [p.replace(str(copy), str(path)) for p in integrity_problems(copy)]
        if not problems:
            problems = label_problems(copy, shown=path)
        if problems:
            raise CommandError(damaged(path, problems))
        if foreign_tables(copy):
            raise CommandError(f"{path} is a sound SQLite file, but not a Dotstorm database")
        unreadable = _unreadable_values(copy)
    if unreadable:
        from app.storage.stored_values import unreadable_message

        raise CommandError(printable(unreadable_message(path, unreadable)))
    print(f"ok: {printable(path)} is sound")


def _unreadable_values(copy: Path) -> list[str]:
    """Every value of the copy that this Dotstorm could not read, one line each."""
    import sqlite3

    from app.storage.stored_values import unreadable_values

    connection = sqlite3.connect(f"{copy.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return unreadable_values(connection)
    finally:
        connection.close()


def run_backup(options: argparse.Namespace, db_value: str | None) -> None:
    """``dotstorm backup [DIR]``: write a verified copy of a sound database; print its path."""
    from app.storage.backup import backup_database, quick_check_problems
    from app.storage.location import backup_dir_for, database_file, is_server, resolve_database_url

    url = resolve_database_url(db_value)
    if is_server(url):
        _back_up_server(url, options.dir or backup_dir_for(url))
        return
    path = database_file(url)
    if path is None:
        raise CommandError("backup works on SQLite files and PostgreSQL servers only")
    if not path.exists():
        raise NoDatabaseYet(path)
    from app.storage.database import refuse_newer_schema
    from app.storage.schema_revision import foreign_tables, on_disk_revision

    if foreign_tables(path):
        raise CommandError(f"{path} holds other tables and is not a Dotstorm database")
    refuse_newer_schema(path, on_disk_revision(path))
    problems = quick_check_problems(path)
    if not problems:  # a label that does not fit the tables: the copy would not open either
        from app.storage.schema_label import label_problems

        problems = label_problems(path)
    if problems:
        raise CommandError(f"{path} is damaged ({problems[0]}); a copy of it would be no backup")
    copy = backup_database(path, options.dir or backup_dir_for(url))
    print(printable(copy))


def run_init(_options: argparse.Namespace, db_value: str | None) -> None:
    """``dotstorm init``: the schema on an empty database (a team's new server), or upgraded."""
    from app.storage.database import open_database
    from app.storage.location import database_file, resolve_database_url, shown_url
    from app.storage.schema_revision import HEAD_REVISION

    url = resolve_database_url(db_value)
    before = _stored_revision(url)
    database = open_database(url)
    database.close()
    if before == HEAD_REVISION:
        done = "already current"
    elif before is None:
        done = "created"
    else:
        done = f"upgraded from {before}"
    where = database_file(url) or shown_url(url)
    print(f"ready: {printable(where)} at schema {HEAD_REVISION} ({done})")


def _stored_revision(url: str) -> str | None:
    """The schema revision already in the database at ``url`` (``None``: none yet)."""
    from sqlalchemy import inspect, text
    from sqlalchemy.exc import DBAPIError

    from app.storage.database_errors import describe_database_error
    from app.storage.location import database_file

    path = database_file(url)
    if path is not None:
        from app.storage.schema_revision import on_disk_revision

        return on_disk_revision(path)
    engine = _server_engine(url)
    try:
        with engine.connect() as connection:
            if "alembic_version" not in inspect(connection).get_table_names():
                return None
            revision = connection.execute(text("SELECT version_num FROM alembic_version"))
            return str(revision.scalar())
    except DBAPIError as error:
        raise describe_database_error(error, url) from None
    finally:
        engine.dispose()


def run_restore(options: argparse.Namespace, db_value: str | None) -> None:
    """``dotstorm restore ARCHIVE``: an archive's goals and sessions, into an empty database.

    All or nothing: every file of the archive is read and checked before the
    database is opened (a refused archive creates nothing), then everything is
    written in one transaction, each session read again as it goes in.
    """
    from app.storage.archive import open_archive

    with open_archive(options.archive) as archive:
        contents = archive.verify()
        database, repository = open_repository(db_value, create=True)
        try:
            sessions = repository.restore_archive(
                contents.goals, contents.readings, archive.sessions()
            )
        finally:
            database.close()
    restored = counted(sessions, "session")
    if contents.goals:
        restored += f" and {counted(len(contents.goals), 'goal')}"
    print(f"restored {restored} from {printable(options.archive)}")


def _server_engine(url: str) -> Engine:
    """An engine on the server that neither creates nor upgrades anything."""
    from app.storage.engine import make_engine

    return make_engine(url)


def _check_server(url: str) -> None:
    from sqlalchemy.exc import DBAPIError

    from app.storage.database_errors import describe_database_error
    from app.storage.location import shown_url
    from app.storage.server_backup import check_server

    engine = _server_engine(url)
    try:
        report = check_server(engine)
    except DBAPIError as error:
        if "alembic_version" in str(error.orig):
            raise CommandError(f"{shown_url(url)} is not a Dotstorm database") from None
        raise describe_database_error(error, url) from None
    finally:
        engine.dispose()
    if report.problems:
        more = f" (and {len(report.problems) - 1} more)" if len(report.problems) > 1 else ""
        raise CommandError(f"{shown_url(url)}: {printable(report.problems[0])}{more}")
    print(
        f"ok: {printable(shown_url(url))} is sound (schema {report.revision}, "
        f"{counted(report.sessions, 'session')}, {counted(report.notes, 'note')} read back)"
    )


def _back_up_server(url: str, folder: Path) -> None:
    from sqlalchemy.exc import DBAPIError

    from app.storage.database_errors import describe_database_error
    from app.storage.server_backup import backup_server

    engine = _server_engine(url)
    try:
        done = backup_server(engine, url, folder)
    except DBAPIError as error:
        raise describe_database_error(error, url) from None
    finally:
        engine.dispose()
    print(printable(done.archive))
    if done.dump is not None:
        print(printable(done.dump))
    else:
        from app.storage.masking import masked

        print(f"dotstorm: {printable(masked(str(done.dump_problem), url))}", file=sys.stderr)
