import json

import pytest
from django.core.management import CommandError, call_command

from requests_online.models import OnlineRequest

pytestmark = pytest.mark.django_db


def line(**overrides):
    record = {
        "first_name": "Louise",
        "last_name": "Delacroix",
        "email": "Louise@hotmail.be",
        "phone": "0484567862",
        "postal_code": "3717",
        "locality": "Herstappe",
        "nature": "energie",
        "description": "Test",
        "lives_at_residence": "oui",
    }
    record.update(overrides)
    return json.dumps(record, ensure_ascii=False)


def write(tmp_path, *lines):
    path = tmp_path / "requests.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_it_imports_and_routes_each_line(tmp_path, cpas, other_cpas, capsys):
    path = write(
        tmp_path,
        line(reference="2A90072YKMHZ", submitted_at="2024-07-24T10:12:00"),
        "",
        line(postal_code="4000", locality="Liège"),
    )
    call_command("import_requests", path)
    manual = OnlineRequest.objects.get(reference="2A90072YKMHZ")
    assert manual.cpas == cpas
    assert manual.submitted_on.isoformat() == "2024-07-24"
    assert OnlineRequest.objects.get(cpas=other_cpas).last_name == "Delacroix"
    assert "2 demande(s) importée(s)" in capsys.readouterr().out


def test_bad_lines_are_reported_with_their_number_and_nothing_is_saved(tmp_path, cpas, capsys):
    path = write(
        tmp_path,
        line(),
        "{not json",
        line(email="nope"),
        line(postal_code="8000", locality="Brugge"),
        line(submitted_at="yesterday"),
        "[1, 2]",
    )
    with pytest.raises(CommandError, match="5 ligne"):
        call_command("import_requests", path)
    errors = capsys.readouterr().err
    assert "ligne 2 : JSON invalide" in errors
    assert "ligne 3 : email" in errors
    assert "ligne 4 : postal_code" in errors
    assert "ligne 5 : submitted_at" in errors
    assert "ligne 6 : un objet JSON est attendu" in errors
    assert "ligne 1" not in errors
    assert OnlineRequest.objects.count() == 0


def test_a_duplicate_reference_is_refused(tmp_path, cpas):
    path = write(tmp_path, line(reference="AAAABBBBCCCC"), line(reference="aaaa bbbb cccc"))
    with pytest.raises(CommandError):
        call_command("import_requests", path)
    assert OnlineRequest.objects.count() == 0


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Impossible de lire"):
        call_command("import_requests", str(tmp_path / "absent.jsonl"))
