"""First names in the database (issue #17): the forms a person's given names are found by,
their keys, and the forms a typed first name matches. Pure functions on strings.

At national scale a common surname with a year-only date has thousands of persons in its
window; the first name typed is what tells them apart, so the search filters on it in SQL
rather than in Python. Each person has one row per *form* of their given names
(`registry.models.PersonName`: « Jean-Pierre Jacques » gives `jean`, `pierre`, `jeanpierre`
and `jacques`), indexed by surname, form and birth date. A typed first name is matched
against the registry's forms as the surnames are (`registry.phonetics`): each form has keys
(`GivenNameKey`: the spelling, its code with the soft g written j, the forms one letter
shorter, the consonant skeleton, the Belgian short-form group) and the typed name looks its
own keys up; the forms found are kept when the ranking would accept them
(`matching_forms`). The persons read are then ranked as before.

Every form the ranking accepts for a typed first name shares a key with it, so this filter
drops nobody the ranking would list (checked on the evaluation set: none of its 373 persons
whose first name the ranking accepts is lost; an acceptance by Jaro-Winkler alone, which no
key reaches, would be).
"""

from __future__ import annotations

import functools

from registry import phonetics
from registry.transliteration import short_form_group

MAX_FORM_LENGTH = 150  # the person's `first_names` column; a glued form is no longer
MIN_DELETION_LENGTH = 3  # Jan: its forms one letter shorter are keys too (Jn, Ja, An)


def person_forms(first_names: str) -> set[str]:
    """The forms a person is found by: each hyphen part of each given name and each hyphenated
    name glued (lower-case ASCII): `Jean-Pierre Jacques` → jean, pierre, jeanpierre, jacques."""
    forms: set[str] = set()
    for tokens in phonetics._given_names(first_names or ""):
        forms.update(tokens)
        if len(tokens) > 1:
            forms.add("".join(tokens))
    return {form[:MAX_FORM_LENGTH] for form in forms}


def query_forms(first_names: str) -> set[str]:
    """The forms a typed first name is looked up by. The ranking wants every typed given name
    matched, or all of them read as one compound name (`Jean Pierre` = `Jean-Pierre`): a
    person it accepts has a form matching the first typed name's first part, that name
    glued, or all typed names glued."""
    names = phonetics._given_names(first_names or "")
    if not names:
        return set()
    forms = {names[0][0], "".join(names[0]), "".join(token for name in names for token in name)}
    return {form[:MAX_FORM_LENGTH] for form in forms}


@functools.lru_cache(maxsize=65536)
def form_keys(form: str) -> frozenset[str]:
    """The keys stored for one registered form (`GivenNameKey`)."""
    code = phonetics.given_code(form)
    keys = {"=" + form, "=" + code, "=" + phonetics.phonetic_code(form)}
    for text in (form, code):
        if len(text) >= MIN_DELETION_LENGTH:
            keys.update("-" + deleted for deleted in phonetics._deletions(text))
    keys.update(_shared_keys(form, code))
    return frozenset(key for key in keys if len(key) > 1)


@functools.lru_cache(maxsize=4096)
def lookup_keys(form: str) -> frozenset[str]:
    """The keys a typed form looks up: two forms one letter apart always share one (the
    symmetric-deletion trick of the surname keys), and so do forms with the same code,
    consonant skeleton or short-form group."""
    code = phonetics.given_code(form)
    keys = {"=" + form, "=" + code, "=" + phonetics.phonetic_code(form), "-" + form, "-" + code}
    for text in (form, code):
        if len(text) >= MIN_DELETION_LENGTH:
            for deleted in phonetics._deletions(text):
                keys.update(("-" + deleted, "=" + deleted))
    keys.update(_shared_keys(form, code))
    return frozenset(key for key in keys if len(key) > 1)


def _shared_keys(form: str, code: str) -> set[str]:
    keys = set()
    skeleton = phonetics._skeleton(code)
    if len(skeleton) >= MIN_DELETION_LENGTH:
        keys.add("#" + skeleton)
    group = short_form_group(form)
    if group is not None:
        keys.add("~" + group)
    return keys


def typed_lookup_keys(first_names: str) -> set[str]:
    """Every key a typed first name looks up."""
    keys: set[str] = set()
    for form in query_forms(first_names):
        keys |= lookup_keys(form)
    return keys


def matching_forms(first_names: str, forms) -> dict[str, float]:
    """Of the registry's `forms` sharing a key with the typed first name, those the ranking
    accepts, each with its similarity (the best over the typed forms)."""
    typed = query_forms(first_names)
    matches = {}
    for form in forms:
        score = max(phonetics._given_token_sim(mine, form) for mine in typed)
        if score >= phonetics.FIRSTNAME_MIN:
            matches[form] = score
    return matches
