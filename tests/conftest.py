"""Personas shared by every test: an agent, a colleague of the same CPAS, the CPAS's
administrator, an outsider of another CPAS and that CPAS's administrator, and an agent who has
not chosen a role yet."""

import importlib

import pytest
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from accesslog import guard
from primaweb.middleware import SESSION_KEY
from primaweb.models import Role
from tests.factories import CpasFactory, MunicipalityFactory, PostalCodeFactory, ProfileFactory


def _flush_through_the_access_log_guard(operations_class, vendor):
    """Tests that commit (live server, concurrency) end with Django's flush, which TRUNCATEs
    or DELETEs every table: the access log's triggers refuse that, as they must in production.
    The flush lifts the guard inside its own transaction and puts it back, as
    `purge_access_log` does; nothing outside the test suite's flush is changed."""
    original = operations_class.sql_flush

    def sql_flush(self, style, tables, *args, **kwargs):
        statements = original(self, style, tables, *args, **kwargs)
        guarded = tuple(table for table in guard.GUARDED_TABLES if table in tables)
        if not guarded or not statements:
            return statements
        return [
            *guard.remove_statements(vendor, guarded),
            *statements,
            *guard.install_statements(vendor, guarded),
        ]

    operations_class.sql_flush = sql_flush


@pytest.fixture(autouse=True, scope="session")
def access_log_guard_aware_flush():
    from django.db import connection

    _flush_through_the_access_log_guard(type(connection.ops), connection.vendor)


# The reference rows that data migrations seed: the suite's flush after a test that commits
# (live server, concurrency) empties them like every table, and the next tests need them.
REFERENCE_SEEDS = [
    ("integration_income", "0002_seed_amounts", "integration_income.CategoryAmount"),
    ("sppis_simulator", "0002_seed_codes", "sppis_simulator.ErrorCode"),
]


@pytest.fixture(autouse=True)
def reference_rows(request):
    """Puts the migration-seeded reference rows back when a committing test emptied them."""
    if request.node.get_closest_marker("django_db") is None:
        return
    request.getfixturevalue("_django_db_helper")  # database access, as the marker asks
    for app, migration, model in REFERENCE_SEEDS:
        if not apps.get_model(model).objects.exists():
            importlib.import_module(f"{app}.migrations.{migration}").seed(apps, None)


@pytest.fixture(autouse=True)
def french_after_each_test():
    """A test request in another language leaves that language active in the thread (the
    locale middleware activates it and nothing deactivates it): the next test would read
    German labels. Each test ends back in the project's language."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: cached pages of an earlier test's database (the
    same ids, rolled back) must not answer this one's requests."""
    cache.clear()


def login_with_profile(client, profile):
    client.force_login(profile.user)
    session = client.session
    session[SESSION_KEY] = profile.pk
    session.save()
    return client


@pytest.fixture
def cpas(db):
    cpas = CpasFactory(name="CPAS de Herstappe")
    municipality = MunicipalityFactory(name="Herstappe", nis_code="73028", cpas=cpas)
    PostalCodeFactory(code="3717", locality="Herstappe", municipality=municipality)
    return cpas


@pytest.fixture
def other_cpas(db):
    other = CpasFactory(name="CPAS de Liège")
    municipality = MunicipalityFactory(name="Liège", nis_code="62063", cpas=other)
    PostalCodeFactory(code="4000", locality="Liège", municipality=municipality)
    return other


@pytest.fixture
def agent_profile(cpas):
    return ProfileFactory(cpas=cpas, role=Role.SOCIAL_AGENT, user__username="agent")


@pytest.fixture
def colleague_profile(cpas):
    return ProfileFactory(cpas=cpas, role=Role.SOCIAL_AGENT, user__username="colleague")


@pytest.fixture
def outsider_profile(other_cpas):
    return ProfileFactory(cpas=other_cpas, role=Role.SOCIAL_AGENT, user__username="outsider")


@pytest.fixture
def admin_profile(cpas):
    return ProfileFactory(cpas=cpas, role=Role.CPAS_ADMIN, user__username="chef")


@pytest.fixture
def agent_client(agent_profile):
    return login_with_profile(Client(), agent_profile)


@pytest.fixture
def colleague_client(colleague_profile):
    return login_with_profile(Client(), colleague_profile)


@pytest.fixture
def outsider_client(outsider_profile):
    return login_with_profile(Client(), outsider_profile)


@pytest.fixture
def cpas_admin_client(admin_profile):
    return login_with_profile(Client(), admin_profile)


@pytest.fixture
def outsider_admin_profile(other_cpas):
    return ProfileFactory(cpas=other_cpas, role=Role.CPAS_ADMIN, user__username="outsider-chef")


@pytest.fixture
def outsider_admin_client(outsider_admin_profile):
    return login_with_profile(Client(), outsider_admin_profile)


@pytest.fixture
def no_profile_selected_client(agent_profile):
    """The insider agent, logged in, who has not chosen a role yet."""
    client = Client()
    client.force_login(agent_profile.user)
    return client
