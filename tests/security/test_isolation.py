"""Tenant isolation on every URL of the project.

The URL patterns come from the resolver, so a new view is covered automatically: until it is
classified in `CLASSIFICATION` below, `test_every_url_pattern_is_classified` fails.

For each view that takes an object (a request, a dossier, a person), an agent of another CPAS
calls it with the real id, by GET and POST: 404 (or 403), never a page, and the database does
not change. CPAS-scoped pages (lists, search, log) never show the other CPAS's data. Anonymous
users are sent to the login page, logged-in users without a selected profile to role selection.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

# Not ours to classify: Django's admin (staff checks of its own) and the language switch.
EXCLUDED_PREFIXES = ("admin/", "i18n/")

PUBLIC = "public"  # no login (login page, the citizen's form)
AUTHENTICATED = "authenticated"  # login, no profile needed (logout, role selection)
AGENT_PAGE = "agent page"  # needs a profile; shows only the profile's CPAS data
REQUEST = "request"  # an OnlineRequest of one CPAS
DOSSIER = "dossier"  # a Dossier of one CPAS
PERSON = "person"  # the national registry: every agent may read it (to open a dossier)
DIS_REQUEST = "dis request"  # a request of the DIS instruction (its dossier's CPAS)
PROPOSAL = "proposal"  # a proposal to the Council (its request's CPAS)
DECISION = "decision"  # a decision of the CPAS's Council
FORM = "form"  # a formulaire B or C of one CPAS
# Kinds whose id names an object of one CPAS: the outsider gets 404 on each.
OBJECT_KINDS = {REQUEST, DOSSIER, DIS_REQUEST, PROPOSAL, DECISION, FORM}


@dataclass(frozen=True)
class Kind:
    kind: str
    # The methods the view answers; the others may also get 405 (before any lookup).
    methods: tuple[str, ...] = ("GET",)
    # An agent who is not the CPAS's administrator sees only their own rows there.
    own_rows_only_for_agents: bool = False
    # Query-string parameters naming a CPAS-scoped object (`?demande=<request pk>`).
    request_parameter: str | None = None
    # The world's object named by a second id in the path (`…/menage/<int:member_pk>/`).
    inner: str | None = None
    # Other statuses a public URL answers when called bare (a page saying what is missing).
    also: tuple[int, ...] = ()


CLASSIFICATION: dict[str, Kind] = {
    "": Kind(AGENT_PAGE),
    "connexion/": Kind(PUBLIC, ("GET", "POST")),
    "deconnexion/": Kind(AUTHENTICATED, ("POST",)),
    # The federal login: without FAS configured (the suite's default), both say so with a 404;
    # the callback without a login under way answers its refusal page (400).
    "connexion/fas/": Kind(PUBLIC, also=(404,)),
    "connexion/fas/retour/": Kind(PUBLIC, also=(400, 404)),
    "healthz/": Kind(PUBLIC),
    "readyz/": Kind(PUBLIC),
    "role/": Kind(AUTHENTICATED, ("GET", "POST")),
    "cpas/fiche/": Kind(AGENT_PAGE),
    "cpas/assistants/": Kind(AGENT_PAGE),
    "acces/": Kind(AGENT_PAGE),
    # The access manager's page: the profiles of the own CPAS only (403 for a non-administrator).
    "acces/gestion/": Kind(AGENT_PAGE, ("GET", "POST")),
    "demande-en-ligne/": Kind(PUBLIC, ("GET", "POST")),
    "demande-en-ligne/confirmation/": Kind(PUBLIC),
    "demandes-cpas-online/": Kind(AGENT_PAGE),
    "demandes-cpas-online/<int:pk>/": Kind(REQUEST, ("GET", "POST")),
    "demandes-cpas-online/<int:pk>/lue/": Kind(REQUEST, ("POST",)),
    "demandes-cpas-online/<int:pk>/non-lue/": Kind(REQUEST, ("POST",)),
    "dossiers/": Kind(AGENT_PAGE),
    "dossiers/rechercher/": Kind(AGENT_PAGE),
    "dossiers/nouveau/": Kind(AGENT_PAGE, request_parameter="demande"),
    "dossiers/nouveau/personne/<int:pk>/": Kind(
        PERSON, ("GET", "POST"), request_parameter="demande"
    ),
    "dossiers/nouveau/demande/<int:request_pk>/": Kind(REQUEST),
    "dossiers/<int:pk>/": Kind(DOSSIER),
    "dossiers/admin-logs/": Kind(AGENT_PAGE, own_rows_only_for_agents=True),
    "dossiers/<int:pk>/nouvelle-demande/": Kind(DOSSIER, ("GET", "POST")),
    "demandes/registre/": Kind(AGENT_PAGE),
    "demandes/<int:pk>/": Kind(DIS_REQUEST),
    "demandes/<int:pk>/accuse-de-reception/": Kind(DIS_REQUEST),
    "demandes/<int:pk>/enquete/": Kind(DIS_REQUEST, ("POST",)),
    "demandes/<int:pk>/menage/ajouter/": Kind(DIS_REQUEST, ("POST",)),
    "demandes/<int:pk>/menage/<int:member_pk>/": Kind(DIS_REQUEST, ("GET", "POST"), inner="member"),
    "demandes/<int:pk>/menage/<int:member_pk>/retirer/": Kind(
        DIS_REQUEST, ("POST",), inner="member"
    ),
    "demandes/<int:pk>/ressources/ajouter/": Kind(DIS_REQUEST, ("POST",)),
    "demandes/<int:pk>/ressources/<int:fact_pk>/supprimer/": Kind(
        DIS_REQUEST, ("POST",), inner="resource"
    ),
    "demandes/<int:pk>/charges/ajouter/": Kind(DIS_REQUEST, ("POST",)),
    "demandes/<int:pk>/charges/<int:fact_pk>/supprimer/": Kind(
        DIS_REQUEST, ("POST",), inner="charge"
    ),
    "demandes/<int:pk>/visites/ajouter/": Kind(DIS_REQUEST, ("POST",)),
    "demandes/<int:pk>/visites/<int:fact_pk>/supprimer/": Kind(
        DIS_REQUEST, ("POST",), inner="visit"
    ),
    "demandes/<int:pk>/calcul/": Kind(DIS_REQUEST),
    "demandes/<int:pk>/proposition/": Kind(DIS_REQUEST, ("POST",)),
    "seances/": Kind(AGENT_PAGE),
    "propositions/<int:pk>/decision/": Kind(PROPOSAL, ("GET", "POST")),
    "decisions/<int:pk>/": Kind(DECISION),
    "decisions/<int:pk>/notification/": Kind(DECISION, ("GET", "POST")),
    "formulaires/<int:pk>/": Kind(FORM),
    "formulaires/<int:pk>/modifier/": Kind(FORM, ("POST",)),
    "formulaires/<int:pk>/envoyer/": Kind(FORM, ("POST",)),
    "formulaires/<int:pk>/corriger/": Kind(FORM, ("POST",)),
    "formulaires/decision/<int:pk>/": Kind(DECISION, ("POST",)),
    "formulaires/a-envoyer/": Kind(AGENT_PAGE),
    "formulaires/": Kind(AGENT_PAGE),
    "formulaires/export.csv": Kind(AGENT_PAGE),
    "formulaires/blocages/": Kind(AGENT_PAGE),
    "echeancier/": Kind(AGENT_PAGE),
}
# Query strings that make CPAS-scoped pages show the insider's data if scoping were missing.
LIST_QUERIES = {
    "demandes-cpas-online/": [
        "",
        "?mode=reference&reference=SECRETREF123",
        "?mode=demandes&state=lues",
    ],
    "dossiers/rechercher/": ["?q=Secretinsider", "?q={dossier_number}", "?q={niss}"],
    "dossiers/admin-logs/": ["", "?niss={niss}"],
    "demandes/registre/": ["", "?year={year}"],
    "seances/": ["", "?session_date={session_date}", "?session_date={session_date}&organ=conseil"],
    "formulaires/a-envoyer/": ["", "?lateness=retard", "?lateness=perte"],
    "formulaires/": ["", "?type=B", "?state=brouillon", "?date_from=01/01/2000&date_to=31/12/2099"],
    "formulaires/export.csv": ["", "?type=B&state=brouillon"],
    "formulaires/blocages/": ["", "?state=bloque", "?state=refuse&type=B"],
    "echeancier/": ["", "?kind=formulaire", "?date_from=01/01/2000&date_to=31/12/2099"],
}
# POST data that would succeed if the view accepted the object.
POST_DATA = {
    "formulaires/<int:pk>/modifier/": {"niss": "", "piis_code": "11"},
    "dossiers/<int:pk>/nouvelle-demande/": {
        "received_on": "01/03/2026",
        "mode": "ecrite",
        "object": "ri",
    },
    "demandes/<int:pk>/menage/ajouter/": {"last_name": "Hostile", "link": "autre"},
    "demandes/<int:pk>/menage/<int:member_pk>/": {"last_name": "Hostile", "link": "autre"},
    "demandes/<int:pk>/ressources/ajouter/": {"type": "other", "monthly_net": "100"},
    "demandes/<int:pk>/charges/ajouter/": {"kind": "charge", "label": "X", "monthly_amount": "1"},
    "demandes/<int:pk>/visites/ajouter/": {"visited_on": "01/03/2026", "finding": "Hostile"},
    "demandes/<int:pk>/proposition/": {
        "day": "02/03/2026",
        "category": "1",
        "type": "octroi",
        "session_date": "10/03/2026",
        "organ": "conseil",
        "motivation": "Hostile",
    },
    "propositions/<int:pk>/decision/": {
        "type": "octroi",
        "session_date": "10/03/2026",
        "organ": "conseil",
        "starts_on": "02/03/2026",
        "category": "1",
        "annual_amount": "1.200,00",
        "monthly_amount": "100,00",
        "first_month_amount": "100,00",
        "amounts_adjustment_motivation": "Hostile",
        "legal_motivation": "Hostile",
        "factual_motivation": "Hostile",
        "piis": "obligatoire",
    },
    "decisions/<int:pk>/notification/": {"notified_on": "12/03/2026", "mode": "recommande"},
    "dossiers/nouveau/personne/<int:pk>/": {
        "street": "Rue Hostile",
        "house_number": "1",
        "postal_code": "4000",
        "locality": "Liège",
        "country": "Belgique",
    },
}


def walk(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route


def project_routes() -> list[str]:
    return [
        route
        for route in walk(get_resolver().url_patterns)
        if not route.startswith(EXCLUDED_PREFIXES)
    ]


def object_id(kind: str, world) -> int | None:
    return {
        REQUEST: world["request"].pk,
        DOSSIER: world["dossier"].pk,
        PERSON: world["person"].pk,
        DIS_REQUEST: world["dis_request"].pk,
        PROPOSAL: world["proposal"].pk,
        DECISION: world["decision"].pk,
        FORM: world["form"].pk,
    }.get(kind)


def object_ids(kind: Kind, world) -> list[int | None]:
    """The ids of the route's path: the object's, then the inner object's if any."""
    ids = [object_id(kind.kind, world)]
    if kind.inner:
        ids.append(world[kind.inner].pk)
    return ids


def concrete(route: str, *pks: int | None) -> str:
    """The route with its ids, in order; ids missing at the end repeat the last (or 1)."""
    values = iter([pk for pk in pks if pk is not None] or [1])
    last = None

    def substitute(_match):
        nonlocal last
        last = next(values, last)
        return str(last)

    path = re.sub(r"<int:[^>]+>", substitute, route)
    assert "<" not in path, f"unsupported converter in {route}"
    return "/" + path


def markers(world) -> list[str]:
    """Text of the insider's CPAS that must never appear on an outsider's page."""
    request, dossier, person = world["request"], world["dossier"], world["person"]
    return [request.reference, request.last_name, dossier.number, person.niss, person.last_name]


def snapshot() -> dict[str, list[dict]]:
    """Every row of the project's own tables (sessions and login throttling aside)."""
    tables = {}
    for label in (
        "primaweb",
        "registry",
        "accesslog",
        "requests_online",
        "dossiers",
        "integration_income",
        "instruction",
        "decisions",
        "reimbursement",
        "sppis_simulator",
        "auth",
    ):
        for model in apps.get_app_config(label).get_models():
            rows = model._base_manager.order_by("pk").values()
            tables[model._meta.label] = [
                {k: v for k, v in row.items() if k != "last_login"} for row in rows
            ]
    return tables


def call(client, method: str, path: str, data=None):
    if method == "GET":
        return client.get(path)
    return client.post(path, data or {})


def test_every_url_pattern_is_classified():
    routes = project_routes()
    unclassified = sorted(set(routes) - set(CLASSIFICATION))
    assert not unclassified, (
        f"classify these URL patterns in tests/security/test_isolation.py: {unclassified}"
    )
    stale = sorted(set(CLASSIFICATION) - set(routes))
    assert not stale, f"classified patterns that no longer exist: {stale}"
    assert len(routes) >= 20


def test_admin_and_i18n_are_excluded_but_exist():
    routes = list(walk(get_resolver().url_patterns))
    assert any(route.startswith("admin/") for route in routes)
    assert any(route.startswith("i18n/") for route in routes)


def test_django_admin_refuses_agents_who_are_not_staff(agent_client):
    response = agent_client.get("/admin/dossiers/dossier/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


@pytest.mark.parametrize("route", [r for r, k in CLASSIFICATION.items() if k.kind in OBJECT_KINDS])
def test_an_outsider_gets_404_for_every_object_of_another_cpas(
    route, insider_world, outsider_client
):
    kind = CLASSIFICATION[route]
    path = concrete(route, *object_ids(kind, insider_world))
    before = snapshot()
    for method in ("GET", "POST"):
        response = call(outsider_client, method, path, POST_DATA.get(route))
        allowed = {404, 403} if method in kind.methods else {404, 403, 405}
        assert response.status_code in allowed, (method, path, response.status_code)
        body = response.content.decode()
        for marker in markers(insider_world):
            assert marker not in body, (method, path, marker)
    assert snapshot() == before, f"{path}: the database changed"


@pytest.mark.parametrize("route", [r for r, k in CLASSIFICATION.items() if k.request_parameter])
def test_an_outsider_gets_404_for_another_cpas_request_in_the_query_string(
    route, insider_world, outsider_client, outsider_profile
):
    """`?demande=<pk>` carries a request through the dossier flow: re-checked at every step."""
    kind = CLASSIFICATION[route]
    own_person = insider_world["person"]  # national registry: readable, but not the request
    path = concrete(route, own_person.pk)
    query = f"?{kind.request_parameter}={insider_world['request'].pk}"
    before = snapshot()
    for method in kind.methods:
        response = call(outsider_client, method, path + query, POST_DATA.get(route))
        assert response.status_code == 404, (method, path, response.status_code)
    assert snapshot() == before


def test_registry_persons_are_national_but_another_cpas_dossier_stays_hidden(
    insider_world, outsider_client, outsider_profile
):
    """Every agent reads registry persons (they need it to open dossiers); the person page
    names the other CPAS at most, never its dossier, and the reading is logged for the
    outsider's own CPAS only."""
    from accesslog.models import AccessLogEntry
    from dossiers.models import Dossier

    person = insider_world["person"]
    path = reverse("dossiers:person", args=[person.pk])
    insider_rows = list(AccessLogEntry.objects.for_cpas(insider_world["cpas"]).values())
    insider_dossiers = list(Dossier.objects.for_cpas(insider_world["cpas"]).values())

    response = outsider_client.get(path)
    assert response.status_code == 200
    body = response.content.decode()
    assert insider_world["dossier"].number not in body
    assert insider_world["request"].reference not in body

    # Opening a dossier of one's own CPAS for a person known elsewhere is the normal flow.
    response = outsider_client.post(path, POST_DATA["dossiers/nouveau/personne/<int:pk>/"])
    assert response.status_code == 302
    created = Dossier.objects.get(cpas=outsider_profile.cpas, person=person)
    assert response.url == created.get_absolute_url()
    assert list(AccessLogEntry.objects.for_cpas(insider_world["cpas"]).values()) == insider_rows
    assert list(Dossier.objects.for_cpas(insider_world["cpas"]).values()) == insider_dossiers
    assert (
        AccessLogEntry.objects.filter(user=outsider_profile.user)
        .exclude(cpas=outsider_profile.cpas)
        .count()
        == 0
    )


@pytest.mark.parametrize("route", [r for r, k in CLASSIFICATION.items() if k.kind == AGENT_PAGE])
def test_cpas_pages_of_an_outsider_never_show_the_other_cpas_data(
    route, insider_world, outsider_admin_client
):
    """Lists, searches and the access log, as an administrator of another CPAS."""
    world = insider_world
    before = snapshot()
    for query in LIST_QUERIES.get(route, [""]):
        query = query.format(
            dossier_number=world["dossier"].number,
            niss=world["person"].niss,
            year=world["dis_request"].year,
            session_date=world["proposal"].session_date.strftime("%d/%m/%Y"),
        )
        response = outsider_admin_client.get(concrete(route) + query)
        assert response.status_code == 200, (route, query, response.status_code)
        body = response.content.decode()
        for marker in markers(world):
            if marker not in query:  # what the agent typed is echoed in the form
                assert marker not in body, (route, query, marker)
    assert snapshot() == before


def test_the_scoped_pages_do_show_the_data_to_its_own_cpas(insider_world, cpas_admin_client):
    """The counterpart of the test above, so that it cannot pass on empty pages."""
    world = insider_world
    for route, query, marker in [
        ("demandes-cpas-online/", "", world["request"].reference),
        ("dossiers/rechercher/", f"?q={world['dossier'].number}", world["dossier"].number),
        ("dossiers/", "", world["dossier"].number),
        ("dossiers/admin-logs/", "", world["request"].reference),
        ("demandes/registre/", "", world["dossier"].number),
        ("seances/", "?session_date=10/03/2026", world["dossier"].number),
        ("formulaires/a-envoyer/", "", world["dossier"].number),
        ("formulaires/", "?type=B", world["dossier"].number),
        ("formulaires/export.csv", "?type=B", world["dossier"].number),
        ("echeancier/", "?kind=formulaire", world["dossier"].number),
    ]:
        response = cpas_admin_client.get(concrete(route) + query)
        assert marker in response.content.decode(), (route, query)
    for route, kind in CLASSIFICATION.items():
        if kind.kind in OBJECT_KINDS and "GET" in kind.methods:
            response = cpas_admin_client.get(concrete(route, *object_ids(kind, world)))
            assert response.status_code in {200, 302}, route


def test_a_colleague_of_the_same_cpas_opens_its_requests_and_dossiers(
    insider_world, colleague_client
):
    """Agents of one CPAS share its requests and dossiers: the colleague reads them in full."""
    world = insider_world
    details = colleague_client.get(concrete("demandes-cpas-online/<int:pk>/", world["request"].pk))
    assert details.status_code == 200
    assert world["request"].reference in details.content.decode()
    dossier = colleague_client.get(concrete("dossiers/<int:pk>/", world["dossier"].pk))
    assert dossier.status_code == 200
    assert world["dossier"].number in dossier.content.decode()


def test_pages_of_own_rows_show_an_agent_nothing_of_a_colleague(insider_world, colleague_client):
    """The insider world's rows were written by the agent: the colleague sees none of them."""
    for route, kind in CLASSIFICATION.items():
        if kind.own_rows_only_for_agents:
            response = colleague_client.get(concrete(route))
            assert response.status_code == 200, route
            assert insider_world["request"].reference not in response.content.decode(), route


@pytest.mark.parametrize("route", list(CLASSIFICATION))
def test_anonymous_users_are_sent_to_login(route, insider_world, client):
    kind = CLASSIFICATION[route]
    path = concrete(route, *object_ids(kind, insider_world))
    before = snapshot()
    for method in ("GET", "POST"):
        response = call(client, method, path)
        if kind.kind == PUBLIC:
            assert response.status_code in {200, 302, 405, *kind.also}, (method, path)
            if response.status_code == 302:
                assert not response.url.startswith(reverse("login")), (method, path)
            continue
        assert response.status_code == 302, (method, path, response.status_code)
        assert response.url.startswith(reverse("login")), (method, path)
    if kind.kind != PUBLIC:
        assert snapshot() == before


@pytest.mark.parametrize(
    "route", [r for r, k in CLASSIFICATION.items() if k.kind not in {PUBLIC, AUTHENTICATED}]
)
def test_users_without_a_selected_profile_are_sent_to_role_selection(
    route, insider_world, no_profile_selected_client
):
    kind = CLASSIFICATION[route]
    path = concrete(route, *object_ids(kind, insider_world))
    before = snapshot()
    for method in ("GET", "POST"):
        response = call(no_profile_selected_client, method, path, POST_DATA.get(route))
        assert response.status_code == 302, (method, path, response.status_code)
        assert response.url == reverse("select_role"), (method, path)
    assert snapshot() == before
