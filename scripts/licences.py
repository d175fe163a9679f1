"""Gather every licence text a Dotstorm bundle must carry into one folder.

    .venv/bin/python scripts/licences.py OUT_DIR [--bundle BUNDLE_DIR]

OUT_DIR (a new or empty folder) receives README.txt, which says what the folder is and
lists every component (name, version, licence, the file or files holding its text), and
the texts themselves: Dotstorm's own, the Python interpreter's, those of every Python
distribution Dotstorm needs at run time (the closure of the installed `dotstorm`
distribution's requirements, with markers evaluated for this interpreter), the bundled
fonts' and sound's, the texts of other projects' libraries that those distributions'
wheels carry (licences_wheels.py: a library no rule covers fails the run), and with
--bundle the Debian copyright files of the shared libraries PyInstaller copied from this
system into BUNDLE_DIR/_internal (licences_system.py).

Everything is gathered before anything is written: a missing text fails the run with
one line on stderr (exit 1) and bad arguments with one line (exit 2), OUT_DIR untouched.
"""

from __future__ import annotations

import argparse
import platform
import re
import shutil
import sys
import tempfile
import textwrap
from importlib import metadata
from pathlib import Path
from typing import NoReturn

from licences_gathered import Component, Gathered, safe_path
from licences_python import (
    PROJECT,
    MissingText,
    as_text,
    distribution_texts,
    licence_of,
    runtime_closure,
)
from licences_system import Library, SystemScan, scan_bundle
from licences_wheels import WHEELS, gather_wheels
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
TEXTS = ROOT / "installers" / "licences"

# The wheels of Qt for Python carry no licence text at all (nothing under .dist-info,
# nothing in their RECORD), though their metadata names the licences. The project keeps
# the FSF's texts (copied verbatim from Debian's /usr/share/common-licenses) and maps
# those distributions to them here. Qt Charts, in PySide6-Addons, is GPL-3.0 only (or
# commercial): that is why a bundle as a whole goes out under the GPLv3.
SUPPLIED: dict[str, tuple[str, ...]] = {
    "pyside6-addons": ("GPL-3.0.txt", "LGPL-3.0.txt", "GPL-2.0.txt"),
    "pyside6-essentials": ("GPL-3.0.txt", "LGPL-3.0.txt", "GPL-2.0.txt"),
    "shiboken6": ("GPL-3.0.txt", "LGPL-3.0.txt", "GPL-2.0.txt"),
}

# Debian's copyright files (the fonts' licences and most of installers/licences/third-party/
# are Debian's too) name full texts by their place under /usr/share/common-licenses/.
# These are kept in the repository, so a build on any system carries them; other names
# come from this system's folder.
COMMON_LICENCES: dict[str, str] = {
    "Apache-2.0": "Apache-2.0.txt",
    "Artistic": "Artistic-1.0.txt",  # the Perl Artistic License (1.0)
    "CC0-1.0": "CC0-1.0.txt",
    "GFDL": "GFDL-1.3.txt",  # a link to GFDL-1.3
    "GFDL-1.3": "GFDL-1.3.txt",
    "GPL": "GPL-3.0.txt",  # Debian's GPL is a link to GPL-3
    "GPL-1": "GPL-1.0.txt",
    "GPL-2": "GPL-2.0.txt",
    "GPL-3": "GPL-3.0.txt",
    "LGPL": "LGPL-3.0.txt",  # a link to LGPL-3
    "LGPL-2": "LGPL-2.0.txt",
    "LGPL-2.1": "LGPL-2.1.txt",
    "LGPL-3": "LGPL-3.0.txt",
    "MPL-1.1": "MPL-1.1.txt",
    "MPL-2.0": "MPL-2.0.txt",
}
COMMON_FOLDER = Path("/usr/share/common-licenses")
REFERENCE = re.compile(r"/usr/share/common-licenses/([A-Za-z0-9][A-Za-z0-9.+_-]*)")


class BadInput(Exception):
    """Arguments that cannot be acted on (exit 2)."""


def repository_text(name: str) -> bytes:
    """A text kept in installers/licences/."""
    path = TEXTS / name
    if not path.is_file():
        raise MissingText(f"{path.relative_to(ROOT)} is missing from the repository")
    return path.read_bytes()


# --- Python distributions -----------------------------------------------------------


def gather_distributions(
    gathered: Gathered, dists: list[metadata.Distribution]
) -> dict[str, list[tuple[str, bytes]]]:
    """Each distribution's texts into packages/NAME/, or the project's own for Dotstorm.

    Returns each distribution's texts (path in OUT_DIR, text) by its canonical name.
    """
    textless = []
    own: dict[str, list[tuple[str, bytes]]] = {}
    for dist in dists:
        key = canonicalize_name(dist.name)
        folder = f"packages/{key}"
        if key == PROJECT:
            licence_file = ROOT / "LICENSE"
            if not licence_file.is_file():
                raise MissingText("LICENSE is missing at the top of the repository")
            texts = [("LICENSE", licence_file.read_bytes())]
        elif key in SUPPLIED:
            texts = [(name, repository_text(name)) for name in SUPPLIED[key]]
        else:
            texts = distribution_texts(dist)
        if not texts:
            textless.append(dist.name)
            continue
        component = Component(dist.name, dist.version, licence_of(dist.metadata))
        own[key] = [(safe_path(folder, name), data) for name, data in texts]
        gathered.add("Python packages", component, own[key])
    if textless:
        raise MissingText(
            f"no licence text in the installed {', '.join(sorted(textless))}: supply one in "
            "installers/licences/ and map it in SUPPLIED in scripts/licences.py"
        )
    return own


# --- Python, fonts and sounds ---------------------------------------------------------


def gather_python(gathered: Gathered, library: Library | None) -> None:
    """The interpreter's own licence (its standard library and libpython come with it)."""
    base = Path(sys.base_prefix)
    if sys.platform == "win32":
        path = base / "LICENSE.txt"
    else:
        path = base / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}" / "LICENSE.txt"
    if not path.is_file():
        raise MissingText(f"this Python has no licence text at {path}")
    parts = [] if library is None else [library.name]
    component = Component("Python", platform.python_version(), "Python-2.0", parts=parts)
    gathered.add("Python", component, [("python/LICENSE.txt", path.read_bytes())])


def dep5_licence(text: str) -> str:
    """The licence of ``Files: *`` in a Debian machine-readable copyright file."""
    for paragraph in re.split(r"\n\s*\n", text):
        if re.search(r"^Files:\s*\*\s*$", paragraph, re.M):
            found = re.search(r"^License:[ \t]*(\S.*)$", paragraph, re.M)
            if found:
                return found.group(1).strip()
    return "see the text"


def gather_resources(gathered: Gathered) -> None:
    """The bundled fonts' and sound's licences; every font must have one."""
    resources = ROOT / "resources"
    fonts = sorted(p for p in (resources / "fonts").iterdir() if p.suffix in {".ttf", ".otf"})
    covered: set[Path] = set()
    for licence in sorted((resources / "fonts").glob("LICENSE-*.txt")):
        family = licence.stem.removeprefix("LICENSE-")
        files = [font for font in fonts if font.name.startswith(family)]
        covered.update(files)
        text = licence.read_bytes()
        licence_name = dep5_licence(text.decode("utf-8"))
        component = Component(f"{family} fonts", "", licence_name, parts=[f.name for f in files])
        gathered.add("Fonts and sounds", component, [(f"fonts/{licence.name}", text)])
    uncovered = [font.name for font in fonts if font not in covered]
    if uncovered:
        raise MissingText(f"no resources/fonts/LICENSE-*.txt covers {', '.join(uncovered)}")
    sounds = resources / "sounds"
    names = sorted(p.name for p in sounds.iterdir() if p.suffix == ".wav")
    if not (sounds / "LICENSE.txt").is_file():
        raise MissingText(f"no resources/sounds/LICENSE.txt covers {', '.join(names)}")
    text = (sounds / "LICENSE.txt").read_bytes()
    component = Component("Sounds", "", "see the text", parts=names)
    gathered.add("Fonts and sounds", component, [("sounds/LICENSE.txt", text)])


# --- the bundle's system libraries ---------------------------------------------------------


def gather_system(gathered: Gathered, scan: SystemScan) -> None:
    """The Debian copyright file of each copied library's package, or why there is none."""
    gathered.notes.extend(scan.notes)
    packages: dict[str, list[Library]] = {}
    for library in scan.libraries:
        if library.package is None:
            component = Component(library.name, "", library.reason)
            gathered.add("System libraries", component, [])
        else:
            packages.setdefault(library.package, []).append(library)
    for package, libraries in sorted(packages.items()):
        text = as_text(libraries[0].copyright) or b""
        licence = dep5_licence(text.decode("utf-8"))
        names = [library.name for library in libraries]
        component = Component(package, libraries[0].version, licence, parts=names)
        path = f"system/{safe_path(package)}.copyright"
        gathered.add("System libraries", component, [(path, text)])


def gather_common_licences(gathered: Gathered) -> None:
    """The full texts that copied Debian files name under /usr/share/common-licenses/."""
    names: set[str] = set()
    for data in gathered.files.values():
        for found in REFERENCE.finditer(data.decode("utf-8", "replace")):
            names.add(found.group(1).rstrip("."))
    for name in sorted(names):
        if name in COMMON_LICENCES:
            text = repository_text(COMMON_LICENCES[name])
        elif (COMMON_FOLDER / name).is_file():
            text = (COMMON_FOLDER / name).read_bytes()
        elif name.endswith(".0") and (COMMON_FOLDER / name[:-2]).is_file():
            text = (COMMON_FOLDER / name[:-2]).read_bytes()  # "GPL-2.0" for GPL-2
        else:
            gathered.notes.append(f"/usr/share/common-licenses/{name} is named but not found.")
            continue
        gathered.files[f"common-licenses/{safe_path(name)}"] = text


# --- README.txt and writing ---------------------------------------------------------------

INTRODUCTION = """\
Licences of Dotstorm {version} and of everything it is bundled with
{underline}

This folder holds the licence texts of Dotstorm and of every part of a Dotstorm
bundle that comes from elsewhere: the Python interpreter, the Python packages
Dotstorm runs on, the libraries of other projects those packages carry, its
fonts and sound, and the system libraries copied into the bundle.
scripts/licences.py made it from the installed packages.

Dotstorm's own code is under the MIT licence (packages/dotstorm/LICENSE).

A bundle (the programs dotstorm and dotstorm-window with the libraries under
_internal/, as a folder, a .tar.gz or a .deb) is distributed as a whole under
the GNU General Public License version 3 (GPL-3.0.txt in this folder), because
it contains Qt Charts (PySide6.QtCharts, from PySide6-Addons), which The Qt
Company licenses under the GPLv3 or a commercial licence only. Each part keeps
its own licence, listed below with the file or files (in this folder) that hold
its text. For a system library, the licence shown is the one Debian's copyright
file gives its files as a whole; the file itself says which parts differ. The
texts in third-party/ cover libraries that Python packages carry inside them
(section "Inside Python packages"); each says on its first line where it was
copied from. Texts that Debian's copyright files name by their place under
/usr/share/common-licenses/ are in common-licenses/.
"""


def table(components: list[Component]) -> list[str]:
    """Aligned plain-text rows; a cell may take several lines (licences wrap at 40)."""
    header = [["Component"], ["Version"], ["Licence"], ["Text"]]
    rows = [header] + [
        [
            [c.name] + [f"  {part}" for part in c.parts],
            [c.version],
            textwrap.wrap(c.licence, 40) or [""],
            c.files or ["-"],
        ]
        for c in components
    ]
    widths = [max(len(line) for row in rows for line in row[column]) for column in range(3)]
    lines = []
    for row in rows:
        for index in range(max(len(cell) for cell in row)):
            cells = [cell[index] if index < len(cell) else "" for cell in row]
            padded = [cell.ljust(width) for cell, width in zip(cells, widths, strict=False)]
            lines.append("  ".join([*padded, cells[3]]).rstrip())
    return lines


def readme(gathered: Gathered, version: str) -> str:
    """README.txt: what the folder is, then one table per section."""
    title = f"Licences of Dotstorm {version} and of everything it is bundled with"
    parts = [INTRODUCTION.format(version=version, underline="=" * len(title))]
    sections = ("Python", "Python packages", WHEELS, "Fonts and sounds", "System libraries")
    for section in sections:
        components = sorted(gathered.sections.get(section, []), key=lambda c: c.name.lower())
        if components:
            parts.append(
                f"{section}\n{'-' * len(section)}\n\n" + "\n".join(table(components)) + "\n"
            )
    if gathered.notes:
        parts.append(
            "Notes\n-----\n\n"
            + "\n".join(
                textwrap.fill(note, 80, initial_indent="- ", subsequent_indent="  ")
                for note in sorted(gathered.notes)
            )
            + "\n"
        )
    return "\n".join(parts)


def write(out_dir: Path, files: dict[str, bytes]) -> None:
    """Write ``files`` into a fresh folder beside OUT_DIR, then put it in OUT_DIR's place."""
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    try:
        for name, data in sorted(files.items()):
            target = staging.joinpath(*name.split("/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            target.chmod(0o644)
        for folder in [staging, *(p for p in staging.rglob("*") if p.is_dir())]:
            folder.chmod(0o755)
        if out_dir.exists():
            out_dir.rmdir()  # checked empty before anything was gathered
        staging.rename(out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


# --- the command ----------------------------------------------------------------------


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose complaints are one line on stderr, exit status 2."""

    def error(self, message: str) -> NoReturn:
        """Say what is wrong in one line."""
        self.exit(2, f"licences: {message} (see --help)\n")


def check_arguments(out_dir: Path, bundle: Path | None) -> None:
    """Raise BadInput unless OUT_DIR can be made and BUNDLE_DIR is a bundle folder."""
    if not out_dir.parent.is_dir():
        raise BadInput(f"the folder {out_dir.parent} does not exist")
    if out_dir.exists() and not (out_dir.is_dir() and not any(out_dir.iterdir())):
        raise BadInput(f"{out_dir} already exists and is not an empty folder")
    if bundle is not None and not (bundle / "_internal").is_dir():
        raise BadInput(f"{bundle} is not a bundle folder (it has no _internal folder)")


def main(arguments: list[str]) -> int:
    """Gather everything, then write OUT_DIR; one line on stderr if anything is wrong."""
    parser = OneLineParser(prog="scripts/licences.py", description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", metavar="OUT_DIR", type=Path, help="a new or empty folder")
    parser.add_argument(
        "--bundle", metavar="BUNDLE_DIR", type=Path, help="a PyInstaller bundle folder"
    )
    options = parser.parse_args(arguments)
    out_dir: Path = options.out_dir.absolute()
    bundle: Path | None = options.bundle
    try:
        check_arguments(out_dir, bundle)
        gathered = Gathered()
        dists = runtime_closure()
        scan = scan_bundle(bundle, dists) if bundle is not None else None
        own = gather_distributions(gathered, dists + (scan.distributions if scan else []))
        gather_wheels(gathered, dists, own)
        gather_python(gathered, scan.libpython if scan else None)
        gather_resources(gathered)
        if scan is not None:
            gather_system(gathered, scan)
        gathered.files["GPL-3.0.txt"] = repository_text("GPL-3.0.txt")
        gather_common_licences(gathered)
        version = metadata.version(PROJECT)
        gathered.files["README.txt"] = readme(gathered, version).encode("utf-8")
    except BadInput as error:
        print(f"licences: {error}", file=sys.stderr)
        return 2
    except MissingText as error:
        print(f"licences: {error}", file=sys.stderr)
        return 1
    write(out_dir, gathered.files)
    untraced = [lib.name for lib in (scan.libraries if scan else []) if lib.package is None]
    if untraced:
        named = ", ".join(untraced[:3]) + (
            f" and {len(untraced) - 3} more" if untraced[3:] else ""
        )
        print(
            f"licences: note: {named} in the bundle came from no Debian package: "
            "README.txt lists them without a text",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
