"""The citizen form's throttle: the buckets (`client_key`) and the slots (`take_submission_slot`).

The view's use of it is in test_citizen_form.py; simultaneous submissions on PostgreSQL in
tests/security/test_concurrency.py.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from requests_online.models import SubmissionBucket
from requests_online.throttle import (
    UNKNOWN_CLIENT,
    client_key,
    parse_client_address,
    take_submission_slot,
)

HOUR = timedelta(hours=1)
NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def take(key: str = "192.0.2.1", *, at: datetime = NOON, limit: int = 3) -> bool:
    return take_submission_slot(client_key=key, limit=limit, window=HOUR, now=at)


@pytest.mark.django_db
class TestSlots:
    def test_the_limit_th_submission_passes_and_the_next_is_refused(self):
        assert [take() for _ in range(3)] == [True, True, True]
        assert take() is False
        assert take(at=NOON + timedelta(minutes=59)) is False
        assert SubmissionBucket.objects.get(key="192.0.2.1").count == 3

    def test_refused_attempts_neither_count_nor_extend_the_window(self):
        for _ in range(3):
            take()
        for minutes in range(0, 60, 5):
            assert take(at=NOON + timedelta(minutes=minutes)) is False
        bucket = SubmissionBucket.objects.get(key="192.0.2.1")
        assert (bucket.window_start, bucket.count) == (NOON, 3)
        assert take(at=NOON + HOUR) is True

    def test_an_expired_window_starts_over(self):
        for _ in range(3):
            take()
        later = NOON + HOUR + timedelta(seconds=1)
        assert [take(at=later) for _ in range(4)] == [True, True, True, False]
        bucket = SubmissionBucket.objects.get(key="192.0.2.1")
        assert (bucket.window_start, bucket.count) == (later, 3)

    def test_the_window_opens_at_the_first_submission_not_at_the_hour(self):
        first = NOON + timedelta(minutes=50)
        take(at=first, limit=1)
        assert take(at=NOON + timedelta(hours=1, minutes=10), limit=1) is False
        assert take(at=first + HOUR, limit=1) is True

    def test_each_client_key_has_its_own_bucket(self):
        assert take("192.0.2.1", limit=1) is True
        assert take("192.0.2.1", limit=1) is False
        assert take("192.0.2.2", limit=1) is True
        assert take(UNKNOWN_CLIENT, limit=1) is True
        assert SubmissionBucket.objects.count() == 3

    def test_an_expired_bucket_row_is_reused_not_duplicated(self):
        for day in range(5):
            take(at=NOON + timedelta(days=day))
        assert SubmissionBucket.objects.count() == 1

    def test_a_limit_of_zero_refuses_everything(self):
        assert take(limit=0) is False
        assert take(at=NOON + 2 * HOUR, limit=0) is False

    def test_a_lowered_limit_applies_to_the_current_window(self):
        assert [take(limit=5) for _ in range(3)] == [True] * 3
        assert take(limit=2) is False
        assert take(limit=4) is True


class TestClientKey:
    def test_an_ipv4_address_is_its_own_bucket(self):
        assert client_key("192.0.2.1") == "192.0.2.1"
        assert client_key("192.0.2.1") != client_key("192.0.2.2")

    @pytest.mark.parametrize("remote_addr", [None, "", " ", "unknown", "192.0.2.1, 10.0.0.1"])
    def test_a_missing_or_unparsable_address_falls_into_one_shared_bucket(self, remote_addr):
        assert client_key(remote_addr) == UNKNOWN_CLIENT
        assert parse_client_address(remote_addr) is None

    def test_two_ipv6_addresses_of_one_64_share_a_bucket_another_64_does_not(self):
        first = client_key("2001:db8:1:2::1")
        assert first == "2001:db8:1:2::/64"
        assert client_key("2001:db8:1:2:ffff:ffff:ffff:ffff") == first
        assert client_key("2001:DB8:1:2:0:0:0:7") == first
        assert client_key("2001:db8:1:3::1") != first

    def test_an_ipv4_mapped_ipv6_address_counts_as_the_ipv4_address(self):
        assert client_key("::ffff:192.0.2.1") == client_key("192.0.2.1") == "192.0.2.1"
        assert client_key("::ffff:c000:201") == "192.0.2.1"

    def test_an_ipv6_zone_is_dropped(self):
        assert client_key("fe80::1%eth0") == client_key("fe80::2") == "fe80::/64"
        assert str(parse_client_address("fe80::1%eth0")) == "fe80::1"

    @settings(max_examples=300, deadline=None, derandomize=True, database=None)
    @given(
        remote_addr=st.one_of(
            st.none(),
            st.text(max_size=60),
            st.ip_addresses().map(str),
            st.ip_addresses(v=6).map(lambda address: f"{address}%{address.max_prefixlen}"),
            st.tuples(st.ip_addresses().map(str), st.text(max_size=5)).map("".join),
        )
    )
    def test_any_remote_addr_gives_a_short_key_and_never_errors(self, remote_addr):
        key = client_key(remote_addr)
        assert 0 < len(key) <= SubmissionBucket._meta.get_field("key").max_length
        address = parse_client_address(remote_addr)
        assert (address is None) == (key == UNKNOWN_CLIENT)
