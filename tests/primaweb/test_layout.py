"""The frame of every page: the header's release line and links, the footer, the language switch."""

import tomllib
from importlib.metadata import PackageNotFoundError
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from primaweb import version as version_module
from primaweb.version import project_version, release

pytestmark = pytest.mark.django_db

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def pyproject_version() -> str:
    with PYPROJECT.open("rb") as pyproject:
        return tomllib.load(pyproject)["project"]["version"]


@pytest.fixture
def uncached_version():
    project_version.cache_clear()
    yield
    project_version.cache_clear()


def test_the_version_is_the_one_of_pyproject_toml():
    assert project_version() == pyproject_version() == "0.1.0"


def test_the_release_is_the_major_and_minor_of_the_version():
    assert release("0.1.0") == "0.1"
    assert release("6.1.21") == "6.1"
    assert release("0+unknown") == "0+unknown"


def test_without_the_installed_package_the_version_is_read_from_pyproject_toml(
    monkeypatch, uncached_version
):
    def not_installed(name):
        raise PackageNotFoundError(name)

    monkeypatch.setattr(version_module, "version", not_installed)
    assert project_version() == "0.1.0"


def test_without_package_nor_pyproject_the_version_says_it_is_unknown(
    monkeypatch, uncached_version, tmp_path
):
    def not_installed(name):
        raise PackageNotFoundError(name)

    monkeypatch.setattr(version_module, "version", not_installed)
    monkeypatch.setattr(version_module, "PYPROJECT", tmp_path / "missing.toml")
    assert project_version() == "0+unknown"


def test_the_header_shows_the_release_line_as_in_the_manual(client):
    content = client.get(reverse("login")).content.decode()
    assert (
        '<span class="brand-app">Prima - web</span>\n'
        '      <span class="brand-release">Release 0.1 version 0.1.0</span>'
    ) in content


@pytest.mark.parametrize(
    ("language", "portal"),
    [
        ("fr", "securitesociale.be"),
        ("nl", "socialezekerheid.be"),
        ("de", "sozialesicherheit.be"),
        ("en", "socialsecurity.be"),
    ],
)
def test_the_header_names_the_social_security_portal_in_the_language(client, language, portal):
    client.cookies["django_language"] = language
    content = client.get(reverse("login")).content.decode()
    assert f'<span class="brand-portal">{portal}</span>' in content


def test_with_a_profile_the_header_links_to_the_cpas_dossiers_and_home(agent_client):
    content = agent_client.get(reverse("home")).content.decode()
    assert (
        '<span class="user-links"><a href="/dossiers/">Dossiers du C.P.A.S.</a> - '
        '<a href="/">Accueil</a></span>'
    ) in content
    assert reverse("dossiers:list") == "/dossiers/" and reverse("home") == "/"


def test_without_a_profile_the_header_has_no_dossier_links(client, agent_profile):
    client.force_login(agent_profile.user)
    content = client.get(reverse("select_role")).content.decode()
    assert "Dossiers du C.P.A.S." not in content
    assert 'class="user-links"' not in content
    assert "Connecté en tant que :" in content


def test_the_footer_names_the_project_its_version_and_licence_not_smals(client, agent_client):
    footer = (
        '<footer class="site-footer">\n'
        "    <p>Primaweb (clone ouvert) 0.1.0 · Licence EUPL-1.2 · "
        "Clone ouvert de Prima-web, sans lien avec le SPP Intégration sociale.</p>\n"
        "  </footer>"
    )
    for page in (client.get(reverse("login")), agent_client.get(reverse("home"))):
        content = page.content.decode()
        assert footer in content
        assert "Smals" not in content and "Copyright" not in content


@pytest.mark.parametrize("language", ["fr", "nl", "de", "en"])
def test_each_language_is_named_in_its_own_language_whatever_the_page_s(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("login"))
    assert response.headers["Content-Language"] == language
    content = response.content.decode()
    options = {
        "fr": "Français",
        "nl": "Nederlands",
        "de": "Deutsch",
        "en": "English",
    }
    for code, name in options.items():
        selected = " selected" if code == language else ""
        assert f'<option value="{code}" lang="{code}"{selected}>{name}</option>' in content
    assert "Anglais" not in content and "Engels" not in content and "Englisch" not in content
