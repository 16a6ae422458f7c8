"""The decisions' section of the dossier's main page: the current decision and the deadlines
still to meet (a decision within 30 days of each request, its notification within 8 days of the
session), the overdue ones said in words."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from decisions.selectors import Deadline, dossier_decisions


def decision_deadline(dis_request, today) -> Deadline:
    """The decision due on a request: recorded from its pending proposal if it has one, else
    the calculation leads to a proposal."""
    number = dis_request.register_number
    if dis_request.pending_proposal_pk:
        label = _("Décision sur la demande %(number)s (proposée à la séance du %(date)s)") % {
            "number": number,
            "date": dis_request.pending_session_date.strftime("%d/%m/%Y"),
        }
        url = reverse("decisions:decide", args=[dis_request.pending_proposal_pk])
    else:
        label = _("Décision sur la demande %(number)s") % {"number": number}
        url = reverse("decisions:calculation", args=[dis_request.pk])
    return Deadline(label=label, due_on=dis_request.decision_due_on, today=today, url=url)


def decisions_panel(request, dossier):
    today = timezone.localdate()
    overview = dossier_decisions(request.profile.cpas, dossier, today=today)
    deadlines = [
        decision_deadline(dis_request, today) for dis_request in overview.undecided_requests
    ]
    deadlines += [
        Deadline(
            label=_("Notification de la décision du %(date)s")
            % {"date": decision.session_date.strftime("%d/%m/%Y")},
            due_on=decision.notification_due_on,
            today=today,
            url=reverse("decisions:notification", args=[decision.pk]),
        )
        for decision in overview.unnotified
    ]
    deadlines.sort(key=lambda deadline: deadline.due_on)
    return render_to_string(
        "decisions/_partials/dossier_panel.html",
        {"dossier": dossier, "overview": overview, "deadlines": deadlines},
        request=request,
    )
