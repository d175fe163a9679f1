"""Make tests/fixtures/schemas/schema-NNNN.sqlite3: a database at every released schema.

Each holds the demo session and the spec's example, written at the newest schema and
then taken down with the migrations' own downgrade steps (foreign keys off, as for
upgrades). Run once for each new migration:

    .venv/bin/python scripts/make_schema_fixtures.py
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory

from app.core.demo import build_demo_session
from app.core.session_format import parse_session_file
from app.storage.database import open_database
from app.storage.repository import SessionRepository
from app.storage.schema_revision import alembic_config

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "tests" / "fixtures" / "schemas"


def main() -> None:
    """Write one fixture per revision."""
    TARGET.mkdir(parents=True, exist_ok=True)
    config = alembic_config()
    revisions = [r.revision for r in ScriptDirectory.from_config(config).walk_revisions()]
    for revision in revisions:  # newest first
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "db.sqlite3"
            database = open_database(f"sqlite:///{path}")
            repository = SessionRepository(database.engine)
            repository.add_session(build_demo_session())
            example = ROOT / "tests" / "fixtures" / "example-session.json"
            repository.add_session(parse_session_file(example.read_bytes()))
            with database.engine.connect() as connection:
                driver = connection.connection.driver_connection
                assert driver is not None
                driver.execute("PRAGMA foreign_keys = OFF")
                with connection.begin():
                    config.attributes["connection"] = connection
                    command.downgrade(config, revision)
                driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                driver.execute("PRAGMA journal_mode = DELETE")
            database.close()
            shutil.copy(path, TARGET / f"schema-{revision}.sqlite3")
            print(TARGET / f"schema-{revision}.sqlite3")


if __name__ == "__main__":
    main()
