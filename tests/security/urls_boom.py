"""The project's URLs plus a view that fails, to see the 500 page (test_hardening.py)."""

from django.urls import path

from primaweb.urls import handler500  # noqa: F401 - the handler Django reads from ROOT_URLCONF
from primaweb.urls import urlpatterns as project_urlpatterns


def boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", boom), *project_urlpatterns]
