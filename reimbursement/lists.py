"""The reimbursement's work lists, from the home menu: « Chercher les dossiers pour lesquels il
reste des formulaires à envoyer », « Lister les formulaires » (and its CSV), « Blocages des
formulaires » and the « Échéancier ».

Each view reads the profile's CPAS, binds its GET filter form (unbound when the query has no
filter), and renders what the selector returns. They show the dossiers' own snapshot (number
and name), never a registry NISS: nothing to log.
"""

from __future__ import annotations

import csv

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from reimbursement.filters import (
    BlockedFilterForm,
    FormListFilterForm,
    ScheduleFilterForm,
    ToSendFilterForm,
)
from reimbursement.schedule import schedule_page
from reimbursement.selectors import (
    blocked_page,
    forms_for_export,
    forms_results,
    to_send_page,
)

PAGE_PARAMETER = "page"


def today():
    """The day the deadlines are counted from (a function of its own: tests set the day)."""
    return timezone.localdate()


def filter_data(request):
    """The query's filters (the page number aside), or None when there is none: the form is
    then unbound and the list shows everything."""
    data = request.GET.copy()
    data.pop(PAGE_PARAMETER, None)
    return data or None


@require_GET
def to_send(request):
    cpas = request.profile.cpas
    day = today()
    form = ToSendFilterForm(filter_data(request), cpas=cpas, today=day)
    listing = to_send_page(
        cpas=cpas, form=form, today=day, page_number=request.GET.get(PAGE_PARAMETER)
    )
    return render(
        request,
        "reimbursement/to_send.html",
        {"form": form, "listing": listing, "today": day},
    )


def form_list_results(request, form: FormListFilterForm) -> str:
    """The list's results as HTML (cached for the lists without a period)."""
    base_query = request.GET.copy()
    page_number = base_query.pop(PAGE_PARAMETER, [None])[-1]
    return forms_results(
        cpas=request.profile.cpas, form=form, base_query=base_query, page_number=page_number
    )


@require_GET
def form_list(request):
    form = FormListFilterForm(filter_data(request), cpas=request.profile.cpas)
    results = form_list_results(request, form)
    return render(request, "reimbursement/form_list.html", {"form": form, "results": results})


class Echo:
    """A file whose `write` returns the line: csv.writer's rows as strings."""

    def write(self, value: str) -> str:
        return value


def csv_rows(forms):
    writer = csv.writer(Echo(), delimiter=";")
    yield "\ufeff"  # the BOM: spreadsheet programs then read the accents as UTF-8
    yield writer.writerow(
        [
            _("Référence"),
            _("Type"),
            _("État"),
            _("Numéro de dossier"),
            _("Nom"),
            _("Prénom(s)"),
            _("Décision"),
            _("Date de la décision"),
            _("Date d'entrée en vigueur"),
            _("Envoyé le"),
            _("Travailleur social"),
            _("Jours perdus"),
        ]
    )
    for form in forms.iterator(chunk_size=500):
        worker = form.decision.request.enquiry.social_worker if _has_enquiry(form) else None
        yield writer.writerow(
            [
                form.reference,
                form.type,
                form.get_state_display(),
                form.dossier.number,
                form.dossier.last_name,
                form.dossier.first_names,
                form.decision.get_type_display(),
                f"{form.decision_date:%d/%m/%Y}",
                f"{form.effective_date:%d/%m/%Y}",
                f"{timezone.localtime(form.sent_at):%d/%m/%Y %H:%M}" if form.sent_at else "",
                (worker.get_full_name() or worker.username) if worker else "",
                "" if form.days_lost is None else form.days_lost,
            ]
        )


def _has_enquiry(form) -> bool:
    return hasattr(form.decision.request, "enquiry")


@require_GET
def form_export(request):
    """« Exporter la liste filtrée (CSV) »: every row of the filtered list; filters that are
    not valid show the list with their messages instead (400)."""
    cpas = request.profile.cpas
    form = FormListFilterForm(filter_data(request), cpas=cpas)
    if form.is_bound and not form.is_valid():
        return render(
            request,
            "reimbursement/form_list.html",
            {"form": form, "results": form_list_results(request, form)},
            status=400,
        )
    # Built whole (a CPAS's forms are a few thousand lines): every test client and proxy
    # reads it as an ordinary response.
    response = HttpResponse(
        "".join(csv_rows(forms_for_export(cpas=cpas, form=form))),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="formulaires-{today():%Y%m%d}.csv"'
    return response


@require_GET
def blocked(request):
    cpas = request.profile.cpas
    form = BlockedFilterForm(filter_data(request))
    listing = blocked_page(cpas=cpas, form=form, page_number=request.GET.get(PAGE_PARAMETER))
    return render(request, "reimbursement/blocked.html", {"form": form, "listing": listing})


@require_GET
def schedule(request):
    cpas = request.profile.cpas
    day = today()
    form = ScheduleFilterForm(filter_data(request), cpas=cpas)
    listing = schedule_page(
        cpas=cpas, form=form, today=day, page_number=request.GET.get(PAGE_PARAMETER)
    )
    return render(
        request,
        "reimbursement/schedule.html",
        {"form": form, "listing": listing, "today": day},
    )
