"""« Lister les formulaires » cached under the CPAS's form list version (issue #16, item 5).

Database triggers renew the version (`FormListVersion`) on every change of a form and of an
enquiry's social worker, whatever makes it: the services, the SPP IS answers' conditional
UPDATEs, a bulk load, raw SQL. The list's pages are cached by CPAS, version, language, canonical
filter and page number (bounded keys: never a typed value); a cached page never shows a state
the forms no longer have."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from instruction.models import SocialEnquiry
from instruction.services import enquiry_update
from reimbursement import selectors
from reimbursement.models import FormListVersion, FormState, ReimbursementForm
from reimbursement.services import answers_read, form_correct, form_send, forms_prepare
from tests.reimbursement.lists_world import decided, new_form

pytestmark = pytest.mark.django_db
URL = reverse("reimbursement_lists:list")
FORMS_TABLE = "reimbursement_reimbursementform"


def token(cpas):
    return FormListVersion.objects.token_for(cpas)


def page(client, query: str = "") -> str:
    response = client.get(URL + query)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def rows(content: str) -> list[str]:
    if "<tbody>" not in content:
        return []
    body = content.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        " ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in re.split(r"<tr\b[^>]*>", body)[1:]
    ]


def results(content: str) -> str:
    """The part of the page the cache serves (the filter form and the layout aside)."""
    end = content.index("</main>")
    return content[content.rindex("</form>", 0, end) : end]


def forms_table_queries(queries) -> int:
    return sum(FORMS_TABLE in query["sql"] for query in queries.captured_queries)


def a_form(profile, last_name: str = "Ablay", **kwargs) -> ReimbursementForm:
    decision = decided(
        profile, last_name, received_on=date(2026, 2, 2), session_date=date(2026, 3, 2)
    )
    return new_form(decision, **kwargs)


# The version: renewed by every kind of change


def test_a_cpas_without_forms_has_no_token(cpas):
    assert token(cpas) is None


def test_each_new_form_renews_the_token(agent_profile):
    a_form(agent_profile, "Ablay")
    first = token(agent_profile.cpas)
    a_form(agent_profile, "Bouxin")
    assert first is not None
    assert token(agent_profile.cpas) not in (None, first)


def test_saving_updating_and_deleting_a_form_renew_the_token(agent_profile):
    cpas = agent_profile.cpas
    form = a_form(agent_profile)
    seen = {token(cpas)}
    form.piis_code = 11
    form.save()
    seen.add(token(cpas))
    # The services' conditional UPDATE (a draft sent, an answer read).
    ReimbursementForm.objects.filter(pk=form.pk, state=FormState.DRAFT).update(state=FormState.SENT)
    seen.add(token(cpas))
    form.delete()
    seen.add(token(cpas))
    assert len(seen) == 4


def test_a_raw_sql_update_renews_the_token(agent_profile):
    form = a_form(agent_profile)
    before = token(agent_profile.cpas)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE reimbursement_reimbursementform SET state = %s WHERE id = %s",
            [FormState.BLOCKED, form.pk],
        )
    assert token(agent_profile.cpas) != before


def test_an_update_that_changes_no_row_keeps_the_token(agent_profile):
    form = a_form(agent_profile)
    before = token(agent_profile.cpas)
    ReimbursementForm.objects.filter(pk=form.pk, state=FormState.ACCEPTED).update(
        state=FormState.REPLACED
    )
    assert token(agent_profile.cpas) == before


def test_a_bulk_load_renews_the_token_of_each_cpas_it_touches(agent_profile, outsider_profile):
    mine = a_form(agent_profile, "Ablay")
    a_form(outsider_profile, "Bouxin")
    before, other_before = token(agent_profile.cpas), token(outsider_profile.cpas)
    second = decided(
        agent_profile, "Croquet", received_on=date(2026, 2, 2), session_date=date(2026, 3, 2)
    )
    copy = ReimbursementForm(
        **{
            field.attname: getattr(mine, field.attname)
            for field in ReimbursementForm._meta.concrete_fields
            if field.name not in {"id", "message_id"}
        }
    )
    copy.decision_id = second.pk
    ReimbursementForm.objects.bulk_create([copy])
    assert token(agent_profile.cpas) != before
    assert token(outsider_profile.cpas) == other_before


def test_moving_a_form_to_another_cpas_renews_both_tokens(agent_profile, outsider_profile):
    form = a_form(agent_profile, "Ablay")
    a_form(outsider_profile, "Bouxin")
    before, other_before = token(agent_profile.cpas), token(outsider_profile.cpas)
    ReimbursementForm.objects.filter(pk=form.pk).update(cpas=outsider_profile.cpas)
    assert token(agent_profile.cpas) != before
    assert token(outsider_profile.cpas) != other_before


def test_a_new_social_worker_renews_the_token_an_enquiry_edit_does_not(
    agent_profile, colleague_profile
):
    form = a_form(agent_profile)
    enquiry = form.decision.request.enquiry
    before = token(agent_profile.cpas)
    SocialEnquiry.objects.filter(pk=enquiry.pk).update(social_report="Visite faite.")
    assert token(agent_profile.cpas) == before
    enquiry_update(enquiry=enquiry, social_worker=colleague_profile.user, social_report="")
    assert token(agent_profile.cpas) != before


def test_a_cpas_whose_forms_were_deleted_can_be_deleted(agent_profile):
    """The version row outlives the forms (the delete trigger writes it): it must not hold
    the CPAS back."""
    form = a_form(agent_profile)
    ReimbursementForm.objects.filter(pk=form.pk).delete()
    assert token(agent_profile.cpas) is not None
    assert FormListVersion.objects.filter(cpas_id=agent_profile.cpas_id).exists()


# The cached page never shows a stale list


def references(content: str) -> list[str]:
    return [row.split(" ")[0] for row in rows(content)]


def test_a_form_prepared_sent_answered_and_corrected_shows_at_once(
    grant, agent_client, agent_profile, settings
):
    """The whole chain through the services, the list looked at between each step: each
    step changes the cached list at once (the SPP IS answers later here, as in production)."""
    settings.SPPIS_PROCESS_NOW = False
    assert "Aucun formulaire B ou C" in page(agent_client)
    assert "Aucun formulaire B ou C" in page(agent_client)  # served from the cache

    (form,) = forms_prepare(decision=grant)
    listed = rows(page(agent_client))
    assert [row.split(" ")[0] for row in listed] == [form.reference]
    assert "Brouillon" in listed[0]

    form_send(form=form, user=agent_profile.user)
    assert "Envoyé" in rows(page(agent_client))[0]
    assert references(page(agent_client, "?state=envoye")) == [form.reference]
    assert references(page(agent_client, "?state=brouillon")) == []

    call_command("sppis_process", stdout=None)
    assert answers_read() == 1
    assert "Accepté" in rows(page(agent_client))[0]
    assert references(page(agent_client, "?state=envoye")) == []
    assert references(page(agent_client, "?state=accepte")) == [form.reference]

    correction = form_correct(form=ReimbursementForm.objects.get(pk=form.pk))
    content = page(agent_client)
    assert "2 formulaires" in content
    assert references(content) == [correction.reference, form.reference]


def test_a_state_changed_behind_the_services_back_shows_at_once(agent_client, agent_profile):
    form = a_form(agent_profile, state=FormState.ACCEPTED)
    assert "Accepté" in rows(page(agent_client))[0]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE reimbursement_reimbursementform SET state = %s WHERE id = %s",
            [FormState.BLOCKED, form.pk],
        )
    assert "Bloqué" in rows(page(agent_client))[0]
    assert references(page(agent_client, "?state=bloque")) == [form.reference]


def test_a_new_social_worker_shows_in_the_list_and_its_filter_at_once(
    agent_client, agent_profile, colleague_profile
):
    form = a_form(agent_profile)
    colleague = colleague_profile.user
    assert agent_profile.user.get_full_name() in rows(page(agent_client))[0]
    assert references(page(agent_client, f"?social_worker={colleague.pk}")) == []
    enquiry_update(enquiry=form.decision.request.enquiry, social_worker=colleague, social_report="")
    assert colleague.get_full_name() in rows(page(agent_client))[0]
    assert references(page(agent_client, f"?social_worker={colleague.pk}")) == [form.reference]


# What is cached, under which key


def test_a_page_seen_before_is_served_without_reading_the_forms(agent_client, agent_profile):
    a_form(agent_profile, "Ablay")
    a_form(agent_profile, "<b>Bouxin</b>")
    agent_client.get(URL)  # the session's idle expiry is renewed on the first page
    first = agent_client.get(URL).content.decode()
    with CaptureQueriesContext(connection) as again:
        second = agent_client.get(URL).content.decode()
    assert forms_table_queries(again) == 0
    # The session, the user, the active profile (as on every page) and the version.
    assert len(again) == 4
    assert results(second) == results(first)
    assert "&lt;b&gt;Bouxin&lt;/b&gt;" in second


def test_the_filtered_lists_without_a_period_are_cached_a_period_never(agent_client, agent_profile):
    a_form(agent_profile, state=FormState.ACCEPTED, sent_on=date(2026, 3, 10))
    worker = agent_profile.user.pk
    agent_client.get(URL)
    for query in ("?type=B&state=accepte", f"?social_worker={worker}", "?page=1&type=B"):
        agent_client.get(URL + query)
        with CaptureQueriesContext(connection) as again:
            assert len(rows(page(agent_client, query))) == 1
        assert forms_table_queries(again) == 0, query
    period = "?date_from=01/03/2026&date_to=31/03/2026"
    agent_client.get(URL + period)
    with CaptureQueriesContext(connection) as again:
        assert len(rows(page(agent_client, period))) == 1
    assert forms_table_queries(again) == 3  # the count, the page's ids, their rows


def record_keys(monkeypatch) -> list[str]:
    keys = []
    original = selectors.cache.set

    def recording(key, *args, **kwargs):
        if key.startswith("reimbursement:forms:"):  # the list's, not the side menu's
            keys.append(key)
        return original(key, *args, **kwargs)

    monkeypatch.setattr(selectors.cache, "set", recording)
    return keys


def test_the_keys_are_bounded_whatever_is_typed(agent_client, agent_profile, monkeypatch):
    a_form(agent_profile)
    keys = record_keys(monkeypatch)
    worker = agent_profile.user.pk
    for query in (
        "",
        "?page=1",
        "?page=abc",
        "?page=2.5",
        "?type=&state=&social_worker=&date_from=&date_to=",
        "?state=accepte&type=B&unknown=x<script>",
        f"?social_worker=0{worker}",
        f"?social_worker={worker}&page=3",
        "?page=11",  # past the pages cached
        "?page=-1",  # the last page: depends on the count
        "?type=Z",  # not valid
        "?date_from=01/03/2026",  # a period
    ):
        page(agent_client, query)
    token_ = token(agent_profile.cpas)
    prefix = f"reimbursement:forms:{agent_profile.cpas_id}:{token_}:fr:"
    assert sorted(set(keys)) == sorted(
        {
            prefix + ":1",
            prefix + "type=B&state=accepte:1",
            prefix + f"social_worker={worker}:1",
            prefix + f"social_worker={worker}:3",
        }
    )


def test_one_cached_page_serves_several_urls_with_links_of_its_own(agent_client, agent_profile):
    for n in range(27):
        a_form(agent_profile, f"Nom{n:02d}")
    first = page(agent_client, "?type=B&state=&page=1")
    assert "?type=B&page=2" in first
    assert 'href="' + reverse("reimbursement_lists:export") + '?type=B"' in first
    for query in ("?type=B", "?state=&type=B&page=abc", "?type=B&date_to="):
        content = page(agent_client, query)
        assert results(content) == results(first)
    second = page(agent_client, "?type=B&page=2")
    assert len(rows(second)) == 2
    assert "?type=B&page=1" in second


def test_two_cpas_never_share_a_cached_page(
    agent_client, outsider_client, agent_profile, outsider_profile
):
    mine = a_form(agent_profile, "Ablay")
    theirs = a_form(outsider_profile, "Bouxin")
    assert references(page(agent_client)) == [mine.reference]
    assert references(page(outsider_client)) == [theirs.reference]
    assert references(page(agent_client)) == [mine.reference]


def test_a_cached_page_is_kept_per_language(agent_client, agent_profile):
    a_form(agent_profile)
    assert "1 formulaire" in page(agent_client)
    agent_client.cookies["django_language"] = "nl"
    dutch = page(agent_client)
    assert "1 formulaire<" not in dutch and 'lang="nl"' in dutch
    assert "Brouillon" not in rows(dutch)[0]


def test_a_bad_filter_is_never_served_from_the_cache(agent_client, agent_profile):
    a_form(agent_profile)
    assert len(rows(page(agent_client, "?type=B"))) == 1
    content = page(agent_client, "?type=B&date_from=31/02/2026")
    assert "Saisissez une date au format JJ/MM/AAAA." in content
    assert "Les filtres ne sont pas valides" in content
    assert rows(content) == []


def test_the_filter_form_of_a_cached_list_shows_its_own_choice(agent_client, agent_profile):
    """The bound form's HTML is kept for the values the form checked, shown as typed: a value
    typed otherwise (« 07 » for agent 7) is rendered each time."""
    a_form(agent_profile)
    worker = agent_profile.user.pk
    selected = f'<option value="{worker}" selected>'
    assert selected in agent_client.get(URL + f"?social_worker={worker}").content.decode()
    assert selected in agent_client.get(URL + f"?social_worker={worker}").content.decode()
    assert selected not in agent_client.get(URL).content.decode()
    typed = agent_client.get(URL + f"?social_worker=0{worker}").content.decode()
    assert f'<option value="{worker}">' in typed  # as Django renders « 07 »: not selected
    assert '<option value="B" selected>' in agent_client.get(URL + "?type=B").content.decode()
    assert '<option value="C" selected>' in agent_client.get(URL + "?type=C").content.decode()


def test_the_cache_emptied_changes_nothing(agent_client, agent_profile):
    a_form(agent_profile)
    before = page(agent_client, "?type=B")
    cache.clear()
    assert results(page(agent_client, "?type=B")) == results(before)
