"""The Debian package: what it installs, what it depends on, its terms, read back by dpkg-deb."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.installers.loaded import INSTALLERS, installer_script

pytestmark = pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="Debian's dpkg-deb")


def _bundle(folder: Path) -> Path:
    """A bundle of two real programs (copies of the system's `true`) and a licences folder."""
    bundle = folder / "dotstorm"
    (bundle / "_internal").mkdir(parents=True)
    for program in ("dotstorm", "dotstorm-window"):
        shutil.copy2(shutil.which("true") or "/bin/true", bundle / program)
    (bundle / "licences").mkdir()
    (bundle / "licences" / "README.txt").write_text("every text\n")
    return bundle


def _dpkg_deb(*arguments: str) -> str:
    return subprocess.run(
        ["dpkg-deb", *arguments], capture_output=True, text=True, check=True
    ).stdout


def test_the_package_installs_the_bundle_the_commands_the_menu_entry_and_the_terms(
    tmp_path: Path,
):
    package = tmp_path / "dotstorm_9.8.7_test.deb"
    done = subprocess.run(
        [
            sys.executable,
            str(INSTALLERS / "deb.py"),
            str(_bundle(tmp_path)),
            "9.8.7",
            str(package),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    control = _dpkg_deb("--field", str(package))
    assert "Package: dotstorm\nVersion: 9.8.7\n" in control
    # `true` needs the C library alone, from the system: that is all it depends on.
    assert "Depends: libc6\n" in control
    listed = _dpkg_deb("--contents", str(package))
    for path in (
        "./opt/dotstorm/dotstorm",
        "./opt/dotstorm/licences/README.txt",
        "./usr/bin/dotstorm -> /opt/dotstorm/dotstorm",
        "./usr/bin/dotstorm-window -> /opt/dotstorm/dotstorm-window",
        "./usr/share/applications/dotstorm.desktop",
        "./usr/share/icons/hicolor/scalable/apps/dotstorm.svg",
        "./usr/share/icons/hicolor/128x128/apps/dotstorm.png",
        "./usr/share/doc/dotstorm/copyright",
    ):
        assert path in listed, path
    assert " root/root " in listed  # not the builder's user
    unpacked = tmp_path / "unpacked"
    _dpkg_deb("--extract", str(package), str(unpacked))
    terms = (unpacked / "usr/share/doc/dotstorm/copyright").read_text()
    assert "License: MIT" in terms and "Permission is hereby granted" in terms
    assert "GPL version 3" in terms and "/opt/dotstorm/licences/" in terms
    entry = (unpacked / "usr/share/applications/dotstorm.desktop").read_text()
    assert "Exec=dotstorm-window\n" in entry and "Icon=dotstorm\n" in entry
    if shutil.which("desktop-file-validate"):
        subprocess.run(
            ["desktop-file-validate", str(unpacked / "usr/share/applications/dotstorm.desktop")],
            check=True,
        )


def test_a_library_the_bundle_carries_is_not_a_dependency(tmp_path: Path):
    """The bundle's programs load _internal's libraries first, as its bootloader makes them."""
    deb = installer_script("deb")
    bundle = _bundle(tmp_path)
    probe = shutil.which("gzip") or "/bin/gzip"  # links the C library only
    shutil.copy2(probe, bundle / "_internal" / "probe")
    assert deb.depends(bundle) == {"libc6"}
    libc = next(
        line.split("=>")[1].split("(")[0].strip()
        for line in subprocess.run(
            ["ldd", probe], capture_output=True, text=True
        ).stdout.splitlines()
        if "libc.so" in line
    )
    shutil.copy2(libc, bundle / "_internal" / Path(libc).name)
    assert deb.depends(bundle) == set()


def test_a_folder_that_is_no_bundle_is_refused_in_one_line(tmp_path: Path):
    done = subprocess.run(
        [
            sys.executable,
            str(INSTALLERS / "deb.py"),
            str(tmp_path),
            "1.0",
            str(tmp_path / "x.deb"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr == f"deb: {tmp_path} is not a Dotstorm bundle (no dotstorm)\n"
    assert not (tmp_path / "x.deb").exists()
