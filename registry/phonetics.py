"""Phonetic keys and ranking of surnames and given names for the registry search.

Pure functions on strings (stdlib and ``jellyfish``), no database access:

* :func:`surname_index` is a surname's normalised form, the column that persons and their
  keys share (``Person.surname_index``, ``SurnameKey.surname_index``).
* :func:`surname_keys` computes, when a surname is stored, its small set of phonetic keys
  (table ``SurnameKey(key, surname_index)``, see ``registry.models``).
* :func:`query_keys` computes the keys of a typed surname. ``registry.search`` finds the
  surnames sharing one of them, then the persons with those surnames born in the window of
  ``registry.partial_date.PartialDate.window``: two index look-ups, no scan.
* :func:`rank` scores that small candidate set in Python (:func:`surname_similarity`,
  :func:`firstname_similarity`) and drops weak candidates.

Key design
----------
A surname is normalised (:func:`normalise`: accents, case and separators removed, particles
kept and glued: ``Van den Broeck`` == ``Vandenbroeck``, ``D'Hondt`` == ``Dhondt``,
``De La Croix`` == ``Delacroix``) and folded by :func:`phonetic_code`, a Belgian-oriented
normaliser (Dutch ``ae/aa`` -> ``a``, ``ij/ei/ey/y`` -> ``i``, ``oe/ou`` -> ``u``,
``ck/c/q/qu`` -> ``k``, ``ph`` -> ``f``, ``th`` -> ``t``, ``dt``/final ``d`` -> ``t``,
French ``eau/au`` -> ``o``, nasal ``en`` -> ``an``, ``z`` -> ``s``, ``sh/ch`` -> one symbol,
silent ``h``, doubled letters ...).  Stored keys (:func:`surname_keys`):

* ``=<form>`` for the two *whole-name forms*: the phonetic code and the plain spelling;
* ``-<form minus one letter>``: the *deletion neighbourhood* of both forms (forms of 4+
  letters, single-part names only).  With the query-side keys of :func:`query_keys`, two
  forms one insertion, deletion, substitution or transposition apart always share a key
  (symmetric-deletion trick): this absorbs one typing mistake (on the spelling) *and* one
  residual spelling difference the folding does not catch (on the code: Wauters/Wouters,
  Thibeau/Thibaut, Meyer/Maier);
* ``=<part code>`` for each part of a double surname (``Dupont-Lambert``, ``Gomes Lopes``,
  ``Verschelde-Van den Broeck`` -> ``verschelde`` + ``vandenbroeck``; a part keeps its own
  particles) and for the name without a leading Arabic article (``El Alami`` -> ``alami``).
  A double name gets no deletion keys: a typo hits one part only, the other part still
  matches.

Mean 13-14 keys per person (max 33 for very long single names such as Vandermensbrugghe).

In the database, keys belong to surnames (table ``SurnameKey``), see ``registry.models``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

import jellyfish

from registry.transliteration import short_form_group, soft_g, surname_sound_spellings


class Person(Protocol):
    """What ranking reads of a registry person (registry.models.Person fits)."""

    niss: str
    last_name: str
    first_names: str
    sex: str


@functools.lru_cache(maxsize=262144)
def surname_index(last_name: str) -> str:
    """Upper-case ASCII letters only: `Van den Broeck` and `Vandenbroeck` → `VANDENBROECK`.

    Groups the registry's spellings in the database; keys map to these groups.
    """
    decomposed = unicodedata.normalize("NFKD", last_name.translate(_SPECIAL_LETTERS))
    return "".join(ch for ch in decomposed if ch.isascii() and ch.isalpha()).upper()


# ---------------------------------------------------------------------------------------------
# 2. Normalisation and phonetic keys
# ---------------------------------------------------------------------------------------------

# Letters that NFKD does not decompose into ASCII base + combining mark.
_SPECIAL_LETTERS = str.maketrans(
    {
        "ł": "l",
        "Ł": "l",
        "ø": "o",
        "Ø": "o",
        "ß": "ss",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ı": "i",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "þ": "th",
        "ħ": "h",
        "ŀ": "l",
    }
)

# Particles that are glued to the following word to form one surname "part"
# (Dutch, French, Romance, Arabic, Berber).  They are *kept* in every key, never dropped,
# except the Arabic article (see _DROPPABLE_ARTICLES).
_PARTICLES = frozenset(
    [
        "van",
        "vanden",
        "vander",
        "vande",
        "von",
        "de",
        "den",
        "der",
        "des",
        "del",
        "della",
        "dello",
        "degli",
        "dei",
        "di",
        "da",
        "das",
        "dos",
        "do",
        "du",
        "d",
        "le",
        "la",
        "les",
        "lo",
        "li",
        "l",
        "el",
        "al",
        "ben",
        "bin",
        "ibn",
        "ait",
        "ter",
        "ten",
        "te",
        "op",
        "in",
        "t",
        "s",
        "mac",
        "mc",
        "o",
    ]
)
# The Arabic definite article is routinely omitted when a name is typed (El Alami / Alami).
_DROPPABLE_ARTICLES = frozenset({"el", "al"})

MIN_DELETION_CODE_LEN = 4  # deletion neighbourhood only for forms of 4+ letters


def _ascii_fold(text: str) -> str:
    """Lower-case, strip diacritics (Öztürk -> ozturk, Kozłowski -> kozlowski)."""
    text = text.translate(_SPECIAL_LETTERS)
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


def _words(text: str) -> list[str]:
    """Split a name into ASCII lower-case words on any non-letter (space, hyphen, apostrophe)."""
    return [w for w in re.split(r"[^a-z]+", _ascii_fold(text)) if w]


@functools.lru_cache(maxsize=65536)
def normalise(name: str) -> str:
    """Accent-, case- and separator-free form: ``"Van den Broeck"`` -> ``"vandenbroeck"``."""
    return "".join(_words(name))


# Ordered rewrite rules of the phonetic folder, applied to an already normalised string.
# Each entry is (regex, replacement).  They encode spelling equivalences of Dutch (Flemish),
# French, German, Spanish/Portuguese/Italian, Turkish and transliterated Arabic names.
_PHONETIC_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), r)
    for p, r in [
        (r"eaux?|aux$", "o"),  # French: Moreau/Moro, Delvaux/Delvau, Thibeau
        (r"au", "o"),  # French au = o (Laurent/Lorent, Gaubert/Gobert)
        (r"eij|ij|ei|ey", "y"),  # Dutch diphthong: Meijer/Meyer/Meier, Nijs/Neys
        (r"ae|aa", "a"),  # Dutch long a: Claes/Klaas, Praet/Praat
        (r"ph", "f"),  # Philip/Filip
        (r"th", "t"),  # Thibaut, Dethier
        (r"sch", "sg"),  # Dutch sch (Schepers): s + guttural g
        (r"x", "ks"),  # Blockx/Bloks, Hendrickx/Hendriks
        (r"sh|sj", "X"),  # sh/sj and French ch share one symbol ("X")
        (r"ch(?=[rl])", "k"),  # Christophe/Kristof, Chl- = Kl-
        (r"ch", "X"),  # Hachimi/Hashimi
        (r"gh", "g"),  # Aouragh/Aourag, Ghislain/Gislain
        (r"kh", "k"),  # Khasanov/Kasanov
        (r"ck|cq|qu|q", "k"),  # Tack/Tak, Marcq/Marc, Paquet/Paket
        (r"c(?=[eiy])", "s"),  # soft c
        (r"c", "k"),  # hard c: Claes/Klaas, Constantin/Konstantin
        (r"z", "s"),  # Gomez/Gomes, Yilmaz/Yilmas, Zeghers/Seghers
        (r"dt|d$", "t"),  # Dhondt/Dhont, Collard/Collart (final devoicing)
        (r"bv", "v"),  # Lefebvre/Lefèvre
        (r"v$|w$", "f"),  # Khasanov/Khasanoff
        (r"(?<=.)h", ""),  # silent / inconsistently typed h (initial h kept)
        (r"ou(?=[aei])", "w"),  # French transliteration ou + vowel = w (Ouali/Wali)
        (r"oe|ou", "u"),  # Dutch oe = French ou (Boeckx, Dumoulin)
        (r"ie", "i"),  # Pieters ~ Piters, Etienne
        (r"y", "i"),  # Tahiry/Tahiri, Pattyn/Pattijn, Muynck/Muijnck
        (r"en(?=[^aeiou]|$)", "an"),  # French nasal en = an (Renkin/Rankin, Laurent/Laurant)
        (r"(.)\1+", r"\1"),  # doubled letters: Hermanns, Goossens, Rizzo, Wilmotte
    ]
]


@functools.lru_cache(maxsize=65536)
def phonetic_code(name: str) -> str:
    """Fold a name to a Belgian-oriented phonetic code.

    The input may be raw (it is :func:`normalise`-d first).  Examples::

        Lefèbvre, Lefevre  -> lefevre        Claes, Klaas      -> klas
        Meyer, Meijer      -> mir            Mohammed, Mohamed -> moamet
        Vandenbroeck, Van den Broeck -> vandanbruk
    """
    s = normalise(name)
    for pattern, repl in _PHONETIC_RULES:
        s = pattern.sub(repl, s)
    return s


@functools.lru_cache(maxsize=65536)
def _surname_parts_cached(last_name: str) -> tuple[str, ...]:
    return tuple(_surname_parts(last_name))


def surname_parts(last_name: str) -> list[str]:
    """Split a surname into its *parts*, each part keeping its leading particles.

    Hyphens always separate parts; inside a hyphen segment, a word that is not a particle
    closes a part.  Returned parts are normalised (no spaces)::

        "Verschelde-Van den Broeck" -> ["verschelde", "vandenbroeck"]
        "Carvalho Dos Santos"       -> ["carvalho", "dossantos"]
        "Van den Broeck"            -> ["vandenbroeck"]
    """
    return list(_surname_parts_cached(last_name))


def _surname_parts(last_name: str) -> list[str]:
    """Uncached implementation of :func:`surname_parts`."""
    parts: list[str] = []
    for segment in re.split(r"-+", _ascii_fold(last_name)):
        words = [w for w in re.split(r"[^a-z]+", segment) if w]
        pending = ""
        for w in words:
            pending += w
            if w not in _PARTICLES:
                parts.append(pending)
                pending = ""
        if pending:  # segment made only of particles (e.g. typo "Vna") -> glue to previous
            if parts:
                parts[-1] += pending
            else:
                parts.append(pending)
    return parts


@functools.lru_cache(maxsize=65536)
def _article_free(last_name: str) -> tuple[str, ...]:
    """Normalised variants of the name without a leading Arabic article (El Alami -> alami)."""
    out = []
    for segment in re.split(r"-+", _ascii_fold(last_name)):
        words = [w for w in re.split(r"[^a-z]+", segment) if w]
        if len(words) >= 2 and words[0] in _DROPPABLE_ARTICLES:
            out.append("".join(words[1:]))
    return tuple(out)


def is_particles_only(name: str) -> bool:
    """Whether a name has words and all are particles (« Van », « de la »): no name alone."""
    words = _words(name)
    return bool(words) and all(word in _PARTICLES for word in words)


def _deletions(code: str) -> set[str]:
    """All strings obtained by deleting exactly one character of ``code``."""
    return {code[:i] + code[i + 1 :] for i in range(len(code))}


def _name_forms(last_name: str) -> tuple[set[str], set[str]]:
    """Return (whole-name forms, part/core forms).

    Whole-name forms are the phonetic code and the plain normalised spelling of the whole
    name; they get a deletion neighbourhood when the name is a single part.  Part/core forms
    are the codes of the parts of a double surname and of article-free cores.
    """
    parts = surname_parts(last_name)
    whole = {f for f in (phonetic_code(last_name), normalise(last_name)) if f}
    others: set[str] = set()
    if len(parts) > 1:
        others.update(phonetic_code(p) for p in parts)
    others.update(phonetic_code(c) for c in _article_free(last_name))
    for p in parts:
        others.update(phonetic_code(c) for c in _article_free(p) if c)
    others.update(sound_codes(last_name))
    others -= whole
    others.discard("")
    return whole, others


@functools.lru_cache(maxsize=65536)
def sound_codes(name: str) -> frozenset[str]:
    """The phonetic codes of the other spellings of a name's sounds, besides its own code
    (`registry.transliteration`: Kowalczyk as said, Doğan without its soft g, Müller with ue).
    They are ``=`` keys of the stored and of the typed name, without deletion neighbourhood."""
    codes = {phonetic_code(spelling) for spelling in surname_sound_spellings(name)}
    return frozenset(codes - {phonetic_code(name), ""})


def _is_double(last_name: str) -> bool:
    return len(surname_parts(last_name)) > 1


def surname_keys(last_name: str) -> set[str]:
    """Keys stored for a person's surname (computed at save time).

    * ``=<form>`` for the phonetic code and for the plain spelling of the whole name,
    * ``-<form minus one letter>``: deletion neighbourhood of both (forms of 4+ letters),
      only for single-part names - a double name is protected against a typo by its parts,
    * ``=<part code>`` one per part of a double surname and per article-free core, so that a
      query typing only one part (``Dupont`` for ``Dupont-Lambert``) hits with its whole code.

    Typically 8-20 keys (about twice the name length for single names, ``2 + number of
    parts`` for double names).
    """
    whole, others = _name_forms(last_name)
    if not whole:
        return set()
    keys = {"=" + f for f in whole | others}
    if not _is_double(last_name):
        for f in whole:
            if len(f) >= MIN_DELETION_CODE_LEN:
                keys.update("-" + d for d in _deletions(f))
    return keys


def query_keys(last_name: str) -> set[str]:
    """Keys to look up for a typed surname.

    Two forms ``a`` (query) and ``b`` (stored) within one edit of each other always meet:

    * ``a == b``                 -> ``=a`` meets ``=b``
    * ``b`` = ``a`` minus one     -> ``=b`` stored meets ``=`` + deletion of ``a`` (queried)
    * ``a`` = ``b`` minus one     -> ``-a`` (queried) meets stored deletion ``-a``
    * substitution/transposition -> a shared deletion ``-x``.

    Parts of a double query name and article-free cores are looked up with ``=`` too; for a
    stored double name the parts carry the typo tolerance (a typo hits only one part).
    """
    whole, others = _name_forms(last_name)
    if not whole:
        return set()
    keys = {"=" + f for f in whole | others}
    # Deletion keys are looked up even when the query looks like a double name: a typo in a
    # particle ("Vna Nuffel", "Van edr Elst") makes a single name look double.
    for f in whole:
        keys.add("-" + f)  # query lacks one letter: meets a stored deletion
        if len(f) >= MIN_DELETION_CODE_LEN:
            for d in _deletions(f):
                keys.add("-" + d)  # substitution / transposition: shared deletion
                keys.add("=" + d)  # query has one extra letter: meets the stored form
    return keys


# ---------------------------------------------------------------------------------------------
# 3. Ranking
# ---------------------------------------------------------------------------------------------


@dataclass
class Candidate:
    """A ranked result."""

    person: Person
    score: float
    surname_score: float
    firstname_score: float | None
    reason: str = ""


def _jw(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    return jellyfish.jaro_winkler_similarity(a, b)


@functools.lru_cache(maxsize=262144)
def _string_sim(a_raw: str, b_raw: str, a_code: str, b_code: str) -> float:
    """Similarity of two single names on spelling and on phonetic code (best of both)."""
    sim = max(_jw(a_raw, b_raw), _jw(a_code, b_code))
    if a_code == b_code and a_code:
        sim = max(sim, 0.98)  # same sounds: Claes / Klaas
    # one edit on a long enough name counts as a strong match even if the first letters differ
    for a, b in ((a_raw, b_raw), (a_code, b_code)):
        if min(len(a), len(b)) >= 4 and jellyfish.damerau_levenshtein_distance(a, b) <= 1:
            sim = max(sim, 0.93)
    return sim


PART_MATCH_FACTOR = 0.96  # a query matching only one part of a double name
OTHER_SPELLING = 0.97  # Kowaltchyk / Kowalczyk: the same sounds, spelt as another language does


def surname_similarity(query_last: str, candidate_last: str) -> tuple[float, str]:
    """Similarity in [0, 1] between a typed and a registered surname, with a reason label.

    Whole names are compared on their normalised spelling and on their phonetic code;
    a query matching one part of a double surname (or the registry matching one part of a
    double query) scores ``PART_MATCH_FACTOR`` times that part's similarity.
    """
    qn, rn = normalise(query_last), normalise(candidate_last)
    qc, rc = phonetic_code(query_last), phonetic_code(candidate_last)
    best = _string_sim(qn, rn, qc, rc)
    reason = "full"
    if best < OTHER_SPELLING and (sound_codes(query_last) | {qc}) & (
        sound_codes(candidate_last) | {rc}
    ):
        best = OTHER_SPELLING  # the same sounds in another alphabet's spelling
    q_parts = _alt_forms(query_last)
    r_parts = _alt_forms(candidate_last)
    for rp in r_parts:
        s = PART_MATCH_FACTOR * _string_sim(qn, rp, qc, phonetic_code(rp))
        if s > best:
            best, reason = s, "part"
    for qp in q_parts:
        s = PART_MATCH_FACTOR * _string_sim(qp, rn, phonetic_code(qp), rc)
        if s > best:
            best, reason = s, "query-part"
    return best, reason


@functools.lru_cache(maxsize=65536)
def _alt_forms(last_name: str) -> tuple[str, ...]:
    """Normalised parts (if several) and article-free cores of a surname."""
    parts = surname_parts(last_name)
    forms = list(parts) if len(parts) > 1 else []
    forms += _article_free(last_name)
    for p in parts:
        forms += _article_free(p)
    return tuple(f for f in dict.fromkeys(forms) if f)


def _given_names(first_names: str) -> list[list[str]]:
    """Given names as lists of hyphen tokens: ``"Jean-Pierre Jacques"`` ->
    ``[["jean", "pierre"], ["jacques"]]``."""
    out = []
    for word in _ascii_fold(first_names).split():
        toks = [t for t in re.split(r"[^a-z]+", word) if t]
        if toks:
            out.append(toks)
    return out


_VOWELS_RE = re.compile(r"[aeiouy]")


def _skeleton(code: str) -> str:
    """Consonant skeleton of a phonetic code (first letter kept even if a vowel)."""
    return code[:1] + _VOWELS_RE.sub("", code[1:]) if code else ""


FIRSTNAME_FALLBACK_PENALTY = 0.05


def _one_edit_given(a: str, b: str) -> bool:
    """One edit apart, with length guards for short given names.

    An inserted/dropped letter counts from 3 letters (Eic/Eric, Gert/Geert); a substituted
    or transposed letter from 4 letters (Emms/Emma), not on 3-letter names where it usually
    gives another name (Tom/Tim).  Typing slips are favoured over the rare false match of
    two distinct 4-letter names (Bart/Bert), which only adds a result.
    """
    if jellyfish.damerau_levenshtein_distance(a, b) != 1:
        return False
    shortest = min(len(a), len(b))
    return shortest >= 3 if len(a) != len(b) else shortest >= 4


@functools.lru_cache(maxsize=262144)
def _given_token_sim(a: str, b: str) -> float:
    """Similarity of two single given-name tokens (normalised), in [0, 1].

    Graded evidence, strongest first: identical spelling (1.0); identical phonetic code
    (Christof/Kristof, Tomas/Thomas: 0.98); one edit on spelling or code, with length guards
    (typos, Muhammed/Mohamed, Ahmad/Ahmed, Yasin/Yassine: 0.95, see :func:`_one_edit_given`);
    same consonant
    skeleton of 3+ consonants, i.e. transliteration vowels (Muhammad/Mohammed,
    Fatima/Fatma: 0.90); a Belgian short form of the name (Jef/Jozef: 0.90); otherwise
    Jaro-Winkler minus a penalty, because plain JW rewards shared prefixes of distinct names
    (Christine/Christelle). Codes write the French soft g j (Geoffrey/Joffrey: 0.98).
    """
    if a == b:
        return 1.0
    ac, bc = given_code(a), given_code(b)
    if ac == bc or phonetic_code(a) == phonetic_code(b):
        return 0.98
    if _one_edit_given(a, b) or _one_edit_given(ac, bc):
        return 0.95
    sa, sb = _skeleton(ac), _skeleton(bc)
    if sa == sb and len(sa) >= 3:
        return 0.90
    group = short_form_group(a)
    if group is not None and group == short_form_group(b):
        return SHORT_FORM
    return max(_jw(a, b), _jw(ac, bc)) - FIRSTNAME_FALLBACK_PENALTY


SHORT_FORM = 0.90  # Jef / Jozef, Wim / Willem: one name, as strong as a transliteration


@functools.lru_cache(maxsize=65536)
def given_code(token: str) -> str:
    """The phonetic code of one given name, the French soft g written j (Geoffrey and
    Joffrey: `jofri`)."""
    return phonetic_code(soft_g(token))


def _given_name_sim(q: list[str], r: list[str]) -> float:
    """Similarity of one typed given name (hyphen tokens ``q``) to one registered name ``r``.

    * a single typed token may be any token of a hyphenated name (``Jean`` ~ ``Jean-Pierre``)
      or the glued name (``Annemie`` ~ ``Anne-Mie``);
    * a hyphenated typed name must match token by token (``Marei-Paule`` ~ ``Marie-Paule``)
      or glued (``Anne-Mie`` ~ ``Annemie``), never just share one token.
    """
    joined = _given_token_sim("".join(q), "".join(r))
    if len(q) == 1:
        return max(joined, max(_given_token_sim(q[0], t) for t in r))
    if len(r) >= len(q):
        aligned = min(_given_token_sim(x, y) for x, y in zip(q, r, strict=False))
        return max(joined, aligned)
    return joined


def firstname_similarity(query_first: str, candidate_first: str) -> float | None:
    """How well typed first name(s) match a person's given names, in [0, 1].

    Returns ``None`` when nothing was typed.  Every typed given name must match one of the
    person's given names (any of them: agents type the call name, e.g. ``Leon`` for
    ``Jozef Leon``); the score is the weakest of those matches.  Spaces, hyphens and glued
    forms are interchangeable (``Jean Pierre`` / ``Jeanpierre`` / ``Jean-Pierre``), and one
    part of a hyphenated name may be typed alone (``Marie`` for ``Marie-Louise``).
    """
    q_names = _given_names(query_first)
    if not q_names:
        return None
    r_names = _given_names(candidate_first)
    if not r_names:
        return 0.0
    # reading 1: each typed name separately
    separate = min(max(_given_name_sim(q, r) for r in r_names) for q in q_names)
    if len(q_names) == 1:
        return separate
    # reading 2: the typed names form one compound name ("Jean Pierre" = "Jean-Pierre")
    compound = [t for q in q_names for t in q]
    together = max(_given_name_sim(compound, r) for r in r_names)
    return max(separate, together)


# Ranking parameters (tuned on one half of the evaluation queries, checked on the other).
SURNAME_MIN = 0.84  # absolute cut-off on surname similarity
FIRSTNAME_MIN = 0.88  # absolute cut-off on first-name similarity when one is typed
RELATIVE_GAP = 0.06  # drop candidates scoring more than this below the best one
SURNAME_WEIGHT = 0.6  # combined score = w * surname + (1 - w) * first name


def rank(
    query_last: str,
    query_first: str,
    query_sex: str | None,
    candidates: Iterable[Person],
) -> list[Candidate]:
    """Score a small candidate set and return the plausible matches, best first.

    * sex is a strict filter when given (the registry and the agent never disagreed on it in
      the evaluation data);
    * the surname must reach ``SURNAME_MIN``; typed first names, when given, must reach
      ``FIRSTNAME_MIN`` (they filter, with fuzzy matching, so that a family member born in the
      same window is not returned);
    * candidates more than ``RELATIVE_GAP`` below the best combined score are dropped, which
      keeps the list short when one clear match exists.
    """
    sex = (query_sex or "").strip().upper() or None
    query_first = query_first or ""
    has_first = bool(_given_names(query_first))
    # candidate sets repeat the same surnames / given names a lot: score each string once
    s_cache: dict[str, tuple[float, str]] = {}
    f_cache: dict[str, float | None] = {}
    scored: list[Candidate] = []
    for p in candidates:
        if sex and p.sex and p.sex.upper() != sex:
            continue
        if p.last_name not in s_cache:
            s_cache[p.last_name] = surname_similarity(query_last, p.last_name)
        s_score, reason = s_cache[p.last_name]
        if s_score < SURNAME_MIN:
            continue
        f_score: float | None = None
        if has_first:
            if p.first_names not in f_cache:
                f_cache[p.first_names] = firstname_similarity(query_first, p.first_names)
            f_score = f_cache[p.first_names]
        if f_score is not None:
            if f_score < FIRSTNAME_MIN:
                continue
            total = SURNAME_WEIGHT * s_score + (1 - SURNAME_WEIGHT) * f_score
        else:
            total = s_score
        scored.append(Candidate(p, total, s_score, f_score, reason))
    if not scored:
        return []
    scored.sort(key=lambda c: (-c.score, c.person.last_name, c.person.niss))
    best = scored[0].score
    return [c for c in scored if c.score >= best - RELATIVE_GAP]
