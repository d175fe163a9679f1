"""Find bundled resources (fonts, icons, sounds, the style sheet).

They are the package ``app.resources``: the build maps the project's ``resources/``
folder onto it, for an editable install and a wheel alike, and the bundle's spec puts
the files at the same place, so they are found in that package's folder (an import,
not ``importlib.resources``, which costs milliseconds before the first paint).
"""

from __future__ import annotations

from pathlib import Path

import app.resources as _bundled

ROOT = Path(next(iter(_bundled.__path__))).resolve()
"""The folder that holds the resources.

The package's folder, not its ``__init__.py``'s: in a PyInstaller bundle the folder is
all there is (the data files, under ``_internal/app/resources``), and the package has
no ``__file__``.
"""


def resource(relative: str) -> Path:
    """The bundled resource at ``relative`` (e.g. ``"icons/dotstorm.svg"``)."""
    return ROOT.joinpath(*relative.split("/"))


def resource_text(relative: str) -> str:
    """The bundled text resource at ``relative``, decoded as UTF-8."""
    return resource(relative).read_text(encoding="utf-8")


def resource_bytes(relative: str) -> bytes:
    """The bundled binary resource at ``relative``."""
    return resource(relative).read_bytes()
