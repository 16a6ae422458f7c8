"""Phonetic keys of surnames (placeholder until the tuned key design lands)."""

from __future__ import annotations

import unicodedata

import jellyfish


def surname_index(last_name: str) -> str:
    """Upper-case letters only, accents removed: `Van den Broeck` → `VANDENBROECK`."""
    decomposed = unicodedata.normalize("NFKD", last_name)
    return "".join(ch for ch in decomposed if ch.isalpha() and ch.isascii()).upper()


def surname_keys(last_name: str) -> set[str]:
    flat = surname_index(last_name)
    if not flat:
        return set()
    return {"S" + jellyfish.soundex(flat), "N" + jellyfish.nysiis(flat)}


def query_keys(last_name: str) -> set[str]:
    return surname_keys(last_name)


def rank(last_name: str, first_names: str, candidates: list) -> list:
    typed = surname_index(last_name)
    scored = [
        (jellyfish.jaro_winkler_similarity(typed, person.surname_index), person)
        for person in candidates
    ]
    return [person for score, person in sorted(scored, key=lambda pair: -pair[0]) if score > 0.8]
