"""Reads of the dossiers app that compose: the persons an identification finds, with the open
dossier each has in the agent's CPAS.

The criteria arrive typed and valid (the identification form's `search_criteria()`): this
module raises no validation error and never writes into a form.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dossiers.models import Dossier
from registry.models import Person
from registry.partial_date import PartialDate
from registry.search import find_by_niss, search_by_sound

RESULT_LIMIT = 100


@dataclass
class FoundPerson:
    person: Person
    open_dossier: Dossier | None = None


@dataclass
class SearchResult:
    rows: list[FoundPerson] = field(default_factory=list)
    # More persons than the page lists (RESULT_LIMIT) were found.
    too_many: bool = False
    # More candidates than the registry ranks were in the window (registry.search's
    # CANDIDATE_CAP): the rows are the best-ranked of those read, someone may be missing.
    candidates_capped: bool = False

    @property
    def narrow_the_search(self) -> bool:
        """Whether to ask the agent to narrow the search ("Trop de résultats")."""
        return self.too_many or self.candidates_capped


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
    candidates_capped = False
    if niss is not None:
        person = find_by_niss(niss)
        persons = [person] if person is not None else []
    else:
        found = search_by_sound(
            last_name=last_name,
            birth_date=birth_date,
            first_names=first_names,
            tolerance=tolerance,
            sex=sex,
            limit=RESULT_LIMIT + 1,
        )
        candidates_capped = found.truncated
        persons = list(found)
    too_many = len(persons) > RESULT_LIMIT
    persons = persons[:RESULT_LIMIT]
    open_dossiers = {
        dossier.person_id: dossier
        for dossier in Dossier.objects.for_cpas(cpas).open().of_persons(persons)
    }
    rows = [FoundPerson(person, open_dossiers.get(person.pk)) for person in persons]
    return SearchResult(rows=rows, too_many=too_many, candidates_capped=candidates_capped)
