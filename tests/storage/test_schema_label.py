"""A schema label changed by hand is found before anything is written to the file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.core.demo import build_demo_session
from app.storage import head_shape as head_shape_module
from app.storage.database import open_database
from app.storage.errors import DatabaseCorrupt, DatabaseTooNew
from app.storage.head_shape import HEAD_SHAPE, SHAPE_REVISION, shape_from_models, written_module
from app.storage.repository import SessionRepository
from app.storage.schema_label import head_shape, label_problems, migrated_shape
from app.storage.schema_revision import HEAD_REVISION
from tests.conftest import FIXTURES
from tests.damage import SCHEMA_LABELS, fingerprint, hand_edit

pytestmark = pytest.mark.sqlite_only  # about the SQLite file: its bytes, pages, folder

SCHEMAS = sorted((FIXTURES / "schemas").glob("schema-*.sqlite3"))


@pytest.fixture
def demo_file(db_url: str, db_path: Path) -> Path:
    database = open_database(db_url)
    SessionRepository(database.engine).add_session(build_demo_session())
    database.close()
    return db_path


@pytest.mark.parametrize("fixture", SCHEMAS, ids=[p.stem for p in SCHEMAS])
def test_every_released_schema_fits_its_own_label(fixture: Path, tmp_path: Path):
    copy = tmp_path / fixture.name
    shutil.copy(fixture, copy)
    assert label_problems(copy) == []


def test_the_models_say_what_the_migrations_build(demo_file: Path):
    assert label_problems(demo_file) == []
    assert head_shape() == migrated_shape(HEAD_REVISION, ())
    assert shape_from_models() == migrated_shape(HEAD_REVISION, ())


def test_the_written_down_schema_is_the_models_at_the_newest_migration():
    """``head_shape.py`` spares the label check SQLAlchemy; it must say what the models say.

    After a new migration: ``python -m app.storage.head_shape`` writes it again.
    """
    assert SHAPE_REVISION == HEAD_REVISION, "run: python -m app.storage.head_shape"
    assert shape_from_models() == HEAD_SHAPE, "run: python -m app.storage.head_shape"
    assert head_shape() is HEAD_SHAPE
    assert written_module() == Path(head_shape_module.__file__).read_text(encoding="utf-8")


@pytest.mark.parametrize("edit", SCHEMA_LABELS)
def test_a_label_edited_by_hand_is_refused_before_the_first_write(demo_file: Path, edit: str):
    hand_edit(demo_file, SCHEMA_LABELS[edit])
    before = fingerprint(demo_file)
    (problem,) = label_problems(demo_file)
    assert "schema label" in problem
    with pytest.raises(DatabaseCorrupt) as refused:
        open_database(f"sqlite:///{demo_file}")
    assert str(refused.value) == f"{demo_file} is damaged: {problem}; nothing was written to it."
    assert fingerprint(demo_file) == before
    assert not (demo_file.parent / "backups").exists()  # no upgrade was begun


def test_an_older_label_names_what_its_schema_would_have(demo_file: Path):
    hand_edit(demo_file, SCHEMA_LABELS["an older label"])
    assert label_problems(demo_file) == [
        "its schema label says 0009, but its tables are not those of schema 0009 "
        "(it has the column ballots.via, which schema 0009 does not, and 38 more differences)"
    ]


def test_a_label_no_dotstorm_wrote_is_refused_as_unknown(demo_file: Path):
    hand_edit(demo_file, "UPDATE alembic_version SET version_num = 'zzzz'")
    with pytest.raises(DatabaseTooNew) as refused:
        label_problems(demo_file)
    assert str(refused.value) == (
        f"{demo_file} was written by a newer Dotstorm (schema zzzz), or its schema label was "
        "changed by hand; update Dotstorm to open it."
    )
