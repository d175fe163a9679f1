"""What a database holds, to compare before and after something that must change nothing."""

from __future__ import annotations

from sqlalchemy import select

from app.storage.database import Database
from app.storage.models import Base


def stored_contents(database: Database) -> object:
    """An SQLite file's bytes (and its write-ahead log's); a server database's rows.

    On SQLite the bytes say more than the rows (nothing rewritten, not even a page);
    a server's files are its own, so there every table's rows, sorted, are compared.
    """
    if database.path is not None:
        wal = database.path.with_name(database.path.name + "-wal")
        return database.path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    with database.engine.connect() as connection:
        return {
            table.name: sorted((tuple(row) for row in connection.execute(select(table))), key=repr)
            for table in Base.metadata.sorted_tables
        }
