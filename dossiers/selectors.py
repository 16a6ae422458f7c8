"""Reads of the dossiers app that compose: the persons an identification finds and those it
suggests (« Vouliez-vous dire ? »), with the open dossier each has in the agent's CPAS.

The criteria arrive typed and valid (the identification form's `search_criteria()`): this
module raises no validation error and never writes into a form.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.formats import number_format

from dossiers.models import Dossier
from registry.models import Person
from registry.partial_date import PartialDate
from registry.search import PersonList, find_by_niss, search_by_sound, suggest_persons
from registry.suggest import Reason, differing_parts

RESULT_LIMIT = 100


@dataclass
class FoundPerson:
    person: Person
    open_dossier: Dossier | None = None


@dataclass
class SuggestedPerson:
    """A person the search would have found with one typing slip corrected (`reason`).

    `differs`: what differs from the criteria typed ("day", "month", "year", "names", "sex"),
    for the page to highlight.
    """

    person: Person
    reason: Reason
    differs: frozenset[str]
    open_dossier: Dossier | None = None

    @property
    def date_parts(self) -> list[tuple[str, bool]]:
        """The registered birth date's day, month and year, each with whether it differs."""
        born = self.person.birth_date
        return [
            (f"{born.day:02d}", "day" in self.differs),
            (f"{born.month:02d}", "month" in self.differs),
            (f"{born.year:04d}", "year" in self.differs),
        ]


@dataclass
class SearchResult:
    rows: list[FoundPerson] = field(default_factory=list)
    # More persons match than the page lists (RESULT_LIMIT, the CBSS's limit): the rows are
    # the best-ranked, and the agent is asked to narrow the search.
    too_many: bool = False
    # How many persons match (registry.search.PersonList): exact, or an estimate, or a
    # lower bound when the count stopped.
    total: int = 0
    total_is_exact: bool = True
    total_is_lower_bound: bool = False
    # « Vouliez-vous dire ? »: never the persons of `rows`, never chosen for the agent.
    suggestions: list[SuggestedPerson] = field(default_factory=list)
    limit: int = RESULT_LIMIT

    @property
    def listed(self) -> list[Person]:
        """Every person the page lists: the persons found, then those suggested."""
        return [row.person for row in self.rows] + [row.person for row in self.suggestions]

    @property
    def narrow_the_search(self) -> bool:
        """Whether to ask the agent to narrow the search (« Plus de 100 personnes… »)."""
        return self.too_many

    @property
    def total_display(self) -> str:
        """The count as the page writes numbers (2 000 in French, 2.000 in Dutch)."""
        return number_format(self.total, force_grouping=True)


def find_persons(
    *,
    cpas,
    niss: str | None = None,
    last_name: str = "",
    birth_date: PartialDate | None = None,
    first_names: str = "",
    tolerance: int = 0,
    sex: str | None = None,
) -> SearchResult:
    """The persons with this NISS (11 digits), or sounding like `last_name` and born in the
    window of `birth_date` ± `tolerance`, best first; each with its open dossier in `cpas`."""
    suggestions = []
    if niss is not None:
        person = find_by_niss(niss)
        found = PersonList([person] if person is not None else [])
    else:
        found = search_by_sound(
            last_name=last_name,
            birth_date=birth_date,
            first_names=first_names,
            tolerance=tolerance,
            sex=sex,
            limit=RESULT_LIMIT,
        )
        criteria = {"first_names": first_names, "tolerance": tolerance, "sex": sex}
        suggestions = suggested(last_name, birth_date, found=list(found), **criteria)
    persons = list(found)
    open_dossiers = open_dossiers_of(cpas, persons + [row.person for row in suggestions])
    rows = [FoundPerson(person, open_dossiers.get(person.pk)) for person in persons]
    for row in suggestions:
        row.open_dossier = open_dossiers.get(row.person.pk)
    return SearchResult(
        rows=rows,
        too_many=found.truncated,
        total=found.estimated_total,
        total_is_exact=found.total_is_exact,
        total_is_lower_bound=found.total_is_lower_bound,
        suggestions=suggestions,
        limit=RESULT_LIMIT,
    )


def find_suggestions(
    *,
    cpas,
    last_name: str,
    birth_date: PartialDate,
    first_names: str = "",
    tolerance: int = 0,
    sex: str | None = None,
) -> SearchResult | None:
    """For a birth date typed that does not exist (31/02/1988, month 13), which the form
    refuses and nobody has: the persons suggested with a slip corrected, None if none."""
    criteria = {"first_names": first_names, "tolerance": tolerance, "sex": sex}
    suggestions = suggested(last_name, birth_date, found=None, **criteria)
    if not suggestions:
        return None
    open_dossiers = open_dossiers_of(cpas, [row.person for row in suggestions])
    for row in suggestions:
        row.open_dossier = open_dossiers.get(row.person.pk)
    return SearchResult(suggestions=suggestions)


def suggested(last_name: str, birth_date: PartialDate, *, sex, **criteria):
    """The registry's suggestions as rows, each with what differs from the typed criteria."""
    rows = []
    for reason, persons in suggest_persons(last_name, birth_date, sex=sex, **criteria):
        for person in persons:
            differs = set(differing_parts(birth_date, person.birth_date))
            if reason == Reason.NAMES:
                differs.add("names")
            if sex and person.sex != sex:
                differs.add("sex")
            rows.append(SuggestedPerson(person, reason, frozenset(differs)))
    return rows


def open_dossiers_of(cpas, persons: list[Person]) -> dict[int, Dossier]:
    """The open dossier of each of these persons in `cpas`, by person id (one query)."""
    return {
        dossier.person_id: dossier
        for dossier in Dossier.objects.for_cpas(cpas).open().of_persons(persons)
    }
