"""The message schemas of docs/schemas/, enforced by a small JSON Schema interpreter.

The `jsonschema` package is not a dependency of the project; the two schema files use only
the handful of keywords below, and this module reads those same files, so the documented
schema is the one enforced. A keyword it does not know makes loading fail (`SchemaError`)
instead of being ignored: a schema cannot promise a check that nothing makes.

Stricter than JSON Schema on one point, on purpose: an integer is a JSON integer (`3`), not
a number with a zero fraction (`3.0`), and `true`/`false` are never numbers (Python's
`True == 1` would otherwise let a boolean through `enum: [0, 1]`).
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import datetime
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

SCHEMA_DIR = Path(__file__).resolve().parents[1] / "docs" / "schemas"
FORM_SCHEMA_FILE = "sppis-form-v1.schema.json"
ANSWER_SCHEMA_FILE = "sppis-answer-v1.schema.json"

ANNOTATIONS = {"$schema", "$id", "title", "description", "$defs"}
KEYWORDS = ANNOTATIONS | {
    "$ref",
    "type",
    "const",
    "enum",
    "pattern",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "format",
    "required",
    "properties",
    "additionalProperties",
    "items",
    "maxItems",
    "oneOf",
}
FORMATS = {"uuid", "date-time"}
# Enough for the reader to find the first problems; a hostile message can have thousands.
MAX_PROBLEMS = 10


class SchemaError(Exception):
    """The schema file itself uses something this interpreter does not check."""


def json_type(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def same_json_value(a, b) -> bool:
    """Equality as JSON sees it: 1, 1.0, True and "1" are not all the same."""
    return json_type(a) == json_type(b) and a == b


def format_ok(name: str, value: str) -> bool:
    try:
        if name == "uuid":
            return str(uuid.UUID(value)) == value.lower()
        parsed = datetime.fromisoformat(value)
        return parsed.tzinfo is not None and "T" in value
    except ValueError:
        return False


def check_keywords(schema, where: str = "#") -> None:
    if isinstance(schema, bool):
        return
    unknown = set(schema) - KEYWORDS
    if unknown:
        raise SchemaError(f"{where}: unsupported keywords {sorted(unknown)}")
    if "format" in schema and schema["format"] not in FORMATS:
        raise SchemaError(f"{where}: unsupported format {schema['format']!r}")
    for key in ("properties", "$defs"):
        for name, sub in schema.get(key, {}).items():
            check_keywords(sub, f"{where}/{key}/{name}")
    for sub in schema.get("oneOf", []):
        check_keywords(sub, f"{where}/oneOf")
    if isinstance(schema.get("items"), dict):
        check_keywords(schema["items"], f"{where}/items")


class Validator:
    def __init__(self, schema: dict):
        check_keywords(schema)
        self.root = schema
        self.patterns: dict[str, re.Pattern] = {}

    def problems(self, instance) -> list[str]:
        """Up to MAX_PROBLEMS problems (`path : what`, in the active language), none when the
        instance is valid. Paths name the schema's keys, never a key of the instance: a
        hostile message's text is not echoed."""
        found: list[str] = []
        self._check(self.root, instance, "", found)
        return found[:MAX_PROBLEMS]

    def _resolve(self, reference: str) -> dict:
        if not reference.startswith("#/"):
            raise SchemaError(f"only local references: {reference}")
        node = self.root
        for part in reference[2:].split("/"):
            node = node[part]
        return node

    def _pattern(self, text: str) -> re.Pattern:
        if text not in self.patterns:
            self.patterns[text] = re.compile(text)
        return self.patterns[text]

    def _check(self, schema: dict, value, path: str, found: list[str]) -> None:
        if len(found) >= MAX_PROBLEMS:
            return
        where = path or _("(message)")
        if "$ref" in schema:
            self._check(self._resolve(schema["$ref"]), value, path, found)
        kind = json_type(value)
        if "type" in schema:
            allowed = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
            if kind not in allowed:
                found.append(
                    _("%(where)s : %(expected)s attendu, %(kind)s reçu")
                    % {"where": where, "expected": " | ".join(allowed), "kind": kind}
                )
                return
        if "const" in schema and not same_json_value(value, schema["const"]):
            found.append(
                _("%(where)s : %(expected)s attendu")
                % {"where": where, "expected": json.dumps(schema["const"])}
            )
            return
        if "enum" in schema and not any(same_json_value(value, v) for v in schema["enum"]):
            found.append(
                _("%(where)s : une des valeurs %(values)s attendue")
                % {"where": where, "values": json.dumps(schema["enum"])}
            )
            return
        if "oneOf" in schema:
            self._one_of(schema["oneOf"], value, path, found)
        if kind == "string":
            self._string(schema, value, where, found)
        elif kind == "integer":
            if "minimum" in schema and value < schema["minimum"]:
                found.append(
                    _("%(where)s : au moins %(minimum)s")
                    % {"where": where, "minimum": schema["minimum"]}
                )
            if "maximum" in schema and value > schema["maximum"]:
                found.append(
                    _("%(where)s : au plus %(maximum)s")
                    % {"where": where, "maximum": schema["maximum"]}
                )
        elif kind == "array":
            if "maxItems" in schema and len(value) > schema["maxItems"]:
                found.append(
                    _("%(where)s : au plus %(count)s éléments")
                    % {"where": where, "count": schema["maxItems"]}
                )
                return
            for index, item in enumerate(value):
                if "items" in schema:
                    self._check(schema["items"], item, f"{path}[{index}]", found)
        elif kind == "object":
            self._object(schema, value, path, found)

    def _string(self, schema: dict, value: str, where: str, found: list[str]) -> None:
        if "minLength" in schema and len(value) < schema["minLength"]:
            found.append(
                _("%(where)s : au moins %(count)s caractère(s)")
                % {"where": where, "count": schema["minLength"]}
            )
        elif "maxLength" in schema and len(value) > schema["maxLength"]:
            found.append(
                _("%(where)s : au plus %(count)s caractères")
                % {"where": where, "count": schema["maxLength"]}
            )
        elif "pattern" in schema and not self._pattern(schema["pattern"]).search(value):
            found.append(_("%(where)s : format incorrect") % {"where": where})
        elif "format" in schema and not format_ok(schema["format"], value):
            found.append(
                _("%(where)s : %(expected)s attendu")
                % {"where": where, "expected": schema["format"]}
            )

    def _one_of(self, options: list, value, path: str, found: list[str]) -> None:
        results = []
        for option in options:
            problems: list[str] = []
            self._check(option, value, path, problems)
            results.append(problems)
        passing = [problems for problems in results if not problems]
        if len(passing) == 1:
            return
        if passing:
            found.append(
                _("%(where)s : plusieurs variantes conviennent") % {"where": path or _("(message)")}
            )
            return
        # The variant that went furthest (fewest problems) explains best what is wrong.
        found.extend(min(results, key=len))

    def _object(self, schema: dict, value: dict, path: str, found: list[str]) -> None:
        prefix = f"{path}." if path else ""
        for name in schema.get("required", []):
            if name not in value:
                found.append(
                    _("%(where)s : clé obligatoire absente") % {"where": f"{prefix}{name}"}
                )
        properties = schema.get("properties", {})
        if schema.get("additionalProperties", True) is False:
            extra = [name for name in value if name not in properties]
            if extra:
                found.append(
                    _("%(where)s : %(count)s clé(s) inconnue(s)")
                    % {"where": path or _("(message)"), "count": len(extra)}
                )
        for name, sub in properties.items():
            if name in value:
                self._check(sub, value[name], f"{prefix}{name}", found)


@cache
def load(name: str) -> Validator:
    return Validator(json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8")))


def form_validator() -> Validator:
    return load(FORM_SCHEMA_FILE)


def answer_validator() -> Validator:
    return load(ANSWER_SCHEMA_FILE)


def schema_id(name: str) -> str:
    return load(name).root["$id"]
