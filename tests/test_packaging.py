"""The wheel holds every module and resource, and building it says nothing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _config() -> Any:
    return tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]


def _tree_packages() -> set[str]:
    packages = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "app").rglob("__init__.py")
    }
    resources = ROOT / "resources"
    packages.add("app.resources")
    packages.update(
        f"app.resources.{folder.name}"
        for folder in resources.iterdir()
        if folder.is_dir() and not folder.name.startswith("__")
    )
    return packages


def test_every_package_of_the_tree_is_listed():
    config = _config()
    assert set(config["packages"]) == _tree_packages()
    assert config["package-dir"] == {"app.resources": "resources"}


TEST_HARNESSES = ("PySide6.QtTest", "pytest", "pytestqt", "hypothesis", "tests")


def test_the_shipped_app_carries_no_test_harness():
    """Tests bring their own drivers (the crash test's is tests/ui/crash_driver.py)."""
    import ast

    found = []
    for module in (ROOT / "app").rglob("*.py"):
        for node in ast.walk(ast.parse(module.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [f"{node.module}.{alias.name}" for alias in node.names]
            else:
                continue
            found += [
                f"{module.relative_to(ROOT)}: {name}"
                for name in names
                if any(name == h or name.startswith(f"{h}.") for h in TEST_HARNESSES)
            ]
    assert found == []


def test_the_wheel_holds_everything_and_the_build_is_silent(tmp_path: Path):
    # A copy of what the build reads, so that it leaves nothing in the checkout.
    source = tmp_path / "source"
    ignore = shutil.ignore_patterns("__pycache__")
    for folder in ("app", "resources"):
        shutil.copytree(ROOT / folder, source / folder, ignore=ignore)
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, source / name)
    out = tmp_path / "wheel"
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-cache-dir",
            "-v",
            "-w",
            str(out),
            str(source),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    said = (result.stdout + result.stderr).splitlines()
    warnings = [
        line.strip()
        for line in said
        if "warning" in line.lower() and "byte-compiling is disabled" not in line
    ]
    assert warnings == []
    (wheel,) = out.glob("dotstorm-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {str(path.relative_to(ROOT)) for path in (ROOT / "app").rglob("*.py")}
    assert modules <= names
    resources = {
        "app/resources/" + str(path.relative_to(ROOT / "resources"))
        for path in (ROOT / "resources").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert resources <= names
    assert {"app/core/session-v1.schema.json", "app/storage/migrations/script.py.mako"} <= names
    (entry_points,) = (name for name in names if name.endswith(".dist-info/entry_points.txt"))
    listed = zipfile.ZipFile(wheel).read(entry_points).decode("utf-8")
    # A console command (its messages reach a terminal on Windows too) and a windowed
    # launcher for the desktop.
    assert "[console_scripts]\ndotstorm = app.cli:main" in listed
    assert "[gui_scripts]\ndotstorm-window = app.launcher:main" in listed
    # The MIT text travels in the wheel (PEP 639), and the metadata names it.
    (info,) = {name.split("/")[0] for name in names if ".dist-info/" in name}
    licence = zipfile.ZipFile(wheel).read(f"{info}/licenses/LICENSE").decode("utf-8")
    assert licence == (ROOT / "LICENSE").read_text("utf-8")
    metadata = zipfile.ZipFile(wheel).read(f"{info}/METADATA").decode("utf-8")
    assert "License-Expression: MIT" in metadata and "License-File: LICENSE" in metadata
