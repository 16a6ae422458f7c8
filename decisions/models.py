"""From the calculation to the notified decision: « Proposition au Conseil », « Décision »,
« Notification de la décision » (loi du 26 mai 2002, art. 21; dis.md §2.2 rows 4-6).

A proposal keeps a snapshot of the enquiry's facts and of the calculation it was based on (JSON):
the enquiry may change afterwards, the proposal does not. The Council (or its special committee)
decides in a session; the decision copies the calculation's lines and may adjust its amounts
only with a motivation. A recorded decision never changes: a change is a new decision (révision
or retrait) that points to the one it changes. The notification records when and how the
decision reached the person; the letter keeps the labour tribunal's address as it was printed.

`cpas` is repeated on each row so that every query is scoped by one indexed column, as for the
requests; the forms check that the rows they link belong to the same CPAS and dossier.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integration_income.choices import Category
from primaweb.addresses import AddressFields, PostalAddress

# The decision is notified within 8 days of the session (dis.md §2.2 row 6).
NOTIFICATION_DELAY_DAYS = 8
# The appeal to the labour tribunal: within 3 months of the notification (§2.2 row 6b).
APPEAL_MONTHS = 3


class Organ(models.TextChoices):
    COUNCIL = "conseil", _("Conseil de l'action sociale")
    COMMITTEE = "comite", _("Comité spécial du service social")


class ProposalType(models.TextChoices):
    GRANT = "octroi", _("Octroi")
    REFUSAL = "refus", _("Refus")


class DecisionType(models.TextChoices):
    GRANT = "octroi", _("Octroi")
    REFUSAL = "refus", _("Refus")
    WITHDRAWAL = "retrait", _("Retrait")
    REVISION = "revision", _("Révision")

    @property
    def grants(self) -> bool:
        """An octroi or a révision pays an amount; a refus or a retrait pays nothing."""
        return self in (DecisionType.GRANT, DecisionType.REVISION)

    @property
    def changes_a_decision(self) -> bool:
        return self in (DecisionType.WITHDRAWAL, DecisionType.REVISION)


class Piis(models.TextChoices):
    """The projet individualisé d'intégration sociale: compulsory for a new beneficiary unless
    the CPAS exempts the person for health or equity reasons (dis.md §2.2 row 9)."""

    REQUIRED = "obligatoire", _("PIIS obligatoire")
    HEALTH = "dispense_sante", _("Dispense de PIIS pour raisons de santé")
    EQUITY = "dispense_equite", _("Dispense de PIIS pour raisons d'équité")


class NotificationMode(models.TextChoices):
    REGISTERED = "recommande", _("Lettre recommandée")
    AGAINST_RECEIPT = "remise", _("Remise contre accusé de réception")


class RecordedDecisionError(Exception):
    """A recorded decision or notification is never changed nor deleted: a change is a new
    decision (révision) that points to the one it revises."""


class ImmutableModel(models.Model):
    """Refuses `save()` on a stored row and `delete()`; the admin shows them read-only."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise RecordedDecisionError(f"a recorded {self._meta.model_name} never changes")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RecordedDecisionError(f"a recorded {self._meta.model_name} is never deleted")


class ScopedQuerySet(models.QuerySet):
    def for_cpas(self, cpas):
        return self.filter(cpas=cpas)


class Proposal(models.Model):
    """« Proposition au Conseil »: what the social worker proposes, on the facts and the
    calculation of the day (both kept as JSON snapshots)."""

    cpas = models.ForeignKey(
        "primaweb.Cpas", on_delete=models.PROTECT, related_name="+", verbose_name=_("CPAS")
    )
    request = models.ForeignKey(
        "instruction.DisRequest",
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("demande"),
    )
    type = models.CharField(_("proposition"), max_length=8, choices=ProposalType.choices)
    category = models.PositiveSmallIntegerField(_("catégorie"), choices=Category.choices)
    category_override_reason = models.TextField(_("motif du choix de la catégorie"), blank=True)
    count_adult_relatives = models.BooleanField(
        _("ressources des ascendants et descendants majeurs comptées"), default=False
    )
    right_from = models.DateField(_("date du droit"))
    session_date = models.DateField(_("date de la séance"))
    organ = models.CharField(_("organe"), max_length=8, choices=Organ.choices)
    motivation = models.TextField(_("motivation proposée"))
    annual_amount = models.DecimalField(_("montant annuel"), max_digits=10, decimal_places=2)
    monthly_amount = models.DecimalField(_("montant mensuel"), max_digits=10, decimal_places=2)
    first_month_amount = models.DecimalField(
        _("montant du premier mois"), max_digits=10, decimal_places=2
    )
    facts = models.JSONField(_("faits de l'enquête sociale"))
    calculation = models.JSONField(_("calcul"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("proposée par"),
    )
    created_at = models.DateTimeField(_("proposée le"), default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposition au Conseil")
        verbose_name_plural = _("propositions au Conseil")
        ordering = ["session_date", "organ", "pk"]
        indexes = [models.Index(fields=["cpas", "session_date", "organ"], name="proposal_session")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(annual_amount__gte=0)
                & models.Q(monthly_amount__gte=0)
                & models.Q(first_month_amount__gte=0),
                name="proposal_amounts_not_negative",
            )
        ]

    def __str__(self) -> str:
        return f"{self.request} — {self.session_date:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("decisions:decide", args=[self.pk])


class Decision(ImmutableModel):
    """« Décision » of the Council on one proposal (one decision per proposal: the database
    refuses a second one, whoever records it first wins)."""

    proposal = models.OneToOneField(
        Proposal, on_delete=models.PROTECT, related_name="decision", verbose_name=_("proposition")
    )
    cpas = models.ForeignKey(
        "primaweb.Cpas", on_delete=models.PROTECT, related_name="+", verbose_name=_("CPAS")
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("dossier"),
    )
    request = models.ForeignKey(
        "instruction.DisRequest",
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("demande"),
    )
    type = models.CharField(_("décision"), max_length=8, choices=DecisionType.choices)
    session_date = models.DateField(_("date de la séance"))
    organ = models.CharField(_("organe"), max_length=8, choices=Organ.choices)
    starts_on = models.DateField(_("du"))
    ends_on = models.DateField(_("au"), null=True, blank=True)
    category = models.PositiveSmallIntegerField(
        _("catégorie"), choices=Category.choices, null=True, blank=True
    )
    annual_amount = models.DecimalField(_("montant annuel"), max_digits=10, decimal_places=2)
    monthly_amount = models.DecimalField(_("montant mensuel"), max_digits=10, decimal_places=2)
    first_month_amount = models.DecimalField(
        _("montant du premier mois"), max_digits=10, decimal_places=2
    )
    amounts_adjustment_motivation = models.TextField(
        _("motivation de l'adaptation des montants"), blank=True
    )
    legal_motivation = models.TextField(_("motivation en droit"))
    factual_motivation = models.TextField(_("motivation en fait"))
    piis = models.CharField(_("PIIS"), max_length=16, choices=Piis.choices, blank=True)
    revises = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revisions",
        verbose_name=_("décision modifiée"),
    )
    calculation = models.JSONField(_("calcul"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("enregistrée par"),
    )
    recorded_at = models.DateTimeField(_("enregistrée le"), default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("décision")
        verbose_name_plural = _("décisions")
        ordering = ["-session_date", "-recorded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="decision_period_in_order",
            ),
            models.CheckConstraint(
                condition=models.Q(annual_amount__gte=0)
                & models.Q(monthly_amount__gte=0)
                & models.Q(first_month_amount__gte=0),
                name="decision_amounts_not_negative",
            ),
            # A révision or a retrait says which decision it changes; an octroi or a refus
            # changes none.
            models.CheckConstraint(
                condition=models.Q(
                    type__in=[DecisionType.WITHDRAWAL, DecisionType.REVISION],
                    revises__isnull=False,
                )
                | models.Q(
                    type__in=[DecisionType.GRANT, DecisionType.REFUSAL], revises__isnull=True
                ),
                name="decision_revises_iff_change",
            ),
            # What an octroi or a révision pays rests on a category and says whether a PIIS
            # is required.
            models.CheckConstraint(
                condition=models.Q(type__in=[DecisionType.REFUSAL, DecisionType.WITHDRAWAL])
                | (models.Q(category__isnull=False) & ~models.Q(piis="")),
                name="decision_grant_has_category_and_piis",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} — {self.dossier.number} — {self.session_date:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("decisions:decision", args=[self.pk])

    @property
    def grants(self) -> bool:
        return DecisionType(self.type).grants

    @property
    def notification_due_on(self):
        return self.session_date + timedelta(days=NOTIFICATION_DELAY_DAYS)


class LabourTribunal(AddressFields):
    """A tribunal du travail, where the person may appeal; its address is a mention the
    notification must carry (without it the appeal deadline does not start)."""

    name = models.CharField(_("nom"), max_length=150, unique=True)

    class Meta:
        verbose_name = _("tribunal du travail")
        verbose_name_plural = _("tribunaux du travail")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def address(self) -> PostalAddress:
        return self.postal_address


class CpasTribunal(models.Model):
    """The labour tribunal named in a CPAS's notifications (one per CPAS, set in the admin)."""

    cpas = models.OneToOneField(
        "primaweb.Cpas", on_delete=models.CASCADE, related_name="+", verbose_name=_("CPAS")
    )
    tribunal = models.ForeignKey(
        LabourTribunal,
        on_delete=models.PROTECT,
        related_name="jurisdictions",
        verbose_name=_("tribunal du travail"),
    )

    class Meta:
        verbose_name = _("tribunal du travail du CPAS")
        verbose_name_plural = _("tribunaux du travail des CPAS")

    def __str__(self) -> str:
        return f"{self.cpas} → {self.tribunal}"


class Notification(ImmutableModel):
    """« Notification de la décision »: the date and the way it reached the person, and the
    tribunal's name and address as printed on the letter."""

    decision = models.OneToOneField(
        Decision, on_delete=models.PROTECT, related_name="notification", verbose_name=_("décision")
    )
    cpas = models.ForeignKey(
        "primaweb.Cpas", on_delete=models.PROTECT, related_name="+", verbose_name=_("CPAS")
    )
    notified_on = models.DateField(_("date de notification"))
    mode = models.CharField(_("mode"), max_length=10, choices=NotificationMode.choices)
    tribunal_name = models.CharField(_("tribunal du travail"), max_length=150)
    tribunal_address = models.CharField(_("adresse du tribunal"), max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("enregistrée par"),
    )
    recorded_at = models.DateTimeField(_("enregistrée le"), default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-notified_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.decision} — {self.notified_on:%d/%m/%Y}"
