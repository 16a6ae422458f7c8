"""The project's URLs plus `/bench/bare/`: a bare Django template page behind the same
middleware (session, login, active profile), the yardstick of the pages' throughput."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from primaweb.urls import urlpatterns as project_urlpatterns

BARE = engines["django"].from_string(
    '<!DOCTYPE html><html lang="fr"><head><title>{{ title }}</title></head>'
    "<body><p>{{ title }} — {{ request.path }}</p></body></html>"
)


def bare(request):
    return HttpResponse(BARE.render({"title": "Bench"}, request))


urlpatterns = [path("bench/bare/", bare), *project_urlpatterns]
