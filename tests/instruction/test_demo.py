import io

import pytest
from django.core.management import call_command

from dossiers.models import DossierStage
from instruction.models import DisRequest

pytestmark = pytest.mark.django_db


def test_the_demo_gives_three_herstappe_dossiers_a_request_with_its_enquiry(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    requests = list(DisRequest.objects.select_related("dossier", "enquiry").order_by("sequence"))
    assert [r.register_number[-4:] for r in requests] == ["0001", "0002", "0003"]
    assert {r.cpas.name for r in requests} == {"CPAS de Herstappe"}
    assert [r.enquiry.resources.count() for r in requests] == [2, 1, 1]
    assert requests[1].enquiry.members.filter(link="parent").count() == 2
    assert all(r.dossier.stage == DossierStage.INSTRUCTION for r in requests)
    call_command("seed_demo", stdout=io.StringIO())
    assert DisRequest.objects.count() == 3
