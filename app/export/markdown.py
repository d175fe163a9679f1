"""The minutes as Markdown: the same sections as the PDF, as readable text."""

from __future__ import annotations

import re

from app.core.format_helpers import counted, shortened
from app.core.goal_report import outcome_summary
from app.core.minutes import Minutes, idea_links
from app.core.rating_minutes import RatingTable
from app.core.types import ActionItem
from app.core.vote_minutes import RankLine, no_dots_line

# Inline markup: code spans, emphasis, links and images, raw HTML and autolinks.
_ALWAYS = "\\`*_[]<"
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# What only a line's start makes markup: headings, quotes, lists, breaks, setext lines.
_BLOCK_START = re.compile(r"^([#>+=~-])", re.MULTILINE)
_ORDERED_START = re.compile(r"^(\d{1,9})([.)])", re.MULTILINE)
# A heading's closing hashes ("### Use C #" reads "Use C").
_CLOSING_HASHES = re.compile(r"(\s)(#+)$", re.MULTILINE)


def escape_text(value: str, in_table: bool = False) -> str:
    """User text as CommonMark data: only what a reader would take for markup is escaped.

    ``(facilitator)``, ``Auto-fill`` and ``v1.2`` stay as typed; ``*x*``, ``<b>``,
    ``&amp;`` and a line starting ``# `` come out as text. In a table cell ``|`` is
    escaped too. Line breaks are kept as hard breaks.
    """
    # Leading spaces would make code blocks, blank lines would end the list item.
    lines = [line.strip() for line in value.splitlines()]
    text = "\n".join(line for line in lines if line)
    escaped = "".join("\\" + c if c in _ALWAYS or (in_table and c == "|") else c for c in text)
    escaped = _ENTITY.sub(r"\\&", escaped)
    escaped = _BLOCK_START.sub(r"\\\1", escaped)
    escaped = _ORDERED_START.sub(r"\1\\\2", escaped)
    escaped = _CLOSING_HASHES.sub(r"\1\\\2", escaped)
    return escaped.replace("\n", "  \n")


def escape_cell(value: str) -> str:
    """User text in a table cell: one line, ``|`` escaped."""
    return escape_text(" ".join(value.split()), in_table=True)


def build_minutes_markdown(m: Minutes) -> bytes:
    """The minutes as UTF-8 Markdown."""
    out: list[str] = [f"# {escape_text(m.title)}", ""]
    if m.question:
        out += [f"**{escape_text(m.question)}**", ""]
    out += [
        f"- Goal: {escape_text(m.goal) or '—'}",
        *([f"- Goal's metric: {escape_text(m.goal_metric)}"] if m.goal_metric else []),
        f"- Date: {m.date or '—'}",
        f"- Facilitator: {escape_text(m.facilitator) or '—'}",
        f"- Total time: {m.total_time}",
        *([f"- From phones: {m.from_phones}"] if m.from_phones else []),
    ]
    out += _reviewed(m)
    out += _decided(m)
    out += ["", "## People", ""]
    out += [
        f"- **{escape_text(d)}**: {', '.join(escape_text(n) for n in names)}"
        for d, names in m.people.items()
    ]
    out += [
        "",
        "## Agenda",
        "",
        "| Phase | Kind | Planned | Ran | Status |",
        "| --- | --- | --- | --- | --- |",
    ]
    out += [
        f"| {escape_cell(a.phase_words)} | {a.kind} | {a.planned} | {a.actual} | {a.status} |"
        for a in m.agenda
    ]
    out += _brainwriting(m)
    out += _final(m)
    out += _rounds(m)
    out += ["", "## All ideas"]
    for heading, lines in m.ideas:
        out += ["", f"### {escape_text(heading)}", ""]
        for line in lines:
            extra = [counted(line.dots, "dot")] if line.dots else []
            extra += [escape_text(line.author)] if line.author else []
            suffix = f" — {', '.join(extra)}" if extra else ""
            out.append(f"- {escape_text(line.text)}{suffix}")
            out += [f"  - {escape_text(said)}" for said in idea_links(line)]
            for again in line.also:
                said_by = f" — {escape_text(again.author)}" if again.author else ""
                out.append(f"  - also said: {escape_text(again.text)}{said_by}")
    if m.matrix:
        out += ["", "## Impact and effort", ""]
        for placed in m.matrix:
            quick = " — **quick win**" if placed.quick_win else ""
            out.append(f"- {escape_text(placed.label)}: {placed.facts}{quick}")
    out += _actions(m)
    out += _recognition(m)
    return ("\n".join(out) + "\n").encode("utf-8")


def _brainwriting(m: Minutes) -> list[str]:
    """Each 6-3-5 phase: its sheets, rounds and ideas, then each sheet's chain in order."""
    out: list[str] = []
    for section in m.brainwriting:
        out += ["", f"## {escape_text(section.phase_title)}", "", escape_text(section.summary), ""]
        out += [
            f"- **{escape_text(sheet.name)}**: {escape_text(sheet.chain) or 'no ideas'}"
            for sheet in section.sheets
        ]
    return out


def _owner_and_due(m: Minutes, action: ActionItem) -> str:
    owner = m.people_by_id.get(action.owner_id or "")
    due = action.due_date.isoformat() if action.due_date else "—"
    return f"owner {escape_text(owner.name) if owner else 'nobody yet'}, due {due}"


def _decided(m: Minutes) -> list[str]:
    out = ["", "## What was decided", ""]
    if m.final is None:
        out.append("- No vote round was closed.")
    else:
        for line in m.final.top:
            out.append(f"- **{line.place_text}.** {escape_text(line.text)} — {line.dots_label}")
    if m.actions:
        out += ["", "Actions:", ""]
        out += [f"- **{escape_text(a.title)}** — {_owner_and_due(m, a)}" for a in m.actions]
    else:
        out += ["", "No action items yet."]
    return out


def _ranking_table(lines: list[RankLine], with_runoffs: bool, unit: str = "dot") -> list[str]:
    header = f"| Place | Item | {unit.title()}s |" + (" Runoff |" if with_runoffs else "")
    rule = "| --- | --- | --- |" + (" --- |" if with_runoffs else "")
    rows = []
    for line in lines:
        row = f"| {line.place_text} | {escape_cell(line.text)} | {line.dots_label} |"
        if with_runoffs:
            row += f" {escape_cell(line.settled_text)} |"
        rows.append(row)
    return [header, rule, *rows]


def _no_dots(labels: list[str], of_clusters: bool, unit: str = "dot") -> list[str]:
    line = no_dots_line(labels, of_clusters, unit)
    return [f"\n{escape_text(line)}"] if line else []


def _final(m: Minutes) -> list[str]:
    if m.final is None:
        return []
    final = m.final
    kind = "clusters" if final.of_clusters else "ideas"
    out = ["", "## Final ranking", ""]
    explanation = f"The {kind} by their {final.unit}s in “{escape_text(final.round_title)}”"
    if final.runoffs:
        runoffs = ", ".join(f"“{escape_text(title)}”" for title in final.runoffs)
        explanation += f"; ties ordered by {runoffs}"
    out += [f"_{explanation}._", ""]
    out += _ranking_table(final.ranking, with_runoffs=bool(final.runoffs), unit=final.unit)
    for group in final.unsettled:
        out.append(f"\nStill tied (no runoff): {'; '.join(escape_text(t) for t in group)}")
    out += _no_dots(final.no_dots, final.of_clusters, final.unit)
    return out


def _rounds(m: Minutes) -> list[str]:
    if not m.rounds:
        return []
    out = ["", "## Vote results"]
    for result in m.rounds:
        out += ["", f"### {escape_text(result.title or 'Vote round')}", ""]
        out += [f"_{escape_text(result.explanation)}_", "", result.controls, ""]
        if result.rating is not None:  # a rating round: its own table, no ranking by count
            out += _rating(result.rating) if result.rating.rated else [result.empty_text]
            continue
        if result.is_final:
            out.append("Its ranking is the final ranking above.")
        elif result.ranking:
            out += _ranking_table(result.ranking, with_runoffs=False, unit=result.unit)
        else:
            out.append(result.empty_text)
        for tied in result.ties:
            out.append(f"\nTied: {'; '.join(escape_text(t) for t in tied)}")
        if not result.is_final:
            out += _no_dots(result.no_dots, result.of_clusters, result.unit)
        if result.counts_hidden:
            continue  # a blind round still open: nothing more until it closes
        if result.breakdown is None:
            out.append("\nAnonymous round: no breakdown by department.")
        else:
            out.append("")
            for department, spread in result.breakdown.items():
                picks = ", ".join(escape_text(p) for p in result.top_picks.get(department, []))
                detail = "; ".join(f"{escape_text(label)} {count}" for label, count in spread)
                out.append(f"- {escape_text(department)}: top pick {picks} ({detail})")
    return out


BAR_STEPS = 20
"""The combined score's bar in Markdown: this many blocks for the top of the scale."""


def _rating(table: RatingTable) -> list[str]:
    """A rating round: the definition, every number in a table, a bar chart, departments."""
    out = [table.definition, ""]
    header = ["Place", "Item", *table.criteria, "Combined", "n", "Discuss"]
    out += ["| " + " | ".join(escape_cell(h) for h in header) + " |"]
    out += ["|" + " --- |" * len(header)]
    for line in table.lines:
        cells = [
            line.place_text,
            escape_cell(line.text),
            *line.scores,
            line.combined_text,
            str(line.voters),
            line.discuss_text,
        ]
        out.append("| " + " | ".join(cells) + " |")
    out += ["", f"Combined score, 0 to {table.top}:", "", "```text"]
    # In a code block, so the bars line up: one line per item, no backtick to end it.
    texts = [shortened(" ".join(line.text.split()), 40).replace("`", "'") for line in table.lines]
    width = max((len(text) for text in texts), default=0)
    for line, text in zip(table.lines, texts, strict=True):
        blocks = round(BAR_STEPS * (line.combined or 0) / table.top)
        text = text.ljust(width)
        out.append(f"{text} {'█' * blocks}{'·' * (BAR_STEPS - blocks)} {line.combined_text}")
    out.append("```")
    if table.anonymous:
        out.append("\nAnonymous round: no breakdown by department.")
    elif table.departments:
        header = ["Item", *table.departments]
        out += ["", "Combined score by department:", ""]
        out += ["| " + " | ".join(escape_cell(h) for h in header) + " |"]
        out += ["|" + " --- |" * len(header)]
        for line in table.lines:
            out.append("| " + " | ".join([escape_cell(line.text), *line.by_department]) + " |")
    return out


def _actions(m: Minutes) -> list[str]:
    out = ["", "## Action items", ""]
    if not m.actions:
        out.append("No action items yet.")
    for action in m.actions:
        title = escape_text(action.title)
        out.append(f"- **{title}** — {_owner_and_due(m, action)}, {action.status.value}")
        if action.hypothesis:
            out.append(f"  - We expect: {escape_text(action.hypothesis)}")
        if action.success_metric:
            out.append(f"  - We will know by: {escape_text(action.success_metric)}")
        if action.outcome is not None:
            out.append(f"  - Outcome: {escape_text(outcome_summary(action.outcome))}")
            if action.outcome.learning:
                out.append(f"  - We learned: {escape_text(action.outcome.learning)}")
    return out


def _reviewed(m: Minutes) -> list[str]:
    """Last time's experiments, as the review found them."""
    if not m.reviewed:
        return []
    out = ["", "## Last time's experiments", ""]
    for line in m.reviewed:
        owner = f" ({escape_text(line.owner)})" if line.owner else ""
        out.append(f"- **{escape_text(line.title)}**{owner}: {escape_text(line.outcome)}")
        if line.learning:
            out.append(f"  - We learned: {escape_text(line.learning)}")
    return out


def _recognition(m: Minutes) -> list[str]:
    out = [
        "",
        "## Recognition",
        "",
        "| Department | Ideas | Adopted | Dots given |",
        "| --- | --- | --- | --- |",
    ]
    for department in dict.fromkeys([*m.ideas_by_department, *m.dots_by_department]):
        out.append(
            f"| {escape_cell(department)} | {m.ideas_by_department.get(department, 0)} | "
            f"{m.adopted_by_department.get(department, 0)} | "
            f"{m.dots_by_department.get(department, 0)} |"
        )
    if m.top_contributors:
        out.append(
            "\nMost ideas: " + ", ".join(f"{escape_text(n)} ({c})" for n, c in m.top_contributors)
        )
    if m.adopted_by_person:
        out.append(
            "\nIdeas adopted since: "
            + ", ".join(f"{escape_text(n)} ({c})" for n, c in m.adopted_by_person)
        )
    return out
