from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accesslog.admin import LoggedRegistryDataAdmin
from accesslog.models import AccessAction
from primaweb.admin_site import BoundedDatesAdmin
from requests_online.models import OnlineRequest


class ReadStateFilter(admin.SimpleListFilter):
    title = _("état de lecture")
    parameter_name = "lecture"

    def lookups(self, request, model_admin):
        return [("non_lues", _("non lues")), ("lues", _("lues"))]

    def queryset(self, request, queryset):
        if self.value() == "non_lues":
            return queryset.unread()
        if self.value() == "lues":
            return queryset.read()
        return queryset


@admin.register(OnlineRequest)
class OnlineRequestAdmin(LoggedRegistryDataAdmin, BoundedDatesAdmin, admin.ModelAdmin):
    # The change page shows the registry snapshot (`registry_*`): a consultation, logged.
    log_action = AccessAction.ADMIN_PERSON
    niss_field = "registry_niss"

    list_display = [
        "reference",
        "submitted_on",
        "first_name",
        "last_name",
        "cpas",
        "nature",
        "read_at",
    ]
    list_filter = ["cpas", "nature", ReadStateFilter, "submitted_on"]
    search_fields = ["=reference", "first_name", "last_name", "registry_last_name"]
    date_hierarchy = "submitted_on"
    list_select_related = ["cpas"]
    raw_id_fields = ["person", "read_by"]
    readonly_fields = ["reference", "submitted_on", "submitted_at", "client_ip"]
    ordering = ["-submitted_on", "-submitted_at"]
    fieldsets = [
        (None, {"fields": ["reference", "cpas", "submitted_on", "submitted_at", "client_ip"]}),
        (
            _("Identification (données fournies par le demandeur)"),
            {
                "fields": [
                    "first_name",
                    "last_name",
                    "birth_date",
                    "niss",
                    "email",
                    "phone",
                    ("street", "house_number", "box"),
                    ("postal_code", "locality", "country"),
                ]
            },
        ),
        (
            _("Données obtenues des registres au moment de la demande"),
            {
                "fields": [
                    "person",
                    "registry_niss",
                    "registry_first_names",
                    "registry_last_name",
                    "registry_birth_date",
                    "registry_register",
                    "registry_reference_address",
                ]
            },
        ),
        (_("Demande"), {"fields": ["nature", "description"]}),
        (_("Situation"), {"fields": ["lives_at_residence", "is_student", "in_facility"]}),
        (_("Lecture"), {"fields": ["read_at", "read_by"]}),
    ]
