"""Profiles (CPAS × role) from the provider's `roles` and `enterprise` claims.

FAS's format of these claims is not published. `profiles_from_claims` reads the shape
documented in docs/fas.md; an installation replaces it with its own function through the
setting `FAS_CLAIMS_PARSER` (a dotted path to a function `claims -> [(bce, role)] | None`).
None means "the provider sent no roles": the profiles then come from the local table that
the CPAS's access manager keeps.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string
from stdnum.be import vat

from primaweb.models import Cpas, Profile, Role


def _as_list(value) -> list:
    if value is None or value == "":
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def _bce(value) -> str | None:
    if isinstance(value, dict):
        value = value.get("enterpriseNumber") or value.get("number") or value.get("cbe")
    try:
        return vat.validate(str(value)) if value else None
    except Exception:  # noqa: BLE001 - python-stdnum's errors: not an enterprise number
        return None


def profiles_from_claims(claims: dict) -> list[tuple[str, str]] | None:
    """`roles`: role codes (`agent_social`, `admin_cpas`), each alone (for every enterprise of
    the `enterprise` claim) or as `code:BCE`; `enterprise`: a BCE number, a list of them, or
    objects with `enterpriseNumber`. Unknown codes and invalid numbers are ignored."""
    if "roles" not in claims:
        return None
    enterprises = [bce for value in _as_list(claims.get("enterprise")) if (bce := _bce(value))]
    known = set(Role.values)
    pairs = []
    for entry in _as_list(claims.get("roles")):
        code, _, number = str(entry).partition(":")
        if code.strip() not in known:
            continue
        targets = [_bce(number)] if number else enterprises
        pairs.extend((bce, code.strip()) for bce in targets if bce)
    return sorted(set(pairs))


def parse_profiles(claims: dict) -> list[tuple[str, str]] | None:
    return import_string(settings.FAS_CLAIMS_PARSER)(claims)


@transaction.atomic
def sync_profiles(user, pairs: list[tuple[str, str]]) -> None:
    """The user's profiles become exactly those the provider names (CPAS found by BCE)."""
    cpas_by_bce = Cpas.objects.in_bulk({bce for bce, _ in pairs}, field_name="bce_number")
    wanted = {(cpas_by_bce[bce].pk, role) for bce, role in pairs if bce in cpas_by_bce}
    current = {(p.cpas_id, p.role): p.pk for p in Profile.objects.filter(user=user)}
    stale = [pk for key, pk in current.items() if key not in wanted]
    Profile.objects.filter(pk__in=stale).delete()
    Profile.objects.bulk_create(
        [Profile(user=user, cpas_id=cpas_id, role=role) for cpas_id, role in wanted - set(current)]
    )
