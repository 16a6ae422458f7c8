"""CPAS Online requests: what a citizen asked for online, routed to the competent CPAS.

Data typed by the applicant is kept as given; when the applicant gave a NISS found in the
registry, the registry data at that moment is copied in the `registry_*` columns (a snapshot:
the registry may change later, the request must keep showing what was known when it arrived).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from primaweb.addresses import AddressFields
from primaweb.models import Cpas
from registry.models import Register

REFERENCE_LENGTH = 12
REFERENCE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


class Nature(models.TextChoices):
    INTEGRATION_INCOME = "revenu_integration", _("revenu d'intégration")
    ENERGY = "energie", _("aide financière frais d'énergie (électricité, gaz, mazout)")
    MEDICAL = "medicale", _("aide médicale / frais médicaux et pharmaceutiques")
    HOUSING = "logement", _("aide au logement (garantie locative, prime d'installation)")
    REFERENCE_ADDRESS = "adresse_reference", _("adresse de référence")
    FOOD = "alimentaire", _("aide alimentaire ou matérielle")
    DEBT = "dettes", _("médiation de dettes / guidance budgétaire")
    HEATING = "chauffage", _("allocation de chauffage")
    OTHER = "autre", _("autre aide")


class YesNo(models.TextChoices):
    """Blank means unknown: « Non précisé » (`NOT_SPECIFIED`) where it is offered as an answer,
    "/" on the request's details, as in the manual."""

    YES = "oui", _("OUI")
    NO = "non", _("NON")


# The label of the blank answer of the situation questions (« Est étudiant », « Séjourne dans
# un lieu d'accueil… »): words, not a dash, which a screen reader reads out as "dash" or skips.
NOT_SPECIFIED = _("Non précisé")


class OnlineRequestQuerySet(models.QuerySet):
    def for_cpas(self, cpas: Cpas) -> OnlineRequestQuerySet:
        return self.filter(cpas=cpas)

    def unread(self) -> OnlineRequestQuerySet:
        return self.filter(read_at__isnull=True)

    def read(self) -> OnlineRequestQuerySet:
        return self.filter(read_at__isnull=False)

    def submitted_between(self, start: date | None, end: date | None) -> OnlineRequestQuerySet:
        qs = self
        if start is not None:
            qs = qs.filter(submitted_on__gte=start)
        if end is not None:
            qs = qs.filter(submitted_on__lte=end)
        return qs

    def with_reference(self, reference: str) -> OnlineRequestQuerySet:
        return self.filter(reference=normalize_reference(reference))

    def newest_first(self) -> OnlineRequestQuerySet:
        return self.order_by("-submitted_on", "-submitted_at", "-pk")

    def for_list(self) -> OnlineRequestQuerySet:
        """Only the columns the list shows, as tuples (pk, reference, submitted_on,
        first_name, last_name, read_at)."""
        return self.values_list(
            "pk", "reference", "submitted_on", "first_name", "last_name", "read_at"
        )

    def for_details(self) -> OnlineRequestQuerySet:
        return self.select_related("cpas", "read_by")


def normalize_reference(text: str) -> str:
    """Case and spaces are ignored: ` 2a90 072y kmhz ` → `2A90072YKMHZ`."""
    return "".join(str(text).split()).upper()


class OnlineRequest(AddressFields):
    reference = models.CharField(_("référence"), max_length=REFERENCE_LENGTH, unique=True)
    cpas = models.ForeignKey(
        Cpas,
        on_delete=models.PROTECT,
        related_name="online_requests",
        verbose_name=_("CPAS"),
    )
    submitted_on = models.DateField(_("date de soumission"))
    submitted_at = models.DateTimeField(_("soumise le"))
    client_ip = models.GenericIPAddressField(_("adresse IP"), null=True, blank=True)

    # Identification, as given by the applicant (**).
    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100)
    birth_date = models.DateField(_("date de naissance"), null=True, blank=True)
    niss = models.CharField(_("NISS"), max_length=11, blank=True)
    email = models.EmailField(_("adresse e-mail"), max_length=254)
    phone = models.CharField(_("numéro de téléphone"), max_length=20)
    # The address (`AddressFields`): street and number are optional here.
    street = AddressFields.variant("street", blank=True)
    house_number = AddressFields.variant("house_number", blank=True)

    # Registry snapshot at the time of the request (*), empty when no NISS was found.
    person = models.ForeignKey(
        "registry.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="online_requests",
        verbose_name=_("personne du registre"),
    )
    registry_niss = models.CharField(_("NISS (registres)"), max_length=11, blank=True)
    registry_first_names = models.CharField(_("prénom(s) (registres)"), max_length=150, blank=True)
    registry_last_name = models.CharField(_("nom (registres)"), max_length=100, blank=True)
    registry_birth_date = models.CharField(
        _("date de naissance (registres)"), max_length=10, blank=True
    )
    registry_register = models.CharField(
        _("registre d'inscription (registres)"),
        max_length=12,
        choices=Register.choices,
        blank=True,
    )
    registry_reference_address = models.CharField(
        _("adresse de référence (registres)"), max_length=255, blank=True
    )

    # The request.
    nature = models.CharField(_("nature de la demande"), max_length=20, choices=Nature.choices)
    description = models.TextField(_("description du demandeur"), blank=True)

    # Situation.
    lives_at_residence = models.CharField(
        _("vit à son adresse de résidence"), max_length=3, choices=YesNo.choices, blank=True
    )
    is_student = models.CharField(
        _("est étudiant"), max_length=3, choices=YesNo.choices, blank=True
    )
    in_facility = models.CharField(
        _("séjourne dans un lieu d'accueil, de placement ou de soins"),
        max_length=3,
        choices=YesNo.choices,
        blank=True,
    )

    # Reading.
    read_at = models.DateTimeField(_("date de lecture"), null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lue par"),
    )

    objects = OnlineRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("demande CPAS Online")
        verbose_name_plural = _("demandes CPAS Online")
        ordering = ["-submitted_on", "-submitted_at", "-pk"]
        indexes = [
            # The list: one CPAS, read or unread, newest first, optionally a date range.
            models.Index(
                fields=["cpas", "-submitted_on", "-submitted_at", "-id"],
                name="online_request_unread",
                condition=Q(read_at__isnull=True),
            ),
            models.Index(
                fields=["cpas", "-submitted_on", "-submitted_at", "-id"],
                name="online_request_read",
                condition=Q(read_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def from_registry(self) -> bool:
        return bool(self.registry_niss)

    @property
    def residence_address(self) -> str:
        """With the country; the parts the applicant left empty are left out."""
        return self.postal_address.one_line

    @property
    def niss_for_search(self) -> str:
        """The NISS to search the registry with: the registry's, else the applicant's."""
        return self.registry_niss or self.niss

    @property
    def birth_date_for_search(self) -> str:
        """JJ/MM/AAAA (00 for unknown parts), the registry's when known, else the applicant's."""
        if self.registry_birth_date:
            return self.registry_birth_date
        if self.birth_date:
            return self.birth_date.strftime("%d/%m/%Y")
        return ""


class ListVersionQuerySet(models.QuerySet):
    def token_for(self, cpas: Cpas) -> int | None:
        """The CPAS's current token; None while none of its requests was ever written."""
        return self.filter(cpas=cpas).values_list("token", flat=True).first()


class ListVersion(models.Model):
    """A token that changes whenever one of a CPAS's requests changes: the key of its cached
    lists (`selectors.list_results`).

    Written only by database triggers (migration 0003), after every INSERT, UPDATE and DELETE
    of `OnlineRequest` rows, whatever made them: services, admin, bulk loads, raw SQL. A new
    token is random rather than a counter, so that a token never comes back (after a rolled
    back transaction, a restored backup or a reused CPAS id) to meet lists cached under it.
    """

    # No database constraint and DO_NOTHING: the triggers may write a row while Django is
    # deleting the CPAS and its requests; an orphan row is harmless.
    cpas = models.OneToOneField(
        Cpas,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        primary_key=True,
        related_name="+",
    )
    token = models.BigIntegerField()

    objects = ListVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("version des listes de demandes")
        verbose_name_plural = _("versions des listes de demandes")

    def __str__(self) -> str:
        return f"{self.cpas_id}: {self.token}"


class SubmissionBucket(models.Model):
    """How many requests a client (`throttle.client_key`) submitted in its current window.

    Written only by `throttle.take_submission_slot`, with conditional UPDATEs: see there. One
    row per client key ever seen; an expired row is reused, not deleted.
    """

    key = models.CharField(_("client"), max_length=64, primary_key=True)
    window_start = models.DateTimeField(_("début de la fenêtre"))
    count = models.PositiveIntegerField(_("demandes dans la fenêtre"))

    class Meta:
        verbose_name = _("compteur de demandes en ligne")
        verbose_name_plural = _("compteurs de demandes en ligne")

    def __str__(self) -> str:
        return f"{self.key}: {self.count} since {self.window_start.isoformat()}"
