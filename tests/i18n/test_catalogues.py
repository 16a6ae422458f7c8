"""The four catalogues (fr, nl, de, en) are complete, clean, compiled and up to date with the code.

French is the source language: the msgids are the manual's French, and the fr catalogue repeats
them (it carries the French plural rule). After adding or changing a string: `make messages`,
translate the new entries in locale/{nl,de,en}/LC_MESSAGES/django.po, `make messages` again
(it compiles the .mo files, which are committed).
"""

import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation
from django.utils.formats import date_format

LANGUAGES = [code for code, _name in settings.LANGUAGES]
LOCALE = Path(settings.BASE_DIR) / "locale"


def project_sources() -> list[Path]:
    """The project's own apps and template folders (what `make messages` scans)."""
    from django.apps import apps

    base = Path(settings.BASE_DIR)
    folders = [Path(app.path) for app in apps.get_app_configs()]
    folders += [Path(folder) for folder in settings.TEMPLATES[0]["DIRS"]]
    return sorted({f for f in folders if f.is_relative_to(base) and ".venv" not in f.parts})


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")
FIX = "run `make messages`, translate the new entries, then `make messages` again"


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def translations(entry) -> list[str]:
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated_and_none_is_fuzzy(language):
    po = catalogue(language)
    assert len(po) > 300
    assert not po.metadata_is_fuzzy, f"{language}: the header is marked fuzzy"
    fuzzy = [entry.msgid for entry in po if "fuzzy" in entry.flags]
    empty = [entry.msgid for entry in po if not all(t.strip() for t in translations(entry))]
    obsolete = [entry.msgid for entry in po.obsolete_entries()]
    assert fuzzy == [], f"{language}: fuzzy entries ({FIX}): {fuzzy}"
    assert empty == [], f"{language}: untranslated entries ({FIX}): {empty}"
    assert obsolete == [], f"{language}: obsolete entries ({FIX}): {obsolete}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders(language):
    wrong = []
    for entry in catalogue(language):
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        wrong += [
            (entry.msgid, text)
            for text in translations(entry)
            if sorted(PLACEHOLDER.findall(text)) != expected
        ]
    assert wrong == []


def test_the_catalogues_have_the_same_messages():
    msgids = {language: {entry.msgid for entry in catalogue(language)} for language in LANGUAGES}
    for language in LANGUAGES:
        assert msgids[language] == msgids["fr"], language


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_matches_its_source(language):
    """The committed .mo is what `compilemessages` makes of the .po."""
    folder = LOCALE / language / "LC_MESSAGES"
    compiled = {
        (entry.msgid, tuple(translations(entry)))
        for entry in polib.mofile(str(folder / "django.mo"))
        if entry.msgid
    }
    source = {(entry.msgid, tuple(translations(entry))) for entry in catalogue(language)}
    assert source - compiled == set(), f"{language}: django.mo is stale ({FIX})"
    assert compiled - source == set(), f"{language}: django.mo is stale ({FIX})"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext is not installed")
def test_every_string_of_the_code_is_in_the_catalogues(tmp_path, monkeypatch):
    """makemessages over a copy of the sources finds no message the catalogues lack."""
    base = Path(settings.BASE_DIR)
    for folder in project_sources():
        shutil.copytree(
            folder,
            tmp_path / folder.relative_to(base),
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
        )
    (tmp_path / "locale").mkdir()
    monkeypatch.chdir(tmp_path)
    with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
        call_command("makemessages", locale=["fr"], verbosity=0, no_obsolete=True)
    found = polib.pofile(str(tmp_path / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    in_code = {entry.msgid for entry in found}
    in_catalogues = {entry.msgid for entry in catalogue("fr")}
    assert sorted(in_code - in_catalogues) == [], f"strings missing from the catalogues ({FIX})"
    assert sorted(in_catalogues - in_code) == [], f"strings no longer in the code ({FIX})"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "Consulter les demandes CPAS Online"),
        ("nl", "Aanvragen OCMW Online raadplegen"),
        ("de", "Anträge ÖSHZ Online einsehen"),
        ("en", "View PCSW Online requests"),
    ],
)
def test_the_compiled_catalogues_are_used(language, expected):
    with translation.override(language):
        assert translation.gettext("Consulter les demandes CPAS Online") == expected
        # Dates stay JJ/MM/AAAA in every language.
        from datetime import date

        assert date_format(date(2024, 7, 24), "SHORT_DATE_FORMAT") == "24/07/2024"
