"""Birth dates whose day, or day and month, may be unknown, as the registries give them.

A `PartialDate` keeps year, month and day with 0 for an unknown part (`00/06/1980`: June
1980, day unknown). It reads what an agent types (`JJ/MM/AAAA`) and what a registry file
holds (`AAAA-MM-JJ`), gives the earliest and latest possible dates, the window a search
covers with a tolerance, and the display.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

EARLIEST_YEAR = 1800
TYPED_PATTERN = re.compile(r"^\s*(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})\s*$")

# Why a text is no birth date: the error codes of the identification form's date boxes.
FORMAT = "birth_date_format"
YEAR = "birth_year"
MONTH = "month"
DAY_WITHOUT_MONTH = "day_without_month"
IMPOSSIBLE = "impossible_date"


class PartialDateError(ValueError):
    """A registry file's birth date that is none; `code` says why (one of the codes above)."""

    def __init__(self, code: str, text: str):
        super().__init__(f"{code}: {text!r}")
        self.code = code
        self.text = text


def _problem(year: int, month: int, day: int, this_year: int | None) -> str | None:
    """The code of what makes these parts no birth date, None when they are one."""
    if not EARLIEST_YEAR <= year <= (this_year or date.today().year):
        return YEAR
    if month > 12:
        return MONTH
    if month == 0 and day != 0:
        return DAY_WITHOUT_MONTH
    if month and day:
        try:
            date(year, month, day)
        except ValueError:
            return IMPOSSIBLE
    return None


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A birth date with 0 for an unknown month or day (an unknown month hides the day)."""

    year: int
    month: int = 0
    day: int = 0

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """What an agent types: `JJ/MM/AAAA` with `00` for an unknown day, or day and month.

        ValidationError, with the message to show and one of the codes above.
        """
        match = TYPED_PATTERN.match(text or "")
        if not match:
            raise ValidationError(
                _("Date de naissance invalide : utilisez le format JJ/MM/AAAA (00 si inconnu)."),
                code=FORMAT,
            )
        day, month, year = (int(part) for part in match.groups())
        problem = _problem(year, month, day, None)
        if problem == YEAR:
            raise ValidationError(_("Année de naissance invalide."), code=YEAR)
        if problem == MONTH:
            raise ValidationError(_("Mois de naissance invalide (01 à 12, ou 00)."), code=MONTH)
        if problem == DAY_WITHOUT_MONTH:
            raise ValidationError(
                _("Si le mois est inconnu (00), le jour doit l'être aussi (00/00/AAAA)."),
                code=DAY_WITHOUT_MONTH,
            )
        if problem == IMPOSSIBLE:
            raise ValidationError(
                _("Date de naissance impossible : %(date)s n'existe pas.")
                % {"date": f"{day:02d}/{month:02d}/{year}"},
                code=IMPOSSIBLE,
            )
        return cls(year, month, day)

    @classmethod
    def from_iso(cls, text: str, *, this_year: int | None = None) -> PartialDate:
        """What a registry file holds: `AAAA-MM-JJ` with `00` for an unknown part.

        PartialDateError (its `code` is one of the codes above) when the text is none.
        """
        parts = text.strip().split("-")
        if len(parts) != 3:
            raise PartialDateError(FORMAT, text)
        year_text, month_text, day_text = parts
        if not (year_text.isdigit() and month_text.isdigit() and day_text.isdigit()):
            raise PartialDateError(FORMAT, text)
        year, month, day = int(year_text), int(month_text), int(day_text)
        problem = _problem(year, month, day, this_year)
        if problem is not None:
            raise PartialDateError(problem, text)
        return cls(year, month, day)

    @property
    def earliest(self) -> date:
        """The first day the person can have been born."""
        if self.month == 0:
            return date(self.year, 1, 1)
        return date(self.year, self.month, self.day or 1)

    @property
    def latest(self) -> date:
        """The last day the person can have been born."""
        if self.month == 0:
            return date(self.year, 12, 31)
        if self.day == 0:
            return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return date(self.year, self.month, self.day)

    def window(self, tolerance: int) -> tuple[date, date]:
        """The dates a search with this tolerance covers, as the manual and the CBSS define
        them (both ends included).

        Full date: the date ± tolerance days. Day unknown: from the first day of month −
        tolerance to the last day of month + tolerance (crossing years). Day and month
        unknown: 01/01 of year − tolerance to 31/12 of year + tolerance.
        """
        if self.month == 0:
            return date(self.year - tolerance, 1, 1), date(self.year + tolerance, 12, 31)
        if self.day == 0:
            first_of_month = date(self.year, self.month, 1)
            start = first_of_month - relativedelta(months=tolerance)
            end = first_of_month + relativedelta(months=tolerance + 1) - timedelta(days=1)
            return start, end
        exact = date(self.year, self.month, self.day)
        return exact - timedelta(days=tolerance), exact + timedelta(days=tolerance)

    @property
    def display(self) -> str:
        """`JJ/MM/AAAA` with `00` for an unknown part, as the registries show it."""
        return f"{self.day:02d}/{self.month:02d}/{self.year:04d}"

    @property
    def iso(self) -> str:
        """`AAAA-MM-JJ` with `00` for an unknown part, as registry files hold it."""
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def __str__(self) -> str:
        return self.display
