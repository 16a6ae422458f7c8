"""The list version: database triggers renew a CPAS's token on every change to its requests,
whatever makes it (the cached lists depend on it, see selectors.list_results)."""

import pytest
from django.db import connection
from django.utils import timezone

from requests_online.models import ListVersion, OnlineRequest
from tests.factories import OnlineRequestFactory

pytestmark = pytest.mark.django_db


def token(cpas):
    return ListVersion.objects.token_for(cpas)


def test_a_cpas_without_requests_has_no_token(cpas):
    assert token(cpas) is None


def test_each_new_request_renews_the_token(cpas):
    OnlineRequestFactory(cpas=cpas)
    first = token(cpas)
    OnlineRequestFactory(cpas=cpas)
    assert first is not None
    assert token(cpas) not in (None, first)


def test_saving_updating_and_deleting_renew_the_token(cpas):
    item = OnlineRequestFactory(cpas=cpas)
    seen = {token(cpas)}
    item.first_name = "Louise"
    item.save()
    seen.add(token(cpas))
    OnlineRequest.objects.filter(pk=item.pk).update(read_at=timezone.now())
    seen.add(token(cpas))
    item.delete()
    seen.add(token(cpas))
    assert len(seen) == 4


def test_a_bulk_load_renews_the_token_of_each_cpas_it_touches(cpas, other_cpas):
    OnlineRequestFactory(cpas=cpas)
    OnlineRequestFactory(cpas=other_cpas)
    before, other_before = token(cpas), token(other_cpas)
    OnlineRequest.objects.bulk_create(
        OnlineRequestFactory.build(cpas=cpas, reference=f"BULK0000000{n}") for n in range(3)
    )
    assert token(cpas) != before
    assert token(other_cpas) == other_before


def test_an_update_that_changes_nothing_keeps_the_token(cpas):
    OnlineRequestFactory(cpas=cpas)
    before = token(cpas)
    OnlineRequest.objects.filter(cpas=cpas, reference="NOSUCHREF000").update(first_name="x")
    assert token(cpas) == before


def test_moving_a_request_to_another_cpas_renews_both_tokens(cpas, other_cpas):
    item = OnlineRequestFactory(cpas=cpas)
    OnlineRequestFactory(cpas=other_cpas)
    before, other_before = token(cpas), token(other_cpas)
    OnlineRequest.objects.filter(pk=item.pk).update(cpas=other_cpas)
    assert token(cpas) != before
    assert token(other_cpas) != other_before


def test_a_raw_sql_change_renews_the_token(cpas):
    item = OnlineRequestFactory(cpas=cpas)
    before = token(cpas)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE requests_online_onlinerequest SET last_name = %s WHERE id = %s",
            ["Raw", item.pk],
        )
    assert token(cpas) != before


def test_a_cpas_whose_requests_were_deleted_can_be_deleted(cpas):
    """The version row outlives the requests (the delete trigger writes it); it must not
    hold the CPAS back."""
    OnlineRequestFactory(cpas=cpas).delete()
    assert token(cpas) is not None
    cpas_id = cpas.pk
    cpas.municipalities.all().delete()
    cpas.delete()
    assert ListVersion.objects.filter(cpas_id=cpas_id).exists()
