"""What a bulk load writes: persons, their addresses and households, as plain records.

Addresses travel as `primaweb.addresses.PostalAddress`, the one address value of the project.
Records carry no database ids and touch no database, so that they can be made in another
process (CSV checking, population generation) and travel to the writer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from primaweb.addresses import PostalAddress


@dataclass(slots=True)
class PersonRecord:
    """A person's registry columns (`registry.models.Person`, by the same names) less the ids
    and the columns computed from these: the birth-date bounds and the surname index."""

    niss: str
    last_name: str
    first_names: str
    sex: str
    birth_year: int
    birth_month: int
    birth_day: int
    birth_place: str = ""
    nationality: str = ""
    civil_status: str = ""
    civil_status_since: date | None = None
    register: str = ""
    death_date: date | None = None
    address: PostalAddress | None = None
    reference_address: PostalAddress | None = None


@dataclass(slots=True)
class HouseholdRecord:
    """Persons living together; `partners` are pairs of indexes into `members`."""

    members: list[tuple[PersonRecord, str]]
    address: PostalAddress | None = None
    partners: list[tuple[int, int]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class BadRow:
    """An input row that cannot be loaded: its line in the file and the reason."""

    line: int
    reason: str


# What a load consumes: a household (upsert False: skipped when a member exists), a single
# person (upsert True: updated when the NISS exists), or a bad input row to report.
LoadItem = tuple[HouseholdRecord, bool] | BadRow


class RowError(Exception):
    """An input row, or a file, that cannot be loaded; the message says why."""


@dataclass(slots=True)
class WriteStats:
    created: int = 0
    updated: int = 0
    skipped: int = 0
