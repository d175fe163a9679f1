"""The bundles' CI workflow: each system builds, smoke-tests and wraps; signing waits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _workflow() -> dict[str, Any]:
    text = (ROOT / ".github" / "workflows" / "bundles.yml").read_text("utf-8")
    loaded: dict[str, Any] = yaml.safe_load(text)
    return loaded


def _runs(job: dict[str, Any]) -> str:
    return "\n".join(str(step.get("run", "")) for step in job["steps"])


def test_every_system_builds_from_the_spec_and_runs_the_smoke_test():
    jobs = _workflow()["jobs"]
    assert set(jobs) == {"linux", "windows", "macos"}
    assert "bash scripts/bundle.sh" in _runs(jobs["linux"])  # the same command as here
    for name in ("windows", "macos"):
        runs = _runs(jobs[name])
        assert "installers/dotstorm.spec" in runs
        assert "smoke.py" in runs and "--window-command" in runs
        assert "scripts/licences.py" in runs
    assert "ISCC.exe" in _runs(jobs["windows"])
    assert "installers\\windows\\dotstorm.iss" in _runs(jobs["windows"])
    assert "hdiutil create" in _runs(jobs["macos"])


def test_signing_and_notarisation_are_written_and_off_until_switched_on():
    workflow = _workflow()
    assert workflow["env"]["SIGN_WINDOWS"] == "${{ vars.SIGN_WINDOWS || 'false' }}"
    assert workflow["env"]["SIGN_MACOS"] == "${{ vars.SIGN_MACOS || 'false' }}"
    signing = {
        "windows": ("signtool", "env.SIGN_WINDOWS == 'true'"),
        "macos": ("codesign", "env.SIGN_MACOS == 'true'"),
    }
    for name, (tool, switch) in signing.items():
        steps = [s for s in workflow["jobs"][name]["steps"] if tool in str(s.get("run", ""))]
        assert steps, name
        for step in steps:
            assert step["if"] == switch, step["name"]
            # Secrets reach a step through its environment, never its command line.
            assert "secrets." not in step["run"]
    macos = _runs(workflow["jobs"]["macos"])
    for part in ("--options runtime", "entitlements.plist", "notarytool submit", "stapler"):
        assert part in macos, part
    documented = (ROOT / "docs" / "packaging.md").read_text("utf-8")
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            for value in step.get("env", {}).values():
                if "secrets." in str(value):
                    secret = str(value).split("secrets.")[1].split()[0]
                    assert f"`{secret}`" in documented, secret


def test_the_windows_installer_installs_the_bundle_and_the_start_menu_entry():
    script = (ROOT / "installers" / "windows" / "dotstorm.iss").read_text("utf-8")
    assert 'Source: "..\\..\\dist\\dotstorm\\*"' in script
    assert '{autoprograms}\\Dotstorm"; Filename: "{app}\\dotstorm-window.exe"' in script
    assert "PrivilegesRequired=lowest" in script
