"""docs/configuration.md lists every environment variable that primaweb/settings.py reads."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def variables_read_by_settings() -> set[str]:
    """`env("X")`, `env.str("X", …)`, `env.bool(…)`, `env.db(…)`… and `os.environ["X"]`."""
    tree = ast.parse((ROOT / "primaweb" / "settings.py").read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args:
            function = node.func
            is_env = (isinstance(function, ast.Name) and function.id == "env") or (
                isinstance(function, ast.Attribute)
                and isinstance(function.value, ast.Name)
                and function.value.id == "env"
            )
            first = node.args[0]
            if is_env and isinstance(first, ast.Constant) and isinstance(first.value, str):
                names.add(first.value)
        if (
            isinstance(node, ast.Subscript)
            and ast.unparse(node.value) in {"os.environ", "environ"}
            and isinstance(node.slice, ast.Constant)
        ):
            names.add(node.slice.value)
    return names


def variables_documented() -> set[str]:
    text = (ROOT / "docs" / "configuration.md").read_text()
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split("|")[1])}


def test_the_settings_read_variables_at_all():
    assert {"SECRET_KEY", "DATABASE_URL", "FAS_ISSUER", "ADMIN_2FA"} <= variables_read_by_settings()


def test_every_variable_the_settings_read_is_documented():
    missing = variables_read_by_settings() - variables_documented()
    assert not missing, f"add these to docs/configuration.md: {sorted(missing)}"


def test_the_documentation_lists_no_variable_the_settings_do_not_read():
    stale = variables_documented() - variables_read_by_settings()
    assert not stale, f"docs/configuration.md lists variables nobody reads: {sorted(stale)}"
