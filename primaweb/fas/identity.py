"""Agents are registered beforehand: their national number is kept only as a keyed hash.

`nrn_digest` is HMAC-SHA256 of the 11 digits with the key `FAS_NRN_KEY`: the database never
holds the clear number, and without the key a leaked table cannot be matched against a list of
numbers. The login computes the digest of `egovNRN` and looks it up. Changing the key means
registering the agents again (docs/fas.md).
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from stdnum.be import ssn

from primaweb.models import FederalIdentity, Profile

_SEPARATORS = str.maketrans("", "", " .-/")


def valid_national_number(value) -> str | None:
    """The 11 digits of a valid national register (or BIS) number, python-stdnum's check."""
    digits = str(value or "").translate(_SEPARATORS)
    if len(digits) != 11 or not digits.isdigit() or not ssn.is_valid(digits):
        return None
    return digits


def nrn_digest(national_number: str) -> str:
    key = settings.FAS_NRN_KEY
    if not key:
        raise ImproperlyConfigured("FAS_NRN_KEY must be set to register or find agents.")
    return hmac.new(key.encode(), national_number.encode(), hashlib.sha256).hexdigest()


def find_agent(national_number: str):
    """The registered user of this number, or None."""
    identity = (
        FederalIdentity.objects.select_related("user")
        .filter(nrn_digest=nrn_digest(national_number))
        .first()
    )
    return identity.user if identity else None


def _checked(national_number: str) -> str:
    digits = valid_national_number(national_number)
    if digits is None:
        raise ValidationError(_("Numéro de registre national invalide."), code="invalid_nrn")
    return digits


def link_identity(*, user, national_number: str) -> FederalIdentity:
    """Registers an existing account for the federal login (replacing its former number)."""
    digest = nrn_digest(_checked(national_number))
    identity, _created = FederalIdentity.objects.update_or_create(
        user=user, defaults={"nrn_digest": digest}
    )
    return identity


@transaction.atomic
def register_agent(
    *, national_number: str, first_name: str, last_name: str, cpas=None, role: str | None = None
):
    """The agent's account (no password: federal login only) and, when given, a profile.

    An agent already registered keeps their account; the profile is added to it."""
    digest = nrn_digest(_checked(national_number))
    identity = FederalIdentity.objects.select_related("user").filter(nrn_digest=digest).first()
    if identity is None:
        user = get_user_model()(
            username=f"fas-{digest[:16]}", first_name=first_name, last_name=last_name
        )
        user.set_unusable_password()
        user.save()
        identity = FederalIdentity.objects.create(user=user, nrn_digest=digest)
    if cpas is not None and role:
        Profile.objects.get_or_create(user=identity.user, cpas=cpas, role=role)
    return identity.user
