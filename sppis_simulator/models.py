"""The simulated SPP IS's tables: its reference data (error codes, PIIS codes by date, the
CPAS's subsidy rates, manual blocks), the messages it receives, its answers, and the forms it
accepted (its database of rights, which the rules consult).

The CPAS side never imports these models: it talks to the simulator through
`settings.SPPIS_CONNECTOR` only (docs/sppis-messages.md).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

INS_CODE_VALIDATOR = RegexValidator(r"^[0-9]{5}$", _("Le code INS compte 5 chiffres."))
NISS_VALIDATOR = RegexValidator(r"^[0-9]{11}$", _("Le NISS compte 11 chiffres."))
DEFAULT_SUBSIDY_RATE = 55


class ErrorCode(models.Model):
    """The SPP IS's catalogue of error codes. `blocking` decides what a finding does: a
    blocking code refuses the form (or, for B-BLOC-01, blocks it); a non-blocking one is a
    warning on an accepted form (B-TARD-01)."""

    code = models.CharField(_("code"), max_length=12, unique=True)
    title = models.CharField(_("titre"), max_length=200)
    explanation = models.TextField(_("explication"))
    blocking = models.BooleanField(_("bloquant"), default=True)

    class Meta:
        verbose_name = _("code d'erreur")
        verbose_name_plural = _("codes d'erreur")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class PiisCode(models.Model):
    """A PIIS code of formulaire B and the dates between which it may be used (dis.md §1.3).
    An empty bound is open: a code valid « avant et après le 1/11/2016 » has neither."""

    code = models.PositiveSmallIntegerField(_("code"))
    label = models.CharField(_("libellé"), max_length=200)
    valid_from = models.DateField(_("valable à partir du"), null=True, blank=True)
    valid_to = models.DateField(_("valable jusqu'au"), null=True, blank=True)

    class Meta:
        verbose_name = _("code PIIS")
        verbose_name_plural = _("codes PIIS")
        ordering = ["code", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "valid_from"], name="sppis_piis_code_once_per_start"
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="sppis_piis_code_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"

    def clean(self):
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError(
                {"valid_to": _("La fin de validité ne peut pas précéder son début.")}
            )


class CpasSubsidyRate(models.Model):
    """The State's share of a CPAS's RI for one year (dis.md §1.8): either the rate itself, or
    the figures it follows from (the penultimate year's average number of beneficiaries and
    its change), applied to the previous year's rate. No row: 55 %."""

    ins_code = models.CharField(
        _("code INS du CPAS"), max_length=5, validators=[INS_CODE_VALIDATOR]
    )
    year = models.PositiveSmallIntegerField(
        _("année"), validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    rate = models.PositiveSmallIntegerField(
        _("taux (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(50), MaxValueValidator(100)],
        help_text=_("Vide : calculé à partir de la moyenne et de son évolution."),
    )
    beneficiaries_average = models.PositiveIntegerField(
        _("moyenne des bénéficiaires (avant-dernière année)"), null=True, blank=True
    )
    change_percent = models.DecimalField(
        _("évolution du nombre de bénéficiaires (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("taux de subvention d'un CPAS")
        verbose_name_plural = _("taux de subvention des CPAS")
        ordering = ["ins_code", "year"]
        constraints = [
            models.UniqueConstraint(fields=["ins_code", "year"], name="sppis_rate_once_a_year"),
            models.CheckConstraint(
                condition=Q(rate__isnull=False)
                | Q(beneficiaries_average__isnull=False, change_percent__isnull=False),
                name="sppis_rate_given_or_computable",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ins_code} {self.year}"

    def clean(self):
        figures = (self.beneficiaries_average, self.change_percent)
        if self.rate is None and None in figures:
            raise ValidationError(
                _("Indiquez le taux, ou la moyenne des bénéficiaires et son évolution.")
            )


class ManualBlockQuerySet(models.QuerySet):
    def active(self):
        return self.filter(lifted_at__isnull=True)


class ManualBlock(models.Model):
    """A block set by the « SPP IS admin » on a beneficiary: his forms are answered « bloqué »
    (B-BLOC-01) until it is lifted. Empty INS code: for every CPAS."""

    niss = models.CharField(_("NISS"), max_length=11, validators=[NISS_VALIDATOR], db_index=True)
    cpas_ins_code = models.CharField(
        _("code INS du CPAS"), max_length=5, blank=True, validators=[INS_CODE_VALIDATOR]
    )
    reason = models.TextField(_("motif"))
    created_at = models.DateTimeField(_("bloqué le"), default=timezone.now)
    lifted_at = models.DateTimeField(_("levé le"), null=True, blank=True)

    objects = ManualBlockQuerySet.as_manager()

    class Meta:
        verbose_name = _("blocage manuel")
        verbose_name_plural = _("blocages manuels")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.niss} {self.created_at:%d/%m/%Y}"


class MessageState(models.TextChoices):
    RECEIVED = "recu", _("reçu")
    ANSWERED = "repondu", _("répondu")


class ReceivedMessage(models.Model):
    """A message as it arrived. The body is kept as text, not in a JSON column: PostgreSQL's
    jsonb refuses the character U+0000, which a JSON message may legally carry, and a body
    that is not JSON at all must be kept too (it is answered with a refusal)."""

    # Null when the body carried no readable message_id: such messages cannot be retried
    # idempotently, and each one is answered on its own (NULLs never collide in the index).
    message_id = models.UUIDField(_("identifiant du message"), null=True, blank=True, unique=True)
    # The body as UTF-8 text (bytes that are not UTF-8 or are NUL written as \xNN escapes),
    # at most MAX_BODY_BYTES of it; `size` is what arrived, so that a body cut here is still
    # answered as too large.
    body = models.TextField(_("contenu"))
    size = models.PositiveIntegerField(_("taille (octets)"))
    niss = models.CharField(_("NISS"), max_length=11, blank=True)
    form_type = models.CharField(_("type de formulaire"), max_length=1, blank=True)
    effective_date = models.DateField(_("date d'entrée en vigueur"), null=True, blank=True)
    notice_status = models.PositiveSmallIntegerField(_("statut de l'avis"), null=True, blank=True)
    cpas_ins_code = models.CharField(_("code INS du CPAS"), max_length=5, blank=True)
    received_at = models.DateTimeField(_("reçu le"), default=timezone.now)
    processed_at = models.DateTimeField(_("traité le"), null=True, blank=True)
    state = models.CharField(
        _("état"), max_length=8, choices=MessageState.choices, default=MessageState.RECEIVED
    )

    class Meta:
        verbose_name = _("message reçu")
        verbose_name_plural = _("messages reçus")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state=MessageState.RECEIVED, processed_at__isnull=True)
                | Q(state=MessageState.ANSWERED, processed_at__isnull=False),
                name="sppis_message_answered_when_processed",
            ),
        ]
        indexes = [
            # The command's queue: only the unprocessed rows, however many were answered.
            models.Index(
                fields=["id"], name="sppis_message_pending", condition=Q(processed_at__isnull=True)
            ),
            # A correction's original that was refused or blocked (rules.B-CORR-01).
            models.Index(fields=["niss", "effective_date"], name="sppis_message_niss_date"),
        ]

    def __str__(self) -> str:
        return str(self.message_id or f"#{self.pk}")


class AnswerResult(models.TextChoices):
    ACCEPTED = "accepted", _("accepté")
    REFUSED = "refused", _("refusé")
    BLOCKED = "blocked", _("bloqué")


class Answer(models.Model):
    """The one answer to a received message. `sequence` orders the answers in the order their
    transactions committed (`AnswerCounter`), so that a reader asking for the answers after
    the last one it saw never skips one that committed late."""

    message = models.OneToOneField(
        ReceivedMessage,
        on_delete=models.PROTECT,
        related_name="answer",
        verbose_name=_("message"),
    )
    answer_id = models.UUIDField(_("identifiant de la réponse"), unique=True)
    sequence = models.BigIntegerField(_("numéro d'ordre"), unique=True)
    result = models.CharField(_("résultat"), max_length=8, choices=AnswerResult.choices)
    payload = models.JSONField(_("contenu"))
    answered_at = models.DateTimeField(_("répondu le"))

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")
        ordering = ["-sequence"]

    def __str__(self) -> str:
        return str(self.answer_id)


class AnswerCounter(models.Model):
    """One row: the last answer's sequence number. Each answering transaction takes it (row
    lock held until its commit) as its last step, so numbers follow the commit order."""

    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.value)


class RecordedForm(models.Model):
    """A form the SPP IS accepted: its database of rights. `current` is False once a
    correction (statut de l'avis 1) replaced it. The partial unique constraints are the
    rules that a race between two processes could otherwise break: one current B per NISS and
    date, one activation amount per NISS and month (beneficiary, partner)."""

    class Kind(models.TextChoices):
        B = "B", _("formulaire B")
        C = "C", _("formulaire C")

    message = models.OneToOneField(
        ReceivedMessage, on_delete=models.PROTECT, related_name="recorded_form"
    )
    niss = models.CharField(_("NISS"), max_length=11)
    kind = models.CharField(_("type"), max_length=1, choices=Kind.choices)
    cpas_ins_code = models.CharField(_("code INS du CPAS"), max_length=5)
    effective_date = models.DateField(_("date d'entrée en vigueur"))
    decision_date = models.DateField(_("date de la décision"))
    category = models.PositiveSmallIntegerField(_("catégorie"), null=True, blank=True)
    annual_amount = models.DecimalField(
        _("montant annuel"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    piis_code = models.PositiveSmallIntegerField(_("code PIIS"), null=True, blank=True)
    shortage_code = models.PositiveSmallIntegerField(_("code pénurie"), null=True, blank=True)
    # The first day of the month of the date, when the form carries that activation amount.
    beneficiary_activation_month = models.DateField(
        _("mois de l'activation (bénéficiaire)"), null=True, blank=True
    )
    partner_activation_month = models.DateField(
        _("mois de l'activation (partenaire)"), null=True, blank=True
    )
    nature = models.PositiveSmallIntegerField(_("nature (C)"), null=True, blank=True)
    current = models.BooleanField(_("en vigueur"), default=True)
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("remplace"),
    )

    class Meta:
        verbose_name = _("formulaire accepté")
        verbose_name_plural = _("formulaires acceptés")
        ordering = ["niss", "effective_date", "pk"]
        indexes = [models.Index(fields=["niss", "effective_date"], name="sppis_recorded_niss")]
        constraints = [
            models.UniqueConstraint(
                fields=["niss", "effective_date"],
                condition=Q(kind="B", current=True),
                name="sppis_one_current_b_per_date",
            ),
            models.UniqueConstraint(
                fields=["niss", "beneficiary_activation_month"],
                condition=Q(current=True, beneficiary_activation_month__isnull=False),
                name="sppis_one_beneficiary_activation_a_month",
            ),
            models.UniqueConstraint(
                fields=["niss", "partner_activation_month"],
                condition=Q(current=True, partner_activation_month__isnull=False),
                name="sppis_one_partner_activation_a_month",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.niss} {self.effective_date:%d/%m/%Y}"
