"""The « Admin-Logs » page, and the log's immutability through the ORM and the admin."""

from datetime import timedelta

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accesslog.models import AccessAction, AccessLogEntry, ImmutableRecordError
from tests.factories import PersonFactory, ProfileFactory, UserFactory, make_log_entry

pytestmark = pytest.mark.django_db

URL = reverse("accesslog:access_log")


@pytest.fixture
def entry(agent_profile):
    return make_log_entry(agent_profile, "97432405115", AccessAction.PERSON_DETAILS)


def test_an_entry_cannot_be_changed(entry):
    entry.niss = "85073003328"
    with pytest.raises(ImmutableRecordError):
        entry.save()
    entry.refresh_from_db()
    assert entry.niss == "97432405115"


def test_an_entry_cannot_be_deleted(entry):
    with pytest.raises(ImmutableRecordError):
        entry.delete()
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()


def test_the_log_cannot_be_updated_or_deleted_in_bulk(entry):
    with pytest.raises(ImmutableRecordError):
        AccessLogEntry.objects.all().update(niss="x")
    with pytest.raises(ImmutableRecordError):
        AccessLogEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(ImmutableRecordError):
        AccessLogEntry.objects.update(niss="x")
    assert AccessLogEntry.objects.get().niss == "97432405115"


def test_the_django_admin_offers_no_add_change_or_delete(entry):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    request = RequestFactory().get("/admin/")
    request.user = superuser
    model_admin = site._registry[AccessLogEntry]
    assert model_admin.has_view_permission(request, entry)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, entry)
    assert not model_admin.has_delete_permission(request, entry)


def test_the_admin_change_page_does_not_save(client, entry):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(superuser)
    url = reverse("admin:accesslog_accesslogentry_change", args=[entry.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"niss": "85073003328"})
    entry.refresh_from_db()
    assert entry.niss == "97432405115"
    delete = reverse("admin:accesslog_accesslogentry_delete", args=[entry.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()


def test_the_cpas_admin_sees_the_log_of_the_cpas(cpas_admin_client, entry, outsider_profile):
    make_log_entry(outsider_profile, "85073003328", AccessAction.PERSON_DETAILS)
    response = cpas_admin_client.get(URL)
    content = response.content.decode()
    assert "Admin-Logs" in content
    assert "974324 051 15" in content
    assert "850730 033 28" not in content
    assert "Consultation de la personne" in content
    assert "Agent Social" in content


def test_the_menu_shows_admin_logs_under_acces_to_every_agent(cpas_admin_client, agent_client):
    """The manual lists « Admin-Logs » under « Accès » for the Agent Social too."""
    assert f'href="{URL}"' in cpas_admin_client.get(reverse("home")).content.decode()
    assert f'href="{URL}"' in agent_client.get(reverse("home")).content.decode()


def test_an_agent_reads_only_their_own_consultations(agent_client, colleague_profile, entry):
    make_log_entry(colleague_profile, "85073003328", AccessAction.PERSON_DETAILS)
    response = agent_client.get(URL)
    content = response.content.decode()
    assert response.status_code == 200
    assert "974324 051 15" in content
    assert "850730 033 28" not in content
    assert "Vos consultations des données du Registre national" in content
    assert "agent" not in response.context["form"].fields  # no filter on other agents


def test_an_agent_cannot_read_a_colleague_s_rows_through_the_filters(
    agent_client, colleague_profile, entry
):
    make_log_entry(colleague_profile, "85073003328", AccessAction.PERSON_DETAILS)
    by_niss = agent_client.get(URL, {"niss": "85073003328"}).content.decode()
    assert "850730 033 28" not in by_niss.split("</form>", 1)[1]
    forged = agent_client.get(URL, {"agent": colleague_profile.user.pk}).content.decode()
    assert "850730 033 28" not in forged
    assert "974324 051 15" in forged  # the unknown parameter is ignored, the scope kept


def test_an_outsider_reads_nothing_of_this_cpas(outsider_client, entry):
    content = outsider_client.get(URL).content.decode()
    assert "974324 051 15" not in content
    assert "Aucune entrée." in content


def test_another_cpas_s_admin_sees_nothing_of_this_cpas(client, other_cpas, entry):
    from primaweb.models import Role
    from tests.conftest import login_with_profile

    other_admin = login_with_profile(client, ProfileFactory(cpas=other_cpas, role=Role.CPAS_ADMIN))
    content = other_admin.get(URL).content.decode()
    assert "974324 051 15" not in content
    assert "Aucune entrée." in content


def test_it_filters_by_agent_niss_and_dates(
    cpas_admin_client, agent_profile, colleague_profile, entry
):
    make_log_entry(colleague_profile, "85073003328", AccessAction.DOSSIER_CREATION)
    by_agent = cpas_admin_client.get(URL, {"agent": agent_profile.user.pk}).content.decode()
    assert "974324 051 15" in by_agent and "850730 033 28" not in by_agent
    by_niss = cpas_admin_client.get(URL, {"niss": "85.07.30-033.28"}).content.decode()
    assert "850730 033 28" in by_niss and "974324 051 15" not in by_niss
    today = timezone.localdate()
    tomorrow = (today + timedelta(days=1)).strftime("%d/%m/%Y")
    in_range = cpas_admin_client.get(
        URL, {"date_from": today.strftime("%d/%m/%Y"), "date_to": today.strftime("%d/%m/%Y")}
    ).content.decode()
    assert "974324 051 15" in in_range and "850730 033 28" in in_range
    future = cpas_admin_client.get(URL, {"date_from": tomorrow}).content.decode()
    assert "Aucune entrée." in future


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"niss": "12345"}, "niss"),
        ({"niss": "97432405116"}, "niss"),
        ({"agent": "abc"}, "agent"),
        ({"agent": "999999"}, "agent"),
        ({"agent": "9" * 40}, "agent"),
        ({"date_from": "99/99/9999"}, "date_from"),
        ({"date_from": "31/02/2026"}, "date_from"),
        ({"date_to": "hier"}, "date_to"),
        ({"date_from": "02/01/2026", "date_to": "01/01/2026"}, "date_to"),
    ],
)
def test_bad_filters_are_reported_on_their_field(cpas_admin_client, entry, params, field):
    response = cpas_admin_client.get(URL, params)
    assert response.status_code == 200
    assert field in response.context["form"].errors


def test_an_outsider_agent_cannot_be_chosen_as_filter(cpas_admin_client, outsider_profile):
    response = cpas_admin_client.get(URL, {"agent": outsider_profile.user.pk})
    assert "agent" in response.context["form"].errors


def test_the_log_is_paginated_and_keeps_the_filters(cpas_admin_client, agent_profile, monkeypatch):
    monkeypatch.setattr("accesslog.selectors.LOG_ENTRIES_PER_PAGE", 2)
    for _n in range(5):
        make_log_entry(agent_profile, "97432405115", AccessAction.PERSON_DETAILS)
    content = cpas_admin_client.get(URL, {"niss": "97432405115"}).content.decode()
    assert "Page 1 sur 3" in content
    assert "?niss=97432405115&amp;page=2" in content
    for page in ("999", "abc", "0"):
        assert cpas_admin_client.get(URL, {"page": page}).status_code == 200


def test_the_log_page_runs_a_fixed_number_of_queries(
    cpas_admin_client, agent_profile, django_assert_num_queries
):
    cpas_admin_client.get(reverse("home"))

    def add(count):
        for _n in range(count):
            make_log_entry(agent_profile, PersonFactory().niss, AccessAction.PERSON_DETAILS)

    add(2)
    # 3 for every page (session, user, profile) + the agents of the filter's select + count
    # + rows (with user)
    with django_assert_num_queries(6):
        cpas_admin_client.get(URL)
    add(20)
    with django_assert_num_queries(6):
        cpas_admin_client.get(URL)
