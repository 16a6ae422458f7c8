"""Ages at a date: a child is minor or adult at the request's date (dis.md §1.5)."""

from __future__ import annotations

from datetime import date

ADULT_AGE = 18


def age_on(birth: date | None, day: date) -> int | None:
    """Full years at `day`; None when the birth date is unknown."""
    if birth is None:
        return None
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
