"""The project's URLs plus a view that fails and one that refuses, to see the 500 and 403 pages
(test_hardening.py)."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from primaweb.urls import handler500  # noqa: F401 - the handler Django reads from ROOT_URLCONF
from primaweb.urls import urlpatterns as project_urlpatterns


def boom(request):
    raise RuntimeError("boom")


def refused(request):
    raise PermissionDenied("Réservé aux administrateurs du CPAS.")


urlpatterns = [path("boom/", boom), path("refuse/", refused), *project_urlpatterns]
