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


JSON_TYPES = {
    type(None): "null",
    bool: "boolean",
    int: "integer",
    float: "number",
    str: "string",
    list: "array",
    dict: "object",
}


def json_type(value) -> str:
    """The JSON type of a value decoded by `json.loads` (by exact Python type: fast, and
    `True` is a boolean, never an integer)."""
    return JSON_TYPES.get(type(value)) or type(value).__name__


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


class Problems(list):
    """The problems found so far; checking stops at `limit` (1 to learn whether a `oneOf`
    variant fits, MAX_PROBLEMS to explain why none does)."""

    def __init__(self, limit: int = MAX_PROBLEMS):
        super().__init__()
        self.limit = limit


def where(path: str) -> str:
    return path or _("(message)")


class Node:
    """One schema object, its keywords read once: checking a message is then a walk of these
    nodes with no keyword lookups (the throughput goal of `sppis_process`)."""

    def __init__(self, schema: dict, validator: Validator):
        self.validator = validator
        self.reference = schema.get("$ref")
        kinds = schema.get("type")
        self.allowed = None if kinds is None else (kinds if isinstance(kinds, list) else [kinds])
        self.has_const, self.const = "const" in schema, schema.get("const")
        self.enum = schema.get("enum")
        self.one_of = [validator.node(option) for option in schema.get("oneOf", [])]
        self.min_length, self.max_length = schema.get("minLength"), schema.get("maxLength")
        self.pattern = re.compile(schema["pattern"]) if "pattern" in schema else None
        self.format = schema.get("format")
        self.minimum, self.maximum = schema.get("minimum"), schema.get("maximum")
        self.max_items = schema.get("maxItems")
        self.items = validator.node(schema["items"]) if "items" in schema else None
        self.required = schema.get("required", [])
        self.properties = [
            (name, validator.node(sub)) for name, sub in schema.get("properties", {}).items()
        ]
        self.closed = schema.get("additionalProperties", True) is False
        self.names = frozenset(schema.get("properties", {}))

    def check(self, value, path: str, found: Problems) -> None:
        if len(found) >= found.limit:
            return
        if self.reference is not None:
            self.validator.resolve(self.reference).check(value, path, found)
        kind = json_type(value)
        if self.allowed is not None and kind not in self.allowed:
            found.append(
                _("%(where)s : %(expected)s attendu, %(kind)s reçu")
                % {"where": where(path), "expected": " | ".join(self.allowed), "kind": kind}
            )
            return
        if self.has_const and not same_json_value(value, self.const):
            found.append(
                _("%(where)s : %(expected)s attendu")
                % {"where": where(path), "expected": json.dumps(self.const)}
            )
            return
        if self.enum is not None and not any(same_json_value(value, v) for v in self.enum):
            found.append(
                _("%(where)s : une des valeurs %(values)s attendue")
                % {"where": where(path), "values": json.dumps(self.enum)}
            )
            return
        if self.one_of:
            self.check_one_of(value, path, found)
        if kind == "string":
            self.check_string(value, path, found)
        elif kind == "integer":
            if self.minimum is not None and value < self.minimum:
                found.append(
                    _("%(where)s : au moins %(minimum)s")
                    % {"where": where(path), "minimum": self.minimum}
                )
            if self.maximum is not None and value > self.maximum:
                found.append(
                    _("%(where)s : au plus %(maximum)s")
                    % {"where": where(path), "maximum": self.maximum}
                )
        elif kind == "array":
            if self.max_items is not None and len(value) > self.max_items:
                found.append(
                    _("%(where)s : au plus %(count)s éléments")
                    % {"where": where(path), "count": self.max_items}
                )
                return
            if self.items is not None:
                for index, item in enumerate(value):
                    self.items.check(item, f"{path}[{index}]", found)
        elif kind == "object":
            self.check_object(value, path, found)

    def check_string(self, value: str, path: str, found: Problems) -> None:
        if self.min_length is not None and len(value) < self.min_length:
            found.append(
                _("%(where)s : au moins %(count)s caractère(s)")
                % {"where": where(path), "count": self.min_length}
            )
        elif self.max_length is not None and len(value) > self.max_length:
            found.append(
                _("%(where)s : au plus %(count)s caractères")
                % {"where": where(path), "count": self.max_length}
            )
        elif self.pattern is not None and not self.pattern.search(value):
            found.append(_("%(where)s : format incorrect") % {"where": where(path)})
        elif self.format is not None and not format_ok(self.format, value):
            found.append(
                _("%(where)s : %(expected)s attendu")
                % {"where": where(path), "expected": self.format}
            )

    def check_one_of(self, value, path: str, found: Problems) -> None:
        passing = 0
        for option in self.one_of:
            first = Problems(limit=1)
            option.check(value, path, first)
            passing += not first
        if passing == 1:
            return
        if passing:
            found.append(_("%(where)s : plusieurs variantes conviennent") % {"where": where(path)})
            return
        # The variant that went furthest (fewest problems) explains best what is wrong.
        results = []
        for option in self.one_of:
            problems = Problems()
            option.check(value, path, problems)
            results.append(problems)
        found.extend(min(results, key=len))

    def check_object(self, value: dict, path: str, found: Problems) -> None:
        prefix = f"{path}." if path else ""
        for name in self.required:
            if name not in value:
                found.append(
                    _("%(where)s : clé obligatoire absente") % {"where": f"{prefix}{name}"}
                )
        if self.closed:
            extra = sum(1 for name in value if name not in self.names)
            if extra:
                found.append(
                    _("%(where)s : %(count)s clé(s) inconnue(s)")
                    % {"where": where(path), "count": extra}
                )
        for name, node in self.properties:
            if name in value:
                node.check(value[name], f"{prefix}{name}", found)


class Validator:
    def __init__(self, schema: dict):
        check_keywords(schema)
        self.root = schema
        self.nodes: dict[int, Node] = {}
        self.references: dict[str, Node] = {}
        self.top = self.node(schema)

    def node(self, schema: dict) -> Node:
        if id(schema) not in self.nodes:
            self.nodes[id(schema)] = Node(schema, self)
        return self.nodes[id(schema)]

    def resolve(self, reference: str) -> Node:
        """The node a `$ref` names, found at its first use (a definition may come later)."""
        if reference not in self.references:
            if not reference.startswith("#/"):
                raise SchemaError(f"only local references: {reference}")
            target = self.root
            for part in reference[2:].split("/"):
                target = target[part]
            self.references[reference] = self.node(target)
        return self.references[reference]

    def problems(self, instance) -> list[str]:
        """Up to MAX_PROBLEMS problems (`path : what`, in the active language), none when the
        instance is valid. Paths name the schema's keys, never a key of the instance: a
        hostile message's text is not echoed."""
        found = Problems()
        self.top.check(instance, "", found)
        return list(found[:MAX_PROBLEMS])


@cache
def load(name: str) -> Validator:
    return Validator(json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8")))


def form_validator() -> Validator:
    return load(FORM_SCHEMA_FILE)


def answer_validator() -> Validator:
    return load(ANSWER_SCHEMA_FILE)


def schema_id(name: str) -> str:
    return load(name).root["$id"]
