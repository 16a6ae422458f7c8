"""Pages of the instruction: « Nouvelle demande », the request's page with its social enquiry,
the « Accusé de réception » and the « Registre des demandes ».

Every object is looked up in the agent's CPAS (404 otherwise). Each part of the enquiry posts
to its own URL; an invalid post shows the request's page again with that part's errors, and
nothing else is lost. Pages that show the applicant's or the household's registry data log it.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accesslog.models import AccessAction
from accesslog.services import Shown, record_consultation
from dossiers.models import Dossier
from instruction import services
from instruction.forms import (
    ChargeForm,
    EnquiryForm,
    MemberForm,
    NewRequestForm,
    RegisterFilterForm,
    ResourceForm,
    VisitForm,
)
from instruction.models import DisRequest, HouseholdMember
from instruction.selectors import enquiry_facts

REQUESTS_PER_PAGE = 50


def scoped_request(request, pk: int) -> DisRequest:
    return get_object_or_404(DisRequest.objects.for_cpas(request.profile.cpas).for_page(), pk=pk)


def log_request_page(request, dis_request: DisRequest, members) -> None:
    """The page shows the applicant's identity and the household found by the enquiry."""
    dossier = dis_request.dossier
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


@require_http_methods(["GET", "POST"])
def new_request(request, pk: int):
    """« Nouvelle demande », from the dossier's main page."""
    dossier = get_object_or_404(
        Dossier.objects.for_cpas(request.profile.cpas).select_related("origin_request"), pk=pk
    )
    if not dossier.is_open:
        messages.error(request, _("Ce dossier est clôturé : il ne peut plus recevoir de demande."))
        return redirect(dossier)
    form = NewRequestForm(request.POST or None, dossier=dossier)
    if request.method == "POST" and form.is_valid():
        dis_request = services.request_create(
            dossier=dossier,
            received_on=form.cleaned_data["received_on"],
            mode=form.cleaned_data["mode"],
            object=form.cleaned_data["object"],
            created_by=request.user,
        )
        messages.success(
            request,
            _("Demande %(number)s inscrite au registre des demandes.")
            % {"number": dis_request.register_number},
        )
        return redirect(dis_request)
    return render(request, "instruction/new_request.html", {"dossier": dossier, "form": form})


def render_request_page(request, dis_request: DisRequest, **bound_forms):
    enquiry = dis_request.enquiry
    facts = enquiry_facts(enquiry)
    log_request_page(request, dis_request, facts.members)
    forms = {
        "enquiry_form": EnquiryForm(
            cpas=request.profile.cpas,
            initial={
                "social_worker": enquiry.social_worker_id,
                "social_report": enquiry.social_report,
            },
        ),
        "member_form": MemberForm(day=dis_request.received_on),
        "resource_form": ResourceForm(enquiry=enquiry),
        "charge_form": ChargeForm(),
        "visit_form": VisitForm(),
    }
    forms.update(bound_forms)
    status = 400 if bound_forms else 200
    return render(
        request,
        "instruction/request.html",
        {"dis_request": dis_request, "dossier": dis_request.dossier, "facts": facts, **forms},
        status=status,
    )


@require_GET
def request_page(request, pk: int):
    """The request and its « Enquête sociale »."""
    return render_request_page(request, scoped_request(request, pk))


@require_GET
def acknowledgement(request, pk: int):
    """« Accusé de réception », printable; its date is the request's reception date."""
    dis_request = scoped_request(request, pk)
    dossier = dis_request.dossier
    record_consultation(
        user=request.user,
        cpas=request.profile.cpas,
        role=request.profile.role,
        action=AccessAction.INSTRUCTION,
        niss_shown=[dossier.niss],
        shown=Shown(dossier_pk=dossier.pk, dossier_number=dossier.number),
    )
    return render(
        request,
        "instruction/acknowledgement.html",
        {"dis_request": dis_request, "dossier": dossier, "cpas": request.profile.cpas},
    )


@require_GET
def register(request):
    """« Registre des demandes » of the CPAS, a year at a time, in the register's order."""
    form = RegisterFilterForm(request.GET or None)
    requests = form.filter_qs(
        DisRequest.objects.for_cpas(request.profile.cpas)
        .select_related("dossier", "created_by")
        .register_order()
    )
    page = Paginator(requests, REQUESTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "instruction/register.html", {"form": form, "page": page})


@require_POST
def enquiry_update(request, pk: int):
    dis_request = scoped_request(request, pk)
    form = EnquiryForm(request.POST, cpas=request.profile.cpas)
    if not form.is_valid():
        return render_request_page(request, dis_request, enquiry_form=form)
    services.enquiry_update(
        enquiry=dis_request.enquiry,
        social_worker=form.cleaned_data["social_worker"],
        social_report=form.cleaned_data["social_report"],
    )
    messages.success(request, _("Enquête sociale enregistrée."))
    return redirect(dis_request)


def member_fields(form: MemberForm) -> dict:
    return {name: form.cleaned_data[name] for name in MemberForm.base_fields}


@require_POST
def member_add(request, pk: int):
    dis_request = scoped_request(request, pk)
    form = MemberForm(request.POST, day=dis_request.received_on)
    if not form.is_valid():
        return render_request_page(request, dis_request, member_form=form)
    services.member_save(enquiry=dis_request.enquiry, member=None, **member_fields(form))
    messages.success(request, _("Membre du ménage ajouté."))
    return redirect(dis_request.get_absolute_url() + "#menage")


@require_http_methods(["GET", "POST"])
def member_edit(request, pk: int, member_pk: int):
    """Corrects what the register says: the link, cohabiting, dependent."""
    dis_request = scoped_request(request, pk)
    member = get_object_or_404(HouseholdMember, enquiry=dis_request.enquiry, pk=member_pk)
    initial = {name: getattr(member, name) for name in MemberForm.base_fields}
    form = MemberForm(request.POST or None, day=dis_request.received_on, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.member_save(enquiry=dis_request.enquiry, member=member, **member_fields(form))
        messages.success(request, _("Membre du ménage modifié."))
        return redirect(dis_request.get_absolute_url() + "#menage")
    log_request_page(request, dis_request, [member])
    return render(
        request,
        "instruction/member_edit.html",
        {"dis_request": dis_request, "member": member, "form": form},
    )


@require_POST
def member_delete(request, pk: int, member_pk: int):
    dis_request = scoped_request(request, pk)
    member = get_object_or_404(HouseholdMember, enquiry=dis_request.enquiry, pk=member_pk)
    services.member_delete(member=member)
    messages.success(request, _("Membre du ménage retiré, avec ses ressources."))
    return redirect(dis_request.get_absolute_url() + "#menage")


@require_POST
def resource_add(request, pk: int):
    dis_request = scoped_request(request, pk)
    form = ResourceForm(request.POST, enquiry=dis_request.enquiry)
    if not form.is_valid():
        return render_request_page(request, dis_request, resource_form=form)
    services.resource_add(enquiry=dis_request.enquiry, **form.cleaned_data)
    messages.success(request, _("Ressource ajoutée."))
    return redirect(dis_request.get_absolute_url() + "#ressources")


@require_POST
def charge_add(request, pk: int):
    dis_request = scoped_request(request, pk)
    form = ChargeForm(request.POST)
    if not form.is_valid():
        return render_request_page(request, dis_request, charge_form=form)
    services.charge_add(enquiry=dis_request.enquiry, **form.cleaned_data)
    messages.success(request, _("Charge ou dette ajoutée."))
    return redirect(dis_request.get_absolute_url() + "#charges")


@require_POST
def visit_add(request, pk: int):
    dis_request = scoped_request(request, pk)
    form = VisitForm(request.POST)
    if not form.is_valid():
        return render_request_page(request, dis_request, visit_form=form)
    services.visit_add(enquiry=dis_request.enquiry, **form.cleaned_data)
    messages.success(request, _("Visite à domicile ajoutée."))
    return redirect(dis_request.get_absolute_url() + "#visites")


def fact_delete_view(relation: str, anchor: str, message: str):
    """A view that removes one fact (`relation` of the enquiry) of a request of this CPAS."""

    @require_POST
    def view(request, pk: int, fact_pk: int):
        dis_request = scoped_request(request, pk)
        fact = get_object_or_404(getattr(dis_request.enquiry, relation), pk=fact_pk)
        services.fact_delete(fact=fact)
        messages.success(request, _(message))
        return redirect(dis_request.get_absolute_url() + anchor)

    return view


resource_delete = fact_delete_view("resources", "#ressources", gettext_noop("Ressource supprimée."))
charge_delete = fact_delete_view("charges", "#charges", gettext_noop("Charge ou dette supprimée."))
visit_delete = fact_delete_view("visits", "#visites", gettext_noop("Visite à domicile supprimée."))
