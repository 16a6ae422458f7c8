"""The GET filter forms of the reimbursement's work lists (« Chercher les dossiers pour lesquels
il reste des formulaires à envoyer », « Lister les formulaires », « Blocages des formulaires »,
« Échéancier »).

Each form checks what was typed once, in `clean()`, and narrows a queryset the selector scoped
to the CPAS with `filter_qs(qs)`: the rows the valid filters select, none when a filter is not
valid (the errors are on the form), all when nothing is filled in.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from primaweb.dates import BoundedDateField
from reimbursement.deadlines import DeadlineKind, losing_before, overdue_before
from reimbursement.models import FormState, FormType

DATE_FORMATS = ["%d/%m/%Y"]
DATE_MESSAGES = {"invalid": _("Saisissez une date au format JJ/MM/AAAA.")}
ALL = ""
# How long the HTML of a form with nothing typed is reused (list_filter.html).
HTML_CACHE_SECONDS = 300

# Where the social worker of a form or a decision is found: the enquiry of its request.
FORM_SOCIAL_WORKER = "decision__request__enquiry__social_worker"
DECISION_SOCIAL_WORKER = "request__enquiry__social_worker"


def agents_of(cpas) -> QuerySet[User]:
    """The agents of the CPAS (those with a profile there), by name."""
    return (
        User.objects.filter(profiles__cpas=cpas)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def agent_name(user: User) -> str:
    return user.get_full_name() or user.username


def date_field(label) -> BoundedDateField:
    return BoundedDateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        error_messages=DATE_MESSAGES,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 10}),
    )


class ListFilterForm(forms.Form):
    """A GET filter: bound only when the query has a filter (`data` is None otherwise)."""

    html_cache_seconds = HTML_CACHE_SECONDS

    def __init__(self, *args, cpas=None, **kwargs):
        kwargs.setdefault("label_suffix", " :")
        super().__init__(*args, **kwargs)
        self.cpas_pk = cpas.pk if cpas is not None else 0

    @property
    def is_filtering(self) -> bool:
        """True when a valid filter narrows the list (then an empty list is « nothing
        matching », not « nothing at all »)."""
        return (
            self.is_bound
            and self.is_valid()
            and any(value not in (None, "", ALL) for value in self.cleaned_data.values())
        )

    @property
    def html_cache_key(self) -> str | None:
        """The key of the form's HTML when nothing is typed, or None (a typed filter is
        rendered each time: no cache key per typed value). Rendering the widgets costs more
        than the rest of the page; the unbound form is the same for every agent of a CPAS, so
        it is kept per CPAS (and language) for HTML_CACHE_SECONDS: an agent who joins the CPAS
        appears in « Travailleur social » within that time."""
        if self.is_bound:
            return None
        return f"{type(self).__name__}-{self.cpas_pk}"

    def filter_qs(self, qs: QuerySet) -> QuerySet:
        if not self.is_bound:
            return qs
        if not self.is_valid():
            return qs.none()
        return self.narrow(qs, self.cleaned_data)

    def narrow(self, qs: QuerySet, data: dict) -> QuerySet:  # pragma: no cover - abstract
        raise NotImplementedError


class SocialWorkerMixin:
    """« Travailleur social »: an agent of the CPAS, the social worker of the request's
    enquiry."""

    def add_social_worker(self, cpas) -> None:
        field = forms.ModelChoiceField(
            label=_("Travailleur social"),
            queryset=agents_of(cpas),
            required=False,
            empty_label=_("Tous"),
            error_messages={"invalid_choice": _("Cet agent ne fait pas partie de votre CPAS.")},
        )
        field.label_from_instance = agent_name
        self.fields["social_worker"] = field


class PeriodMixin:
    """Two dates, JJ/MM/AAAA; the end may not precede the start (its message is on the end)."""

    def check_period(self, data: dict) -> None:
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("La date de fin précède la date de début."))


def day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class ToSendFilterForm(SocialWorkerMixin, ListFilterForm):
    """The decisions still to report: all, those past the deadline, those losing days."""

    OVERDUE = "retard"
    LOSING = "perte"

    lateness = forms.ChoiceField(
        label=_("Délai"),
        required=False,
        choices=[
            (ALL, _("Toutes les décisions")),
            (OVERDUE, _("Délai d'envoi dépassé")),
            (LOSING, _("Jours déjà perdus")),
        ],
        error_messages={"invalid_choice": _("Choisissez un délai de la liste.")},
    )

    def __init__(self, *args, cpas, today: date, **kwargs):
        super().__init__(*args, cpas=cpas, **kwargs)
        self.today = today
        self.add_social_worker(cpas)

    def narrow(self, qs, data):
        if data["social_worker"] is not None:
            qs = qs.filter(**{DECISION_SOCIAL_WORKER: data["social_worker"]})
        if data["lateness"] == self.OVERDUE:
            qs = qs.filter(session_date__lt=overdue_before(self.today))
        elif data["lateness"] == self.LOSING:
            qs = qs.filter(session_date__lt=losing_before(self.today))
        return qs


class FormListFilterForm(SocialWorkerMixin, PeriodMixin, ListFilterForm):
    """« Lister les formulaires »: type, état, période d'envoi, travailleur social."""

    type = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[(ALL, _("Tous")), *FormType.choices],
        error_messages={"invalid_choice": _("Choisissez un type de la liste.")},
    )
    state = forms.ChoiceField(
        label=_("État"),
        required=False,
        choices=[(ALL, _("Tous")), *FormState.choices],
        error_messages={"invalid_choice": _("Choisissez un état de la liste.")},
    )
    date_from = date_field(_("Envoyé du (JJ/MM/AAAA)"))
    date_to = date_field(_("au (JJ/MM/AAAA)"))

    def __init__(self, *args, cpas, **kwargs):
        super().__init__(*args, cpas=cpas, **kwargs)
        self.add_social_worker(cpas)

    def clean(self):
        data = super().clean()
        self.check_period(data)
        return data

    @cached_property
    def list_query(self) -> str | None:
        """The canonical query of the list these filters select when its pages are cached
        (`selectors.forms_results`): "" with nothing chosen, else the chosen type, état and
        social worker (`type=B&state=accepte&social_worker=7`), values the form checked
        against its choices and the CPAS's agents, never as typed. None when a filter is not
        valid or a period is typed: a key per typed date would have no bound."""
        if not self.is_bound:
            return ""
        if not self.is_valid():
            return None
        data = self.cleaned_data
        if data["date_from"] or data["date_to"]:
            return None
        chosen = {
            "type": data["type"],
            "state": data["state"],
            "social_worker": data["social_worker"].pk if data["social_worker"] else "",
        }
        return urlencode({name: value for name, value in chosen.items() if value})

    @property
    def html_cache_key(self) -> str | None:
        """As `ListFilterForm.html_cache_key`, and also for the lists whose pages are cached
        when what was typed in each field is its checked value (a bound field renders what
        was typed: « 7 » and « 07 » select the same agent but show differently)."""
        if not self.is_bound:
            return super().html_cache_key
        query = self.list_query
        if query is None:
            return None
        chosen = QueryDict(query)
        for name in self.fields:
            if self.data.get(name, "") != chosen.get(name, ""):
                return None
        return f"{type(self).__name__}-{self.cpas_pk}-{query}"

    def narrow(self, qs, data):
        if data["type"]:
            qs = qs.filter(type=data["type"])
        if data["state"]:
            qs = qs.filter(state=data["state"])
        if data["date_from"]:
            qs = qs.filter(sent_at__gte=day_start(data["date_from"]))
        if data["date_to"]:
            qs = qs.filter(sent_at__lt=day_start(data["date_to"] + timedelta(days=1)))
        if data["social_worker"] is not None:
            qs = qs.filter(**{FORM_SOCIAL_WORKER: data["social_worker"]})
        return qs


BLOCKING_STATES = (FormState.BLOCKED, FormState.REFUSED)


class BlockedFilterForm(ListFilterForm):
    """« Blocages des formulaires »: bloqués, refusés, or both; B or C."""

    state = forms.ChoiceField(
        label=_("État"),
        required=False,
        choices=[
            (ALL, _("Bloqués et refusés")),
            (FormState.BLOCKED.value, _("Bloqués")),
            (FormState.REFUSED.value, _("Refusés")),
        ],
        error_messages={"invalid_choice": _("Choisissez un état de la liste.")},
    )
    type = FormListFilterForm.base_fields["type"]

    def narrow(self, qs, data):
        if data["state"]:
            qs = qs.filter(state=data["state"])
        if data["type"]:
            qs = qs.filter(type=data["type"])
        return qs


class ScheduleFilterForm(SocialWorkerMixin, PeriodMixin, ListFilterForm):
    """« Échéancier »: the agent, the kind of deadline and the period of the due dates. The
    deadlines are computed (reimbursement.deadlines), so the form gives typed values to the
    selector rather than narrowing one queryset."""

    kind = forms.ChoiceField(
        label=_("Échéance"),
        required=False,
        choices=[],
        error_messages={"invalid_choice": _("Choisissez une échéance de la liste.")},
    )
    date_from = date_field(_("Échéance du (JJ/MM/AAAA)"))
    date_to = date_field(_("au (JJ/MM/AAAA)"))

    def __init__(self, *args, cpas, **kwargs):
        super().__init__(*args, cpas=cpas, **kwargs)
        self.fields["kind"].choices = [(ALL, _("Toutes")), *DeadlineKind.choices]
        self.add_social_worker(cpas)

    def clean(self):
        data = super().clean()
        self.check_period(data)
        return data

    def criteria(self) -> dict | None:
        """The selector's keyword arguments; None when a filter is not valid."""
        if not self.is_bound:
            return {"social_worker": None, "kind": ALL, "date_from": None, "date_to": None}
        if not self.is_valid():
            return None
        return {
            key: self.cleaned_data[key] for key in ("social_worker", "kind", "date_from", "date_to")
        }
