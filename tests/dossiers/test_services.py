"""dossier_create: numbering, snapshot, one open dossier per person and CPAS, refusals."""

import threading
from datetime import date

import pytest
from django.db import close_old_connections, connection
from django.utils import timezone

from accesslog.models import AccessAction, AccessLogEntry
from dossiers.models import Dossier, DossierCounter
from dossiers.services import (
    DossierAlreadyExists,
    DossierError,
    PersonDeceased,
    dossier_create,
    next_dossier_number,
)
from tests.dossiers.conftest import ADDRESS
from tests.factories import OnlineRequestFactory, PersonFactory, ProfileFactory

pytestmark = pytest.mark.django_db


def test_it_numbers_dossiers_by_year_and_counter_per_cpas(make_dossier, cpas, other_cpas):
    year = timezone.localdate().year
    first = make_dossier(PersonFactory())
    second = make_dossier(PersonFactory())
    elsewhere = make_dossier(PersonFactory(), cpas=other_cpas)
    assert first.number == f"{year}000001"
    assert second.number == f"{year}000002"
    assert elsewhere.number == f"{year}000001"
    assert all(len(d.number) <= 11 and d.number.isalnum() for d in (first, second, elsewhere))


def test_numbers_are_never_reused_after_a_dossier_is_closed(make_dossier, cpas):
    person = PersonFactory()
    first = make_dossier(person)
    Dossier.objects.filter(pk=first.pk).update(status="cloture")
    second = make_dossier(person)
    assert second.number != first.number
    assert DossierCounter.objects.get(cpas=cpas).last_value == 2


def test_the_counter_restarts_each_year(cpas):
    assert next_dossier_number(cpas=cpas, year=2025) == "2025000001"
    assert next_dossier_number(cpas=cpas, year=2026) == "2026000001"
    assert next_dossier_number(cpas=cpas, year=2025) == "2025000002"


def test_a_counter_beyond_eleven_characters_is_refused(cpas):
    DossierCounter.objects.create(cpas=cpas, year=2026, last_value=9_999_999)
    with pytest.raises(DossierError):
        next_dossier_number(cpas=cpas, year=2026)


def test_it_keeps_a_snapshot_of_the_identity_and_the_effective_address(make_dossier, louise):
    dossier = make_dossier(louise)
    louise.last_name = "Delacroix-Martin"
    louise.save()
    dossier.refresh_from_db()
    assert dossier.last_name == "Delacroix"
    assert dossier.first_names == "Louise Marie"
    assert dossier.niss == "97432405115"
    assert dossier.birth_date == "24/03/1997"
    assert dossier.sex == "F" and dossier.sex_display == "Féminin"
    assert (dossier.street, dossier.house_number, dossier.box) == ("Rue Lambert", "7", "B")
    assert dossier.country == "Belgique"
    assert dossier.status == "ouvert"


def test_the_creation_is_logged(make_dossier, agent_profile, louise):
    dossier = make_dossier(louise)
    entry = AccessLogEntry.objects.get()
    assert entry.action == AccessAction.DOSSIER_CREATION
    assert entry.dossier_pk == dossier.pk
    assert entry.dossier_number == dossier.number
    assert entry.niss == louise.niss
    assert entry.user == agent_profile.user


def test_a_second_open_dossier_for_the_same_person_is_refused(make_dossier, louise):
    first = make_dossier(louise)
    with pytest.raises(DossierAlreadyExists) as refusal:
        make_dossier(louise)
    assert refusal.value.dossier == first
    assert refusal.value.message == "Un dossier existe déjà pour cette personne"
    assert Dossier.objects.count() == 1


def test_the_same_person_may_have_a_dossier_in_another_cpas(make_dossier, louise, other_cpas):
    make_dossier(louise)
    make_dossier(louise, cpas=other_cpas)
    assert Dossier.objects.count() == 2


def test_a_deceased_person_is_refused(make_dossier, deceased):
    with pytest.raises(PersonDeceased, match="décédée le 15/01/2024"):
        make_dossier(deceased)
    assert Dossier.objects.count() == 0
    assert AccessLogEntry.objects.count() == 0


def test_the_origin_request_is_linked_once(make_dossier, cpas, louise):
    request = OnlineRequestFactory(cpas=cpas)
    dossier = make_dossier(louise, origin=request)
    request.refresh_from_db()
    assert request.dossier == dossier
    assert AccessLogEntry.objects.get().request_reference == request.reference
    with pytest.raises(DossierAlreadyExists, match="à partir de cette demande"):
        make_dossier(PersonFactory(), origin=request)


def test_another_cpas_s_request_is_refused_as_origin(make_dossier, other_cpas, louise):
    with pytest.raises(DossierError):
        make_dossier(louise, origin=OnlineRequestFactory(cpas=other_cpas))
    assert Dossier.objects.count() == 0


def test_the_database_refuses_two_open_dossiers_even_past_the_service(make_dossier, louise):
    from django.db import IntegrityError, transaction

    first = make_dossier(louise)
    with pytest.raises(IntegrityError), transaction.atomic():
        Dossier.objects.create(
            cpas=first.cpas,
            person=louise,
            number="X1",
            niss=louise.niss,
            last_name="x",
            birth_date="x",
            sex="F",
            street="x",
            house_number="1",
            postal_code="1000",
            locality="x",
            created_by=first.created_by,
        )


def test_a_dossier_committed_between_the_check_and_the_insert_gives_the_message(
    make_dossier, louise, monkeypatch
):
    """The race, made deterministic: the check sees nothing, the constraint then refuses."""
    from dossiers import services

    first = make_dossier(louise)
    real = services.open_dossier_of
    answers = iter([None])
    monkeypatch.setattr(services, "open_dossier_of", lambda **kw: next(answers, None) or real(**kw))
    with pytest.raises(DossierAlreadyExists) as refusal:
        make_dossier(louise)
    assert refusal.value.dossier == first
    assert Dossier.objects.count() == 1
    assert AccessLogEntry.objects.count() == 1  # only the first creation


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
@pytest.mark.django_db(transaction=True)
def test_two_agents_creating_the_same_dossier_at_once_get_one_dossier_and_one_message(cpas):
    louise = PersonFactory(last_name="Delacroix", birth_year=1997, birth_month=3, birth_day=24)
    users = [ProfileFactory(cpas=cpas).user, ProfileFactory(cpas=cpas).user]
    barrier = threading.Barrier(2)
    outcomes: list = []

    def create(user):
        try:
            barrier.wait(timeout=10)
            outcomes.append(
                dossier_create(cpas=cpas, person=louise, address=ADDRESS, created_by=user)
            )
        except DossierAlreadyExists as refusal:
            outcomes.append(refusal)
        except Exception as error:  # reported by the assertion below
            outcomes.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=create, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    created = [o for o in outcomes if isinstance(o, Dossier)]
    refused = [o for o in outcomes if isinstance(o, DossierAlreadyExists)]
    assert len(created) == 1, outcomes
    assert len(refused) == 1, outcomes
    assert refused[0].dossier.pk == created[0].pk
    assert refused[0].message == "Un dossier existe déjà pour cette personne"
    assert Dossier.objects.filter(person=louise).count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
@pytest.mark.django_db(transaction=True)
def test_concurrent_creations_for_different_persons_get_distinct_numbers(cpas):
    user = ProfileFactory(cpas=cpas).user
    persons = [PersonFactory(first_names=f"P{n}") for n in range(6)]
    barrier = threading.Barrier(len(persons))
    numbers: list = []

    def create(person):
        try:
            barrier.wait(timeout=10)
            numbers.append(
                dossier_create(cpas=cpas, person=person, address=ADDRESS, created_by=user).number
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=create, args=(p,)) for p in persons]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(numbers) == len(set(numbers)) == len(persons)


def test_service_arguments_are_keyword_only(louise, agent_profile):
    with pytest.raises(TypeError):
        dossier_create(agent_profile.cpas, louise, ADDRESS, agent_profile.user)  # type: ignore[misc]


def test_the_death_date_is_checked_before_anything_is_written(make_dossier):
    person = PersonFactory(death_date=date(2020, 1, 1))
    with pytest.raises(PersonDeceased):
        make_dossier(person)
    assert not DossierCounter.objects.exists()
