"""Values a row holds that this Dotstorm cannot read, each named by table, row and column.

SQLite keeps any value in any column: a time that is not a time, a number where a
title goes, a status no Dotstorm writes. Such a value is not damage to the file (its
pages are sound), but reading it would fail, or worse, pass on something that is not
what the column says. :func:`unreadable_values` finds them with one query per table
that lets SQLite compare storage classes and the known names of each enum, and reads
the stored times and dates back with the very converters SQLAlchemy uses.
``dotstorm check`` names them; a read that meets one names it in the same words.

Plain ``sqlite3`` connections only: a PostgreSQL server keeps each column's type itself.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Date,
    DateTime,
    Float,
    Integer,
    String,
    Table,
    Text,
    or_,
    select,
)
from sqlalchemy import Enum as SqlEnum
from sqlalchemy.dialects.sqlite import pysqlite

from app.core.format_helpers import shortened

ROW_NAMES = {
    "sessions": ("session", "title"),
    "goals": ("goal", "title"),
    "metric_readings": ("reading", "note"),
    "participants": ("participant", "name"),
    "phases": ("phase", "title"),
    "clusters": ("cluster", "title"),
    "notes": ("note", "text"),
    "vote_rounds": ("round", "title"),
    "action_items": ("action", "title"),
}
"""How a row of each table with an ``id`` is named: its kind and the column shown."""
LARGEST = "1.7976931348623157e308"
"""The largest finite double, as SQL: a stored number beyond it is infinite."""
LARGEST_NUMBER = float(LARGEST)


def unknown_in_row(kind: str, row_id: str, title: str, column: str, value: object) -> str:
    """The line naming one row left out of a listing for a value this Dotstorm does not know."""
    titled = f" ({shortened(title, 40)!r})" if title else ""
    return (
        f"{kind} {row_id[:8]}{titled} has the {column} {_shown(value)}, "
        "which this Dotstorm does not know"
    )


def unreadable_in_row(kind: str, row_id: str, title: str, column: str, value: object) -> str:
    """The line naming one row whose ``column`` holds a value no read can convert."""
    return unknown_in_row(kind, row_id, title, column, value).replace(
        "does not know", "cannot read"
    )


def unreadable_message(where: object, lines: list[str]) -> str:
    """The one sentence for values this Dotstorm cannot read, from ``check`` and every read."""
    more = f" (and {len(lines) - 1} more)" if len(lines) > 1 else ""
    return f"{where}: {lines[0]}{more}; it was written by hand or by a newer Dotstorm."


@dataclass(frozen=True, slots=True)
class _ColumnCheck:
    """What a column must hold, as an SQL condition that is true for a wrong value."""

    name: str
    wrong: str
    """SQL, true for a stored value of the wrong kind."""
    parse: Callable[[Any], object] | None
    """SQLAlchemy's converter for the text SQLite keeps (times and dates), if any."""
    enum: bool


def unreadable_values(
    connection: sqlite3.Connection,
    *,
    session_id: str | None = None,
    read_times: bool = True,
    limit: int = 1000,
) -> list[str]:
    """A line for each value this Dotstorm cannot read (at most ``limit``); empty: none.

    With ``session_id``, only that session's rows (and its goal's) are looked at.
    Without ``read_times``, stored times and dates are only checked to be text, all in
    SQLite, for a read that converts them itself (and fails loudly on a wrong one).
    """
    from app.storage.models import Base

    found: list[str] = []
    present = {
        str(name)
        for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    for table in Base.metadata.sorted_tables:
        if table.name not in present:
            continue
        scope = _scope(table, session_id)
        if scope is None:
            continue
        found.extend(_table_problems(connection, table, scope, read_times, limit - len(found)))
        if len(found) >= limit:
            break
    return found


def _table_problems(
    connection: sqlite3.Connection,
    table: Table,
    scope: tuple[str, tuple[str, ...]],
    read_times: bool,
    limit: int,
) -> Iterator[str]:
    checks = _checks(table)
    if not checks:
        return
    kind, title_column = ROW_NAMES.get(table.name, ("", ""))
    title = f'"{title_column}"' if title_column else "NULL"
    key = '"id"' if kind else "rowid"
    where, parameters = scope
    wrong = " OR ".join(f"({check.wrong})" for check in checks)
    text_times = " OR ".join(
        f"typeof(\"{check.name}\") = 'text'"
        for check in checks
        if check.parse is not None and read_times
    )
    condition = f"({wrong}{f' OR {text_times}' if text_times else ''})"
    values = ", ".join(f'"{check.name}", ({check.wrong})' for check in checks)
    query = f'SELECT {key}, {title}, {values} FROM "{table.name}" WHERE {where} AND {condition}'
    shown = 0
    for row in connection.execute(query, parameters):
        row_id, row_title = row[0], row[1]
        for index, check in enumerate(checks):
            value, is_wrong = row[2 + 2 * index], row[3 + 2 * index]
            if not is_wrong and not (read_times and _unparsable(check, value)):
                continue
            named = unknown_in_row if check.enum else unreadable_in_row
            if kind and isinstance(row_id, str):
                text = row_title if isinstance(row_title, str) else ""
                yield named(kind, row_id, text, check.name, value)
            else:
                yield named(f"row {row_id} of", table.name, "", check.name, value)
            shown += 1
            if shown >= limit:
                return


def _unparsable(check: _ColumnCheck, value: object) -> bool:
    if check.parse is None or not isinstance(value, str):
        return False
    try:
        check.parse(value)
    except (ValueError, TypeError, OverflowError):
        return True
    return False


def _scope(table: Table, session_id: str | None) -> tuple[str, tuple[str, ...]] | None:
    """The rows of ``table`` that belong to the session (all rows without one)."""
    if session_id is None:
        return "1", ()
    columns = set(table.columns.keys())
    goal = "(SELECT goal_id FROM sessions WHERE id = ?)"
    if table.name == "sessions":
        return '"id" = ?', (session_id,)
    if table.name == "goals":
        return f'"id" = {goal}', (session_id,)
    if "session_id" in columns:
        return '"session_id" = ?', (session_id,)
    if "round_id" in columns:
        return '"round_id" IN (SELECT id FROM vote_rounds WHERE session_id = ?)', (session_id,)
    if "goal_id" in columns:
        return f'"goal_id" = {goal}', (session_id,)
    return None


@cache
def _checks(table: Table) -> list[_ColumnCheck]:
    return [check for column in table.columns if (check := _check(column)) is not None]


_DIALECT = pysqlite.dialect()


def _check(column: Column[Any]) -> _ColumnCheck | None:
    name = column.name
    quoted = f'"{name}"'
    kind = column.type
    stored = getattr(kind, "impl_instance", kind)  # a TypeDecorator keeps what it stores as
    parse: Callable[[Any], object] | None = None
    enum = False
    if isinstance(kind, SqlEnum):
        known = ", ".join("'" + value.replace("'", "''") + "'" for value in kind.enums)
        wrong = f"typeof({quoted}) != 'text' OR {quoted} NOT IN ({known})"
        enum = True
    elif isinstance(stored, Boolean):
        wrong = f"typeof({quoted}) != 'integer' OR {quoted} NOT IN (0, 1)"
    elif isinstance(stored, Integer):
        wrong = f"typeof({quoted}) != 'integer'"
    elif isinstance(stored, Float):  # a number, and a finite one (no JSON holds infinity)
        wrong = f"typeof({quoted}) NOT IN ('integer', 'real') OR abs({quoted}) > {LARGEST}"
    elif isinstance(stored, DateTime | Date):
        wrong = f"typeof({quoted}) != 'text'"
        parse = kind.dialect_impl(_DIALECT).result_processor(_DIALECT, None)
    elif isinstance(stored, String | Text):
        wrong = f"typeof({quoted}) != 'text'"
    else:
        return None
    if column.nullable:
        wrong = f"{quoted} IS NOT NULL AND ({wrong})"
    return _ColumnCheck(name, wrong, parse, enum)


def non_finite_values(connection: Connection, limit: int = 1000) -> list[str]:
    """A line for each number stored as infinity or NaN (a server's ``float8`` keeps them).

    Any backend, through SQLAlchemy: what compares beyond the largest finite number is
    infinite, and PostgreSQL sorts NaN above every number.
    """
    from app.storage.models import Base

    found: list[str] = []
    for table in Base.metadata.sorted_tables:
        floats = [c for c in table.columns if isinstance(c.type, Float)]
        if not floats or "id" not in table.columns:
            continue
        kind, title_column = ROW_NAMES.get(table.name, (table.name, ""))
        title = table.columns[title_column] if title_column else table.columns["id"]
        for column in floats:
            query = (
                select(table.columns["id"], title, column)
                .where(or_(column > LARGEST_NUMBER, column < -LARGEST_NUMBER))
                .limit(limit - len(found))
            )
            for row_id, row_title, value in connection.execute(query):
                shown_title = row_title if title_column and isinstance(row_title, str) else ""
                found.append(unreadable_in_row(kind, str(row_id), shown_title, column.name, value))
            if len(found) >= limit:
                return found
    return found


def finite(value: float | None, kind: str, row_id: str, title: str, column: str) -> None:
    """Refuse (:class:`UnknownStoredValue`) a stored number that is infinite or NaN."""
    if value is not None and not math.isfinite(value):
        from app.storage.errors import UnknownStoredValue

        raise UnknownStoredValue(
            unreadable_message(
                "The database", [unreadable_in_row(kind, row_id, title, column, value)]
            )
        )


def _shown(value: object) -> str:
    """A stored value as the line shows it: its repr, cut short."""
    return shortened(repr(value), 40)
