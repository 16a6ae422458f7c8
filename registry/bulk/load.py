"""The two bulk loads: a registry CSV (`import_registry`) and generated households
(`write_households`), each in one pass and one transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from registry.bulk.reading import SeenNiss
from registry.bulk.records import HouseholdRecord, WriteStats
from registry.bulk.writer import RegistryBulkWriter


class _BadRows(Exception):
    """Raised inside the import transaction to roll it back."""


def import_registry(
    *, path: Path, skip_invalid: bool = False, on_error=None, progress=None
) -> tuple[WriteStats, list[tuple[int, str]]]:
    """Imports a registry CSV in one pass and one transaction.

    Every row is validated; each bad row is reported (line, reason). When there is any and
    `skip_invalid` is off, the transaction is rolled back: nothing is imported. Returns the
    write statistics and the bad rows. A file without the mandatory columns raises RowError.
    """
    errors: list[tuple[int, str]] = []
    try:
        with RegistryBulkWriter() as writer:
            seen = SeenNiss()
            for rows in writer.csv_batches(path, seen):
                for line, reason in rows.errors:
                    errors.append((line, reason))
                    if on_error is not None:
                        on_error(line, reason)
                if progress is not None:
                    progress.update(len(rows.errors) + rows.stats.created + rows.stats.updated)
                if not errors or skip_invalid:
                    # After a bad row nothing will be kept: keep reading only to report.
                    writer.write(rows)
            seen.close()
            if errors and not skip_invalid:
                raise _BadRows
    except _BadRows:
        return WriteStats(), errors
    return writer.stats, errors


def write_households(
    make_households: Callable[[], Iterable[HouseholdRecord]], *, progress=None
) -> WriteStats:
    """Writes the households that `make_households()` produces (called in a second process
    on a first load: it must not use the database)."""
    with RegistryBulkWriter() as writer:
        for rows in writer.batches(lambda: ((household, False) for household in make_households())):
            writer.write(rows)
            if progress is not None:
                progress.update(rows.stats.created + rows.stats.skipped)
    return writer.stats
