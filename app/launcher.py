"""The windowed launcher: what the desktop starts (a menu entry, Dotstorm.app, Dotstorm.exe).

It opens the library window on the usual database (``DOTSTORM_DB``, else the user data
folder) and takes no arguments: a desktop may pass its own (macOS once passed
``-psn_…``). Started without a console (``pythonw``, a windowed bundle), the process
has no standard streams; they go to the null device so that a message printed for a
terminal cannot fail, and every message the user must see is shown in a dialog (the
window already does so) or written to the log.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def main() -> int:
    """Open the Dotstorm window; return its exit status."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, Path(os.devnull).open("w", encoding="utf-8"))  # noqa: SIM115
    from app.cli import main as command_line

    return command_line([])
