"""Wrap Dotstorm's one-folder bundle in a Debian package (``dpkg-deb``).

    python installers/deb.py BUNDLE_DIR VERSION OUT.deb

The package installs the bundle in ``/opt/dotstorm``, the ``dotstorm`` command and the
``dotstorm-window`` launcher on the PATH (``/usr/bin``), a desktop entry and the icon, and
the copyright file Debian asks for. It depends on the system libraries the bundle uses
without carrying them (OpenGL, EGL, fontconfig, the C library...): every library a
program or library of the bundle loads from outside it, as ``ldd`` resolves it here,
by the Debian package that owns it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTALLED_AT = Path("opt/dotstorm")
PROGRAMS = ("dotstorm", "dotstorm-window")
MAINTAINER = "The Dotstorm team <team@dotstorm.invalid>"
DESCRIPTION = """\
Run a live, timed, cross-functional brainstorm from one laptop
 Dotstorm is a desktop app for the facilitator of a live brainstorm: a countdown the
 back row can read, notes captured as fast as people call them out, clusters on a
 zoomable board, blind dot voting on one shared screen or on phones over the local
 Wi-Fi, experiments with an owner and a date, and PDF minutes. Everything is saved at
 once to a local SQLite file, or to a team's PostgreSQL server."""


class PackagingError(Exception):
    """The package cannot be made; the message says why, in one line."""


def main(argv: Sequence[str] | None = None) -> int:
    """Build the package; 0 when done, 1 (with one line on stderr) when it cannot be."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path, help="the bundle's folder (dist/dotstorm)")
    parser.add_argument("version", help="the package's version (app.__version__)")
    parser.add_argument("output", type=Path, help="the .deb to write")
    options = parser.parse_args(argv)
    try:
        build_package(options.bundle, options.version, options.output)
    except PackagingError as error:
        print(f"deb: {error}", file=sys.stderr)
        return 1
    return 0


def build_package(bundle: Path, version: str, output: Path) -> None:
    """Write ``output``, the Debian package of ``bundle``."""
    for program in PROGRAMS:
        if not (bundle / program).is_file():
            raise PackagingError(f"{bundle} is not a Dotstorm bundle (no {program})")
    with tempfile.TemporaryDirectory(prefix="dotstorm-deb-") as scratch:
        tree = Path(scratch) / "tree"
        shutil.copytree(bundle, tree / INSTALLED_AT, symlinks=True)
        binaries = tree / "usr" / "bin"
        binaries.mkdir(parents=True)
        for program in PROGRAMS:
            (binaries / program).symlink_to(Path("/") / INSTALLED_AT / program)
        desktop_entry = ROOT / "installers" / "linux" / "dotstorm.desktop"
        _install(desktop_entry, tree, "usr/share/applications")
        icons = ROOT / "resources" / "icons"
        _install(icons / "dotstorm.svg", tree, "usr/share/icons/hicolor/scalable/apps")
        _install(
            icons / "dotstorm-128.png",
            tree,
            "usr/share/icons/hicolor/128x128/apps",
            name="dotstorm.png",
        )
        documents = tree / "usr" / "share" / "doc" / "dotstorm"
        documents.mkdir(parents=True)
        (documents / "copyright").write_text(copyright_file(), encoding="utf-8")
        control = tree / "DEBIAN"
        control.mkdir()
        (control / "control").write_text(
            control_file(version, _architecture(), depends(bundle), _installed_kb(tree)),
            encoding="utf-8",
        )
        output.parent.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            # gzip: xz takes minutes over 300 MB on two cores, for a fifth less.
            ["dpkg-deb", "--root-owner-group", "-Zgzip", "--build", str(tree), str(output)],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise PackagingError(f"dpkg-deb failed: {done.stderr.strip()}")


def _install(source: Path, tree: Path, folder: str, name: str | None = None) -> None:
    target = tree / folder
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target / (name or source.name))


def control_file(version: str, architecture: str, needs: Iterable[str], size_kb: int) -> str:
    """The ``DEBIAN/control`` of the package."""
    needed = sorted(set(needs))
    lines = [
        "Package: dotstorm",
        f"Version: {version}",
        f"Architecture: {architecture}",
        f"Maintainer: {MAINTAINER}",
        f"Installed-Size: {size_kb}",
        *([f"Depends: {', '.join(needed)}"] if needed else []),
        "Section: misc",
        "Priority: optional",
        f"Description: {DESCRIPTION}",
    ]
    return "\n".join(lines) + "\n"


def copyright_file() -> str:
    """``/usr/share/doc/dotstorm/copyright``: the terms, and where every licence text is."""
    return (
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
        "Upstream-Name: Dotstorm\n"
        "Comment: Dotstorm's own code is under the MIT licence (below). This package also\n"
        " contains Qt and PySide6, including Qt Charts, which is licensed under the GNU\n"
        " General Public License version 3: the package as a whole is distributed under\n"
        " the terms of the GPL version 3 (/usr/share/common-licenses/GPL-3). The licence\n"
        " text of every component it contains (Qt, PySide6, Python, the fonts, ReportLab,\n"
        " SQLAlchemy, psycopg, ...) is in /opt/dotstorm/licences/, listed in its\n"
        " README.txt.\n"
        "\n"
        "Files: *\n"
        "Copyright: 2026 The Dotstorm team\n"
        "License: MIT\n" + "".join(f" {line}\n" if line else " .\n" for line in _mit_text())
    )


def _mit_text() -> list[str]:
    return (ROOT / "LICENSE").read_text(encoding="utf-8").strip().splitlines()


def depends(bundle: Path) -> set[str]:
    """The Debian packages of the libraries the bundle loads from the system."""
    libraries: set[str] = set()
    # The bundle's programs find their libraries in _internal first (the bootloader sets
    # LD_LIBRARY_PATH): resolved the same way, a library the bundle carries is not needed.
    environment = {**os.environ, "LD_LIBRARY_PATH": str(bundle / "_internal")}
    for path in _elf_files(bundle):
        done = subprocess.run(
            ["ldd", str(path)], capture_output=True, text=True, check=False, env=environment
        )
        for line in done.stdout.splitlines():
            parts = line.split("=>")
            if len(parts) != 2 or not parts[1].strip().startswith("/"):
                continue
            library = parts[1].split("(")[0].strip()
            if not Path(library).resolve().is_relative_to(bundle.resolve()):
                libraries.add(library)
    packages: set[str] = set()
    for library in sorted(libraries):
        owner = _owner(library)
        if owner is None:
            raise PackagingError(f"no Debian package owns {library}, which the bundle loads")
        packages.add(owner)
    return packages


def _elf_files(bundle: Path) -> list[Path]:
    found = []
    for path in sorted(bundle.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as handle:
                if handle.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def _owner(library: str) -> str | None:
    """The package that owns ``library`` (under either name of a merged /usr)."""
    real = os.path.realpath(library)
    candidates = {library, real}
    for path in list(candidates):
        if path.startswith("/usr/"):
            candidates.add(path[len("/usr") :])
        else:
            candidates.add("/usr" + path)
    for path in sorted(candidates):
        done = subprocess.run(["dpkg", "-S", path], capture_output=True, text=True, check=False)
        if done.returncode == 0:
            return done.stdout.split(":")[0].strip()
    return None


def _architecture() -> str:
    return subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    ).stdout.strip()


def _installed_kb(tree: Path) -> int:
    return sum(path.lstat().st_size for path in tree.rglob("*")) // 1024 + 1


if __name__ == "__main__":
    sys.exit(main())
