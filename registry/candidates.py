"""Where the phonetic search reads its candidates, by what it knows before reading a person
(issue #17: national scale). `registry.search` decides how much to read; this module reads.

Before any person is read, the surname's keys give the registry's spellings that sound like
it, each scored as the ranking would (`matching_surnames`), and a typed first name gives the
registry's given-name forms that the ranking would accept (`matching_given_forms`). Both are
small tables. The persons are then read through one of two sources:

- `PersonSource`, without a first name: the persons of those surnames in the window, by the
  index `person_surname_window` (surname, birth date, sex, id: filters and counts need no
  table row);
- `NameSource`, with a first name: the given-name rows (`PersonName`) of those surnames and
  forms in the window, by the index `personname_search`, then the persons they name.

Each source counts its window up to a cap (one index range scan, no table row), reads it all
(a small window), or reads *nearest first*: for each surname (and form), the persons born
from the typed date onwards and those born before it, each by the index's order with a
LIMIT, so that a window of thousands costs the rows asked for. A "key" is what a source reads
by: a surname index, or a (surname index, form) pair.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection
from django.db.models import Subquery

from registry import given_names, phonetics
from registry.models import GivenNameKey, Person, PersonName, SurnameKey, SurnameSpelling

# A person whose earliest possible birth date is more than this before the window cannot
# overlap it (a partly unknown date spans at most a year).
LONGEST_UNKNOWN_SPAN = timedelta(days=366)
COLUMNS = [field.attname for field in Person._meta.concrete_fields]


@dataclass(frozen=True)
class Window:
    """The dates searched (`start`, `end`: the typed date's window with the tolerance), the
    typed date alone (`typed_start`, `typed_end`: tolerance 0) and the sex, if any."""

    start: date
    end: date
    typed_start: date
    typed_end: date
    sex: str | None = None

    def distance(self, born_min: date, born_max: date) -> int:
        """Days between a person's possible birth dates and the typed date (0: they meet)."""
        return max((born_min - self.typed_end).days, (self.typed_start - born_max).days, 0)

    def filters(self) -> dict:
        """The window's conditions on either table (same column names)."""
        conditions = {
            "birth_date_min__gte": self.start - LONGEST_UNKNOWN_SPAN,
            "birth_date_min__lte": self.end,
            "birth_date_max__gte": self.start,
        }
        if self.sex:
            conditions["sex"] = self.sex
        return conditions


def matching_surnames(last_name: str) -> dict[str, float]:
    """Surname index → the best score of its spellings, for the registry's spellings sharing a
    phonetic key with the typed surname and scoring at least `SURNAME_MIN`."""
    keys = SurnameKey.objects.filter(key__in=phonetics.query_keys(last_name))
    surnames = set(keys.values_list("surname_index", flat=True))
    if not surnames:
        return {}
    # Two index look-ups rather than a join, which a planner may hash over a scan of the
    # spellings when it expects few keys.
    spellings = SurnameSpelling.objects.filter(surname_index__in=sorted(surnames)).values_list(
        "surname_index", "spelling"
    )
    scores: dict[str, float] = {}
    for index, spelling in spellings:
        score, _reason = phonetics.surname_similarity(last_name, spelling)
        if score >= phonetics.SURNAME_MIN and score > scores.get(index, 0.0):
            scores[index] = score
    return scores


def matching_given_forms(first_names: str) -> dict[str, float]:
    """Registry given-name form → its similarity to the typed first name, for the forms the
    ranking would accept (one query on the given-name keys)."""
    keys = given_names.typed_lookup_keys(first_names)
    forms = set(GivenNameKey.objects.filter(key__in=keys).values_list("form", flat=True).distinct())
    return given_names.matching_forms(first_names, forms)


class PersonSource:
    """The persons of some surnames in a window (no first name typed)."""

    def __init__(self, surnames: dict[str, float], window: Window):
        self.surnames = surnames
        self.window = window

    def potentials(self) -> dict[str, float]:
        """Key → the highest score a person read by it can have."""
        return dict(self.surnames)

    def in_window(self, keys=None):
        # No order: Person's default one would sort the whole window before any LIMIT.
        return Person.objects.filter(
            surname_index__in=list(keys if keys is not None else self.surnames),
            **self.window.filters(),
        ).order_by()

    def count(self, cap: int, keys=None) -> int:
        return self.in_window(keys).values("id")[:cap].count()

    def rows(self):
        """Every person of the window, as plain rows of COLUMNS."""
        return list(self.in_window().values_list(*COLUMNS, named=True))

    def ordered(self, key: str):
        return Person.objects.filter(surname_index=key).order_by()

    id_column = "id"


class NameSource(PersonSource):
    """The persons of some surnames with one of some given-name forms in a window."""

    def __init__(self, surnames: dict[str, float], forms: dict[str, float], window: Window):
        super().__init__(surnames, window)
        self.forms = forms

    def potentials(self) -> dict[tuple[str, str], float]:
        weight = phonetics.SURNAME_WEIGHT
        return {
            (index, form): weight * surname + (1 - weight) * given
            for index, surname in self.surnames.items()
            for form, given in self.forms.items()
        }

    def in_window(self, keys=None):
        if keys is None:
            surnames, forms = list(self.surnames), list(self.forms)
        else:
            surnames = sorted({index for index, _form in keys})
            forms = sorted({form for _index, form in keys})
        return PersonName.objects.filter(
            surname_index__in=surnames, given_form__in=forms, **self.window.filters()
        )

    def count(self, cap: int, keys=None) -> int:
        return self.in_window(keys).values("person_id")[:cap].count()

    def rows(self):
        ids = self.in_window().values("person_id")
        persons = Person.objects.filter(id__in=Subquery(ids)).order_by()
        return list(persons.values_list(*COLUMNS, named=True))

    def ordered(self, key: tuple[str, str]):
        index, form = key
        return PersonName.objects.filter(surname_index=index, given_form=form)

    id_column = "person_id"


def nearest_statement(source: PersonSource, keys, per_side: int) -> tuple[str, list]:
    """One statement reading, for each key, the `per_side` persons born nearest the typed
    date from it onwards and the `per_side` nearest before it: (id, earliest, latest) rows
    from the index alone, each part in the index's order with its LIMIT (no sort)."""
    window = source.window
    extra = {"sex": window.sex} if window.sex else {}
    columns = (source.id_column, "birth_date_min", "birth_date_max")
    parts, params = [], []
    for key in keys:
        onwards = source.ordered(key).filter(
            birth_date_min__gte=window.typed_start,
            birth_date_min__lte=window.end,
            birth_date_max__gte=window.start,
            **extra,
        )
        before = source.ordered(key).filter(
            birth_date_min__lt=window.typed_start,
            birth_date_min__gte=window.start - LONGEST_UNKNOWN_SPAN,
            birth_date_max__gte=window.start,
            **extra,
        )
        for queryset in (
            onwards.order_by("birth_date_min").values_list(*columns)[:per_side],
            before.order_by("-birth_date_min").values_list(*columns)[:per_side],
        ):
            sql, part_params = queryset.query.sql_with_params()
            number = len(parts)
            # Our own compiled SQL and an integer: nothing typed goes into the text.
            part = f"SELECT {number} AS part, p{number}.* FROM ({sql}) AS p{number}"  # noqa: S608
            parts.append(part)
            params.extend(part_params)
    return " UNION ALL ".join(parts), params


def read_nearest(source: PersonSource, keys, per_side: int) -> tuple[list, bool]:
    """The persons of `keys` nearest the typed date, at most `per_side` of them, as plain rows
    of COLUMNS, nearest first; and whether some key may have persons that were not read."""
    sql, params = nearest_statement(source, keys, per_side)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    per_part: dict[int, int] = {}
    window = source.window
    nearest: dict[int, int] = {}
    for part, person_id, born_min, born_max in found:
        per_part[part] = per_part.get(part, 0) + 1
        distance = window.distance(_as_date(born_min), _as_date(born_max))
        nearest[person_id] = min(distance, nearest.get(person_id, distance))
    # A part that returned its LIMIT's worth may have had more.
    more = any(count >= per_side for count in per_part.values())
    chosen = sorted(nearest, key=lambda person_id: (nearest[person_id], person_id))
    if len(chosen) > per_side:
        chosen, more = chosen[:per_side], True
    rows = Person.objects.filter(id__in=chosen).order_by().values_list(*COLUMNS, named=True)
    position = {person_id: rank for rank, person_id in enumerate(chosen)}
    return sorted(rows, key=lambda row: position[row.id]), more


def _as_date(value) -> date:
    """SQLite returns dates as text from raw SQL."""
    return value if isinstance(value, date) else date.fromisoformat(value)
