"""Dossiers of a CPAS and the access log of registry consultations.

A dossier belongs to one CPAS and one registry person; the identity used at creation is kept
as a snapshot (the registry may change afterwards). At most one *open* dossier per person and
CPAS, enforced by a partial unique constraint. Numbers come from a per-CPAS, per-year counter
row that is locked while it is incremented, so they are unique and never reused.

The access log records every consultation of a registry person's details and every dossier
creation. Its rows cannot be changed or deleted through Django (model and queryset refuse).
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from primaweb.models import Role
from registry.models import Sex
from registry.niss import compact_niss, format_niss

NUMBER_MAX_LENGTH = 11


class DossierStatus(models.TextChoices):
    OPEN = "ouvert", _("Ouvert")
    CLOSED = "cloture", _("Clôturé")


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


class Dossier(models.Model):
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
    # The identity as the registry gave it when the dossier was created.
    niss = models.CharField(_("NISS"), max_length=11)
    last_name = models.CharField(_("nom"), max_length=100)
    first_names = models.CharField(_("prénom(s)"), max_length=150, blank=True)
    birth_date = models.CharField(_("date de naissance"), max_length=10)
    sex = models.CharField(_("sexe"), max_length=1)
    # Where the person really lives ("Adresse de résidence effective").
    street = models.CharField(_("rue"), max_length=120)
    house_number = models.CharField(_("numéro"), max_length=12)
    box = models.CharField(_("boîte"), max_length=12, blank=True)
    postal_code = models.CharField(_("code postal"), max_length=8)
    locality = models.CharField(_("localité"), max_length=80)
    country = models.CharField(_("pays"), max_length=60, default="Belgique")

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
    def is_open(self) -> bool:
        return self.status == DossierStatus.OPEN

    @property
    def sex_display(self) -> str:
        return Sex(self.sex).label if self.sex in Sex.values else self.sex


class ImmutableRecordError(RuntimeError):
    """Raised when code tries to change or delete an access-log entry."""


class AccessAction(models.TextChoices):
    CONSULTATION = "consultation", _("Consultation")
    DOSSIER_CREATION = "creation_dossier", _("Création de dossier")


class AccessLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableRecordError(_("Le journal des accès ne peut pas être modifié."))

    def delete(self):
        raise ImmutableRecordError(_("Le journal des accès ne peut pas être supprimé."))

    def for_cpas(self, cpas) -> AccessLogQuerySet:
        return self.filter(cpas=cpas)

    def by_agent(self, user) -> AccessLogQuerySet:
        return self.filter(user=user)

    def for_niss(self, niss: str) -> AccessLogQuerySet:
        return self.filter(niss=niss)

    def between(self, start: date | None, end: date | None) -> AccessLogQuerySet:
        queryset = self
        zone = timezone.get_current_timezone()
        if start is not None:
            queryset = queryset.filter(
                created_at__gte=timezone.make_aware(datetime.combine(start, time.min), zone)
            )
        if end is not None:
            queryset = queryset.filter(
                created_at__lte=timezone.make_aware(datetime.combine(end, time.max), zone)
            )
        return queryset

    def newest_first(self) -> AccessLogQuerySet:
        return self.select_related("user", "dossier").order_by("-created_at", "-pk")


class AccessLogEntry(models.Model):
    """One consultation of registry data or one dossier creation: who, for which CPAS, when."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("agent"),
    )
    cpas = models.ForeignKey(
        "primaweb.Cpas", on_delete=models.PROTECT, related_name="+", verbose_name=_("CPAS")
    )
    role = models.CharField(_("profil"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("date et heure"), default=timezone.now, db_index=True)
    niss = models.CharField(_("NISS"), max_length=11, db_index=True)
    action = models.CharField(_("action"), max_length=20, choices=AccessAction.choices)
    dossier = models.ForeignKey(
        Dossier,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dossier"),
    )
    # The origin request, as a snapshot: the log must outlive any request.
    request_pk = models.PositiveBigIntegerField(_("demande (identifiant)"), null=True, blank=True)
    request_reference = models.CharField(_("demande (référence)"), max_length=40, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("entrée du journal des accès")
        verbose_name_plural = _("journal des accès")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["cpas", "-created_at"], name="accesslog_cpas_newest")]

    def __str__(self) -> str:
        return f"{self.created_at:%d/%m/%Y %H:%M} {self.user} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableRecordError(_("Le journal des accès ne peut pas être modifié."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError(_("Le journal des accès ne peut pas être supprimé."))

    @property
    def niss_display(self) -> str:
        return format_niss(self.niss)

    @property
    def role_display(self) -> str:
        return Role(self.role).label if self.role in Role.values else self.role
