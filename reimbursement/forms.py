"""The rubriques an agent may change on a draft form, checked once here.

The NISS and the amount come from the decision: a draft that changes them no longer reports
that decision, so only a correction (« Statut de l'avis » 1) may change them.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from integration_income.choices import Category
from primaweb.amounts import AmountField
from registry.niss import normalize_niss
from reimbursement.models import FormType, NoticeStatus, ReimbursementForm

PIIS_CODE_MAX = 99


class DraftForm(forms.Form):
    niss = forms.CharField(label=_("NISS"), max_length=20)
    category = forms.TypedChoiceField(
        label=_("Catégorie du bénéficiaire"), choices=Category.choices, coerce=int, required=False
    )
    annual_amount = AmountField(label=_("Montant demandé annuel du RIS (€)"), required=False)
    piis_code = forms.IntegerField(
        label=_("Code PIIS"),
        required=False,
        min_value=1,
        max_value=PIIS_CODE_MAX,
        error_messages={
            "invalid": _("Le code PIIS est un nombre de 1 à 99."),
            "min_value": _("Le code PIIS est un nombre de 1 à 99."),
            "max_value": _("Le code PIIS est un nombre de 1 à 99."),
        },
    )
    shortage_code = forms.BooleanField(label=_("Code 9 : métier en pénurie"), required=False)
    activation_beneficiary = AmountField(
        label=_("Montant activation (bénéficiaire) (€)"), required=False
    )
    activation_partner = AmountField(label=_("Montant activation (partenaire) (€)"), required=False)

    def __init__(self, *args, form: ReimbursementForm, **kwargs):
        self.reimbursement_form = form
        kwargs.setdefault("label_suffix", " :")
        kwargs.setdefault(
            "initial", {name: getattr(form, name) for name in self.base_fields if name != "niss"}
        )
        kwargs["initial"].setdefault("niss", form.niss)
        super().__init__(*args, **kwargs)
        if form.type == FormType.C:
            for name in (
                "category",
                "annual_amount",
                "piis_code",
                "shortage_code",
                "activation_beneficiary",
                "activation_partner",
            ):
                del self.fields[name]

    @property
    def is_correction(self) -> bool:
        return self.reimbursement_form.notice_status == NoticeStatus.CORRECTION

    def clean_niss(self):
        digits = normalize_niss(self.cleaned_data["niss"])
        if digits != self.reimbursement_form.niss and not self.is_correction:
            raise ValidationError(
                _(
                    "Le NISS ne correspond plus à la décision : seule une correction "
                    "(statut de l'avis 1) peut le changer."
                ),
                code="changed",
            )
        return digits

    def clean_annual_amount(self):
        amount = self.cleaned_data["annual_amount"]
        if amount is None:
            amount = self.reimbursement_form.annual_amount
        if amount != self.reimbursement_form.annual_amount and not self.is_correction:
            raise ValidationError(
                _(
                    "Le montant ne correspond plus à la décision : seule une correction "
                    "(statut de l'avis 1) peut le changer."
                ),
                code="changed",
            )
        return amount

    def clean_category(self):
        category = self.cleaned_data["category"]
        if category in (None, ""):
            return self.reimbursement_form.category
        if category != self.reimbursement_form.category and not self.is_correction:
            raise ValidationError(
                _(
                    "La catégorie ne correspond plus à la décision : seule une correction "
                    "(statut de l'avis 1) peut la changer."
                ),
                code="changed",
            )
        return category

    def rubriques(self) -> dict:
        return dict(self.cleaned_data)
