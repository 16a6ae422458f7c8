"""The project's version: the `version` of pyproject.toml, its one source.

Read from the installed package's metadata (`pip install -e .` writes it); a checkout run
without installing falls back to reading pyproject.toml itself, then to "0+unknown"."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
UNKNOWN = "0+unknown"


@cache
def project_version() -> str:
    try:
        return version("primaweb")
    except PackageNotFoundError:
        pass
    try:
        with PYPROJECT.open("rb") as pyproject:
            return str(tomllib.load(pyproject)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return UNKNOWN


def release(full_version: str) -> str:
    """The release series of a version: "0.1" for "0.1.0" (major.minor)."""
    parts = full_version.split(".")
    return ".".join(parts[:2]) if len(parts) >= 2 else full_version
