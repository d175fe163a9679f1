"""Open a Dotstorm database: check it, back it up if it must migrate, then migrate it."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect
from sqlalchemy.exc import DatabaseError, OperationalError

from app.storage.backup import take_backup
from app.storage.database_errors import describe_database_error
from app.storage.engine import make_engine
from app.storage.errors import (
    DatabaseCorrupt,
    DatabaseTooNew,
    NotADotstormDatabase,
    OldBackupsKept,
    StorageError,
    damaged,
    too_new,
)
from app.storage.file_checks import check_database_file
from app.storage.location import backup_dir_for, database_file
from app.storage.schema_revision import HEAD_REVISION, alembic_config, on_disk_revision

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory


@dataclass
class Database:
    """An open, up-to-date Dotstorm database."""

    url: str = field(repr=False)  # a server's URL may hold its password
    engine: Engine
    path: Path | None
    migration_backup: Path | None = None
    """The verified copy taken before this open upgraded the schema, if it did."""
    network_share: str | None = None
    """The network file system the file lies on (``nfs4``, ``cifs``…), if it does."""

    def warning(self) -> str | None:
        """One sentence the facilitator should read about where the database lies."""
        if self.network_share is None:
            return None
        return (
            f"The database is on a network share ({self.network_share}); Dotstorm saves "
            "there without its write-ahead log, more slowly. Keep it on this computer "
            "for a live session."
        )

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()


def open_database(
    url: str,
    *,
    backup_dir: Path | None = None,
    extra_version_locations: tuple[str, ...] = (),
    after_crash: bool = False,
) -> Database:
    """Open the database at ``url``, creating or upgrading its schema as needed.

    An existing file is checked before anything is written to it: ``quick_check``
    on every open, the full ``integrity_check`` when ``after_crash`` (Dotstorm did not
    close cleanly). A damaged file raises :class:`DatabaseCorrupt` untouched.
    An existing database on an older schema is then copied to ``backup_dir`` (by
    default the ``backups`` folder beside it) and the copy verified; only then is it
    migrated. Every failure is a :class:`StorageError` with a one-sentence message.
    """
    path = database_file(url)
    share: str | None = None
    if path is not None:
        share = check_database_file(
            path,
            backup_dir or backup_dir_for(url),
            after_crash=after_crash,
            extra_version_locations=extra_version_locations,
        )
    engine = make_engine(url, journal_mode="DELETE" if share else "WAL")
    current = path is not None and not extra_version_locations and on_disk_revision(path)
    try:
        migration_backup = (
            None
            if current == HEAD_REVISION
            else _migrate(
                engine,
                alembic_config(extra_version_locations),
                path,
                backup_dir or backup_dir_for(url),
            )
        )
    except StorageError:
        engine.dispose()
        raise
    except (OperationalError, DatabaseError) as error:
        engine.dispose()
        raise describe_database_error(error, url) from None
    return Database(
        url=url,
        engine=engine,
        path=path,
        migration_backup=migration_backup,
        network_share=share,
    )


def _migrate(engine: Engine, config: Config, path: Path | None, backup_dir: Path) -> Path | None:
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(config)
    head = script.get_current_head()
    from alembic.util.exc import CommandError

    with engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
        try:
            current = MigrationContext.configure(connection).get_current_revision()
        except CommandError:  # more than one row in alembic_version (a server's too)
            raise DatabaseCorrupt(
                damaged(
                    path or "The database",
                    ["its schema label (the alembic_version table) has more than one row"],
                )
            ) from None
        connection.rollback()
    if current == head:
        return None
    if current is None and tables - {"alembic_version"}:
        raise NotADotstormDatabase(
            f"{path or 'The database'} holds other tables and is not a Dotstorm database."
        )
    if current is not None and _unknown_revision(script, current):
        raise DatabaseTooNew(too_new(path or "The database", current))
    taken: Path | None = None
    if current is not None and path is not None:
        try:
            taken = take_backup(path, backup_dir, label="before-upgrade")
        except OldBackupsKept as kept:  # the copy is made and verified: the upgrade may go on
            logging.getLogger("dotstorm.storage").warning("Before the upgrade: %s", kept)
            taken = kept.copy
    with engine.connect() as connection:
        _run_upgrade(connection, config)
    return taken


def refuse_newer_schema(path: Path | None, revision: str | None) -> None:
    """Raise :class:`DatabaseTooNew` unless ``revision`` is one this Dotstorm knows (or none)."""
    if revision is None or revision == HEAD_REVISION:
        return
    from alembic.script import ScriptDirectory

    if _unknown_revision(ScriptDirectory.from_config(alembic_config()), revision):
        raise DatabaseTooNew(too_new(path or "The database", revision))


def _unknown_revision(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is None
    except Exception:  # alembic raises several kinds for an unknown id
        return True


MIGRATION_LOCK_KEY = 0x646F7473746F726D  # "dotstorm": one upgrade at a time on a server


def _run_upgrade(connection: Connection, config: Config) -> None:
    from alembic import command

    if connection.dialect.name != "sqlite":
        # Two laptops opening a new server at once: the second waits, then finds the
        # schema current. DDL is transactional on PostgreSQL: a failed step leaves nothing.
        with connection.begin():
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_KEY})")
            config.attributes["connection"] = connection
            try:
                command.upgrade(config, "head")
            finally:
                config.attributes.pop("connection", None)
        return
    # Batch rebuilds of a parent table with foreign_keys=ON fire ON DELETE CASCADE on
    # its children. The pragma only takes effect outside a transaction, so it is set on
    # the driver connection before SQLAlchemy begins one.
    driver = connection.connection.driver_connection
    assert driver is not None
    driver.execute("PRAGMA foreign_keys = OFF")
    try:
        with connection.begin():
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise DatabaseCorrupt(
                    f"The upgrade would leave {len(broken)} broken references; nothing changed."
                )
    finally:
        config.attributes.pop("connection", None)
        driver.execute("PRAGMA foreign_keys = ON")
