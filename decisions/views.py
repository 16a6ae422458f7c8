"""Pages of the decisions: « Calcul du revenu d'intégration » and its « Proposition au
Conseil », « Séance du Conseil », « Décision » and « Notification de la décision ».

Every object is looked up in the agent's CPAS (404 otherwise). Pages that show the applicant's
NISS (and the household the calculation rests on) log it, as the request's page does.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accesslog.models import AccessAction
from accesslog.services import Shown, record_consultation
from decisions import services
from decisions.forms import (
    OPTION_FIELDS,
    CalculationOptionsForm,
    DecisionForm,
    NotificationForm,
    ProposalForm,
    SessionFilterForm,
)
from decisions.models import Organ, Proposal, ProposalType
from decisions.selectors import (
    recent_sessions,
    scoped_decisions,
    session_proposals,
    tribunal_of,
)
from instruction.models import DisRequest, Link
from instruction.selectors import enquiry_facts

PROPOSALS_PER_PAGE = 50


def log_showing(request, dossier, members=()) -> None:
    """The page shows the applicant's identity and, for the calculation, the household."""
    record_consultation(
        user=request.user,
        cpas=request.profile.cpas,
        role=request.profile.role,
        action=AccessAction.INSTRUCTION,
        niss_shown=[dossier.niss],
        household_niss=[member.person.niss for member in members if member.person_id],
        household_action=AccessAction.HOUSEHOLD,
        shown=Shown(dossier_pk=dossier.pk, dossier_number=dossier.number),
    )


def member_rows(members) -> list[dict]:
    """The household as the calculation's page shows it."""
    return [
        {
            "name": str(member),
            "link_label": member.get_link_display(),
            "cohabiting": member.cohabiting,
            "dependent": member.dependent,
        }
        for member in members
    ]


def snapshot_member_rows(facts: dict) -> list[dict]:
    """The household as a proposal's snapshot keeps it."""
    return [
        {
            "name": member.get("name", ""),
            "link_label": Link(member["link"]).label
            if member.get("link") in Link.values
            else member.get("link", ""),
            "cohabiting": member.get("cohabiting"),
            "dependent": member.get("dependent"),
        }
        for member in facts.get("members", [])
    ]


def scoped_request(request, pk: int) -> DisRequest:
    return get_object_or_404(DisRequest.objects.for_cpas(request.profile.cpas).for_page(), pk=pk)


def render_calculation(request, dis_request, facts, options, proposal_form=None):
    if proposal_form is None and options.is_valid():
        calculation = options.calculation
        proposal_form = ProposalForm(
            dis_request=dis_request,
            facts=facts,
            initial={
                **{name: options.data.get(name) for name in OPTION_FIELDS},
                "type": ProposalType.GRANT if calculation.has_right else ProposalType.REFUSAL,
                "organ": Organ.COUNCIL,
            },
        )
    log_showing(request, dis_request.dossier, facts.members)
    return render(
        request,
        "decisions/calculation.html",
        {
            "dis_request": dis_request,
            "dossier": dis_request.dossier,
            "members": member_rows(facts.members),
            "options": options,
            "calculation": options.calculation,
            "parameters": options.parameters,
            "proposal_form": proposal_form,
        },
        status=400 if proposal_form is not None and proposal_form.is_bound else 200,
    )


@require_GET
def calculation(request, pk: int):
    """« Calcul du revenu d'intégration »: the options (GET) and every line of the result."""
    dis_request = scoped_request(request, pk)
    facts = enquiry_facts(dis_request.enquiry)
    options = CalculationOptionsForm(request.GET, dis_request=dis_request, facts=facts)
    return render_calculation(request, dis_request, facts, options)


@require_POST
def proposal_create(request, pk: int):
    """« Proposition au Conseil »: calculated again on the facts of the moment, then kept."""
    dis_request = scoped_request(request, pk)
    if not dis_request.dossier.is_open:
        messages.error(request, _("Ce dossier est clôturé : aucune proposition n'est possible."))
        return redirect(dis_request)
    facts = enquiry_facts(dis_request.enquiry)
    form = ProposalForm(request.POST, dis_request=dis_request, facts=facts)
    if not form.is_valid():
        options = CalculationOptionsForm(
            {name: request.POST.get(name, "") for name in OPTION_FIELDS if name in request.POST},
            dis_request=dis_request,
            facts=facts,
        )
        return render_calculation(request, dis_request, facts, options, proposal_form=form)
    data = form.cleaned_data
    proposal = services.proposal_create(
        dis_request=dis_request,
        facts=facts,
        calculation=form.calculation,
        parameters=form.parameters,
        right_from=data["day"],
        category=data["category"],
        category_override_reason=data["category_reason"],
        count_adult_relatives=data["count_adult_relatives"],
        type=data["type"],
        session_date=data["session_date"],
        organ=data["organ"],
        motivation=data["motivation"],
        created_by=request.user,
    )
    messages.success(
        request,
        _("Proposition inscrite à la séance du %(date)s (%(organ)s).")
        % {
            "date": proposal.session_date.strftime("%d/%m/%Y"),
            "organ": proposal.get_organ_display(),
        },
    )
    query = urlencode(
        {"session_date": proposal.session_date.strftime("%d/%m/%Y"), "organ": proposal.organ}
    )
    return redirect(f"{reverse('decisions:session')}?{query}")


@require_GET
def session(request):
    """« Séance du Conseil »: the proposals of one session date (and organ)."""
    cpas = request.profile.cpas
    form = SessionFilterForm(request.GET or None)
    page = Paginator(form.filter_qs(session_proposals(cpas)), PROPOSALS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    sessions = [
        {**item, "organ_label": Organ(item["organ"]).label} for item in recent_sessions(cpas)
    ]
    organ = form.cleaned_data.get("organ") if form.is_bound and form.is_valid() else ""
    return render(
        request,
        "decisions/session.html",
        {
            "form": form,
            "page": page,
            "sessions": sessions,
            "organ_label": Organ(organ).label if organ else "",
        },
    )


def scoped_proposal(request, pk: int) -> Proposal:
    return get_object_or_404(
        Proposal.objects.for_cpas(request.profile.cpas).select_related(
            "request__dossier", "request__enquiry__social_worker", "created_by"
        ),
        pk=pk,
    )


@require_http_methods(["GET", "POST"])
def decide(request, pk: int):
    """« Décision » of the Council on a proposal: recorded once, never changed."""
    proposal = scoped_proposal(request, pk)
    existing = services.recorded_decision(proposal)
    if existing is not None:
        if request.method == "POST":
            messages.error(request, services.DecisionAlreadyRecorded(existing).message)
        else:
            messages.info(request, _("La décision sur cette proposition est déjà enregistrée."))
        return redirect(existing)
    form = DecisionForm(request.POST or None, proposal=proposal)
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_record(
                proposal=proposal, recorded_by=request.user, **form.cleaned_data
            )
        except services.DecisionAlreadyRecorded as refusal:
            messages.error(request, refusal.message)
            return redirect(refusal.decision)
        messages.success(request, _("Décision enregistrée : elle est à notifier."))
        return redirect(decision)
    dossier = proposal.request.dossier
    log_showing(request, dossier)
    return render(
        request,
        "decisions/decide.html",
        {
            "proposal": proposal,
            "dis_request": proposal.request,
            "dossier": dossier,
            "members": snapshot_member_rows(proposal.facts),
            "form": form,
        },
        status=400 if form.is_bound else 200,
    )


@require_GET
def decision(request, pk: int):
    decision = get_object_or_404(scoped_decisions(request.profile.cpas), pk=pk)
    log_showing(request, decision.dossier)
    return render(
        request,
        "decisions/decision.html",
        {
            "decision": decision,
            "dossier": decision.dossier,
            "notification": getattr(decision, "notification", None),
            "revisions": list(decision.revisions.order_by("session_date", "pk")),
        },
    )


@require_http_methods(["GET", "POST"])
def notification(request, pk: int):
    """« Notification de la décision »: the printable letter, and when and how it was
    notified (recorded once)."""
    cpas = request.profile.cpas
    decision = get_object_or_404(scoped_decisions(cpas).select_related("notification"), pk=pk)
    recorded = getattr(decision, "notification", None)
    tribunal = tribunal_of(cpas)
    form = None
    if recorded is None:
        form = NotificationForm(request.POST or None, decision=decision, tribunal=tribunal)
        if request.method == "POST" and form.is_valid():
            try:
                services.notification_record(
                    decision=decision,
                    tribunal=tribunal,
                    recorded_by=request.user,
                    **form.cleaned_data,
                )
            except services.AlreadyNotified as refusal:
                messages.error(request, refusal.message)
            else:
                messages.success(request, _("Notification de la décision enregistrée."))
            return redirect("decisions:notification", pk=decision.pk)
    elif request.method == "POST":
        messages.error(request, services.AlreadyNotified(recorded).message)
        return redirect("decisions:notification", pk=decision.pk)
    if recorded is not None:
        tribunal_name, tribunal_address = recorded.tribunal_name, recorded.tribunal_address
    elif tribunal is not None:
        tribunal_name, tribunal_address = tribunal.name, tribunal.address.format()
    else:
        tribunal_name = tribunal_address = ""
    log_showing(request, decision.dossier)
    return render(
        request,
        "decisions/notification.html",
        {
            "decision": decision,
            "dossier": decision.dossier,
            "dis_request": decision.request,
            "cpas": cpas,
            "notification": recorded,
            "tribunal_name": tribunal_name,
            "tribunal_address": tribunal_address,
            "form": form,
        },
        status=400 if form is not None and form.is_bound else 200,
    )
