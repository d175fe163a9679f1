"""Dotstorm's typeface on screen: the bundled fonts, for every script, from the first window.

Every bundled font is added to Qt's font database once, before any widget exists, and
the application font names them all as one fallback list (``QFont.setFamilies``): Qt
draws each character in the first family that has a glyph for it, so Chinese reaches
Droid Sans Fallback and Arabic Noto Sans Arabic UI before any font the system has.
Widgets, style sheets without a ``font-family``, ``QFont()`` and the board's scene all
start from the application font, so nothing changes typeface later in the session; a
font asked for by the first family's name alone gets the others as substitutes, which
Qt also falls back through.
The minutes' PDF uses the same files (``app/export/pdf_text.py``), but for Arabic: the
screen takes Noto Sans Arabic UI, whose lines are as tall as Noto Sans's (Noto Sans
Arabic's are half as tall again, which would push a window's rows apart), while the
PDF sets its own leading and keeps Noto Sans Arabic.
"""

from __future__ import annotations

import logging
from functools import cache

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from app.assets import resource

FONT_FILES = (
    "NotoSans-Regular.ttf",  # Latin, Greek, Cyrillic: the face of every window
    "NotoSans-Bold.ttf",
    "NotoSansArabicUI-Regular.ttf",  # Noto Sans Arabic with Noto Sans's line height
    "NotoSansHebrew-Regular.ttf",
    "DroidSansFallbackFull.ttf",  # Chinese and Japanese
    "NanumGothic.ttf",  # Korean (Droid Sans Fallback has no Hangul syllables)
    "Symbola.ttf",  # emoji and symbols, drawn as text
)
"""In fallback order: a character is drawn in the first of these that has it."""

EMOJI_FAMILY = "Symbola"
"""Emoji are drawn as text in Symbola on every laptop, as in the PDF, not in colour
from whatever emoji font a system may have."""

_log = logging.getLogger(__name__)


@cache
def bundled_families() -> tuple[str, ...]:
    """Add every bundled font to Qt's font database (once); their families, in order.

    Needs a running ``QGuiApplication``. A file that does not load (a damaged install)
    is logged and left out; the others still serve.
    """
    families: list[str] = []
    for name in FONT_FILES:
        path = resource(f"fonts/{name}")
        loaded = QFontDatabase.addApplicationFont(str(path))
        names = QFontDatabase.applicationFontFamilies(loaded) if loaded >= 0 else []
        if not names:
            _log.warning("The bundled font %s did not load; some text may show as boxes.", path)
            continue
        if names[0] not in families:
            families.append(names[0])
    if families:
        # A font asked for by the first family's name alone falls back the same way.
        QFont.insertSubstitutions(families[0], families[1:])
    if EMOJI_FAMILY in families:
        QFontDatabase.setApplicationEmojiFontFamilies([EMOJI_FAMILY])
    return tuple(families)


def use_bundled_fonts(application: QApplication, point_size: int) -> None:
    """Make the bundled fonts, in fallback order, the application font at ``point_size``.

    Call it before the first widget: a font that changes later re-lays out every window.
    """
    font = QFont(application.font())
    families = bundled_families()
    if families:
        font.setFamilies(list(families))
    font.setPointSize(point_size)
    application.setFont(font)
