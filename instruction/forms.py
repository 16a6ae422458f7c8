"""Forms of the instruction: the new request and each part of the social enquiry.

Each check is made once, here, with its message on the field concerned; services get typed
values (a `date`, a `Decimal` read the Belgian way, a member of this enquiry or None).
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from instruction.ages import ADULT_AGE
from instruction.models import ChargeKind, HouseholdMember, Link, RequestMode, RequestObject
from integration_income.choices import ResourceType
from primaweb.amounts import AmountField
from primaweb.dates import BoundedDateField

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_HELP = _("JJ/MM/AAAA")


def date_field(label, *, required=True) -> BoundedDateField:
    return BoundedDateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        help_text=DATE_HELP,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 10}),
    )


def not_in_future(value: date | None, message) -> date | None:
    if value is not None and value > timezone.localdate():
        raise ValidationError(message, code="future")
    return value


class InstructionForm(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", " :")
        super().__init__(*args, **kwargs)


class NewRequestForm(InstructionForm):
    """« Nouvelle demande »: the date, the way and the object of the request."""

    received_on = date_field(_("Date de réception"))
    mode = forms.ChoiceField(label=_("Mode d'introduction"), choices=RequestMode.choices)
    object = forms.ChoiceField(label=_("Objet de la demande"), choices=RequestObject.choices)

    def __init__(self, *args, dossier, **kwargs):
        self.dossier = dossier
        kwargs.setdefault(
            "initial",
            {
                "received_on": timezone.localdate(),
                "mode": RequestMode.CPAS_ONLINE if dossier.origin_request_id else "",
                "object": RequestObject.INTEGRATION_INCOME,
            },
        )
        super().__init__(*args, **kwargs)

    def clean_received_on(self):
        return not_in_future(
            self.cleaned_data["received_on"],
            _("La date de réception ne peut pas être dans le futur."),
        )

    def clean_mode(self):
        mode = self.cleaned_data["mode"]
        if mode == RequestMode.CPAS_ONLINE and not self.dossier.origin_request_id:
            raise ValidationError(
                _("Ce dossier n'a pas été créé à partir d'une demande CPAS Online."),
                code="no_online_request",
            )
        return mode


class EnquiryForm(InstructionForm):
    social_worker = forms.ModelChoiceField(
        label=_("Travailleur social en charge"),
        queryset=User.objects.none(),
        error_messages={"invalid_choice": _("Agent inconnu dans ce CPAS.")},
    )
    social_report = forms.CharField(
        label=_("Rapport social"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(self, *args, cpas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["social_worker"].queryset = (
            User.objects.filter(profiles__cpas=cpas, is_active=True)
            .distinct()
            .order_by("last_name", "first_name", "username")
        )
        self.fields["social_worker"].label_from_instance = lambda user: (
            user.get_full_name() or user.username
        )


class MemberForm(InstructionForm):
    """A member of the household as the social worker found it."""

    last_name = forms.CharField(label=_("Nom"), max_length=100)
    first_names = forms.CharField(label=_("Prénom(s)"), max_length=150, required=False)
    birth_date = date_field(_("Date de naissance"), required=False)
    link = forms.ChoiceField(label=_("Lien avec le demandeur"), choices=Link.choices)
    cohabiting = forms.BooleanField(label=_("Cohabite"), required=False)
    dependent = forms.BooleanField(label=_("À charge"), required=False)
    claims_integration_income = forms.BooleanField(
        label=_("Demande aussi le revenu d'intégration"), required=False
    )

    def __init__(self, *args, day: date, **kwargs):
        """`day`: the request's date, at which a child is minor or not."""
        self.day = day
        super().__init__(*args, **kwargs)

    def clean_birth_date(self):
        return not_in_future(
            self.cleaned_data["birth_date"],
            _("La date de naissance ne peut pas être dans le futur."),
        )

    def clean(self):
        cleaned = super().clean()
        birth, link = cleaned.get("birth_date"), cleaned.get("link")
        if birth is not None and link in (Link.MINOR_CHILD, Link.ADULT_CHILD):
            age = (
                self.day.year
                - birth.year
                - ((self.day.month, self.day.day) < (birth.month, birth.day))
            )
            if link == Link.MINOR_CHILD and age >= ADULT_AGE:
                self.add_error(
                    "link",
                    _("Cet enfant a %(age)s ans à la date de la demande : il est majeur.")
                    % {"age": age},
                )
            elif link == Link.ADULT_CHILD and age < ADULT_AGE:
                self.add_error(
                    "link",
                    _("Cet enfant a %(age)s ans à la date de la demande : il est mineur.")
                    % {"age": age},
                )
        return cleaned


class ResourceForm(InstructionForm):
    member = forms.ModelChoiceField(
        label=_("Personne"),
        queryset=HouseholdMember.objects.none(),
        required=False,
        empty_label=_("Le demandeur"),
        error_messages={"invalid_choice": _("Cette personne n'est pas dans le ménage.")},
    )
    type = forms.ChoiceField(label=_("Type de ressource"), choices=ResourceType.choices)
    monthly_net = AmountField(label=_("Montant mensuel net (€)"))
    starts_on = date_field(_("Du"), required=False)
    ends_on = date_field(_("Au"), required=False)

    def __init__(self, *args, enquiry, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = enquiry.members.all()

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error(
                "ends_on", _("La date de fin de la période ne peut pas précéder la date de début.")
            )
        return cleaned


class ChargeForm(InstructionForm):
    kind = forms.ChoiceField(label=_("Nature"), choices=ChargeKind.choices)
    label = forms.CharField(label=_("Libellé"), max_length=120)
    monthly_amount = AmountField(label=_("Montant mensuel (€)"))


class VisitForm(InstructionForm):
    visited_on = date_field(_("Date de la visite"))
    finding = forms.CharField(
        label=_("Constat"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_visited_on(self):
        return not_in_future(
            self.cleaned_data["visited_on"],
            _("Une visite à domicile ne peut pas être dans le futur."),
        )


class RegisterFilterForm(forms.Form):
    """The register's year (a GET form); empty: every year."""

    year = forms.IntegerField(
        label=_("Année"),
        required=False,
        min_value=1900,
        max_value=2100,
        error_messages={
            "invalid": _("Tapez une année de 4 chiffres."),
            "min_value": _("L'année doit être comprise entre 1900 et 2100."),
            "max_value": _("L'année doit être comprise entre 1900 et 2100."),
        },
    )

    def filter_qs(self, qs):
        if self.is_bound and self.is_valid() and self.cleaned_data["year"]:
            return qs.filter(year=self.cleaned_data["year"])
        if self.is_bound and not self.is_valid():
            return qs.none()
        return qs
