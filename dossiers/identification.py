"""Step 1–2 of the flow: run the registry search an IdentificationForm describes.

Kept out of the view so that the view stays a few lines, and out of the registry because the
result list is about dossiers (which persons already have one here).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from dossiers.forms import BIRTH_DATE_ERROR_FIELD, BY_NISS, IdentificationForm
from dossiers.models import Dossier
from registry.models import Person
from registry.search import find_by_niss, phonetic_search

RESULT_LIMIT = 100
# The registry reports errors on its own argument names; the form has three date boxes.
REGISTRY_FIELD = {"last_name": "last_name", "tolerance": "tolerance", "sex": "sex"}


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


def search_persons(form: IdentificationForm, *, cpas) -> SearchResult | None:
    """The persons found for a valid form, best first; None when the registry refused the
    criteria (the errors are then on the form's fields)."""
    data = form.cleaned_data
    candidates_capped = False
    try:
        if data["mode"] == BY_NISS:
            person = find_by_niss(data["niss"])
            persons = [person] if person is not None else []
        else:
            persons = phonetic_search(
                data["last_name"],
                form.birth_date_text(data),
                first_names=data.get("first_names", ""),
                tolerance=data.get("tolerance", 0),
                sex=data.get("sex") or None,
                limit=RESULT_LIMIT + 1,
            )
            candidates_capped = persons.truncated
    except ValidationError as error:
        _add_registry_errors(form, error)
        return None
    too_many = len(persons) > RESULT_LIMIT
    persons = persons[:RESULT_LIMIT]
    open_dossiers = {
        dossier.person_id: dossier
        for dossier in Dossier.objects.for_cpas(cpas).open().of_persons(persons)
    }
    rows = [FoundPerson(person, open_dossiers.get(person.pk)) for person in persons]
    return SearchResult(rows=rows, too_many=too_many, candidates_capped=candidates_capped)


def _add_registry_errors(form: IdentificationForm, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error("niss" if form.cleaned_data["mode"] == BY_NISS else None, error)
        return
    for key, errors in error.error_dict.items():
        for item in errors:
            if key == "birth_date":
                name = BIRTH_DATE_ERROR_FIELD.get(item.code, "birth_day")
            else:
                name = REGISTRY_FIELD.get(key)
            form.add_error(name, item)
