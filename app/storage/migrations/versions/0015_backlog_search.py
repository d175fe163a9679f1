"""Full-text search of the backlog, kept by the database itself.

SQLite: two FTS5 indexes per searched table, one of words (``unicode61`` with
diacritics removed: "cafe" finds "café", a word's start finds it) and one of
trigrams (any substring of three characters or more, unspaced Chinese or Japanese
too). They hold no copy of the text (external content) and triggers keep them
current. A face-down note is never in the notes' indexes: they index the view of
face-up notes, and a note turned face up (or down) goes in (or out).

PostgreSQL: a generated ``tsvector`` column (a text search configuration that
removes accents, ``unaccent``, then splits words as ``simple`` does) with a GIN
index, and ``pg_trgm`` GIN indexes for substrings. A face-down note's vector is
empty.

A later migration that rebuilds ``notes``, ``action_items`` or ``sessions`` in
batch mode on SQLite drops their triggers with the old table: it must create them
again and rebuild the indexes (see ``sqlite_search_ddl`` here).

Revision ID: 0015
Revises: 0014
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WORDS = "unicode61 remove_diacritics 2"
TRIGRAMS = "trigram"
# (index name, content table or view, its rowid column, the table the triggers watch,
# the searched columns, the condition a row is indexed under)
SQLITE_INDEXES = (
    ("notes_search", "notes_face_up", "note_rowid", "notes", ("text",), "hidden = 0"),
    (
        "actions_search",
        "action_items",
        "rowid",
        "action_items",
        ("title", "hypothesis", "success_metric"),
        "",
    ),
    ("sessions_search", "sessions", "rowid", "sessions", ("title",), ""),
)


def sqlite_search_ddl() -> list[str]:
    """Every statement that creates the SQLite indexes, their triggers, and fills them."""
    statements = [
        "CREATE VIEW notes_face_up AS SELECT rowid AS note_rowid, text FROM notes WHERE hidden = 0"
    ]
    for base, content, rowid, table, columns, condition in SQLITE_INDEXES:
        names = ", ".join(columns)
        new = ", ".join(f"new.{c}" for c in columns)
        old = ", ".join(f"old.{c}" for c in columns)
        when_new = f"WHEN new.{condition}" if condition else ""
        when_old = f"WHEN old.{condition}" if condition else ""
        where_new = f"WHERE new.{condition}" if condition else ""
        where_old = f"WHERE old.{condition}" if condition else ""
        watched = ", ".join((*columns, "hidden") if condition else columns)
        for fts, tokenizer in ((base, WORDS), (f"{base}_trigrams", TRIGRAMS)):
            statements += [
                f"CREATE VIRTUAL TABLE {fts} USING fts5({names}, content='{content}', "
                f"content_rowid='{rowid}', tokenize='{tokenizer}')",
                f"CREATE TRIGGER {fts}_in AFTER INSERT ON {table} {when_new} BEGIN "
                f"INSERT INTO {fts}(rowid, {names}) VALUES (new.rowid, {new}); END",
                f"CREATE TRIGGER {fts}_out AFTER DELETE ON {table} {when_old} BEGIN "
                f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.rowid, {old}); "
                "END",
                f"CREATE TRIGGER {fts}_change AFTER UPDATE OF {watched} ON {table} BEGIN "
                f"INSERT INTO {fts}({fts}, rowid, {names}) "
                f"SELECT 'delete', old.rowid, {old} {where_old}; "
                f"INSERT INTO {fts}(rowid, {names}) SELECT new.rowid, {new} {where_new}; END",
                f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
            ]
    return statements


def sqlite_search_drop() -> list[str]:
    """Every statement that removes what :func:`sqlite_search_ddl` made."""
    statements = []
    for base, *_ in SQLITE_INDEXES:
        for fts in (base, f"{base}_trigrams"):
            for suffix in ("in", "out", "change"):
                statements.append(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
            statements.append(f"DROP TABLE IF EXISTS {fts}")
    statements.append("DROP VIEW IF EXISTS notes_face_up")
    return statements


# (table, the text searched, as an SQL expression over its columns)
SERVER_TEXTS = (
    ("notes", "CASE WHEN hidden THEN '' ELSE text END"),
    ("action_items", "title || ' ' || hypothesis || ' ' || success_metric"),
    ("sessions", "title"),
)
SERVER_TRIGRAMS = (
    ("notes", "text"),
    ("action_items", "(title || ' ' || hypothesis || ' ' || success_metric)"),
    ("sessions", "title"),
)


def server_search_ddl() -> list[str]:
    """Every statement that creates the PostgreSQL search columns and indexes."""
    statements = [
        "CREATE EXTENSION IF NOT EXISTS unaccent",
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        "CREATE TEXT SEARCH CONFIGURATION dotstorm_search (COPY = simple)",
        "ALTER TEXT SEARCH CONFIGURATION dotstorm_search "
        "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple",
    ]
    for table, text in SERVER_TEXTS:
        statements += [
            f"ALTER TABLE {table} ADD COLUMN search_words tsvector GENERATED ALWAYS AS "
            f"(to_tsvector('dotstorm_search'::regconfig, {text})) STORED",
            f"CREATE INDEX ix_{table}_search_words ON {table} USING gin (search_words)",
        ]
    for table, text in SERVER_TRIGRAMS:
        statements.append(
            f"CREATE INDEX ix_{table}_search_trigrams ON {table} USING gin ({text} gin_trgm_ops)"
        )
    return statements


def upgrade() -> None:
    bind = op.get_bind()
    ddl = sqlite_search_ddl() if bind.dialect.name == "sqlite" else server_search_ddl()
    for statement in ddl:
        bind.exec_driver_sql(statement)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        statements = sqlite_search_drop()
    else:
        statements = [f"DROP INDEX IF EXISTS ix_{t}_search_trigrams" for t, _ in SERVER_TRIGRAMS]
        statements += [
            f"ALTER TABLE {t} DROP COLUMN IF EXISTS search_words" for t, _ in SERVER_TEXTS
        ]
        statements.append("DROP TEXT SEARCH CONFIGURATION IF EXISTS dotstorm_search")
    for statement in statements:
        bind.exec_driver_sql(statement)
