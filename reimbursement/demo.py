"""Demo forms (seed_demo's last step): Herstappe's decisions reported to the simulated SPP IS.

- the octroi of request 2: its formulaire B sent in time, accepted;
- the octroi of request 5: its B sent with PIIS code 3 (valid only until 31/10/2016), refused
  with B-PIIS-01, for agent1 to « Corriger (statut de l'avis 1) »;
- the refus of request 3: its formulaire C prepared, to send;
- the octroi of request 4: no form yet, its deadline long past (« formulaires à envoyer »:
  the days lost grow each day until it is sent).

Idempotent: a CPAS that has forms is left as it is.
"""

from __future__ import annotations

import io

from django.contrib.auth.models import User
from django.core.management import call_command

from decisions.models import Decision
from primaweb.models import Cpas
from reimbursement.models import ReimbursementForm
from reimbursement.services import answers_read, form_send, form_update, forms_prepare

HERSTAPPE = "CPAS de Herstappe"
ACCEPTED, REFUSED, PREPARED = 2, 5, 3  # register sequence of the decided requests
WRONG_PIIS_CODE = 3


def seed(*, stdout=None, seed: int = 1) -> None:
    cpas = Cpas.objects.filter(name=HERSTAPPE).first()
    created = 0
    if cpas is not None and not ReimbursementForm.objects.for_cpas(cpas).exists():
        agent = User.objects.get(username="agent1")
        decisions = {
            decision.request.sequence: decision
            for decision in Decision.objects.for_cpas(cpas).select_related("request")
        }
        for sequence in (ACCEPTED, REFUSED, PREPARED):
            if sequence not in decisions:
                continue
            forms = forms_prepare(decision=decisions[sequence])
            created += len(forms)
            if sequence == PREPARED:
                continue
            for form in forms:
                if sequence == REFUSED:
                    form_update(form=form, piis_code=WRONG_PIIS_CODE)
                form_send(form=form, user=agent)
        # Outside `make run` (SPPIS_PROCESS_NOW off) the simulator answers here.
        call_command("sppis_process", stdout=io.StringIO())
        answers_read()
    if stdout is not None:
        stdout.write(f"Forms B and C: {ReimbursementForm.objects.count()} ({created} new)")
