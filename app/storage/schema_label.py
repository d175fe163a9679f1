"""Whether a file's schema label (its one ``alembic_version`` row) tells the truth.

Dotstorm upgrades a database from what its label says, so a label changed by hand
(an older one, two rows, none) would send the upgrade at tables it does not fit, or
none at all. Before anything is written, the label is read and the file's tables,
columns and indexes are compared with the ones that revision has: today's from the
models, an older one's built by the migrations in memory (only on the way to an
upgrade). ``dotstorm check`` asks the same, so both say it in the same words.
"""

from __future__ import annotations

import sqlite3
from functools import cache
from pathlib import Path

from app.core.format_helpers import counted
from app.storage.errors import DatabaseTooNew, too_new
from app.storage.head_shape import HEAD_SHAPE, SHAPE_REVISION, shape_from_models
from app.storage.schema_revision import HEAD_REVISION, alembic_config

Shape = frozenset[tuple[str, str, str]]
"""``("column", table, column)`` and ``("index", name, table)`` of every table."""

# The full-text indexes of migration 0015 (FTS5 tables and their shadow tables) are
# the database's own, outside the models: their shape is not compared.
SHAPE_QUERY = """
SELECT 'column', m.name, p.name FROM sqlite_master AS m JOIN pragma_table_info(m.name) AS p
WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
AND m.name NOT LIKE '%\\_search%' ESCAPE '\\'
UNION ALL
SELECT 'index', name, tbl_name FROM sqlite_master
WHERE type = 'index' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
"""

LABEL_TABLE = "its schema label (the alembic_version table)"


def label_problems(
    path: Path, *, shown: Path | None = None, extra_version_locations: tuple[str, ...] = ()
) -> list[str]:
    """What is wrong with the schema label of the database at ``path``; empty: nothing.

    Read-only. A file with no label table is not judged here (a new file, or
    someone else's, which the caller names). Raises
    :class:`~app.storage.errors.DatabaseTooNew` for a label this Dotstorm does not
    know, naming ``shown`` (default ``path``).
    """
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            tables = {
                str(name)
                for (name,) in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                )
            }
            if "alembic_version" not in tables:
                return []
            labels = [
                str(label)
                for (label,) in connection.execute("SELECT version_num FROM alembic_version")
            ]
            actual = frozenset(
                (str(a), str(b), str(c)) for a, b, c in connection.execute(SHAPE_QUERY)
            )
        finally:
            connection.close()
    except sqlite3.Error:
        return []  # unreadable: the integrity check says why, in its own words
    if not labels:
        return [] if tables <= {"alembic_version"} else [f"{LABEL_TABLE} is empty"]
    if len(labels) > 1:
        shown_labels = ", ".join(repr(label) for label in labels[:4])
        return [f"{LABEL_TABLE} has {len(labels)} rows ({shown_labels}) where Dotstorm keeps one"]
    label = labels[0]
    expected = expected_shape(label, extra_version_locations)
    if expected is None:
        raise DatabaseTooNew(too_new(shown or path, label))
    if actual == expected:
        return []
    return [
        f"its schema label says {label}, but its tables are not those of schema {label} "
        f"({_differences(expected, actual, label)})"
    ]


def expected_shape(revision: str, extra_version_locations: tuple[str, ...] = ()) -> Shape | None:
    """The tables, columns and indexes a database at ``revision`` has; ``None``: unknown."""
    if revision == HEAD_REVISION and not extra_version_locations:
        return head_shape()
    return migrated_shape(revision, extra_version_locations)


def head_shape() -> Shape:
    """Today's schema (a test keeps it equal to what migrations build).

    Written down in ``head_shape`` (no SQLAlchemy to import), or from the models
    while that is behind the newest migration.
    """
    if SHAPE_REVISION == HEAD_REVISION:
        return HEAD_SHAPE
    return shape_from_models()


@cache
def migrated_shape(revision: str, extra_version_locations: tuple[str, ...]) -> Shape | None:
    """An older revision's schema: the migrations run up to it on an empty database in memory."""
    from alembic import command
    from alembic.script import ScriptDirectory
    from sqlalchemy import create_engine

    config = alembic_config(extra_version_locations)
    try:
        if ScriptDirectory.from_config(config).get_revision(revision) is None:
            return None
    except Exception:  # alembic raises several kinds for an id it does not know
        return None
    engine = create_engine("sqlite://")
    try:
        with engine.connect() as connection:
            config.attributes["connection"] = connection
            with connection.begin():
                command.upgrade(config, revision)
            rows = connection.exec_driver_sql(SHAPE_QUERY).fetchall()
    finally:
        engine.dispose()
    return frozenset((str(a), str(b), str(c)) for a, b, c in rows)


def _differences(expected: Shape, actual: Shape, label: str) -> str:
    """The first difference in words, and how many more there are."""
    missing = sorted(expected - actual)
    extra = sorted(actual - expected)
    said = [f"{_named(item)} is missing" for item in missing]
    said += [f"it has {_named(item)}, which schema {label} does not" for item in extra]
    more = f", and {counted(len(said) - 1, 'more difference')}" if len(said) > 1 else ""
    return f"{said[0]}{more}"


def _named(item: tuple[str, str, str]) -> str:
    kind, first, second = item
    if kind == "column":
        return f"the column {first}.{second}"
    return f"the index {first} of {second}"
