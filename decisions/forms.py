"""Forms of the decisions: the calculation's options, the proposal, the decision, the
notification and the session's filter.

Every check is made here, once, with its message on the field concerned; the services get typed
values (dates within bounds, Decimal amounts read the Belgian way, a decision of the same
dossier). The calculation's options form also calculates: its `calculation` is what the page
shows and what a proposal keeps.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from decisions.cases import case_for, dependent_minor_children, household_category
from decisions.models import Decision, DecisionType, NotificationMode, Organ, Piis, ProposalType
from instruction.forms import InstructionForm, date_field, not_in_future
from instruction.models import DisRequest
from instruction.selectors import EnquiryFacts
from integration_income.calculation import calculate
from integration_income.choices import Category
from integration_income.selectors import NoParametersError, parameters_at
from primaweb.amounts import AmountField, format_euros

TEXT_MAX_LENGTH = 20000
# A session is planned weeks ahead, not years: a date further away is a typing mistake.
SESSION_PLANNING_DAYS = 366
CATEGORY_3_MESSAGE = _(
    "La catégorie 3 (famille à charge) demande au moins un enfant mineur non marié à charge "
    "dans le ménage : l'enquête sociale n'en a pas trouvé."
)


def short_date(day) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def text_field(label, *, required=True, rows=4) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def category_field(*, required=True) -> forms.TypedChoiceField:
    choices = Category.choices if required else [("", "—"), *Category.choices]
    return forms.TypedChoiceField(
        label=_("Catégorie"),
        choices=choices,
        coerce=int,
        required=required,
        empty_value=None,
    )


class CalculationOptionsForm(InstructionForm):
    """The options of « Calcul du revenu d'intégration » (a GET form, always bound: the
    defaults are the request's date and the category the household suggests)."""

    bind_defaults = True

    day = date_field(_("Date du droit"))
    category = category_field()
    category_reason = text_field(_("Motif du choix d'une autre catégorie"), required=False, rows=2)
    count_adult_relatives = forms.BooleanField(
        label=_(
            "Le CPAS compte les ressources des ascendants et descendants majeurs (1er degré) "
            "qui vivent avec le demandeur"
        ),
        required=False,
    )

    def __init__(self, data=None, *, dis_request: DisRequest, facts: EnquiryFacts, **kwargs):
        self.dis_request = dis_request
        self.facts = facts
        self.suggested_category = household_category(facts)
        self.parameters = None
        self.calculation = None
        if not data and self.bind_defaults:
            data = self.defaults()
        super().__init__(data or None, **kwargs)

    def defaults(self) -> dict:
        return {
            "day": self.dis_request.received_on.strftime("%d/%m/%Y"),
            "category": str(int(self.suggested_category)),
        }

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day < self.dis_request.received_on:
            raise ValidationError(
                _("Le droit ne peut pas commencer avant la réception de la demande (%(date)s).")
                % {"date": short_date(self.dis_request.received_on)},
                code="before_request",
            )
        try:
            self.parameters = parameters_at(day)
        except NoParametersError as missing:
            raise ValidationError(missing.message, code="no_parameters") from None
        return day

    def clean(self):
        cleaned = super().clean()
        category = cleaned.get("category")
        if category == Category.FAMILY and not dependent_minor_children(self.facts):
            self.add_error("category", CATEGORY_3_MESSAGE)
        elif category is not None and category != self.suggested_category:
            if not cleaned.get("category_reason", "").strip():
                self.add_error(
                    "category_reason",
                    _(
                        "La composition de ménage indique la %(category)s : expliquez par écrit "
                        "pourquoi une autre catégorie est choisie."
                    )
                    % {"category": self.suggested_category.label},
                )
        elif category is not None:
            cleaned["category_reason"] = ""
        if not self.errors:
            case = case_for(
                self.facts,
                day=cleaned["day"],
                category=Category(category),
                count_adult_relatives=cleaned["count_adult_relatives"],
            )
            self.calculation = calculate(case, parameters=self.parameters)
        return cleaned


OPTION_FIELDS = tuple(CalculationOptionsForm.base_fields)


class ProposalForm(CalculationOptionsForm):
    """« Proposition au Conseil », posted from the calculation's page: the options travel as
    hidden fields and the calculation is made again on the facts of the moment."""

    type = forms.ChoiceField(label=_("Proposition"), choices=ProposalType.choices)
    session_date = date_field(_("Date de la séance"))
    organ = forms.ChoiceField(label=_("Organe"), choices=Organ.choices)
    motivation = text_field(_("Motivation proposée"), rows=6)

    bind_defaults = False

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        for name in OPTION_FIELDS:
            self.fields[name].widget = forms.HiddenInput()

    def clean_session_date(self):
        session = self.cleaned_data["session_date"]
        received = self.dis_request.received_on
        if session < received:
            raise ValidationError(
                _("La séance ne peut pas précéder la réception de la demande (%(date)s).")
                % {"date": short_date(received)},
                code="before_request",
            )
        if session > timezone.localdate() + timedelta(days=SESSION_PLANNING_DAYS):
            raise ValidationError(
                _("La séance est trop éloignée : au plus un an à partir d'aujourd'hui."),
                code="too_far",
            )
        return session

    def clean(self):
        cleaned = super().clean()
        if (
            self.calculation is not None
            and cleaned.get("type") == ProposalType.GRANT
            and not self.calculation.has_right
        ):
            self.add_error(
                "type",
                _("Le calcul ne donne aucun droit au revenu d'intégration : proposez un refus."),
            )
        return cleaned


class DecisionForm(InstructionForm):
    """« Décision » of the Council on a proposal. The amounts are the calculation's unless the
    agent motivates the change; a refus or a retrait pays nothing (its amounts, category and
    PIIS are not kept)."""

    type = forms.ChoiceField(label=_("Décision"), choices=DecisionType.choices)
    session_date = date_field(_("Date de la séance"))
    organ = forms.ChoiceField(label=_("Organe"), choices=Organ.choices)
    starts_on = date_field(_("Du"))
    ends_on = date_field(_("Au"), required=False)
    category = category_field(required=False)
    annual_amount = AmountField(label=_("Montant annuel (€)"), required=False)
    monthly_amount = AmountField(label=_("Montant mensuel (€)"), required=False)
    first_month_amount = AmountField(label=_("Montant du premier mois (€)"), required=False)
    amounts_adjustment_motivation = text_field(
        _("Motivation de l'adaptation des montants"), required=False, rows=2
    )
    legal_motivation = text_field(_("Motivation en droit"))
    factual_motivation = text_field(_("Motivation en fait"))
    piis = forms.ChoiceField(
        label=_("Projet individualisé d'intégration sociale (PIIS)"),
        choices=[("", "—"), *Piis.choices],
        required=False,
    )
    revises = forms.ModelChoiceField(
        label=_("Décision modifiée (révision ou retrait)"),
        queryset=Decision.objects.none(),
        required=False,
        error_messages={
            "invalid_choice": _("Cette décision n'est pas une décision de ce dossier.")
        },
    )

    def __init__(self, *args, proposal, **kwargs):
        self.proposal = proposal
        self.dis_request = proposal.request
        kwargs.setdefault(
            "initial",
            {
                "type": proposal.type,
                "session_date": proposal.session_date.strftime("%d/%m/%Y"),
                "organ": proposal.organ,
                "starts_on": proposal.right_from.strftime("%d/%m/%Y"),
                "category": proposal.category,
                "annual_amount": proposal.annual_amount,
                "monthly_amount": proposal.monthly_amount,
                "first_month_amount": proposal.first_month_amount,
                "factual_motivation": proposal.motivation,
            },
        )
        super().__init__(*args, **kwargs)
        revises = self.fields["revises"]
        revises.queryset = Decision.objects.for_cpas(proposal.cpas_id).filter(
            dossier_id=self.dis_request.dossier_id
        )
        revises.label_from_instance = lambda decision: (
            f"{decision.get_type_display()} — {short_date(decision.session_date)} "
            f"({decision.get_organ_display()})"
        )

    def clean_session_date(self):
        session = self.cleaned_data["session_date"]
        if session < self.dis_request.received_on:
            raise ValidationError(
                _("La séance ne peut pas précéder la réception de la demande (%(date)s).")
                % {"date": short_date(self.dis_request.received_on)},
                code="before_request",
            )
        return not_in_future(
            session,
            _(
                "La séance ne peut pas être dans le futur : la décision est encodée après "
                "la séance."
            ),
        )

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error(
                "ends_on", _("La date de fin de la période ne peut pas précéder la date de début.")
            )
        kind = cleaned.get("type")
        if kind in DecisionType.values:
            self.check_revises(DecisionType(kind), cleaned.get("revises"))
            if DecisionType(kind).grants:
                self.check_grant(cleaned)
            else:
                cleaned.update(
                    category=None,
                    annual_amount=Decimal("0.00"),
                    monthly_amount=Decimal("0.00"),
                    first_month_amount=Decimal("0.00"),
                    amounts_adjustment_motivation="",
                    piis="",
                )
        return cleaned

    def check_revises(self, kind: DecisionType, revises) -> None:
        if kind.changes_a_decision and revises is None:
            self.add_error(
                "revises",
                _("Une révision ou un retrait indique la décision antérieure qu'il modifie."),
            )
        elif not kind.changes_a_decision and revises is not None:
            self.add_error(
                "revises",
                _("Seuls une révision ou un retrait modifient une décision antérieure."),
            )

    def check_grant(self, cleaned) -> None:
        category = cleaned.get("category")
        if category is None and "category" not in self.errors:
            self.add_error("category", _("Indiquez la catégorie du revenu d'intégration accordé."))
        elif category == Category.FAMILY and not self.snapshot_has_dependent_child():
            self.add_error("category", CATEGORY_3_MESSAGE)
        starts_on = cleaned.get("starts_on")
        if (
            cleaned.get("type") == DecisionType.GRANT
            and starts_on
            and starts_on < self.dis_request.received_on
        ):
            self.add_error(
                "starts_on",
                _("L'octroi ne peut pas prendre cours avant la réception de la demande (%(date)s).")
                % {"date": short_date(self.dis_request.received_on)},
            )
        amounts = ("annual_amount", "monthly_amount", "first_month_amount")
        for name in amounts:
            if cleaned.get(name) is None and name not in self.errors:
                self.add_error(name, _("Indiquez le montant accordé."))
        if any(name in self.errors for name in amounts):
            return
        calculated = [getattr(self.proposal, name) for name in amounts]
        if [cleaned[name] for name in amounts] != calculated and not cleaned.get(
            "amounts_adjustment_motivation", ""
        ).strip():
            self.add_error(
                "amounts_adjustment_motivation",
                _(
                    "Les montants diffèrent de ceux du calcul (%(annual)s par an, %(monthly)s par "
                    "mois, %(first)s le premier mois) : motivez l'adaptation."
                )
                % {
                    "annual": format_euros(calculated[0]),
                    "monthly": format_euros(calculated[1]),
                    "first": format_euros(calculated[2]),
                },
            )
        if not cleaned.get("piis"):
            self.add_error(
                "piis",
                _("Indiquez si un PIIS est obligatoire ou pour quelle raison il est dispensé."),
            )

    def snapshot_has_dependent_child(self) -> bool:
        """The facts the proposal was based on: the decision rests on them."""
        return any(
            member.get("link") == "enfant_mineur"
            and member.get("cohabiting")
            and member.get("dependent")
            for member in self.proposal.facts.get("members", [])
        )


class NotificationForm(InstructionForm):
    """« Notification de la décision »: when and how the letter reached the person."""

    notified_on = date_field(_("Date de notification"))
    mode = forms.ChoiceField(label=_("Mode de notification"), choices=NotificationMode.choices)

    def __init__(self, *args, decision: Decision, tribunal, **kwargs):
        self.decision = decision
        self.tribunal = tribunal
        super().__init__(*args, **kwargs)

    def clean_notified_on(self):
        notified_on = self.cleaned_data["notified_on"]
        if notified_on < self.decision.session_date:
            raise ValidationError(
                _("La notification ne peut pas précéder la séance du %(date)s.")
                % {"date": short_date(self.decision.session_date)},
                code="before_session",
            )
        return not_in_future(
            notified_on, _("La date de notification ne peut pas être dans le futur.")
        )

    def clean(self):
        cleaned = super().clean()
        if self.tribunal is None:
            raise ValidationError(
                _(
                    "Aucun tribunal du travail n'est encodé pour ce CPAS : la lettre ne porte pas "
                    "l'adresse où introduire un recours. Demandez à l'administrateur de l'encoder."
                ),
                code="no_tribunal",
            )
        return cleaned


class SessionFilterForm(forms.Form):
    """« Séance du Conseil »: one session date, for one organ or both (a GET form)."""

    session_date = date_field(_("Date de la séance"))
    organ = forms.ChoiceField(
        label=_("Organe"), choices=[("", _("Les deux organes")), *Organ.choices], required=False
    )

    def filter_qs(self, qs):
        """The proposals of the chosen session; none until a session is chosen."""
        if not (self.is_bound and self.is_valid()):
            return qs.none()
        qs = qs.filter(session_date=self.cleaned_data["session_date"])
        if self.cleaned_data["organ"]:
            qs = qs.filter(organ=self.cleaned_data["organ"])
        return qs
