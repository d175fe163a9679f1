"""The minutes' look in ReportLab: colours, paragraph styles, and user text as paragraphs."""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from app.export.pdf_text import SANS, SANS_BOLD, direction, markup, register_fonts

INK = colors.HexColor("#1F2933")
MUTED = colors.HexColor("#52606D")
ACCENT = colors.HexColor("#2563EB")
LIGHT = colors.HexColor("#EEF2F6")
TABLE_TEXT_LIMIT = 300
"""Longer texts are shortened in tables; "All ideas" has every note whole."""

Styles = dict[str, ParagraphStyle]


def make_styles() -> Styles:
    """The paragraph styles of the minutes (fonts registered on first use)."""
    register_fonts()
    base = ParagraphStyle("body", fontName=SANS, fontSize=10, leading=14, textColor=INK)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11, textColor=MUTED),
        "header": ParagraphStyle("header", parent=base, fontSize=8, leading=10, textColor=MUTED),
        "title": ParagraphStyle("title", parent=base, fontName=SANS_BOLD, fontSize=22, leading=27),
        "question": ParagraphStyle(
            "question", parent=base, fontName=SANS_BOLD, fontSize=14, leading=19, textColor=ACCENT
        ),
        "h1": ParagraphStyle(
            "h1",
            parent=base,
            fontName=SANS_BOLD,
            fontSize=14,
            leading=18,
            spaceBefore=14,
            spaceAfter=6,
            keepWithNext=1,  # a heading never ends a page on its own
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=SANS_BOLD,
            fontSize=11,
            leading=15,
            spaceBefore=8,
            spaceAfter=3,
            keepWithNext=1,
        ),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=12),
        "cell_bold": ParagraphStyle("cell_bold", parent=base, fontName=SANS_BOLD, fontSize=9),
    }


class _Paragraph(Paragraph):  # type: ignore[misc]  # ReportLab has no types
    """A paragraph that breaks its lines once per width.

    ReportLab breaks a paragraph's lines again each time it is asked its size: a table
    asks each cell when measuring its rows and again when drawing them, a table split
    at a page break measures every cell again, and a block kept together is measured
    before the frame measures it. Asked again at the width it was just broken at, it
    answers from that breaking (which depends on the width alone).
    """

    _broken_at: tuple[float, float, object] | None = None
    """The width last broken at, the height that gave, and the lines (ReportLab's)."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """The paragraph's size at ``availWidth``: its lines broken only if not yet there."""
        known = self._broken_at
        lines = self.__dict__.get("blPara")
        # ReportLab drops the lines (a split that gives up) or replaces them: then break.
        if known is not None and known[0] == availWidth and lines is known[2]:
            self.width, self.height = availWidth, known[1]
            return availWidth, known[1]
        width, height = super().wrap(availWidth, availHeight)
        if width == availWidth > 1:  # not "no room at all", which breaks no lines
            self._broken_at = (availWidth, height, self.__dict__.get("blPara"))
        return width, height


def para(text: str, style: ParagraphStyle, bold: bool = False) -> Paragraph:
    """User text as a paragraph: escaped, fonts per run, right-to-left where needed."""
    kind = direction(text)
    if kind != "ltr":
        style = ParagraphStyle(
            f"{style.name}-rtl",
            parent=style,
            alignment=TA_RIGHT,
            shaping=1 if kind == "arabic" else 0,
        )
    return _Paragraph(markup(text, bold=bold), style)


def label(text: str, style: ParagraphStyle) -> Paragraph:
    """Our own words (never user text) as a paragraph."""
    return _Paragraph(markup(text), style)


def table_style(*commands: tuple[Any, ...]) -> TableStyle:
    """A table's style: ``commands``, its cells set in the document's embedded font.

    ReportLab sets every cell's font, text or not, in its default Helvetica unless told
    otherwise: the PDF then names a font it does not embed, which a reader must supply.
    """
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), SANS), *commands])


def grid(rows: list[list[Flowable]], widths: list[Any], header: bool = True) -> Table:
    """A plain table with light rules, its first row a header repeated on every page."""
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, LIGHT),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), LIGHT))
    table.setStyle(table_style(*commands))
    return table
