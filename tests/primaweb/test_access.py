"""Every URL of the project but the public ones requires login."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

PUBLIC_PREFIXES = ("connexion/", "i18n/", "admin/", "demande-en-ligne/")


def walk(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern


def concrete_path(route: str) -> str:
    """Fills path converters with a plausible value."""
    import re

    route = re.sub(r"<int:[^>]+>", "1", route)
    route = re.sub(r"<(str|slug):[^>]+>", "ABC", route)
    route = re.sub(r"<[^>]+>", "1", route)
    return "/" + route.lstrip("^").rstrip("$")


def test_every_non_public_url_redirects_anonymous_users_to_login(client):
    login = reverse("login")
    checked = 0
    for route, _pattern in walk(get_resolver().url_patterns):
        if route.startswith(PUBLIC_PREFIXES) or "(?P" in route:
            continue
        path = concrete_path(route)
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url.startswith(login), path
        checked += 1
    assert checked >= 5
