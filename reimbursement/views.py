"""The form's page (« Formulaire B » / « Formulaire C »): its rubriques, « Envoyer au SPP IS »,
the SPP IS's answer and « Corriger (statut de l'avis 1) »; preparing a decision's forms.

Every object is looked up in the agent's CPAS (404 otherwise); mutations are POST only. The
page shows the beneficiary's NISS: each showing is logged.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accesslog.models import AccessAction
from accesslog.services import Shown, record_consultation
from decisions.models import Decision
from reimbursement import services
from reimbursement.forms import DraftForm
from reimbursement.models import ReimbursementForm


def scoped_form(request, pk: int) -> ReimbursementForm:
    return get_object_or_404(
        ReimbursementForm.objects.for_cpas(request.profile.cpas).select_related(
            "dossier", "decision", "sent_by", "replaces", "replaced_by"
        ),
        pk=pk,
    )


def render_form_page(request, form: ReimbursementForm, draft: DraftForm | None = None):
    dossier = form.dossier
    record_consultation(
        user=request.user,
        cpas=request.profile.cpas,
        role=request.profile.role,
        action=AccessAction.REIMBURSEMENT_FORM,
        niss_shown=[form.niss, dossier.niss],
        shown=Shown(dossier_pk=dossier.pk, dossier_number=dossier.number),
    )
    if draft is None and form.is_draft:
        draft = DraftForm(form=form)
    return render(
        request,
        "reimbursement/form.html",
        {"form": form, "dossier": dossier, "draft": draft},
        status=400 if draft is not None and draft.is_bound else 200,
    )


@require_GET
def form_page(request, pk: int):
    return render_form_page(request, scoped_form(request, pk))


@require_POST
def form_edit(request, pk: int):
    form = scoped_form(request, pk)
    draft = DraftForm(request.POST, form=form)
    if not draft.is_valid():
        return render_form_page(request, form, draft)
    try:
        services.form_update(form=form, **draft.rubriques())
    except services.FormError as error:
        messages.error(request, error.message)
        return redirect(form)
    messages.success(request, _("Formulaire enregistré."))
    return redirect(form)


@require_POST
def form_send(request, pk: int):
    form = scoped_form(request, pk)
    try:
        form = services.form_send(form=form, user=request.user)
    except services.FormError as error:
        messages.error(request, error.message)
        return redirect(form)
    messages.success(
        request,
        _("%(reference)s envoyé au SPP IS : %(state)s.")
        % {"reference": form.reference, "state": form.get_state_display()},
    )
    return redirect(form)


@require_POST
def form_correct(request, pk: int):
    form = scoped_form(request, pk)
    try:
        correction = services.form_correct(form=form)
    except services.FormError as error:
        messages.error(request, error.message)
        return redirect(form)
    messages.success(
        request,
        _("Correction préparée (statut de l'avis 1) : vérifiez-la, puis envoyez-la."),
    )
    return redirect(correction)


@require_POST
def forms_prepare(request, pk: int):
    """The forms of a decision (pk: the decision), prepared once; opens the first."""
    decision = get_object_or_404(Decision.objects.for_cpas(request.profile.cpas), pk=pk)
    forms = services.forms_prepare(decision=decision)
    return redirect(forms[0])
