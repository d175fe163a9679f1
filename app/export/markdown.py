"""The minutes as Markdown: the same sections as the PDF, as readable text."""

from __future__ import annotations

from app.core.minutes import Minutes


def _text(value: str) -> str:
    """User text as Markdown data: characters that Markdown reads as markup are escaped."""
    escaped = "".join("\\" + c if c in "\\`*_{}[]<>()#+-.!|&" else c for c in value)
    return escaped.replace("\n", "  \n")


def build_minutes_markdown(m: Minutes) -> bytes:
    """The minutes as UTF-8 Markdown."""
    out: list[str] = [
        f"# {_text(m.title)}",
        "",
        f"**{_text(m.question)}**" if m.question else "",
        "",
    ]
    out += [
        f"- Goal: {_text(m.goal) or '—'}",
        f"- Date: {m.date or '—'}",
        f"- Facilitator: {_text(m.facilitator) or '—'}",
        f"- Total time: {m.total_time}",
        "",
        "## People",
        "",
    ]
    out += [
        f"- **{_text(d)}**: {', '.join(_text(n) for n in names)}" for d, names in m.people.items()
    ]
    out += [
        "",
        "## Agenda",
        "",
        "| Phase | Kind | Planned | Ran | Status |",
        "| --- | --- | --- | --- | --- |",
    ]
    out += [
        f"| {_text(a.title)} | {a.kind} | {a.planned} | {a.actual} | {a.status} |"
        for a in m.agenda
    ]
    if m.rounds:
        out += ["", "## Vote results"]
        for result in m.rounds:
            out += [
                "",
                f"### {_text(result.title)}",
                "",
                f"_{_text(result.explanation)}_",
                "",
                "| Rank | Item | Dots |",
                "| --- | --- | --- |",
            ]
            for entry, label in result.ranking:
                tie = " (tie)" if entry.tied else ""
                out.append(f"| {entry.rank}{tie} | {_text(label)} | {entry.count} |")
            for tied in result.ties:
                out.append(f"\nTied: {'; '.join(_text(t) for t in tied)}")
            if result.breakdown is None:
                out.append("\nAnonymous round: no breakdown by department.")
            else:
                out.append("")
                for department, spread in result.breakdown.items():
                    picks = ", ".join(_text(p) for p in result.top_picks.get(department, []))
                    detail = "; ".join(f"{_text(label)} {count}" for label, count in spread)
                    out.append(f"- {_text(department)}: top pick {picks} ({detail})")
    out += ["", "## All ideas"]
    for heading, lines in m.ideas:
        out += ["", f"### {_text(heading)}", ""]
        for line in lines:
            extra = [f"{line.dots} dot{'s' * (line.dots != 1)}"] if line.dots else []
            extra += [_text(line.author)] if line.author else []
            suffix = f" — {', '.join(extra)}" if extra else ""
            out.append(f"- {_text(line.text)}{suffix}")
    if m.matrix:
        out += ["", "## Impact and effort", ""]
        for text, impact, effort in m.matrix:
            quick = " — **quick win**" if impact >= 4 and effort <= 2 else ""
            out.append(f"- {_text(text)}: impact {impact}, effort {effort}{quick}")
    out += ["", "## Action items", ""]
    if not m.actions:
        out.append("No action items yet.")
    for action in m.actions:
        owner = m.people_by_id.get(action.owner_id or "")
        due = action.due_date.isoformat() if action.due_date else "—"
        out.append(
            f"- **{_text(action.title)}** — owner {_text(owner.name) if owner else 'nobody yet'}, "
            f"due {due}, {action.status.value}"
        )
        if action.hypothesis:
            out.append(f"  - We expect: {_text(action.hypothesis)}")
        if action.success_metric:
            out.append(f"  - We will know by: {_text(action.success_metric)}")
    out += [
        "",
        "## Recognition",
        "",
        "| Department | Ideas | Adopted | Dots given |",
        "| --- | --- | --- | --- |",
    ]
    for department in dict.fromkeys([*m.ideas_by_department, *m.dots_by_department]):
        out.append(
            f"| {_text(department)} | {m.ideas_by_department.get(department, 0)} | "
            f"{m.adopted_by_department.get(department, 0)} | "
            f"{m.dots_by_department.get(department, 0)} |"
        )
    if m.top_contributors:
        out.append(
            "\nMost ideas: " + ", ".join(f"{_text(n)} ({c})" for n, c in m.top_contributors)
        )
    if m.adopted_by_person:
        out.append(
            "\nIdeas adopted since: "
            + ", ".join(f"{_text(n)} ({c})" for n, c in m.adopted_by_person)
        )
    return ("\n".join(out) + "\n").encode("utf-8")
