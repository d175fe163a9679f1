"""Secrets never leave the process: every form of a password is masked in any text."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from app.storage.location import resolve_database_url, shown_url
from app.storage.masking import masked

SECRET = "Tr0ub4dor-x9"


@pytest.fixture(autouse=True)
def no_ambient_secrets(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Nothing of this machine's own: no password variable, files or command line."""
    for variable in ("PGPASSWORD", "DOTSTORM_DB", "PGSYSCONFDIR", "APPDATA"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))
    monkeypatch.setenv("PGSERVICEFILE", str(tmp_path / "no-service-file"))
    monkeypatch.setattr(sys, "argv", ["dotstorm"])


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (
            f"postgresql://maya:{SECRET}@db.example/dotstorm",
            "postgresql://maya:***@db.example/dotstorm",
        ),
        (
            f"postgresql+psycopg://maya:{SECRET}@db.example:6543/dotstorm?sslmode=require",
            "postgresql+psycopg://maya:***@db.example:6543/dotstorm?sslmode=require",
        ),
        (
            f"postgresql://maya@db.example/dotstorm?password={SECRET}&sslmode=require",
            "postgresql://maya@db.example/dotstorm?password=***&sslmode=require",
        ),
        (
            f"postgresql://maya@/dotstorm?host=/run/pg&sslpassword={SECRET}",
            "postgresql://maya@/dotstorm?host=/run/pg&sslpassword=***",
        ),
        (
            f"host=db user=maya password='{SECRET} x' port=5432",
            "host=db user=maya password=*** port=5432",
        ),
        (f"{{'user': 'maya', 'password': '{SECRET}'}}", "{'user': 'maya', 'password': ***}"),
        (f"PGPASSWORD={SECRET} dotstorm list", "PGPASSWORD=*** dotstorm list"),
        (f"Password: {SECRET}", "Password: ***"),
    ],
)
def test_a_password_is_masked_by_its_place_whatever_it_is(text: str, shown: str):
    assert masked(text) == shown


@pytest.mark.parametrize(
    "text",
    [
        'FATAL:  password authentication failed for user "maya"',
        "The database server at db:5432 refused the user name or password.",
        "postgresql://maya@db.example:5432/dotstorm?sslmode=require",
        "sqlite:////home/maya/dotstorm.sqlite3",
        "/home/maya/a:b@c/minutes.pdf",
    ],
)
def test_text_without_a_secret_is_left_as_it_is(text: str):
    assert masked(text) == text


def test_the_secrets_of_a_url_are_masked_wherever_they_are_quoted(monkeypatch):
    url = f"postgresql://maya:{SECRET}@db/dotstorm?sslpassword=Key-Phrase-7"
    said = f'invalid sslmode value: "{SECRET}"; key "Key-Phrase-7" rejected'
    assert masked(said, url) == 'invalid sslmode value: "***"; key "***" rejected'
    assert SECRET in masked(said)  # only what the process was given is known by value
    monkeypatch.setattr(sys, "argv", ["dotstorm", "list", "--db", url])
    assert masked(said) == 'invalid sslmode value: "***"; key "***" rejected'
    monkeypatch.setattr(sys, "argv", ["dotstorm", "list", f"--db={url}"])
    assert masked(said) == 'invalid sslmode value: "***"; key "***" rejected'


def test_a_password_that_urls_escape_is_masked_in_each_spelling():
    url = "postgresql://maya:p%40ss%2Fw%3Ard@db/dotstorm"  # p@ss/w:rd
    assert masked("said: p@ss/w:rd, or p%40ss%2Fw%3Ard", url) == "said: ***, or ***"


def test_pgpassword_and_dotstorm_db_are_masked_by_value(monkeypatch):
    monkeypatch.setenv("PGPASSWORD", SECRET)
    assert masked(f"value {SECRET} refused") == "value *** refused"
    monkeypatch.delenv("PGPASSWORD")
    monkeypatch.setenv("DOTSTORM_DB", "postgresql://maya@db/dotstorm?password=From-The-Env-3")
    assert masked("bad value From-The-Env-3") == "bad value ***"


def test_the_passwords_of_libpqs_files_are_masked_by_value(monkeypatch, tmp_path: Path):
    passfile = tmp_path / "pgpass"
    passfile.write_text(
        "# host:port:database:user:password\n"
        f"db.example:5432:*:maya:{SECRET}\n"
        r"*:*:*:remy:with\:colon\\and-backslash" + "\n"
    )
    monkeypatch.setenv("PGPASSFILE", str(passfile))
    services = tmp_path / "pg_service.conf"
    services.write_text("[team]\nhost=db.example\nuser=maya\npassword=Service-Secret-5\n")
    monkeypatch.setenv("PGSERVICEFILE", str(services))
    said = f"{SECRET} / with:colon\\and-backslash / Service-Secret-5 / maya"
    assert masked(said) == "*** / *** / *** / maya"


def test_a_passfile_named_in_the_url_is_read_too(tmp_path: Path):
    passfile = tmp_path / "team-pgpass"
    passfile.write_text(f"*:*:*:*:{SECRET}\n")
    url = f"postgresql://maya@db/dotstorm?passfile={passfile}"
    assert masked(f"it said {SECRET}", url) == "it said ***"


def test_a_secret_inside_a_longer_word_is_not_masked(monkeypatch):
    """A short password must not blank every word it is part of ("pw" in "pwd")."""
    monkeypatch.setenv("PGPASSWORD", "pw")
    assert masked("pwd is /tmp; the pw was wrong") == "pwd is /tmp; the *** was wrong"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (
            f"postgresql://maya:{SECRET}@db.example:6543/dotstorm",
            "postgresql://maya:***@db.example:6543/dotstorm",
        ),
        (
            f"postgresql://maya@db.example/dotstorm?password={SECRET}",
            "postgresql://maya@db.example/dotstorm?password=***",
        ),
        (
            f"postgresql://maya:{SECRET}@db/dotstorm?sslmode=require&sslpassword=k{SECRET}",
            "postgresql://maya:***@db/dotstorm?sslmode=require&sslpassword=***",
        ),
        (
            f"postgresql://maya@/dotstorm?host=/run/pg&password={SECRET}&password={SECRET}",
            "postgresql://maya@/dotstorm?host=%2Frun%2Fpg&password=***&password=***",
        ),
    ],
)
def test_shown_url_masks_every_form_of_the_password(value: str, shown: str):
    assert shown_url(resolve_database_url(value)) == shown


def test_shown_url_masks_what_pgpassword_holds(monkeypatch):
    """A user name that is also the password (postgres/postgres) gives the password away."""
    monkeypatch.setenv("PGPASSWORD", "postgres")
    url = resolve_database_url("postgresql://postgres@db.example/dotstorm")
    assert shown_url(url) == "postgresql://***@db.example/dotstorm"
