"""Storage: SQLite through SQLAlchemy 2.x, Alembic migrations, backups and a repository.

Everything outside this package speaks core types; no SQLAlchemy object leaves it.
"""
