"""The ``dotstorm`` command: open the window, or work on the database from a shell.

Every failure prints one line on stderr and exits 1 (2 for a usage error), with the
database unchanged. Heavy imports (Qt, SQLAlchemy) happen only on the path that needs
them, so ``dotstorm --help`` is instant and the window paints before storage loads.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from app import __version__
from app.core.format_helpers import counted, left_out_summary, printable

if TYPE_CHECKING:
    from app.core.backlog import ActionEntry
    from app.core.types import SessionSummary
    from app.storage.database import Database
    from app.storage.repository import SessionRepository

EXPORT_FORMATS = ("json", "md", "csv", "pdf")


class CommandError(Exception):
    """A failure to report as one line on stderr, exit status 1."""


class _OneLineParser(argparse.ArgumentParser):
    """An argument parser whose every complaint is one line, as the README promises."""

    def error(self, message: str) -> NoReturn:
        """Print ``dotstorm: <what is wrong> (see --help)`` and exit with status 2."""
        self.exit(2, f"{self.prog}: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``dotstorm`` and its commands."""
    db_option = _OneLineParser(add_help=False)
    db_option.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        default=argparse.SUPPRESS,
        help="database file or SQLAlchemy URL (default: $DOTSTORM_DB, then the user data folder)",
    )
    parser = _OneLineParser(
        prog="dotstorm",
        description="Run a live, timed, cross-functional brainstorm from one laptop. "
        "With no command, opens the Dotstorm window.",
        parents=[db_option],
    )
    parser.add_argument("--version", action="version", version=f"dotstorm {__version__}")
    window = parser.add_mutually_exclusive_group()
    window.add_argument(
        "--demo",
        action="store_true",
        help="open the window on the demo session (created if missing)",
    )
    window.add_argument("--open", metavar="SESSION", help="open this session's window directly")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    listing = commands.add_parser("list", parents=[db_option], help="list the sessions")
    listing.add_argument("--json", action="store_true", help="print a JSON array")

    importing = commands.add_parser(
        "import", parents=[db_option], help="import a session file; prints the new session's id"
    )
    importing.add_argument(
        "file", type=Path, metavar="FILE", help="a Dotstorm session file (.json), version 1"
    )

    exporting = commands.add_parser("export", parents=[db_option], help="export a session")
    exporting.add_argument("session", metavar="SESSION", help="id, id prefix (8+) or exact title")
    exporting.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        required=True,
        help="pdf or md: the minutes; csv: one row per note; json: the session file",
    )
    exporting.add_argument(
        "-o", "--output", type=Path, metavar="OUT", help="file to write (default: stdout)"
    )
    exporting.add_argument(
        "--page-size", choices=("a4", "letter"), default="a4", help="PDF page size (default a4)"
    )

    actions = commands.add_parser(
        "actions", parents=[db_option], help="list the action items of every session"
    )
    actions.add_argument("--json", action="store_true", help="print a JSON array")
    actions.add_argument(
        "--status", choices=("open", "doing", "done", "dropped"), help="only this status"
    )
    actions.add_argument("--owner", metavar="NAME", help="only this owner's (any case)")

    goals = commands.add_parser(
        "goals", parents=[db_option], help="list the goals and what their sessions did"
    )
    goals.add_argument("--json", action="store_true", help="print a JSON array")
    goal_commands = goals.add_subparsers(dest="goals_command", metavar="COMMAND")
    report = goal_commands.add_parser(
        "report", parents=[db_option], help="a one-page PDF report of one goal"
    )
    report.add_argument("goal", metavar="GOAL", help="the goal's id, id prefix or title")
    report.add_argument(
        "-o", "--output", type=Path, metavar="OUT.pdf", required=True, help="file to write"
    )
    report.add_argument(
        "--page-size", choices=("a4", "letter"), default="a4", help="paper (default: a4)"
    )

    commands.add_parser(
        "check", parents=[db_option], help="check the database's integrity (exit 0 when sound)"
    )
    backup = commands.add_parser(
        "backup", parents=[db_option], help="write a verified copy of the database"
    )
    backup.add_argument(
        "dir",
        nargs="?",
        type=Path,
        metavar="DIR",
        help="folder for the copy (default: the backups folder beside the database)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``dotstorm`` with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    parser = build_parser()
    options = parser.parse_args(argv)
    db_value: str | None = getattr(options, "db", None)
    if options.command is not None and (options.demo or options.open):
        parser.error("--demo and --open open the window; they do not go with a command")
    try:
        if options.command is None:
            from app.ui.application import run_application

            return run_application(db_value, demo=options.demo, open_reference=options.open)
        handler = _COMMANDS[options.command]
        handler(options, db_value)
    except CommandError as error:
        print(f"dotstorm: {printable(error)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("dotstorm: interrupted", file=sys.stderr)
        return 130
    except Exception as error:
        from app.storage.errors import StorageError

        if isinstance(error, StorageError):
            print(f"dotstorm: {printable(error)}", file=sys.stderr)
        else:
            where = _log_unexpected(error)
            print(
                f"dotstorm: unexpected error ({type(error).__name__}: {printable(error)}); "
                f"the details are in {where}",
                file=sys.stderr,
            )
        return 1
    return 0


def _log_unexpected(error: BaseException) -> str:
    """Append the traceback of ``error`` to the log file; return where it went."""
    import traceback
    from datetime import datetime

    from platformdirs import user_log_dir

    folder = Path(user_log_dir("dotstorm", appauthor=False))
    log_file = folder / "dotstorm.log"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with log_file.open("a", encoding="utf-8") as handle:
            handle.write(f"{datetime.now().isoformat()} ERROR dotstorm.cli\n")
            handle.write("".join(traceback.format_exception(error)))
    except OSError:
        return "(no log: the log folder cannot be written)"
    return str(log_file)


def _open(db_value: str | None, create: bool = False) -> tuple[Database, SessionRepository]:
    """Open the database; only ``create`` (import) may make a new one.

    Reading commands on a path with no database raise :class:`NoDatabaseYet` instead
    of leaving new folders and an empty database behind.
    """
    from app.storage.database import open_database
    from app.storage.location import database_file, resolve_database_url
    from app.storage.repository import SessionRepository

    url = resolve_database_url(db_value)
    path = database_file(url)
    if not create and path is not None and not path.exists():
        raise NoDatabaseYet(path)
    database = open_database(url)
    return database, SessionRepository(database.engine)


class NoDatabaseYet(CommandError):
    """A reading command found no database file; nothing was created."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"there is no database at {printable(path)} yet; 'dotstorm' or "
            "'dotstorm import FILE' creates it"
        )
        self.path = path


def _list(options: argparse.Namespace, db_value: str | None) -> None:
    try:
        database, repository = _open(db_value)
    except NoDatabaseYet as missing:
        if options.json:
            print("[]")
        else:
            print(
                f"No sessions yet: there is no database at {printable(missing.path)}. "
                "Start the app with 'dotstorm', or try 'dotstorm --demo'."
            )
        return
    try:
        summaries, unreadable = repository.session_listing()
    finally:
        database.close()
    _print_sessions(summaries, options.json)
    _refuse_left_out(unreadable)


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
            f"{s.id[:8]}  {created}  {s.status.value:<8}  {s.title}  "
            f"({counted(s.participants, 'person', 'people')}, {counted(s.notes, 'note')}, "
            f"{counted(s.vote_rounds, 'round')}, {counted(s.action_items, 'action')})"
        )


def _actions(options: argparse.Namespace, db_value: str | None) -> None:
    from app.core.types import ActionStatus

    status = ActionStatus(options.status) if options.status else None
    try:
        database, repository = _open(db_value)
    except NoDatabaseYet:
        print("[]" if options.json else "No actions yet.")
        return
    try:
        entries, left_out = repository.actions_across_sessions(status=status, owner=options.owner)
    finally:
        database.close()
    _print_actions(entries, options.json, filtered=bool(status or options.owner))
    _refuse_left_out(left_out)


def _print_actions(entries: list[ActionEntry], as_json: bool, *, filtered: bool) -> None:
    from datetime import date

    from app.core.backlog import ACTION_STATUS_LABELS

    if as_json:
        print(json.dumps([e.as_json() for e in entries], ensure_ascii=False, indent=2))
        return
    if not entries:
        print("No actions match." if filtered else "No actions yet.")
        return
    today = date.today()
    for e in entries:
        due = e.due_date.isoformat() if e.due_date else "no date"
        late = "  OVERDUE" if e.overdue(today) else ""
        owner = e.owner or "nobody yet"
        print(
            f"{e.id[:8]}  {ACTION_STATUS_LABELS[e.status]:<7}  {due:<10}  {e.title}  "
            f"({owner}; {e.session_title}){late}"
        )


def _refuse_left_out(left_out: list[str]) -> None:
    """The rest was printed; each row left out is named, and the exit status says so."""
    if left_out:
        raise CommandError(printable(left_out_summary(left_out)))


def _goals(options: argparse.Namespace, db_value: str | None) -> None:
    from datetime import date

    if options.goals_command == "report":
        _goal_report(options, db_value)
        return
    try:
        database, repository = _open(db_value)
    except NoDatabaseYet:
        print("[]" if options.json else "No goals yet.")
        return
    try:
        overviews = repository.goal_overviews(date.today())
    finally:
        database.close()
    if options.json:
        print(json.dumps([o.as_json() for o in overviews], ensure_ascii=False, indent=2))
        return
    if not overviews:
        print("No goals yet: a session's goal becomes one when you set the session up.")
        return
    from app.core.goals import metric_line

    for overview in overviews:
        archived = "  (archived)" if overview.goal.archived else ""
        print(f"{overview.goal.id[:8]}  {printable(overview.goal.title)}{archived}")
        print(f"          {overview.summary()}")
        metric = metric_line(overview.goal, overview.latest)
        if metric:
            print(f"          {printable(metric)}")


def _goal_report(options: argparse.Namespace, db_value: str | None) -> None:
    from datetime import date

    from app.export.atomic import ExportError, write_atomically
    from app.export.goal_report_pdf import build_goal_report_pdf

    database, repository = _open(db_value)
    try:
        goal = repository.resolve_goal(options.goal)
        report = repository.goal_report(goal.id, date.today())
    finally:
        database.close()
    data = build_goal_report_pdf(report, options.page_size)
    database_path = repository.database_path
    try:
        write_atomically(options.output, data, (database_path,) if database_path else ())
    except ExportError as error:
        raise CommandError(str(error)) from None
    print(f"Wrote the report of {printable(goal.title)!r} to {printable(options.output)}")


def _import(options: argparse.Namespace, db_value: str | None) -> None:
    from app.export.session_file import SessionFileError, read_session_file

    try:
        session = read_session_file(options.file)
    except SessionFileError as error:
        raise CommandError(str(error)) from None
    database, repository = _open(db_value, create=True)
    try:
        stored = repository.import_session(session)
    finally:
        database.close()
    print(stored.id)


def _export(options: argparse.Namespace, db_value: str | None) -> None:
    from app.export.atomic import ExportError, write_atomically
    from app.export.exports import export_bytes

    database, repository = _open(db_value)
    try:
        session = repository.load_session(repository.resolve(options.session))
        context = repository.minutes_context(session) if options.format in ("pdf", "md") else None
        board_png = None
        if options.format == "pdf":
            # The same board picture the window puts in its minutes, drawn offscreen.
            from app.ui.board.picture import stored_board_image

            board_png = stored_board_image(repository, session.id)
    finally:
        database.close()
    data = export_bytes(
        session, options.format, page_size=options.page_size, board_png=board_png, context=context
    )
    if options.output is None:
        if options.format == "pdf" and sys.stdout.isatty():
            raise CommandError("a PDF is not for the terminal; give a file with -o OUT.pdf")
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    database_path = repository.database_path
    try:
        write_atomically(options.output, data, (database_path,) if database_path else ())
    except ExportError as error:
        raise CommandError(str(error)) from None


def _check(_options: argparse.Namespace, db_value: str | None) -> None:
    """Integrity of the database, without changing a byte of it or beside it."""
    from app.storage.backup import integrity_problems_untouched
    from app.storage.location import database_file, resolve_database_url
    from app.storage.schema_revision import foreign_tables

    path = database_file(resolve_database_url(db_value))
    if path is None:
        raise CommandError("check works on SQLite database files only")
    if not path.exists():
        raise NoDatabaseYet(path)
    problems = integrity_problems_untouched(path)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise CommandError(f"{path} is damaged: {problems[0]}{more}")
    if foreign_tables(path):
        raise CommandError(f"{path} is a sound SQLite file, but not a Dotstorm database")
    print(f"ok: {printable(path)} is sound")


def _backup(options: argparse.Namespace, db_value: str | None) -> None:
    from app.storage.backup import backup_database, quick_check_problems
    from app.storage.location import backup_dir_for, database_file, resolve_database_url

    url = resolve_database_url(db_value)
    path = database_file(url)
    if path is None:
        raise CommandError("backup works on SQLite database files only")
    if not path.exists():
        raise NoDatabaseYet(path)
    from app.storage.schema_revision import foreign_tables

    if foreign_tables(path):
        raise CommandError(f"{path} holds other tables and is not a Dotstorm database")
    problems = quick_check_problems(path)
    if problems:
        raise CommandError(f"{path} is damaged ({problems[0]}); a copy of it would be no backup")
    copy = backup_database(path, options.dir or backup_dir_for(url))
    print(copy)


_COMMANDS = {
    "list": _list,
    "import": _import,
    "export": _export,
    "check": _check,
    "actions": _actions,
    "goals": _goals,
    "backup": _backup,
}
