"""The vote in the PDF minutes: what was decided, the final ranking, each round's result."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from app.core.format_helpers import shortened
from app.core.minutes import Minutes
from app.core.rating_minutes import RatingTable
from app.core.vote_minutes import RankLine, no_dots_line
from app.export.pdf_style import (
    ACCENT,
    LIGHT,
    TABLE_TEXT_LIMIT,
    Styles,
    grid,
    label,
    para,
    table_style,
)

RANKING_CHUNK = 40
"""Rows per table: one long table is re-measured at every page break."""
BAR_WIDTH = 42 * mm


class _Bar(Flowable):  # type: ignore[misc]  # ReportLab has no types
    """One bar of a chart: ``length`` points of the accent colour, 9 high.

    In a cell :data:`BAR_WIDTH` wide, drawn straight on the page (a graphics drawing
    per row cost more than the table around it).
    """

    def __init__(self, length: float) -> None:
        super().__init__()
        self.width, self.height = BAR_WIDTH, 11
        self.length = length

    def draw(self) -> None:
        """The bar, 1 point above the cell's foot."""
        self.canv.setFillColor(ACCENT)
        self.canv.rect(0, 1, self.length, 9, stroke=0, fill=1)


def decided(m: Minutes, s: Styles) -> list[Flowable]:
    """Page 1's summary: the top of the final ranking and the actions, owner and date."""
    story: list[Flowable] = [label("What was decided", s["h1"])]
    if m.final is None:
        story.append(label("No vote round was closed.", s["body"]))
    else:
        kind = "Top clusters" if m.final.of_clusters else "Top ideas"
        rows: list[list[Flowable]] = [
            [label(h, s["cell"]) for h in ("Place", kind, m.final.unit.title() + "s")],
            *(
                [
                    label(line.place_text, s["cell"]),
                    para(shortened(line.text, TABLE_TEXT_LIMIT), s["cell_bold"], bold=True),
                    label(line.dots_label, s["cell"]),
                ]
                for line in m.final.top
            ),
        ]
        story.append(grid(rows, [18 * mm, None, 22 * mm]))
    story.append(Spacer(1, 6))
    if not m.actions:
        story.append(label("No action items yet.", s["small"]))
        return story
    action_rows: list[list[Flowable]] = [[label(h, s["cell"]) for h in ("Action", "Owner", "Due")]]
    for action in m.actions:
        owner = m.people_by_id.get(action.owner_id or "")
        action_rows.append(
            [
                para(shortened(action.title, TABLE_TEXT_LIMIT), s["cell"]),
                para(owner.name, s["cell"]) if owner else label("nobody yet", s["cell"]),
                label(action.due_date.isoformat() if action.due_date else "—", s["cell"]),
            ]
        )
    story.append(grid(action_rows, [None, 45 * mm, 24 * mm]))
    return story


def final_ranking(m: Minutes, s: Styles) -> list[Flowable]:
    """The section "Final ranking": the deciding round with its ties settled by runoffs."""
    if m.final is None:
        return []
    final = m.final
    kind = "clusters" if final.of_clusters else "ideas"
    explanation = f"The {kind} by their {final.unit}s in “{final.round_title}”"
    if final.runoffs:
        explanation += "; ties ordered by " + ", ".join(f"“{t}”" for t in final.runoffs)
    opening: list[Flowable] = [
        label("Final ranking", s["h1"]),
        para(explanation + ".", s["small"]),
        Spacer(1, 3),
    ]
    story = _with_chart(opening, final.ranking, s, final.unit)
    for group in final.unsettled:
        story.append(para("Still tied (no runoff): " + _names(group), s["small"]))
    story.extend(_no_dots(final.no_dots, final.of_clusters, s, final.unit))
    return story


def rounds(m: Minutes, s: Styles) -> list[Flowable]:
    """The section "Vote results": every round's own result, as it was voted."""
    if not m.rounds:
        return []
    story: list[Flowable] = [label("Vote results", s["h1"])]
    for result in m.rounds:
        opening: list[Flowable] = [
            para(result.title or "Vote round", s["h2"], bold=True),
            para(result.explanation, s["small"]),
            label(result.controls, s["small"]),
            Spacer(1, 3),
        ]
        if result.rating is not None:  # a rating round: its own table, no ranking by count
            if result.rating.rated:
                story.extend(_rating(opening, result.rating, s))
            else:
                story.extend([*opening, label(result.empty_text, s["small"])])
            continue
        if result.is_final:
            final_note = label("Its ranking is the final ranking above.", s["small"])
            story.append(KeepTogether([*opening, final_note]))
        elif result.ranking:
            story.extend(_with_chart(opening, result.ranking, s, result.unit))
        else:
            story.extend([*opening, label(result.empty_text, s["small"])])
        for group in result.ties:
            story.append(para("Tied: " + _names(group), s["small"]))
        if not result.is_final:
            story.extend(_no_dots(result.no_dots, result.of_clusters, s, result.unit))
        if result.counts_hidden:
            continue  # a blind round still open: nothing more until it closes
        if result.breakdown is None:
            story.append(label("Anonymous round: no breakdown by department.", s["small"]))
        else:
            for department, spread in result.breakdown.items():
                picks = ", ".join(shortened(p, 60) for p in result.top_picks.get(department, []))
                detail = "; ".join(f"{shortened(text, 60)} {count}" for text, count in spread)
                story.append(para(f"{department}: top pick {picks} ({detail})", s["small"]))
    return story


def ranking_chart(lines: list[RankLine], s: Styles, unit: str = "dot") -> list[Flowable]:
    """A labelled bar chart: place, the item's text, a bar to scale and its dots (or points).

    One table of up to 40 rows (kept on a page by its caller); a longer chart runs on
    in tables of 40 rows, each with the header.
    """
    most = max((line.dots for line in lines), default=1) or 1
    header = [label(h, s["cell"]) for h in ("Place", "Item", "", unit.title() + "s")]
    rows = [_chart_row(line, most, s) for line in lines]
    return _chunked(header, rows, [16 * mm, None, BAR_WIDTH + 4, 17 * mm])


def _chunked(header: list[Any], rows: list[list[Any]], widths: list[Any]) -> list[Flowable]:
    """``rows`` under ``header`` in tables of :data:`RANKING_CHUNK` rows."""
    tables: list[Flowable] = []
    for start in range(0, max(1, len(rows)), RANKING_CHUNK):
        chunk = rows[start : start + RANKING_CHUNK]
        table = Table([header, *chunk], colWidths=widths, repeatRows=1)
        commands: list[tuple[Any, ...]] = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.3, LIGHT),
            ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]
        table.setStyle(table_style(*commands))
        tables.append(table)
    return tables


def _with_chart(
    opening: list[Flowable], lines: list[RankLine], s: Styles, unit: str = "dot"
) -> list[Flowable]:
    """The heading lines and a chart; kept on one page with its heading when it fits one."""
    chart = ranking_chart(lines, s, unit)
    if len(chart) == 1:
        return [KeepTogether([*opening, *chart])]
    return [*opening, *chart]


def _chart_row(line: RankLine, most: int, s: Styles) -> list[Any]:
    text: list[Flowable] = [para(shortened(line.text, TABLE_TEXT_LIMIT), s["cell"])]
    if line.settled_text:
        text.append(para("Placed by the runoff: " + line.settled_text, s["small"]))
    bar = _Bar(max(1.5, BAR_WIDTH * line.dots / most))
    return [label(line.place_text, s["cell"]), text, bar, label(line.dots_label, s["cell"])]


def _names(group: list[str]) -> str:
    shown = "; ".join(shortened(text, 80) for text in group[:6])
    return shown + (f" and {len(group) - 6} more" if len(group) > 6 else "")


DEPARTMENT_COLUMNS = 5
"""The most departments one table of a rating round's breakdown shows side by side."""


def _no_dots(labels: list[str], of_clusters: bool, s: Styles, unit: str = "dot") -> list[Flowable]:
    line = no_dots_line(labels, of_clusters, unit)
    return [para(line, s["small"])] if line else []


def _rating(opening: list[Flowable], table: RatingTable, s: Styles) -> list[Flowable]:
    """A rating round: a chart of the combined scores, then every number in a table."""
    story: list[Flowable] = []
    chart = rating_chart(table, s)
    definitions = [
        label(table.definition, s["small"]),
        Spacer(1, 3),
    ]
    if len(chart) == 1:
        story.append(KeepTogether([*opening, *definitions, *chart]))
    else:
        story += [*opening, *definitions, *chart]
    story.append(Spacer(1, 4))
    story.extend(rating_numbers(table, s))
    if table.anonymous:
        story.append(label("Anonymous round: no breakdown by department.", s["small"]))
    elif table.departments:
        story += [Spacer(1, 4), *rating_by_department(table, s)]
    return story


def _unbroken(score: str) -> str:
    """``"3.75 ± 0.83 (n 4)"`` wrapped only before its "(n 4)", never inside a number's part."""
    return score.replace(" ± ", "\u00a0±\u00a0").replace("(n ", "(n\u00a0")


def rating_by_department(table: RatingTable, s: Styles) -> list[Flowable]:
    """Each item's combined score from each department alone: one column a department.

    Up to :data:`DEPARTMENT_COLUMNS` departments share one table; more go on in
    further tables with the items again, so no column gets too narrow to read.
    """
    story: list[Flowable] = [label("Combined score by department", s["cell"])]
    for first in range(0, len(table.departments), DEPARTMENT_COLUMNS):
        shown = range(first, min(first + DEPARTMENT_COLUMNS, len(table.departments)))
        header = [
            label("Item", s["cell"]),
            *(para(table.departments[i], s["cell"]) for i in shown),
        ]
        rows = [
            [
                para(shortened(line.text, 120), s["cell"]),
                *(label(line.by_department[i], s["cell"]) for i in shown),
            ]
            for line in table.lines
        ]
        story += _chunked(header, rows, [None, *(24 * mm for _ in shown)])
    return story


def rating_chart(table: RatingTable, s: Styles) -> list[Flowable]:
    """Bars of the combined scores on the criteria's scale (0 to its top), best first."""
    header = [label(h, s["cell"]) for h in ("Place", "Item", f"Combined (0 to {table.top})", "")]
    rows = []
    for line in table.lines:
        bar = _Bar(max(1.5, BAR_WIDTH * (line.combined or 0) / table.top))
        rows.append(
            [
                label(line.place_text, s["cell"]),
                para(shortened(line.text, TABLE_TEXT_LIMIT), s["cell"]),
                bar,
                label(line.combined_text, s["cell"]),
            ]
        )
    return _chunked(header, rows, [16 * mm, None, BAR_WIDTH + 4, 14 * mm])


def rating_numbers(table: RatingTable, s: Styles) -> list[Flowable]:
    """The table: item, each criterion's mean ± spread, combined, n, discuss."""
    header = [label(h, s["cell"]) for h in ("Item", *table.criteria, "Combined", "n", "Discuss")]
    rows = [
        [
            para(shortened(line.text, 120), s["cell"]),
            *(label(_unbroken(score), s["cell"]) for score in line.scores),
            label(line.combined_text, s["cell"]),
            label(str(line.voters), s["cell"]),
            label(line.discuss_text, s["cell"]),
        ]
        for line in table.lines
    ]
    widths: list[Any] = [None, *(24 * mm for _ in table.criteria), 20 * mm, 8 * mm, 18 * mm]
    return _chunked(header, rows, widths)
