"""The SPP IS's rules for formulaires B and C (dis.md §6.2), one function per rule.

Each rule reads the typed form, the beneficiary's accepted forms (`History`) and the reference
data, and returns a `Finding` (the error code, the rubrique, what is wrong) or None. A rule
whose input is missing (no valid date) stays silent: the rule about that input speaks.
`evaluate` runs the rules of the form's type; `decide` turns the findings into the answer's
result with the error-code table: blocking codes refuse (B-BLOC-01 blocks), the others are
warnings on an accepted form.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from primaweb.amounts import format_euros
from sppis_simulator.messages import Form
from sppis_simulator.models import AnswerResult
from sppis_simulator.reference import Reference
from sppis_simulator.statements import Recorded
from sppis_simulator.subsidy import days_lost, due_date, is_late

CATEGORIES = (1, 2, 3)
FAMILY_CATEGORY = 3
NATURES = (1, 2)
WITHDRAWAL = 2
FIRST_PIIS_SUBSIDY, PIIS_PROLONGATION = 11, 17
SHORTAGE_CODE = 9
SHORTAGE_MONTHS = 3
BLOCK_CODE = "B-BLOC-01"
FORMAT_CODE = "MSG-FMT-01"


@dataclass(frozen=True)
class Finding:
    code: str
    field: str | None = None
    detail: str = ""


@dataclass(frozen=True)
class History:
    """The beneficiary's accepted forms still in force (corrected ones left out), by date;
    on one date, a B before a C (`statements.history`)."""

    forms: tuple[Recorded, ...] = ()
    # Whether the SPP IS refused or blocked a new B (statut 0) of this beneficiary on a date
    # (its own answers; asked only by a correction that has no accepted original).
    judged_b_on: Callable[[date], bool] = lambda day: False

    def b_on(self, day: date) -> Recorded | None:
        """The accepted B with that date d'entrée en vigueur."""
        return next((f for f in self.forms if f.kind == "B" and f.effective_date == day), None)

    def b_in_force(self, day: date) -> Recorded | None:
        """The B running on `day`: the last form dated that day or before, if it is a B (a
        later B replaces an earlier one from its date; a retrait ends it)."""
        last = None
        for form in self.forms:
            if form.effective_date > day:
                break
            if form.kind == "B" or form.nature == WITHDRAWAL:
                last = form
        return last if last is not None and last.kind == "B" else None


@dataclass(frozen=True)
class Context:
    history: History
    reference: Reference
    received_on: date


def short(day: date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def month_start(day: date) -> date:
    return day.replace(day=1)


# Both forms


def niss_is_valid(form: Form, *, context: Context) -> Finding | None:
    """B-NISS-01: a form without a NISS, or with a wrong one (python-stdnum's check through
    registry.niss), is not accepted."""
    if form.niss_digits is None:
        detail = _("NISS absent.") if not form.niss else _("NISS invalide.")
        return Finding("B-NISS-01", "form.niss", detail)
    return None


def dates_are_given(form: Form, *, context: Context) -> Finding | None:
    """B-DATE-01: the date d'entrée en vigueur and the date of the decision are mandatory
    (and must exist, within the product's years)."""
    missing = [
        name
        for name, value in (
            ("form.effective_date", form.effective_date),
            ("form.decision_date", form.decision_date),
        )
        if value is None
    ]
    impossible = [name for name in form.impossible_dates if name != "form.end_date"]
    wrong = missing or impossible
    if not wrong:
        return None
    return Finding(
        "B-DATE-01",
        wrong[0],
        _("Date absente ou impossible : %(fields)s.") % {"fields": ", ".join(wrong)},
    )


def sent_in_time(form: Form, *, context: Context) -> Finding | None:
    """B-TARD-01 (a warning): sent after the 8th day following the end of the decision's
    month. The detail gives the days lost (from the 45th day after that end)."""
    if form.decision_date is None or not is_late(
        decision_date=form.decision_date, sent_on=context.received_on
    ):
        return None
    return Finding(
        "B-TARD-01",
        "form.decision_date",
        _(
            "Reçu le %(received)s, à envoyer au plus tard le %(due)s : %(days)s jour(s) "
            "non remboursé(s)."
        )
        % {
            "received": short(context.received_on),
            "due": short(due_date(form.decision_date)),
            "days": days_lost(decision_date=form.decision_date, sent_on=context.received_on),
        },
    )


def not_blocked(form: Form, *, context: Context) -> Finding | None:
    """B-BLOC-01: the « SPP IS admin » blocked this beneficiary (for this CPAS or all)."""
    if form.niss_digits is None:
        return None
    block = context.reference.block_for(form.niss_digits, form.cpas_ins_code)
    if block is None:
        return None
    return Finding(
        BLOCK_CODE,
        "form.niss",
        _("Bloqué le %(day)s : %(reason)s")
        % {"day": short(timezone.localdate(block.created_at)), "reason": block.reason},
    )


# Formulaire B


def category_is_known(form: Form, *, context: Context) -> Finding | None:
    """B-CAT-01: the category is 1 (cohabitant), 2 (isolé) or 3 (famille à charge)."""
    if form.category not in CATEGORIES:
        return Finding(
            "B-CAT-01",
            "form.category",
            _("Catégorie reçue : %(category)s.")
            % {"category": "—" if form.category is None else form.category},
        )
    return None


def family_category_has_a_minor_child(form: Form, *, context: Context) -> Finding | None:
    """B-CAT-02: category 3 needs at least one unmarried minor child in the household."""
    if form.category == FAMILY_CATEGORY and form.unmarried_minor_children < 1:
        return Finding(
            "B-CAT-02",
            "form.household.unmarried_minor_children",
            _("Catégorie 3 sans enfant mineur non marié dans le ménage."),
        )
    return None


def correction_has_an_original(form: Form, *, context: Context) -> Finding | None:
    """B-CORR-01: a correction (statut de l'avis 1) replaces a B of the same NISS and date that
    the SPP IS answered: an accepted one (replaced), or a refused or blocked one (the « refusé
    → corrigé avec le statut 1 → accepté » of issue #16; dis.md §6.2 speaks of an accepted one
    only [I]). Without one there is nothing to correct."""
    if not form.is_correction or form.effective_date is None or form.niss_digits is None:
        return None
    day = form.effective_date
    if context.history.b_on(day) is None and not context.history.judged_b_on(day):
        return Finding(
            "B-CORR-01",
            "form.notice_status",
            _("Aucun formulaire B reçu au %(day)s pour ce NISS.")
            % {"day": short(form.effective_date)},
        )
    return None


def not_a_duplicate(form: Form, *, context: Context) -> Finding | None:
    """B-DUP-01: a new B (statut 0) on a date that already has an accepted B: correct it with
    statut 1 instead."""
    if form.is_correction or form.effective_date is None or form.niss_digits is None:
        return None
    if context.history.b_on(form.effective_date) is not None:
        return Finding(
            "B-DUP-01",
            "form.notice_status",
            _("Un formulaire B est déjà accepté au %(day)s : envoyez-le avec le statut 1.")
            % {"day": short(form.effective_date)},
        )
    return None


def amount_within_category(form: Form, *, context: Context) -> Finding | None:
    """B-MONT-01: the yearly amount claimed exceeds the category's yearly RI at the date. Before
    the first amounts of integration_income's table there is no ceiling to check."""
    if form.category not in CATEGORIES or form.effective_date is None:
        return None
    ceiling = context.reference.yearly_amount(form.category, form.effective_date)
    if ceiling is None or form.annual_amount <= ceiling:
        return None
    return Finding(
        "B-MONT-01",
        "form.annual_amount",
        _("Montant demandé %(amount)s, montant annuel de la catégorie %(ceiling)s.")
        % {"amount": format_euros(form.annual_amount), "ceiling": format_euros(ceiling)},
    )


def piis_code_valid_at_date(form: Form, *, context: Context) -> Finding | None:
    """B-PIIS-01: the PIIS code exists and is valid at the date (codes 1-7 until 31/10/2016,
    11-17 from 01/11/2016: the PiisCode table)."""
    if form.piis_code is None or form.effective_date is None:
        return None
    if context.reference.piis_code_valid(form.piis_code, form.effective_date):
        return None
    return Finding(
        "B-PIIS-01",
        "form.piis_code",
        _("Code PIIS %(code)s non valable au %(day)s.")
        % {"code": form.piis_code, "day": short(form.effective_date)},
    )


def prolongation_follows_first_subsidy(form: Form, *, context: Context) -> Finding | None:
    """B-PIIS-02: code 17 (prolongation) needs an accepted B with code 11 running the day
    before. A B with code 17 running then also counts: a revision during the prolongation
    year repeats its code."""
    if form.piis_code != PIIS_PROLONGATION or form.effective_date is None:
        return None
    day_before = form.effective_date - timedelta(days=1)
    running = context.history.b_in_force(day_before)
    if running is not None and running.piis_code in (FIRST_PIIS_SUBSIDY, PIIS_PROLONGATION):
        return None
    return Finding(
        "B-PIIS-02",
        "form.piis_code",
        _("Aucun formulaire B avec le code 11 en cours le %(day)s.") % {"day": short(day_before)},
    )


def first_shortage_date(form: Form, context: Context) -> date | None:
    """The date of the beneficiary's first accepted B with code 9 before this form's."""
    dates = [
        f.effective_date
        for f in context.history.forms
        if f.kind == "B"
        and f.shortage_code == SHORTAGE_CODE
        and f.effective_date < form.effective_date
    ]
    return min(dates, default=None)


def shortage_starts_on_a_first(form: Form, *, context: Context) -> Finding | None:
    """324211: the first B with code 9 (métier en pénurie) starts on the 1st of a month."""
    if form.shortage_code != SHORTAGE_CODE or form.effective_date is None:
        return None
    if form.effective_date.day != 1 and first_shortage_date(form, context) is None:
        return Finding(
            "324211",
            "form.effective_date",
            _("Premier formulaire avec le code 9 au %(day)s.")
            % {"day": short(form.effective_date)},
        )
    return None


def shortage_within_its_three_months(form: Form, *, context: Context) -> Finding | None:
    """324213: the pénurie exemption lasts 3 indivisible months once in a life; a B with code
    9 dated 3 months or more after the first one is refused."""
    if form.shortage_code != SHORTAGE_CODE or form.effective_date is None:
        return None
    first = first_shortage_date(form, context)
    if first is None or form.effective_date < first + relativedelta(months=SHORTAGE_MONTHS):
        return None
    return Finding(
        "324213",
        "form.shortage_code",
        _("Exonération demandée pour la première fois au %(day)s.") % {"day": short(first)},
    )


def activation_taken(form: Form, context: Context, month_field: str) -> bool:
    """Another accepted B of the same month carries that activation amount (the B being
    corrected, same date, does not count: the correction replaces it)."""
    month = month_start(form.effective_date)
    return any(
        getattr(f, month_field) == month
        for f in context.history.forms
        if not (form.is_correction and f.kind == "B" and f.effective_date == form.effective_date)
    )


def one_beneficiary_activation_a_month(form: Form, *, context: Context) -> Finding | None:
    """421426: the activation amount (beneficiary) is on one B a month at most."""
    if not form.has_beneficiary_activation or form.effective_date is None:
        return None
    if activation_taken(form, context, "beneficiary_activation_month"):
        return Finding(
            "421426",
            "form.activation_beneficiary",
            _("Déjà un montant d'activation en %(month)s.")
            % {"month": f"{form.effective_date:%m/%Y}"},
        )
    return None


def one_partner_activation_a_month(form: Form, *, context: Context) -> Finding | None:
    """421427: the activation amount (partner) is on one B a month at most."""
    if not form.has_partner_activation or form.effective_date is None:
        return None
    if activation_taken(form, context, "partner_activation_month"):
        return Finding(
            "421427",
            "form.activation_partner",
            _("Déjà un montant d'activation en %(month)s.")
            % {"month": f"{form.effective_date:%m/%Y}"},
        )
    return None


# Formulaire C


def nature_is_known(form: Form, *, context: Context) -> Finding | None:
    """C-NAT-01: the nature of the decision is 1 (refus) or 2 (retrait)."""
    if form.nature not in NATURES:
        return Finding(
            "C-NAT-01",
            "form.nature",
            _("Nature reçue : %(nature)s.")
            % {"nature": "—" if form.nature is None else form.nature},
        )
    return None


def withdrawal_ends_a_running_b(form: Form, *, context: Context) -> Finding | None:
    """C-REF-01: a retrait ends the B running at its date; without one it is refused."""
    if form.nature != WITHDRAWAL or form.effective_date is None or form.niss_digits is None:
        return None
    if context.history.b_in_force(form.effective_date) is None:
        return Finding(
            "C-REF-01",
            "form.effective_date",
            _("Aucun formulaire B en cours au %(day)s.") % {"day": short(form.effective_date)},
        )
    return None


B_RULES = (
    niss_is_valid,
    dates_are_given,
    category_is_known,
    family_category_has_a_minor_child,
    correction_has_an_original,
    not_a_duplicate,
    amount_within_category,
    piis_code_valid_at_date,
    prolongation_follows_first_subsidy,
    shortage_starts_on_a_first,
    shortage_within_its_three_months,
    one_beneficiary_activation_a_month,
    one_partner_activation_a_month,
    sent_in_time,
    not_blocked,
)
C_RULES = (
    niss_is_valid,
    dates_are_given,
    nature_is_known,
    withdrawal_ends_a_running_b,
    sent_in_time,
    not_blocked,
)


def evaluate(form: Form, *, context: Context) -> list[Finding]:
    rules = B_RULES if form.kind == "B" else C_RULES
    return [finding for rule in rules if (finding := rule(form, context=context)) is not None]


@dataclass(frozen=True)
class Decision:
    result: str
    errors: tuple[Finding, ...]
    warnings: tuple[Finding, ...]


def decide(findings: list[Finding], *, reference: Reference) -> Decision:
    """Refused when a blocking code other than B-BLOC-01 is found (it must be corrected
    whether or not the beneficiary is blocked); else blocked with a blocking B-BLOC-01; else
    accepted, the non-blocking codes as warnings."""
    errors = tuple(f for f in findings if reference.code(f.code).blocking)
    warnings = tuple(f for f in findings if not reference.code(f.code).blocking)
    if any(f.code != BLOCK_CODE for f in errors):
        result = AnswerResult.REFUSED
    elif errors:
        result = AnswerResult.BLOCKED
    else:
        result = AnswerResult.ACCEPTED
    return Decision(result, errors, warnings)
