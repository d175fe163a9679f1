"""Text for the PDF in every script: bundled fonts, a font per run, right-to-left order.

ReportLab has no font fallback, so each character goes to the first bundled font that
has a glyph for it. All user text is escaped before it becomes Paragraph markup: it is
data, never markup. Hebrew is reordered for display with python-bidi; Arabic is shaped
by ReportLab (uharfbuzz) after its word order is reversed, which renders and reads back
right (see DESIGN.md).
"""

from __future__ import annotations

import unicodedata
from functools import cache
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import STATE_DEFAULTS
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from app.assets import resource

SANS = "DotstormSans"
SANS_BOLD = "DotstormSans-Bold"
ARABIC = "DotstormArabic"
HEBREW = "DotstormHebrew"
CJK = "DotstormCJK"
KOREAN = "DotstormKorean"
SYMBOLS = "DotstormSymbols"
FONT_FILES = {
    SANS: "NotoSans-Regular.ttf",
    SANS_BOLD: "NotoSans-Bold.ttf",
    ARABIC: "NotoSansArabic-Regular.ttf",
    HEBREW: "NotoSansHebrew-Regular.ttf",
    CJK: "DroidSansFallbackFull.ttf",
    KOREAN: "NanumGothic.ttf",  # Droid Sans Fallback has no Hangul syllables
    SYMBOLS: "Symbola.ttf",
}
FALLBACKS = (ARABIC, HEBREW, CJK, KOREAN, SYMBOLS)


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode CMap, with characters above U+FFFF as UTF-16 surrogate pairs.

    ReportLab writes every code point as ``%04X``, so an emoji such as U+1F680 gets a
    five-digit entry and copy/paste or search gives the wrong character back.
    """
    entries = []
    for index, code in enumerate(subset):
        if code > 0xFFFF:
            code -= 0x10000
            high, low = 0xD800 + (code >> 10), 0xDC00 + (code & 0x3FF)
            entries.append(f"<{index:02X}> <{high:04X}{low:04X}>")
        else:
            entries.append(f"<{index:02X}> <{code:04X}>")
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            f"<< /Registry ({fontname})",
            f"/Ordering ({fontname})",
            "/Supplement 0",
            ">> def",
            f"/CMapName /{fontname} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(subset)} beginbfchar",
            *entries,
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


@cache
def register_fonts() -> dict[str, TTFont]:
    """Register the bundled fonts with ReportLab once; return them by name."""
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap
    fonts: dict[str, TTFont] = {}
    for name, file_name in FONT_FILES.items():
        font = TTFont(name, str(resource(f"fonts/{file_name}")))
        pdfmetrics.registerFont(font)
        fonts[name] = font
    pdfmetrics.registerFontFamily(
        SANS, normal=SANS, bold=SANS_BOLD, italic=SANS, boldItalic=SANS_BOLD
    )
    # A drawing (the charts) starts each rendering by setting ReportLab's default font,
    # Helvetica, which the PDF then names without embedding it: start in ours.
    STATE_DEFAULTS["fontName"] = SANS
    return fonts


def _font_for(char: str, base: str, fonts: dict[str, TTFont]) -> str:
    code = ord(char)
    if char in " \t" or fonts[base].face.charToGlyph.get(code):
        return base
    for name in FALLBACKS:
        if fonts[name].face.charToGlyph.get(code):
            return name
    return base


def _is_arabic(char: str) -> bool:
    return (
        "\u0600" <= char <= "\u06ff"
        or "\u0750" <= char <= "\u077f"
        or "\ufb50" <= char <= "\ufeff"
    )


def _is_hebrew(char: str) -> bool:
    return "\u0590" <= char <= "\u05ff"


def direction(text: str) -> str:
    """``"arabic"``, ``"hebrew"`` or ``"ltr"``: the script of the first strong letter."""
    for char in text:
        if _is_arabic(char):
            return "arabic"
        if _is_hebrew(char):
            return "hebrew"
        if unicodedata.bidirectional(char) == "L":
            return "ltr"
    return "ltr"


def markup(text: str, bold: bool = False) -> str:
    """Paragraph markup for ``text``: escaped, one font per run, lines kept."""
    fonts = register_fonts()
    base = SANS_BOLD if bold else SANS
    lines = []
    for line in text.split("\n"):
        kind = direction(line)
        if kind == "hebrew":
            from bidi import get_display

            line = get_display(line)
        elif kind == "arabic":
            line = " ".join(reversed(line.split(" ")))
        lines.append(_runs(line, base, fonts))
    return "<br/>".join(lines)


@cache
def _base_chars(base: str) -> frozenset[str]:
    """The characters ``base`` draws itself, with space and tab.

    A line of only these is one run in ``base``, without asking each character's font.
    """
    glyphs = register_fonts()[base].face.charToGlyph
    return frozenset(chr(code) for code, glyph in glyphs.items() if glyph) | {" ", "\t"}


def _runs(line: str, base: str, fonts: dict[str, TTFont]) -> str:
    if _base_chars(base).issuperset(line):
        return escape(line)  # the usual line: one run in the base font
    parts: list[str] = []
    current: str | None = None
    buffer: list[str] = []
    for char in line:
        font = _font_for(char, base, fonts)
        if font != current and buffer:
            parts.append(_wrap(current or base, "".join(buffer), base))
            buffer = []
        current = font
        buffer.append(char)
    if buffer:
        parts.append(_wrap(current or base, "".join(buffer), base))
    return "".join(parts)


def _wrap(font: str, text: str, base: str) -> str:
    escaped = escape(text)
    return escaped if font == base else f'<font name="{font}">{escaped}</font>'
