"""Dossiers of a CPAS and the access log of registry consultations.

A dossier belongs to one CPAS and one registry person; the identity used at creation is kept
as a snapshot (the registry may change afterwards). At most one *open* dossier per person and
CPAS, enforced by a partial unique constraint. Numbers come from a per-CPAS, per-year counter
row that is locked while it is incremented, so they are unique and never reused.

The access log of registry consultations lives in the `accesslog` app.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from primaweb.addresses import AddressFields
from registry.models import Sex
from registry.niss import compact_niss, format_niss

NUMBER_MAX_LENGTH = 11


class DossierStatus(models.TextChoices):
    OPEN = "ouvert", _("Ouvert")
    CLOSED = "cloture", _("Clôturé")


class DossierStage(models.TextChoices):
    """Where the dossier's instruction stands (set by the apps of the DIS instruction)."""

    NONE = "", _("Ouvert")
    INSTRUCTION = "instruction", _("En instruction")
    TO_NOTIFY = "a_notifier", _("Décision à notifier")
    DECIDED = "decide", _("Décidé")


class DossierQuerySet(models.QuerySet):
    def for_cpas(self, cpas) -> DossierQuerySet:
        return self.filter(cpas=cpas)

    def open(self) -> DossierQuerySet:
        return self.filter(status=DossierStatus.OPEN)

    def of_person(self, person) -> DossierQuerySet:
        return self.filter(person=person)

    def of_persons(self, persons) -> DossierQuerySet:
        return self.filter(person__in=[person.pk for person in persons])

    def elsewhere_than(self, cpas) -> DossierQuerySet:
        return self.exclude(cpas=cpas)

    def newest_first(self) -> DossierQuerySet:
        return self.order_by("-created_at", "-pk")

    def for_main_page(self) -> DossierQuerySet:
        return self.select_related(
            "cpas",
            "created_by",
            "origin_request",
            "person__residential_address",
            "person__reference_address",
            "person__partner",
            "person__household_membership__household",
        )

    def cpas_names(self) -> list[str]:
        """The names of the CPAS these dossiers belong to, each once."""
        return list(self.order_by("cpas__name").values_list("cpas__name", flat=True).distinct())

    def for_list(self) -> DossierQuerySet:
        return self.select_related("created_by").newest_first()

    def matching(self, text: str) -> DossierQuerySet:
        """Dossiers whose number, NISS or name ("Delacroix Louise") matches what was typed."""
        text = (text or "").strip()
        if not text:
            return self.none()
        condition = Q(number__iexact=text.replace(" ", ""))
        digits = compact_niss(text)
        if digits.isdigit():
            condition |= Q(niss=digits)
        every_word = Q()
        for word in text.split():
            every_word &= Q(last_name__icontains=word) | Q(first_names__icontains=word)
        return self.filter(condition | every_word)


class DossierCounter(models.Model):
    """The last number given in a CPAS for a year; locked (SELECT … FOR UPDATE) to increment."""

    cpas = models.ForeignKey(
        "primaweb.Cpas", on_delete=models.CASCADE, related_name="+", verbose_name=_("CPAS")
    )
    year = models.PositiveSmallIntegerField(_("année"))
    last_value = models.PositiveIntegerField(_("dernier numéro attribué"), default=0)

    class Meta:
        verbose_name = _("compteur de dossiers")
        verbose_name_plural = _("compteurs de dossiers")
        constraints = [
            models.UniqueConstraint(fields=["cpas", "year"], name="unique_dossier_counter")
        ]

    def __str__(self) -> str:
        return f"{self.cpas} {self.year}: {self.last_value}"


class Dossier(AddressFields):
    cpas = models.ForeignKey(
        "primaweb.Cpas", on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("CPAS")
    )
    person = models.ForeignKey(
        "registry.Person",
        on_delete=models.PROTECT,
        related_name="dossiers",
        verbose_name=_("personne"),
    )
    number = models.CharField(_("numéro de dossier"), max_length=NUMBER_MAX_LENGTH)
    status = models.CharField(
        _("statut"), max_length=10, choices=DossierStatus.choices, default=DossierStatus.OPEN
    )
    stage = models.CharField(
        _("état de l'instruction"),
        max_length=12,
        choices=DossierStage.choices,
        default=DossierStage.NONE,
        blank=True,
    )
    # The identity as the registry gave it when the dossier was created.
    niss = models.CharField(_("NISS"), max_length=11)
    last_name = models.CharField(_("nom"), max_length=100)
    first_names = models.CharField(_("prénom(s)"), max_length=150, blank=True)
    birth_date = models.CharField(_("date de naissance"), max_length=10)
    sex = models.CharField(_("sexe"), max_length=1)
    # Where the person really lives ("Adresse de résidence effective"): `AddressFields`.

    # A request leads to at most one dossier; its details page links to it (`request.dossier`).
    origin_request = models.OneToOneField(
        "requests_online.OnlineRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossier",
        verbose_name=_("demande d'origine"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("créé par"),
    )
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)

    objects = DossierQuerySet.as_manager()

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["cpas", "number"], name="unique_dossier_number"),
            models.UniqueConstraint(
                fields=["cpas", "person"],
                condition=Q(status=DossierStatus.OPEN),
                name="one_open_dossier_per_person",
            ),
        ]
        indexes = [models.Index(fields=["cpas", "-created_at"], name="dossier_cpas_newest")]

    def __str__(self) -> str:
        return f"{self.number} — {self.last_name} {self.first_names}"

    def get_absolute_url(self) -> str:
        return reverse("dossiers:detail", args=[self.pk])

    @property
    def niss_display(self) -> str:
        return format_niss(self.niss)

    @property
    def state_label(self) -> str:
        """« Clôturé » for a closed dossier, else where its instruction stands."""
        if not self.is_open:
            return self.get_status_display()
        return self.get_stage_display()

    @property
    def is_open(self) -> bool:
        return self.status == DossierStatus.OPEN

    @property
    def sex_display(self) -> str:
        return Sex(self.sex).label if self.sex in Sex.values else self.sex
