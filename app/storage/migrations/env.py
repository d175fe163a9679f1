"""Alembic environment: always runs on a connection handed in by app.storage.database."""

from alembic import context

from app.storage.models import Base

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
)
with context.begin_transaction():
    context.run_migrations()
