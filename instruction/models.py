"""A DIS request (« Nouvelle demande ») and its social enquiry (« Enquête sociale »).

A request belongs to a dossier and to the dossier's CPAS (`cpas` is repeated on the request so
that every query is scoped by one indexed column). Requests are numbered per CPAS and year in
the « Registre des demandes »: a counter row locked while it is incremented, like dossiers.

The enquiry holds the facts the calculation and the Council's decision rest on: the household
as the social worker found it (the registry's household is only the starting point: the
category follows the actual situation), the resources of each person, charges and debts, home
visits and the social report. Proposals (app `decisions`) copy these facts into a snapshot.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integration_income.choices import Owner, ResourceType

# A decision is due within 30 days of the request (loi du 26 mai 2002, art. 21 §1).
DECISION_DELAY_DAYS = 30


class RequestMode(models.TextChoices):
    CPAS_ONLINE = "cpas_online", _("CPAS Online")
    WRITTEN = "ecrite", _("Écrite")
    ORAL = "orale", _("Orale")
    OTHER = "autre", _("Autre")


class RequestObject(models.TextChoices):
    INTEGRATION_INCOME = "ri", _("Revenu d'intégration")
    EQUIVALENT = "eri", _("Équivalent du revenu d'intégration")
    SOCIAL_AID = "aide_sociale", _("Aide sociale")
    INSTALLATION_PREMIUM = "prime_installation", _("Prime d'installation")
    RENTAL_GUARANTEE = "garantie_locative", _("Garantie locative")
    HEATING = "allocation_chauffage", _("Allocation de chauffage")
    OTHER = "autre", _("Autre aide")


class RequestQuerySet(models.QuerySet):
    def for_cpas(self, cpas) -> RequestQuerySet:
        return self.filter(cpas=cpas)

    def for_page(self) -> RequestQuerySet:
        return self.select_related(
            "cpas", "dossier", "online_request", "created_by", "enquiry__social_worker"
        )

    def register_order(self) -> RequestQuerySet:
        return self.order_by("year", "sequence")


class RequestCounter(models.Model):
    """The last register number given in a CPAS for a year; locked to increment."""

    cpas = models.ForeignKey(
        "primaweb.Cpas", on_delete=models.CASCADE, related_name="+", verbose_name=_("CPAS")
    )
    year = models.PositiveSmallIntegerField(_("année"))
    last_value = models.PositiveIntegerField(_("dernier numéro attribué"), default=0)

    class Meta:
        verbose_name = _("compteur du registre des demandes")
        verbose_name_plural = _("compteurs du registre des demandes")
        constraints = [
            models.UniqueConstraint(fields=["cpas", "year"], name="unique_request_counter")
        ]

    def __str__(self) -> str:
        return f"{self.cpas} {self.year}: {self.last_value}"


class DisRequest(models.Model):
    cpas = models.ForeignKey(
        "primaweb.Cpas", on_delete=models.PROTECT, related_name="+", verbose_name=_("CPAS")
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        on_delete=models.PROTECT,
        related_name="dis_requests",
        verbose_name=_("dossier"),
    )
    year = models.PositiveSmallIntegerField(_("année"))
    sequence = models.PositiveIntegerField(_("numéro d'ordre"))
    received_on = models.DateField(_("date de réception"))
    mode = models.CharField(_("mode d'introduction"), max_length=12, choices=RequestMode.choices)
    object = models.CharField(_("objet"), max_length=20, choices=RequestObject.choices)
    online_request = models.ForeignKey(
        "requests_online.OnlineRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("demande CPAS Online"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("encodée le"), default=timezone.now)

    objects = RequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("demande")
        verbose_name_plural = _("demandes")
        ordering = ["-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["cpas", "year", "sequence"], name="unique_request_register_number"
            )
        ]

    def __str__(self) -> str:
        return self.register_number

    def get_absolute_url(self) -> str:
        return reverse("instruction:request", args=[self.pk])

    @property
    def register_number(self) -> str:
        """« 2026/0007 »: the 7th request of the year in this CPAS's register."""
        return f"{self.year}/{self.sequence:04d}"

    @property
    def decision_due_on(self):
        return self.received_on + timedelta(days=DECISION_DELAY_DAYS)


class SocialEnquiry(models.Model):
    request = models.OneToOneField(
        DisRequest, on_delete=models.CASCADE, related_name="enquiry", verbose_name=_("demande")
    )
    social_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("travailleur social"),
    )
    social_report = models.TextField(_("rapport social"), blank=True)
    updated_at = models.DateTimeField(_("modifiée le"), default=timezone.now)

    class Meta:
        verbose_name = _("enquête sociale")
        verbose_name_plural = _("enquêtes sociales")

    def __str__(self) -> str:
        return str(self.request)


class Link(models.TextChoices):
    """The member's link to the applicant, as the social worker found it."""

    PARTNER = "partenaire", _("Partenaire")
    MINOR_CHILD = "enfant_mineur", _("Enfant mineur")
    ADULT_CHILD = "enfant_majeur", _("Enfant majeur")
    PARENT = "parent", _("Parent")
    OTHER = "autre", _("Autre")

    @property
    def owner(self) -> Owner:
        """Whose resources these are, for the calculation (dis.md §1.7)."""
        if self == Link.PARTNER:
            return Owner.PARTNER
        if self in (Link.ADULT_CHILD, Link.PARENT):
            return Owner.ADULT_RELATIVE
        return Owner.OTHER


class HouseholdMember(models.Model):
    enquiry = models.ForeignKey(SocialEnquiry, on_delete=models.CASCADE, related_name="members")
    # The registry person the member was taken from, if any; the name is kept as typed or
    # copied (a member the registry does not know can be added by hand).
    person = models.ForeignKey(
        "registry.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("personne du registre"),
    )
    last_name = models.CharField(_("nom"), max_length=100)
    first_names = models.CharField(_("prénom(s)"), max_length=150, blank=True)
    birth_date = models.DateField(_("date de naissance"), null=True, blank=True)
    link = models.CharField(_("lien"), max_length=14, choices=Link.choices)
    cohabiting = models.BooleanField(_("cohabite"), default=True)
    dependent = models.BooleanField(_("à charge"), default=False)
    claims_integration_income = models.BooleanField(
        _("demande aussi le revenu d'intégration"), default=False
    )

    class Meta:
        verbose_name = _("membre du ménage")
        verbose_name_plural = _("membres du ménage")
        ordering = ["birth_date", "pk"]

    def __str__(self) -> str:
        return f"{self.last_name} {self.first_names}".strip()


class Resource(models.Model):
    enquiry = models.ForeignKey(SocialEnquiry, on_delete=models.CASCADE, related_name="resources")
    # Empty: the applicant's own resource.
    member = models.ForeignKey(
        HouseholdMember,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="resources",
        verbose_name=_("personne"),
    )
    type = models.CharField(_("type"), max_length=20, choices=ResourceType.choices)
    monthly_net = models.DecimalField(_("montant mensuel net"), max_digits=10, decimal_places=2)
    starts_on = models.DateField(_("du"), null=True, blank=True)
    ends_on = models.DateField(_("au"), null=True, blank=True)

    class Meta:
        verbose_name = _("ressource")
        verbose_name_plural = _("ressources")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(monthly_net__gte=0), name="resource_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="resource_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.monthly_net}"

    @property
    def owner(self) -> Owner:
        return Owner.APPLICANT if self.member is None else Link(self.member.link).owner


class ChargeKind(models.TextChoices):
    CHARGE = "charge", _("Charge")
    DEBT = "dette", _("Dette")


class Charge(models.Model):
    enquiry = models.ForeignKey(SocialEnquiry, on_delete=models.CASCADE, related_name="charges")
    kind = models.CharField(_("nature"), max_length=6, choices=ChargeKind.choices)
    label = models.CharField(_("libellé"), max_length=120)
    monthly_amount = models.DecimalField(_("montant mensuel"), max_digits=10, decimal_places=2)

    class Meta:
        verbose_name = _("charge ou dette")
        verbose_name_plural = _("charges et dettes")
        ordering = ["kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(monthly_amount__gte=0), name="charge_amount_not_negative"
            )
        ]

    def __str__(self) -> str:
        return self.label


class HomeVisit(models.Model):
    enquiry = models.ForeignKey(SocialEnquiry, on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField(_("date de la visite"))
    finding = models.TextField(_("constat"))

    class Meta:
        verbose_name = _("visite à domicile")
        verbose_name_plural = _("visites à domicile")
        ordering = ["visited_on", "pk"]

    def __str__(self) -> str:
        return f"{self.visited_on:%d/%m/%Y}"
