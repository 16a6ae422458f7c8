"""The amounts of the RI that change by date (indexation, welfare increases, new decrees).

Each table holds one row per date of change; a row is in force from its `valid_from` until the
next row's. The amounts are never constants in code: a new indexation is a new row, typed in
the admin. Migration 0002 seeds the rows known from the sources (dis.md §1.6).
"""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

AMOUNT = {"max_digits": 10, "decimal_places": 2, "validators": [MinValueValidator(0)]}


def amount_field(verbose_name, **kwargs) -> models.DecimalField:
    return models.DecimalField(verbose_name, **AMOUNT, **kwargs)


class CategoryAmount(models.Model):
    """The RI of each category, yearly and monthly, from a date (SPP IS's table « Datum in
    voege / Categorie 1 / 2 / 3 »). The law fixes the yearly amount; the monthly one is its
    twelfth as published (rounded by the SPP IS, so kept as published, not recomputed)."""

    valid_from = models.DateField(_("en vigueur à partir du"), unique=True)
    cohabitant_annual = amount_field(_("catégorie 1 (cohabitant), par an"))
    cohabitant_monthly = amount_field(_("catégorie 1 (cohabitant), par mois"))
    isolated_annual = amount_field(_("catégorie 2 (isolé), par an"))
    isolated_monthly = amount_field(_("catégorie 2 (isolé), par mois"))
    family_annual = amount_field(_("catégorie 3 (famille à charge), par an"))
    family_monthly = amount_field(_("catégorie 3 (famille à charge), par mois"))
    source = models.TextField(
        _("source"), blank=True, help_text=_("D'où viennent ces montants (texte, adresse).")
    )

    class Meta:
        verbose_name = _("montants du revenu d'intégration")
        verbose_name_plural = _("montants du revenu d'intégration")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cohabitant_annual__gt=0)
                & Q(cohabitant_monthly__gt=0)
                & Q(isolated_annual__gt=0)
                & Q(isolated_monthly__gt=0)
                & Q(family_annual__gt=0)
                & Q(family_monthly__gt=0),
                name="integration_income_category_amounts_positive",
            ),
        ]

    def __str__(self) -> str:
        return str(
            _("Montants au %(day)s") % {"day": date_format(self.valid_from, "SHORT_DATE_FORMAT")}
        )


class ExemptionAmount(models.Model):
    """The exemptions deducted from resources, from a date: the socio-professional one
    (art. 35, per month, indexed), the « métier en pénurie » one (per month, indexed, since
    AR 23/11/2023) and the general one of each category (per year, not indexed)."""

    valid_from = models.DateField(_("en vigueur à partir du"), unique=True)
    art35_monthly = amount_field(_("exonération socioprofessionnelle (art. 35), par mois"))
    shortage_monthly = amount_field(
        _("exonération « métier en pénurie », par mois"),
        null=True,
        blank=True,
        help_text=_("Vide avant l'arrêté royal du 23/11/2023."),
    )
    cohabitant_general_annual = amount_field(_("exonération générale, catégorie 1, par an"))
    isolated_general_annual = amount_field(_("exonération générale, catégorie 2, par an"))
    family_general_annual = amount_field(_("exonération générale, catégorie 3, par an"))
    source = models.TextField(
        _("source"), blank=True, help_text=_("D'où viennent ces montants (texte, adresse).")
    )

    class Meta:
        verbose_name = _("exonérations du revenu d'intégration")
        verbose_name_plural = _("exonérations du revenu d'intégration")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(art35_monthly__gte=0)
                & (Q(shortage_monthly__isnull=True) | Q(shortage_monthly__gte=0))
                & Q(cohabitant_general_annual__gte=0)
                & Q(isolated_general_annual__gte=0)
                & Q(family_general_annual__gte=0),
                name="integration_income_exemptions_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return str(
            _("Exonérations au %(day)s")
            % {"day": date_format(self.valid_from, "SHORT_DATE_FORMAT")}
        )
