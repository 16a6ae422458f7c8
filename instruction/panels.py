"""The instruction's section of the dossier's main page: its requests and « Nouvelle demande »."""

from __future__ import annotations

from django.db.models import Count
from django.template.loader import render_to_string

from instruction.models import DisRequest


def requests_panel(request, dossier):
    requests = list(
        DisRequest.objects.for_cpas(request.profile.cpas)
        .filter(dossier=dossier)
        .select_related("enquiry__social_worker")
        # Whether the Council decided it (the decisions app's rows, by their reverse name):
        # the deadline column then says so instead of a date.
        .annotate(decided=Count("decisions"))
        .order_by("-received_on", "-pk")
    )
    return render_to_string(
        "instruction/_partials/dossier_panel.html",
        {"dossier": dossier, "dis_requests": requests},
        request=request,
    )
