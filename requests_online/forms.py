from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from primaweb.dates import (
    MAX_YEAR,
    YEAR_RANGE_CODE,
    BoundedDateField,
    validate_year,
    year_range_message,
)
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
    # The situation questions address the citizen (« vous »), as the rest of the form; the
    # agent's details page keeps the manual's third-person labels (« Vit à son adresse de
    # résidence : »), which are other msgids (templates/requests_online/details.html).
    lives_at_residence = forms.ChoiceField(
        label=_("Vivez-vous à votre adresse de résidence ?"),
        choices=YesNo.choices,
        widget=forms.RadioSelect,
    )
    is_student = forms.ChoiceField(
        label=_("Êtes-vous étudiant(e) ?"),
        choices=[*YesNo.choices, NO_ANSWER],
        widget=forms.RadioSelect,
        required=False,
    )
    in_facility = forms.ChoiceField(
        label=_("Séjournez-vous dans un lieu d'accueil, de placement ou de soins ?"),
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
        """Routes the address once: `cleaned_data["cpas"]` is the competent CPAS, which the
        service stores as it is."""
        cleaned = super().clean()
        if "postal_code" in cleaned and "locality" in cleaned:
            try:
                cleaned["cpas"] = route_to_cpas(
                    postal_code=cleaned["postal_code"], locality=cleaned["locality"]
                )
            except ValidationError as error:
                self.add_error("postal_code", error)
        return cleaned


# The boxes of a date of the request list, after the manual's « / / (JJ/MM/AAAA) »: their
# name suffix (the day box is named as the field: a whole date typed in it, or the single box of
# older links `?date_from=24/07/2024`, is still read), their accessible label (visually hidden:
# the group's legend names the date), the placeholder and the length typed in it.
DATE_BOXES = (
    ("", _("Jour (JJ)"), _("JJ"), 10),
    ("month", _("Mois (MM)"), _("MM"), 2),
    ("year", _("Année (AAAA)"), _("AAAA"), 4),
)


class DateBoxesWidget(forms.MultiWidget):
    """Day, month and year: the inputs `<name>`, `<name>_month` and `<name>_year`. Its value
    is the list of the three texts as typed; the template draws the boxes (`DateGroup`)."""

    def __init__(self, attrs=None):
        super().__init__(
            {
                suffix: forms.TextInput(
                    attrs={
                        "inputmode": "numeric",
                        "size": 4 if suffix == "year" else 2,
                        "maxlength": length,
                        "placeholder": placeholder,
                        "autocomplete": "off",
                    }
                )
                for suffix, _label, placeholder, length in DATE_BOXES
            },
            attrs,
        )

    def decompress(self, value):
        if isinstance(value, date):
            return [f"{value.day:02d}", f"{value.month:02d}", f"{value.year:04d}"]
        return [None, None, None]


class DateBoxesField(BoundedDateField):
    """A date typed in three boxes (day, month, year), or whole in the first one.

    Only digits in the boxes; a year out of 1900–2100 gets the bounds' message, any other
    impossible date the field's « invalid » message; all on this field, whichever box is wrong.
    """

    widget = DateBoxesWidget

    def to_python(self, value):
        if not isinstance(value, (list, tuple)):
            return super().to_python(value)
        day, month, year = (str(part or "").strip() for part in [*value, None, None][:3])
        if not month and not year:
            # Nothing typed, or a whole date in the first box: read as a single date field.
            return super().to_python(day)
        invalid = ValidationError(self.error_messages["invalid"], code="invalid")
        if not all(part.isascii() and part.isdigit() for part in (day, month, year)):
            raise invalid
        # A year of more than four digits is out of the bounds too (and is never given to int).
        validate_year(int(year) if len(year) <= 4 else MAX_YEAR + 1)
        if len(day) > 2 or len(month) > 2:
            raise invalid
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            raise invalid from None


class DateBox:
    """One box of a date group, as the template draws it: its label and its input."""

    def __init__(self, *, id_for_label: str, label, tag: str):
        self.id_for_label = id_for_label
        self.label_id = f"{id_for_label}_label"
        self.label = label
        self.tag = tag


class DateGroup:
    """A date of the filter form drawn as the manual's boxes: a fieldset whose legend is the
    field's label, three labelled boxes, then « (JJ/MM/AAAA) »; the field's errors in it, and
    each box described by the format and the errors.

    The first box is the field itself (a whole date may be typed in it, as in the single box
    it replaces): its name is the legend and its own label (« soumises à partir du Jour (JJ) »),
    the others' their label (« Mois (MM) »), within the group the legend names."""

    def __init__(self, bound_field: forms.BoundField):
        self.field = bound_field
        self.legend_id = f"{bound_field.auto_id}_legend"
        self.format_id = f"{bound_field.auto_id}_format"

    @property
    def boxes(self) -> list[DateBox]:
        field = self.field
        widget = field.field.widget
        value = field.value()
        values = value if isinstance(value, (list, tuple)) else widget.decompress(value)
        described_by = self.format_id
        if field.errors:
            described_by += f" {field.auto_id}_error"
        attrs = field.build_widget_attrs({"aria-describedby": described_by})
        boxes = []
        for (suffix, label, _placeholder, _length), box, box_value in zip(
            DATE_BOXES, widget.widgets, values, strict=True
        ):
            name = f"{field.html_name}_{suffix}" if suffix else field.html_name
            box_id = f"{field.auto_id}_{suffix}" if suffix else field.auto_id
            box_attrs = {**attrs, "id": box_id}
            if not suffix:
                box_attrs["aria-labelledby"] = f"{self.legend_id} {box_id}_label"
            tag = box.render(name, box_value, box_attrs, renderer=field.form.renderer)
            boxes.append(DateBox(id_for_label=box_id, label=label, tag=tag))
        return boxes


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
    # Three boxes each (day, month, year), as in the manual; see DateBoxesField.
    date_from = DateBoxesField(label=_("soumises à partir du"), required=False)
    date_to = DateBoxesField(label=_("jusqu'au"), required=False)
    reference = forms.CharField(label=_("Référence"), required=False, max_length=40)

    def __init__(self, data=None, **kwargs):
        # Without a search, the defaults of the manual: unread requests, any date.
        self.is_default = not data or not any(key in data for key in self.base_fields)
        if self.is_default:
            data = {"mode": SearchMode.REQUESTS, "state": ReadState.UNREAD}
        super().__init__(data, **kwargs)

    @property
    def values_key(self) -> str:
        """The values as typed, field by field (the three boxes of a date): what the form's
        HTML depends on."""
        return "\x1f".join(str(self[name].data) for name in self.fields)

    def typed(self, name: str) -> bool:
        """Whether anything, even a space, was typed in the field (in any box of a date)."""
        value = self[name].data
        return any(value) if isinstance(value, (list, tuple)) else bool(value)

    @property
    def period(self) -> list[DateGroup]:
        """« soumises à partir du » and « jusqu'au », each drawn as its three boxes."""
        return [DateGroup(self["date_from"]), DateGroup(self["date_to"])]

    @property
    def opens_request(self) -> bool:
        """A valid search by reference: the search that opens the request it finds."""
        return self.is_valid() and self.cleaned_data["mode"] == SearchMode.REFERENCE

    @property
    def html_cache_key(self) -> str | None:
        """The key of this form's HTML in the cache, for the few forms worth caching: valid,
        with nothing typed in the dates and the reference, so that it shows only the mode
        (empty or "Demandes": a search by reference needs one) and the read state (empty or
        one of its two choices): 6 keys at most. None otherwise: a key per typed date or
        reference would have no bound."""
        if not self.is_valid() or any(self.typed(name) for name in TYPED_FILTER_FIELDS):
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
                _("La date de fin de la période ne peut pas précéder la date de début."),
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
