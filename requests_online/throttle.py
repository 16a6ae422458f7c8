"""How many requests one client may submit through the public citizen form.

Semantics: a fixed window per client. A client's window opens at its first submission after
the previous window expired and lasts `window` (an hour in the view); within it, `limit`
submissions are accepted and the following ones refused until it expires. Refused attempts
neither count nor extend the window. The client is its address, `REMOTE_ADDR` (see
`client_key`): IPv4 as is, IPv6 by /64 (what one subscriber gets), and every missing or
unparsable address in one shared bucket, so that no address is unthrottled.

Exact under concurrency on SQLite and PostgreSQL: the database decides the race (see
`take_submission_slot`), never a count read by Python and compared afterwards.

The table holds one row per client key ever seen; an expired row is reused by the next
submission. To prune, delete expired rows at any time (a deleted bucket is recreated empty):
`SubmissionBucket.objects.filter(window_start__lte=timezone.now() - window).delete()`.
"""

from __future__ import annotations

import ipaddress
from datetime import datetime, timedelta

from django.db.models import F

from requests_online.models import SubmissionBucket

# The shared bucket of the clients whose address is missing or unparsable.
UNKNOWN_CLIENT = "unknown"
# An IPv6 subscriber gets at least a /64: counting each address would give them 2**64 buckets.
IPV6_PREFIX = 64

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def parse_client_address(remote_addr: str | None) -> IPAddress | None:
    """The client's address, without an IPv6 zone (`%eth0`); None when missing or unparsable."""
    if not remote_addr:
        return None
    try:
        address = ipaddress.ip_address(remote_addr)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.scope_id:
        # A zone names an interface of the server, not the client; databases refuse it.
        address = ipaddress.IPv6Address(int(address))
    return address


def client_key(remote_addr: str | None) -> str:
    """The bucket of a client: its IPv4 address (also when written ::ffff:a.b.c.d), its IPv6
    /64 network, or `UNKNOWN_CLIENT`. At most 43 characters."""
    address = parse_client_address(remote_addr)
    if address is None:
        return UNKNOWN_CLIENT
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            # The same IPv4 client, seen through a dual-stack socket.
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/{IPV6_PREFIX}", strict=False))
    return str(address)


def take_submission_slot(*, client_key: str, limit: int, window: timedelta, now: datetime) -> bool:
    """Takes one of the client's `limit` slots of its current window; False when none is left.

    Three statements, none of which reads a value for Python to decide on:

    1. the bucket exists (INSERT … ON CONFLICT DO NOTHING, through `ignore_conflicts`), so that
       the UPDATEs have a row to lock even for a client's first submissions, sent together;
    2. an expired window starts over, empty (`UPDATE … WHERE window_start <= now - window`);
    3. a slot is taken if one is left (`UPDATE … SET count = count + 1 WHERE count < limit AND
       window_start > now - window`): the number of rows it updated, 0 or 1, is the answer.

    Each UPDATE locks the row and evaluates its WHERE on the latest committed version (SQLite
    runs one writer at a time; PostgreSQL re-checks the condition after waiting for the row
    lock), so N simultaneous calls take exactly min(N, slots left) slots. Restarting the window
    before taking the slot, rather than after failing to, matters: after step 2 the window is
    current whoever restarted it, and step 3 alone decides; the other order would refuse a
    client whose expired window another call had just restarted.

    Called inside a transaction, the slot is given back if the transaction is rolled back.
    """
    expired_before = now - window
    SubmissionBucket.objects.bulk_create(
        [SubmissionBucket(key=client_key, window_start=now, count=0)], ignore_conflicts=True
    )
    bucket = SubmissionBucket.objects.filter(key=client_key)
    bucket.filter(window_start__lte=expired_before).update(window_start=now, count=0)
    taken = bucket.filter(window_start__gt=expired_before, count__lt=limit).update(
        count=F("count") + 1
    )
    return taken == 1
