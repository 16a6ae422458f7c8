"""The one address type: the columns (`AddressFields`), the value (`PostalAddress`) and its
formatting, which each caller uses with or without the country as it did before."""

from __future__ import annotations

import dataclasses

import pytest

from dossiers.models import Dossier
from primaweb.addresses import DEFAULT_COUNTRY, AddressFields, PostalAddress
from registry.models import Address
from requests_online.models import OnlineRequest
from tests.factories import AddressFactory, OnlineRequestFactory

EGLISE = PostalAddress(
    street="Rue de l'Église", house_number="12", box="3", postal_code="3717", locality="Herstappe"
)


def test_an_address_with_a_box_is_written_on_one_line_with_bte_and_the_country():
    assert EGLISE.one_line == "Rue de l'Église 12 bte 3, 3717 Herstappe, Belgique"


def test_an_address_without_a_box_has_no_bte():
    address = dataclasses.replace(EGLISE, box="")
    assert address.one_line == "Rue de l'Église 12, 3717 Herstappe, Belgique"


def test_the_country_can_be_left_out():
    assert EGLISE.format(country=False) == "Rue de l'Église 12 bte 3, 3717 Herstappe"


def test_empty_parts_are_left_out():
    address = PostalAddress(street="", house_number="", postal_code="3717", locality="Herstappe")
    assert address.one_line == "3717 Herstappe, Belgique"
    assert dataclasses.replace(address, country="").one_line == "3717 Herstappe"


def test_the_country_is_belgium_unless_told():
    assert DEFAULT_COUNTRY == "Belgique"
    assert EGLISE.country == DEFAULT_COUNTRY
    assert PostalAddress("Via Roma", "1", "00100", "Roma", country="Italie").country == "Italie"


def test_the_value_is_frozen_and_hashable_so_the_bulk_loader_can_share_equal_addresses():
    with pytest.raises(dataclasses.FrozenInstanceError):
        EGLISE.street = "Rue Haute"  # type: ignore[misc]
    same = PostalAddress("Rue de l'Église", "12", "3717", "Herstappe", box="3")
    assert {EGLISE: 1}[same] == 1


def test_the_three_address_models_share_the_columns():
    for model in (Address, OnlineRequest, Dossier):
        assert issubclass(model, AddressFields)
        for name in ("street", "house_number", "box", "postal_code", "locality", "country"):
            field = model._meta.get_field(name)
            base = AddressFields._meta.get_field(name)
            assert (field.max_length, str(field.verbose_name), field.default) == (
                base.max_length,
                str(base.verbose_name),
                base.default,
            ), (model, name)


def test_each_model_keeps_its_own_rules_on_top_of_the_shared_columns():
    # The registry searches by postal code; a citizen may leave street and number empty.
    assert Address._meta.get_field("postal_code").db_index
    assert not Dossier._meta.get_field("postal_code").db_index
    assert OnlineRequest._meta.get_field("street").blank
    assert OnlineRequest._meta.get_field("house_number").blank
    assert not Dossier._meta.get_field("street").blank
    assert Dossier._meta.get_field("country").default == DEFAULT_COUNTRY


def test_a_column_a_model_changes_keeps_its_place_among_the_address_columns():
    names = ["street", "house_number", "box", "postal_code", "locality", "country"]
    for model in (Address, OnlineRequest, Dossier):
        fields = [field.name for field in model._meta.concrete_fields if field.name in names]
        assert fields == names, model


@pytest.mark.django_db
def test_a_registry_address_gives_its_value_and_is_written_without_the_country():
    address = AddressFactory(
        street="Rue Haute", house_number="3", box="2", postal_code="4000", locality="Liège"
    )
    assert address.postal_address == PostalAddress(
        street="Rue Haute", house_number="3", box="2", postal_code="4000", locality="Liège"
    )
    # What the request's registry snapshot stores (`registry_reference_address`).
    assert str(address) == "Rue Haute 3 bte 2, 4000 Liège"


@pytest.mark.django_db
def test_a_request_gives_its_value_and_its_residence_address_has_the_country():
    online_request = OnlineRequestFactory(
        street="Rue de l'Église",
        house_number="12",
        box="3",
        postal_code="3717",
        locality="Herstappe",
    )
    assert online_request.postal_address == EGLISE
    assert online_request.residence_address == "Rue de l'Église 12 bte 3, 3717 Herstappe, Belgique"


@pytest.mark.django_db
def test_a_request_without_street_writes_only_the_place_and_the_country():
    online_request = OnlineRequestFactory(
        street="", house_number="", box="", postal_code="3717", locality="Herstappe"
    )
    assert online_request.residence_address == "3717 Herstappe, Belgique"


def test_a_dossier_gives_its_value():
    dossier = Dossier(
        street="Rue Lambert", house_number="7", postal_code="3717", locality="Herstappe"
    )
    assert dossier.postal_address == PostalAddress("Rue Lambert", "7", "3717", "Herstappe")
