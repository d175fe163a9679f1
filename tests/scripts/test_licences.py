"""scripts/licences.py gathers every licence text a bundle must carry, from the real venv."""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path
from types import SimpleNamespace

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent.parent
SCRIPT = ROOT / "scripts" / "licences.py"
DEV_ONLY = ("pytest", "mypy", "ruff", "hypothesis", "selenium")


def run(*arguments: str | Path, env: dict[str, str] | None = None, script: Path = SCRIPT):
    return subprocess.run(
        [sys.executable, str(script), *map(str, arguments)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def listing(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


@pytest.fixture(scope="module")
def gathered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out: Path = tmp_path_factory.mktemp("licences") / "licences"
    result = run(out)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return out


def direct_requirements() -> set[str]:
    """Dotstorm's own run-time requirements that apply here, read from pyproject.toml."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    names: set[str] = set()
    for line in project["dependencies"]:
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
            names.add(canonicalize_name(requirement.name))
    return names


def test_every_runtime_distribution_appears_with_a_non_empty_text(gathered: Path):
    # What pyproject asks for, plus what those bring that Dotstorm leans on: the binary
    # libpq through psycopg's [binary] extra, ReportLab's Pillow, aiohttp's yarl, Qt's
    # shiboken6.
    expected = direct_requirements() | {"psycopg-binary", "pillow", "yarl", "shiboken6"}
    expected.add("dotstorm")
    folders = {path.name for path in (gathered / "packages").iterdir()}
    assert expected <= folders
    assert not folders & set(DEV_ONLY)  # the dev extra is not part of a bundle
    installed = {canonicalize_name(dist.name) for dist in metadata.distributions()}
    assert folders <= installed
    readme = (gathered / "README.txt").read_text("utf-8")
    for name in folders:
        texts = [path for path in (gathered / "packages" / name).rglob("*") if path.is_file()]
        assert texts, name
        for text in texts:
            assert text.read_text("utf-8").strip(), text
            assert str(text.relative_to(gathered)) in readme, text
        version = metadata.version(name)
        assert any(name in line.lower() and version in line for line in readme.splitlines())


def test_the_texts_of_qt_for_python_are_the_fsf_texts(gathered: Path):
    """The wheels carry none: the repository's copies stand in."""
    for name in ("pyside6-essentials", "pyside6-addons", "shiboken6"):
        folder = gathered / "packages" / name
        gpl = (folder / "GPL-3.0.txt").read_text("utf-8")
        lgpl = (folder / "LGPL-3.0.txt").read_text("utf-8")
        assert "GNU GENERAL PUBLIC LICENSE" in gpl and "Version 3, 29 June 2007" in gpl
        assert "GNU LESSER GENERAL PUBLIC LICENSE" in lgpl and "Version 3" in lgpl
        assert (folder / "GPL-2.0.txt").read_text("utf-8").count("Version 2, June 1991") == 1


def test_the_readme_says_mit_for_dotstorm_and_gplv3_for_the_bundle(gathered: Path):
    readme = " ".join((gathered / "README.txt").read_text("utf-8").split())
    assert "Dotstorm's own code is under the MIT licence (packages/dotstorm/LICENSE)" in readme
    assert "distributed as a whole under the GNU General Public License version 3" in readme
    assert "Qt Charts" in readme
    assert (gathered / "packages" / "dotstorm" / "LICENSE").read_bytes() == (
        ROOT / "LICENSE"
    ).read_bytes()
    assert "Version 3, 29 June 2007" in (gathered / "GPL-3.0.txt").read_text("utf-8")
    python = (gathered / "python" / "LICENSE.txt").read_text("utf-8")
    assert "PYTHON SOFTWARE FOUNDATION LICENSE VERSION 2" in python
    for path in (ROOT / "resources" / "fonts").glob("LICENSE-*.txt"):
        assert (gathered / "fonts" / path.name).read_bytes() == path.read_bytes()
    assert (gathered / "sounds" / "LICENSE.txt").exists()
    # The fonts' Debian files point at full texts by path; those travel along.
    assert "Apache License" in (gathered / "common-licenses" / "Apache-2.0").read_text("utf-8")


def system_zlib() -> Path | None:
    for folder in ("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/lib", "/usr/lib"):
        if (Path(folder) / "libz.so.1").is_file():
            return Path(folder) / "libz.so.1"
    return None


def wheel_library() -> tuple[str, Path]:
    """A small library a wheel of the venv vendors (psycopg-binary's, Pillow's)."""
    found = []
    for name in ("psycopg-binary", "pillow"):
        for file in metadata.distribution(name).files or []:
            if ".libs/" in str(file) and ".so" in file.name:
                path = Path(str(file.locate()))
                found.append((path.stat().st_size, str(file), path))
    _size, relative, path = min(found)
    return relative, path


def interpreter_module() -> Path:
    """A small extension module of this Python's own standard library."""
    folders = [Path(folder) for folder in sys.path if Path(folder).name == "lib-dynload"]
    return min((p for f in folders for p in f.glob("*.so")), key=lambda p: p.stat().st_size)


@pytest.mark.skipif(shutil.which("dpkg-query") is None, reason="Debian-based systems only")
@pytest.mark.skipif(system_zlib() is None, reason="no libz.so.1 here")
@pytest.mark.skipif(not Path("/usr/share/doc/zlib1g/copyright").is_file(), reason="no zlib1g")
def test_a_bundled_system_library_brings_its_debian_copyright(tmp_path: Path):
    zlib = system_zlib()
    assert zlib is not None
    internal = tmp_path / "dotstorm" / "_internal"
    internal.mkdir(parents=True)
    shutil.copy(zlib, internal / "libz.so.1")  # what PyInstaller copies from the system
    (internal / "libnowhere.so.3").write_bytes(b"\x7fELF not from any package")
    (internal / "libc.so.6").write_bytes(b"\x7fELF a libc this system never had")
    relative, vendored = wheel_library()  # a wheel's own: its wheel's licence covers it
    (internal / relative).parent.mkdir(parents=True)
    shutil.copy(vendored, internal / relative)
    (internal / Path(relative).name).symlink_to(relative)
    module = interpreter_module()  # Python's own lib-dynload: Python's licence covers it
    (internal / "python3" / "lib-dynload").mkdir(parents=True)
    shutil.copy(module, internal / "python3" / "lib-dynload" / module.name)
    pytest_file = next(f for f in metadata.distribution("pytest").files or [] if f.suffix == ".py")
    (internal / str(pytest_file)).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(Path(str(pytest_file.locate())), internal / str(pytest_file))

    out = tmp_path / "licences"
    result = run(out, "--bundle", tmp_path / "dotstorm")

    assert result.returncode == 0, result.stderr
    assert (out / "system" / "zlib1g.copyright").read_bytes() == Path(
        "/usr/share/doc/zlib1g/copyright"
    ).read_bytes()
    readme = (out / "README.txt").read_text("utf-8")
    system = readme.split("System libraries\n")[1]
    lines = system.splitlines()
    row = next(index for index, line in enumerate(lines) if line.startswith("zlib1g "))
    assert lines[row].split()[-1] == "system/zlib1g.copyright"
    assert lines[row + 1].startswith("  libz.so.1")  # the library, under its package
    assert "libnowhere.so.3" in system and "not from a Debian package" in system
    assert "libc.so.6" in system and "differs from the system's copy" in system
    assert sorted(path.name for path in (out / "system").iterdir()) == ["zlib1g.copyright"]
    # A wheel's own library is listed with its wheel's, never as a system library.
    assert Path(relative).name not in system
    assert Path(relative).name in section(readme, "Inside Python packages")
    assert module.name not in readme
    # A distribution outside Dotstorm's requirements whose files are in the bundle.
    assert any((out / "packages" / "pytest").iterdir())
    assert "pytest is not among Dotstorm's requirements" in " ".join(readme.split())
    assert result.stderr.count("\n") == 1 and "libnowhere.so.3" in result.stderr


def fake_site(
    folder: Path,
    requires: list[str],
    wheels: dict[str, tuple[str, dict[str, bytes]]] | None = None,
) -> dict[str, str]:
    """Installed distributions, found before the venv's: metadata, and the files of
    ``wheels`` (name: (licence text, {path in site-packages: bytes}))."""

    def install(name: str, requires: list[str], licence: str | None, files=None) -> None:
        info = folder / f"{name.replace('-', '_')}-1.0.dist-info"
        info.mkdir(parents=True)
        lines = ["Metadata-Version: 2.4", f"Name: {name}", "Version: 1.0"]
        lines += [f"Requires-Dist: {line}" for line in requires]
        (info / "METADATA").write_text("\n".join(lines) + "\n", "utf-8")
        record = [f"{info.name}/METADATA,,"]
        if licence is not None:
            (info / "licenses").mkdir()
            (info / "licenses" / "LICENSE").write_text(licence, "utf-8")
            record.append(f"{info.name}/licenses/LICENSE,,")
        for path, data in (files or {}).items():
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_bytes(data)
            record.append(f"{path},,")
        (info / "RECORD").write_text("\n".join(record) + "\n", "utf-8")

    install("dotstorm", requires, None)
    install("textless-thing", [], None)
    install("with-extra", ['only-with-feature; extra == "feature"', 'absent; extra == "x"'], "W")
    install("only-with-feature", [], "Feature's licence")
    for name, (licence, files) in (wheels or {}).items():
        install(name, [], licence, files)
    return {**os.environ, "PYTHONPATH": str(folder)}


def test_markers_and_extras_decide_what_is_gathered(tmp_path: Path):
    env = fake_site(tmp_path / "site", ["with-extra[feature]", 'absent; python_version < "3"'])
    out = tmp_path / "licences"
    result = run(out, env=env)
    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in (out / "packages").iterdir()) == [
        "dotstorm",
        "only-with-feature",
        "with-extra",
    ]
    assert (out / "packages" / "only-with-feature" / "LICENSE").read_text() == "Feature's licence"


def test_a_distribution_without_a_text_fails_naming_it(tmp_path: Path):
    env = fake_site(tmp_path / "site", ["textless-thing", "with-extra"])
    out = tmp_path / "licences"
    result = run(out, env=env)
    assert result.returncode == 1
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert "textless-thing" in line and "with-extra" not in line
    assert not out.exists()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site"]


def test_a_font_without_a_licence_fails_naming_it(tmp_path: Path):
    tree = tmp_path / "tree"  # the script finds the project around itself
    for part in ("scripts", "installers/licences", "resources/sounds"):
        shutil.copytree(ROOT / part, tree / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "LICENSE", tree / "LICENSE")
    fonts = tree / "resources" / "fonts"
    fonts.mkdir()
    for path in (ROOT / "resources" / "fonts").glob("LICENSE-*.txt"):
        shutil.copy(path, fonts / path.name)
    (fonts / "NotoSans-Regular.ttf").write_bytes(b"covered by LICENSE-Noto.txt")
    (fonts / "Unlicensed.ttf").write_bytes(b"a font nobody vouched for")
    result = run(tmp_path / "licences", script=tree / "scripts" / "licences.py")
    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    assert "Unlicensed.ttf" in line and "NotoSans" not in line
    assert not (tmp_path / "licences").exists()


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        ((), "OUT_DIR"),
        (("{tmp}/missing/licences",), "does not exist"),
        (("{tmp}/full",), "not an empty folder"),
        (("{tmp}/licences", "--bundle", "{tmp}/full"), "not a bundle folder"),
        (("{tmp}/licences", "--bundle", "{tmp}/nowhere"), "not a bundle folder"),
        (("{tmp}/licences", "--bundle"), "--bundle"),
    ],
)
def test_bad_arguments_give_one_line_and_change_nothing(tmp_path: Path, arguments, said):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine")
    before = listing(tmp_path)
    result = run(*(argument.format(tmp=tmp_path) for argument in arguments))
    assert result.returncode == 2
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert said in line
    assert listing(tmp_path) == before
    assert (tmp_path / "full" / "keep.txt").read_text() == "mine"


# --- libraries of other projects inside the wheels ------------------------------------------

ELF = b"\x7fELF" + bytes(60)  # enough of a shared library to be taken for one


@pytest.fixture
def scripts(monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    """The script's own modules, as it imports them."""
    monkeypatch.syspath_prepend(str(ROOT / "scripts"))
    return SimpleNamespace(
        licences=importlib.import_module("licences"),
        python=importlib.import_module("licences_python"),
        wheels=importlib.import_module("licences_wheels"),
    )


def section(readme: str, title: str) -> str:
    """One section of README.txt, from its title to the next title."""
    return readme.split(f"\n{title}\n")[1].split("\n\n\n")[0].split("\n\n", 1)[1]


def rows(text: str) -> dict[str, list[str]]:
    """A README.txt table as {component: its lines}, a row's lines following its first."""
    found: dict[str, list[str]] = {}
    current: list[str] = []
    for line in text.splitlines()[1:]:
        if line and not line.startswith(" "):
            current = found.setdefault(line.split("  ")[0], [])
        current.append(line)
    return found


def test_every_binary_the_wheels_carry_is_covered_and_its_texts_travel(gathered, scripts):
    readme = (gathered / "README.txt").read_text("utf-8")
    table = rows(section(readme, "Inside Python packages"))
    checked = 0
    for dist in scripts.python.runtime_closure():
        for path in scripts.wheels.binaries(dist):
            rule = scripts.wheels.rule_for(dist.name, path)
            assert rule is not None, f"{dist.name}: {path}"
            checked += 1
            if not rule.project:  # the package's own extension module: its row covers it
                continue
            lines = table[rule.project]
            assert any(f"in {dist.name} {dist.version}:" in line for line in lines)
            for name in rule.texts:
                copied = gathered / "third-party" / Path(name).name
                assert copied.read_bytes() == (scripts.wheels.TEXTS / name).read_bytes()
                assert any(line.endswith(f"third-party/{Path(name).name}") for line in lines)
            if rule.own:
                key = canonicalize_name(dist.name)
                assert any(f"packages/{key}/" in line for line in lines), rule.project
    assert checked > 500  # Qt's libraries and plugins, psycopg's and Pillow's libraries...
    if not sys.platform.startswith("linux"):
        return  # the wheels below are Linux's (manylinux) ones
    # What the wheels of this machine are known to carry, each with its own text.
    expected = {
        "OpenSSL": ("libssl-", "libcrypto-", "third-party/OpenSSL.txt"),
        "PostgreSQL (libpq)": ("libpq-", "third-party/PostgreSQL.txt"),
        "MIT Kerberos": ("libkrb5-", "libgssapi_krb5-", "third-party/MIT-Kerberos.txt"),
        "ICU": ("libicuuc.so", "third-party/ICU.txt"),
        "FFmpeg": ("PySide6/Qt/lib/", "third-party/FFmpeg.txt", "third-party/LGPL-2.1.txt"),
        "libavif": ("libavif-", "packages/pillow/LICENSE"),
        "HarfBuzz (compiled in)": ("_harfbuzz", "third-party/HarfBuzz.txt"),
    }
    for project, words in expected.items():
        text = "\n".join(table[project])
        assert all(word in text for word in words), (project, text)
    assert "https://doc.qt.io/qt-6/licenses-used-in-qt.html" in " ".join(readme.split())
    assert "Qt 3D" in " ".join(section(readme, "Notes").split())


def test_each_rule_s_texts_exist_and_say_where_they_came_from(scripts):
    texts = scripts.wheels.TEXTS
    used: set[str] = set()
    for rule in scripts.wheels.BUNDLED:
        assert rule.texts or rule.own, rule.project
        assert rule.own or not rule.named, rule.project
        for name in rule.texts:
            data = (texts / name).read_text("utf-8")
            assert data.strip(), name
            if name.startswith("third-party/"):
                assert data.startswith("Source: "), name
                assert len(data.split("\n-----", 1)[1].strip()) > 100, name
            used.add(name)
    third_party = {f"third-party/{path.name}" for path in (texts / "third-party").iterdir()}
    assert third_party <= used  # no text is kept that no rule carries
    # Their pointers to /usr/share/common-licenses resolve to texts kept in the
    # repository: a build on Windows or macOS has no such folder.
    common = scripts.licences.COMMON_LICENCES
    for name in sorted(third_party):
        for found in scripts.licences.REFERENCE.finditer((texts / name).read_text("utf-8")):
            target = common.get(found.group(1).rstrip("."))
            assert target is not None, (name, found.group(0))
            assert (texts / target).read_text("utf-8").strip()


def test_a_library_no_rule_covers_fails_naming_it(tmp_path: Path):
    files = {
        "mystery_wheel/__init__.py": b"",
        "mystery_wheel/_speedups.cpython-311-x86_64-linux-gnu.so": ELF,  # its own code
        "mystery_wheel.libs/libmystery-0a1b2c3d.so.1": ELF,  # another project's
        "mystery_wheel/data.bin": b"\x00\x01 not a binary",
    }
    env = fake_site(tmp_path / "site", ["mystery-wheel"], {"mystery-wheel": ("M", files)})
    out = tmp_path / "licences"
    result = run(out, env=env)
    assert result.returncode == 1
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert "mystery-wheel's mystery_wheel.libs/libmystery-0a1b2c3d.so.1" in line
    assert "_speedups" not in line and "data.bin" not in line
    assert not out.exists()


def test_a_wheel_whose_text_covers_its_libraries_must_name_them(tmp_path: Path):
    files = {"pillow.libs/libavif-0a1b2c3d.so.16.4.2": ELF}
    named = "Pillow's terms.\n\nLIBAVIF\n\nlibavif's terms, and those of AOM and DAV1D.\n"
    env = fake_site(tmp_path / "named", ["pillow"], {"pillow": (named, files)})
    result = run(tmp_path / "licences", env=env)
    assert result.returncode == 0, result.stderr
    readme = (tmp_path / "licences" / "README.txt").read_text("utf-8")
    lines = rows(section(readme, "Inside Python packages"))["libavif"]
    assert lines[0].endswith("packages/pillow/LICENSE")
    assert "libavif-0a1b2c3d.so.16.4.2" in "\n".join(lines)

    env = fake_site(tmp_path / "unnamed", ["pillow"], {"pillow": ("Pillow's terms.\n", files)})
    result = run(tmp_path / "unnamed-licences", env=env)
    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    assert "pillow" in line and "LIBAVIF" in line and "libavif-0a1b2c3d.so.16.4.2" in line
    assert not (tmp_path / "unnamed-licences").exists()
