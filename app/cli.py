"""The ``dotstorm`` command: open the window, or work on the database from a shell.

Every failure prints one line on stderr and exits 1 (2 for a usage error), with the
database unchanged. Heavy imports (Qt, SQLAlchemy) happen only on the path that needs
them, so ``dotstorm --help`` is instant and the window paints before storage loads.

This module holds the parser and the dispatch; the commands' bodies live in
:mod:`app.cli_sessions` (list, import, export, init, check, backup, restore) and
:mod:`app.cli_program` (actions, goals, similar), what they share in :mod:`app.cli_common`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from app import __version__
from app.cli_common import CommandError
from app.cli_program import (
    min_score_argument,
    run_actions,
    run_goals,
    run_similar,
)
from app.cli_sessions import (
    EXPORT_FORMATS,
    run_backup,
    run_check,
    run_export,
    run_import,
    run_init,
    run_list,
    run_restore,
)
from app.core.format_helpers import printable

__all__ = ["EXPORT_FORMATS", "CommandError", "build_parser", "main"]

CommandHandler = Callable[[argparse.Namespace, str | None], None]
"""A command's body: it runs with the parsed options and the ``--db`` value."""


class _OneLineParser(argparse.ArgumentParser):
    """An argument parser whose every complaint is one line, as the README promises."""

    def error(self, message: str) -> NoReturn:
        """Print ``dotstorm: <what is wrong> (see --help)`` and exit with status 2.

        argparse quotes the argument it could not place, which may be a server's URL.
        """
        self.exit(2, f"{self.prog}: {_shown(message)} (see '{self.prog} --help')\n")


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
    parser.add_argument(
        "--phones",
        metavar="ADDRESS[:PORT]",
        type=_phones_option,
        help="with --open or --demo: phones in the room on this address of the laptop "
        "(a free port if none); prints the join address",
    )
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

    similar = commands.add_parser(
        "similar",
        parents=[db_option],
        help="list the notes of a session that may be the same idea",
    )
    similar.add_argument("session", metavar="SESSION", help="id, id prefix (8+) or exact title")
    similar.add_argument("--json", action="store_true", help="print a JSON array")
    # The default is app.core.similarity.DEFAULT_MIN_SCORE, written out: importing it
    # here would load the matcher for every command (tests/cli/test_similar.py checks).
    similar.add_argument(
        "--min-score",
        type=min_score_argument,
        metavar="S",
        help="how alike two notes must be, from 0 to 1 (default: 0.7)",
    )

    commands.add_parser(
        "init",
        parents=[db_option],
        help="create Dotstorm's tables in an empty database, or bring them up to date",
    )
    commands.add_parser(
        "check", parents=[db_option], help="check the database's integrity (exit 0 when sound)"
    )
    backup = commands.add_parser(
        "backup",
        parents=[db_option],
        help="write a verified copy of the database (of a server: every session and goal)",
    )
    restore = commands.add_parser(
        "restore",
        parents=[db_option],
        help="put every session and goal of a backup archive (.zip) into an empty database",
    )
    restore.add_argument("archive", type=Path, metavar="ARCHIVE", help="a server backup (.zip)")
    backup.add_argument(
        "dir",
        nargs="?",
        type=Path,
        metavar="DIR",
        help="folder for the copy (default: the backups folder beside the database)",
    )
    return parser


def _phones_option(text: str) -> tuple[str, int]:
    """``--phones ADDRESS[:PORT]``, checked before anything starts."""
    from app.web.serving import parse_phones_option

    try:
        return parse_phones_option(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``dotstorm`` with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    _hide_secrets_from_process_list()
    parser = build_parser()
    options = parser.parse_args(argv)
    db_value: str | None = getattr(options, "db", None)
    if options.command is not None and (options.demo or options.open):
        parser.error("--demo and --open open the window; they do not go with a command")
    if options.phones is not None and not (options.demo or options.open):
        parser.error("--phones goes with --open SESSION (or --demo): phones join one session")
    try:
        if options.command is None:
            from app.ui.application import run_application

            return run_application(
                db_value, demo=options.demo, open_reference=options.open, phones=options.phones
            )
        handler = _COMMANDS[options.command]
        handler(options, db_value)
        if sys.stdout is not None:  # None under pythonw
            sys.stdout.flush()  # here, where a reader that went away is caught
    except BrokenPipeError:
        return _reader_went_away()
    except CommandError as error:
        print(f"dotstorm: {_shown(error)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("dotstorm: interrupted", file=sys.stderr)
        return 130
    except Exception as error:
        from app.storage.errors import StorageError

        if isinstance(error, StorageError):
            print(f"dotstorm: {_shown(error)}", file=sys.stderr)
        else:
            where = _log_unexpected(error)
            print(
                f"dotstorm: unexpected error ({type(error).__name__}: {_shown(error)}); "
                f"the details are in {printable(where)}",
                file=sys.stderr,
            )
        return 1
    return 0


def _hide_secrets_from_process_list() -> None:
    """Mask a password given on the command line in the process title, as ``ps`` shows it.

    ``--db postgresql://maya:secret@host/db`` would otherwise be readable by every user
    of the machine in ``/proc/PID/cmdline`` for as long as the command or the window
    runs. The title becomes the command line with its secrets masked (nothing changes
    when it has none). ``sys.argv`` keeps the real values; the environment (``DOTSTORM_DB``,
    ``PGPASSWORD``) is left alone: only the same user can read it.
    """
    from app.storage.masking import masked

    given = list(sys.orig_argv)
    shown = [masked(argument) for argument in given]
    if shown != given:
        from setproctitle import setproctitle

        setproctitle(" ".join(shown))


def _shown(message: object) -> str:
    """A message as it may reach the terminal: secrets masked, control characters escaped."""
    from app.storage.masking import masked

    return printable(masked(str(message)))


def _reader_went_away() -> int:
    """What reads our output closed it (``dotstorm list | head -1``): end quietly, status 1.

    Python's documented recipe: the rest of the output goes to the null device, so the
    flush at exit cannot raise a second ``BrokenPipeError``. Nothing is said on stderr.
    """
    import os

    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, sys.stdout.fileno())
    return 1


def _log_unexpected(error: BaseException) -> str:
    """Append the traceback of ``error`` to the log file, secrets masked; say where it went.

    A driver's exception may carry the connection's parameters in its text.
    """
    import traceback
    from datetime import datetime

    from platformdirs import user_log_dir

    from app.storage.masking import masked

    folder = Path(user_log_dir("dotstorm", appauthor=False))
    log_file = folder / "dotstorm.log"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with log_file.open("a", encoding="utf-8") as handle:
            handle.write(f"{datetime.now().isoformat()} ERROR dotstorm.cli\n")
            handle.write(masked("".join(traceback.format_exception(error))))
    except OSError:
        return "(no log: the log folder cannot be written)"
    return str(log_file)


_COMMANDS: dict[str, CommandHandler] = {
    "init": run_init,
    "list": run_list,
    "restore": run_restore,
    "import": run_import,
    "export": run_export,
    "check": run_check,
    "actions": run_actions,
    "goals": run_goals,
    "similar": run_similar,
    "backup": run_backup,
}
