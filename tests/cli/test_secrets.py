"""A server's password never leaves the process: not in output, files, logs or ``ps``.

The role used here must give its password (scram-sha-256 on the server's socket), so
every command that succeeds proves the real password reached the server, while its
output, its archive, the log folder and its process title show it masked or not at all.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.cli.runner import assert_one_line_error
from tests.conftest import EXAMPLE_FILE
from tests.postgres_server import PostgresServer

USER = "remy"
PASSWORD = "Tr0ub4dor-x9-Secret"
SSL_PASSWORD = "Client-Key-Phrase-7"  # libpq ignores it on a socket: it must not show either
LIBPQ_VARIABLES = ("PGPASSWORD", "PGPASSFILE", "PGSERVICEFILE", "PGSYSCONFDIR", "PGSERVICE")


@pytest.fixture(scope="module")
def password_role(postgres: PostgresServer) -> str:
    """A role that must give its password; returned once the server asks for it."""
    postgres.add_password_user(USER, PASSWORD)
    deadline = time.monotonic() + 60  # the server rereads pg_hba.conf on its own time
    while True:
        try:
            psycopg.connect(
                host=str(postgres.socket_dir), port=postgres.port, user=USER, dbname="postgres"
            ).close()
        except psycopg.OperationalError as refused:
            assert "password" in str(refused)
            return USER
        assert time.monotonic() < deadline, "the server never asked for the password"
        time.sleep(0.05)


@pytest.fixture
def database(server_url: str, password_role: str) -> str:
    """The name of the test's own database on the server, at the newest schema."""
    return server_url.split("/")[3].split("?")[0]


@pytest.fixture
def clean_env(isolated_env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    """No password of this machine's own, and no password file but the test's."""
    env = {k: v for k, v in isolated_env.items() if k not in LIBPQ_VARIABLES}
    env["PGPASSFILE"] = str(tmp_path / "pgpass")
    env["PGSERVICEFILE"] = str(tmp_path / "pg_service.conf")
    return env


def socket_query(postgres: PostgresServer) -> str:
    return f"host={postgres.socket_dir}&port={postgres.port}"


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        check=False,
    )


def everything_written(folder: Path) -> Iterator[tuple[Path, bytes]]:
    """Every file under ``folder``, and every member of every zip archive, as bytes."""
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        yield path, path.read_bytes()
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                for name in archive.namelist():
                    yield path / name, archive.read(name)


@pytest.mark.parametrize(
    "form",
    [
        "in the url",
        "as ?password=",
        "in DOTSTORM_DB",
        "in PGPASSWORD",
        "in a passfile",
        "in a service file",
        "in a service file, with ?sslpassword=",
    ],
)
def test_init_check_list_and_backup_never_show_the_password(
    postgres: PostgresServer,
    database: str,
    clean_env: dict[str, str],
    tmp_path: Path,
    form: str,
):
    sockets = socket_query(postgres)
    env = dict(clean_env)
    url = f"postgresql://{USER}@/{database}?{sockets}"
    shown = f"postgresql://{USER}@/{database}?host={str(postgres.socket_dir).replace('/', '%2F')}"
    shown += f"&port={postgres.port}"
    if form == "in the url":
        url = f"postgresql://{USER}:{PASSWORD}@/{database}?{sockets}&sslpassword={SSL_PASSWORD}"
        shown = shown.replace(f"{USER}@", f"{USER}:***@") + "&sslpassword=***"
    elif form == "as ?password=":
        url += f"&password={PASSWORD}"
        shown = shown.replace("&port=", "&password=***&port=")  # SQLAlchemy sorts them
    elif form == "in DOTSTORM_DB":
        env["DOTSTORM_DB"] = url = f"postgresql://{USER}:{PASSWORD}@/{database}?{sockets}"
        shown = shown.replace(f"{USER}@", f"{USER}:***@")
    elif form == "in PGPASSWORD":
        env["PGPASSWORD"] = PASSWORD
    elif form == "in a passfile":
        passfile = tmp_path / "pgpass"
        passfile.write_text(f"*:*:*:{USER}:{PASSWORD}\n")
        passfile.chmod(0o600)
        env["PGPASSFILE"] = str(passfile)
    else:
        services = tmp_path / "pg_service.conf"
        services.write_text(
            f"[team]\nhost={postgres.socket_dir}\nport={postgres.port}\n"
            f"user={USER}\npassword={PASSWORD}\n"
        )
        env["PGSERVICEFILE"] = str(services)
        url = shown = f"postgresql:///{database}?service=team"
        if form.endswith("?sslpassword="):  # kept off pg_dump's command line, service kept
            url += f"&sslpassword={SSL_PASSWORD}"
            shown += "&sslpassword=***"
    backups = tmp_path / "backups"
    # pg_dump through a wrapper that writes down its command line, as `ps` shows it.
    real_dump = shutil.which("pg_dump")
    assert real_dump is not None
    wrappers = tmp_path / "bin"
    wrappers.mkdir()
    seen_by_ps = tmp_path / "pg_dump-argv"
    wrapper = wrappers / "pg_dump"
    wrapper.write_text(
        f'#!/bin/sh\nprintf "%s\\n" "$@" >> "{seen_by_ps}"\nexec "{real_dump}" "$@"\n'
    )
    wrapper.chmod(0o755)
    env["PATH"] = f"{wrappers}{os.pathsep}{env.get('PATH', os.defpath)}"
    said = ""
    for args in (
        ["init"],
        ["import", str(EXAMPLE_FILE)],
        ["check"],
        ["list"],
        ["backup", str(backups)],
    ):
        result = run(env, *args) if "DOTSTORM_DB" in env else run(env, *args, "--db", url)
        assert result.returncode == 0, result.stderr  # the password did reach the server
        said += result.stdout + result.stderr
    assert f"ready: {shown} at schema" in said
    assert f"ok: {shown} is sound" in said
    assert PASSWORD not in said and SSL_PASSWORD not in said
    (archive,) = backups.glob("*.zip")
    with zipfile.ZipFile(archive) as opened:
        assert json.loads(opened.read("manifest.json"))["database"] == shown
    (dump,) = backups.glob("*.pgdump")  # the dump reached the server, with the password
    assert dump.stat().st_size > 0
    command_line = seen_by_ps.read_text()
    assert "--dbname=" in command_line
    assert PASSWORD not in command_line and SSL_PASSWORD not in command_line
    written = list(everything_written(tmp_path / "home")) + list(everything_written(backups))
    assert any(name.name == "manifest.json" for name, _ in written)
    for name, data in written:
        assert PASSWORD.encode() not in data, name
        assert SSL_PASSWORD.encode() not in data, name


@pytest.mark.parametrize("spelling", ["--db URL", "--db=URL"])
def test_the_process_title_shows_the_url_masked_while_the_command_runs(
    postgres: PostgresServer,
    server_url: str,
    database: str,
    clean_env: dict[str, str],
    spelling: str,
):
    sockets = socket_query(postgres)
    url = f"postgresql://{USER}:{PASSWORD}@/{database}?{sockets}&sslpassword={SSL_PASSWORD}"
    db_args = ["--db", url] if spelling == "--db URL" else [f"--db={url}"]
    with psycopg.connect(server_url) as holder, psycopg.connect(server_url) as watcher:
        watcher.autocommit = True
        holder.execute("LOCK TABLE sessions IN ACCESS EXCLUSIVE MODE")  # list waits on it
        child = subprocess.Popen(
            [sys.executable, "-m", "app", "list", *db_args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=clean_env,
        )
        try:
            deadline = time.monotonic() + 120
            while not watcher.execute(
                "SELECT 1 FROM pg_stat_activity WHERE application_name LIKE %s "
                "AND wait_event_type = 'Lock'",
                (f"dotstorm [{child.pid}.%",),
            ).fetchone():
                assert child.poll() is None, child.communicate()
                assert time.monotonic() < deadline, "the command never reached the server"
                time.sleep(0.02)
            # Connected with the password, and waiting: what every user of the machine sees.
            cmdline = Path(f"/proc/{child.pid}/cmdline").read_bytes().decode()
            listed = subprocess.run(
                ["ps", "-ww", "-o", "args=", "-p", str(child.pid)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            assert child.poll() is None
        finally:
            holder.rollback()
        out, err = child.communicate(timeout=120)
    assert child.returncode == 0, err
    for seen in (cmdline, listed, out, err):
        assert PASSWORD not in seen and SSL_PASSWORD not in seen
    for seen in (cmdline, listed):
        assert f"{USER}:***@/{database}" in seen and "sslpassword=***" in seen
        assert " list" in seen


def test_a_url_in_the_wrong_place_is_refused_without_its_password(
    clean_env: dict[str, str],
):
    url = f"postgresql://{USER}:{PASSWORD}@db.example/dotstorm?password={PASSWORD}"
    line = assert_one_line_error(run(clean_env, "list", url), code=2)
    assert PASSWORD not in line
    assert f"unrecognized arguments: postgresql://{USER}:***@db.example" in line


@pytest.mark.parametrize("source", ["PGPASSWORD", "a passfile", "a service file"])
def test_a_value_the_driver_quotes_back_is_masked(
    clean_env: dict[str, str], tmp_path: Path, source: str
):
    """psycopg quotes a bad parameter's value; a password pasted there stays hidden."""
    env = dict(clean_env)
    if source == "PGPASSWORD":
        env["PGPASSWORD"] = PASSWORD
    elif source == "a passfile":
        (tmp_path / "pgpass").write_text(f"db.example:5432:*:{USER}:{PASSWORD}\n")
        (tmp_path / "pgpass").chmod(0o600)  # else libpq complains on stderr
    else:
        (tmp_path / "pg_service.conf").write_text(f"[team]\nuser={USER}\npassword={PASSWORD}\n")
    url = f"postgresql://{USER}@127.0.0.1:9/dotstorm?sslmode={PASSWORD}"
    line = assert_one_line_error(run(env, "list", "--db", url))
    assert line.startswith("dotstorm: The database server at 127.0.0.1:9 says: ")
    assert line.endswith('invalid sslmode value: "***".')
    assert PASSWORD not in line


def test_an_unexpected_error_is_said_and_logged_without_the_password(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    """A traceback carries whatever the driver put in its message: masked in the log too."""
    from app import cli

    url = f"postgresql://{USER}:{PASSWORD}@db.example/dotstorm?sslpassword={SSL_PASSWORD}"

    def failing(_options: object, db_value: str | None) -> None:
        try:
            raise ValueError(f"the driver did not like {PASSWORD!r}")  # the bare value
        except ValueError as error:
            raise RuntimeError(f"could not use {db_value}") from error

    monkeypatch.setitem(cli._COMMANDS, "list", failing)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setattr(sys, "argv", ["dotstorm", "list", "--db", url])  # what main() was given
    assert cli.main(["list", "--db", url]) == 1
    said = capsys.readouterr()
    log = (tmp_path / "state" / "dotstorm" / "log" / "dotstorm.log").read_text("utf-8")
    assert "Traceback" in log and "did not like '***'" in log
    assert f"could not use postgresql://{USER}:***@db.example" in log
    assert said.err.startswith("dotstorm: unexpected error (RuntimeError: could not use ")
    for seen in (log, said.out, said.err):
        assert PASSWORD not in seen and SSL_PASSWORD not in seen
