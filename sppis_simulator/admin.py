"""The simulated SPP IS's administration pages (superusers only, primaweb/admin_site.py).

The reference tables are edited here: error codes (title, explanation, blocking; a code is
never deleted, the rules name it), PIIS codes by date, the CPAS's subsidy rates, and the
« SPP IS admin »'s manual blocks. Received messages, answers and accepted forms are read-only:
they are the record of the exchange. Pages that show a beneficiary's NISS log it, as every
page that shows one does (accesslog).
"""

from __future__ import annotations

import json

from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accesslog.admin import LoggedRegistryDataAdmin, ReadOnlyAdmin
from primaweb.admin_site import BoundedDatesAdmin
from sppis_simulator.models import (
    Answer,
    CpasSubsidyRate,
    ErrorCode,
    ManualBlock,
    PiisCode,
    ReceivedMessage,
    RecordedForm,
)


def pretty_json(text_or_data) -> str:
    """Indented JSON for a <pre>; a body that is not JSON as it is."""
    try:
        data = json.loads(text_or_data) if isinstance(text_or_data, str) else text_or_data
    except ValueError:
        return text_or_data
    return json.dumps(data, indent=2, ensure_ascii=False)


@admin.register(ErrorCode)
class ErrorCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "blocking"]
    list_editable = ["blocking"]
    list_filter = ["blocking"]
    search_fields = ["code", "title", "explanation"]

    def get_readonly_fields(self, request, obj=None):
        # The rules refer to codes by name: a renamed code would never be found again.
        return ["code"] if obj is not None else []

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PiisCode)
class PiisCodeAdmin(BoundedDatesAdmin, admin.ModelAdmin):
    list_display = ["code", "label", "valid_from", "valid_to"]
    search_fields = ["label"]


@admin.register(CpasSubsidyRate)
class CpasSubsidyRateAdmin(admin.ModelAdmin):
    list_display = ["ins_code", "year", "rate", "beneficiaries_average", "change_percent"]
    list_filter = ["year"]
    search_fields = ["=ins_code"]


@admin.register(ManualBlock)
class ManualBlockAdmin(LoggedRegistryDataAdmin, admin.ModelAdmin):
    list_display = ["niss", "cpas_ins_code", "created_at", "lifted_at", "reason"]
    list_filter = [("lifted_at", admin.EmptyFieldListFilter)]
    search_fields = ["=niss", "=cpas_ins_code"]
    readonly_fields = ["created_at"]
    actions = ["lift"]

    @admin.action(description=_("Lever les blocages sélectionnés"))
    def lift(self, request, queryset):
        lifted = queryset.filter(lifted_at__isnull=True).update(lifted_at=timezone.now())
        self.message_user(
            request,
            ngettext("%(count)s blocage levé.", "%(count)s blocages levés.", lifted)
            % {"count": lifted},
        )


class AnswerInline(admin.StackedInline):
    model = Answer
    fields = ["answer_id", "sequence", "result", "answered_at", "payload_pretty"]
    readonly_fields = fields
    can_delete = False
    extra = 0

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("contenu"))
    def payload_pretty(self, obj):
        return format_html("<pre>{}</pre>", pretty_json(obj.payload))


@admin.register(ReceivedMessage)
class ReceivedMessageAdmin(LoggedRegistryDataAdmin, ReadOnlyAdmin):
    list_display = [
        "received_at",
        "message_id",
        "form_type",
        "niss",
        "cpas_ins_code",
        "state",
        "answer_result",
    ]
    list_filter = ["state", "form_type", "answer__result"]
    search_fields = ["=message_id", "=niss", "=cpas_ins_code"]
    list_select_related = ["answer"]
    date_hierarchy = "received_at"
    fields = [
        "message_id",
        "received_at",
        "processed_at",
        "state",
        "form_type",
        "niss",
        "cpas_ins_code",
        "size",
        "body_pretty",
    ]
    readonly_fields = fields
    inlines = [AnswerInline]

    @admin.display(description=_("résultat"), ordering="answer__result")
    def answer_result(self, obj):
        answer = getattr(obj, "answer", None)
        return answer.get_result_display() if answer else "—"

    @admin.display(description=_("contenu"))
    def body_pretty(self, obj):
        return format_html("<pre>{}</pre>", pretty_json(obj.body))


@admin.register(Answer)
class AnswerAdmin(ReadOnlyAdmin):
    list_display = ["sequence", "answer_id", "message", "result", "answered_at"]
    list_filter = ["result"]
    search_fields = ["=answer_id", "=message__message_id"]
    list_select_related = ["message"]
    fields = ["answer_id", "sequence", "message", "result", "answered_at", "payload_pretty"]
    readonly_fields = fields

    @admin.display(description=_("contenu"))
    def payload_pretty(self, obj):
        return format_html("<pre>{}</pre>", pretty_json(obj.payload))


@admin.register(RecordedForm)
class RecordedFormAdmin(LoggedRegistryDataAdmin, ReadOnlyAdmin):
    list_display = [
        "niss",
        "kind",
        "effective_date",
        "decision_date",
        "category",
        "annual_amount",
        "piis_code",
        "cpas_ins_code",
        "current",
    ]
    list_filter = ["kind", "current", "category"]
    search_fields = ["=niss", "=cpas_ins_code"]
    date_hierarchy = "effective_date"
