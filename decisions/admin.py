"""Administration pages of the decisions (superusers only, primaweb/admin_site.py).

Proposals, decisions and notifications are the record of what the Council was asked, decided
and notified: read-only. The labour tribunals and the one each CPAS names in its letters are
edited here. None of these pages shows a NISS (the dossier is named by its number and name).
"""

from __future__ import annotations

import json

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accesslog.admin import ReadOnlyAdmin
from decisions.models import CpasTribunal, Decision, LabourTribunal, Notification, Proposal
from primaweb.amounts import format_euros


def pretty(data) -> str:
    return format_html("<pre>{}</pre>", json.dumps(data, indent=2, ensure_ascii=False))


@admin.display(description=_("montant mensuel"), ordering="monthly_amount")
def monthly(obj):
    return format_euros(obj.monthly_amount)


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ["session_date", "organ", "request", "type", "category", monthly, "cpas"]
    list_filter = ["organ", "type", "cpas"]
    list_select_related = ["request", "cpas"]
    date_hierarchy = "session_date"
    exclude = ["facts", "calculation"]
    readonly_fields = ["facts_pretty", "calculation_pretty"]

    @admin.display(description=_("faits de l'enquête sociale"))
    def facts_pretty(self, obj):
        return pretty(obj.facts)

    @admin.display(description=_("calcul"))
    def calculation_pretty(self, obj):
        return pretty(obj.calculation)


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["session_date", "organ", "dossier", "type", "starts_on", "ends_on", monthly]
    list_filter = ["type", "organ", "cpas"]
    list_select_related = ["dossier"]
    date_hierarchy = "session_date"
    search_fields = ["=dossier__number"]
    exclude = ["calculation"]
    readonly_fields = ["calculation_pretty"]

    @admin.display(description=_("calcul"))
    def calculation_pretty(self, obj):
        return pretty(obj.calculation)


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["notified_on", "decision", "mode", "tribunal_name", "cpas"]
    list_filter = ["mode", "cpas"]
    list_select_related = ["decision__dossier", "cpas"]
    date_hierarchy = "notified_on"


class CpasTribunalInline(admin.TabularInline):
    model = CpasTribunal
    extra = 0
    autocomplete_fields = ["cpas"]


@admin.register(LabourTribunal)
class LabourTribunalAdmin(admin.ModelAdmin):
    list_display = ["name", "locality"]
    search_fields = ["name", "locality"]
    inlines = [CpasTribunalInline]

    def has_delete_permission(self, request, obj=None) -> bool:
        # Named in letters already sent; a tribunal that moves gets its address changed.
        return False


@admin.register(CpasTribunal)
class CpasTribunalAdmin(admin.ModelAdmin):
    list_display = ["cpas", "tribunal"]
    list_select_related = ["cpas", "tribunal"]
    autocomplete_fields = ["cpas", "tribunal"]
