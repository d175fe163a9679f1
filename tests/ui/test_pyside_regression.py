"""PySide6 6.12.0 aborts on CPython <= 3.11 after a few thousand None-returning calls.

The requirement markers in pyproject.toml keep such a PySide6 away; this test makes
the 20,000 calls that reproduce the abort, in a subprocess so an abort is a clean failure.
"""

from __future__ import annotations

import subprocess
import sys

CALLS = (
    "from PySide6.QtCore import QObject\n"
    "for _ in range(20_000):\n"
    "    QObject().setObjectName('x')\n"
    "print('survived')\n"
)


def test_twenty_thousand_none_returning_calls_do_not_abort():
    result = subprocess.run(
        [sys.executable, "-c", CALLS], capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "survived"
