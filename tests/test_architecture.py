"""The map of docs/architecture.md, enforced: apps import only apps below them, and no
application module grows past the size at which it starts doing two jobs."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Bottom to top: an app may import the apps before it in this list, never those after it.
LAYERS = [
    "primaweb",
    "registry",
    "accesslog",
    "requests_online",
    "dossiers",
    "integration_income",
    "instruction",
    "decisions",
    "reimbursement",
    "sppis_simulator",
]
MAX_MODULE_LINES = 650  # "about 600": a module past this is doing two jobs


def modules(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names & set(LAYERS)


def test_no_app_imports_an_app_above_it():
    wrong = []
    for level, app in enumerate(LAYERS):
        above = set(LAYERS[level + 1 :])
        for path in modules(app):
            for name in imported_apps(path) & above:
                wrong.append(f"{path.relative_to(ROOT)} imports {name}")
    assert not wrong, "lower apps import higher ones:\n" + "\n".join(wrong)


def test_every_app_of_the_settings_is_on_the_map():
    from django.conf import settings

    ours = [app.split(".")[0] for app in settings.INSTALLED_APPS if (ROOT / app).is_dir()]
    assert ours == LAYERS


def test_no_application_module_is_doing_two_jobs():
    long = [
        f"{path.relative_to(ROOT)}: {count} lines"
        for app in LAYERS
        for path in modules(app)
        if (count := len(path.read_text().splitlines())) > MAX_MODULE_LINES
    ]
    assert not long, "split these modules:\n" + "\n".join(long)
