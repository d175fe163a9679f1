"""The installers' scripts as modules (installers/ is a folder of scripts, not a package)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

INSTALLERS = Path(__file__).resolve().parents[2] / "installers"


def installer_script(name: str) -> ModuleType:
    """``installers/<name>.py``, imported once."""
    key = f"dotstorm_installers_{name}"
    if key not in sys.modules:
        spec = importlib.util.spec_from_file_location(key, INSTALLERS / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[key] = module
        spec.loader.exec_module(module)
    return sys.modules[key]
