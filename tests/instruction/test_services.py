from datetime import date

import pytest

from dossiers.models import DossierStage
from instruction.models import DisRequest, Link, RequestMode, RequestObject
from instruction.services import link_from_registry, request_create
from registry.models import HouseholdRole
from tests.factories import OnlineRequestFactory

pytestmark = pytest.mark.django_db


def create(dossier, user, day=date(2026, 3, 2), mode=RequestMode.WRITTEN):
    return request_create(
        dossier=dossier,
        received_on=day,
        mode=mode,
        object=RequestObject.INTEGRATION_INCOME,
        created_by=user,
    )


def test_requests_are_numbered_per_cpas_and_year_in_the_register(dossier, agent_profile):
    first = create(dossier, agent_profile.user)
    second = create(dossier, agent_profile.user)
    next_year = create(dossier, agent_profile.user, day=date(2027, 1, 4))
    assert [first.register_number, second.register_number] == ["2026/0001", "2026/0002"]
    assert next_year.register_number == "2027/0001"


def test_the_enquiry_starts_from_the_registry_household_without_the_applicant(
    dis_request,
):
    members = list(dis_request.enquiry.members.order_by("birth_date"))
    assert [(m.first_names, m.link, m.dependent) for m in members] == [
        ("Paul", Link.PARTNER, False),
        ("Léa", Link.MINOR_CHILD, True),
    ]
    assert all(m.cohabiting for m in members)


def test_a_request_puts_the_dossier_in_instruction_and_names_its_deadline(dis_request):
    dis_request.dossier.refresh_from_db()
    assert dis_request.dossier.stage == DossierStage.INSTRUCTION
    assert dis_request.decision_due_on == date(2026, 4, 1)
    assert dis_request.enquiry.social_worker == dis_request.created_by


def test_a_cpas_online_request_is_linked_to_the_dossier_s_origin_request(louise, agent_profile):
    from dossiers.services import dossier_create
    from tests.instruction.conftest import ADDRESS

    origin = OnlineRequestFactory(cpas=agent_profile.cpas)
    dossier = dossier_create(
        cpas=agent_profile.cpas,
        person=louise,
        address=ADDRESS,
        created_by=agent_profile.user,
        origin=origin,
    )
    online = create(dossier, agent_profile.user, mode=RequestMode.CPAS_ONLINE)
    written = create(dossier, agent_profile.user, mode=RequestMode.WRITTEN)
    assert online.online_request == origin
    assert written.online_request is None


@pytest.mark.parametrize(
    ("role", "birth", "link"),
    [
        (HouseholdRole.SPOUSE, date(1990, 1, 1), Link.PARTNER),
        (HouseholdRole.PARTNER, None, Link.PARTNER),
        (HouseholdRole.CHILD, date(2008, 3, 3), Link.MINOR_CHILD),  # 17 the day before
        (HouseholdRole.CHILD, date(2008, 3, 2), Link.ADULT_CHILD),  # 18 that day
        (HouseholdRole.CHILD, None, Link.ADULT_CHILD),
        (HouseholdRole.PARENT, date(1950, 1, 1), Link.PARENT),
        (HouseholdRole.OTHER_RELATIVE, date(1950, 1, 1), Link.OTHER),
    ],
)
def test_the_register_s_role_is_a_first_guess_of_the_link(role, birth, link):
    assert link_from_registry(role, birth, date(2026, 3, 2)) == link


def test_the_register_number_is_unique_even_if_the_counter_were_bypassed(dis_request):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        DisRequest.objects.create(
            cpas=dis_request.cpas,
            dossier=dis_request.dossier,
            year=dis_request.year,
            sequence=dis_request.sequence,
            received_on=dis_request.received_on,
            mode=dis_request.mode,
            object=dis_request.object,
            created_by=dis_request.created_by,
        )
