"""Every script people type, drawn on screen from the bundled fonts, from the first window.

The checks are the glyphs Qt actually draws (the font of each run of text, and no
missing-glyph box), on the application font and on every label and button of real
windows started afresh, then the room's view and the board's picture read back by OCR
in Chinese and Korean where tesseract has those languages.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase, QImage, QTextLayout
from PySide6.QtWidgets import QApplication

from app.core.board import tidy_by_cluster
from app.core.session_ops import build_session
from app.core.types import (
    Cluster,
    NewSessionSpec,
    Note,
    PhaseKind,
    RoundStatus,
    Session,
    VoteRound,
    VoteTarget,
    new_id,
    utc_now,
)
from app.ui.fonts import bundled_families
from app.ui.goals.chart import MetricChartView
from app.ui.room.fonts import room_font

ROOT = Path(__file__).resolve().parents[2]
EVERY_SCRIPT = {
    "Latin": "Ärger mit der Straße, café",
    "Greek": "Καλύτερη εξυπηρέτηση πελατών",
    "Cyrillic": "Быстрые ответы клиентам",
    "Arabic": "الرد على كل عميل خلال يوم عمل واحد",
    "Hebrew": "לענות לכל לקוח תוך יום עבודה",
    "Chinese": "电话回拨代替等待音乐",
    "Japanese": "顧客の声を毎週読む、カタカナ",
    "Korean": "고객에게 하루 안에 답하기",
    "emoji": "Ship it 🚀 ☕ ✅ 😀 ✨",
}
QUESTION = "我们如何把重复的支持工单减少一半？"
GOAL = "고객에게 하루 안에 답하기"
CLUSTERS = {
    "客户服务": [EVERY_SCRIPT["Chinese"], EVERY_SCRIPT["Japanese"]],
    "خدمة العملاء": [EVERY_SCRIPT["Arabic"], EVERY_SCRIPT["Hebrew"]],
    "한국어 아이디어": [EVERY_SCRIPT["Korean"], "회의를 짧게 하기"],
    "Ελληνικά, Русский": [
        EVERY_SCRIPT["Greek"],
        EVERY_SCRIPT["Cyrillic"],
        EVERY_SCRIPT["Latin"],
        EVERY_SCRIPT["emoji"],
    ],
}
READ_BACK = 0.7
"""Share of a phrase's characters OCR must find: it reads none of them in boxes."""
SCREEN = {
    "synchronousWindowSystemEvents": True,
    "windowFrameMargins": False,
    "screens": [
        {
            "name": "projector",
            "x": 0,
            "y": 0,
            "width": 1280,
            "height": 720,
            "logicalDpi": 96,
            "logicalBaseDpi": 96,
            "dpr": 1,
        }
    ],
}


def drawn_with(text: str, font: QFont) -> list[tuple[str, int]]:
    """Each run of ``text`` as Qt draws it in ``font``: (family, glyphs missing)."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(1e6)
    layout.endLayout()
    return [
        (run.rawFont().familyName(), sum(1 for glyph in run.glyphIndexes() if glyph == 0))
        for run in layout.glyphRuns()
    ]


def bold(font: QFont) -> QFont:
    font.setBold(True)
    return font


@pytest.mark.parametrize("script", list(EVERY_SCRIPT))
def test_every_script_is_drawn_from_the_bundled_fonts_with_no_box(qapp: QApplication, script):
    bundled = set(bundled_families())
    text = EVERY_SCRIPT[script]
    fonts = {
        "application": QFont(),  # widgets, the board's cards and frames, dialogs
        "application bold": bold(QFont()),
        "room": room_font(30),
        "room bold": room_font(30, bold=True),
        "named alone": QFont(bundled_families()[0]),  # "Noto Sans": its substitutes follow
    }
    for name, font in fonts.items():
        runs = drawn_with(text, font)
        assert runs, name
        for family, missing in runs:
            assert family in bundled, (name, runs)
            assert missing == 0, (name, runs)


def line_height(text: str) -> float:
    font = QFont()
    font.setPixelSize(30)
    layout = QTextLayout(text, font)
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(1e6)
    layout.endLayout()
    return line.height()


def test_a_line_in_any_script_is_as_tall_as_a_latin_one(qapp: QApplication):
    """A taller line would push a header's rows apart (Noto Sans Arabic's is 1.5 times)."""
    latin = line_height(EVERY_SCRIPT["Latin"])
    for script in ("Greek", "Cyrillic", "Arabic", "Hebrew", "Chinese", "Japanese", "Korean"):
        assert line_height(EVERY_SCRIPT[script]) == latin, script


def test_emoji_are_drawn_in_symbola_on_every_laptop(qapp: QApplication):
    """Black and white as in the PDF, not in colour where a system has an emoji font."""
    bundled_families()
    assert QFontDatabase.applicationEmojiFontFamilies() == ["Symbola"]
    emoji = [family for family, _ in drawn_with("🚀😀✅", QFont())]
    assert emoji == ["Symbola"]


def test_the_goal_chart_uses_the_application_typeface(qapp: QApplication):
    view = MetricChartView()
    try:
        chart = view.chart()
        assert chart.legend().font().families() == list(bundled_families())
        assert chart.titleFont().families() == list(bundled_families())
    finally:
        view.deleteLater()


def every_script_session() -> Session:
    """A session whose people, question, goal, frames and notes are in every script."""
    session = build_session(
        NewSessionSpec(
            title="支持工单 · دعم · 지원",
            goal=GOAL,
            question=QUESTION,
            facilitator="李娜",
            participants=(
                ("李娜", "运营"),
                ("أمينة", "الدعم"),
                ("דוד", "הנדסה"),
                ("김민준", "영업"),
                ("Σοφία", "Πωλήσεις"),
                ("Иван", "Поддержка"),
                ("田中さくら", "開発"),
            ),
            phases=((PhaseKind.CLUSTER, "分组", 600), (PhaseKind.VOTE, "投票", 300)),
        )
    )
    colors = ["#FFE08A", "#9FD3F5", "#A8E6CF", "#F9C5A0"]
    clusters = [Cluster(new_id(), title, colors[i]) for i, title in enumerate(CLUSTERS)]
    people = [p.id for p in session.participants]
    notes = [
        Note(
            new_id(),
            text,
            colors[(i + j) % 4],
            0,
            0,
            utc_now(),
            author_id=people[(i + j) % len(people)],
            cluster_id=cluster.id,
        )
        for i, cluster in enumerate(clusters)
        for j, text in enumerate(CLUSTERS[cluster.title])
    ]
    places = tidy_by_cluster(notes, [c.id for c in clusters], {c.id: c.title for c in clusters})
    notes = [replace(n, x=places[n.id][0], y=places[n.id][1]) for n in notes]
    vote = VoteRound(
        id=new_id(),
        title="第一轮",
        target=VoteTarget.NOTES,
        dots_per_voter=3,
        max_dots_per_item=1,
        anonymous=False,
        blind=False,
        status=RoundStatus.OPEN,
        opened_at=utc_now(),
    )
    return replace(session, clusters=tuple(clusters), notes=tuple(notes), vote_rounds=(vote,))


@pytest.fixture(scope="module")
def fresh_start(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[dict[str, Any], Path]]:
    """Dotstorm started in a new process on the session: its report and its pictures."""
    from app.storage.database import open_database
    from app.storage.repository import SessionRepository

    folder = tmp_path_factory.mktemp("fonts")
    db = folder / "dotstorm.sqlite3"
    database = open_database(f"sqlite:///{db}")
    session = every_script_session()
    SessionRepository(database.engine).add_session(session)
    database.close()
    config = folder / "screen.json"
    config.write_text(json.dumps(SCREEN))
    env = {
        **{k: v for k, v in os.environ.items() if k != "DOTSTORM_DB"},
        "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
        **{v: str(folder / v.lower()) for v in ("XDG_CONFIG_HOME", "XDG_STATE_HOME")},
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.ui.font_driver",
            str(db),
            session.id,
            str(folder / "settings.ini"),
            str(folder),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    yield json.loads(result.stdout.strip().splitlines()[-1]), folder


def test_every_label_and_button_of_the_first_windows_is_drawn_from_bundled_fonts(fresh_start):
    """Library, session window (header, people, timer), room's view, curtain, ballot."""
    report, _ = fresh_start
    bundled = set(bundled_families())
    assert len(report["drawn"]) > 40
    wrong = [
        shown
        for shown in report["drawn"]
        if any(family not in bundled or missing for family, missing in shown["runs"])
    ]
    assert wrong == []
    shown_texts = " ".join(shown["text"] for shown in report["drawn"])
    for text in ("李娜", "أمينة", "דוד", "김민준", "Σοφία", "Иван", "田中さくら", QUESTION):
        assert text in shown_texts


def test_the_first_window_is_already_in_the_typeface_and_f11_changes_nothing(fresh_start):
    report, _ = fresh_start
    assert report["first_window"]["family"] == "Noto Sans"
    assert report["before_f11"] == report["after_f11"] == report["room"]
    assert report["font_changes_at_f11"] == 0


def ocr(image: Path, language: str, scale: float = 1.0) -> str:
    """What tesseract reads in ``image`` (in grey, scaled), with the spaces taken out."""
    grey = QImage(str(image)).convertToFormat(QImage.Format.Format_Grayscale8)
    if scale != 1.0:
        grey = grey.scaledToWidth(
            round(grey.width() * scale), Qt.TransformationMode.SmoothTransformation
        )
    prepared = image.with_name(f"{image.stem}-{language}-ocr.png")
    assert grey.save(str(prepared))
    read = subprocess.run(
        ["tesseract", str(prepared), "-", "-l", language],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    return re.sub(r"\s+", "", read)


def read_back(image: Path, language: str, phrases: list[str], scale: float = 1.0) -> None:
    """Most characters of every phrase are read back (boxes are read as none of them)."""
    read = ocr(image, language, scale)
    for phrase in phrases:
        letters = [c for c in phrase if not c.isspace()]
        share = sum(c in read for c in letters) / len(letters)
        assert share >= READ_BACK, (phrase, share, read)


def languages() -> set[str]:
    if shutil.which("tesseract") is None:
        return set()
    listed = subprocess.run(
        ["tesseract", "--list-langs"], capture_output=True, text=True, check=False
    ).stdout
    return set(listed.split())


needs_cjk_ocr = pytest.mark.skipif(
    not {"chi_sim", "kor"} <= languages(),
    reason="tesseract-ocr-chi-sim and -kor (scripts/setup.sh installs them)",
)


@pytest.mark.slow  # OCR of a grab, in Chinese and Korean
@needs_cjk_ocr
def test_the_rooms_view_reads_back_in_chinese_and_korean(fresh_start):
    _, folder = fresh_start
    room = folder / "room.png"
    read_back(room, "chi_sim", [QUESTION, "客户服务", EVERY_SCRIPT["Chinese"]])
    read_back(room, "kor", [GOAL, "한국어 아이디어", "회의를 짧게 하기"])


@pytest.mark.slow  # OCR of a grab, in Chinese and Korean
@needs_cjk_ocr
def test_the_ballot_reads_back_in_chinese_and_korean(fresh_start):
    _, folder = fresh_start
    ballot = folder / "ballot.png"  # its text is smaller: tesseract reads it enlarged
    read_back(ballot, "chi_sim", ["李娜", EVERY_SCRIPT["Chinese"]], scale=1.5)  # "李娜, place…"
    read_back(ballot, "kor", [EVERY_SCRIPT["Korean"], "회의를 짧게 하기"], scale=1.5)


@pytest.mark.slow  # a command-line subprocess, as in tests/cli
@needs_cjk_ocr
def test_the_board_picture_of_dotstorm_export_reads_back_in_chinese_and_korean(
    tmp_path: Path, isolated_env: dict[str, str]
):
    """The command line draws the board offscreen, with no window ever shown."""
    if shutil.which("pdfimages") is None:
        pytest.skip("poppler-utils (scripts/setup.sh installs it)")
    from app.storage.database import open_database
    from app.storage.repository import SessionRepository

    db = tmp_path / "dotstorm.sqlite3"
    database = open_database(f"sqlite:///{db}")
    session = every_script_session()
    SessionRepository(database.engine).add_session(session)
    database.close()
    minutes = tmp_path / "minutes.pdf"
    command = ["export", session.id, "--format", "pdf", "-o", str(minutes)]
    exported = subprocess.run(
        [sys.executable, "-m", "app", "--db", str(db), *command],
        capture_output=True,
        text=True,
        env=isolated_env,
        timeout=120,
        check=False,
    )
    assert exported.returncode == 0, exported.stderr
    subprocess.run(
        ["pdfimages", "-png", str(minutes), str(tmp_path / "image")], check=True, timeout=60
    )
    board = max(tmp_path.glob("image-*.png"), key=lambda path: path.stat().st_size)
    scale = 1000 / QImage(str(board)).width()  # printed at 2 px a unit: read it smaller
    read_back(board, "chi_sim", ["客户服务", EVERY_SCRIPT["Chinese"]], scale)
    read_back(board, "kor", ["한국어 아이디어", EVERY_SCRIPT["Korean"], "회의를 짧게 하기"], scale)
