"""Secrets never leave the process: every text shown, logged or stored is masked first.

A PostgreSQL password reaches Dotstorm in the URL (``user:pw@``, ``?password=``,
``?sslpassword=``), in the ``PGPASSWORD`` environment variable, or in a file libpq
reads by itself (the password file, the service file). :func:`masked` is the one rule
that hides them: in every message, log line, traceback, window and process title, and
(through :func:`app.storage.location.shown_url`) every URL printed or written into an
archive. It masks in two ways:

- by shape, whatever the secret is: the password of any ``scheme://user:pw@`` in the
  text, and the value of any ``password=``, ``sslpassword=``, ``PGPASSWORD=`` (or
  ``'password': …``);
- by value, wherever a secret this process was given stands as a word of its own (a
  driver's message may quote a value without its key): the secrets of the URLs named,
  of every URL on the command line and in ``DOTSTORM_DB``, ``PGPASSWORD``, and the
  passwords of the password and service files libpq would read.

Only light modules are imported: the window's first paint and ``dotstorm --help`` use it.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from urllib.parse import parse_qsl, quote, quote_plus, unquote

MASK = "***"
SECRET_PARAMETERS = frozenset({"password", "sslpassword"})
"""libpq's connection parameters whose values are secrets (``?password=`` in a URL)."""
PASSWORD_ENV_VAR = "PGPASSWORD"
_SECRET_FILE_LIMIT = 1024 * 1024
"""A password or service file longer than this is no such file: it is not read."""

_URL_PASSWORD = re.compile(
    r"(?P<head>\b[A-Za-z][\w+.-]*://[^\s:/?#@'\"]*:)(?P<secret>[^\s@'\"]+)(?=@)"
)
"""The password of ``scheme://user:password@``, parsed as SQLAlchemy does (up to ``@``)."""
_PARAMETER = re.compile(
    r"(?P<head>(?<![\w-])[\w-]*password['\"]?\s*[=:]\s*)"
    r"(?P<secret>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|[^\s&;,'\")}\]]+)",
    re.IGNORECASE,
)
"""A ``password=value`` (or ``sslpassword``, ``PGPASSWORD``, ``'password': 'value'``)."""
_URL_USERINFO = re.compile(r"[A-Za-z][\w+.-]*://(?P<user>[^:/@]*):(?P<password>[^@]*)@")


def masked(text: str, *urls: str) -> str:
    """``text`` with every secret masked (``***``); ``urls`` name secrets to mask too.

    The secrets of the command line, the environment and libpq's files are always
    masked; ``urls`` adds those of a URL the caller holds (an engine's, say).
    """
    shown = _URL_PASSWORD.sub(lambda m: m["head"] + MASK, text)
    shown = _PARAMETER.sub(lambda m: m["head"] + MASK, shown)
    for secret in sorted(known_secrets(urls), key=len, reverse=True):
        if secret in shown:
            shown = _as_a_word(secret).sub(MASK, shown)
    return shown


def _as_a_word(secret: str) -> re.Pattern[str]:
    """``secret`` wherever it is not part of a longer word ("pw" stays in "pwd")."""
    before = r"(?<!\w)" if re.match(r"\w", secret[0]) else ""
    after = r"(?!\w)" if re.match(r"\w", secret[-1]) else ""
    return re.compile(before + re.escape(secret) + after)


def known_secrets(urls: Iterable[str] = (), environ: Mapping[str, str] | None = None) -> set[str]:
    """Every secret this process was given, as it was given and as URLs write it.

    From ``urls``, every URL on the command line and in ``DOTSTORM_DB``; from
    ``PGPASSWORD``; and the passwords of the password and service files libpq reads.
    """
    environment = os.environ if environ is None else environ
    values = [*urls, *(arg for arg in sys.argv if "://" in arg)]
    values.append(environment.get("DOTSTORM_DB", ""))
    found: set[str] = set()
    passfiles = [_default_passfile(environment)]
    for value in values:
        secrets, passfile = _url_secrets(value)
        found.update(secrets)
        passfiles.append(passfile)
    found.add(environment.get(PASSWORD_ENV_VAR, ""))
    for passfile in passfiles:
        found.update(_passfile_passwords(passfile))
    for service_file in _service_files(environment):
        found.update(_service_file_secrets(service_file))
    return {form for secret in found if secret for form in _written_forms(secret)}


def _written_forms(secret: str) -> set[str]:
    """A secret as typed and as URLs escape it (``p@ss`` is ``p%40ss`` in a URL)."""
    plain = unquote(secret)
    # SQLAlchemy writes a password as quote(..., safe=" +") and a query value with quote_plus.
    forms = {secret, plain, quote(plain, safe=""), quote(plain, safe=" +"), quote_plus(plain)}
    return forms - {""}


def _url_secrets(value: str) -> tuple[set[str], Path | None]:
    """The password and the secret parameters of a URL (read leniently), and its passfile."""
    if "://" not in value:
        return set(), None
    secrets: set[str] = set()
    userinfo = _URL_USERINFO.search(value)  # also in "--db=postgresql://…"
    if userinfo:
        secrets.add(userinfo["password"])
    passfile: Path | None = None
    _, _, query = value.partition("?")
    for key, parameter in parse_qsl(query.partition("#")[0], keep_blank_values=True):
        name = key.lower()
        if name in SECRET_PARAMETERS or name.endswith("password"):
            secrets.add(parameter)
        elif name == "passfile" and parameter:
            passfile = Path(parameter).expanduser()
    return secrets, passfile


def _postgresql_folder(environment: Mapping[str, str]) -> Path | None:
    r"""Where libpq keeps a user's files on Windows (``%APPDATA%\postgresql``)."""
    appdata = environment.get("APPDATA")
    return Path(appdata) / "postgresql" if appdata else None


def _default_passfile(environment: Mapping[str, str]) -> Path | None:
    """The password file libpq reads: ``PGPASSFILE``, else ``~/.pgpass`` (pgpass.conf)."""
    if environment.get("PGPASSFILE"):
        return Path(environment["PGPASSFILE"]).expanduser()
    if os.name == "nt":
        folder = _postgresql_folder(environment)
        return folder / "pgpass.conf" if folder else None
    return _home() / ".pgpass"


def _service_files(environment: Mapping[str, str]) -> Iterator[Path]:
    """The service files libpq reads: the user's, and the system's in ``PGSYSCONFDIR``."""
    if environment.get("PGSERVICEFILE"):
        yield Path(environment["PGSERVICEFILE"]).expanduser()
    elif os.name == "nt":
        folder = _postgresql_folder(environment)
        if folder:
            yield folder / ".pg_service.conf"
    else:
        yield _home() / ".pg_service.conf"
    if environment.get("PGSYSCONFDIR"):
        yield Path(environment["PGSYSCONFDIR"]) / "pg_service.conf"


def _home() -> Path:
    try:
        return Path.home()
    except (KeyError, RuntimeError):  # no home for this uid (a container)
        return Path(os.sep)


def _passfile_passwords(path: Path | None) -> set[str]:
    r"""The passwords of ``host:port:database:user:password`` lines (``\:`` escapes)."""
    passwords = set()
    for line in _lines(path):
        if line.lstrip().startswith("#"):
            continue
        fields = re.split(r"(?<!\\):", line, maxsplit=4)
        if len(fields) == 5:
            passwords.add(re.sub(r"\\(.)", r"\1", fields[4]))
    return passwords


def _service_file_secrets(path: Path) -> set[str]:
    """The ``password=`` and ``sslpassword=`` values of a service file's sections."""
    secrets = set()
    for line in _lines(path):
        key, equals, value = line.strip().partition("=")
        if equals and key.strip().lower() in SECRET_PARAMETERS:
            secrets.add(value.strip())
    return secrets


def _lines(path: Path | None) -> list[str]:
    """The lines of a small regular file, or none (missing, unreadable, not a file)."""
    if path is None:
        return []
    try:
        if not path.is_file() or path.stat().st_size > _SECRET_FILE_LIMIT:
            return []
        return path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
