"""Every export of a session, by format, written atomically."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.session_format import dump_session
from app.core.types import Session

if TYPE_CHECKING:
    from app.core.minutes import MinutesContext
from app.export.atomic import write_atomically

FORMAT_NAMES = {
    "pdf": "Minutes (PDF)",
    "md": "Minutes (Markdown)",
    "csv": "Notes (CSV)",
    "json": "Session file (JSON)",
}


def export_bytes(
    session: Session,
    fmt: str,
    page_size: str = "a4",
    board_png: bytes | None = None,
    progress: Callable[[int, int], None] | None = None,
    context: MinutesContext | None = None,
) -> bytes:
    """The bytes of one export of ``session``; the minutes add what ``context`` holds."""
    if fmt == "json":
        return dump_session(session)
    if fmt == "csv":
        from app.export.csv_export import build_notes_csv

        return build_notes_csv(session)
    from app.core.minutes import build_minutes

    minutes = build_minutes(session, context)
    if fmt == "md":
        from app.export.markdown import build_minutes_markdown

        return build_minutes_markdown(minutes)
    if fmt == "pdf":
        from app.export.pdf import build_minutes_pdf

        return build_minutes_pdf(minutes, page_size, board_png, progress)
    raise ValueError(f"unknown export format {fmt!r}")


def export_file(
    session: Session,
    fmt: str,
    target: Path,
    page_size: str = "a4",
    board_png: bytes | None = None,
    progress: Callable[[int, int], None] | None = None,
    protected: tuple[Path, ...] = (),
    context: MinutesContext | None = None,
) -> None:
    """Write one export to ``target``: whole, or (on any failure) not at all.

    ``protected`` files (the open database) are never written over.
    """
    data = export_bytes(session, fmt, page_size, board_png, progress, context)
    write_atomically(target, data, protected)
