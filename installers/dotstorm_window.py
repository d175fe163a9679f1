"""The bundle's windowed launcher (Dotstorm.exe, Dotstorm.app): the window, no console.

The same as the ``dotstorm-window`` entry point of a wheel.
"""

import sys

from app.launcher import main

if __name__ == "__main__":
    sys.exit(main())
