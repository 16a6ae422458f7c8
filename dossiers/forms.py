"""Forms of the dossier creation flow, the dossier search and the access-log filter.

Every check reuses the registry's own validators (NISS checksum, birth date with 00, tolerance)
so that the agent reads the same messages everywhere, attached to the field concerned.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from primaweb.addresses import DEFAULT_COUNTRY, PostalAddress
from primaweb.dates import validate_year, year_range_message
from registry.models import Sex
from registry.niss import normalize_niss
from registry.partial_date import IMPOSSIBLE, MONTH, PartialDate
from registry.search import MAX_TOLERANCE, is_searchable_surname

BY_NISS = "niss"
BY_PHONETICS = "phonetique"
TOLERANCE_ERROR = _("La tolérance doit être un nombre de 00 à 10.")
BIRTH_YEAR_RANGE_ERROR = year_range_message(_("Année de naissance invalide."))
# Which box of the birth date a registry error is about.
BIRTH_DATE_ERROR_FIELD = {
    "birth_year": "birth_year",
    "month": "birth_month",
    "day_without_month": "birth_day",
    "impossible_date": "birth_day",
}


class IdentificationForm(forms.Form):
    """ "Identification de la personne": by NISS or by phonetic search (a GET form)."""

    mode = forms.ChoiceField(
        label=_("Mode de recherche"),
        choices=[(BY_NISS, _("Par un NISS")), (BY_PHONETICS, _("Par une recherche phonétique"))],
        widget=forms.RadioSelect,
        required=False,
    )
    niss = forms.CharField(
        label=_("Numéro *"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "size": 15}),
    )
    last_name = forms.CharField(label=_("Nom *"), max_length=100, required=False)
    first_names = forms.CharField(label=_("Prénom(s)"), max_length=150, required=False)
    birth_day = forms.CharField(
        label=_("Jour (JJ)"),
        max_length=2,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 2, "placeholder": _("JJ")}),
    )
    birth_month = forms.CharField(
        label=_("Mois (MM)"),
        max_length=2,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 2, "placeholder": _("MM")}),
    )
    birth_year = forms.CharField(
        label=_("Année (AAAA)"),
        max_length=4,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4, "placeholder": _("AAAA")}),
    )
    tolerance = forms.ChoiceField(
        label=_("Tolérance"),
        choices=[(str(n), f"{n:02d}") for n in range(MAX_TOLERANCE + 1)],
        required=False,
        error_messages={"invalid_choice": TOLERANCE_ERROR},
    )
    sex = forms.ChoiceField(
        label=_("Sexe"),
        choices=[("", "—"), *Sex.choices],
        required=False,
        error_messages={"invalid_choice": _("Sexe invalide.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", " :")
        super().__init__(*args, **kwargs)
        # The parts of a birth date typed that does not exist (31/02, month 13): refused, yet
        # one slip corrected may give a date that does (« Vouliez-vous dire ? »).
        self.impossible_birth_date: PartialDate | None = None

    def clean_niss(self) -> str:
        return self.cleaned_data["niss"].strip()

    def clean_tolerance(self) -> int:
        return int(self.cleaned_data["tolerance"] or 0)

    def clean(self):
        data = super().clean()
        if "mode" in self.errors:
            # The two choices are drawn one by one, without an error slot: say it above them too.
            self.add_error(None, list(self.errors["mode"]))
        mode = data.get("mode") or (BY_NISS if data.get("niss") else BY_PHONETICS)
        data["mode"] = mode
        if mode == BY_NISS:
            self._clean_niss_mode(data)
        else:
            self._clean_phonetic_mode(data)
        return data

    def search_criteria(self) -> dict:
        """The valid criteria as the person search takes them (keyword arguments): the 11
        digits of a NISS, or a surname, a PartialDate, the first names, a tolerance, a sex."""
        data = self.cleaned_data
        if data["mode"] == BY_NISS:
            return {"niss": data["niss"]}
        return {
            "last_name": data["last_name"].strip(),
            "birth_date": data["birth_date"],
            "first_names": data.get("first_names", "").strip(),
            "tolerance": data.get("tolerance", 0),
            "sex": data.get("sex") or None,
        }

    def suggestion_criteria(self) -> dict | None:
        """The criteria of « Vouliez-vous dire ? » when the birth date typed does not exist
        and nothing else is wrong (the search cannot run; a corrected date may exist)."""
        if self.impossible_birth_date is None or set(self.errors) - set(self.date_fields):
            return None
        data = self.cleaned_data
        return {
            "last_name": data["last_name"].strip(),
            "birth_date": self.impossible_birth_date,
            "first_names": data.get("first_names", "").strip(),
            "tolerance": data.get("tolerance", 0),
            "sex": data.get("sex") or None,
        }

    def _clean_niss_mode(self, data) -> None:
        if "niss" not in data:
            return
        try:
            data["niss"] = normalize_niss(data["niss"])
        except ValidationError as error:
            self.add_error("niss", error)

    def _clean_phonetic_mode(self, data) -> None:
        if "last_name" in data and not is_searchable_surname(data["last_name"]):
            self.add_error("last_name", _("Veuillez indiquer le nom."))
        boxes = {name: (data.get(name) or "").strip() for name in self.date_fields}
        missing = [name for name, value in boxes.items() if not value]
        for name in missing:
            self.add_error(name, _("Ce champ est obligatoire (00 si inconnu)."))
        if missing or any(name in self.errors for name in self.date_fields):
            return
        for name, value in boxes.items():
            if not (value.isascii() and value.isdigit()):
                self.add_error(name, _("Uniquement des chiffres."))
        if any(name in self.errors for name in self.date_fields):
            return
        try:
            validate_year(int(boxes["birth_year"]), BIRTH_YEAR_RANGE_ERROR)
        except ValidationError as error:
            self.add_error("birth_year", error)
            return
        try:
            data["birth_date"] = PartialDate.parse(self.birth_date_text(data))
        except ValidationError as error:
            if error.code in (IMPOSSIBLE, MONTH):
                day, month, year = (int(boxes[name]) for name in self.date_fields)
                self.impossible_birth_date = PartialDate(year, month, day)
            self.add_error(BIRTH_DATE_ERROR_FIELD.get(error.code, "birth_day"), error)

    date_fields = ("birth_day", "birth_month", "birth_year")

    @staticmethod
    def birth_date_text(data) -> str:
        """The three boxes as the registry reads them: `JJ/MM/AAAA`."""
        day, month, year = (
            (data.get(name) or "").strip() for name in ("birth_day", "birth_month", "birth_year")
        )
        return f"{day.zfill(2)}/{month.zfill(2)}/{year}"

    def date_boxes(self):
        return [self[name] for name in self.date_fields]


class EffectiveAddressForm(forms.Form):
    """ "Adresse de résidence effective", typed or copied from the legal address."""

    street = forms.CharField(label=_("Rue *"), max_length=120)
    house_number = forms.CharField(label=_("Numéro *"), max_length=12)
    box = forms.CharField(label=_("Boîte"), max_length=12, required=False)
    postal_code = forms.CharField(label=_("Code postal *"), max_length=8)
    locality = forms.CharField(label=_("Localité *"), max_length=80)
    country = forms.CharField(
        label=_("Pays"), max_length=60, required=False, initial=DEFAULT_COUNTRY
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", " :")
        # The legal address shown above has the same labels: keep the ids apart.
        kwargs.setdefault("auto_id", "effective_%s")
        super().__init__(*args, **kwargs)

    def clean_postal_code(self) -> str:
        code = self.cleaned_data["postal_code"].strip()
        if not code.isalnum():
            raise ValidationError(_("Code postal invalide."), code="postal_code")
        return code

    def address(self) -> PostalAddress:
        """The "Adresse de résidence effective" typed (or copied) by the agent."""
        data = self.cleaned_data
        return PostalAddress(
            street=data["street"].strip(),
            house_number=data["house_number"].strip(),
            box=data["box"].strip(),
            postal_code=data["postal_code"],
            locality=data["locality"].strip(),
            country=data["country"].strip() or DEFAULT_COUNTRY,
        )

    @staticmethod
    def initial_from(address) -> dict:
        """The legal address, as the "Copier ces informations…" button fills it in."""
        if address is None:
            return {"country": DEFAULT_COUNTRY}
        return {
            "street": address.street,
            "house_number": address.house_number,
            "box": address.box,
            "postal_code": address.postal_code,
            "locality": address.locality,
            "country": address.country or DEFAULT_COUNTRY,
        }


class DossierSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Numéro de dossier, NISS ou nom"),
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", " :")
        super().__init__(*args, **kwargs)
