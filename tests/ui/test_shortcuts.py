"""Every shortcut of the one registry, pressed with real keys where it works."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from app.ui import shortcuts as K
from app.ui.shortcuts import Shortcut
from tests.ui.shortcut_checks import (
    CHECKS,
    Harness,
    board,
    forms,
    library,
    phones,
    rating_rank,
    session,
    similar,
    techniques,
    timer_room,
    voting,
)

CHECK_MODULES = (
    board,
    forms,
    library,
    phones,
    rating_rank,
    session,
    similar,
    techniques,
    timer_room,
    voting,
)
"""Importing them registers their checks."""


def shortcut_id(shortcut: Shortcut) -> str:
    return f"{shortcut.where}: {' / '.join(shortcut.keys)}"


def test_every_shortcut_has_a_check():
    missing = [shortcut_id(s) for s in K.ALL if s not in CHECKS]
    assert missing == []


@pytest.mark.parametrize("shortcut", [s for s in K.ALL if s in CHECKS], ids=shortcut_id)
def test_the_shortcut_does_what_it_says(harness: Harness, shortcut: Shortcut):
    CHECKS[shortcut](harness, shortcut)


def mnemonic(text: str) -> str | None:
    """The letter Alt takes in a menu text ("V&ote": o), if it has one."""
    found = re.search(r"&([^&])", text.replace("&&", ""))
    return found.group(1).lower() if found else None


def clashes(texts: list[str]) -> list[str]:
    """Texts whose mnemonic another text also has, or that have none."""
    letters = [mnemonic(text) for text in texts]
    return [
        text
        for text, letter in zip(texts, letters, strict=True)
        if letter is None or letters.count(letter) > 1
    ]


def submenus(actions: list[QAction]) -> list[QMenu]:
    return [menu for a in actions if a.isVisible() and isinstance(menu := a.menu(), QMenu)]


def menu_clashes(menu: QMenu) -> dict[str, list[str]]:
    entries = [a for a in menu.actions() if not a.isSeparator() and a.isVisible()]
    found = {menu.title(): clashes([a.text().split("\t")[0] for a in entries])}
    for inner in submenus(entries):
        found.update(menu_clashes(inner))
    return {title: texts for title, texts in found.items() if texts}


@pytest.mark.parametrize("window_kind", ["library", "session"])
def test_menu_mnemonics_are_unique_per_menu_bar_and_menu(harness: Harness, window_kind: str):
    window = harness.library() if window_kind == "library" else harness.session_window()
    bar = window.menuBar()
    menus = submenus(bar.actions())
    assert clashes([menu.title() for menu in menus]) == []
    assert {title: texts for menu in menus for title, texts in menu_clashes(menu).items()} == {}
    if window_kind == "session":
        assert "V&ote" in [menu.title() for menu in menus]  # Alt+V stays View
