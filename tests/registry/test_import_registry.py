import io

import pytest
from django.core.management import CommandError, call_command

from registry.models import Person, SurnameKey
from tests.factories import make_niss

pytestmark = pytest.mark.django_db

HEADER = "niss,last_name,first_names,birth_date,sex,street,house_number,box,postal_code,locality\n"
LOUISE = make_niss(1988, 5, 12, 2)
JAN = make_niss(1970, 1, 2, 1)
UNKNOWN_DAY = make_niss(1980, 6, 0, 3)


def write_csv(tmp_path, body: str, header: str = HEADER):
    path = tmp_path / "registry.csv"
    path.write_text(header + body, encoding="utf-8")
    return path


def run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_registry", str(path), "--no-progress", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_imports_a_good_file_with_addresses_and_keys(tmp_path):
    path = write_csv(
        tmp_path,
        f"{LOUISE},Delacroix,Louise,1988-05-12,F,Rue de Tongres,12,,3717,Herstappe\n"
        f"{JAN},Van den Broeck,Jan Pieter,1970-01-02,M,,,,,\n"
        f"{UNKNOWN_DAY},Öztürk,Mehmet,1980-06-00,M,,,,,\n",
    )
    out, _ = run(path)
    assert "3 personne(s) créée(s)" in out
    louise = Person.objects.get(niss=LOUISE)
    assert louise.residential_address.locality == "Herstappe"
    assert louise.birth_date_display == "12/05/1988"
    assert Person.objects.get(niss=UNKNOWN_DAY).birth_date_display == "00/06/1980"
    assert SurnameKey.objects.filter(surname_index="VANDENBROECK").exists()


def test_bad_rows_are_reported_with_line_numbers_and_nothing_is_imported(tmp_path):
    path = write_csv(
        tmp_path,
        f"{LOUISE},Delacroix,Louise,1988-05-12,F,,,,,\n"
        "97432405116,Lambert,Sarah,1997-03-24,F,,,,,\n"
        f"{JAN},,Jan,1970-01-02,M,,,,,\n"
        f"{make_niss(1990, 1, 1, 5)},Peeters,Jan,1990-02-31,M,,,,,\n"
        f"{make_niss(1990, 1, 1, 7)},Peeters,Jan,1990-01-01,X,,,,,\n"
        f"{LOUISE},Delacroix,Louise,1988-05-12,F,,,,,\n",
    )
    with pytest.raises(CommandError, match="5 ligne\\(s\\) invalide\\(s\\) : rien n'a été importé"):
        run(path)
    assert Person.objects.count() == 0


def test_the_error_report_names_each_line_and_reason(tmp_path):
    path = write_csv(
        tmp_path,
        f"{LOUISE},Delacroix,Louise,1988-05-12,F,,,,,\n"
        "97432405116,Lambert,Sarah,1997-03-24,F,,,,,\n"
        f"{JAN},Peeters,Jan,1970-00-02,M,,,,,\n",
    )
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_registry", str(path), "--no-progress", stderr=err, stdout=io.StringIO()
        )
    report = err.getvalue()
    assert "ligne 3 : niss '97432405116' : Numéro NISS invalide : chiffres de contrôle" in report
    assert "ligne 4 : birth_date invalide" in report


def test_skip_invalid_imports_the_good_rows(tmp_path):
    path = write_csv(
        tmp_path,
        f"{LOUISE},Delacroix,Louise,1988-05-12,F,,,,,\n97432405116,Lambert,Sarah,1997-03-24,F,,,,,\n",
    )
    out, err = run(path, "--skip-invalid")
    assert "1 personne(s) créée(s)" in out and "1 ligne(s) ignorée(s)" in out
    assert "ligne 3" in err
    assert list(Person.objects.values_list("niss", flat=True)) == [LOUISE]


def test_reimporting_updates_existing_niss_instead_of_duplicating(tmp_path):
    run(write_csv(tmp_path, f"{LOUISE},Delacroix,Louise,1988-05-12,F,Rue A,1,,3717,Herstappe\n"))
    out, _ = run(write_csv(tmp_path, f"{LOUISE},Delacroix-Martin,Louise Marie,1988-05-12,F,,,,,\n"))
    assert "0 personne(s) créée(s), 1 mise(s) à jour" in out
    louise = Person.objects.get(niss=LOUISE)
    assert (louise.last_name, louise.first_names) == ("Delacroix-Martin", "Louise Marie")
    assert louise.surname_index == "DELACROIXMARTIN"
    assert louise.residential_address.street == "Rue A"  # no address given: kept
    assert SurnameKey.objects.filter(surname_index="DELACROIXMARTIN").exists()


def test_a_file_without_the_mandatory_columns_is_refused(tmp_path):
    path = write_csv(tmp_path, "x,y\n", header="niss,last_name\n")
    with pytest.raises(CommandError, match="colonnes obligatoires manquantes"):
        run(path)


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Fichier introuvable"):
        run(tmp_path / "nope.csv")


def test_ids_continue_after_an_import_so_orm_saves_still_work(tmp_path):
    from tests.factories import PersonFactory

    run(write_csv(tmp_path, f"{LOUISE},Delacroix,Louise,1988-05-12,F,,,,,\n"))
    person = PersonFactory(last_name="Peeters", birth_year=1950)
    assert person.pk > Person.objects.get(niss=LOUISE).pk
