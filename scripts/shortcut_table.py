"""Write the README's table of keyboard shortcuts from the one registry of keys.

    .venv/bin/python scripts/shortcut_table.py           # rewrites the table in README.md
    .venv/bin/python scripts/shortcut_table.py --check   # exit 1 if README.md is behind

The table sits between two marker comments in README.md and is made by
``app.ui.shortcuts.table_markdown()``, from the same entries that make the shortcuts
and the F1 window, so the README cannot promise a key the app does not have.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START = "<!-- shortcuts: made by scripts/shortcut_table.py from app/ui/shortcuts.py -->"
END = "<!-- end of shortcuts -->"


def with_table(readme: str) -> str:
    """``readme`` with the text between the markers replaced by the table."""
    from app.ui.shortcuts import table_markdown

    before, start, rest = readme.partition(START)
    _old, end, after = rest.partition(END)
    if not start or not end:
        raise SystemExit(f"README.md has no {START} … {END} markers")
    return before + start + "\n" + "\n".join(table_markdown()) + "\n" + end + after


def main(arguments: list[str]) -> int:
    """Rewrite the table, or with ``--check`` say whether it is up to date."""
    sys.path.insert(0, str(ROOT))
    path = ROOT / "README.md"
    readme = path.read_text("utf-8")
    wanted = with_table(readme)
    if "--check" in arguments:
        if wanted != readme:
            print("README.md's shortcut table is behind app/ui/shortcuts.py: run", __file__)
            return 1
        return 0
    path.write_text(wanted, "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
