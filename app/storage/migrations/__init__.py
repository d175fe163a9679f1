"""Alembic migrations for the Dotstorm database (run through app.storage.database)."""
