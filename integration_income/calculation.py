"""The RI (revenu d'intégration) of one case, from its resources: a pure function.

`calculate(case, parameters=…)` reads no database and no clock: the instruction passes the
amounts in force (`selectors.parameters_at(case.date)`) and gets every figure the agent sees,
line by line. The rules are dis.md §1.7 [S], the method that of the SPP IS's worked example
(PB-Nova, dis.md §6.6 example 1), which the tests reproduce:

1. The resources of the first month: each resource whose period meets the covered days (the
   case's date to the end of its month) counts for its whole monthly amount [S: the example
   counts 600 of work from the 10th and 200 of sickness until the 9th for the month]:
   * the applicant's, minus the art. 35 exemption on work income (once, at most that income);
   * the partner's part above the cohabitant rate, unless the partner claims the RI himself;
   * the adult ascendants' and descendants' (1st degree) part above n × the cohabitant rate,
     only when the CPAS chose to count it, without the art. 35 exemption;
   * never another cohabitant's, never a fully exempt type.
2. Prorated to the covered days (rounded to the cent), then × 12: the yearly resources.
3. Minus the general exemption of the category when they are below the category's yearly
   amount; the RI is the yearly amount minus what is left, never below 0.
4. Monthly = yearly RI / 12; the first month = monthly × covered days / days of the month.

Two forms B are sent when the first month is partial and the applicant has art. 35 income: the
first carries the figures of `first_form_b`; the second (from the 1st of the next month) is the
calculation again with `date` on that 1st.

Every amount is a Decimal rounded half-up to the cent at each figure shown, as an agent checks
it on paper.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext

from integration_income.choices import Category, Owner, ResourceType
from integration_income.parameters import Parameters
from primaweb.amounts import format_euros

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
MONTHS = 12


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class ResourceLine:
    """One resource found by the social enquiry: its monthly net amount, its period (open
    ends are None) and whose it is."""

    type: ResourceType
    monthly: Decimal
    start: date | None = None
    end: date | None = None
    owner: Owner = Owner.APPLICANT

    def __post_init__(self):
        if not isinstance(self.monthly, Decimal | int) or isinstance(self.monthly, bool):
            raise TypeError(f"monthly must be a Decimal, not {type(self.monthly).__name__}")
        object.__setattr__(self, "monthly", Decimal(self.monthly))
        object.__setattr__(self, "type", ResourceType(self.type))
        object.__setattr__(self, "owner", Owner(self.owner))
        if self.monthly < 0:
            raise ValueError("a resource's monthly amount is never negative")
        if self.start and self.end and self.end < self.start:
            raise ValueError("a resource's period ends before it starts")

    def meets(self, first: date, last: date) -> bool:
        """Whether the resource's period meets the days first..last (both included)."""
        return (self.start is None or self.start <= last) and (
            self.end is None or self.end >= first
        )


@dataclass(frozen=True)
class Case:
    """What the calculation needs of a request: its date (the first day the RI is due), the
    category found by the social enquiry, the resources and the household facts.

    `adult_relatives` is the number of adult ascendants and descendants (1st degree) whose
    resources are listed: their part is their sum minus that many cohabitant rates.
    `shortage_occupation`: the applicant's work is a « métier en pénurie » (a higher
    exemption replaces the art. 35 one, when in force on that date).
    """

    date: date
    category: Category
    resources: tuple[ResourceLine, ...] = ()
    minor_children: int = 0
    count_adult_relatives: bool = False
    partner_claims_ri: bool = False
    adult_relatives: int = 0
    shortage_occupation: bool = False

    def __post_init__(self):
        object.__setattr__(self, "category", Category(self.category))
        object.__setattr__(self, "resources", tuple(self.resources))
        if self.minor_children < 0 or self.adult_relatives < 0:
            raise ValueError("a number of persons is never negative")
        listed = any(line.owner == Owner.ADULT_RELATIVE for line in self.resources)
        if self.count_adult_relatives and listed and self.adult_relatives < 1:
            raise ValueError("counting adult relatives' resources needs their number")


@dataclass(frozen=True)
class CalculationLine:
    """One line the agent reads: a label and an amount (deductions are negative)."""

    label: str
    amount: Decimal


@dataclass(frozen=True)
class FormBFigures:
    """The yearly figures of the (first) form B, as in the SPP IS example: the art. 35 income
    is the net counted over the covered days, annualised, plus the yearly exemption (so gross
    of the exemption); the other resources are annualised the same way, by type."""

    art35_annual: Decimal = ZERO
    resources_annual: tuple[tuple[ResourceType, Decimal], ...] = ()
    partner_annual: Decimal = ZERO
    relatives_annual: Decimal = ZERO
    claimed_annual: Decimal = ZERO


@dataclass(frozen=True)
class Calculation:
    """The result. `forms_b` is 0 when there is no right (nothing to claim), else 1 or 2."""

    category: Category
    annual: Decimal
    monthly: Decimal
    first_month: Decimal
    days_covered: int
    days_in_month: int
    forms_b: int
    has_right: bool
    refusal_reason: str
    first_form_b: FormBFigures = field(default_factory=FormBFigures)
    lines: tuple[CalculationLine, ...] = ()


def days_of(day: date) -> tuple[int, int]:
    """(days covered from `day` to the end of its month, days in that month)."""
    in_month = calendar.monthrange(day.year, day.month)[1]
    return in_month - day.day + 1, in_month


def calculate(case: Case, *, parameters: Parameters) -> Calculation:
    covered, in_month = days_of(case.date)
    if case.category == Category.FAMILY and case.minor_children < 1:
        return Calculation(
            category=case.category,
            annual=ZERO,
            monthly=ZERO,
            first_month=ZERO,
            days_covered=covered,
            days_in_month=in_month,
            forms_b=0,
            has_right=False,
            refusal_reason=gettext(
                "La catégorie 3 (famille à charge) demande au moins un enfant mineur non marié "
                "à charge : aucun calcul."
            ),
        )
    return _Calculator(case, parameters, covered, in_month).run()


class _Calculator:
    """The steps of `calculate`, each adding its lines; one instance per call."""

    def __init__(self, case: Case, parameters: Parameters, covered: int, in_month: int):
        self.case = case
        self.parameters = parameters
        self.rate = parameters.rate(case.category)
        self.cohabitant_monthly = parameters.cohabitant.monthly
        self.covered = covered
        self.in_month = in_month
        self.fraction = Decimal(covered) / Decimal(in_month)
        self.partial = covered < in_month
        self.first = case.date
        self.last = case.date.replace(day=in_month)
        self.lines: list[CalculationLine] = []

    def add(self, label: str, amount: Decimal) -> None:
        self.lines.append(CalculationLine(label, cents(amount)))

    def days(self) -> str:
        return gettext("%(covered)s/%(days)s jours") % {
            "covered": self.covered,
            "days": self.in_month,
        }

    def run(self) -> Calculation:
        case = self.case
        self.add(
            gettext("Montant annuel du revenu d'intégration (%(category)s)")
            % {"category": case.category.label},
            self.rate.annual,
        )
        art35, exemption, by_type = self.applicant_resources()
        partner = self.partner_share()
        relatives = self.relatives_share()
        # Other cohabitants' resources never count [S]; they are shown all the same.
        self.counted(Owner.OTHER, gettext("autre cohabitant"))
        month = art35 - exemption + sum(by_type.values(), ZERO) + partner + relatives
        self.add(gettext("Ressources comptées du mois"), month)
        covered_month = cents(month * self.fraction)
        if self.partial:
            self.add(
                gettext("Ressources de la période couverte (%(days)s)") % {"days": self.days()},
                covered_month,
            )
        yearly = covered_month * MONTHS
        self.add(gettext("Ressources annuelles (× 12)"), yearly)
        general = self.rate.general_exemption if yearly < self.rate.annual else ZERO
        if general:
            self.add(
                gettext("Exonération générale (%(category)s), par an")
                % {"category": case.category.label},
                -general,
            )
        counted = max(ZERO, yearly - general)
        self.add(gettext("Ressources annuelles comptées"), counted)
        annual = max(ZERO, self.rate.annual - counted)
        monthly = cents(annual / MONTHS)
        first_month = cents(monthly * self.fraction)
        self.add(gettext("Revenu d'intégration annuel"), annual)
        self.add(gettext("Revenu d'intégration mensuel"), monthly)
        if self.partial:
            self.add(
                gettext("Revenu d'intégration du premier mois (%(days)s)") % {"days": self.days()},
                first_month,
            )
        has_right = annual > 0
        return Calculation(
            category=case.category,
            annual=cents(annual),
            monthly=monthly,
            first_month=first_month,
            days_covered=self.covered,
            days_in_month=self.in_month,
            forms_b=(2 if self.partial and art35 > 0 else 1) if has_right else 0,
            has_right=has_right,
            refusal_reason="" if has_right else self.refusal(counted),
            first_form_b=self.form_b(art35, exemption, by_type, partner, relatives, monthly),
            lines=tuple(self.lines),
        )

    def refusal(self, counted: Decimal) -> str:
        return gettext(
            "Les ressources annuelles comptées (%(resources)s) atteignent le montant annuel de "
            "la catégorie (%(amount)s) : pas de droit au revenu d'intégration."
        ) % {"resources": format_euros(counted), "amount": format_euros(self.rate.annual)}

    def annualised(self, monthly: Decimal) -> Decimal:
        return cents(monthly * self.fraction) * MONTHS

    def form_b(self, art35, exemption, by_type, partner, relatives, monthly) -> FormBFigures:
        return FormBFigures(
            art35_annual=(
                self.annualised(art35 - exemption) + exemption * MONTHS if art35 else ZERO
            ),
            resources_annual=tuple(
                (kind, self.annualised(amount)) for kind, amount in by_type.items()
            ),
            partner_annual=self.annualised(partner),
            relatives_annual=self.annualised(relatives),
            claimed_annual=monthly * MONTHS,
        )

    # The resources, owner by owner. Each listed resource gets a line, counted or not, so that
    # the agent sees what the enquiry found and why a resource does not count.

    def listed(self, owner: Owner) -> list[ResourceLine]:
        return [line for line in self.case.resources if line.owner == owner]

    def show(self, line: ResourceLine, reason: str = "") -> None:
        label = gettext("%(type)s (%(owner)s), par mois") % {
            "type": line.type.label,
            "owner": line.owner.label,
        }
        if reason:
            label = gettext("%(resource)s — non comptée : %(reason)s") % {
                "resource": label,
                "reason": reason,
            }
        self.add(label, line.monthly)

    def counted(self, owner: Owner, reason_if_not: str = "") -> list[ResourceLine]:
        """The owner's resources that count, each shown; those that do not, shown with why."""
        counting = []
        for line in self.listed(owner):
            if line.type.fully_exempt:
                self.show(line, gettext("ressource exonérée"))
            elif not line.meets(self.first, self.last):
                self.show(line, gettext("hors de la période couverte"))
            elif reason_if_not:
                self.show(line, reason_if_not)
            else:
                self.show(line)
                counting.append(line)
        return counting

    def applicant_resources(self) -> tuple[Decimal, Decimal, dict[ResourceType, Decimal]]:
        """(art. 35 income, its exemption, the other resources summed by type), per month."""
        art35 = ZERO
        by_type: dict[ResourceType, Decimal] = {}
        for line in self.counted(Owner.APPLICANT):
            if line.type.art35_exemption_applies:
                art35 += line.monthly
            else:
                by_type[line.type] = by_type.get(line.type, ZERO) + line.monthly
        exemption = ZERO
        if art35:
            shortage = self.parameters.shortage_monthly
            if self.case.shortage_occupation and shortage is not None:
                label, ceiling = gettext("Exonération « métier en pénurie », par mois"), shortage
            else:
                label = gettext("Exonération socioprofessionnelle (art. 35), par mois")
                ceiling = self.parameters.art35_monthly
            exemption = min(art35, ceiling)
            self.add(label, -exemption)
        return art35, exemption, by_type

    def partner_share(self) -> Decimal:
        """The partner's resources above the cohabitant rate [S: the CPAS must count them],
        unless the partner claims the RI himself."""
        reason = (
            gettext("le partenaire demande lui-même le revenu d'intégration")
            if self.case.partner_claims_ri
            else ""
        )
        counting = self.counted(Owner.PARTNER, reason)
        if not counting:
            return ZERO
        share = max(ZERO, sum((line.monthly for line in counting), ZERO) - self.cohabitant_monthly)
        self.add(
            gettext("Part des ressources du partenaire au-delà du taux cohabitant, par mois"),
            share,
        )
        return share

    def relatives_share(self) -> Decimal:
        """The adult ascendants' and descendants' resources above n cohabitant rates, only when
        the CPAS chose to count them [S: it may]; no art. 35 exemption for them."""
        reason = "" if self.case.count_adult_relatives else gettext("le CPAS ne les compte pas")
        counting = self.counted(Owner.ADULT_RELATIVE, reason)
        if not counting:
            return ZERO
        persons = self.case.adult_relatives
        allowance = self.cohabitant_monthly * persons
        share = max(ZERO, sum((line.monthly for line in counting), ZERO) - allowance)
        self.add(
            gettext(
                "Part des ressources des ascendants et descendants majeurs au-delà de "
                "%(count)s × le taux cohabitant, par mois"
            )
            % {"count": persons},
            share,
        )
        return share
