"""The « Admin-Logs » filter: a GET form whose `filter_qs(qs)` narrows the log."""

from __future__ import annotations

from django import forms
from django.contrib.auth.models import User
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accesslog.models import AccessLogEntry, AccessLogQuerySet
from primaweb.dates import BoundedDateField
from registry.niss import normalize_niss

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class AccessLogFilterForm(forms.Form):
    agent = forms.ModelChoiceField(
        label=_("Agent"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Tous"),
        error_messages={"invalid_choice": _("Agent inconnu dans ce CPAS.")},
    )
    niss = forms.CharField(label=_("NISS"), max_length=20, required=False)
    date_from = BoundedDateField(
        label=_("Du (JJ/MM/AAAA)"), required=False, input_formats=DATE_FORMATS
    )
    date_to = BoundedDateField(
        label=_("Au (JJ/MM/AAAA)"), required=False, input_formats=DATE_FORMATS
    )

    def __init__(self, *args, cpas, agent=None, **kwargs):
        """`agent`: an agent who reads only their own consultations (no agent filter)."""
        kwargs.setdefault("label_suffix", " :")
        super().__init__(*args, **kwargs)
        if agent is not None:
            del self.fields["agent"]
            return
        # The CPAS's agents, and anybody who left but still appears in its log.
        logged = AccessLogEntry.objects.for_cpas(cpas).values("user")
        self.fields["agent"].queryset = (
            User.objects.filter(Q(profiles__cpas=cpas) | Q(pk__in=logged))
            .distinct()
            .order_by("last_name", "first_name", "username")
        )
        self.fields["agent"].label_from_instance = lambda user: (
            user.get_full_name() or user.username
        )

    def clean_niss(self) -> str:
        text = self.cleaned_data["niss"].strip()
        return normalize_niss(text) if text else ""

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("La date de fin précède la date de début."))
        return data

    def filter_qs(self, entries: AccessLogQuerySet) -> AccessLogQuerySet:
        """The entries the valid filters select; none when the filters are not valid (the
        errors are on the form), all when nothing is filled in."""
        if not self.is_bound:
            return entries
        if not self.is_valid():
            return entries.none()
        data = self.cleaned_data
        if data.get("agent") is not None:
            entries = entries.by_agent(data["agent"])
        if data["niss"]:
            entries = entries.for_niss(data["niss"])
        return entries.between(data["date_from"], data["date_to"])
