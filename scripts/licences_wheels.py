"""Other projects' binaries inside Python wheels, and their licence texts (for licences.py).

A wheel's own texts cover what its project wrote. Many wheels carry more: auditwheel,
delocate and delvewheel copy the libraries an extension module links to into the wheel
(``psycopg_binary.libs/``, ``PIL/.dylibs/``: libpq, OpenSSL, Kerberos...), Qt for Python
ships Qt with ICU, FFmpeg and, on Windows, Microsoft's C++ runtime, and some extension
modules have another project compiled into them (uharfbuzz's HarfBuzz). BUNDLED says,
for each, which texts cover it: texts kept in ``installers/licences/`` (most in
``third-party/``, each opening with the line that says where it was copied from), or the
wheel's own texts where they include them (Pillow's LICENSE carries the text of every
library in ``pillow.libs``: the words in ``named`` must be in the wheel's texts).

Every native binary (ELF, Mach-O or PE, known by its first bytes) that a distribution of
the closure installs must match a rule, first match winning; one that matches none stops
licences.py with one line naming it. A Python extension module is the wheel's own code
unless a rule above the last one says what else is compiled into it (code that Cython
generates is its users', not Cython's).
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path, PurePosixPath

from licences_gathered import Component, Gathered
from licences_python import MissingText
from packaging.utils import canonicalize_name

TEXTS = Path(__file__).resolve().parent.parent / "installers" / "licences"
WHEELS = "Inside Python packages"  # README.txt's section

# ELF; Mach-O (32 and 64 bits, both byte orders, and universal); PE (MZ).
MAGIC = (
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"MZ",
)
EXTENSION_MODULE = ("*.cpython-*.so", "*.abi3.so", "*.pyd")


@dataclass(frozen=True)
class Bundled:
    """Binaries of one project that wheels carry, and the texts that cover them.

    ``patterns`` match (fnmatch, ignoring case) the file's name, or its path inside
    site-packages when the pattern has a "/". ``wheels`` are distribution names (empty:
    any). ``texts`` are paths under installers/licences/; ``own`` means the wheel's own
    texts cover the files too, and they must contain every word of ``named``.
    """

    project: str
    licence: str
    wheels: tuple[str, ...]
    patterns: tuple[str, ...]
    texts: tuple[str, ...] = ()
    own: bool = False
    named: tuple[str, ...] = ()
    note: str = ""  # for README.txt's notes, when the rule matched anything

    def matches(self, wheel: str, path: str) -> bool:
        """Whether the file at ``path`` (POSIX, inside site-packages) of ``wheel`` is ours."""
        if self.wheels and canonicalize_name(wheel) not in self.wheels:
            return False
        name = PurePosixPath(path).name.lower()
        return any(
            fnmatch.fnmatchcase(path.lower() if "/" in pattern else name, pattern.lower())
            for pattern in self.patterns
        )


PSYCOPG = ("psycopg-binary",)
QT = ("pyside6-essentials", "pyside6-addons", "shiboken6")
QT_TOOLS = (
    "assistant", "designer", "linguist", "lrelease", "lupdate", "qmlformat", "qmllint",
    "qmlls", "svgtoqml", "balsam", "balsamui", "qsb", "rcc", "uic", "qmlcachegen",
    "qmlimportscanner", "qmltyperegistrar", "QtWebEngineProcess",
)  # fmt: skip
QT_PATTERNS = (
    "libqt6*", "qt6*.dll", "libpyside6*", "pyside6*.dll", "libshiboken6*", "shiboken6*.dll",
    "PySide6/Qt/lib/*.framework/*", "PySide6/Qt/plugins/*", "PySide6/plugins/*",
    "PySide6/Qt/qml/*", "PySide6/qml/*", "PySide6/Qt/libexec/*", "PySide6/*.app/*",
    *(f"PySide6/{tool}*" for tool in QT_TOOLS),
)  # fmt: skip
MSVC_RUNTIME = tuple(
    f"{name}*.dll"
    for name in ("concrt140", "msvcp140", "vcamp140", "vccorlib140", "vcomp140", "vcruntime140")
)
QT_MODULES = (
    "qtbase", "qtsvg", "qtimageformats", "qtmultimedia", "qtcharts", "qtdeclarative",
    "qtwayland", "qtvirtualkeyboard", "qtwebengine",
)  # fmt: skip
QT_NOTE = (
    "Qt's own libraries and plugins contain code of other projects (PCRE2, HarfBuzz, "
    "libpng, libjpeg, libtiff, libwebp, md4c, FreeType and zlib on Windows and macOS, "
    "PDFium...). third-party/Qt-*.txt are Debian's copyright files of the Qt modules a "
    "Dotstorm bundle loads (" + ", ".join(QT_MODULES) + " for Qt PDF), each listing the "
    "parts of its module with their licence texts; "
    "they describe Qt 6.4, and the Qt 6 in the "
    "wheels may hold parts added since. The modules a bundle leaves out (Qt 3D, Qt Quick "
    "3D, Qt Location...) are not covered here. Qt lists every part and its licence at "
    "https://doc.qt.io/qt-6/licenses-used-in-qt.html."
)


def _pillow(project: str, licence: str, patterns: tuple[str, ...], *named: str) -> Bundled:
    """A library in pillow.libs (PIL/.dylibs on macOS), covered by Pillow's LICENSE."""
    return Bundled(project, licence, ("pillow",), patterns, own=True, named=named)


def _psycopg(project: str, licence: str, patterns: tuple[str, ...], *texts: str) -> Bundled:
    """A library in psycopg_binary.libs (psycopg_binary/.dylibs on macOS)."""
    return Bundled(project, licence, PSYCOPG, patterns, tuple(f"third-party/{t}" for t in texts))


BUNDLED: tuple[Bundled, ...] = (
    # psycopg-binary: libpq and what it links to. Its own text is the LGPL-3 alone.
    _psycopg("PostgreSQL (libpq)", "PostgreSQL", ("libpq*",), "PostgreSQL.txt"),
    _psycopg("OpenSSL", "Apache-2.0", ("libssl*", "libcrypto*"), "OpenSSL.txt"),
    _psycopg(
        "MIT Kerberos",
        "MIT and others (see the text)",
        ("libkrb5*", "libgssapi_krb5*", "libk5crypto*", "libcom_err-*.so.3*", "libcom_err.3*"),
        "MIT-Kerberos.txt",
    ),
    _psycopg(
        "com_err of e2fsprogs", "MIT-style", ("libcom_err-*.so.2*",), "e2fsprogs-com_err.txt"
    ),
    _psycopg("OpenLDAP", "OLDAP-2.8", ("libldap*", "liblber*"), "OpenLDAP.txt"),
    _psycopg("Cyrus SASL", "BSD-4-Clause (CMU)", ("libsasl2*",), "Cyrus-SASL.txt"),
    _psycopg("keyutils", "LGPL-2.0-or-later", ("libkeyutils*",), "keyutils.txt"),
    _psycopg("libxcrypt", "LGPL-2.1-or-later", ("libcrypt-*", "libcrypt.so*"), "libxcrypt.txt"),
    # Pillow: its LICENSE holds the text of each library it bundles, under its name.
    _pillow("libavif", "BSD-2-Clause", ("libavif*",), "LIBAVIF", "AOM", "DAV1D"),
    _pillow("Brotli", "MIT", ("libbrotli*",), "BROTLI"),
    _pillow("FreeType", "FTL", ("libfreetype*",), "FREETYPE2"),
    _pillow("HarfBuzz", "MIT", ("libharfbuzz*",), "HARFBUZZ"),
    _pillow("libjpeg-turbo", "IJG and BSD-3-Clause", ("libjpeg*",), "LIBJPEG"),
    _pillow("Little CMS", "MIT", ("liblcms2*",), "LCMS2"),
    _pillow("XZ Utils (liblzma)", "0BSD", ("liblzma*",), "LIBLZMA"),
    _pillow("OpenJPEG", "BSD-2-Clause", ("libopenjp2*",), "OPENJPEG"),
    _pillow("libpng", "libpng-2.0", ("libpng*",), "LIBPNG"),
    _pillow("libtiff", "libtiff", ("libtiff*",), "LIBTIFF"),
    _pillow("libwebp", "BSD-3-Clause", ("libwebp*", "libsharpyuv*"), "LIBWEBP"),
    _pillow("libXau", "MIT", ("libxau*",), "XAU"),
    _pillow("libxcb", "MIT", ("libxcb*",), "XCB"),
    _pillow("zlib", "Zlib", ("libz.*", "libz-*"), "ZLIB"),
    _pillow("Zstandard", "BSD-3-Clause", ("libzstd*",), "ZSTD"),
    # Qt for Python: libraries of other projects beside Qt's, then Qt itself.
    Bundled("ICU", "Unicode", ("pyside6-essentials",), ("libicu*",), ("third-party/ICU.txt",)),
    Bundled(
        "FFmpeg",
        "LGPL-2.1-or-later",
        ("pyside6-addons",),
        tuple(
            pattern
            for name in ("avcodec", "avformat", "avutil", "swresample", "swscale")
            for pattern in (f"lib{name}*", f"{name}-*.dll")
        ),
        ("third-party/FFmpeg.txt", "LGPL-2.1.txt"),
    ),
    Bundled(
        "Mesa llvmpipe with LLVM",
        "MIT and others (see the texts)",
        ("pyside6-essentials",),
        ("opengl32sw.dll",),
        ("third-party/Mesa.txt", "third-party/LLVM.txt", "Apache-2.0.txt"),
    ),
    Bundled(
        "Microsoft Visual C++ runtime",
        "Microsoft Distributable Code",
        (),  # delvewheel copies it into any Windows wheel that needs it (rapidfuzz.libs)
        MSVC_RUNTIME,
        ("third-party/Microsoft-Visual-C++-runtime.txt",),
    ),
    Bundled(
        "Qt, with third-party parts",
        "LGPL-3.0 / GPL-2.0 / GPL-3.0; its parts: see the texts",
        QT,
        QT_PATTERNS,
        tuple(f"third-party/Qt-{module}.txt" for module in QT_MODULES),
        own=True,
        note=QT_NOTE,
    ),
    # Extension modules with another project compiled into them.
    Bundled(
        "HarfBuzz (compiled in)",
        "MIT",
        ("uharfbuzz",),
        ("_harfbuzz*",),
        ("third-party/HarfBuzz.txt",),
        own=True,
    ),
    Bundled(
        "Taskflow (compiled in)",
        "MIT",
        ("rapidfuzz",),
        ("process_cpp_impl*",),
        ("third-party/Taskflow.txt",),
        own=True,
    ),
    Bundled(
        "PostgreSQL (ps_status.c)",
        "PostgreSQL",
        ("setproctitle",),
        ("_setproctitle*",),
        ("third-party/PostgreSQL.txt",),
        own=True,
    ),
    Bundled(
        "rpds and other Rust crates",
        "MPL-2.0; MIT OR Apache-2.0",
        ("rpds-py",),
        ("rpds.*",),
        ("third-party/rpds-py-Rust-crates.txt", "MPL-2.0.txt", "Apache-2.0.txt"),
        own=True,
    ),
    Bundled(
        "unicode-bidi and Rust crates",
        "MIT OR Apache-2.0",
        ("python-bidi",),
        ("bidi.*",),
        ("Apache-2.0.txt",),
        own=True,
        named=("unicode-bidi", "pyo3"),  # its LICENSE-THIRD-PARTY.yml names them
    ),
    Bundled(
        "llhttp (compiled in)",
        "MIT",
        ("aiohttp",),
        ("_http_parser*",),
        own=True,
        named=("llhttp",),  # its text of vendor/llhttp/LICENSE
    ),
    # Last: any other extension module is its own wheel's code.
    Bundled("", "", (), EXTENSION_MODULE, own=True),
)


@dataclass
class Carried:
    """The files of one rule's project inside one installed distribution."""

    rule: Bundled
    dist: metadata.Distribution
    files: list[str] = field(default_factory=list)


def is_binary(path: Path) -> bool:
    """Whether ``path`` is a native executable or library, by its first bytes."""
    try:
        with path.open("rb") as stream:
            head = stream.read(4)
    except OSError:
        return False
    return head.startswith(MAGIC)


def binaries(dist: metadata.Distribution) -> list[str]:
    """The native binaries ``dist`` installed, as POSIX paths inside site-packages."""
    found = []
    for file in dist.files or []:
        path = PurePosixPath(str(file))
        if ".." in path.parts or path.parts[0].endswith((".dist-info", ".egg-info")):
            continue
        if is_binary(Path(str(dist.locate_file(str(path))))):
            found.append(str(path))
    return sorted(found)


def rule_for(wheel: str, path: str, rules: tuple[Bundled, ...] = BUNDLED) -> Bundled | None:
    """The first rule that covers the file at ``path`` of ``wheel``, if any."""
    return next((rule for rule in rules if rule.matches(wheel, path)), None)


def carried(dists: list[metadata.Distribution]) -> list[Carried]:
    """Which rule covers each binary of ``dists``; MissingText names any that none does."""
    found: dict[tuple[int, str], Carried] = {}
    uncovered: list[str] = []
    for dist in dists:
        for path in binaries(dist):
            rule = rule_for(dist.name, path)
            if rule is None:
                uncovered.append(f"{dist.name}'s {path}")
                continue
            key = (BUNDLED.index(rule), canonicalize_name(dist.name))
            found.setdefault(key, Carried(rule, dist)).files.append(path)
    if uncovered:
        named = ", ".join(uncovered[:10]) + (
            f" and {len(uncovered) - 10} more" if uncovered[10:] else ""
        )
        raise MissingText(
            f"no licence text covers {named}: add a rule to BUNDLED in scripts/licences_wheels.py"
        )
    return [found[key] for key in sorted(found)]


def check_named(item: Carried, own: list[tuple[str, bytes]]) -> None:
    """Raise MissingText unless the wheel's own texts name what the rule says they do."""
    words = "\n".join(name + "\n" + data.decode("utf-8", "replace") for name, data in own)
    missing = [word for word in item.rule.named if word not in words]
    if missing:
        raise MissingText(
            f"the licence texts of {item.dist.name} no longer name {', '.join(missing)}, "
            f"which BUNDLED in scripts/licences_wheels.py counts on for {item.files[0]}"
        )


def rule_texts(rule: Bundled) -> list[tuple[str, bytes]]:
    """A rule's texts from installers/licences/, as (file name, text)."""
    texts = []
    for name in rule.texts:
        path = TEXTS / name
        if not path.is_file() or not path.read_bytes().strip():
            raise MissingText(f"installers/licences/{name} is missing or empty")
        texts.append((PurePosixPath(name).name, path.read_bytes()))
    return texts


def summary(files: list[str]) -> list[str]:
    """The files for README.txt: each name, or a count per folder when there are many."""
    if len(files) <= 6:
        return [PurePosixPath(path).name for path in files]
    folders: dict[str, int] = {}
    for path in files:
        parts = PurePosixPath(path).parts[:-1][:3]
        folder = "/".join(parts) or "."
        folders[folder] = folders.get(folder, 0) + 1
    return [f"{count} in {folder}/" for folder, count in sorted(folders.items())]


def gather_wheels(
    gathered: Gathered,
    dists: list[metadata.Distribution],
    own: dict[str, list[tuple[str, bytes]]],
) -> None:
    """A row per project whose binaries the wheels of ``dists`` carry, with its texts.

    ``own`` holds each distribution's own texts (path in OUT_DIR, text) by canonical name;
    a rule that counts on them lists their paths. A wheel's own extension modules get no
    row: the wheel's row covers them.
    """
    rows: dict[Bundled, Component] = {}
    for item in carried(dists):
        rule = item.rule
        texts = own.get(canonicalize_name(item.dist.name), [])
        if rule.own:
            check_named(item, texts)
        if not rule.project:
            continue
        component = rows.get(rule)
        if component is None:
            component = rows[rule] = Component(rule.project, "", rule.licence)
            gathered.add(WHEELS, component, [(f"third-party/{n}", d) for n, d in rule_texts(rule)])
            if rule.note:
                gathered.notes.append(rule.note)
        component.parts.append(f"in {item.dist.name} {item.dist.version}:")
        component.parts.extend(f"  {line}" for line in summary(item.files))
        if rule.own:
            component.files.extend(path for path, _data in texts)
