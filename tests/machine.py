"""Run a command where the machine says no: without root's permission bypass, or on a full disk.

CI runs as root, and root writes anywhere, so a read-only folder proves nothing there.
``setpriv`` drops the two capabilities that let root ignore file permissions; the
process stays root, so it can still read the checkout wherever CI cloned it. A real
full disk is a small tmpfs mounted in a private mount namespace (``unshare -m``).
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

WITHOUT_PERMISSION_BYPASS = [
    "setpriv",
    "--bounding-set",
    "-dac_override,-dac_read_search",
    "--",
]


def obeying_file_permissions(command: list[str]) -> list[str]:
    """``command``, run so that file permissions apply to it even as root."""
    if os.geteuid() != 0:
        return command
    if shutil.which("setpriv") is None:
        pytest.skip("setpriv (util-linux) is needed to drop root's permission bypass")
    return [*WITHOUT_PERMISSION_BYPASS, *command]


def on_a_small_disk(mount_point: str, size: str, command: list[str]) -> list[str]:
    """``command``, run with a fresh tmpfs of ``size`` mounted at ``mount_point``."""
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("a private tmpfs needs root and unshare (util-linux)")
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", f"mount -t tmpfs -o size=64k tmpfs {mount_point}"],
        capture_output=True,
        check=False,
    )
    if probe.returncode != 0:
        pytest.skip(f"this machine does not allow a private tmpfs: {probe.stderr!r}")
    script = f'mount -t tmpfs -o size={size} tmpfs "$0" && exec "$@"'
    return ["unshare", "-m", "sh", "-c", script, mount_point, *command]
