"""The admin pages of the RI amounts: an operator types a new indexation the Belgian way."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from integration_income.models import CategoryAmount, ExemptionAmount
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW_ROW = {
    "valid_from": "01/01/2026",
    "cohabitant_annual": "10.723,87",
    "cohabitant_monthly": "893,66",
    "isolated_annual": "16.085,81",
    "isolated_monthly": "1 340,48",
    "family_annual": "21.739,10",
    "family_monthly": "1811.59",
    "source": "test",
}


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_the_list_shows_the_seeded_amounts_the_belgian_way(superuser_client):
    page = superuser_client.get(reverse("admin:integration_income_categoryamount_changelist"))
    html = page.content.decode()
    assert "1.314,20\u00a0€" in html
    assert "15.770,41\u00a0€" in html
    page = superuser_client.get(reverse("admin:integration_income_exemptionamount_changelist"))
    assert "443,52\u00a0€" in page.content.decode()


def test_a_new_row_is_typed_with_belgian_amounts(superuser_client):
    response = superuser_client.post(
        reverse("admin:integration_income_categoryamount_add"), NEW_ROW
    )
    assert response.status_code == 302
    row = CategoryAmount.objects.get(valid_from=date(2026, 1, 1))
    assert (row.cohabitant_annual, row.isolated_monthly, row.family_monthly) == (
        Decimal("10723.87"),
        Decimal("1340.48"),
        Decimal("1811.59"),
    )


def test_a_us_style_amount_a_negative_one_and_a_year_out_of_bounds_are_refused(superuser_client):
    response = superuser_client.post(
        reverse("admin:integration_income_categoryamount_add"),
        {
            **NEW_ROW,
            "valid_from": "01/01/2200",
            "cohabitant_annual": "10,723.87",
            "isolated_annual": "-1",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tapez le montant à la belge : 1.234,56" in html
    assert "Le montant ne peut pas être négatif." in html
    assert "L&#x27;année doit être comprise entre 1900 et 2100." in html
    assert not CategoryAmount.objects.filter(valid_from__year=2200).exists()


def test_two_rows_cannot_start_on_the_same_day(superuser_client):
    response = superuser_client.post(
        reverse("admin:integration_income_exemptionamount_add"),
        {
            "valid_from": "01/02/2025",
            "art35_monthly": "309,48",
            "shortage_monthly": "",
            "cohabitant_general_annual": "155",
            "isolated_general_annual": "250",
            "family_general_annual": "310",
        },
    )
    assert response.status_code == 200
    assert ExemptionAmount.objects.filter(valid_from=date(2025, 2, 1)).count() == 1


def test_rows_are_not_deleted_in_bulk_from_the_list(superuser_client):
    page = superuser_client.get(reverse("admin:integration_income_categoryamount_changelist"))
    assert "delete_selected" not in page.content.decode()
