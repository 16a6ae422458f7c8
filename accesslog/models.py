"""The access log ("Admin-Logs"): every showing of a registry person's data, and every dossier
creation, traced to the agent, the profile and the CPAS it was made for.

One row per person shown: a screen that shows several persons (identification results, a
household) writes one row for each, all with the same `showing` id, so that the NISS filter
of Admin-Logs stays an exact, indexed look-up and an auditor can still see which rows one
screen produced.

Rows are never changed or deleted: the model and its queryset refuse it, `save()` always
inserts, and database triggers (`accesslog/guard.py`) refuse UPDATE and DELETE whatever issues
them. Only `purge_access_log` removes rows older than the retention period, and it records each
purge in `AccessLogPurge`, which is guarded the same way.

This app sits just above `registry`: it stores the NISS, dossier and request it names as
snapshots (identifiers and labels), never as foreign keys to the apps above it, so that those
apps can log without the log importing them, and the log outlives what it names.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time

from django.conf import settings
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from primaweb.models import Role
from registry.niss import format_niss


class ImmutableRecordError(RuntimeError):
    """Raised when code tries to change or delete an access-log entry."""


class AccessAction(models.TextChoices):
    PERSON_DETAILS = "fiche_personne", _("Consultation de la personne")
    IDENTIFICATION = "identification", _("Recherche de personnes (résultat)")
    REQUEST_DETAILS = "detail_demande", _("Détails d'une demande CPAS Online")
    DOSSIER_PAGE = "page_dossier", _("Page principale du dossier")
    HOUSEHOLD = "menage", _("Composition de ménage")
    ADMIN_PERSON = "admin", _("Administration (site d'administration)")
    DOSSIER_CREATION = "creation_dossier", _("Création de dossier")
    INSTRUCTION = "instruction", _("Instruction d'une demande")
    REIMBURSEMENT_FORM = "formulaire", _("Formulaire B ou C")


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
        return self.select_related("user").order_by("-created_at", "-pk")


class AccessLogEntry(models.Model):
    """One person's registry data shown (or one dossier created): who, for which CPAS, when."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("agent"),
    )
    # Empty for the administration site, whose superusers act for no CPAS.
    cpas = models.ForeignKey(
        "primaweb.Cpas",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("CPAS"),
    )
    role = models.CharField(_("profil"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("date et heure"), default=timezone.now, db_index=True)
    niss = models.CharField(_("NISS"), max_length=11, db_index=True)
    action = models.CharField(_("action"), max_length=20, choices=AccessAction.choices)
    # The rows written for one screen share this id.
    showing = models.UUIDField(_("affichage"), default=uuid.uuid4, editable=False)
    # What was shown, as snapshots: the log must outlive the dossier, the request, the search.
    dossier_pk = models.PositiveBigIntegerField(_("dossier (identifiant)"), null=True, blank=True)
    dossier_number = models.CharField(_("dossier (numéro)"), max_length=20, blank=True)
    request_pk = models.PositiveBigIntegerField(_("demande (identifiant)"), null=True, blank=True)
    request_reference = models.CharField(_("demande (référence)"), max_length=40, blank=True)
    search_criteria = models.CharField(_("critères de recherche"), max_length=300, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("entrée du journal des accès")
        verbose_name_plural = _("journal des accès")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["cpas", "-created_at"], name="accesslog_entry_cpas_newest")]

    def __str__(self) -> str:
        return f"{self.created_at:%d/%m/%Y %H:%M} {self.user} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        # Always an INSERT: saving a row read from the database would otherwise UPDATE it.
        if not self._state.adding:
            raise ImmutableRecordError(_("Le journal des accès ne peut pas être modifié."))
        kwargs["force_insert"] = True
        kwargs.pop("force_update", None)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError(_("Le journal des accès ne peut pas être supprimé."))

    @property
    def niss_display(self) -> str:
        return format_niss(self.niss)

    @property
    def role_display(self) -> str:
        return Role(self.role).label if self.role in Role.values else self.role

    @property
    def dossier_url(self) -> str | None:
        if self.dossier_pk is None:
            return None
        try:
            return reverse("dossiers:detail", args=[self.dossier_pk])
        except NoReverseMatch:
            return None


class AccessLogPurge(models.Model):
    """One run of `purge_access_log`: who ran it, when, how many rows, up to which moment."""

    purged_at = models.DateTimeField(_("date de la purge"), default=timezone.now)
    operator = models.CharField(_("opérateur"), max_length=150)
    retention_days = models.PositiveIntegerField(_("durée de conservation (jours)"))
    purged_before = models.DateTimeField(_("entrées antérieures au"))
    rows_deleted = models.PositiveBigIntegerField(_("entrées supprimées"))

    class Meta:
        verbose_name = _("purge du journal des accès")
        verbose_name_plural = _("purges du journal des accès")
        ordering = ["-purged_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.purged_at:%d/%m/%Y %H:%M} {self.operator}: {self.rows_deleted}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableRecordError(_("Le journal des purges ne peut pas être modifié."))
        kwargs["force_insert"] = True
        kwargs.pop("force_update", None)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError(_("Le journal des purges ne peut pas être supprimé."))
