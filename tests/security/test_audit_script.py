"""`.ci/audit.py` (make audit): a known vulnerability fails, an audit that could not run is
never reported as clean. pip-audit itself is replaced by a fake that writes its JSON report."""

from __future__ import annotations

import importlib.util
import io
import json
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / ".ci" / "audit.py"


@pytest.fixture
def audit(monkeypatch):
    spec = importlib.util.spec_from_file_location("ci_audit", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    def offline(url, timeout):
        raise OSError("no network in tests")

    monkeypatch.setattr(module.urllib.request, "urlopen", offline)

    def with_report(dependencies, *, write=True, pypi=None):
        if pypi is not None:  # the project JSON PyPI would answer, by URL
            monkeypatch.setattr(
                module.urllib.request,
                "urlopen",
                lambda url, timeout: io.BytesIO(json.dumps(pypi[url]).encode()),
            )

        def fake_run(command, **kwargs):
            if write:
                output = Path(command[command.index("--output") + 1])
                output.write_text(json.dumps({"dependencies": dependencies, "fixes": []}))
            return subprocess.CompletedProcess(command, 0, "", "")

        monkeypatch.setattr(module.subprocess, "run", fake_run)
        return module.main()

    return with_report


CLEAN = {"name": "django", "version": "5.2.19", "vulns": []}
VULNERABLE = {
    "name": "django",
    "version": "4.2.0",
    "vulns": [{"id": "PYSEC-2023-0001", "fix_versions": ["4.2.1"], "description": "..."}],
}
SKIPPED = {"name": "tqdm", "skip_reason": "Dependency not found on PyPI and could not be audited"}


def test_clean_audit_passes(audit):
    assert audit([CLEAN]) == 0


def test_a_known_vulnerability_fails(audit, capsys):
    assert audit([CLEAN, VULNERABLE, SKIPPED]) == 1
    assert "VULNERABLE django 4.2.0: PYSEC-2023-0001 (4.2.1)" in capsys.readouterr().out


def test_unchecked_dependencies_are_reported_loudly(audit, capsys, monkeypatch):
    monkeypatch.delenv("AUDIT_REQUIRE_COMPLETE", raising=False)
    assert audit([CLEAN, SKIPPED]) == 0
    assert "AUDIT INCOMPLETE" in capsys.readouterr().out
    monkeypatch.setenv("AUDIT_REQUIRE_COMPLETE", "1")
    assert audit([CLEAN, SKIPPED]) == 2


def test_pip_audit_not_running_fails(audit):
    assert audit([], write=False) == 2


def project_json(version, vulnerabilities=()):
    return {"info": {"version": version}, "vulnerabilities": list(vulnerabilities)}


TQDM_URL = "https://pypi.org/pypi/tqdm/json"


def test_an_unchecked_dependency_at_its_latest_release_is_checked_with_the_project_json(
    audit, capsys
):
    version = next(
        line.split("==")[1]
        for line in (SCRIPT.parents[1] / "requirements.lock").read_text().splitlines()
        if line.startswith("tqdm==")
    )
    advisory = {"id": "GHSA-xxxx", "fixed_in": ["9.9"], "withdrawn": None}
    assert audit([CLEAN, SKIPPED], pypi={TQDM_URL: project_json(version, [advisory])}) == 1
    assert f"VULNERABLE tqdm {version}: GHSA-xxxx (9.9)" in capsys.readouterr().out
    assert audit([CLEAN, SKIPPED], pypi={TQDM_URL: project_json(version)}) == 0
    assert "AUDIT INCOMPLETE" not in capsys.readouterr().out


def test_an_unchecked_dependency_behind_its_latest_release_stays_unchecked(audit, capsys):
    assert audit([CLEAN, SKIPPED], pypi={TQDM_URL: project_json("999.0")}) == 0
    assert "AUDIT INCOMPLETE" in capsys.readouterr().out
