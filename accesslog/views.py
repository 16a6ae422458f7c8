"""« Admin-Logs » (manual: under « Accès »): the CPAS's access log for its administrator, an
agent's own consultations for anybody else; read-only."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from accesslog.forms import AccessLogFilterForm
from accesslog.selectors import access_log_page


@require_GET
def access_log(request):
    profile = request.profile
    own_only = not profile.is_cpas_admin
    filters = {key: value for key, value in request.GET.items() if key != "page"}
    form = AccessLogFilterForm(
        filters or None, cpas=profile.cpas, agent=request.user if own_only else None
    )
    page = access_log_page(
        profile=profile, user=request.user, form=form, page_number=request.GET.get("page")
    )
    return render(
        request, "accesslog/access_log.html", {"form": form, "page": page, "own_only": own_only}
    )
