"""The registry admin's own labels are translated (#19: « Clés phonétiques » was hard-coded)."""

import pytest
from django.urls import reverse

from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "label"),
    [("fr", "Clés phonétiques"), ("nl", "Fonetische sleutels"), ("de", "Phonetische Schlüssel")],
)
def test_the_phonetic_keys_field_is_named_in_the_language(admin_client, language, label):
    person = PersonFactory()
    admin_client.cookies["django_language"] = language
    response = admin_client.get(reverse("admin:registry_person_change", args=[person.pk]))
    assert response.status_code == 200
    assert label in response.content.decode()
