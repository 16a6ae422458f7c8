"""Only superusers enter the administration site: it has no CPAS scoping."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from tests.factories import OnlineRequestFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_staff_member_with_every_view_permission_is_kept_out(client, cpas, other_cpas):
    from django.contrib.auth.models import Permission

    staff = UserFactory(is_staff=True, is_superuser=False)
    staff.user_permissions.set(Permission.objects.all())
    OnlineRequestFactory(cpas=other_cpas, reference="OTHERCPAS001")
    client.force_login(staff)
    for url in (
        reverse("admin:index"),
        reverse("admin:requests_online_onlinerequest_changelist"),
        reverse("admin:primaweb_profile_add"),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("admin:login")), url
    assert "OTHERCPAS001" not in client.get(reverse("admin:index"), follow=True).content.decode()


def test_a_staff_member_cannot_give_himself_a_profile(client, other_cpas):
    staff = UserFactory(is_staff=True, is_superuser=False)
    from django.contrib.auth.models import Permission

    staff.user_permissions.set(Permission.objects.filter(codename__endswith="_profile"))
    client.force_login(staff)
    client.post(
        reverse("admin:primaweb_profile_add"),
        {"user": staff.pk, "cpas": other_cpas.pk, "role": "agent_social"},
    )
    assert not staff.profiles.exists()


def test_a_superuser_enters(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(reverse("admin:index")).status_code == 200


def test_an_agent_with_a_profile_is_kept_out(client, agent_profile):
    client.force_login(agent_profile.user)
    assert client.get(reverse("admin:index")).status_code == 302


def test_the_admin_s_date_fields_refuse_years_out_of_bounds():
    from django.contrib import admin

    from registry.models import Person
    from requests_online.models import OnlineRequest

    request = RequestFactory().get("/admin/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    for model, field in [
        (Person, "death_date"),
        (Person, "civil_status_since"),
        (OnlineRequest, "birth_date"),
    ]:
        form_class = admin.site._registry[model].get_form(request, fields=[field])
        refused = form_class(data={field: "01/01/1899"})
        assert refused.errors[field] == ["L'année doit être comprise entre 1900 et 2100."], field
        accepted = form_class(data={field: "01/01/1950"})
        assert field not in accepted.errors, field
