from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from stdnum.be import vat
from stdnum.exceptions import ValidationError as StdnumValidationError

MUNICIPALITY_NAMES_SECONDS = 300


def validate_bce(value: str) -> None:
    """A BCE/KBO enterprise number: 10 digits with a mod-97 check (python-stdnum)."""
    try:
        vat.validate(value)
    except StdnumValidationError as error:
        raise ValidationError(
            _("Numéro BCE invalide : %(value)s"), code="invalid_bce", params={"value": value}
        ) from error


def format_bce(value: str) -> str:
    digits = vat.compact(value)
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"


class Cpas(models.Model):
    name = models.CharField(_("nom"), max_length=120, unique=True)
    bce_number = models.CharField(
        _("numéro BCE"),
        max_length=10,
        unique=True,
        validators=[validate_bce],
        help_text=_("10 chiffres, par exemple 0212345680."),
    )
    street = models.CharField(_("rue"), max_length=120, blank=True)
    house_number = models.CharField(_("numéro"), max_length=12, blank=True)
    postal_code = models.CharField(_("code postal"), max_length=4, blank=True)
    locality = models.CharField(_("localité"), max_length=80, blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    email = models.EmailField(_("adresse e-mail"), blank=True)

    class Meta:
        verbose_name = _("CPAS")
        verbose_name_plural = _("CPAS")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.bce_number = vat.compact(self.bce_number)
        super().save(*args, **kwargs)

    @property
    def bce_display(self) -> str:
        return format_bce(self.bce_number)

    @property
    def municipality_names(self) -> str:
        """The header line of every agent page shows them. Kept a few minutes in the cache:
        the municipalities of a CPAS change by law, once in years, through the admin."""
        key = f"primaweb:cpas:{self.pk}:municipality_names"
        names = cache.get(key)
        if names is None:
            names = ", ".join(m.name for m in self.municipalities.all())
            cache.set(key, names, MUNICIPALITY_NAMES_SECONDS)
        return names


class Municipality(models.Model):
    """A municipality (commune/gemeente), served by exactly one CPAS."""

    nis_code = models.CharField(_("code INS"), max_length=5, unique=True)
    name = models.CharField(_("nom"), max_length=80)
    cpas = models.ForeignKey(
        Cpas, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("CPAS")
    )

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PostalCodeQuerySet(models.QuerySet):
    def for_code(self, code: str) -> PostalCodeQuerySet:
        return self.filter(code=code.strip()).select_related("municipality__cpas")


class PostalCode(models.Model):
    """A postal code and locality; routes a citizen's address to its municipality's CPAS."""

    code = models.CharField(_("code postal"), max_length=4, db_index=True)
    locality = models.CharField(_("localité"), max_length=80)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="postal_codes",
        verbose_name=_("commune"),
    )

    objects = PostalCodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("code postal")
        verbose_name_plural = _("codes postaux")
        ordering = ["code", "locality"]
        constraints = [
            models.UniqueConstraint(fields=["code", "locality"], name="unique_postal_locality")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.locality}"


class Role(models.TextChoices):
    SOCIAL_AGENT = "agent_social", _("Agent Social")
    CPAS_ADMIN = "admin_cpas", _("Administrateur CPAS")


class ProfileQuerySet(models.QuerySet):
    def for_user(self, user) -> ProfileQuerySet:
        return self.filter(user=user).select_related("cpas")


class Profile(models.Model):
    """What a user may do, and for which CPAS. A user may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profiles",
        verbose_name=_("utilisateur"),
    )
    cpas = models.ForeignKey(
        Cpas, on_delete=models.CASCADE, related_name="profiles", verbose_name=_("CPAS")
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)

    objects = ProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("profil")
        verbose_name_plural = _("profils")
        ordering = ["cpas__name", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "cpas", "role"], name="unique_profile")
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} — {self.cpas}"

    @property
    def is_cpas_admin(self) -> bool:
        return self.role == Role.CPAS_ADMIN


class FederalIdentity(models.Model):
    """An agent registered for the federal login (FAS): the keyed hash of their national
    number (primaweb/fas/identity.py), never the number itself."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="federal_identity",
        verbose_name=_("utilisateur"),
    )
    nrn_digest = models.CharField(_("empreinte du numéro national"), max_length=64, unique=True)
    registered_at = models.DateTimeField(_("enregistré le"), auto_now_add=True)

    class Meta:
        verbose_name = _("identité fédérale")
        verbose_name_plural = _("identités fédérales")

    def __str__(self) -> str:
        return str(self.user)
