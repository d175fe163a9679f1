"""What the acceptance tests of rating and rank rounds share, written as a checker would.

A session file written here by hand (no code of the app makes it), imported with the
``dotstorm import`` command; ballots typed through the curtain with the keys a voter
presses; the results read back from ``dotstorm export`` (the session file, and the
minutes as Markdown and as PDF through ``pdftotext``); and the numbers those must show,
worked out here from the values typed, with fractions, by the definitions the issue
states (mean, population standard deviation, the combined score, N..1 points).
"""

from __future__ import annotations

import json
import math
import re
import subprocess
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from app.ui.session_window import SessionWindow
from app.ui.voting.rank_ballot import RankBallotPage
from app.ui.voting.rating_ballot import RatingBallotPage
from tests.cli.runner import Dotstorm

Json = dict[str, Any]
WHEN = "2026-12-03T09:00:00Z"


def new_uuid() -> str:
    """A fresh id for the file."""
    return str(uuid.uuid4())


# ---------------------------------------------------------------------- the session file


@dataclass
class SessionFile:
    """A session file put together by hand: people, notes, stacks, clusters, rounds."""

    title: str
    people: list[Json] = field(default_factory=list)
    notes: list[Json] = field(default_factory=list)
    clusters: list[Json] = field(default_factory=list)
    rounds: list[Json] = field(default_factory=list)
    phase_id: str = field(default_factory=new_uuid)
    goal_record: Json | None = None

    def person(self, name: str, department: str, role: str = "participant") -> str:
        """Add someone; their id."""
        self.people.append(
            {"id": new_uuid(), "name": name, "department": department, "role": role}
        )
        return str(self.people[-1]["id"])

    def note(
        self,
        text: str,
        author: str | None,
        *,
        cluster: str | None = None,
        hidden: bool = False,
        merged_into: str | None = None,
    ) -> str:
        """Add a note (in a cluster, face down, or stacked under another); its id."""
        number = len(self.notes)
        note: Json = {
            "id": new_uuid(),
            "text": text,
            "author_id": author,
            "color": "#FFF59D",
            "x": 40 + 240 * (number % 5),
            "y": 60 + 200 * (number // 5),
            "cluster_id": cluster,
            "phase_id": self.phase_id,
            "created_at": WHEN,
            "hidden": hidden,
            "impact": None,
            "effort": None,
        }
        if merged_into is not None:
            note["merged_into"] = merged_into
        self.notes.append(note)
        return str(note["id"])

    def cluster(self, title: str) -> str:
        """Add a cluster; its id."""
        self.clusters.append({"id": new_uuid(), "title": title, "color": "#A0C4FF"})
        return str(self.clusters[-1]["id"])

    def as_json(self) -> Json:
        """The whole file, format ``dotstorm.session`` version 1."""
        return {
            "format": "dotstorm.session",
            "version": 1,
            "exported_at": WHEN,
            "session": {
                "id": new_uuid(),
                "title": self.title,
                "goal": "Halve the time to a first order",
                "question": "How might new customers order sooner?",
                "facilitator": self.people[0]["name"],
                "status": "running",
                "created_at": WHEN,
                "started_at": WHEN,
                "ended_at": None,
                "participants": self.people,
                "phases": [
                    {
                        "id": self.phase_id,
                        "kind": "ideate",
                        "title": "Ideas",
                        "planned_seconds": 600,
                        "started_at": WHEN,
                        "elapsed_seconds": 600,
                        "status": "done",
                    },
                    {
                        "id": new_uuid(),
                        "kind": "vote",
                        "title": "Decide",
                        "planned_seconds": 900,
                        "started_at": None,
                        "elapsed_seconds": 0,
                        "status": "pending",
                    },
                ],
                "clusters": self.clusters,
                "notes": self.notes,
                "vote_rounds": self.rounds,
                "action_items": [],
                **({"goal_record": self.goal_record} if self.goal_record else {}),
            },
        }

    def imported(self, tmp_path: Path, dotstorm: Dotstorm) -> str:
        """Write the file and import it with ``dotstorm import``; the new session's id."""
        path = tmp_path / f"{uuid.uuid4().hex[:8]}.json"
        path.write_text(json.dumps(self.as_json(), ensure_ascii=False), encoding="utf-8")
        return dotstorm.ok("import", str(path)).strip()


def exported(dotstorm: Dotstorm, session_id: str, kind: str, out: Path) -> str:
    """``dotstorm export`` to ``out``: the session file or the Markdown as text, a PDF's text."""
    dotstorm.ok("export", session_id, "--format", kind, "-o", str(out))
    if kind != "pdf":
        return out.read_text(encoding="utf-8")
    return subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, check=True, text=True
    ).stdout


def squeezed(text: str) -> str:
    """Text with every run of white space one space (a PDF's lines wrap where they will)."""
    return " ".join(text.split())


# ---------------------------------------------------------------------- typing a ballot


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type ``text`` key by key; a letter no key of QTest's has (``é``, ``€``) comes as a
    key event carrying its text, as a keyboard layout or an input method sends it."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            )


def curtain_to(
    qtbot: QtBot, window: SessionWindow, name: str
) -> RatingBallotPage | RankBallotPage:
    """On the curtain, arrows to ``name`` and Enter, as the next voter does; their ballot."""
    curtain = window.voting.curtain
    voter = next(p.id for p in window.document.people.values() if p.name == name)
    target = curtain.name_buttons[voter]
    names = list(curtain.name_buttons.values())
    for _ in range(len(names) + 1):
        focus = QApplication.focusWidget()
        if focus is target:
            break
        assert isinstance(focus, QPushButton) and focus in names, focus
        key = Qt.Key.Key_Right if names.index(focus) < names.index(target) else Qt.Key.Key_Left
        qtbot.keyClick(focus, key)
    assert QApplication.focusWidget() is target
    qtbot.keyClick(target, Qt.Key.Key_Return)
    page = window.voting.currentWidget()
    assert isinstance(page, RatingBallotPage | RankBallotPage), page
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page)
    return page


def go_to(qtbot: QtBot, page: RatingBallotPage, row: int, column: int) -> None:
    """Arrow keys until the keyboard is on that cell."""
    for _ in range(50):
        if (page.row, page.column) == (row, column):
            return
        if page.row != row:
            qtbot.keyClick(page, Qt.Key.Key_Down if page.row < row else Qt.Key.Key_Up)
        else:
            qtbot.keyClick(page, Qt.Key.Key_Right if page.column < column else Qt.Key.Key_Left)
    raise AssertionError(f"the arrows never reached row {row}, column {column}")


@dataclass(frozen=True)
class Scale:
    """A criterion as the checker set it up."""

    name: str
    low: int
    high: int
    lower_is_better: bool = False

    @property
    def heading(self) -> str:
        """Its column's heading in the minutes."""
        heading = f"{self.name} {self.low}-{self.high}"
        return heading + ", lower is better" if self.lower_is_better else heading


def type_value(qtbot: QtBot, page: RatingBallotPage, scale: Scale, value: int) -> None:
    """A value into the current cell: its digit (0 for 10 on a 1-10 scale), else + and -.

    A value no digit gives (10 on a 0-10 scale, a negative one) is reached with + and -
    from the nearer end of the scale, as a voter at the keyboard would.
    """
    if 0 <= value <= 9 or (value == 10 and scale.low >= 1):
        qtbot.keyClick(page, Qt.Key(Qt.Key.Key_0.value + value % 10))
        return
    here = page.current()
    assert here is not None
    item, criterion = here
    for _ in range(scale.high - scale.low + 2):
        now = page.ballot.value(item, criterion.id)
        if now == value:
            return
        up = value - scale.low <= scale.high - value if now is None else now < value
        qtbot.keyClick(page, Qt.Key.Key_Plus if up else Qt.Key.Key_Minus)
    raise AssertionError(f"+ and - never reached {value}: {page.message.text()}")


Values = Mapping[str, Sequence[int | None]]
"""Per item's text, a value per criterion (``None``: skipped)."""


def rate(
    qtbot: QtBot,
    page: RatingBallotPage,
    scales: Sequence[Scale],
    labels: Mapping[str, str],
    values: Values,
) -> None:
    """Type ``values`` into the ballot, row by row as the voter sees them."""
    shown = [labels[item] for item in page.item_ids]
    assert set(values) <= set(shown), set(values) - set(shown)
    for row, text in enumerate(shown):
        for column, value in enumerate(values.get(text, ())):
            if value is None:
                continue
            go_to(qtbot, page, row, column)
            type_value(qtbot, page, scales[column], value)
            assert page.cells[row][column].text() == str(value), page.message.text()


def place(
    qtbot: QtBot, page: RankBallotPage, labels: Mapping[str, str], order: Sequence[str]
) -> None:
    """Put the items called ``order`` at places 1, 2, ... with Up, Down and a digit each."""
    shown = [labels[item] for item in page.item_ids]
    for position, text in enumerate(order, start=1):
        row = shown.index(text)
        while page.row != row:
            qtbot.keyClick(page, Qt.Key.Key_Down if page.row < row else Qt.Key.Key_Up)
        qtbot.keyClick(page, Qt.Key(Qt.Key.Key_0.value + position % 10))
        assert page.rows[row][0].text() == str(position), page.message.text()


# ---------------------------------------------------------------------- by hand


def two(value: Fraction | float) -> str:
    """A number as the minutes print it: two decimals, halves up (as people round)."""
    exact = Fraction(value)
    hundredths = math.floor(exact * 100 + Fraction(1, 2))
    return f"{hundredths // 100}.{hundredths % 100:02d}"


def mean(values: Sequence[int]) -> Fraction:
    """The sum over the count."""
    return Fraction(sum(values), len(values))


def variance(values: Sequence[int]) -> Fraction:
    """The mean squared distance from the mean (of the population: over the count)."""
    middle = mean(values)
    return sum(((Fraction(v) - middle) ** 2 for v in values), Fraction(0)) / len(values)


def spread(values: Sequence[int]) -> float:
    """The population standard deviation."""
    return math.sqrt(variance(values))


@dataclass(frozen=True)
class HandRow:
    """One item of a rating round, worked out by hand."""

    text: str
    cells: tuple[str, ...]
    combined: Fraction | None
    voters: int
    discuss: bool
    place: int | None = None

    @property
    def combined_text(self) -> str:
        """Two decimals, or a dash for an item nobody rated."""
        return "—" if self.combined is None else two(self.combined)


def by_hand(
    scales: Sequence[Scale],
    ballots: Mapping[str, Values],
    items: Iterable[str],
) -> list[HandRow]:
    """Each item's cells ("m ± s", with "(n k)" when fewer rated it on that criterion than
    rated it at all), combined score, voters, discuss; best combined first, equal scores
    sharing a place, items nobody rated last."""
    rows = []
    for text in items:
        given: list[list[int]] = [[] for _ in scales]
        voters = 0
        for ballot in ballots.values():
            mine = [v for v in ballot.get(text, ()) if v is not None]
            voters += bool(mine)
            for column, value in enumerate(ballot.get(text, ())):
                if value is not None:
                    given[column].append(value)
        cells: list[str] = []
        turned: list[Fraction] = []
        discuss = False
        for scale, values in zip(scales, given, strict=True):
            if not values:
                cells.append("—")
                continue
            middle, wide = mean(values), spread(values)
            cell = f"{two(middle)} ± {two(wide)}"
            cells.append(cell if len(values) == voters else f"{cell} (n {len(values)})")
            # "discuss": the spread is a quarter of the scale's range or more (squared: exact).
            discuss = discuss or variance(values) >= Fraction(scale.high - scale.low, 4) ** 2
            turned.append(scale.low + scale.high - middle if scale.lower_is_better else middle)
        combined = sum(turned, Fraction(0)) / len(turned) if turned else None
        rows.append(HandRow(text, tuple(cells), combined, voters, discuss))
    rated = sorted((r for r in rows if r.combined is not None), key=lambda r: -(r.combined or 0))
    placed: list[HandRow] = []
    for index, row in enumerate(rated):
        same = index and row.combined == rated[index - 1].combined
        placed.append(
            HandRow(**{**row.__dict__, "place": placed[-1].place if same else index + 1})
        )
    return placed + [r for r in rows if r.combined is None]


def department_scores(
    scales: Sequence[Scale], ballots: Mapping[str, Values], departments: Mapping[str, str]
) -> dict[str, dict[str, str]]:
    """Department → item → its combined score from that department's ratings alone."""
    result: dict[str, dict[str, str]] = {}
    for department in dict.fromkeys(departments.values()):
        theirs = {who: v for who, v in ballots.items() if departments[who] == department}
        items = {
            text
            for values in theirs.values()
            for text, given in values.items()
            if any(g is not None for g in given)
        }
        rows = by_hand(scales, theirs, sorted(items))
        if rows:
            result[department] = {r.text: r.combined_text for r in rows}
    return result


def markdown_rows(markdown: str, first_heading: str) -> dict[str, list[str]]:
    """The rows of the Markdown table whose header starts ``| first_heading |``, by item."""
    lines = markdown.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {first_heading} |"))
    rows: dict[str, list[str]] = {}
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        cells = [cell.strip() for cell in line.strip("|").split(" | ")]
        rows[cells[1]] = cells
    return rows


def markdown_section(markdown: str, title: str) -> str:
    """A round's part of the Markdown minutes: from its ``### title`` to the next heading."""
    start = markdown.index(f"### {title}\n")
    ends = [
        i for i in (markdown.find("\n### ", start + 1), markdown.find("\n## ", start + 1)) if i > 0
    ]
    return markdown[start : min(ends) if ends else len(markdown)]


def pdf_table(pdf: str, headings: Sequence[str], key: int) -> list[list[str]]:
    """A table of ``pdftotext -layout``'s text, as rows of cells.

    ``headings``: the first word of each column's heading, left to right, which also
    says where each column starts. A row starts on a line with something in column
    ``key`` (a number that never wraps); the lines under it until the next add to its
    cells (a wrapped item, "(n" over "4)"). The table ends with a blank line or text
    left of its first column.
    """
    lines = pdf.splitlines()
    header = 0
    for header, line in enumerate(lines):  # noqa: B007 - the header's line is kept
        starts, pos = [], 0
        for word in headings:
            found = re.search(rf"(?<!\S){re.escape(word)}(?!\S)", line[pos:])
            if found is None:
                break
            starts.append(pos + found.start())
            pos += found.end()
        if len(starts) == len(headings):
            break
    else:
        raise AssertionError(f"no table headed {headings}")
    rows: list[list[str]] = []
    for line in lines[header + 1 :]:
        if not line.strip() or line[: starts[0]].strip():
            if rows:
                break
            continue
        cells = [
            line[a:b].strip() for a, b in zip(starts, [*starts[1:], len(line) + 1], strict=True)
        ]
        if cells[key]:
            rows.append(cells)
        elif rows:
            rows[-1] = [f"{old} {new}".strip() for old, new in zip(rows[-1], cells, strict=True)]
    return rows
