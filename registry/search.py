"""Finding registry persons: by NISS, or phonetically by name within a birth-date window.

Plain functions, called by the dossier views and the `evaluate_search` command. The phonetic
search follows the CBSS IdentifyPerson service: surname and birth date are mandatory, the day
or the day and month may be `00`, and a tolerance of 0 to 10 widens the window.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from registry import given_names, phonetics
from registry.candidates import (
    LONGEST_UNKNOWN_SPAN,
    NameSource,
    PersonSource,
    Window,
    looked_up,
    matching_given_forms,
    nearest_candidates,
    persons_by_id,
    read_window,
    surname_scores,
)
from registry.models import Person, SurnameKey
from registry.niss import normalize_niss
from registry.partial_date import PartialDate

MAX_TOLERANCE = 10
# A window of at most this many candidates (persons, or given-name rows with a first name)
# is read whole and ranked: the list and its count are exact. A larger one is read nearest
# first, by score tiers, until more than the list holds are certain to match as well as any
# person left unread (`registry.candidates`).
READ_ALL_UP_TO = 400
# A larger window is counted up to this many candidates, for the estimate the page shows.
COUNT_UP_TO = 2000


class PersonList(list):
    """The persons a phonetic search returns, best first (a plain list for every caller).

    `truncated`: more persons match than the list holds, so the list has the best-ranked of
    them (nearest to the typed date among equals) and the agent should narrow the search.
    `estimated_total`: how many persons match; exact when `total_is_exact`, otherwise an
    estimate (the candidates of the window, counted without ranking them), and a lower bound
    when `total_is_lower_bound` (counting stopped at COUNT_UP_TO). Slices of the list are
    plain lists: read these first.
    """

    truncated: bool = False
    estimated_total: int = 0
    total_is_exact: bool = True
    total_is_lower_bound: bool = False

    def __init__(
        self,
        persons=(),
        *,
        truncated: bool = False,
        estimated_total: int | None = None,
        total_is_exact: bool = True,
        total_is_lower_bound: bool = False,
    ):
        super().__init__(persons)
        self.truncated = truncated
        self.estimated_total = len(self) if estimated_total is None else estimated_total
        self.total_is_exact = total_is_exact
        self.total_is_lower_bound = total_is_lower_bound


def find_by_niss(text: str) -> Person | None:
    """The person with this NISS or BIS number; ValidationError when the number is malformed."""
    niss = normalize_niss(text)
    return Person.objects.with_addresses().filter(niss=niss).first()


def validate_tolerance(tolerance) -> int:
    try:
        value = int(tolerance)
    except (TypeError, ValueError) as error:
        raise ValidationError(
            _("La tolérance doit être un nombre de 00 à 10."), code="tolerance"
        ) from error
    if not 0 <= value <= MAX_TOLERANCE:
        raise ValidationError(_("La tolérance doit être un nombre de 00 à 10."), code="tolerance")
    return value


def window_for(birth_date: str, tolerance: int) -> tuple[date, date]:
    """The dates searched for a typed birth date (`JJ/MM/AAAA`, 00 if unknown) and tolerance."""
    return PartialDate.parse(birth_date).window(validate_tolerance(tolerance))


def phonetic_search(
    last_name: str,
    birth_date: str,
    *,
    first_names: str = "",
    tolerance: int = 0,
    sex: str | None = None,
    limit: int = 100,
) -> PersonList:
    """Persons whose surname sounds like `last_name`, born in the window, best match first,
    from text as typed (the evaluation, benchmarks, scripts). Forms validate the criteria
    themselves and call `search_by_sound` with typed values.

    At most `limit` persons are listed; the list's `truncated` says when more match, and its
    `estimated_total` about how many. Bad input raises one ValidationError with a message per
    field (`last_name`, `birth_date`, `tolerance`, `sex`).
    """
    errors: dict[str, ValidationError] = {}
    if not is_searchable_surname(last_name or ""):
        errors["last_name"] = ValidationError(_("Veuillez indiquer le nom."), code="required")
    try:
        tolerance = validate_tolerance(tolerance)
    except ValidationError as error:
        errors["tolerance"] = error
    try:
        born = PartialDate.parse(birth_date)
    except ValidationError as error:
        errors["birth_date"] = error
    if sex not in (None, "", "M", "F"):
        errors["sex"] = ValidationError(_("Sexe invalide."), code="sex")
    if errors:
        raise ValidationError(errors)
    return search_by_sound(
        last_name=last_name,
        birth_date=born,
        first_names=first_names,
        tolerance=tolerance,
        sex=sex or None,
        limit=limit,
    )


def suggest_persons(last_name: str, birth_date, **criteria):
    """« Vouliez-vous dire ? »: see `registry.suggest.suggest_persons` (imported here when
    called, as that module builds on this one)."""
    from registry.suggest import suggest_persons as suggest

    return suggest(last_name, birth_date, **criteria)


def is_searchable_surname(last_name: str) -> bool:
    """Whether a surname has something to search by (not only spaces, digits or signs)."""
    return bool(phonetics.surname_index(last_name))


def search_by_sound(
    *,
    last_name: str,
    birth_date: PartialDate,
    first_names: str = "",
    tolerance: int = 0,
    sex: str | None = None,
    limit: int = 100,
) -> PersonList:
    """`phonetic_search` on values a form has already validated (a searchable surname, a
    PartialDate, a tolerance of 0 to MAX_TOLERANCE, "M", "F" or None): it raises nothing.

    The registry's surnames sounding like the typed one are looked up first, and with a first
    name the registry's given-name forms it may be; the persons are then read by those only
    (`registry.candidates`): all of them when the window is small, else, the surnames scored
    by their spellings, nearest first.
    """
    first_names = first_names or ""
    surnames, forms_found = looked_up(last_name, first_names)
    if not surnames:
        return PersonList()
    start, end = birth_date.window(tolerance)
    typed_start, typed_end = birth_date.window(0)
    window = Window(start, end, typed_start, typed_end, sex or None)
    if given_names.query_forms(first_names):
        forms = matching_given_forms(first_names, forms_found)
        if not forms:
            return PersonList()
        source = NameSource(dict.fromkeys(surnames, 1.0), forms, window)
    else:
        source = PersonSource(dict.fromkeys(surnames, 1.0), window)
    counted, rows, per_key = read_window(source, COUNT_UP_TO, READ_ALL_UP_TO)
    if rows is not None:
        ranked = phonetics.rank(last_name, first_names, sex or None, rows)
        return listed(ranked, window, limit, total=len(ranked))
    if counted <= COUNT_UP_TO:  # the count is whole: only the surnames met in the window
        surnames = sorted({key[0] if isinstance(key, tuple) else key for key in per_key})
    source.surnames = surname_scores(last_name, surnames)
    if not source.surnames:
        return PersonList()
    return by_tiers(source, last_name, first_names, limit, counted, per_key)


def by_tiers(source, last_name: str, first_names: str, limit: int, counted: int, per_key):
    """A large window read nearest the typed date first, by tiers of keys, best potential
    first, from the indexes alone; only the persons listed are then read and ranked.

    A key's potential is the best score a person it reads can have (its surname's, with its
    form's when a first name is typed). When the count did not stop, each key's count
    (`per_key`) tells which keys to read: the best ones until more than `limit` candidates
    have at least the potential of the next (nobody else can rank above them; equals are
    listed nearest the typed date first), none below the ranking's relative gap: one
    reading. Otherwise the keys are read tier by tier, until more than `limit` candidates
    read have at least the next tier's potential, or the next tier falls below the gap.
    """
    gap = phonetics.RELATIVE_GAP
    potentials = source.potentials()
    complete = counted <= COUNT_UP_TO
    keys = sorted(
        (key for key in potentials if not complete or key in per_key),
        key=lambda key: -potentials[key],
    )
    found: dict[int, tuple[float, int]] = {}  # person id → (potential, distance)

    def read(batch) -> bool:
        candidates, more = nearest_candidates(source, batch, limit + 1)
        for distance, person_id, key in candidates:
            mine = (potentials[key], -distance)
            known = found.get(person_id)
            if known is None or mine > (known[0], -known[1]):
                found[person_id] = (potentials[key], distance)
        return more

    more_unread = False
    if complete and keys:
        best = potentials[keys[0]]
        planned, expected = [], 0
        for key in keys:
            potential = potentials[key]
            if potential < best - gap:
                break
            if expected > limit and potential < potentials[planned[-1]]:
                more_unread = True  # more than the list's worth rank at least as well
                break
            planned.append(key)
            expected += per_key[key]
        more_unread = read(planned) or more_unread or expected > limit
    position = 0 if not complete else len(keys)
    while position < len(keys):
        potential = potentials[keys[position]]
        best = max((known for known, _distance in found.values()), default=potential)
        if potential < best - gap:
            break
        if sum(known >= potential for known, _distance in found.values()) > limit:
            more_unread = True
            break
        batch = [key for key in keys[position:] if potentials[key] == potential]
        position += len(batch)
        more_unread = read(batch) or more_unread
    chosen = sorted(found, key=lambda person_id: (-found[person_id][0], found[person_id][1]))
    # One typed first name or none: a key's potential is its persons' score. Several: the
    # ranking may refuse some (every typed name must match), so more are read to rank.
    several = sum(len(name) for name in phonetics._given_names(first_names)) > 1
    rows = persons_by_id(chosen[: limit * 4 if several else limit + 1])
    ranked = phonetics.rank(last_name, first_names, source.window.sex, rows)
    best = ranked[0].score if ranked else 0.0
    if complete:
        total = sum(count for key, count in per_key.items() if potentials.get(key, 0) >= best - gap)
    else:
        total = COUNT_UP_TO
    return listed(
        ranked,
        source.window,
        limit,
        total=max(total, len(ranked)),
        truncated=more_unread or len(chosen) > limit,
        exact=False,
        lower_bound=not complete,
    )


def listed(
    ranked: list,
    window: Window,
    limit: int,
    *,
    total: int,
    truncated: bool = False,
    exact: bool = True,
    lower_bound: bool = False,
) -> PersonList:
    """The first `limit` ranked candidates as persons (built from their rows: no second
    query). A truncated list has, among equal scores, the persons nearest the typed date."""
    truncated = truncated or len(ranked) > limit
    if truncated:
        ranked = sorted(
            ranked,
            key=lambda candidate: (
                -candidate.score,
                window.distance(candidate.person.birth_date_min, candidate.person.birth_date_max),
            ),
        )
    db = Person.objects.db
    return PersonList(
        (Person.from_db(db, COLUMNS, tuple(candidate.person)) for candidate in ranked[:limit]),
        truncated=truncated,
        estimated_total=total,
        total_is_exact=exact,
        total_is_lower_bound=lower_bound,
    )


COLUMNS = [field.attname for field in Person._meta.concrete_fields]


def surnames_sounding_like(last_name: str):
    """The registry's surnames sharing a phonetic key with the typed name (an index lookup)."""
    return SurnameKey.objects.filter(key__in=phonetics.query_keys(last_name)).values_list(
        "surname_index", flat=True
    )


def persons_born_between(surnames: list[str], start: date, end: date, *, sex: str | None = None):
    """Persons with one of these surnames whose possible birth dates overlap [start, end].

    Uses the index `person_surname_window` (surname, birth_date_min, birth_date_max, sex):
    the lower bound on birth_date_min keeps the range scan short, the other conditions are
    checked on the index entries found.
    """
    candidates = Person.objects.filter(
        surname_index__in=surnames,
        birth_date_min__gte=start - LONGEST_UNKNOWN_SPAN,
        birth_date_min__lte=end,
        birth_date_max__gte=start,
    )
    if sex:
        candidates = candidates.filter(sex=sex)
    return candidates
