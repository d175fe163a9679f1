"""A throwaway PostgreSQL server for the tests and the benchmarks: real, local, private.

Debian's ``postgresql`` package gives ``initdb`` and ``pg_ctl``. The cluster lives in a
temporary folder, listens on a Unix socket only (nothing on the network), runs as an
unprivileged user (the server refuses root) and is stopped and removed at the end.
Durability is switched off (``fsync``, ``synchronous_commit``): the tests check what
Dotstorm does, not what the disk does, and the benchmarks say so beside their figures.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

SERVER_USER = "postgres"
"""Who runs the server when the tests run as root (Debian's package makes this user)."""

PORT = 54329


class NoPostgres(Exception):
    """PostgreSQL's server programs are not installed (``scripts/setup.sh`` installs them)."""


def server_bin_dir() -> Path:
    """The newest ``/usr/lib/postgresql/N/bin`` that has ``initdb`` and ``pg_ctl``."""

    def version(pg_ctl: Path) -> int:
        name = pg_ctl.parent.parent.name
        return int(name) if name.isdigit() else 0

    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=version)
    if candidates:
        return candidates[-1].parent
    on_path = shutil.which("pg_ctl")
    if on_path:
        return Path(on_path).parent
    raise NoPostgres("PostgreSQL is not installed: run 'bash scripts/setup.sh'")


@dataclass
class PostgresServer:
    """One running throwaway cluster; :meth:`new_database` hands out empty databases."""

    folder: Path
    socket_dir: Path
    port: int
    run_as: list[str]
    _names: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def url(self, database: str = "postgres") -> str:
        """The SQLAlchemy URL of ``database`` on this server, through its socket."""
        return f"postgresql://{SERVER_USER}@/{database}?host={self.socket_dir}&port={self.port}"

    def admin(self, sql: str) -> None:
        """Run one statement as the superuser, outside a transaction."""
        import psycopg

        with psycopg.connect(
            host=str(self.socket_dir),
            port=self.port,
            user=SERVER_USER,
            dbname="postgres",
            autocommit=True,
        ) as connection:
            connection.execute(sql.encode())

    def new_database(self, template: str = "template0") -> str:
        """A new database (a copy of ``template``); returns its name."""
        name = f"dotstorm_test_{os.getpid()}_{next(self._names)}"
        self.admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return name

    def drop_database(self, name: str) -> None:
        """Drop ``name``, closing whatever still holds a connection to it."""
        self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def add_password_user(self, user: str, password: str) -> None:
        """A role that must give its password (every other connection stays trusted)."""
        self.admin(f"CREATE ROLE \"{user}\" LOGIN PASSWORD '{password}' SUPERUSER")
        hba = self.folder / "data" / "pg_hba.conf"
        rules = hba.read_text()
        hba.write_text(f"local all {user} scram-sha-256\n{rules}")  # the first match wins
        self.admin("SELECT pg_reload_conf()")
        self._wait_until_asked_for_a_password(user)

    def _wait_until_asked_for_a_password(self, user: str) -> None:
        """The server rereads pg_hba.conf on its own time: wait until it asks ``user``."""
        import time

        import psycopg

        deadline = time.monotonic() + 30
        while True:
            try:
                psycopg.connect(  # no password from anywhere: not the environment's, no file
                    host=str(self.socket_dir),
                    port=self.port,
                    user=user,
                    dbname="postgres",
                    passfile=os.devnull,
                ).close()
            except psycopg.OperationalError:
                return  # no password given: refused, so the new rule is in force
            if time.monotonic() > deadline:
                raise TimeoutError(f"the server never asked {user} for a password")
            time.sleep(0.05)

    def stop(self) -> None:
        """Stop the server at once and remove its folder."""
        bin_dir = server_bin_dir()
        subprocess.run(
            [
                *self.run_as,
                str(bin_dir / "pg_ctl"),
                "-D",
                str(self.folder / "data"),
                "-m",
                "immediate",
                "-w",
                "stop",
            ],
            capture_output=True,
            check=False,
            timeout=60,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


def start_server(port: int = PORT, *, durable: bool = False) -> PostgresServer:
    """Create and start a cluster in a new temporary folder; raises :class:`NoPostgres`.

    ``durable`` keeps PostgreSQL's own durability (``fsync``, synchronous commits), as
    a team's server has it: the benchmarks measure with it, the tests go without.
    """
    bin_dir = server_bin_dir()
    folder = Path(tempfile.mkdtemp(prefix="dotstorm-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:
        user = pwd.getpwnam(SERVER_USER)
        for path in (folder,):
            os.chown(path, user.pw_uid, user.pw_gid)
        run_as = ["runuser", "-u", SERVER_USER, "--"]
    folder.chmod(0o755)
    data, sockets = folder / "data", folder / "socket"
    subprocess.run([*run_as, "mkdir", "-m", "0700", str(data), str(sockets)], check=True)
    try:
        _run(
            [
                *run_as,
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "-A",
                "trust",
                "-U",
                SERVER_USER,
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ]
        )
        options = f"-p {port} -k {sockets} -c listen_addresses='' -c max_connections=200"
        if not durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        _run(
            [
                *run_as,
                str(bin_dir / "pg_ctl"),
                "-D",
                str(data),
                "-w",
                "-t",
                "60",
                "-l",
                str(folder / "server.log"),
                "-o",
                options,
                "start",
            ]
        )
    except BaseException:
        with contextlib.suppress(OSError):
            shutil.rmtree(folder)
        raise
    return PostgresServer(folder=folder, socket_dir=sockets, port=port, run_as=run_as)


def _run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
    if done.returncode != 0:
        raise NoPostgres(f"{Path(command[-1]).name} failed: {done.stderr.strip() or done.stdout}")
