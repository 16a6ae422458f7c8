"""The reimbursement's section of the dossier's main page: each decision's forms B and C, and
« Préparer le formulaire » for a decision that has none yet. Two queries."""

from __future__ import annotations

from django.template.loader import render_to_string

from decisions.models import Decision, DecisionType
from reimbursement.models import ReimbursementForm


def forms_panel(request, dossier):
    cpas = request.profile.cpas
    decisions = list(
        Decision.objects.for_cpas(cpas).filter(dossier=dossier).order_by("-session_date", "-pk")
    )
    if not decisions:
        return ""
    forms_by_decision: dict[int, list[ReimbursementForm]] = {}
    for form in (
        ReimbursementForm.objects.for_cpas(cpas)
        .filter(dossier=dossier)
        .order_by("rank", "created_at", "pk")
    ):
        forms_by_decision.setdefault(form.decision_id, []).append(form)
    rows = [
        {
            "decision": decision,
            "forms": forms_by_decision.get(decision.pk, []),
            "form_type": "B" if DecisionType(decision.type).grants else "C",
        }
        for decision in decisions
    ]
    return render_to_string(
        "reimbursement/_partials/dossier_panel.html", {"rows": rows}, request=request
    )
