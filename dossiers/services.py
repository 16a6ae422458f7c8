"""Writes of the dossiers app: creating a dossier and numbering it (logged in `accesslog`)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accesslog.models import AccessAction
from accesslog.services import Shown, record_consultation
from dossiers.models import NUMBER_MAX_LENGTH, Dossier, DossierCounter
from primaweb.addresses import PostalAddress
from primaweb.models import Cpas
from registry.models import Person
from requests_online.models import OnlineRequest


class DossierError(Exception):
    """A dossier cannot be created; `message` says why, in the agent's words."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class DossierAlreadyExists(DossierError):
    def __init__(self, dossier: Dossier, message: str | None = None):
        super().__init__(message or _("Un dossier existe déjà pour cette personne"))
        self.dossier = dossier


class PersonDeceased(DossierError):
    pass


def next_dossier_number(*, cpas: Cpas, year: int) -> str:
    """`2026000123`: the year and a counter of that CPAS and year, locked while incremented.

    Must run inside a transaction: the counter row stays locked until it commits, so two
    creations never get the same number, and a number that was committed is never given again.
    """
    counter, _created = DossierCounter.objects.select_for_update().get_or_create(
        cpas=cpas, year=year
    )
    counter.last_value += 1
    counter.save(update_fields=["last_value"])
    number = f"{year:04d}{counter.last_value:06d}"
    if len(number) > NUMBER_MAX_LENGTH:
        raise DossierError(_("Plus aucun numéro de dossier disponible pour cette année."))
    return number


def open_dossier_of(*, cpas: Cpas, person: Person) -> Dossier | None:
    return Dossier.objects.for_cpas(cpas).open().of_person(person).first()


def shown_for(*, dossier: Dossier | None = None, origin: OnlineRequest | None = None) -> Shown:
    """The dossier and request a logged screen is about, as the log stores them."""
    return Shown(
        dossier_pk=dossier.pk if dossier is not None else None,
        dossier_number=dossier.number if dossier is not None else "",
        request_pk=origin.pk if origin is not None else None,
        request_reference=origin.reference if origin is not None else "",
    )


@transaction.atomic
def dossier_create(
    *,
    cpas: Cpas,
    person: Person,
    address: PostalAddress,
    created_by,
    origin: OnlineRequest | None = None,
    role: str = "",
) -> Dossier:
    """Opens the dossier of `person` in `cpas` and logs the creation.

    Raises PersonDeceased for a deceased person and DossierAlreadyExists when the person
    already has an open dossier in this CPAS, including when another agent created it at the
    same moment (the database's partial unique constraint decides).
    """
    if person.is_deceased:
        raise PersonDeceased(
            _("Cette personne est décédée le %(date)s : aucun dossier ne peut être créé.")
            % {"date": person.death_date.strftime("%d/%m/%Y")}
        )
    existing = open_dossier_of(cpas=cpas, person=person)
    if existing is not None:
        raise DossierAlreadyExists(existing)
    if origin is not None:
        if origin.cpas_id != cpas.pk:
            raise DossierError(_("Cette demande n'appartient pas à votre CPAS."))
        previous = Dossier.objects.filter(origin_request=origin).first()
        if previous is not None:
            raise DossierAlreadyExists(
                previous, _("Un dossier a déjà été créé à partir de cette demande")
            )
    now = timezone.now()
    try:
        with transaction.atomic():
            dossier = Dossier.objects.create(
                cpas=cpas,
                person=person,
                number=next_dossier_number(cpas=cpas, year=timezone.localtime(now).year),
                niss=person.niss,
                last_name=person.last_name,
                first_names=person.first_names,
                birth_date=person.birth_date_display,
                sex=person.sex,
                **address.column_values(),
                created_by=created_by,
                created_at=now,
                origin_request=origin,
            )
    except IntegrityError as error:
        # Another agent committed the same dossier between our check and our insert.
        existing = open_dossier_of(cpas=cpas, person=person)
        if existing is None and origin is not None:
            existing = Dossier.objects.filter(origin_request=origin).first()
        if existing is None:
            raise
        raise DossierAlreadyExists(existing) from error
    record_consultation(
        user=created_by,
        cpas=cpas,
        role=role,
        action=AccessAction.DOSSIER_CREATION,
        niss_shown=[person.niss],
        shown=shown_for(dossier=dossier, origin=origin),
    )
    return dossier
