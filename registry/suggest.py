"""« Vouliez-vous dire ? » (issue #18): the persons an identification would have found had the
agent not made one of the slips agents make again and again.

Each correction changes one thing in the typed criteria and runs the same phonetic search
(`registry.search.search_by_sound`: the same two index look-ups, on the corrected date's
window or on the exchanged names), then keeps only strong matches. The slips:

- day and month swapped (12/05 typed 05/12): a date copied from a document written month
  first, or read in the wrong order;
- the year's last two digits swapped (1985 typed 1958) and the day's digits swapped (12 typed
  21): Dutch and German say the units before the tens (« achtenvijftig », 58), so a number
  heard or read aloud is typed back to front;
- surname and first name exchanged: the name typed in « Nom » and the surname in
  « Prénom(s) », as when both came in one line (« DELACROIX Louise »);
- the wrong sex chosen: epicene or foreign first names (Dominique, Kim, Andrea: a man's name in
  Italian) make agents guess, and the search takes the sex as a strict filter.

Precision before recall: an agent shown a wrong person may pick them. A suggestion needs a
typed first name, surname and first names that match strongly (`STRONG_MATCH`, about one
typing slip), at most `PER_REASON` persons per reason, and nothing at all when the search
already found a person with the typed first name.
"""

from __future__ import annotations

import functools
import operator
from dataclasses import dataclass, replace

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from primaweb.dates import MIN_YEAR
from registry import phonetics
from registry.models import Person
from registry.partial_date import TYPED_PATTERN, PartialDate
from registry.search import (
    MAX_TOLERANCE,
    is_searchable_surname,
    persons_born_between,
    search_by_sound,
    surnames_sounding_like,
)

PER_REASON = 5
# Names must match about as well as one typing slip (phonetics: 0.93 for one edit on a name of
# four letters or more, 0.95 for one on a given name, 0.98 for the same sounds): the corrected
# query has already changed one thing, it may not also be vague about the names.
STRONG_MATCH = 0.93
# Candidate rows the corrections of one surname read together (the search's own cap is
# 5,000): a correction is a guess, it need not rank a year-only date's thousands of namesakes.
CANDIDATE_CAP = 1000
# The persons of the search of the typed criteria, when the caller has not searched them.
RANKED = 20


class Reason(models.TextChoices):
    """Why a person is suggested: the one correction made to what the agent typed."""

    DAY_MONTH = "jour-mois", _("jour et mois inversés")
    DAY_DIGITS = "chiffres-jour", _("chiffres du jour inversés")
    YEAR_DIGITS = "chiffres-annee", _("chiffres de l'année inversés")
    NAMES = "nom-prenom", _("nom et prénom inversés")
    SEX = "sexe", _("sexe différent")


@dataclass(frozen=True)
class Query:
    """The criteria of one search, as typed or once corrected."""

    last_name: str
    first_names: str
    birth_date: PartialDate
    tolerance: int
    sex: str | None


def suggest_persons(
    last_name: str,
    birth_date: PartialDate | str,
    *,
    first_names: str = "",
    tolerance: int = 0,
    sex: str | None = None,
    found: list[Person] | None = None,
) -> list[tuple[Reason, list[Person]]]:
    """(reason, persons) pairs, one per correction that finds someone, in `Reason`'s order.

    `birth_date` is a PartialDate, or text as typed (`JJ/MM/AAAA`); it may be a date that does
    not exist (31/02, month 13): only the corrections that make it one are searched. `found`:
    the persons the search of the typed criteria returned, when the caller has them (searched
    here otherwise). Raises nothing: criteria it cannot use give no suggestion.
    """
    typed = typed_date(birth_date)
    if typed is None or not strong_names_possible(last_name, first_names):
        return []
    query = Query(
        last_name=last_name.strip(),
        first_names=first_names.strip(),
        birth_date=typed,
        tolerance=bounded_tolerance(tolerance),
        sex=sex if sex in ("M", "F") else None,
    )
    seen: set[str] = set()
    if exists(typed):
        if found is None:
            found = search_by_sound(
                last_name=query.last_name,
                birth_date=typed,
                first_names=query.first_names,
                tolerance=query.tolerance,
                sex=query.sex,
                limit=RANKED,
            )
        if any(has_first_name(person, query.first_names) for person in found):
            return []
        seen.update(person.niss for person in found)
    planned = list(corrections(query))
    ranked = rank_corrections(planned)
    suggestions = []
    for reason, corrected in planned:
        rows = [
            candidate.person
            for candidate in ranked[reason]
            if candidate.person.niss not in seen and strong_match(corrected, candidate.person)
        ][:PER_REASON]
        if rows:
            seen.update(row.niss for row in rows)
            suggestions.append((reason, [person_from(row) for row in rows]))
    return suggestions


COLUMNS = [field.attname for field in Person._meta.concrete_fields]


def rank_corrections(planned: list[tuple[Reason, Query]]) -> dict:
    """Each correction's plausible candidates, best first (`phonetics.rank`).

    The corrections of one surname share its key look-up and one person look-up: the union
    of their windows, each an index range (SQLite's OR by union, PostgreSQL's BitmapOr).
    """
    ranked = {}
    for name in dict.fromkeys(corrected.last_name for _reason, corrected in planned):
        group = [
            (reason, corrected) for reason, corrected in planned if corrected.last_name == name
        ]
        rows = candidate_rows(name, [corrected for _reason, corrected in group])
        for reason, corrected in group:
            start, end = corrected.birth_date.window(corrected.tolerance)
            inside = [
                row for row in rows if row.birth_date_min <= end and row.birth_date_max >= start
            ]
            ranked[reason] = phonetics.rank(
                corrected.last_name, corrected.first_names, corrected.sex, inside
            )
    return ranked


def candidate_rows(last_name: str, queries: list[Query]) -> list:
    """The persons whose surname sounds like `last_name`, born in the window of one of the
    `queries` (and of its sex, if any), as plain rows: at most CANDIDATE_CAP of them."""
    surnames = list(set(surnames_sounding_like(last_name)))
    if not surnames:
        return []
    windows = [
        persons_born_between(surnames, *query.birth_date.window(query.tolerance), sex=query.sex)
        for query in queries
    ]
    # No order: the rows are all ranked when under the cap, and sorting would read them all.
    union = functools.reduce(operator.or_, windows).order_by()
    return list(union.values_list(*COLUMNS, named=True)[:CANDIDATE_CAP])


def person_from(row) -> Person:
    """The person of a candidate row (no second query)."""
    return Person.from_db(Person.objects.db, COLUMNS, tuple(row))


def bounded_tolerance(tolerance) -> int:
    """The tolerance as the search takes it (0 to MAX_TOLERANCE); 0 for anything else."""
    try:
        return min(max(int(tolerance or 0), 0), MAX_TOLERANCE)
    except (TypeError, ValueError):
        return 0


def typed_date(birth_date: PartialDate | str) -> PartialDate | None:
    """The typed parts, even of a date that does not exist; None for text that is no date."""
    if isinstance(birth_date, PartialDate):
        return birth_date
    match = TYPED_PATTERN.match(birth_date or "")
    if not match:
        return None
    day, month, year = (int(part) for part in match.groups())
    return PartialDate(year, month, day)


def exists(birth_date: PartialDate) -> bool:
    """Whether the parts make a birth date the identification form accepts."""
    if birth_date.year < MIN_YEAR:
        return False
    try:
        PartialDate.parse(birth_date.display)
    except ValidationError:
        return False
    return True


def strong_names_possible(last_name: str, first_names: str) -> bool:
    """A strong match needs a surname to search and a first name to check; a surname made
    only of particles (« Van ») matches nobody strongly and would bring a flood."""
    return (
        is_searchable_surname(last_name or "")
        and not phonetics.is_particles_only(last_name)
        and bool(phonetics.normalise(first_names or ""))
    )


def corrections(query: Query):
    """(reason, corrected query) for each single correction that applies."""
    for reason, corrected in corrected_dates(query.birth_date):
        if exists(corrected):
            yield reason, replace(query, birth_date=corrected)
    if not exists(query.birth_date):
        return  # the other corrections keep the date, which does not exist
    if not phonetics.is_particles_only(query.first_names) and phonetics.normalise(
        query.first_names
    ) != phonetics.normalise(query.last_name):
        yield Reason.NAMES, replace(query, last_name=query.first_names, first_names=query.last_name)
    if query.sex:
        yield Reason.SEX, replace(query, sex="F" if query.sex == "M" else "M")


def corrected_dates(typed: PartialDate):
    """The typed date with one slip undone (candidates: they may not exist)."""
    year, month, day = typed.year, typed.month, typed.day
    if day and month and day != month:
        yield Reason.DAY_MONTH, PartialDate(year, day, month)
    if day and month and swapped(day) != day:
        yield Reason.DAY_DIGITS, PartialDate(year, month, swapped(day))
    if swapped(year % 100) != year % 100:
        yield Reason.YEAR_DIGITS, PartialDate(year - year % 100 + swapped(year % 100), month, day)


def swapped(number: int) -> int:
    """The two digits of a number below 100 the other way round: 12 → 21, 3 (03) → 30."""
    tens, units = divmod(number, 10)
    return units * 10 + tens


def strong_match(query: Query, person: Person) -> bool:
    surname, _reason = phonetics.surname_similarity(query.last_name, person.last_name)
    given = phonetics.firstname_similarity(query.first_names, person.first_names) or 0.0
    return surname >= STRONG_MATCH and given >= STRONG_MATCH


def has_first_name(person: Person, first_names: str) -> bool:
    """Whether a person found has the typed first name, as well as the search requires."""
    score = phonetics.firstname_similarity(first_names, person.first_names)
    return score is None or score >= phonetics.FIRSTNAME_MIN


def differing_parts(typed: PartialDate, registered: PartialDate) -> set[str]:
    """The parts of a registered date that differ from a typed one ("day", "month", "year");
    a part typed or registered as unknown (00) differs from nothing."""
    parts = set()
    for name in ("day", "month", "year"):
        mine, theirs = getattr(typed, name), getattr(registered, name)
        if mine and theirs and mine != theirs:
            parts.add(name)
    return parts
