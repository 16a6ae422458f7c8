"""The search's own tables stay in step with the persons (issue #17): the surname spellings,
the given-name keys and each person's given-name rows, through a save, a generated load, an
import that updates a person, a deletion, and a rebuild."""

import io

import pytest
from django.core.management import call_command

from registry.bulk import import_registry
from registry.models import GivenNameKey, Person, PersonName, SurnameKey, SurnameSpelling
from registry.search import phonetic_search
from tests.factories import PersonFactory, make_niss

pytestmark = pytest.mark.django_db


def forms_of(person) -> set[str]:
    return set(PersonName.objects.filter(person=person).values_list("given_form", flat=True))


def test_a_saved_person_has_a_row_per_form_of_their_given_names():
    person = PersonFactory(last_name="Van den Broeck", first_names="Jean-Pierre Jacques")
    assert forms_of(person) == {"jean", "pierre", "jeanpierre", "jacques"}
    row = PersonName.objects.filter(person=person).first()
    assert (row.surname_index, row.sex) == ("VANDENBROECK", person.sex)
    assert (row.birth_date_min, row.birth_date_max) == (
        person.birth_date_min,
        person.birth_date_max,
    )
    assert SurnameSpelling.objects.filter(
        surname_index="VANDENBROECK", spelling="Van den Broeck"
    ).exists()
    assert GivenNameKey.objects.filter(key="=jeanpierre", form="jeanpierre").exists()


def test_a_renamed_person_is_found_by_the_new_name_only():
    person = PersonFactory(last_name="Dupont", first_names="Marie")
    person.first_names = "Louise"
    person.save()
    assert forms_of(person) == {"louise"}
    assert list(phonetic_search("Dupont", "12/05/1988", first_names="Louise")) == [person]
    assert list(phonetic_search("Dupont", "12/05/1988", first_names="Marie")) == []


def test_a_deleted_person_takes_their_rows_along():
    person = PersonFactory(first_names="Louise")
    person.delete()
    assert not PersonName.objects.exists()


def test_a_generated_population_has_the_rows_of_every_person():
    call_command("generate_registry", count=300, seed=3, no_progress=True, stdout=io.StringIO())
    persons = Person.objects.count()
    assert persons == 300
    assert PersonName.objects.values("person").distinct().count() == persons
    someone = Person.objects.order_by("id")[150]
    assert forms_of(someone)
    assert (
        list(
            phonetic_search(
                someone.last_name, someone.birth_date_display, first_names=someone.first_names
            )
        ).count(someone)
        == 1
    )


def test_an_import_that_updates_a_person_replaces_their_rows(tmp_path):
    person = PersonFactory(last_name="Dupont", first_names="Marie")
    path = tmp_path / "registry.csv"
    path.write_text(
        "niss,last_name,first_names,birth_date,sex\n"
        f"{person.niss},Dupont,Anne-Sophie,1988-05-12,F\n"
        f"{make_niss(1970, 1, 2, 3)},Kowalczyk,Agnieszka,1970-01-02,M\n",
        encoding="utf-8",
    )
    stats, errors = import_registry(path=path)
    assert errors == [] and (stats.created, stats.updated) == (1, 1)
    assert forms_of(person) == {"anne", "sophie", "annesophie"}
    imported = Person.objects.get(last_name="Kowalczyk")
    assert forms_of(imported) == {"agnieszka"}
    assert list(phonetic_search("Kowaltchyk", "00/00/1970", first_names="Agnieszka")) == [imported]


def test_the_rebuild_command_makes_the_same_tables_again():
    PersonFactory(last_name="Doğan", first_names="Ayşe")
    PersonFactory(last_name="Van Dijck", first_names="Jan Willem")
    before = (
        set(SurnameKey.objects.values_list("key", "surname_index")),
        set(SurnameSpelling.objects.values_list("surname_index", "spelling")),
        set(GivenNameKey.objects.values_list("key", "form")),
        set(PersonName.objects.values_list("person_id", "given_form", "surname_index")),
    )
    PersonName.objects.all().delete()
    GivenNameKey.objects.all().delete()
    out = io.StringIO()
    call_command("rebuild_search_keys", no_progress=True, stdout=out)
    after = (
        set(SurnameKey.objects.values_list("key", "surname_index")),
        set(SurnameSpelling.objects.values_list("surname_index", "spelling")),
        set(GivenNameKey.objects.values_list("key", "form")),
        set(PersonName.objects.values_list("person_id", "given_form", "surname_index")),
    )
    assert after == before
    assert "3 prénom(s) indexé(s)" in out.getvalue()  # ayse, jan, willem
