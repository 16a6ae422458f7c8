"""Django admin for dossiers: read-mostly (close a dossier, never change its person)."""

import pytest
from django.urls import reverse

from dossiers.models import Dossier
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def test_an_admin_can_close_a_dossier_but_not_change_its_person(
    admin_client_, make_dossier, louise
):
    dossier = make_dossier(louise)
    other = PersonFactory(last_name="Autre")
    url = reverse("admin:dossiers_dossier_change", args=[dossier.pk])
    assert admin_client_.get(url).status_code == 200
    response = admin_client_.post(
        url, {"status": "cloture", "person": other.pk, "number": "HACK", "cpas": 999}
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == "cloture"
    assert dossier.person == louise
    assert dossier.number != "HACK"


def test_dossiers_cannot_be_added_or_deleted_in_the_admin(admin_client_, make_dossier, louise):
    dossier = make_dossier(louise)
    assert admin_client_.get(reverse("admin:dossiers_dossier_add")).status_code == 403
    delete = reverse("admin:dossiers_dossier_delete", args=[dossier.pk])
    assert admin_client_.post(delete, {"post": "yes"}).status_code == 403
    assert Dossier.objects.filter(pk=dossier.pk).exists()


def test_the_admin_list_loads(admin_client_, make_dossier, louise):
    dossier = make_dossier(louise)
    dossiers = admin_client_.get(reverse("admin:dossiers_dossier_changelist"))
    assert dossiers.status_code == 200
    assert dossier.number in dossiers.content.decode()
    log_list = admin_client_.get(reverse("admin:accesslog_accesslogentry_changelist"))
    assert log_list.status_code == 200
    assert dossier.number in log_list.content.decode()  # the creation's row
