"""`manage.py calculate_ri CASE.json`: the worked examples of fixtures/ri-cases in and out, and
one message per bad field on stderr with status 1 for a bad case."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "fixtures" / "ri-cases"
EXAMPLE_1 = CASES / "example-1-isolated-2023-partial-month.json"
EXAMPLE_2 = CASES / "example-2-cohabitant-2025.json"


def run(*args, stdin: str | None = None) -> dict:
    out = io.StringIO()
    options = {"stdin": io.StringIO(stdin)} if stdin is not None else {}
    call_command("calculate_ri", *args, stdout=out, stderr=io.StringIO(), **options)
    return json.loads(out.getvalue())


def errors_of(case) -> tuple[list[str], str]:
    err = io.StringIO()
    text = case if isinstance(case, str) else json.dumps(case)
    with pytest.raises(CommandError) as raised:
        call_command("calculate_ri", "-", stdin=io.StringIO(text), stdout=io.StringIO(), stderr=err)
    return err.getvalue().splitlines(), str(raised.value)


def good_case(**changes) -> dict:
    case = json.loads(EXAMPLE_2.read_text())
    case.update(changes)
    return case


def test_example_1_prints_the_spp_is_figures_as_json():
    result = run(str(EXAMPLE_1))
    assert {key: result[key] for key in ("category", "annual", "monthly", "first_month")} == {
        "category": 2,
        "annual": "9532.50",
        "monthly": "794.38",
        "first_month": "688.46",
    }
    assert result["forms_b"] == 2
    assert result["has_right"] is True and result["refusal_reason"] == ""
    assert result["first_form_b"] == {
        "art35_annual": "6706.56",
        "resources_annual": {"sickness": "2079.96"},
        "partner_annual": "0.00",
        "relatives_annual": "0.00",
        "claimed_annual": "9532.56",
    }
    assert result["lines"][0] == {
        "label": "Montant annuel du revenu d'intégration (Catégorie 2 : isolé)",
        "amount": "14569.58",
    }
    assert result["lines"][-1] == {
        "label": "Revenu d'intégration du premier mois (26/30 jours)",
        "amount": "688.46",
    }


def test_example_2_read_from_stdin_gives_589_05_a_month():
    result = run("-", stdin=EXAMPLE_2.read_text())
    assert (result["annual"], result["monthly"], result["first_month"]) == (
        "7068.60",
        "589.05",
        "589.05",
    )
    assert result["forms_b"] == 1
    assert {"label": "Ressources annuelles comptées", "amount": "3445.00"} in result["lines"]


def test_the_documented_outputs_are_what_the_command_prints():
    doc = (ROOT / "docs" / "calculate-ri.md").read_text()
    for example in (EXAMPLE_1, EXAMPLE_2):
        printed = json.dumps(run(str(example)), ensure_ascii=False, indent=2)
        assert printed in doc, example.name
        assert example.read_text().strip() in doc, example.name


def test_a_case_with_no_right_says_why():
    result = run(
        "-",
        stdin=json.dumps(good_case(resources=[{"type": "pension", "monthly": "1000"}])),
    )
    assert result["has_right"] is False
    assert result["annual"] == "0.00" and result["forms_b"] == 0
    assert "pas de droit au revenu d'intégration" in result["refusal_reason"]


def test_a_bad_case_gets_one_message_per_bad_field():
    lines, summary = errors_of(
        {
            "date": "2025-02-30",
            "category": 3,
            "resources": [
                {"type": "salary", "monthly": -5, "from": "2025-03-01", "to": "2025-02-01"},
                {"type": "pension", "monthly": "12.345", "owner": "cousin"},
                "pension",
            ],
            "children": 2,
        }
    )
    assert lines == [
        "children : clé inconnue.",
        "date : Date invalide : attendu AAAA-MM-JJ, par exemple 2025-02-01.",
        "minor_children : La catégorie 3 (famille à charge) demande au moins un enfant mineur "
        "à charge.",
        "resources[0].type : Valeur inconnue : salary.",
        "resources[0].monthly : Le montant ne peut pas être négatif.",
        "resources[0].to : La fin de la ressource précède son début.",
        "resources[1].monthly : Un montant a au plus deux décimales (les cents).",
        "resources[1].owner : Valeur inconnue : cousin.",
        "resources[2] : Attendu : un objet {type, monthly, from, to, owner}.",
    ]
    assert summary == "Cas non calculé : 9 erreurs."


def test_missing_keys_are_each_named():
    lines, _ = errors_of({"resources": [{"monthly": "10"}]})
    assert lines == [
        "date : Ce champ est obligatoire.",
        "category : Ce champ est obligatoire.",
        "resources[0].type : Ce champ est obligatoire.",
    ]
    lines, _ = errors_of({"date": "2025-02-01", "category": 1})
    assert lines == ["resources : Ce champ est obligatoire."]


def test_a_date_without_amounts_in_force_is_refused():
    lines, _ = errors_of(good_case(date="2019-06-01"))
    assert lines == ["date : Aucun montant du revenu d'intégration n'est connu au 01/06/2019."]


def test_household_facts_must_have_their_json_types():
    lines, _ = errors_of(good_case(count_adult_relatives="yes", minor_children=-1))
    assert lines == [
        "minor_children : Le nombre ne peut pas être négatif.",
        "count_adult_relatives : Attendu : true ou false.",
    ]


def test_counting_adult_relatives_needs_their_number():
    relatives = [{"type": "pension", "monthly": "900", "owner": "adult_relative"}]
    lines, _ = errors_of(good_case(count_adult_relatives=True, resources=relatives))
    assert lines == [
        "adult_relatives : Indiquez combien d'ascendants et descendants majeurs ont ces ressources."
    ]
    result = run(
        "-",
        stdin=json.dumps(
            good_case(count_adult_relatives=True, adult_relatives=1, resources=relatives)
        ),
    )
    assert result["first_form_b"]["relatives_annual"] == "286.44"  # (900 − 876.13) × 12


def test_a_shortage_occupation_before_its_decree_is_refused():
    lines, _ = errors_of(good_case(date="2023-04-05", shortage_occupation=True))
    assert lines == [
        "shortage_occupation : L'exonération « métier en pénurie » n'existe pas encore à cette "
        "date."
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{bad", "JSON invalide à la ligne 1, colonne 2."),
        ("[1, 2]", "Le cas doit être un objet JSON { … }."),
    ],
)
def test_text_that_is_no_case_is_refused_in_one_message(text, message):
    lines, summary = errors_of(text)
    assert message in [*lines, summary]


def test_a_missing_file_is_named():
    with pytest.raises(CommandError, match="Fichier introuvable : /nonexistent/case.json"):
        call_command("calculate_ri", "/nonexistent/case.json")


def test_the_command_line_exits_with_status_1_and_prints_nothing_on_stdout_for_a_bad_case(
    tmp_path,
):
    # A real process: its exit status and streams. The case fails before any query, so an
    # empty database is enough.
    result = subprocess.run(
        [sys.executable, "manage.py", "calculate_ri", "-"],
        input=json.dumps({"date": "demain", "category": 9, "resources": []}),
        cwd=ROOT,
        env={
            "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
            "DEBUG": "true",
            "PATH": "/usr/bin:/bin",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "date : Date invalide : attendu AAAA-MM-JJ, par exemple 2025-02-01.",
        "category : Valeur inconnue : 9.",
        "CommandError: Cas non calculé : 2 erreurs.",
    ]
