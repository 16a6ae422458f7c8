"""Formulaires B and C: the CPAS's report of each decision to the SPP IS (dis.md §1.1–1.4).

A form is made from a decision (« copie automatique »): a B for an octroi or a révision, a C for
a refus or a retrait. It is a draft until « Envoyer au SPP IS »; a sent form never changes. A
correction is a new B with the same date d'entrée en vigueur and « Statut de l'avis » 1, which
replaces the old one. Each form has its `message_id` from the start: sending it again (a retry,
a double click, two agents at once) is the same message, which the SPP IS stores once.

The SPP IS's answer is copied onto the form (state, error codes, days lost, subsidy) by
`services.answers_read`, which keeps its place in the answers in `AnswerCursor`.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integration_income.choices import Category

# Art. 21 §6 of the DIS law: a decision is reported within 8 days after the end of its month;
# from the 45th day after that month's end, the days until it is reported are not reimbursed.
REPORT_DAYS_AFTER_MONTH = 8
LOSS_DAYS_AFTER_MONTH = 45


def month_end(day: date) -> date:
    return day + relativedelta(day=31)


def report_due_on(decision_date: date) -> date:
    """The last day to report a decision of `decision_date` (15/03/2025 → 08/04/2025)."""
    return month_end(decision_date) + timedelta(days=REPORT_DAYS_AFTER_MONTH)


def loss_starts_on(decision_date: date) -> date:
    """The first day not reimbursed when the form is still not sent (15/03/2025 → 15/05/2025)."""
    return month_end(decision_date) + timedelta(days=LOSS_DAYS_AFTER_MONTH)


class FormType(models.TextChoices):
    B = "B", _("Formulaire B")
    C = "C", _("Formulaire C")


class FormState(models.TextChoices):
    DRAFT = "brouillon", _("Brouillon")
    SENT = "envoye", _("Envoyé")
    ACCEPTED = "accepte", _("Accepté")
    REFUSED = "refuse", _("Refusé")
    BLOCKED = "bloque", _("Bloqué")
    REPLACED = "remplace", _("Remplacé")


class NoticeStatus(models.IntegerChoices):
    NEW = 0, _("0 – nouvel avis")
    CORRECTION = 1, _("1 – correction")


class CNature(models.IntegerChoices):
    REFUSAL = 1, _("1 – refus")
    WITHDRAWAL = 2, _("2 – retrait")


class FormQuerySet(models.QuerySet):
    def for_cpas(self, cpas) -> FormQuerySet:
        return self.filter(cpas=cpas)

    def drafts(self) -> FormQuerySet:
        return self.filter(state=FormState.DRAFT)

    def for_list(self) -> FormQuerySet:
        return self.select_related("dossier", "decision", "sent_by")


class ReimbursementForm(models.Model):
    cpas = models.ForeignKey(
        "primaweb.Cpas", on_delete=models.PROTECT, related_name="+", verbose_name=_("CPAS")
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="+", verbose_name=_("dossier")
    )
    decision = models.ForeignKey(
        "decisions.Decision",
        on_delete=models.PROTECT,
        related_name="reimbursement_forms",
        verbose_name=_("décision"),
    )
    type = models.CharField(_("formulaire"), max_length=1, choices=FormType.choices)
    # 1 for a decision's only (or first) form; 2 for the second form B that a first partial
    # month with art. 35 income needs (dis.md §1.7, 5).
    rank = models.PositiveSmallIntegerField(_("rang"), default=1)
    state = models.CharField(
        _("état"), max_length=10, choices=FormState.choices, default=FormState.DRAFT
    )
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("remplace"),
    )
    message_id = models.UUIDField(_("identifiant du message"), default=uuid.uuid4, unique=True)

    # The rubriques (dis.md §1.2–1.4), as copied from the decision and its calculation.
    niss = models.CharField(_("NISS"), max_length=11)
    effective_date = models.DateField(_("date d'entrée en vigueur"))
    decision_date = models.DateField(_("date de la décision"))
    notice_status = models.PositiveSmallIntegerField(
        _("statut de l'avis"), choices=NoticeStatus.choices, default=NoticeStatus.NEW
    )
    category = models.PositiveSmallIntegerField(
        _("catégorie"), choices=Category.choices, null=True, blank=True
    )
    annual_amount = models.DecimalField(
        _("montant annuel demandé"), max_digits=10, decimal_places=2, default=0
    )
    art35_income_annual = models.DecimalField(
        _("revenus professionnels art. 35 (annuels)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
    )
    other_resources = models.JSONField(_("autres ressources (annuelles)"), default=list)
    piis_code = models.PositiveSmallIntegerField(_("code PIIS"), null=True, blank=True)
    shortage_code = models.BooleanField(_("code 9 : métier en pénurie"), default=False)
    activation_beneficiary = models.DecimalField(
        _("montant activation (bénéficiaire)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
    )
    activation_partner = models.DecimalField(
        _("montant activation (partenaire)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
    )
    unmarried_minor_children = models.PositiveSmallIntegerField(
        _("enfants mineurs non mariés"), default=0
    )
    nature = models.PositiveSmallIntegerField(
        _("nature de la décision"), choices=CNature.choices, null=True, blank=True
    )
    end_date = models.DateField(_("date de fin effective de l'aide"), null=True, blank=True)
    regularisation = models.BooleanField(_("régularisation"), default=False)

    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("envoyé par"),
    )
    # The SPP IS's answer, as read.
    answered_at = models.DateTimeField(_("réponse reçue le"), null=True, blank=True)
    answer_id = models.UUIDField(_("identifiant de la réponse"), null=True, blank=True)
    errors = models.JSONField(_("codes d'erreur"), default=list, blank=True)
    warnings = models.JSONField(_("avertissements"), default=list, blank=True)
    subsidy_rate = models.PositiveSmallIntegerField(_("taux de subvention"), null=True, blank=True)
    subsidised_amount = models.DecimalField(
        _("montant subventionné"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    piis_amount = models.DecimalField(
        _("subvention PIIS"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    days_lost = models.PositiveIntegerField(_("jours perdus"), null=True, blank=True)

    objects = FormQuerySet.as_manager()

    class Meta:
        verbose_name = _("formulaire B ou C")
        verbose_name_plural = _("formulaires B et C")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["cpas", "state", "decision_date"], name="form_cpas_state"),
            models.Index(fields=["cpas", "-created_at"], name="form_cpas_newest"),
            # « Lister les formulaires » filtered by état (and type), newest first; by a
            # period of sending.
            models.Index(
                fields=["cpas", "state", "-created_at", "-id"], name="form_cpas_state_newest"
            ),
            models.Index(fields=["cpas", "sent_at"], name="form_cpas_sent"),
        ]
        constraints = [
            # One original form per decision and rank: creating the forms twice makes none.
            models.UniqueConstraint(
                fields=["decision", "rank"],
                condition=Q(replaces__isnull=True),
                name="one_form_per_decision_rank",
            ),
            models.CheckConstraint(
                condition=Q(annual_amount__gte=0), name="form_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("reimbursement:form", args=[self.pk])

    @property
    def reference(self) -> str:
        """« B-2026-000012 »: the form's reference, echoed by the SPP IS."""
        return f"{self.type}-{self.created_at:%Y}-{self.pk:06d}"

    @property
    def is_draft(self) -> bool:
        return self.state == FormState.DRAFT

    @property
    def report_due_on(self) -> date:
        return report_due_on(self.decision_date)

    @property
    def loss_starts_on(self) -> date:
        return loss_starts_on(self.decision_date)

    @property
    def can_be_corrected(self) -> bool:
        return self.type == FormType.B and self.state in (FormState.ACCEPTED, FormState.REFUSED)


class AnswerCursor(models.Model):
    """The last SPP IS answer read (one row, locked while answers are read)."""

    last_answer_id = models.CharField(max_length=36, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("curseur des réponses du SPP IS")
        verbose_name_plural = _("curseur des réponses du SPP IS")

    def __str__(self) -> str:
        return self.last_answer_id or "—"


class FormListVersionQuerySet(models.QuerySet):
    def token_for(self, cpas) -> int | None:
        """The CPAS's current token; None while none of its forms was ever written."""
        return self.filter(cpas=cpas).values_list("token", flat=True).first()


class FormListVersion(models.Model):
    """A token that changes whenever « Lister les formulaires » of a CPAS may change: the key
    of its cached pages (`selectors.forms_results`).

    Written only by database triggers (migration 0002), whatever made the change (services,
    the SPP IS answers' conditional UPDATEs, the admin, bulk loads, raw SQL):
    - after every INSERT, UPDATE and DELETE of `ReimbursementForm` rows;
    - after a change of the social worker of an enquiry (`instruction.SocialEnquiry`, whose
      social worker the list shows and filters on), and an enquiry's INSERT or DELETE.
    A new token is random rather than a counter, so that a token never comes back (after a
    rolled back transaction, a restored backup or a reused CPAS id) to meet pages cached
    under it, as `requests_online.ListVersion` does for the request list.

    On SQLite, a migration that remakes one of these two tables (most column changes) drops
    its triggers: it must create them again, as requests_online's migration 0005 does
    (tests/reimbursement/test_form_list_cache.py fails otherwise).
    """

    # No database constraint and DO_NOTHING: the triggers may write a row while Django is
    # deleting the CPAS and its forms; an orphan row is harmless.
    cpas = models.OneToOneField(
        "primaweb.Cpas",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        primary_key=True,
        related_name="+",
    )
    token = models.BigIntegerField()

    objects = FormListVersionQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.cpas_id}: {self.token}"
