"""`.ci/audit.py` (make audit): a known vulnerability fails, an audit that could not run is
never reported as clean. pip-audit itself is replaced by a fake that writes its JSON report."""

from __future__ import annotations

import importlib.util
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

    def with_report(dependencies, *, write=True):
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
