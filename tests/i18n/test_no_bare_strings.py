"""Strings a user reads are wrapped for translation: the catalogue test then catches them.

An AST walk of the project's apps finds literal text passed, bare, where Django shows it to
someone: messages, form errors, validation errors, command errors, line errors of the imports,
labels, verbose names, help texts and admin display descriptions. A string that only a
developer reads (a log line, an exception of a bug) belongs to none of these places.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.test_architecture import LAYERS

ROOT = Path(__file__).resolve().parents[2]
APPS = LAYERS  # every app of the map (tests/test_architecture.py)
# Calls whose first (or given) argument reaches a user.
SHOWN_CALLS = {
    "ValidationError": 0,
    "CommandError": 0,
    "LineError": 0,
    "RowError": 0,
    "PermissionDenied": 0,
    "Http404": 0,
    "add_error": 1,
    "success": 1,
    "info": 1,
    "warning": 1,
    "error": 1,
}
SHOWN_KEYWORDS = {"label", "verbose_name", "verbose_name_plural", "help_text"}
# Literals that read the same in every language, or that no user reads.
ALLOWED = {"", "/", "—", "NISS", "BIS", "Prima-web"}


def is_text(node) -> bool:
    """A literal with words: an f-string, or a str with a letter, outside ALLOWED."""
    if isinstance(node, ast.JoinedStr):
        return True
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value.strip() not in ALLOWED
        and any(char.isalpha() for char in node.value)
    )


def call_name(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def bare_strings(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if not isinstance(node, ast.Call):
            continue
        name = call_name(node)
        position = SHOWN_CALLS.get(name)
        if position is not None and len(node.args) > position and is_text(node.args[position]):
            # messages.error(request, …) vs logger.error("…"): only the former reaches a user.
            if name in {"success", "info", "warning", "error"} and not (
                isinstance(node.func, ast.Attribute)
                and getattr(node.func.value, "id", "") == "messages"
            ):
                continue
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}(…)")
        for keyword in node.keywords:
            shown = keyword.arg in SHOWN_KEYWORDS or (name, keyword.arg) == (
                "display",
                "description",
            )
            if shown and is_text(keyword.value):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {keyword.arg}=…")
    return found


def test_no_user_visible_string_escapes_translation():
    found = [
        item
        for app in APPS
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts
        and "bench" not in path.parts
        # The demo's data (a charge labelled « Loyer ») is data, in French like the registry's.
        and path.name != "demo.py"
        for item in bare_strings(path)
    ]
    assert not found, "wrap these in gettext (then `make messages`):\n" + "\n".join(found)
