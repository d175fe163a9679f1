"""Thousands of rows of one table at once: the driver's own fastest way in.

A big session's notes, dots and round items go in when a session is imported,
restored or copied. SQLAlchemy's executemany builds and processes every row's
parameters one by one, which for 5,000 notes costs more than SQLite's own work, and
psycopg sends each row as a statement of its own, each with its own trigger run.

Here each column's own SQLAlchemy type still converts the values (the same bind
processors SQLAlchemy would use: dates to UTC, enums to their stored strings), once
per column that has one. Then SQLite gets one driver executemany of one prepared
INSERT, and PostgreSQL one ``COPY … FROM STDIN``: one statement, whose per-statement
triggers (the change notice) fire once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.exc import DBAPIError

from app.storage.models import Base

Row = Mapping[str, object]


@dataclass(frozen=True)
class DriverRows:
    """Rows of one table as its driver takes them: converted, in column order."""

    table: Table
    names: list[str]
    values: list[tuple[object, ...]]


def insert_rows(connection: Connection, row_type: type[Base], rows: Sequence[Row]) -> None:
    """Insert ``rows`` (each with the same columns, by name) into ``row_type``'s table.

    Runs in the caller's transaction; a driver error is SQLAlchemy's, as from any
    other statement.
    """
    if rows:
        send_rows(connection, driver_rows(connection, row_type, rows))


def driver_rows(connection: Connection, row_type: type[Base], rows: Sequence[Row]) -> DriverRows:
    """``rows`` converted for ``connection``'s driver by each column type that converts."""
    table = row_type.__table__
    assert isinstance(table, Table)  # a declared table, never a join
    names = list(rows[0]) if rows else []
    return DriverRows(table, names, _driver_values(connection, table, names, rows))


def send_rows(connection: Connection, rows: DriverRows) -> None:
    """Send converted rows: one ``COPY`` to a server, one executemany to SQLite."""
    if not rows.values:
        return
    quote = connection.dialect.identifier_preparer.quote
    columns = ", ".join(quote(name) for name in rows.names)
    into = quote(rows.table.name)
    if connection.dialect.name == "postgresql":
        _copy_in(connection, f"COPY {into} ({columns}) FROM STDIN", rows.values)
        return
    marks = ", ".join("?" for _ in rows.names)
    connection.exec_driver_sql(f"INSERT INTO {into} ({columns}) VALUES ({marks})", rows.values)


def _driver_values(
    connection: Connection, table: Table, names: list[str], rows: Sequence[Row]
) -> list[tuple[object, ...]]:
    """The rows as the driver takes them, converted by each column type that converts."""
    dialect = connection.dialect
    converters: list[tuple[int, Callable[[Any], Any]]] = []
    for index, name in enumerate(names):
        processor = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        if processor is not None:
            converters.append((index, processor))
    if not converters:
        return [tuple(row[name] for name in names) for row in rows]
    converted: list[tuple[object, ...]] = []
    for row in rows:
        values = [row[name] for name in names]
        for index, convert in converters:
            values[index] = convert(values[index])
        converted.append(tuple(values))
    return converted


def _copy_in(connection: Connection, statement: str, values: list[tuple[object, ...]]) -> None:
    import psycopg  # only a server's connection gets here

    driver = connection.connection.dbapi_connection
    assert isinstance(driver, psycopg.Connection)  # the one server driver Dotstorm takes
    dbapi = connection.dialect.loaded_dbapi
    try:
        with driver.cursor() as cursor, cursor.copy(statement) as copy:
            for row in values:
                copy.write_row(row)
    except dbapi.Error as error:
        # What SQLAlchemy makes of a driver error for any statement it runs itself; a
        # connection this broke is replaced when next handed out (see ``engine``).
        raise DBAPIError.instance(statement, None, error, dbapi.Error) from error
