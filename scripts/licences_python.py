"""Dotstorm's Python distributions at run time, and their licence texts (for licences.py).

The closure walks the installed ``dotstorm`` distribution's requirements, evaluating
their environment markers for this interpreter and following extras only where a
requirement names them (``psycopg[binary]`` brings ``psycopg-binary``). A
distribution's texts are everything under its ``.dist-info/licenses/`` (PEP 639), its
``License-File`` entries, and the files its RECORD lists that are named like licences.
"""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path, PurePosixPath

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

PROJECT = "dotstorm"

# A licence text in a distribution's RECORD, besides the whole of .dist-info/licenses/:
# named like LICENSE*, LICENCE*, COPYING*, NOTICE*, AUTHORS*, or with "license",
# "licence" or "copying" in its name (ReportLab's fonts' texts), but no code or binary.
TEXT_NAME = re.compile(r"^(licen[cs]e|copying|notice|authors)|licen[cs]e|copying", re.I)
NOT_TEXT = {
    ".py", ".pyc", ".pyi", ".pyx", ".pxd", ".pxi", ".c", ".h", ".cpp", ".hpp", ".so",
    ".pyd", ".dll", ".dylib", ".js", ".css", ".json", ".png", ".svg", ".ttf", ".otf",
}  # fmt: skip


class MissingText(Exception):
    """A text the bundle must carry cannot be found, or what needs it is not there."""


def as_text(data: bytes) -> bytes | None:
    """``data`` as UTF-8 text (transcoded from Latin-1 if need be); None if binary."""
    if b"\0" in data:
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1").encode("utf-8")
    return data


def runtime_closure() -> list[metadata.Distribution]:
    """Dotstorm's distribution and every one its requirements need here, by name."""
    found: dict[str, tuple[metadata.Distribution, frozenset[str]]] = {}
    todo: list[tuple[str, frozenset[str], str]] = [(PROJECT, frozenset(), "")]
    while todo:
        name, extras, wanted_by = todo.pop()
        key = canonicalize_name(name)
        known = found.get(key)
        if known is not None and extras <= known[1]:
            continue
        try:
            dist = known[0] if known else metadata.distribution(name)
        except metadata.PackageNotFoundError:
            raise MissingText(f"{name} (needed by {wanted_by}) is not installed") from None
        extras |= known[1] if known else frozenset()
        found[key] = (dist, extras)
        environments = [{"extra": ""}] + [{"extra": extra} for extra in sorted(extras)]
        for line in dist.requires or []:
            requirement = Requirement(line)
            marker = requirement.marker
            if marker is None or any(marker.evaluate(env) for env in environments):
                todo.append((requirement.name, frozenset(requirement.extras), dist.name))
    return [found[key][0] for key in sorted(found)]


def first(meta: metadata.PackageMetadata, name: str) -> str:
    """The first value of a metadata field, or an empty string."""
    values: list[str] = meta.get_all(name) or []
    return values[0] if values else ""


def licence_of(meta: metadata.PackageMetadata) -> str:
    """The licence a distribution's metadata states: expression, field or classifiers."""
    expression = first(meta, "License-Expression")
    if expression:
        return " ".join(expression.split())
    stated = first(meta, "License").strip()
    if stated and "\n" not in stated and len(stated) <= 60:
        return stated
    classifiers = sorted(
        {
            c.split("::")[-1].strip()
            for c in meta.get_all("Classifier") or []
            if c.startswith("License ::")
        }
    )
    if classifiers:
        return " / ".join(classifiers)
    if stated:
        return stated.splitlines()[0][:57] + "..."
    return "not stated"


def distribution_texts(dist: metadata.Distribution) -> list[tuple[str, bytes]]:
    """A distribution's licence texts: (path within its folder, text), first of equals."""
    ranked: list[tuple[int, str, PurePosixPath]] = []
    declared = set(dist.metadata.get_all("License-File") or [])
    for file in dist.files or []:
        path = PurePosixPath(str(file))
        if ".." in path.parts:
            continue
        in_info = path.parts[0].endswith((".dist-info", ".egg-info"))
        if in_info and len(path.parts) > 2 and path.parts[1] == "licenses":
            ranked.append((0, "/".join(path.parts[2:]), path))
        elif (
            in_info
            and len(path.parts) == 2
            and (path.name in declared or TEXT_NAME.search(path.name))
        ):
            ranked.append((1, path.name, path))
        elif not in_info and TEXT_NAME.search(path.name) and path.suffix.lower() not in NOT_TEXT:
            ranked.append((2, str(path), path))
    texts: list[tuple[str, bytes]] = []
    for _rank, name, path in sorted(ranked):
        located = Path(str(dist.locate_file(str(path))))
        if not located.is_file():
            continue
        data = as_text(located.read_bytes())
        if data and data.strip() and all(data != seen for _name, seen in texts):
            texts.append((name, data))
    return texts
