"""Alembic environment: always runs on a connection handed in by app.storage.database."""

from alembic import context

from app.storage.models import Base
from app.storage.search_upkeep import is_search_object


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Whether autogenerate compares this object: not the database's own search index."""
    return not is_search_object(name)


connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "Dotstorm migrations run through app.storage.database.open_database(), "
        "which hands Alembic a prepared connection."
    )

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
    include_name=include_name,
)
with context.begin_transaction():
    context.run_migrations()
