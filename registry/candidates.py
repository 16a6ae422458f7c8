"""Where the phonetic search reads its candidates, by what it knows before reading a person
(issue #17: national scale). `registry.search` decides how much to read; this module reads.

Before any person is read, the surname's keys give the registry's surnames that sound like
it, and a typed first name's keys the registry's given-name forms, in one statement
(`looked_up`); the forms the ranking would refuse are dropped (`matching_given_forms`).
Both are small tables. When the window is too large to rank whole, each surname is scored
by its registry spellings as the ranking would (`surname_scores`). The persons are read
through one of two sources:

- `PersonSource`, without a first name: the persons of those surnames in the window, by the
  index `person_surname_window` (surname, birth date, sex, id: filters and counts need no
  table row);
- `NameSource`, with a first name: the given-name rows (`PersonName`) of those surnames and
  forms in the window, by the index `personname_search`, then the persons they name.

The window is counted per key up to a cap from its index alone, and its persons read in the
same statement when they are few (`read_window`); a larger one is read *nearest first*
(`nearest_candidates`): for each surname (and form), the persons born from the typed date
onwards and those born before it, each by the index's order with a LIMIT, so that a window
of thousands costs the rows asked for. A "key" is what a source reads
by: a surname index, or a (surname index, form) pair.
"""

from __future__ import annotations

from collections import namedtuple
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection

from registry import given_names, phonetics
from registry.models import GivenNameKey, Person, SurnameSpelling

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


def looked_up(last_name: str, first_names: str = "") -> tuple[list[str], set[str]]:
    """The registry's surname indexes sharing a phonetic key with the typed surname, and the
    registry's given-name forms sharing a key with the typed first name (none when none is
    typed): two index look-ups in one statement."""
    surname_keys = sorted(phonetics.query_keys(last_name))
    given_keys = sorted(given_names.typed_lookup_keys(first_names))
    if not surname_keys:
        return [], set()
    # Placeholders only: the keys travel as parameters.
    surname_marks, given_marks = _marks(surname_keys), _marks(given_keys)
    sql = f"SELECT 0, surname_index FROM registry_surnamekey WHERE key IN ({surname_marks})"  # noqa: S608
    if given_keys:
        sql += " UNION ALL SELECT 1, form FROM registry_givennamekey "  # noqa: S608
        sql += f"WHERE key IN ({given_marks})"
    with connection.cursor() as cursor:
        cursor.execute(sql, surname_keys + given_keys)
        found = cursor.fetchall()
    surnames = sorted({value for kind, value in found if kind == 0})
    return surnames, {value for kind, value in found if kind == 1}


def _marks(values) -> str:
    return ", ".join(["%s"] * len(values))


def surname_scores(last_name: str, surnames: list[str]) -> dict[str, float]:
    """Surname index → the best score of its spellings, for those of `surnames` scoring at
    least `SURNAME_MIN` (one index look-up; a common name sounds like a few hundred
    spellings at national scale, each of its double names among them: scored only when the
    window is too large to rank whole)."""
    spellings = SurnameSpelling.objects.filter(surname_index__in=surnames).values_list(
        "surname_index", "spelling"
    )
    scores: dict[str, float] = {}
    for index, spelling in spellings:
        score, _reason = phonetics.surname_similarity(last_name, spelling)
        if score >= phonetics.SURNAME_MIN and score > scores.get(index, 0.0):
            scores[index] = score
    return scores


def matching_given_forms(first_names: str, forms=None) -> dict[str, float]:
    """Registry given-name form → its similarity to the typed first name, for the forms the
    ranking would accept among `forms` (those sharing a key with it: looked up if None)."""
    if forms is None:
        keys = given_names.typed_lookup_keys(first_names)
        forms = set(GivenNameKey.objects.filter(key__in=keys).values_list("form", flat=True))
    return given_names.matching_forms(first_names, forms)


class PersonSource:
    """The persons of some surnames in a window (no first name typed)."""

    def __init__(self, surnames: dict[str, float], window: Window):
        self.surnames = surnames
        self.window = window

    def potentials(self) -> dict[str, float]:
        """Key → the highest score a person read by it can have."""
        return dict(self.surnames)

    id_column = "id"
    table = "registry_person"

    def window_sql(self, cap: int) -> tuple[str, list]:
        """The ids of the window's candidates, at most `cap` of them (the index alone)."""
        surnames = list(self.surnames)
        conditions = [f"surname_index IN ({_marks(surnames)})"]
        return self._window_sql(conditions, surnames, cap)

    def _window_sql(self, conditions: list[str], params: list, cap: int) -> tuple[str, list]:
        window = self.window
        conditions += ["birth_date_min >= %s", "birth_date_min <= %s", "birth_date_max >= %s"]
        params = [*params, window.start - LONGEST_UNKNOWN_SPAN, window.end, window.start]
        if window.sex:
            conditions.append("sex = %s")
            params.append(window.sex)
        form = "given_form" if self.table == "registry_personname" else "''"
        sql = (
            f"SELECT {self.id_column} AS id, surname_index AS s, {form} AS f "  # noqa: S608
            f"FROM {self.table} WHERE {' AND '.join(conditions)} LIMIT {int(cap)}"
        )
        return sql, params

    @staticmethod
    def key_of(surname_index: str, form: str):
        return surname_index


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

    id_column = "person_id"
    table = "registry_personname"

    @staticmethod
    def key_of(surname_index: str, form: str):
        return (surname_index, form)

    def window_sql(self, cap: int) -> tuple[str, list]:
        surnames, forms = list(self.surnames), list(self.forms)
        conditions = [f"surname_index IN ({_marks(surnames)})", f"given_form IN ({_marks(forms)})"]
        return self._window_sql(conditions, surnames + forms, cap)


_COLUMN_NAMES = ", ".join(f"p.{field.column}" for field in Person._meta.concrete_fields)
_DATE_POSITIONS = [
    position
    for position, field in enumerate(Person._meta.concrete_fields)
    if field.get_internal_type() == "DateField"
]
Row = namedtuple("Row", COLUMNS)


def window_statement(source: PersonSource, count_up_to: int, read_all_up_to: int):
    """The statement of `read_window`: the window's candidates (at most `count_up_to` + 1)
    from its index, counted per key, and their persons by id when they are few enough."""
    window_sql, params = source.window_sql(count_up_to + 1)
    nulls = ", ".join(["NULL"] * len(COLUMNS))
    sql = (
        f"WITH w AS MATERIALIZED ({window_sql}) "  # noqa: S608 - compiled from our names
        f"SELECT 0, NULL, NULL, {_COLUMN_NAMES} FROM registry_person p "
        "WHERE p.id IN (SELECT id FROM w) AND (SELECT COUNT(*) FROM w) <= %s "
        f"UNION ALL SELECT COUNT(*), s, f, {nulls} FROM w GROUP BY s, f"
    )
    return sql, [*params, read_all_up_to]


def read_window(source: PersonSource, count_up_to: int, read_all_up_to: int):
    """(counted, rows, per_key): how many candidates the window has (counting stops past
    `count_up_to`); when they are at most `read_all_up_to`, their persons as rows of COLUMNS
    (else None); and how many of those counted each key has. One statement: the window's
    candidates read once, from its index alone."""
    sql, params = window_statement(source, count_up_to, read_all_up_to)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    per_key = {source.key_of(index, form): count for count, index, form, *_rest in found if index}
    counted = sum(per_key.values())
    if counted > read_all_up_to:
        return counted, None, per_key
    return counted, [_row(values[3:]) for values in found if values[1] is None], per_key


def _row(values) -> Row:
    """A person row as the ORM would give it (SQLite gives dates as text here)."""
    if _DATE_POSITIONS and isinstance(values[_DATE_POSITIONS[0]], str):
        values = list(values)
        for position in _DATE_POSITIONS:
            if values[position] is not None:
                values[position] = date.fromisoformat(values[position])
    return Row(*values)


def nearest_statement(source: PersonSource, keys, per_side: int) -> tuple[str, list]:
    """One statement reading, for each key, the `per_side` persons born nearest the typed
    date from it onwards and the `per_side` nearest before it: (id, earliest, latest) rows
    from the index alone, each part in the index's order with its LIMIT (no sort). Written
    here rather than by the ORM: a tier may have dozens of parts, each compiled in longer
    than the database reads it."""
    window = source.window
    sex = " AND sex = %s" if window.sex else ""
    key_conditions = "surname_index = %s" + (
        " AND given_form = %s" if isinstance(source, NameSource) else ""
    )
    columns = f"{source.id_column}, birth_date_min, birth_date_max"
    onwards = (
        f"SELECT {columns} FROM {source.table} WHERE {key_conditions} "  # noqa: S608
        f"AND birth_date_min >= %s AND birth_date_min <= %s AND birth_date_max >= %s{sex} "
        f"ORDER BY birth_date_min LIMIT {int(per_side)}"
    )
    before = (
        f"SELECT {columns} FROM {source.table} WHERE {key_conditions} "  # noqa: S608
        f"AND birth_date_min < %s AND birth_date_min >= %s AND birth_date_max >= %s{sex} "
        f"ORDER BY birth_date_min DESC LIMIT {int(per_side)}"
    )
    extra = [window.sex] if window.sex else []
    parts, params = [], []
    for key in keys:
        key_params = list(key) if isinstance(key, tuple) else [key]
        for sql, part_params in (
            (onwards, [*key_params, window.typed_start, window.end, window.start, *extra]),
            (
                before,
                [
                    *key_params,
                    window.typed_start,
                    window.start - LONGEST_UNKNOWN_SPAN,
                    window.start,
                    *extra,
                ],
            ),
        ):
            number = len(parts)
            # Our own SQL and an integer: what was typed travels as parameters.
            parts.append(f"SELECT {number} AS part, p{number}.* FROM ({sql}) AS p{number}")  # noqa: S608
            params.extend(part_params)
    return " UNION ALL ".join(parts), params


def nearest_candidates(source: PersonSource, keys, per_side: int) -> tuple[list, bool]:
    """(distance, person id, key) for each key's persons nearest the typed date (`per_side` a
    side of it at most, from the index alone); and whether some key may have more."""
    sql, params = nearest_statement(source, keys, per_side)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    per_part: dict[int, int] = {}
    window = source.window
    candidates = []
    for part, person_id, born_min, born_max in found:
        per_part[part] = per_part.get(part, 0) + 1
        distance = window.distance(_as_date(born_min), _as_date(born_max))
        candidates.append((distance, person_id, keys[part // 2]))
    # A part that returned its LIMIT's worth may have had more.
    return candidates, any(count >= per_side for count in per_part.values())


def persons_by_id(ids) -> list:
    """The persons of these ids as rows of COLUMNS (their primary key)."""
    return list(
        Person.objects.filter(id__in=list(ids)).order_by().values_list(*COLUMNS, named=True)
    )


def _as_date(value) -> date:
    """SQLite returns dates as text from raw SQL."""
    return value if isinstance(value, date) else date.fromisoformat(value)
