"""Every response that shows a registry person's NISS has written an access-log row for it.

The walk reuses the classified URL table of the isolation test (tests/security/test_isolation.py),
so a new view is walked as soon as it is classified (and the isolation test fails until it is).
Each page is called, by each method it answers, with the query strings and POST bodies that make
it show registry data; after each response, every registry NISS found in the HTML (in any of the
forms an agent reads: `974324 051 15`, `97.43.24-051.15`, `97432405115`) must have a new log row.
The administration site is walked too: every registered model's list and change page.

A page may show a NISS without logging only when it is listed in NOT_A_REGISTRY_SHOWING, with the
reason: a new view that shows registry data without logging fails this test.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from stdnum.be import nn

from accesslog.models import AccessAction, AccessLogEntry
from dossiers.services import dossier_create
from instruction.models import RequestMode, RequestObject
from instruction.services import request_create
from primaweb.addresses import PostalAddress
from primaweb.models import Role
from registry.models import HouseholdMember, HouseholdRole, Person
from requests_online.services import registry_snapshot
from tests.conftest import login_with_profile
from tests.decisions.builders import make_proposal, record
from tests.factories import (
    OnlineRequestFactory,
    PersonFactory,
    ProfileFactory,
    UserFactory,
    make_manual_louise,
)
from tests.security.test_isolation import (
    AUTHENTICATED,
    CLASSIFICATION,
    DECISION,
    DIS_REQUEST,
    DOSSIER,
    PERSON,
    PROPOSAL,
    PUBLIC,
    REQUEST,
    concrete,
)

pytestmark = pytest.mark.django_db

# Pages that show NISS numbers without being a consultation of the registry, and why.
NOT_A_REGISTRY_SHOWING = {
    "dossiers/admin-logs/": "the log itself: the NISS of past consultations, not registry data",
    "dossiers/": "the CPAS's own dossiers: the identity snapshot taken (and logged) at creation",
    "dossiers/rechercher/": "the CPAS's own dossiers, as in the list",
}
NOT_A_REGISTRY_ADMIN = {
    "accesslog.AccessLogEntry": "the log itself",
}

ADDRESS = PostalAddress(
    street="Rue Lambert", house_number="7", postal_code="3717", locality="Herstappe"
)
ADDRESS_FORM = {
    "street": "Rue Lambert",
    "house_number": "7",
    "postal_code": "3717",
    "locality": "Herstappe",
    "country": "Belgique",
}


@pytest.fixture
def world(agent_profile):
    """Louise (partner, household with a child), a request carrying her registry snapshot,
    her dossier made from it; a second person (Jean) with neither dossier nor request."""
    louise = make_manual_louise()
    household = louise.household_membership.household
    partner = PersonFactory(last_name="Martin", first_names="Paul", sex="M", birth_year=1995)
    child = PersonFactory(last_name="Martin", first_names="Léa", sex="F", birth_year=2015)
    louise.partner = partner
    louise.save()
    HouseholdMember.objects.create(household=household, person=partner, role=HouseholdRole.SPOUSE)
    HouseholdMember.objects.create(household=household, person=child, role=HouseholdRole.CHILD)
    request = OnlineRequestFactory(
        cpas=agent_profile.cpas, niss=louise.niss, **registry_snapshot(louise)
    )
    dossier = dossier_create(
        cpas=agent_profile.cpas,
        person=louise,
        address=ADDRESS,
        created_by=agent_profile.user,
        origin=request,
        role=agent_profile.role,
    )
    jean = PersonFactory(last_name="Vandenberghe", first_names="Jean", sex="M", birth_year=1980)
    # Her DIS request: the enquiry starts from the registry's household (Paul and Léa).
    dis_request = request_create(
        dossier=dossier,
        received_on=date(2026, 3, 2),
        mode=RequestMode.CPAS_ONLINE,
        object=RequestObject.INTEGRATION_INCOME,
        created_by=agent_profile.user,
    )
    # Two proposals to the Council: one waiting for its decision, one decided.
    session = date(2026, 3, 10)
    proposal = make_proposal(dis_request, agent_profile.user, session_date=session)
    decision = record(
        make_proposal(dis_request, agent_profile.user, session_date=session), agent_profile.user
    )
    return {
        "person": louise,
        "request": request,
        "dossier": dossier,
        "jean": jean,
        "dis_request": dis_request,
        "member": dis_request.enquiry.members.order_by("pk").first(),
        "proposal": proposal,
        "decision": decision,
    }


def niss_forms(niss: str) -> tuple[str, ...]:
    return (f"{niss[:6]} {niss[6:9]} {niss[9:]}", nn.format(niss), niss)


def niss_in(body: str, registry: list[str]) -> set[str]:
    return {niss for niss in registry if any(form in body for form in niss_forms(niss))}


def calls(route: str, world) -> list[tuple[str, str, dict | None]]:
    """(method, path, data) that make the route show what it can show."""
    kind = CLASSIFICATION[route]
    louise, jean = world["person"], world["jean"]
    pk = {
        REQUEST: world["request"].pk,
        DOSSIER: world["dossier"].pk,
        PERSON: jean.pk,
        DIS_REQUEST: world["dis_request"].pk,
        PROPOSAL: world["proposal"].pk,
        DECISION: world["decision"].pk,
    }.get(kind.kind)
    inner = world[kind.inner].pk if kind.inner in ("member",) else None
    path = concrete(route, pk, inner)
    result = [(method, path, None) for method in kind.methods]
    if route == "dossiers/nouveau/":
        result += [
            ("GET", f"{path}?mode=niss&niss={louise.niss}", None),
            (
                "GET",
                f"{path}?mode=phonetique&last_name=Delacroix&birth_day=00&birth_month=00"
                "&birth_year=1997&tolerance=1",
                None,
            ),
            # « Vouliez-vous dire ? »: Louise (24/03/1997) typed month first, a date that
            # does not exist, which the page refuses and still suggests her for.
            (
                "GET",
                f"{path}?mode=phonetique&last_name=Delacroix&first_names=Louise&birth_day=03"
                "&birth_month=24&birth_year=1997&tolerance=0",
                None,
            ),
            ("GET", f"{path}?demande={world['request'].pk}", None),
        ]
    if kind.kind == PERSON:
        louise_path = concrete(route, louise.pk)
        result += [
            ("GET", louise_path, None),
            ("GET", f"{louise_path}?demande={world['request'].pk}", None),
            ("POST", louise_path, {"copy": "1"}),  # "Copier ces informations…"
            ("POST", louise_path, {**ADDRESS_FORM, "street": ""}),  # invalid address
            ("POST", louise_path, ADDRESS_FORM),  # "Un dossier existe déjà"
            ("POST", path, ADDRESS_FORM),  # creates Jean's dossier: a redirect
            ("POST", path, ADDRESS_FORM),  # then "Un dossier existe déjà" for Jean
        ]
    return result


def assert_logged(client, method: str, path: str, data, registry: list[str], shown: list):
    last = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = client.get(path) if method == "GET" else client.post(path, data or {})
    assert response.status_code < 500, (method, path)
    found = niss_in(response.content.decode(), registry)
    logged = set(
        AccessLogEntry.objects.filter(pk__gt=last).values_list("niss", flat=True).distinct()
    )
    missing = found - logged
    assert not missing, f"{method} {path} shows {sorted(missing)} without logging them"
    if found:
        shown.append((method, path, found))


def test_every_agent_page_that_shows_a_registry_niss_logs_it(world, agent_client):
    registry = list(Person.objects.values_list("niss", flat=True))
    shown: list = []
    for route, kind in CLASSIFICATION.items():
        if kind.kind in {PUBLIC, AUTHENTICATED} or route in NOT_A_REGISTRY_SHOWING:
            continue
        for method, path, data in calls(route, world):
            assert_logged(agent_client, method, path, data, registry, shown)
    # The walk must not pass on pages that showed nothing: these all showed registry data.
    showing_paths = {path.split("?")[0] for _method, path, _found in shown}
    for expected in (
        reverse("dossiers:identify"),
        reverse("dossiers:person", args=[world["person"].pk]),
        reverse("dossiers:detail", args=[world["dossier"].pk]),
        reverse("requests_online:details", args=[world["request"].pk]),
        reverse("instruction:request", args=[world["dis_request"].pk]),
        reverse("decisions:calculation", args=[world["dis_request"].pk]),
        reverse("decisions:decide", args=[world["proposal"].pk]),
        reverse("decisions:decision", args=[world["decision"].pk]),
        reverse("decisions:notification", args=[world["decision"].pk]),
    ):
        assert expected in showing_paths, expected


def test_the_pages_declared_as_no_registry_showing_exist():
    for route in NOT_A_REGISTRY_SHOWING:
        assert route in CLASSIFICATION, route


def test_every_admin_page_that_shows_a_registry_niss_logs_it(world, client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    registry = list(Person.objects.values_list("niss", flat=True))
    shown: list = []
    for model in admin.site._registry:
        label = model._meta.label
        if label in NOT_A_REGISTRY_ADMIN:
            continue
        info = (model._meta.app_label, model._meta.model_name)
        paths = [reverse("admin:{}_{}_changelist".format(*info))]
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            paths.append(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
        for path in paths:
            assert_logged(client, "GET", path, None, registry, shown)
    showing_paths = {path for _method, path, _found in shown}
    assert reverse("admin:registry_person_changelist") in showing_paths
    assert reverse("admin:dossiers_dossier_changelist") in showing_paths
    admin_rows = AccessLogEntry.objects.filter(action=AccessAction.ADMIN_PERSON)
    assert admin_rows.exists()
    assert set(admin_rows.values_list("cpas", flat=True)) == {None}


def test_each_kind_of_showing_writes_its_rows(world, agent_client, agent_profile):
    """The numbers of the closing note: rows written per kind of showing."""
    louise, jean = world["person"], world["jean"]
    partner = louise.partner
    household = {m.person.niss for m in louise.household_membership.household.members.all()}

    def rows_after(call):
        last = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        response = call()
        assert response.status_code in {200, 302}
        return list(AccessLogEntry.objects.filter(pk__gt=last).order_by("pk"))

    person_page = rows_after(lambda: agent_client.get(reverse("dossiers:person", args=[louise.pk])))
    assert [(r.action, r.niss) for r in person_page] == [
        (AccessAction.PERSON_DETAILS, louise.niss),
        (AccessAction.PERSON_DETAILS, partner.niss),
    ]
    by_niss = rows_after(
        lambda: agent_client.get(reverse("dossiers:identify"), {"mode": "niss", "niss": jean.niss})
    )
    assert [(r.action, r.niss, r.search_criteria) for r in by_niss] == [
        (AccessAction.IDENTIFICATION, jean.niss, f"NISS {jean.niss}")
    ]
    details = rows_after(
        lambda: agent_client.get(reverse("requests_online:details", args=[world["request"].pk]))
    )
    assert [(r.action, r.niss, r.request_reference) for r in details] == [
        (AccessAction.REQUEST_DETAILS, louise.niss, world["request"].reference)
    ]
    main_page = rows_after(lambda: agent_client.get(world["dossier"].get_absolute_url()))
    assert main_page[0].action == AccessAction.DOSSIER_PAGE
    assert main_page[0].niss == louise.niss
    assert {r.niss for r in main_page[1:]} == household - {louise.niss}
    assert {r.action for r in main_page[1:]} == {AccessAction.HOUSEHOLD}
    assert len({r.showing for r in main_page}) == 1
    assert {r.dossier_number for r in main_page} == {world["dossier"].number}
    for row in person_page + by_niss + details + main_page:
        assert row.user == agent_profile.user
        assert row.cpas == agent_profile.cpas
        assert row.role == Role.SOCIAL_AGENT


def test_a_request_without_registry_data_logs_nothing(agent_client, agent_profile):
    request = OnlineRequestFactory(cpas=agent_profile.cpas)
    agent_client.get(reverse("requests_online:details", args=[request.pk]))
    assert not AccessLogEntry.objects.exists()


def test_an_identification_that_finds_nobody_logs_nothing(agent_client):
    agent_client.get(reverse("dossiers:identify"), {"mode": "niss", "niss": "85073003328"})
    assert not AccessLogEntry.objects.exists()


def test_a_cpas_admin_s_consultations_are_logged_under_his_own_profile(world, cpas):
    chef = ProfileFactory(cpas=cpas, role=Role.CPAS_ADMIN)
    client = login_with_profile(Client(), chef)
    client.get(world["dossier"].get_absolute_url())
    assert set(AccessLogEntry.objects.filter(user=chef.user).values_list("role", flat=True)) == {
        Role.CPAS_ADMIN
    }
