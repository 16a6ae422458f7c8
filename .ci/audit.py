"""pip-audit of requirements.lock (`make audit`, run by .ci/run).

Exit 1 when a locked dependency has a known vulnerability. When the vulnerability service
could not check some dependencies (no network, or a PyPI mirror without the per-version JSON
API), each is looked up in PyPI's project JSON, whose `vulnerabilities` are those of the latest
release: a dependency locked at the latest release is checked that way. The rest are named in
a loud banner; exit 2 if AUDIT_REQUIRE_COMPLETE=1, else 0: an audit that could not run is
reported, never mistaken for a clean one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements.lock"


def normalized(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def locked_versions() -> dict[str, str]:
    versions = {}
    for line in LOCK.read_text().splitlines():
        requirement = line.split(";")[0].split("#")[0].strip()
        if "==" in requirement:
            name, version = requirement.split("==", 1)
            versions[normalized(name.split("[")[0])] = version.strip()
    return versions


def latest_release_check(dependency: dict) -> dict:
    """`dependency` with `vulns` from PyPI's project JSON when it is locked at the latest
    release (and no `skip_reason` then); unchanged otherwise."""
    url = f"https://pypi.org/pypi/{dependency['name']}/json"
    try:
        with urllib.request.urlopen(url, timeout=15) as response:  # noqa: S310 - fixed https URL
            project = json.load(response)
    except (OSError, ValueError):
        return dependency
    if project.get("info", {}).get("version") != dependency["version"]:
        return dependency
    vulns = [
        {"id": vuln.get("id"), "fix_versions": vuln.get("fixed_in") or []}
        for vuln in project.get("vulnerabilities") or []
        if not vuln.get("withdrawn")
    ]
    return {"name": dependency["name"], "version": dependency["version"], "vulns": vulns}


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "audit.json"
        command = [
            str(Path(sys.executable).with_name("pip-audit")),
            "--requirement",
            str(LOCK),
            "--no-deps",  # the lock pins every package: nothing to resolve
            "--disable-pip",
            "--progress-spinner",
            "off",
            "--format",
            "json",
            "--output",
            str(report),
        ]
        result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 - fixed arguments
        if not report.exists():
            sys.stderr.write(result.stdout + result.stderr)
            print("AUDIT FAILED: pip-audit did not run", file=sys.stderr)
            return 2
        data = json.loads(report.read_text())
    dependencies = data.get("dependencies", [])
    versions = locked_versions()
    for dependency in dependencies:
        dependency.setdefault("version", versions.get(normalized(dependency["name"]), "?"))
    unchecked = [d for d in dependencies if d.get("skip_reason")]
    if unchecked:
        with ThreadPoolExecutor(max_workers=8) as pool:
            rechecked = {d["name"]: d for d in pool.map(latest_release_check, unchecked)}
        dependencies = [
            rechecked.get(d["name"], d) if d.get("skip_reason") else d for d in dependencies
        ]
    vulnerable = [d for d in dependencies if d.get("vulns")]
    skipped = [d for d in dependencies if d.get("skip_reason")]
    audited = len(dependencies) - len(skipped)
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions") or []) or "no fix yet"
            print(
                f"VULNERABLE {dependency['name']} {dependency['version']}: {vuln['id']} ({fixes})"
            )
    print(
        f"pip-audit: {len(dependencies)} locked dependencies, {audited} checked, "
        f"{len(vulnerable)} with known vulnerabilities, {len(skipped)} not checked"
    )
    if vulnerable:
        return 1
    if skipped:
        banner = "!" * 78
        print(banner)
        print(
            f"AUDIT INCOMPLETE: the vulnerability service could not check {len(skipped)} of "
            f"{len(dependencies)} dependencies ({skipped[0]['skip_reason']})"
        )
        print("  " + ", ".join(f"{d['name']} {d['version']}" for d in skipped))
        print("Their vulnerabilities are UNKNOWN, not absent. Run `make audit` where PyPI's")
        print("JSON API (pypi.org/pypi/<name>/<version>/json) is reachable.")
        print(banner)
        return 2 if os.environ.get("AUDIT_REQUIRE_COMPLETE") == "1" else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
