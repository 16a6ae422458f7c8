from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from primaweb.dates import YEAR_RANGE_CODE, BoundedDateField, year_range_message
from registry.niss import normalize_niss
from requests_online.models import (
    NOT_SPECIFIED,
    Nature,
    OnlineRequestQuerySet,
    YesNo,
    normalize_reference,
)
from requests_online.services import route_to_cpas

DATE_PLACEHOLDER = _("JJ/MM/AAAA")
PHONE_PATTERN = re.compile(r"^(\+|00)?\d{8,15}$")
POSTAL_CODE_PATTERN = re.compile(r"^[1-9]\d{3}$")
# The third answer of the situation questions: unknown, shown as "/" on the request (as in
# the manual). Words rather than a dash, which a screen reader reads out as "dash" or not at all.
NO_ANSWER = ("", NOT_SPECIFIED)
BIRTH_DATE_ERROR = _("Date de naissance invalide.")


def date_input() -> forms.TextInput:
    return forms.TextInput(
        attrs={"placeholder": DATE_PLACEHOLDER, "inputmode": "numeric", "size": 10}
    )


class CitizenRequestForm(forms.Form):
    """The public form "Demande d'aide en ligne" (and each line of import_requests)."""

    # The labels of required fields get an asterisk (CSS), as the form's note announces.
    required_css_class = "required"
    first_name = forms.CharField(label=_("Prénom"), max_length=100)
    last_name = forms.CharField(label=_("Nom"), max_length=100)
    niss = forms.CharField(
        label=_("NISS"),
        required=False,
        max_length=20,
        help_text=_("Numéro de registre national (11 chiffres), facultatif."),
    )
    birth_date = BoundedDateField(
        label=_("Date de naissance"),
        required=False,
        widget=date_input(),
        help_text=_("JJ/MM/AAAA, facultatif."),
        error_messages={YEAR_RANGE_CODE: year_range_message(BIRTH_DATE_ERROR)},
    )
    email = forms.EmailField(label=_("Adresse e-mail"), max_length=254)
    phone = forms.CharField(label=_("Numéro de téléphone"), max_length=30)
    street = forms.CharField(label=_("Rue"), max_length=120, required=False)
    house_number = forms.CharField(label=_("Numéro"), max_length=12, required=False)
    box = forms.CharField(label=_("Boîte"), max_length=12, required=False)
    postal_code = forms.CharField(label=_("Code postal"), max_length=4, min_length=4)
    locality = forms.CharField(label=_("Localité"), max_length=80)
    nature = forms.ChoiceField(label=_("Nature de la demande"), choices=Nature.choices)
    description = forms.CharField(
        label=_("Description de votre demande"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=4000,
    )
    lives_at_residence = forms.ChoiceField(
        label=_("Vit à son adresse de résidence"),
        choices=YesNo.choices,
        widget=forms.RadioSelect,
    )
    is_student = forms.ChoiceField(
        label=_("Est étudiant"),
        choices=[*YesNo.choices, NO_ANSWER],
        widget=forms.RadioSelect,
        required=False,
    )
    in_facility = forms.ChoiceField(
        label=_("Séjourne dans un lieu d'accueil, de placement ou de soins"),
        choices=[*YesNo.choices, NO_ANSWER],
        widget=forms.RadioSelect,
        required=False,
    )

    def clean_niss(self) -> str:
        value = self.cleaned_data["niss"].strip()
        return normalize_niss(value) if value else ""

    def clean_birth_date(self) -> date | None:
        # The field refused the years out of bounds already; a birth date is not in the future.
        value = self.cleaned_data["birth_date"]
        if value is not None and value > timezone.localdate():
            raise ValidationError(BIRTH_DATE_ERROR, code="birth_date_range")
        return value

    def clean_phone(self) -> str:
        value = re.sub(r"[\s./()-]", "", self.cleaned_data["phone"])
        if not PHONE_PATTERN.match(value):
            raise ValidationError(
                _("Numéro de téléphone invalide (par exemple 0484567862)."), code="phone"
            )
        return value

    def clean_postal_code(self) -> str:
        value = self.cleaned_data["postal_code"].strip()
        if not POSTAL_CODE_PATTERN.match(value):
            raise ValidationError(_("Code postal invalide : 4 chiffres."), code="postal_code")
        return value

    def clean(self):
        cleaned = super().clean()
        if "postal_code" in cleaned and "locality" in cleaned:
            try:
                route_to_cpas(postal_code=cleaned["postal_code"], locality=cleaned["locality"])
            except ValidationError as error:
                self.add_error("postal_code", error)
        return cleaned


class SearchMode:
    REQUESTS = "demandes"
    REFERENCE = "reference"


class ReadState:
    UNREAD = "non_lues"
    READ = "lues"


# The filter fields an agent types freely: a cache key per value typed would have no bound.
TYPED_FILTER_FIELDS = ("date_from", "date_to", "reference")


class RequestFilterForm(forms.Form):
    """The search form above the list (GET). Unbound input falls back to the defaults."""

    mode = forms.ChoiceField(
        label=_("Rechercher par"),
        choices=[(SearchMode.REQUESTS, _("Demandes")), (SearchMode.REFERENCE, _("Référence"))],
        widget=forms.RadioSelect,
        required=False,
    )
    state = forms.ChoiceField(
        label=_("Demandes"),
        choices=[(ReadState.UNREAD, _("non lues")), (ReadState.READ, _("lues"))],
        required=False,
    )
    date_from = BoundedDateField(
        label=_("soumises à partir du"),
        required=False,
        widget=date_input(),
        help_text=_("(JJ/MM/AAAA)"),
    )
    date_to = BoundedDateField(
        label=_("jusqu'au"), required=False, widget=date_input(), help_text=_("(JJ/MM/AAAA)")
    )
    reference = forms.CharField(label=_("Référence"), required=False, max_length=40)

    def __init__(self, data=None, **kwargs):
        # Without a search, the defaults of the manual: unread requests, any date.
        self.is_default = not data or not any(key in data for key in self.base_fields)
        if self.is_default:
            data = {"mode": SearchMode.REQUESTS, "state": ReadState.UNREAD}
        super().__init__(data, **kwargs)

    @property
    def values_key(self) -> str:
        """The values as typed, field by field: what the form's HTML depends on."""
        return "\x1f".join(str(self.data.get(name, "")) for name in self.fields)

    @property
    def html_cache_key(self) -> str | None:
        """The key of this form's HTML in the cache, for the few forms worth caching: valid,
        with nothing typed in the dates and the reference, so that it shows only the mode
        (empty or "Demandes": a search by reference needs one) and the read state (empty or
        one of its two choices): 6 keys at most. None otherwise: a key per typed date or
        reference would have no bound."""
        if not self.is_valid() or any(self.data.get(name) for name in TYPED_FILTER_FIELDS):
            return None
        return self.values_key

    @property
    def plain_list_query(self) -> str | None:
        """For the unread or the read list (a valid search by read state only: no date, no
        reference), the canonical query string of that list: the results cached for it are
        keyed, and their links built, with it. None for any other search."""
        if not self.is_valid():
            return None
        data = self.cleaned_data
        if data["mode"] != SearchMode.REQUESTS or any(
            data.get(name) for name in TYPED_FILTER_FIELDS
        ):
            return None
        return urlencode({"mode": SearchMode.REQUESTS, "state": data["state"]})

    def clean_reference(self) -> str:
        return normalize_reference(self.cleaned_data["reference"])

    def clean(self):
        cleaned = super().clean()
        mode = cleaned.get("mode") or SearchMode.REQUESTS
        cleaned["mode"] = mode
        cleaned["state"] = cleaned.get("state") or ReadState.UNREAD
        if mode == SearchMode.REFERENCE and "reference" in cleaned and not cleaned["reference"]:
            self.add_error("reference", _("Veuillez indiquer la référence de la demande."))
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if mode == SearchMode.REQUESTS and start and end and end < start:
            self.add_error(
                "date_to",
                _("La date de fin de la période doit suivre la date de début."),
            )
        return cleaned

    def filter_qs(self, qs: OnlineRequestQuerySet) -> OnlineRequestQuerySet:
        """The requests matching a valid search; nothing when the form has errors."""
        if not self.is_valid():
            return qs.none()
        data = self.cleaned_data
        if data["mode"] == SearchMode.REFERENCE:
            return qs.with_reference(data["reference"])
        qs = qs.read() if data["state"] == ReadState.READ else qs.unread()
        return qs.submitted_between(data.get("date_from"), data.get("date_to"))
