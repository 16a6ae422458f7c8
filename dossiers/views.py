"""Dossier pages: the creation flow (identify → person details → create), the dossier's main
page, the CPAS's list and search. Each page that shows registry data logs it (`accesslog`).

Every query is scoped to the active profile's CPAS; another CPAS's dossier or request is a 404.
The origin request of the flow travels as `?demande=<pk>` and is re-checked at every step.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accesslog.models import AccessAction
from accesslog.services import Shown, record_consultation
from dossiers.forms import (
    BY_NISS,
    BY_PHONETICS,
    DossierSearchForm,
    EffectiveAddressForm,
    IdentificationForm,
)
from dossiers.models import Dossier
from dossiers.panels import render_panels
from dossiers.selectors import find_persons, find_suggestions
from dossiers.services import DossierAlreadyExists, DossierError, dossier_create, shown_for
from registry.models import Person
from registry.partial_date import PartialDate
from requests_online.models import OnlineRequest

ORIGIN_PARAMETER = "demande"
DOSSIERS_PER_PAGE = 25


def origin_request(request) -> OnlineRequest | None:
    """The request the flow started from (`?demande=<pk>`), only if it is of this CPAS."""
    raw = request.GET.get(ORIGIN_PARAMETER, "")
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit()):
        raise Http404(_("Demande introuvable."))
    return get_object_or_404(
        OnlineRequest.objects.for_cpas(request.profile.cpas).select_related("dossier"),
        pk=int(raw),
    )


def prefill_from(origin: OnlineRequest) -> dict:
    """The identification form as a request fills it: its NISS, else name and birth date."""
    niss = origin.niss_for_search
    if niss:
        return {"mode": BY_NISS, "niss": niss}
    initial = {
        "mode": BY_PHONETICS,
        "last_name": origin.registry_last_name or origin.last_name,
        "first_names": origin.registry_first_names or origin.first_name,
        "tolerance": "0",
    }
    try:
        born = PartialDate.parse(origin.birth_date_for_search)
    except ValidationError:  # none known, or none the search takes: the agent types it
        initial.update({"birth_day": "", "birth_month": "", "birth_year": ""})
    else:
        initial.update(
            {
                "birth_day": f"{born.day:02d}",
                "birth_month": f"{born.month:02d}",
                "birth_year": f"{born.year:04d}",
            }
        )
    return initial


def origin_querystring(origin: OnlineRequest | None) -> str:
    if origin is None:
        return ""
    query = QueryDict(mutable=True)
    query[ORIGIN_PARAMETER] = str(origin.pk)
    return query.urlencode()


def search_criteria(form: IdentificationForm) -> str:
    """What the agent typed, for the log: `NISS 97432405115` or
    `Delacroix Louise 00/05/1988 ±1 F`."""
    data = form.cleaned_data
    if data["mode"] == BY_NISS:
        return f"NISS {data['niss']}"
    # A birth date that does not exist (31/02) is logged as typed: its suggestions are shown.
    born = data.get("birth_date") or form.impossible_birth_date
    parts = [data.get("last_name", ""), data.get("first_names", ""), born.display if born else ""]
    parts.append(f"±{data.get('tolerance', 0)}")
    parts.append(data.get("sex") or "")
    return " ".join(part.strip() for part in parts if part and part.strip())


def log_search_results(request, form: IdentificationForm, result, origin) -> None:
    """One row per person listed (found or suggested), with the criteria typed (the NISS or
    name and birth date)."""
    profile = request.profile
    record_consultation(
        user=request.user,
        cpas=profile.cpas,
        role=profile.role,
        action=AccessAction.IDENTIFICATION,
        niss_shown=[person.niss for person in result.listed],
        shown=Shown(
            request_pk=origin.pk if origin is not None else None,
            request_reference=origin.reference if origin is not None else "",
            search_criteria=search_criteria(form),
        ),
    )


def log_person_page(request, person: Person, origin: OnlineRequest | None) -> None:
    """The person page shows the person and the partner's name and NISS."""
    profile = request.profile
    shown = [person.niss]
    if person.partner is not None:
        shown.append(person.partner.niss)
    record_consultation(
        user=request.user,
        cpas=profile.cpas,
        role=profile.role,
        action=AccessAction.PERSON_DETAILS,
        niss_shown=shown,
        shown=shown_for(origin=origin),
    )


@require_GET
def identify(request):
    """ "Pour créer un nouveau dossier": the identification form and the persons found."""
    origin = origin_request(request)
    submitted = any(name in request.GET for name in IdentificationForm.base_fields)
    result = None
    if submitted:
        form = IdentificationForm(request.GET)
        if form.is_valid():
            result = find_persons(cpas=request.profile.cpas, **form.search_criteria())
        elif (criteria := form.suggestion_criteria()) is not None:
            result = find_suggestions(cpas=request.profile.cpas, **criteria)
        if result is not None:
            log_search_results(request, form, result, origin)
    else:
        initial = prefill_from(origin) if origin else {"mode": BY_NISS, "tolerance": "0"}
        form = IdentificationForm(initial=initial)
        if origin is not None and origin.from_registry:
            # The form is pre-filled with the request's registry snapshot (its NISS).
            record_consultation(
                user=request.user,
                cpas=request.profile.cpas,
                role=request.profile.role,
                action=AccessAction.REQUEST_DETAILS,
                niss_shown=[origin.registry_niss],
                shown=shown_for(origin=origin),
            )
    return render(
        request,
        "dossiers/identify.html",
        {
            "form": form,
            "result": result,
            "origin": origin,
            "origin_qs": origin_querystring(origin),
            "search_qs": request.GET.urlencode(),
        },
    )


@require_GET
def create_from_request(request, request_pk: int):
    """ "Créer un dossier" on a request: the identification, pre-filled from that request."""
    origin = get_object_or_404(OnlineRequest.objects.for_cpas(request.profile.cpas), pk=request_pk)
    return redirect(f"{reverse('dossiers:identify')}?{origin_querystring(origin)}")


@require_http_methods(["GET", "POST"])
def person_details(request, pk: int):
    """ "Identification de la personne": registry data, effective address, "Créer le dossier"."""
    profile = request.profile
    origin = origin_request(request)
    person = get_object_or_404(
        Person.objects.with_addresses().select_related("household_membership"), pk=pk
    )
    existing = None
    if request.method == "GET":
        form = EffectiveAddressForm()
    elif "copy" in request.POST:
        # Without JavaScript, "Copier ces informations…" re-renders the form filled in.
        form = EffectiveAddressForm(
            initial=EffectiveAddressForm.initial_from(person.residential_address)
        )
    else:
        form = EffectiveAddressForm(request.POST)
        if form.is_valid():
            try:
                dossier = dossier_create(
                    cpas=profile.cpas,
                    person=person,
                    address=form.address(),
                    created_by=request.user,
                    origin=origin,
                    role=profile.role,
                )
            except DossierAlreadyExists as error:
                existing = error
            except DossierError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request, _("Le dossier %(number)s a été créé.") % {"number": dossier.number}
                )
                return redirect(dossier)
    open_dossier = Dossier.objects.for_cpas(profile.cpas).open().of_person(person).first()
    # Whatever the method, the page about to be rendered shows the registry data.
    log_person_page(request, person, origin)
    return render(
        request,
        "dossiers/person.html",
        {
            "person": person,
            "form": form,
            "origin": origin,
            "open_dossier": open_dossier,
            "can_create": open_dossier is None and not person.is_deceased,
            "refusal": existing,
            "search_qs": request.GET.urlencode(),
        },
    )


@require_GET
def dossier_detail(request, pk: int):
    """ "Page principale du dossier"."""
    cpas = request.profile.cpas
    dossier = get_object_or_404(Dossier.objects.for_cpas(cpas).for_main_page(), pk=pk)
    person = dossier.person
    membership = getattr(person, "household_membership", None)
    household = (
        membership.household.members.select_related("person").order_by("person__birth_year")
        if membership is not None
        else []
    )
    elsewhere = Dossier.objects.of_person(person).elsewhere_than(cpas).cpas_names()
    household = list(household)
    # The main page shows the person and, in "Composition de ménage", the household members.
    record_consultation(
        user=request.user,
        cpas=cpas,
        role=request.profile.role,
        action=AccessAction.DOSSIER_PAGE,
        niss_shown=[person.niss],
        household_niss=[member.person.niss for member in household],
        household_action=AccessAction.HOUSEHOLD,
        shown=shown_for(dossier=dossier, origin=dossier.origin_request),
    )
    return render(
        request,
        "dossiers/detail.html",
        {
            "dossier": dossier,
            "person": person,
            "household": household,
            "elsewhere": elsewhere,
            # The DIS instruction's sections (requests, decision, deadlines): dossiers/panels.py
            "panels": render_panels(request, dossier),
        },
    )


@require_GET
def dossier_list(request):
    """ "Dossiers du C.P.A.S.", newest first."""
    dossiers = Dossier.objects.for_cpas(request.profile.cpas).for_list()
    page = Paginator(dossiers, DOSSIERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "dossiers/list.html", {"page": page})


@require_GET
def dossier_search(request):
    """ "Rechercher un dossier" by number, NISS or name."""
    form = DossierSearchForm(request.GET if "q" in request.GET else None)
    page = None
    if form.is_bound and form.is_valid():
        dossiers = (
            Dossier.objects.for_cpas(request.profile.cpas)
            .matching(form.cleaned_data["q"])
            .for_list()
        )
        page = Paginator(dossiers, DOSSIERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "dossiers/search.html", {"form": form, "page": page})
