"""« Lister les formulaires » reads indexes, never the forms table from end to end: the
statements of the list, as the menu opens it and filtered, explained on SQLite and PostgreSQL
over 10,000 forms in 10 CPAS (issue #16, item 5: the indexes matching the filters)."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reimbursement.filters import FormListFilterForm
from reimbursement.models import FormState, FormType, ReimbursementForm
from reimbursement.selectors import forms_page
from tests.factories import CpasFactory
from tests.reimbursement.lists_world import decided, new_form

pytestmark = pytest.mark.django_db
FORMS = 10_000
TABLE = "reimbursement_reimbursementform"
# A CPAS's steady state (bench/forms_bench.py): most forms accepted.
STATES = [FormState.ACCEPTED] * 70 + [FormState.REFUSED] * 8 + [FormState.DRAFT] * 10
STATES += [FormState.SENT] * 5 + [FormState.REPLACED] * 5 + [FormState.BLOCKED] * 2


@pytest.fixture
def forms(agent_profile):
    """FORMS forms over the agent's CPAS and 9 others, created over a year, B and C, in every
    state: copies of one form of one decision (ranks 1 to FORMS keep them apart)."""
    model = new_form(
        decided(agent_profile, "Ablay", received_on=date(2026, 2, 2), session_date=date(2026, 3, 2))
    )
    all_cpas = [agent_profile.cpas, *CpasFactory.create_batch(9)]
    rng = random.Random(16)
    copied = {
        field.attname: getattr(model, field.attname)
        for field in ReimbursementForm._meta.concrete_fields
        if field.name
        not in {"id", "message_id", "cpas", "rank", "type", "state", "created_at", "sent_at"}
    }
    rows = []
    for rank in range(2, FORMS + 1):
        state = rng.choice(STATES)
        form_type = FormType.C if rng.random() < 0.2 else FormType.B
        created = timezone.make_aware(
            datetime.combine(date(2026, 11, 30) - timedelta(days=rng.randrange(365)), time(9))
        )
        rows.append(
            ReimbursementForm(
                **copied,
                cpas=all_cpas[rank % len(all_cpas)],
                rank=rank,
                type=form_type,
                state=state,
                created_at=created,
                sent_at=None if state == FormState.DRAFT else created + timedelta(hours=1),
            )
        )
    ReimbursementForm.objects.bulk_create(rows, batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return agent_profile


def explain(sql: str) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            return "\n".join(str(row[-1]) for row in cursor.fetchall())
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def plans(profile, query: str) -> list[str]:
    """The plans of the page's statements on the forms table, in their order (the captured
    statements carry their values, as the registry's plan tests read them)."""
    form = FormListFilterForm(QueryDict(query) if query else None, cpas=profile.cpas)
    with CaptureQueriesContext(connection) as queries:
        listing = forms_page(cpas=profile.cpas, form=form, page_number="1")
        assert listing.page.object_list
    return [explain(q["sql"]) for q in queries.captured_queries if TABLE in q["sql"]]


def assert_no_table_scan(text: str):
    """Of the forms table (the one-row tables its rows join here may well be scanned)."""
    if connection.vendor == "sqlite":
        assert f"SCAN {TABLE}" not in text, text
    else:
        assert f"Seq Scan on {TABLE}" not in text, text


def assert_no_sort(text: str):
    assert "TEMP B-TREE" not in text and "Sort" not in text, text


def assert_counted_on(text: str, index: str):
    """SQLite reads the index alone; PostgreSQL's plan may visit the table's pages (not
    vacuumed in a test's transaction), by the index still."""
    assert index in text, text
    if connection.vendor == "sqlite":
        assert "COVERING INDEX" in text, text


def test_no_statement_of_the_list_reads_the_whole_table(forms):
    for query in (
        "",
        "type=B",
        "state=accepte",
        "type=B&state=accepte",
        "date_from=01/09/2026&date_to=30/09/2026",
        "type=C&date_from=01/06/2026",
    ):
        texts = plans(forms, query)
        assert len(texts) >= 2, query
        for text in texts:
            assert_no_table_scan(text)


def test_the_indexes_of_the_filters_are_used(forms):
    """By état: counted on the index, the page's ids read in its order (cpas, state, newest
    first, id), without sorting the matching forms. By a period of sending: counted on
    (cpas, sent_at)."""
    count, ids, _rows = plans(forms, "state=refuse")
    assert "form_cpas_state" in count, count
    assert_no_table_scan(count)
    assert "form_cpas_state_newest" in ids, ids
    assert_no_sort(ids)
    count, _ids, _rows = plans(forms, "date_from=01/09/2026&date_to=30/09/2026")
    assert_counted_on(count, "form_cpas_sent")
