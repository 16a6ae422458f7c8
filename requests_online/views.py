from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accesslog.models import AccessAction
from accesslog.services import Shown, record_consultation
from registry.niss import format_niss
from requests_online.forms import CitizenRequestForm, RequestFilterForm
from requests_online.models import OnlineRequest
from requests_online.selectors import RETURN_PARAMETER, list_results, request_by_reference
from requests_online.services import request_mark_read, request_mark_unread, request_submit
from requests_online.throttle import client_key, parse_client_address, take_submission_slot

SUBMITTED_SESSION_KEY = "requests_online_submitted"
# On the list: show the search by reference rather than open the request it finds (the way
# back from the request it opened).
LIST_PARAMETER = "liste"
# The throttle's window: REQUESTS_ONLINE_SUBMISSIONS_PER_HOUR per client in each.
SUBMISSION_WINDOW = timedelta(hours=1)


def submissions_per_hour() -> int:
    return settings.REQUESTS_ONLINE_SUBMISSIONS_PER_HOUR  # read in primaweb/settings.py


def remote_addr(request) -> str | None:
    # REMOTE_ADDR only: X-Forwarded-For can be forged by the client.
    return request.META.get("REMOTE_ADDR")


def submit_within_limit(*, data: dict, remote_address: str | None) -> OnlineRequest | None:
    """Stores the request if its client (`remote_address`: REMOTE_ADDR, see
    `throttle.client_key`) has a slot left in its hour; None when it has not.

    The slot is taken before the insert, in the same transaction: the database decides the
    race, so simultaneous submissions store exactly the limit, and a request that is not stored
    (any error) gives its slot back.
    """
    with transaction.atomic():
        if not take_submission_slot(
            client_key=client_key(remote_address),
            limit=submissions_per_hour(),
            window=SUBMISSION_WINDOW,
            now=timezone.now(),
        ):
            return None
        address = parse_client_address(remote_address)
        # The parsed address: the column (inet on PostgreSQL) refuses what is not one.
        return request_submit(
            data=data, cpas=data["cpas"], client_ip=str(address) if address else None
        )


@login_not_required
@require_http_methods(["GET", "POST"])
def citizen_form(request):
    if request.method != "POST":
        return render(request, "requests_online/citizen_form.html", {"form": CitizenRequestForm()})
    form = CitizenRequestForm(request.POST)
    # Only a valid form uses a slot: a citizen fixing a typo does not spend their hour.
    if form.is_valid():
        online_request = submit_within_limit(
            data=form.cleaned_data, remote_address=remote_addr(request)
        )
        if online_request is None:
            # The bound form is shown again: what the citizen typed is kept.
            form.add_error(
                None,
                _(
                    "Trop de demandes ont été envoyées depuis votre connexion. "
                    "Veuillez réessayer dans une heure."
                ),
            )
            return render(request, "requests_online/citizen_form.html", {"form": form}, status=429)
        request.session[SUBMITTED_SESSION_KEY] = online_request.pk
        return redirect("requests_online:confirmation")
    return render(request, "requests_online/citizen_form.html", {"form": form})


@login_not_required
def confirmation(request):
    pk = request.session.get(SUBMITTED_SESSION_KEY)
    online_request = (
        OnlineRequest.objects.select_related("cpas").filter(pk=pk).first() if pk else None
    )
    if online_request is None:
        return redirect("requests_online:citizen_form")
    return render(request, "requests_online/confirmation.html", {"object": online_request})


def request_list(request):
    """The list of the CPAS's requests and its search. A valid search by reference that finds
    one of the CPAS's requests opens it (« En cliquant sur « Rechercher », les détails de la
    demande vont apparaître »), its « Retour » coming back to this search with LIST_PARAMETER,
    which shows the list instead. Anything else shows the list (or the form's errors)."""
    form = RequestFilterForm(request.GET or None)
    if not form.is_valid():
        return render(request, "requests_online/list.html", {"form": form, "results": None})
    cpas = request.profile.cpas
    if form.opens_request and LIST_PARAMETER not in request.GET:
        pk = request_by_reference(cpas=cpas, reference=form.cleaned_data["reference"])
        if pk is not None:
            search = request.GET.copy()
            search[LIST_PARAMETER] = "1"
            details = reverse("requests_online:details", args=[pk])
            back = f"{request.path}?{search.urlencode()}"
            return redirect(f"{details}?{urlencode({RETURN_PARAMETER: back})}")
    results = list_results(
        cpas=cpas,
        form=form,
        query=request.GET,
        list_path=request.path,
        full_path=request.get_full_path(),
    )
    return render(request, "requests_online/list.html", {"form": form, "results": results})


def safe_return_url(request, value: str | None) -> str:
    """The list page to go back to, with its filter and page; never another site."""
    list_url = reverse("requests_online:list")
    if (
        value
        and value.startswith(list_url)
        and url_has_allowed_host_and_scheme(
            value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return value
    return list_url


def scoped_request(request, pk: int) -> OnlineRequest:
    """The request if it belongs to the agent's CPAS; 404 otherwise (even if it exists)."""
    return get_object_or_404(
        # The dossier created from it, if any, in the same query (the page links to it).
        OnlineRequest.objects.for_cpas(request.profile.cpas)
        .for_details()
        .select_related("dossier"),
        pk=pk,
    )


def identification_rows(obj: OnlineRequest) -> list[tuple[str, str, str]]:
    """(label, value, marker): `*` for data from the registers, `**` for the applicant's."""

    def applicant(value) -> tuple[str, str]:
        return (str(value), "**") if value else ("/", "")

    if obj.registry_birth_date:
        birth_date = (obj.registry_birth_date, "*")
    else:
        birth_date = applicant(obj.birth_date.strftime("%d/%m/%Y") if obj.birth_date else "")
    niss = (
        (format_niss(obj.registry_niss), "*")
        if obj.registry_niss
        else applicant(format_niss(obj.niss) if obj.niss else "")
    )
    register = (obj.get_registry_register_display(), "*") if obj.registry_register else ("/", "")
    return [
        (_("Prénom :"), *applicant(obj.first_name)),
        (_("Nom :"), *applicant(obj.last_name)),
        (_("Date de naissance :"), *birth_date),
        (_("NISS :"), *niss),
        (_("Registre d'inscription :"), *register),
        (_("Adresse e-mail :"), obj.email or "/", ""),
        (_("Numéro de téléphone :"), obj.phone or "/", ""),
    ]


def address_rows(obj: OnlineRequest) -> list[tuple[str, str, str]]:
    reference = (
        (obj.registry_reference_address, "*") if obj.registry_reference_address else ("/", "")
    )
    return [
        (_("Adresse de résidence :"), obj.residence_address or "/", ""),
        (_("Adresse de référence :"), *reference),
    ]


def dossier_of(obj: OnlineRequest):
    """The dossier created from this request (reverse one-to-one of the dossier app), if any."""
    return getattr(obj, "dossier", None)


def request_details(request, pk: int):
    obj = scoped_request(request, pk)
    return_url = safe_return_url(request, request.GET.get(RETURN_PARAMETER))
    dossier = dossier_of(obj)
    if obj.from_registry:
        # The `*` rows are the registry's data at submission time: a consultation, logged.
        profile = request.profile
        record_consultation(
            user=request.user,
            cpas=profile.cpas,
            role=profile.role,
            action=AccessAction.REQUEST_DETAILS,
            niss_shown=[obj.registry_niss],
            shown=Shown(request_pk=obj.pk, request_reference=obj.reference),
        )
    return render(
        request,
        "requests_online/details.html",
        {
            "object": obj,
            "identification_rows": identification_rows(obj),
            "address_rows": address_rows(obj),
            "return_url": return_url,
            "return_query": urlencode({RETURN_PARAMETER: return_url}),
            "has_dossier": dossier is not None,
            "dossier_url": dossier.get_absolute_url() if dossier else None,
        },
    )


def back_to_details(request, obj: OnlineRequest):
    return_url = safe_return_url(request, request.POST.get(RETURN_PARAMETER))
    details = reverse("requests_online:details", args=[obj.pk])
    return redirect(f"{details}?{urlencode({RETURN_PARAMETER: return_url})}")


@require_POST
def mark_read(request, pk: int):
    obj = scoped_request(request, pk)
    if request_mark_read(online_request=obj, agent=request.user):
        messages.success(request, _("La demande a été marquée comme lue."))
    else:
        messages.info(request, _("La demande avait déjà été marquée comme lue."))
    return back_to_details(request, obj)


@require_POST
def mark_unread(request, pk: int):
    obj = scoped_request(request, pk)
    if request_mark_unread(online_request=obj, agent=request.user):
        messages.success(request, _("La demande a été marquée comme non lue."))
    return back_to_details(request, obj)
