"""Find bundled resources, from a checkout or from an installed wheel."""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable
from pathlib import Path


def resource(relative: str) -> Traversable:
    """The bundled resource at ``relative`` (e.g. ``"icons/dotstorm.svg"``)."""
    try:
        root: Traversable = resources.files("app.resources")
    except ModuleNotFoundError:  # running from a checkout that was never installed
        root = Path(__file__).resolve().parent.parent / "resources"
    node = root
    for part in relative.split("/"):
        node = node.joinpath(part)
    return node


def resource_text(relative: str) -> str:
    """The bundled text resource at ``relative``, decoded as UTF-8."""
    return resource(relative).read_text(encoding="utf-8")


def resource_bytes(relative: str) -> bytes:
    """The bundled binary resource at ``relative``."""
    return resource(relative).read_bytes()
