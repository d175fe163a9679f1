"""scripts/licences.py gathers every licence text a bundle must carry, from the real venv."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

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
    assert Path(relative).name not in readme
    assert module.name not in readme
    # A distribution outside Dotstorm's requirements whose files are in the bundle.
    assert any((out / "packages" / "pytest").iterdir())
    assert "pytest is not among Dotstorm's requirements" in " ".join(readme.split())
    assert result.stderr.count("\n") == 1 and "libnowhere.so.3" in result.stderr


def fake_site(folder: Path, requires: list[str]) -> dict[str, str]:
    """Installed distributions made of metadata alone, found before the venv's."""

    def install(name: str, requires: list[str], licence: str | None) -> None:
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
        (info / "RECORD").write_text("\n".join(record) + "\n", "utf-8")

    install("dotstorm", requires, None)
    install("textless-thing", [], None)
    install("with-extra", ['only-with-feature; extra == "feature"', 'absent; extra == "x"'], "W")
    install("only-with-feature", [], "Feature's licence")
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
