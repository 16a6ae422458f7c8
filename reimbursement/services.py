"""Writes of the reimbursement: forms from a decision, editing a draft, sending, reading the
answers, correcting.

The SPP IS is reached only through `settings.SPPIS_CONNECTOR` (docs/sppis-messages.md): the
simulator by default, a real connector later. Sending is idempotent twice over: the form row is
locked and moved from draft to sent by a conditional UPDATE (a double click or two agents send
once), and its `message_id` is fixed at creation (a retry after a timeout is the same message,
which the SPP IS stores once).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from decisions.models import Decision, DecisionType
from instruction.models import Link
from primaweb.models import Municipality
from reimbursement.models import (
    AnswerCursor,
    CNature,
    FormState,
    FormType,
    NoticeStatus,
    ReimbursementForm,
)

FORM_SCHEMA = "urn:primaweb:sppis-form:1"
RESULT_STATES = {
    "accepted": FormState.ACCEPTED,
    "refused": FormState.REFUSED,
    "blocked": FormState.BLOCKED,
}


class FormError(Exception):
    """A form cannot be sent or corrected; `message` says why, in the agent's words."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def connector():
    return import_string(settings.SPPIS_CONNECTOR)()


def _minor_children(decision: Decision) -> int:
    members = (decision.proposal.facts or {}).get("members", [])
    return sum(1 for m in members if m.get("link") == Link.MINOR_CHILD and m.get("cohabiting"))


def _form_b_figures(decision: Decision) -> dict:
    """Rubriques of a B from the calculation the decision kept (« copie automatique »)."""
    calculation = decision.calculation or {}
    first = calculation.get("first_form_b") or {}
    art35 = Decimal(first.get("art35_annual") or "0")
    others = [
        {"type": kind, "annual": amount}
        for kind, amount in first.get("resources_annual", [])
        if kind != "work_art35" and Decimal(amount) > 0
    ]
    return {
        "art35_income_annual": art35 if art35 > 0 else None,
        "other_resources": others,
    }


@transaction.atomic
def forms_prepare(*, decision: Decision) -> list[ReimbursementForm]:
    """The draft forms of a decision: one B (two when the first month is partial and there is
    art. 35 income), or one C. Preparing them again returns the same forms."""
    existing = list(decision.reimbursement_forms.filter(replaces__isnull=True).order_by("rank"))
    if existing:
        return existing
    common = {
        "cpas_id": decision.cpas_id,
        "dossier_id": decision.dossier_id,
        "decision": decision,
        "niss": decision.dossier.niss,
        "decision_date": decision.session_date,
        "unmarried_minor_children": _minor_children(decision),
    }
    if DecisionType(decision.type).grants:
        forms = _forms_b(decision, common)
    else:
        withdrawal = decision.type == DecisionType.WITHDRAWAL
        forms = [
            ReimbursementForm(
                **common,
                type=FormType.C,
                effective_date=decision.starts_on,
                category=decision.category,
                nature=CNature.WITHDRAWAL if withdrawal else CNature.REFUSAL,
                end_date=decision.starts_on - timedelta(days=1) if withdrawal else None,
            )
        ]
    try:
        with transaction.atomic():
            for form in forms:
                form.save()
    except IntegrityError:
        # Another agent prepared them at the same moment (one_form_per_decision_rank).
        return list(decision.reimbursement_forms.filter(replaces__isnull=True).order_by("rank"))
    return forms


def _forms_b(decision: Decision, common: dict) -> list[ReimbursementForm]:
    calculation = decision.calculation or {}
    figures = _form_b_figures(decision)
    # The calculation's figures hold unless the Council adjusted the amounts (then its own).
    adjusted = str(decision.annual_amount) != calculation.get("annual")
    first_claim = Decimal(
        (calculation.get("first_form_b") or {}).get("claimed_annual") or decision.annual_amount
    )
    two_forms = calculation.get("forms_b", 1) >= 2
    first = ReimbursementForm(
        **common,
        type=FormType.B,
        effective_date=decision.starts_on,
        category=decision.category,
        # The first of two forms claims the partial month's figures (dis.md §1.7, 5).
        annual_amount=first_claim if two_forms and not adjusted else decision.annual_amount,
        **figures,
    )
    if not two_forms:
        return [first]
    # The second B starts on the 1st of the next month, with the whole months' figures: the
    # yearly RI of the decision [I: the calculation at that 1st gives the same yearly amount
    # when the resources do not change].
    second = ReimbursementForm(
        **common,
        type=FormType.B,
        rank=2,
        effective_date=decision.starts_on + relativedelta(day=1, months=1),
        category=decision.category,
        annual_amount=decision.annual_amount,
        **figures,
    )
    return [first, second]


def form_update(*, form: ReimbursementForm, **rubriques) -> ReimbursementForm:
    """Changes a draft's rubriques (the form validated them; a sent form never changes)."""
    updated = ReimbursementForm.objects.filter(pk=form.pk, state=FormState.DRAFT).update(
        **rubriques
    )
    if not updated:
        raise FormError(_("Ce formulaire a déjà été envoyé : il ne peut plus être modifié."))
    form.refresh_from_db()
    return form


def cpas_identity(cpas) -> dict:
    municipality = (
        Municipality.objects.filter(cpas=cpas).order_by("nis_code").values("nis_code").first()
    )
    return {
        "name": cpas.name,
        "ins_code": municipality["nis_code"] if municipality else "00000",
        "bce_number": cpas.bce_number or "0000000000",
    }


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def message_for(form: ReimbursementForm, *, sent_at) -> dict:
    """The form as a message of docs/schemas/sppis-form-v1.schema.json."""
    if form.type == FormType.B:
        body = {
            "type": "B",
            "niss": form.niss,
            "effective_date": form.effective_date.isoformat(),
            "decision_date": form.decision_date.isoformat(),
            "category": form.category,
            "notice_status": form.notice_status,
            "annual_amount": _amount(form.annual_amount),
            "art35_income_annual": _amount(form.art35_income_annual),
            "other_resources": [
                {"type": r["type"], "annual": _amount(Decimal(r["annual"]))}
                for r in form.other_resources
            ],
            "piis_code": form.piis_code,
            "shortage_code": 9 if form.shortage_code else None,
            "activation_beneficiary": _amount(form.activation_beneficiary),
            "activation_partner": _amount(form.activation_partner),
            "household": {"unmarried_minor_children": form.unmarried_minor_children},
        }
    else:
        body = {
            "type": "C",
            "niss": form.niss,
            "effective_date": form.effective_date.isoformat(),
            "decision_date": form.decision_date.isoformat(),
            "nature": form.nature,
            "end_date": form.end_date.isoformat() if form.end_date else None,
            "regularisation": 1 if form.regularisation else 0,
        }
    return {
        "schema": FORM_SCHEMA,
        "message_id": str(form.message_id),
        "sent_at": sent_at.isoformat(),
        "cpas": cpas_identity(form.cpas),
        "form_reference": form.reference,
        "form": body,
    }


def form_send(*, form: ReimbursementForm, user) -> ReimbursementForm:
    """« Envoyer au SPP IS ». Raises FormError when the form was already sent (by this agent's
    other click or by a colleague): nothing is sent twice. Then reads the answers that came."""
    with transaction.atomic():
        locked = ReimbursementForm.objects.select_for_update().get(pk=form.pk)
        if locked.state != FormState.DRAFT:
            raise FormError(_("Ce formulaire a déjà été envoyé au SPP IS."))
        now = timezone.now()
        message = message_for(locked, sent_at=now)
        ReimbursementForm.objects.filter(pk=form.pk, state=FormState.DRAFT).update(
            state=FormState.SENT, sent_at=now, sent_by=user
        )
        # Inside the transaction: if the connector fails, the form stays a draft. A retry sends
        # the same message_id, which the SPP IS stores once.
        connector().send(message)
    answers_read()
    form.refresh_from_db()
    return form


@transaction.atomic
def answers_read() -> int:
    """Copies the SPP IS's new answers onto their forms; returns how many were read. The cursor
    row is locked: two readers never handle one answer twice, and reading again does nothing."""
    cursor, _created = AnswerCursor.objects.select_for_update().get_or_create(pk=1)
    answers = connector().answers(after=cursor.last_answer_id or None)
    for answer in answers:
        _apply_answer(answer)
        cursor.last_answer_id = answer["answer_id"]
    if answers:
        cursor.read_at = timezone.now()
        cursor.save(update_fields=["last_answer_id", "read_at"])
    return len(answers)


def _apply_answer(answer: dict) -> None:
    form = (
        ReimbursementForm.objects.select_for_update()
        .filter(message_id=answer.get("message_id"))
        .first()
        if answer.get("message_id")
        else None
    )
    if form is None or form.answer_id is not None:
        return  # not ours (another installation's message), or already read
    subsidy = answer.get("subsidy") or {}
    form.state = RESULT_STATES.get(answer.get("result"), FormState.REFUSED)
    form.answer_id = answer["answer_id"]
    form.answered_at = timezone.now()
    form.errors = answer.get("errors", [])
    form.warnings = answer.get("warnings", [])
    form.subsidy_rate = subsidy.get("rate")
    form.subsidised_amount = subsidy.get("subsidised_amount")
    form.piis_amount = subsidy.get("piis_amount")
    form.days_lost = subsidy.get("days_lost")
    form.save()
    if form.state == FormState.ACCEPTED and form.replaces_id:
        ReimbursementForm.objects.filter(pk=form.replaces_id).update(state=FormState.REPLACED)


@transaction.atomic
def form_correct(*, form: ReimbursementForm) -> ReimbursementForm:
    """« Corriger (statut de l'avis 1) »: a new draft B with the same date, which replaces the
    form once the SPP IS accepts it. A form has at most one correction."""
    locked = ReimbursementForm.objects.select_for_update().get(pk=form.pk)
    if not locked.can_be_corrected:
        raise FormError(_("Seul un formulaire B accepté ou refusé peut être corrigé."))
    existing = ReimbursementForm.objects.filter(replaces=locked).first()
    if existing is not None:
        return existing
    fields = {
        field.name: getattr(locked, field.name)
        for field in ReimbursementForm._meta.concrete_fields
        if field.name
        not in {
            "id",
            "state",
            "replaces",
            "message_id",
            "created_at",
            "sent_at",
            "sent_by",
            "answered_at",
            "answer_id",
            "errors",
            "warnings",
            "subsidy_rate",
            "subsidised_amount",
            "piis_amount",
            "days_lost",
        }
    }
    fields.update(notice_status=NoticeStatus.CORRECTION)
    return ReimbursementForm.objects.create(**fields, replaces=locked)
