"""What a PyInstaller bundle carries beyond Dotstorm's requirements (for licences.py).

A bundle's ``_internal`` folder holds files of Python distributions (at the paths their
RECORD names, wheel-vendored libraries such as ``PySide6/Qt/lib`` or ``pillow.libs``
included), the interpreter's own extension modules and libpython, and the shared
libraries PyInstaller copied from the build machine. On Debian and its derivatives each
of those is traced to the package that installed it (``dpkg-query -S`` on the path the
system has it at, once its bytes are seen to be the same), whose
``/usr/share/doc/PACKAGE/copyright`` the bundle must carry.
"""

from __future__ import annotations

import contextlib
import filecmp
import re
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path, PurePosixPath

from licences_python import MissingText
from packaging.utils import canonicalize_name

LIBRARY = re.compile(r"\.so(\.\d+)*$")
NOT_DEBIAN = "not from a Debian package"
DIFFERS = "differs from the system's copy"  # so it is not the Debian package's


@dataclass
class Library:
    """A shared library in the bundle and where its licence comes from."""

    name: str
    package: str | None = None
    version: str = ""
    copyright: bytes = b""
    reason: str = NOT_DEBIAN


@dataclass
class SystemScan:
    """What the bundle adds: distributions, this Python's libpython, system libraries."""

    distributions: list[metadata.Distribution] = field(default_factory=list)
    libpython: Library | None = None
    libraries: list[Library] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def recorded_files() -> dict[str, metadata.Distribution]:
    """Every file the installed distributions' RECORDs name, by relative POSIX path."""
    owners: dict[str, metadata.Distribution] = {}
    seen: set[str] = set()
    for dist in metadata.distributions():
        key = canonicalize_name(dist.name or "")
        if not key or key in seen:  # the first on the path is the one imported
            continue
        seen.add(key)
        for file in dist.files or []:
            path = PurePosixPath(str(file))
            if ".." not in path.parts:
                owners.setdefault(str(path), dist)
    return owners


def is_python_module(path: Path) -> bool:
    """Whether ``path`` is one of this interpreter's own extension modules."""
    for folder in sys.path:
        if Path(folder).name == "lib-dynload":
            own = Path(folder) / path.name
            if own.is_file() and filecmp.cmp(path, own, shallow=False):
                return True
    return False


def is_libpython(path: Path) -> bool:
    """Whether ``path`` is this interpreter's shared library, byte for byte."""
    name = sysconfig.get_config_var("INSTSONAME")
    folder = sysconfig.get_config_var("LIBDIR")
    if not name or not folder or path.name != name:
        return False
    own = Path(folder) / name
    return own.is_file() and filecmp.cmp(path, own, shallow=False)


def system_index(wanted: set[str]) -> dict[str, list[Path]]:
    """Where this system has each of the ``wanted`` library names.

    ldconfig's cache first, then the usual folders and their subfolders (pulseaudio/...),
    which the cache does not list.
    """
    index: dict[str, list[Path]] = {}
    ldconfig = shutil.which("ldconfig") or shutil.which("ldconfig", path="/sbin:/usr/sbin")
    if ldconfig:
        listing = subprocess.run([ldconfig, "-p"], capture_output=True, text=True, check=False)
        for found in re.finditer(r"^\s*(\S+) \(.*\) => (\S+)$", listing.stdout, re.M):
            if found.group(1) in wanted:
                index.setdefault(found.group(1), []).append(Path(found.group(2)))
    multiarch = sysconfig.get_config_var("MULTIARCH") or ""
    folders = [f"/usr/lib/{multiarch}", f"/lib/{multiarch}"] if multiarch else []
    for folder in [Path(f) for f in [*folders, "/usr/lib", "/lib", "/usr/lib64", "/lib64"]]:
        if not folder.is_dir():
            continue
        for entry in sorted(folder.iterdir()):
            inside: list[Path] = []
            if entry.is_dir() and not entry.is_symlink():
                with contextlib.suppress(OSError):  # a folder this user may not read
                    inside = sorted(entry.iterdir())
            for path in [entry, *inside]:
                if path.name in wanted:
                    index.setdefault(path.name, []).append(path)
    return index


def merged_twins(path: Path) -> list[str]:
    """``path`` as dpkg may have recorded it: as found, resolved, and across /usr-merge."""
    names: list[str] = []
    for variant in (str(path), str(path.resolve())):
        for name in (variant, *twin(variant)):
            if name not in names:
                names.append(name)
    return names


def twin(path: str) -> list[str]:
    """The other spelling of a path under a merged /usr (/lib vs /usr/lib)."""
    for short, long in (("/lib/", "/usr/lib/"), ("/lib64/", "/usr/lib64/")):
        if path.startswith(short):
            return [long + path[len(short) :]]
        if path.startswith(long):
            return [short + path[len(long) :]]
    return []


def owners(paths: list[str]) -> dict[str, str]:
    """Which Debian package installed each of ``paths`` (bare package names)."""
    if not paths:
        return {}
    result = subprocess.run(
        ["dpkg-query", "-S", *paths], capture_output=True, text=True, check=False
    )
    found: dict[str, str] = {}
    for line in result.stdout.splitlines():
        if line.startswith("diversion by"):
            continue
        packages, _, path = line.rpartition(": ")
        if packages:
            found[path] = packages.split(",")[0].strip().split(":")[0]
    return found


def versions(packages: set[str]) -> dict[str, str]:
    """The installed version of each Debian package."""
    if not packages:
        return {}
    result = subprocess.run(
        ["dpkg-query", "-W", "-f=${Package}\t${Version}\n", *sorted(packages)],
        capture_output=True,
        text=True,
        check=False,
    )
    found: dict[str, str] = {}
    for line in result.stdout.splitlines():
        package, _, version = line.partition("\t")
        found[package] = version
    return found


def trace(libraries: dict[str, Path]) -> list[Library]:
    """Each copied library's Debian package and copyright file, or why there is none."""
    index = system_index({path.name for path in libraries.values()})
    same: dict[str, Path] = {}
    differs: set[str] = set()
    for name, copied in libraries.items():
        candidates = [c for c in index.get(copied.name, []) if c.is_file()]
        match = next((c for c in candidates if filecmp.cmp(copied, c, shallow=False)), None)
        if match is not None:
            same[name] = match
        elif candidates:
            differs.add(name)
    spellings = {name: merged_twins(path) for name, path in same.items()}
    owned = owners(sorted({s for names in spellings.values() for s in names}))
    package_of = {
        name: next((owned[s] for s in names if s in owned), None)
        for name, names in spellings.items()
    }
    version_of = versions({p for p in package_of.values() if p})
    traced = []
    for name in sorted(libraries):
        package = package_of.get(name)
        if package is None:
            reason = DIFFERS if name in differs else NOT_DEBIAN
            traced.append(Library(name, reason=reason))
            continue
        text = Path("/usr/share/doc") / package / "copyright"
        if not text.is_file():
            raise MissingText(f"{text} (of {package}, which installed {name}) is missing")
        traced.append(Library(name, package, version_of.get(package, ""), text.read_bytes(), ""))
    return traced


def scan_bundle(bundle: Path, closure: list[metadata.Distribution]) -> SystemScan:
    """What ``bundle`` carries besides the distributions of ``closure``."""
    internal = bundle / "_internal"
    scan = SystemScan()
    recorded = recorded_files()
    known = {canonicalize_name(dist.name) for dist in closure}
    extra: dict[str, metadata.Distribution] = {}
    libraries: dict[str, Path] = {}
    for path in sorted(internal.rglob("*")):
        relative = path.relative_to(internal).as_posix()
        owner = recorded.get(relative)
        if owner is not None:
            key = canonicalize_name(owner.name)
            if key not in known and key not in extra:
                extra[key] = owner
                scan.notes.append(
                    f"{owner.name} is not among Dotstorm's requirements, but the bundle "
                    f"holds files of it ({relative}...)."
                )
            continue
        if path.is_symlink() or not path.is_file() or not LIBRARY.search(path.name):
            continue
        if is_libpython(path):
            scan.libpython = Library(relative, reason="this Python's")
        elif not is_python_module(path):
            libraries[relative] = path
    try:
        bootloader = metadata.distribution("pyinstaller")
    except metadata.PackageNotFoundError:
        scan.notes.append(
            "PyInstaller, whose start-up programs the bundle's programs are, is not "
            "installed here: its licence is not in this folder."
        )
    else:
        extra.setdefault(canonicalize_name(bootloader.name), bootloader)
        scan.notes.append(
            "The programs dotstorm and dotstorm-window are PyInstaller's bootloader "
            "(GPL-2.0-or-later with an exception that lets it start programs under any terms)."
        )
    scan.distributions = [extra[key] for key in sorted(extra)]
    if sys.platform == "linux" and shutil.which("dpkg-query") and Path("/var/lib/dpkg").is_dir():
        scan.libraries = trace(libraries)
        return scan
    scan.libraries = [Library(name, reason="not looked up") for name in sorted(libraries)]
    if libraries:
        scan.notes.append(
            "This system is not Debian-based (no dpkg): the libraries copied from it "
            "into the bundle were not traced to their packages, and their texts are not here."
        )
    return scan
