"""Demo requests (seed_demo, after the dossiers): three of Herstappe's dossiers get a DIS request
with its social enquiry, so that agent1 can follow the instruction from the dossier's page.

1. a single man working part-time (art. 35) and on sickness benefit: left « en instruction »;
2. a woman living with her parents who gives her 300 €/month (dis.md §6.6 example 2);
3. a pensioner whose pension is above the integration income (no right);
4. a person alone without resources, whose request is three months old;
5. a parent alone with a young child.

`decisions.demo` then takes requests 2 to 5 to the Council. Dates are relative to today, so
the deadlines read as they would on a working day. Idempotent: a CPAS with requests is kept.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.contrib.auth.models import User
from django.utils import timezone

from dossiers.models import Dossier
from instruction.models import ChargeKind, DisRequest, Link, RequestMode, RequestObject
from instruction.services import (
    charge_add,
    enquiry_update,
    member_save,
    request_create,
    resource_add,
    visit_add,
)
from integration_income.choices import ResourceType
from primaweb.models import Cpas

HERSTAPPE = "CPAS de Herstappe"
# Which demo case each of the first dossiers without an origin request gets, in number order.
CASES = ["working", "with_parents", "pensioner", "alone", "parent"]


def seed(*, stdout=None, seed: int = 1) -> None:
    cpas = Cpas.objects.filter(name=HERSTAPPE).first()
    created = 0
    if cpas is not None and not DisRequest.objects.for_cpas(cpas).exists():
        agent = User.objects.get(username="agent1")
        dossiers = Dossier.objects.for_cpas(cpas).filter(origin_request__isnull=True)
        for case, dossier in zip(CASES, dossiers.order_by("number"), strict=False):
            CASE_BUILDERS[case](dossier, agent)
            created += 1
    if stdout is not None:
        stdout.write(f"DIS requests: {DisRequest.objects.count()} ({created} new)")


def _request(dossier, agent, days_ago: int) -> DisRequest:
    today = timezone.localdate()
    dis_request = request_create(
        dossier=dossier,
        received_on=today - timedelta(days=days_ago),
        mode=RequestMode.ORAL,
        object=RequestObject.INTEGRATION_INCOME,
        created_by=agent,
    )
    # The demo's household is the one the enquiry found: the registry's guess is replaced.
    dis_request.enquiry.members.all().delete()
    return dis_request


def _working(dossier, agent) -> None:
    dis_request = _request(dossier, agent, days_ago=12)
    enquiry = dis_request.enquiry
    start = dis_request.received_on
    resource_add(
        enquiry=enquiry,
        member=None,
        type=ResourceType.WORK_ART35,
        monthly_net=Decimal("600.00"),
        starts_on=start + timedelta(days=5),
        ends_on=None,
    )
    resource_add(
        enquiry=enquiry,
        member=None,
        type=ResourceType.SICKNESS,
        monthly_net=Decimal("200.00"),
        starts_on=None,
        ends_on=start + timedelta(days=4),
    )
    charge_add(
        enquiry=enquiry, kind=ChargeKind.CHARGE, label="Loyer", monthly_amount=Decimal("550")
    )
    visit_add(
        enquiry=enquiry,
        visited_on=start + timedelta(days=3),
        finding="Studio salubre, loyer élevé par rapport aux revenus.",
    )
    enquiry_update(
        enquiry=enquiry,
        social_worker=agent,
        social_report="Reprise d'un travail à temps partiel après une période de maladie.",
    )


def _with_parents(dossier, agent) -> None:
    dis_request = _request(dossier, agent, days_ago=25)
    enquiry = dis_request.enquiry
    for first_names, birth in (("Marc", "1961-04-02"), ("Anne", "1963-09-17")):
        member_save(
            enquiry=enquiry,
            member=None,
            last_name=dossier.last_name,
            first_names=first_names,
            birth_date=date.fromisoformat(birth),
            link=Link.PARENT,
            cohabiting=True,
            dependent=False,
            claims_integration_income=False,
        )
    resource_add(
        enquiry=enquiry,
        member=None,
        type=ResourceType.OTHER,
        monthly_net=Decimal("300.00"),
        starts_on=None,
        ends_on=None,
    )
    visit_add(
        enquiry=enquiry,
        visited_on=dis_request.received_on + timedelta(days=6),
        finding="Vit chez ses parents, qui lui versent 300 € par mois.",
    )
    enquiry_update(
        enquiry=enquiry,
        social_worker=agent,
        social_report="Cohabitante ; les parents ne demandent pas le revenu d'intégration.",
    )


def _pensioner(dossier, agent) -> None:
    dis_request = _request(dossier, agent, days_ago=40)
    enquiry = dis_request.enquiry
    resource_add(
        enquiry=enquiry,
        member=None,
        type=ResourceType.PENSION,
        monthly_net=Decimal("1650.00"),
        starts_on=None,
        ends_on=None,
    )
    enquiry_update(
        enquiry=enquiry,
        social_worker=agent,
        social_report="Pension de retraite supérieure au revenu d'intégration d'un isolé.",
    )


def _alone(dossier, agent) -> None:
    dis_request = _request(dossier, agent, days_ago=100)
    enquiry_update(
        enquiry=dis_request.enquiry,
        social_worker=agent,
        social_report="Vit seul, sans ressources depuis la fin de ses allocations.",
    )


def _parent(dossier, agent) -> None:
    dis_request = _request(dossier, agent, days_ago=60)
    enquiry = dis_request.enquiry
    member_save(
        enquiry=enquiry,
        member=None,
        last_name=dossier.last_name,
        first_names="Emma",
        birth_date=dis_request.received_on - relativedelta(years=4, months=2),
        link=Link.MINOR_CHILD,
        cohabiting=True,
        dependent=True,
        claims_integration_income=False,
    )
    resource_add(
        enquiry=enquiry,
        member=None,
        type=ResourceType.FAMILY_ALLOWANCES,
        monthly_net=Decimal("180.00"),
        starts_on=None,
        ends_on=None,
    )
    enquiry_update(
        enquiry=enquiry,
        social_worker=agent,
        social_report="Parent seul avec sa fille de 4 ans ; allocations familiales exonérées.",
    )


CASE_BUILDERS = {
    "working": _working,
    "with_parents": _with_parents,
    "pensioner": _pensioner,
    "alone": _alone,
    "parent": _parent,
}
