import io

import pytest
from django.core.management import call_command

from dossiers.models import DossierStage
from instruction.models import DisRequest

pytestmark = pytest.mark.django_db


def test_the_demo_gives_five_herstappe_dossiers_a_request_with_its_enquiry(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    requests = list(DisRequest.objects.select_related("dossier", "enquiry").order_by("sequence"))
    assert len(requests) == 5
    assert {r.cpas.name for r in requests} == {"CPAS de Herstappe"}
    by_report = {r.enquiry.social_report[:20]: r for r in requests}
    assert sorted(r.enquiry.resources.count() for r in requests) == [0, 1, 1, 1, 2]
    assert sum(r.enquiry.members.filter(link="parent").count() for r in requests) == 2
    assert sum(r.enquiry.members.filter(link="enfant_mineur").count() for r in requests) == 1
    assert len(by_report) == 5
    # The decisions demo takes four of them further; one stays « en instruction ».
    assert [r.dossier.stage for r in requests].count(DossierStage.INSTRUCTION) == 1
    call_command("seed_demo", stdout=io.StringIO())
    assert DisRequest.objects.count() == 5
