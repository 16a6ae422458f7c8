import io

import pytest
from django.core.management import call_command

from decisions.models import Decision
from dossiers.models import DossierStage
from reimbursement.models import FormState, ReimbursementForm

pytestmark = pytest.mark.django_db


def test_the_demo_shows_every_stage_and_every_answer(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    decisions = Decision.objects.filter(cpas__name="CPAS de Herstappe")
    assert sorted(decisions.values_list("type", flat=True)) == [
        "octroi",
        "octroi",
        "octroi",
        "refus",
    ]
    stages = sorted(d.dossier.stage for d in decisions)
    assert stages.count(DossierStage.DECIDED) == 3
    assert stages.count(DossierStage.TO_NOTIFY) == 1
    states = {form.type + form.state: form for form in ReimbursementForm.objects.all()}
    assert set(states) == {"B" + FormState.ACCEPTED, "B" + FormState.REFUSED, "C" + FormState.DRAFT}
    assert [error["code"] for error in states["B" + FormState.REFUSED].errors] == ["B-PIIS-01"]
    # One octroi has no form at all: « formulaires à envoyer », its deadline long past.
    assert decisions.filter(reimbursement_forms__isnull=True).count() == 1
    call_command("seed_demo", stdout=io.StringIO())
    assert ReimbursementForm.objects.count() == 3
