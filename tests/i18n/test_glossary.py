"""One term per concept: the glossary's terms (docs/glossary.md) are used in every catalogue.

Each row: a French term (a regular expression on the msgid, case and accents ignored) and the
word the Dutch, German and English translation of such an entry contains (case ignored). A few
words are never used in a language (COMPETING): the glossary chose another one.
"""

import re
import unicodedata
from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"
GLOSSARY = Path(settings.BASE_DIR) / "docs" / "glossary.md"
LANGUAGES = ("nl", "de", "en")

# French (regex) → nl, de, en, and the words competing with them in that row (optional).
TERMS = [
    (r"\bcpas\b", "OCMW", "ÖSHZ", "PCSW"),
    (r"c\.p\.a\.s\.", "O.C.M.W.", "Ö.S.H.Z.", "P.C.S.W."),
    (r"cpas online", "OCMW Online", "ÖSHZ Online", "PCSW Online"),
    (r"\bspp is\b", "POD MI", "ÖPD SE", "PPS SI"),
    (
        r"\bs\.?p\.?p\.? integration sociale",
        "Maatschappelijke Integratie",
        "Sozialeingliederung",
        "Social Integration",
    ),
    (r"revenu d'integration", "leefloon", "Eingliederungseinkommen", "integration income"),
    (r"\bpiis\b|projets individualises d'integration sociale", "GPMI", "IPSE", "PIIS"),
    (r"\bniss\b", "INSZ", "ENSS", "NISS"),
    (r"numeros? bis\b", "bisnummer", "BIS-Nummer", "BIS number"),
    (
        r"residence principale|adresse residentielle",
        "hoofdverblijfplaats",
        "Hauptwohnort",
        "main residence",
        {"nl": ["verblijfsadres"], "de": ["Wohnadresse"]},
    ),
    (
        r"registre de (la )?population",
        "bevolkingsregister",
        "Bevölkerungsregister",
        "population register",
    ),
    (
        r"registre des etrangers",
        "vreemdelingenregister",
        "Fremdenregister",
        "register of foreign nationals",
    ),
    (r"registre d'attente", "wachtregister", "Warteregister", "waiting register"),
    (r"adresse de reference", "referentieadres", "Bezugsadresse", "reference address"),
    (
        r"personne de reference|chef de menage",
        "referentiepersoon",
        "Bezugsperson",
        "reference person",
    ),
    (r"\bdossiers?\b", "dossier", "Akte", "file"),
    (
        r"assistants? socia(l|ux)|agents? socia(l|ux)|travailleurs? socia(l|ux)",
        "maatschappelijk werker",
        "Sozialassistent",
        "social worker",
    ),
    (r"\bbce\b", "KBO", "ZDU", "CBE"),
    (r"\bcode ins\b", "NIS-code", "NIS-Code", "NIS code"),
    (r"etat civil", "burgerlijke staat", "Personenstand", "civil status"),
    (r"garantie locative", "huurwaarborg", "Mietgarantie", "rental guarantee"),
    (r"prime d'installation", "installatiepremie", "Einrichtungsprämie", "installation grant"),
    (r"allocations? de chauffage", "verwarmingstoelage", "Heizkostenzulage", "heating allowance"),
]

# Words the glossary replaced (a meaning lost, a dated or colloquial term, two forms of one).
COMPETING = {
    "nl": [
        "Bediende gemeenten",
        "INSZ-nummer",
        "Lezing",
        "Geen regels",
        "gezinshoofd",
        "hoofd van het gezin",
        "huurborg",
        "maatschappelijk assistent",
    ],
    "de": [
        "Steckbrief",
        "Haushaltsvorstand",
        "Mietkaution",
        "Kaution",
        "Sozialarbeiter",
        "NIS-Kennzahl",
        "freiwillig",
        "Familienstand",
        "NISS",
    ],
    "en": ["CPAS", "head of household", "rental deposit"],
}

# Entries that legitimately keep another word, and why.
EXCEPTIONS = {
    "niss %(value)r : %(reason)s": "« niss » is the column of the import file, kept as is "
    "(as birth_date and last_name)",
}


PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|\{\w*\}")


def plain(text: str) -> str:
    """Lower case, without accents (« État » and « Etat » alike) nor placeholders."""
    decomposed = unicodedata.normalize("NFD", PLACEHOLDER.sub("", text).lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def translations(entry) -> list[str]:
    """The entry's texts, without placeholders (an empty one is test_catalogues.py's)."""
    texts = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
    return [PLACEHOLDER.sub("", text) for text in texts if text]


def catalogue(language: str) -> list[polib.POEntry]:
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    # A fuzzy entry is a guess that is not used (test_catalogues.py reports it).
    return [e for e in po if e.msgid not in EXCEPTIONS and "fuzzy" not in e.flags]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_glossary_term_is_translated_with_the_glossary_word(language):
    column = LANGUAGES.index(language) + 1
    wrong = []
    for entry in catalogue(language):
        french = plain(entry.msgid + " " + (entry.msgid_plural or ""))
        for row in TERMS:
            if not re.search(row[0], french):
                continue
            competing = row[4].get(language, []) if len(row) > 4 else []
            for text in translations(entry):
                if row[column].lower() not in text.lower():
                    wrong.append(f"{entry.msgid!r} → {text!r}: without {row[column]!r}")
                wrong += [
                    f"{entry.msgid!r} → {text!r}: {word!r} instead of {row[column]!r}"
                    for word in competing
                    if word.lower() in text.lower()
                ]
    assert wrong == [], "\n".join(wrong)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_translation_uses_a_word_the_glossary_replaced(language):
    wrong = [
        f"{entry.msgid!r} → {text!r}: {word!r}"
        for entry in catalogue(language)
        for text in translations(entry)
        for word in COMPETING[language]
        if re.search(rf"\b{re.escape(word.lower())}\b", text.lower())
    ]
    assert wrong == [], "\n".join(wrong)


def test_the_glossary_page_lists_the_terms_checked_here():
    page = GLOSSARY.read_text()
    missing = [term for row in TERMS for term in row[1:4] if term not in page]
    assert missing == [], f"docs/glossary.md lacks: {missing}"
