"""The same user action and import on a PostgreSQL server, beside the SQLite figures.

The server is a throwaway cluster on this machine (``tests/postgres_server.py``), with
PostgreSQL's own durability on (``fsync``, synchronous commits), reached through its
Unix socket as a laptop reaches a server in the same room: the network is left out, the
database's own work is not. The floor is a raw psycopg insert and commit, one
transaction per row, on the same server.
"""

from __future__ import annotations

from app.core.types import Session, new_id
from app.storage.database import open_database
from app.storage.repository import SessionRepository
from bench.common import Figure
from bench.storage import action_figures_from, action_samples, json_figures

WHERE = " on PostgreSQL"


def server_figures(board: Session, actions: int, json_session: Session, runs: int) -> list[Figure]:
    """One user action (median ≤ 2 ms and ≤ 4× raw psycopg) and the JSON import, on a server."""
    import psycopg

    from tests.postgres_server import start_server

    server = start_server(durable=True)
    try:
        name = server.new_database()
        database = open_database(server.url(name))
        repository = SessionRepository(database.engine)
        repository.add_session(board)
        raw = psycopg.connect(server.url(name))
        raw.execute("CREATE TABLE floor_notes (id text PRIMARY KEY, text text, x real, y real)")
        raw.commit()
        text = board.notes[0].text

        def insert() -> None:
            raw.execute(
                "INSERT INTO floor_notes VALUES (%s, %s, %s, %s)", (new_id(), text, 1.0, 2.0)
            )
            raw.commit()

        app_samples, floor_samples = action_samples(repository, board, actions, insert)
        raw.close()
        figures = action_figures_from(app_samples, floor_samples, WHERE, max_ratio=4)
        figures += json_figures(database.engine, repository, json_session, runs, WHERE)[:4]
        database.close()
    finally:
        server.stop()
    return figures
