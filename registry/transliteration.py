"""Other spellings of the same name: names from other alphabets as agents type them, and the
first names Belgians use for one another (issue #17). Pure functions on strings.

An agent types what they hear or what they are used to writing. A Polish « Kowalczyk » is
said « Kovaltchik » and typed « Kowaltchyk »; a Czech « Dvořák » is typed « Dvorjak »; a
Turkish « Doğan » is typed « Doan », « Şahin » « Chahin »; a German « Müller » « Mueller »;
Muhammad is written Mohamed, Mohammed, Mouhamed. `surname_sound_spellings` gives, for a
surname as typed or registered, the spellings of its sounds in the agent's alphabet, besides
the name itself. They are *added* to what the phonetic keys already match
(`registry.phonetics`: both the stored and the typed name get them, and two names match when
one spelling of each shares a key): nothing that matched before stops matching.

First names: `soft_g` writes the French soft g as j (Geoffrey and Joffrey, Gérard and Jérard,
Georges and Jorge), and `short_form_group` names the group of a Belgian short form (Jef and
Jozef, Mia and Maria, Wim and Willem): the given-name keys and the ranking use both
(`registry.phonetics`, `registry.given_names`).
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Letters that say how the name is pronounced, as an agent would write the sound. Those with
# two readings (ç: French « s », Turkish « tch ») give both.
_PRONOUNCED = {
    "š": ("sh",),  # Czech, Slovak, Croatian, Latvian
    "ś": ("sh",),  # Polish
    "ş": ("sh",),  # Turkish, Romanian
    "ș": ("sh",),  # Romanian (comma below)
    "ž": ("j",),  # Czech, Slovak (French j)
    "ż": ("j",),  # Polish
    "ź": ("j",),
    "č": ("tch",),  # Czech, Slovak, Croatian
    "ć": ("tch",),  # Polish, Croatian
    "ç": ("s", "tch"),  # French François; Turkish Çelik
    "ř": ("rj",),  # Czech Dvořák
    "ğ": ("",),  # Turkish soft g: Doğan is said « Doan »
    "ñ": ("nj",),  # Spanish Muñoz
    "ä": ("ae",),  # German, Dutch: Mäder, Jäger
    "ö": ("oe",),  # German, Turkish: Schröder, Öztürk
    "ü": ("ue",),  # German, Turkish: Müller, Türk
    "ő": ("oe",),  # Hungarian
    "ű": ("ue",),
    "ł": ("w",),  # Polish ł sounds like w: Michał
}
_PRONOUNCED_LETTERS = frozenset(_PRONOUNCED) | {letter.upper() for letter in _PRONOUNCED}

# Clusters spelt one way in the name's language and another in the agent's: each rewrite is
# applied everywhere in the name (lower-case ASCII).
_CLUSTERS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), r)
    for p, r in [
        (r"tsch|cz", "tch"),  # German tsch, Polish cz: Kowalczyk « Kowaltchyk »
        (r"sz", "sh"),  # Polish sz: Szymański « Shimanski », « Chimanski »
        (r"w", "v"),  # Polish, German w: Nowak « Novak », Wójcik « Voitchik »
        (r"kh", "h"),  # Arabic kh written h by some: Khaled / Haled
        (r"m(?:o|u|ou)h?a+m+(?:a|e)d", "mohamed"),  # Mohamed, Mohammed, Muhammad, Mouhamed
    ]
]


@functools.lru_cache(maxsize=65536)
def surname_sound_spellings(name: str) -> frozenset[str]:
    """Other spellings of the sounds of a surname, lower-case ASCII, separators kept (the
    phonetic keys fold them): `Kowalczyk` → {`kovaltchyk`}, `Doğan` → {`doan`}, `Müller` →
    {`mueller`}, `Mohammed` → {`mohamed`}. Empty when the name has no such letter or cluster.
    """
    spellings = {_lower_ascii(variant) for variant in _pronounced_variants(name)}
    plain = _lower_ascii(name)
    spellings.add(plain)
    for spelling in list(spellings):
        rewritten = spelling
        for pattern, replacement in _CLUSTERS:
            rewritten = pattern.sub(replacement, rewritten)
        spellings.add(rewritten)
    spellings.discard(plain)
    spellings.discard("")
    return frozenset(spellings)


def _pronounced_variants(name: str) -> list[str]:
    """The name with each pronounced letter written as it sounds (both readings of ç)."""
    if not _PRONOUNCED_LETTERS.intersection(name):
        return []
    variants = [""]
    for char in name:
        readings = _PRONOUNCED.get(char.lower())
        if readings is None:
            variants = [variant + char for variant in variants]
        else:
            variants = [variant + reading for variant in variants for reading in readings]
    return variants


def _lower_ascii(text: str) -> str:
    """Lower-case, accents dropped, anything but letters, spaces, hyphens and apostrophes
    dropped (registry.phonetics normalises what is left)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if ch.isascii() and (ch.isalpha() or ch in " -'"))


# --- first names ------------------------------------------------------------------------------

_SOFT_G = [
    (re.compile(r"ge(?=[aou])"), "j"),  # Geoffrey « Joffrey », Georges « Jorge »
    (re.compile(r"g(?=[eiy])"), "j"),  # Gérard « Jérard », Gilles « Jilles »
]


@functools.lru_cache(maxsize=65536)
def soft_g(token: str) -> str:
    """A given name (lower-case ASCII) with the French soft g written j: geoffrey → joffrey."""
    for pattern, replacement in _SOFT_G:
        token = pattern.sub(replacement, token)
    return token


# Belgian short forms and the names they stand for (lower-case ASCII, no accents). A group
# is named by its first name. Only forms that stand for one name here: « Jo » (Johan,
# Johanna, Jozef) or « Jan » (a name of its own) are left out.
_SHORT_FORMS = {
    "jozef": "jef jos sjef joseph jozeph",
    "maria": "mia ria mieke marie",
    "willem": "wim willy",
    "sophie": "sofie fie",
    "elisabeth": "els lies liesbeth lisbeth elise",
    "catharina": "trien katrien catherine",
    "petrus": "piet",
    "hendrik": "henk driek",
    "gustaaf": "staf guus gustave",
    "franciscus": "frans sus",
    "theresia": "trees therese",
    "margaretha": "greet griet margriet gretel",
    "alfons": "fons alphonse",
    "nicolaas": "klaas nico nicolas",
    "bartholomeus": "bart",
    "cornelis": "kees",
    "jacobus": "koos jaak",
    "emmanuel": "manu",
    "godelieve": "lieve",
    "alexander": "sander alexandre",
    "johannes": "hans",
}
_GROUP_OF = {
    name: group for group, forms in _SHORT_FORMS.items() for name in (group, *forms.split())
}


def short_form_group(token: str) -> str | None:
    """The group of a given name that has Belgian short forms (`jef` → `jozef`), or None."""
    return _GROUP_OF.get(token)
