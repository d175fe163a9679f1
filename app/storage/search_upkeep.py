"""The databases' own search indexes (migration 0015) beside the models, and bulk writes.

The full-text indexes live outside the models: FTS5 tables, their shadow tables and
their triggers on SQLite; a generated ``search_words`` column and its indexes on
PostgreSQL. :func:`is_search_object` names them for every comparison of the schema
with the models (Alembic's autogenerate, the schema label, the tests).

On SQLite the triggers index a row at each insert, which costs an import two to
three times its plain inserts. :func:`indexed_in_one_go` takes the triggers away
for a bulk write of new rows and indexes those rows in one statement a table at
the end, in the same transaction: a crash or an error rolls the triggers back in
with everything else. PostgreSQL keeps its generated column itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy.orm import Session as OrmSession

SEARCH_NAMES = ("_search", "search_words")
"""What every name of a search table, trigger, column or index holds."""


def is_search_object(name: str | None) -> bool:
    """Whether ``name`` is part of the full-text search, outside the models."""
    return bool(name) and any(part in str(name) for part in SEARCH_NAMES)


@dataclass(frozen=True, slots=True)
class SqliteSearchIndex:
    """One FTS5 index: its name, the table it follows and the rows it holds."""

    name: str
    table: str
    columns: tuple[str, ...]
    indexed_when: str
    """An SQL condition on the table's row (empty: every row)."""


def _both(
    name: str, table: str, columns: tuple[str, ...], when: str = ""
) -> tuple[SqliteSearchIndex, SqliteSearchIndex]:
    return (
        SqliteSearchIndex(name, table, columns, when),
        SqliteSearchIndex(f"{name}_trigrams", table, columns, when),
    )


# Migration 0015 made these; a migration is history and keeps its own copy.
SQLITE_SEARCH_INDEXES = (
    *_both("notes_search", "notes", ("text",), "hidden = 0"),
    *_both("actions_search", "action_items", ("title", "hypothesis", "success_metric")),
    *_both("sessions_search", "sessions", ("title",)),
)


@contextmanager
def indexed_in_one_go(orm: OrmSession) -> Iterator[None]:
    """Inside: insert new rows without the search triggers; after: index them at once.

    Only for writes that add rows (an import, a restore): a row changed or deleted
    inside would leave the index behind. Must run inside a write transaction.
    """
    connection = orm.connection()
    if connection.dialect.name != "sqlite":
        yield
        return
    tables = sorted({index.table for index in SQLITE_SEARCH_INDEXES})
    listed = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
        f"AND tbl_name IN ({', '.join('?' * len(tables))})",
        tuple(tables),
    ).all()
    triggers = [(str(name), str(sql)) for name, sql in listed if is_search_object(name)]
    newest = {
        table: int(
            connection.exec_driver_sql(f"SELECT coalesce(max(rowid), 0) FROM {table}").scalar_one()
        )
        for table in tables
    }
    for name, _ in triggers:
        connection.exec_driver_sql(f'DROP TRIGGER "{name}"')
    yield
    orm.flush()
    for index in SQLITE_SEARCH_INDEXES:
        columns = ", ".join(index.columns)
        condition = f" AND {index.indexed_when}" if index.indexed_when else ""
        connection.exec_driver_sql(
            f"INSERT INTO {index.name}(rowid, {columns}) "
            f"SELECT rowid, {columns} FROM {index.table} WHERE rowid > ?{condition}",
            (newest[index.table],),
        )
    for _, sql in triggers:
        connection.exec_driver_sql(sql)
