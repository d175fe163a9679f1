"""The bundle's ``dotstorm`` command: the command line, and the window when given no command.

PyInstaller starts bundles from a script; this one is the same as ``python -m app``.
"""

import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())
