"""What OUT_DIR will hold, gathered before anything is written (for licences.py).

Each part of the bundle is a Component (a row of README.txt's table) in a section, with
the paths in OUT_DIR of the texts that cover it; Gathered keeps the rows, the texts by
path, and README.txt's notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

SAFE = re.compile(r"[^A-Za-z0-9._+-]")


@dataclass
class Component:
    """One row of README.txt's table: a part of the bundle and where its texts are."""

    name: str
    version: str
    licence: str
    files: list[str] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)  # listed under the name: what it covers


@dataclass
class Gathered:
    """Everything OUT_DIR will hold, by section, before anything is written."""

    files: dict[str, bytes] = field(default_factory=dict)
    sections: dict[str, list[Component]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, section: str, component: Component, texts: list[tuple[str, bytes]]) -> None:
        """Record ``component`` in ``section`` with its texts at their paths in OUT_DIR."""
        for path, data in texts:
            self.files[path] = data
            component.files.append(path)
        self.sections.setdefault(section, []).append(component)


def safe_path(*parts: str) -> str:
    """A relative POSIX path made of ``parts``, each reduced to plain characters."""
    cleaned = []
    for part in parts:
        for piece in PurePosixPath(part).parts:
            piece = SAFE.sub("_", piece).lstrip(".") or "_"
            cleaned.append(piece)
    return "/".join(cleaned)
