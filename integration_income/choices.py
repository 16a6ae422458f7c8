"""The enumerations of the RI calculation: categories, resource types, whose resource it is.

Values are stable codes (stored, exchanged as JSON by `calculate_ri`); labels are the French
of the manual, translated.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.IntegerChoices):
    """The categories of art. 14 of the DIS law (rubric 11 of form B); dis.md §1.5."""

    COHABITANT = 1, _("Catégorie 1 : cohabitant")
    ISOLATED = 2, _("Catégorie 2 : isolé")
    FAMILY = 3, _("Catégorie 3 : famille à charge")


class ResourceType(models.TextChoices):
    """The kinds of resources the social enquiry lists (dis.md §1.6-1.7)."""

    WORK_ART35 = "work_art35", _("Revenus professionnels (art. 35)")
    UNEMPLOYMENT = "unemployment", _("Allocations de chômage")
    SICKNESS = "sickness", _("Indemnités de maladie-invalidité")
    PENSION = "pension", _("Pension")
    FAMILY_ALLOWANCES = "family_allowances", _("Allocations familiales (exonérées)")
    CHILD_MAINTENANCE = "child_maintenance", _("Pension alimentaire pour les enfants (exonérée)")
    STUDY_GRANT = "study_grant", _("Bourse d'études (exonérée)")
    REAL_ESTATE = "real_estate", _("Revenus immobiliers")
    CAPITAL = "capital", _("Capitaux mobiliers")
    OTHER = "other", _("Autres ressources")

    @property
    def fully_exempt(self) -> bool:
        """Never counted, whoever receives it (AR 11/07/2002 art. 22: family allowances,
        maintenance paid for the children, study grants)."""
        return self in EXEMPT_TYPES

    @property
    def art35_exemption_applies(self) -> bool:
        """Work income of the applicant: the socio-professional exemption (art. 35) is deducted
        from it, never from another resource."""
        return self is ResourceType.WORK_ART35


EXEMPT_TYPES = frozenset(
    {ResourceType.FAMILY_ALLOWANCES, ResourceType.CHILD_MAINTENANCE, ResourceType.STUDY_GRANT}
)


class Owner(models.TextChoices):
    """Whose resource it is: the rules of dis.md §1.7 differ for each."""

    APPLICANT = "applicant", _("Demandeur")
    PARTNER = "partner", _("Partenaire")
    ADULT_RELATIVE = "adult_relative", _("Ascendant ou descendant majeur (1er degré)")
    OTHER = "other", _("Autre cohabitant")
