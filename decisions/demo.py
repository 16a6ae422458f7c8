"""Demo decisions (seed_demo, after the requests): Herstappe's Council decides on four of the
five demo requests, so that agent1 finds dossiers in every stage.

- request 2 (living with her parents, 300 €/month): octroi, category 1, notified;
- request 3 (pensioner above the RI): refus, notified;
- request 4 (alone, no resources, three months old): octroi, category 2, notified long ago;
- request 5 (parent alone with a young child): octroi, category 3, not notified yet.

Request 1 stays « en instruction ». The labour tribunal named in Herstappe's letters is set
too. Idempotent: a CPAS that has decisions is left as it is.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import User

from decisions.cases import case_for, household_category
from decisions.models import (
    CpasTribunal,
    Decision,
    LabourTribunal,
    NotificationMode,
    Organ,
    Piis,
)
from decisions.services import decision_record, notification_record, proposal_create
from instruction.models import DisRequest
from instruction.selectors import enquiry_facts
from integration_income.calculation import calculate
from integration_income.selectors import parameters_at
from primaweb.models import Cpas

HERSTAPPE = "CPAS de Herstappe"
# Herstappe lies in the judicial district of Limburg (demo address).
TRIBUNAL = {
    "name": "Tribunal du travail d'Anvers, division Tongres",
    "street": "Kielenstraat",
    "house_number": "22",
    "postal_code": "3700",
    "locality": "Tongeren",
}
# Register sequence → (decision, days from the request to the session, days to notify or None).
PLAN = {
    2: ("octroi", 14, 3),
    3: ("refus", 20, 2),
    4: ("octroi", 25, 4),
    5: ("octroi", 20, None),
}
LEGAL = {
    "octroi": "Loi du 26 mai 2002 concernant le droit à l'intégration sociale, art. 2, 3 et 14.",
    "refus": "Loi du 26 mai 2002, art. 3, 4° et art. 16 : ressources suffisantes.",
}
FACTUAL = {
    "octroi": "Les ressources du ménage, calculées ligne par ligne, sont inférieures au revenu "
    "d'intégration de la catégorie retenue.",
    "refus": "La pension de retraite dépasse le revenu d'intégration d'une personne isolée.",
}


def seed(*, stdout=None, seed: int = 1) -> None:
    cpas = Cpas.objects.filter(name=HERSTAPPE).first()
    created = 0
    if cpas is not None and not Decision.objects.for_cpas(cpas).exists():
        tribunal, _new = LabourTribunal.objects.get_or_create(
            name=TRIBUNAL["name"], defaults=TRIBUNAL
        )
        CpasTribunal.objects.get_or_create(cpas=cpas, defaults={"tribunal": tribunal})
        agent = User.objects.get(username="agent1")
        requests = DisRequest.objects.for_cpas(cpas).select_related("enquiry", "dossier")
        for dis_request in requests.filter(sequence__in=PLAN).order_by("sequence"):
            kind, to_session, to_notify = PLAN[dis_request.sequence]
            decision = _decide(dis_request, agent, kind, to_session)
            if to_notify is not None:
                notification_record(
                    decision=decision,
                    tribunal=tribunal,
                    notified_on=decision.session_date + timedelta(days=to_notify),
                    mode=NotificationMode.REGISTERED,
                    recorded_by=agent,
                )
            created += 1
    if stdout is not None:
        stdout.write(f"Decisions: {Decision.objects.count()} ({created} new)")


def _decide(dis_request: DisRequest, agent, kind: str, to_session: int) -> Decision:
    facts = enquiry_facts(dis_request.enquiry)
    category = household_category(facts)
    day = dis_request.received_on
    parameters = parameters_at(day)
    calculation = calculate(
        case_for(facts, day=day, category=category, count_adult_relatives=False),
        parameters=parameters,
    )
    session = day + timedelta(days=to_session)
    proposal = proposal_create(
        dis_request=dis_request,
        facts=facts,
        calculation=calculation,
        parameters=parameters,
        right_from=day,
        category=category,
        category_override_reason="",
        count_adult_relatives=False,
        type=kind,
        session_date=session,
        organ=Organ.COMMITTEE,
        motivation=FACTUAL[kind],
        created_by=agent,
    )
    grants = kind == "octroi"
    zero = Decimal("0.00")
    return decision_record(
        proposal=proposal,
        type=kind,
        session_date=session,
        organ=Organ.COMMITTEE,
        starts_on=day,
        ends_on=None,
        category=category,
        annual_amount=calculation.annual if grants else zero,
        monthly_amount=calculation.monthly if grants else zero,
        first_month_amount=calculation.first_month if grants else zero,
        amounts_adjustment_motivation="",
        legal_motivation=LEGAL[kind],
        factual_motivation=FACTUAL[kind],
        piis=Piis.REQUIRED if grants else "",
        revises=None,
        recorded_by=agent,
    )
