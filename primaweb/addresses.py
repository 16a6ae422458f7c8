"""Postal addresses: the columns every address has, and the value they make.

`AddressFields` is the abstract model of the registry's addresses, the online requests and the
dossiers; `PostalAddress` is the value they travel as (a bulk load's records, the dossier's
effective address), and `PostalAddress.format` the one way an address is written on one line.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from django.db import models
from django.utils.translation import gettext_lazy as _

DEFAULT_COUNTRY = "Belgique"


@dataclass(frozen=True, slots=True)
class PostalAddress:
    """An address as a value: hashable, comparable, no database."""

    street: str
    house_number: str
    postal_code: str
    locality: str
    box: str = ""
    country: str = DEFAULT_COUNTRY

    def format(self, *, country: bool = True) -> str:
        """`Rue de l'Église 12 bte 3, 3717 Herstappe, Belgique`; empty parts are left out,
        and the country too when `country` is false."""
        box = f" bte {self.box}" if self.box else ""
        street = f"{self.street} {self.house_number}{box}".strip()
        place = f"{self.postal_code} {self.locality}".strip()
        parts = (street, place, self.country) if country else (street, place)
        return ", ".join(part for part in parts if part)

    @property
    def one_line(self) -> str:
        return self.format()

    def column_values(self) -> dict[str, str]:
        """The values of `AddressFields`' columns, an empty country as DEFAULT_COUNTRY."""
        return {**asdict(self), "country": self.country or DEFAULT_COUNTRY}


ADDRESS_COLUMNS = tuple(field.name for field in fields(PostalAddress))


class AddressFields(models.Model):
    """The address columns, by the same names wherever an address is stored."""

    street = models.CharField(_("rue"), max_length=120)
    house_number = models.CharField(_("numéro"), max_length=12)
    box = models.CharField(_("boîte"), max_length=12, blank=True)
    postal_code = models.CharField(_("code postal"), max_length=8)
    locality = models.CharField(_("localité"), max_length=80)
    country = models.CharField(_("pays"), max_length=60, default=DEFAULT_COUNTRY)

    class Meta:
        abstract = True

    @classmethod
    def variant(cls, name: str, **changes) -> models.Field:
        """The shared column `name` with `changes` (`blank=True`, `db_index=True`), for a model
        to override it with. It keeps its place among the address columns: admin forms and
        the registry files' columns follow the models' field order."""
        shared = cls._meta.get_field(name)
        _name, _path, args, kwargs = shared.deconstruct()
        field = type(shared)(*args, **{**kwargs, **changes})
        field.creation_counter = shared.creation_counter
        return field

    @property
    def postal_address(self) -> PostalAddress:
        return PostalAddress(**{name: getattr(self, name) for name in ADDRESS_COLUMNS})
